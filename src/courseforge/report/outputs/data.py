"""The report as plain JSON-ready data (the JSON output, and what the HTML template reads)."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict
from typing import Any

from courseforge.report.model import Report

FORMAT = 1
CSV_COLUMNS = (
    "quiz",
    "question",
    "where",
    "version",
    "type",
    "points",
    "learners",
    "answers",
    "facility",
    "best_facility",
    "discrimination",
    "median_latency_s",
    "least_chosen_distractor",
    "least_chosen_share",
    "flags",
)


def report_data(report: Report) -> dict[str, Any]:
    quizzes = []
    for quiz in report.quizzes:
        data = asdict(quiz)
        data["pass_rate"] = quiz.pass_rate
        data["distribution"] = [{"score": s, "learners": n} for s, n in quiz.distribution]
        for item in data["questions"]:
            item["flags"] = [f["rule"] for f in item["flags"]]
        quizzes.append(data)
    out: dict[str, Any] = {
        "format": FORMAT,
        "course": {
            "id": report.course_id,
            "title": report.course_title,
            "version": report.course_version,
        },
        "source": report.source,
        "engine": report.engine,
        "statements": report.statements,
        "course_statements": report.course_statements,
        "ignored_statements": report.ignored_statements,
        "unknown_question_answers": report.unknown_questions,
        "learners": report.learners,
        "quizzes": quizzes,
        "pages": [asdict(p) for p in report.pages] if report.has_page_data else [],
        "flags": [asdict(f) for f in report.flags],
    }
    if report.learner_scores is not None:
        out["learner_scores"] = report.learner_scores
    return out


def questions_csv(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for item in report.items():
        distractors = [c for c in item.choices if not c.correct and c.share is not None]
        least = min(distractors, key=lambda c: c.share) if distractors else None
        writer.writerow(
            [
                item.quiz_id,
                item.question_id,
                item.where,
                item.version,
                item.type,
                item.points,
                item.learners,
                item.answers,
                _fmt(item.facility),
                _fmt(item.best_facility),
                _fmt(item.discrimination),
                _fmt(item.latency_median_s),
                least.id if least else "",
                _fmt(least.share) if least else "",
                " ".join(f.rule for f in item.flags),
            ]
        )
    return buffer.getvalue()


def _fmt(value: float | None) -> str:
    return "" if value is None else repr(round(value, 12))
