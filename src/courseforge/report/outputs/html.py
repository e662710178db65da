"""The self-contained HTML report (inline CSS and SVG; readable printed)."""

from __future__ import annotations

from courseforge.report.model import Report
from courseforge.report.outputs.charts import bar_chart
from courseforge.templating import get_template


def _charts(report: Report) -> dict[str, object]:
    charts: dict[str, object] = {}
    for n, quiz in enumerate(report.quizzes):
        if quiz.distribution:
            charts[f"dist-{quiz.id}"] = bar_chart(
                f"c-dist-{n}",
                f"{quiz.title}: first-attempt scores",
                "Learners per score; the table below gives the same figures.",
                [f"{s:g}" for s, _ in quiz.distribution],
                [float(c) for _, c in quiz.distribution],
            )
        current = [q for q in quiz.questions if q.facility is not None]
        if current:
            charts[f"fac-{quiz.id}"] = bar_chart(
                f"c-fac-{n}",
                f"{quiz.title}: facility per question",
                "Share of learners right on their first attempt, with the 0.3 and 0.9 "
                "flag lines; the table below gives the same figures.",
                [q.question_id for q in current],
                [q.facility or 0.0 for q in current],
                top=1.0,
                refs=(0.3, 0.9),
            )
    if report.has_page_data and report.pages:
        charts["reach"] = bar_chart(
            "c-reach",
            "Learners reaching each page",
            "Learners who reached each page in reading order; the table gives the same figures.",
            [str(p.index + 1) for p in report.pages],
            [float(p.reached) for p in report.pages],
        )
    return charts


def render_html(report: Report) -> str:
    return get_template("report/report.html.j2").render(
        report=report, charts=_charts(report), fmt=_fmt, pct=_pct
    )


def _fmt(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"
