"""The short summary printed on the terminal."""

from __future__ import annotations

from courseforge.report.model import Report


def _f(value: float | None, spec: str = ".2f") -> str:
    return "–" if value is None else format(value, spec)


def summary_lines(report: Report, max_flags: int = 20) -> list[str]:
    lines = [
        f"{report.course_title} ({report.course_id} {report.course_version}): "
        f"{report.learners} learners, {report.course_statements} records from {report.source}"
        + (
            f"; {report.ignored_statements} about other courses ignored"
            if report.ignored_statements
            else ""
        )
    ]
    if report.unknown_questions:
        lines.append(
            f"  {report.unknown_questions} answers to questions no longer in the course were left out"
        )
    for quiz in report.quizzes:
        rate = "–" if quiz.pass_rate is None else f"{quiz.pass_rate:.0%}"
        lines.append(
            f"  {quiz.id}: {quiz.learners} complete first attempts, mean {_f(quiz.mean)}"
            f"/{quiz.total_points}, SD {_f(quiz.sd)}, alpha {_f(quiz.alpha)}, "
            f"SEM {_f(quiz.sem)}, pass rate {rate} of {quiz.judged}"
        )
    if not report.flags:
        lines.append("No flags.")
        return lines
    errors = sum(1 for f in report.flags if f.severity == "error")
    lines.append(f"{len(report.flags)} flags ({errors} likely wrong keys):")
    ordered = sorted(report.flags, key=lambda f: (f.severity != "error", f.where))
    for flag in ordered[:max_flags]:
        lines.append(
            f"{flag.where}: {flag.severity}: {flag.question_id}: {flag.message} [{flag.rule}]"
        )
    if len(ordered) > max_flags:
        lines.append(f"… and {len(ordered) - max_flags} more in the report")
    return lines
