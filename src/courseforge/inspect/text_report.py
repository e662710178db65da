"""Plain-text forms of a Report: the full one for `inspect`, the verdict for `validate`."""

from __future__ import annotations

from courseforge.inspect.printable import printable
from courseforge.inspect.report import Problem, Report

# Beyond this many problems of one rule, the text form summarises (JSON keeps them all).
SHOWN_PER_RULE = 10

# What a launchable unit is called in each format: (one, many).
_UNIT_NAMES = {
    "scorm12": ("SCO", "SCOs"),
    "scorm2004": ("SCO", "SCOs"),
    "cmi5": ("AU", "AUs"),
    "tincan": ("activity", "activities"),
    "qti21": ("test", "tests"),
}


def _units(report: Report) -> str:
    one, many = _UNIT_NAMES.get(report.kind, ("unit", "units"))
    return f"{len(report.units)} {one if len(report.units) == 1 else many}"


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size:,} B"
    value = size / 1024
    for unit in ("KB", "MB"):
        # Judged on the shown figure, so 1,048,575 B reads "1.0 MB", never "1,024.0 KB".
        if round(value, 1) < 1024:
            return f"{value:,.1f} {unit}"
        value /= 1024
    return f"{value:,.1f} GB"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def problem_lines(report: Report) -> list[str]:
    """Return one line per problem, collapsing long runs of the same rule."""
    lines: list[str] = []
    per_rule: dict[str, int] = {}
    for problem in report.problems:
        per_rule[problem.rule] = per_rule.get(problem.rule, 0) + 1
        if per_rule[problem.rule] <= SHOWN_PER_RULE:
            lines.append(_problem_line(problem))
    for rule, count in per_rule.items():
        if count > SHOWN_PER_RULE:
            lines.append(f"... and {count - SHOWN_PER_RULE} more [{rule}] (see --json)")
    return lines


def _problem_line(problem: Problem) -> str:
    """Return str(problem) with the package's text made printable, field by field."""
    where = f"{printable(problem.where)}: " if problem.where else ""
    return f"{where}{problem.severity.value}: {printable(problem.message)} [{problem.rule}]"


def verdict(report: Report) -> str:
    """Return the one-line summary: what the package is, and how many problems it has."""
    what = report.kind_name
    if report.version:
        what += f" ({printable(report.version)})"
    if report.units:
        what += f", {_units(report)}"
    if report.launch:
        what += f", launch {printable(report.launch)}"
    package = printable(report.package)
    if report.ok:
        return f"{package}: OK — {what}"
    errors, warnings = len(report.errors()), len(report.warnings())
    counts = ", ".join(
        part
        for part in (
            _plural(errors, "error") if errors else "",
            _plural(warnings, "warning") if warnings else "",
        )
        if part
    )
    return f"{package}: {counts} — {what}"


def full_report(report: Report) -> str:
    """Return the whole report as aligned text; every value from the package made printable."""
    rows: list[tuple[str, str]] = [("kind", report.kind_name)]
    if report.version:
        rows.append(("version", report.version))
    if report.title:
        rows.append(("title", report.title))
    if report.identifier:
        rows.append(("id", report.identifier))
    rows.append(("launch", report.launch or "-"))
    if report.units:
        rows.append(("units", _units(report)))
    lines = [printable(report.package)] + [f"  {key:<9} {printable(value)}" for key, value in rows]
    for unit in report.units:
        mastery = " ".join(f"{k}={v}" for k, v in unit.mastery.items())
        kind = f" [{unit.kind}]" if unit.kind else ""
        line = f"    {unit.identifier}: {unit.title} -> {unit.launch}{kind} {mastery}".rstrip()
        lines.append(printable(line))
    lines.append(
        f"  {'files':<9} {report.files}, {human_size(report.size)} "
        f"({human_size(report.compressed)} zipped)"
    )
    for row in report.sizes:
        lines.append(
            f"    {printable(row.extension):<8} {row.files:>5} {human_size(row.size):>10} "
            f"{human_size(row.compressed):>10} zipped"
        )
    lines.append(f"  {'rules':<9} {len(report.rules_checked)} checked")
    if report.ok:
        lines.append(f"  {'problems':<9} none")
    else:
        lines.append(f"  {'problems':<9} {len(report.problems)}")
        lines += [f"    {line}" for line in problem_lines(report)]
    return "\n".join(lines)
