"""The item analysis, as SQL over the flat `events` table, on DuckDB or ClickHouse alike.

Definitions (docs/report.md): a learner is an actor; a learner's n-th answer to a question is
attempt n of that question (an attempt checks each question once). Facility and discrimination
use first answers; discrimination and reliability use learners who answered every question of
the quiz in their first attempt. Responses are grouped by question *and wording*: a statement
whose interaction definition differs from another is another version of the question.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from courseforge.report.course_index import (
    CourseIndex,
    QuestionInfo,
    definition_key,
    statement_definition,
)
from courseforge.report.engine_sql import create_table, figure, previous_value
from courseforge.report.model import ChoiceShare, ItemStats, QuizStats, Report
from courseforge.report.page_analysis import page_stats


@dataclass
class Versions:
    """Every (question, wording) seen, and how answers are matched to them."""

    rows: list[tuple]  # qversions: (object_iri, def_raw as stored, def_h, vkey, quiz_id, …)
    meta: dict[str, dict]  # vkey → question, content key, answers, wording texts
    unknown: int  # answers to questions the course does not have
    chosen: set[str]  # the vkey each question's quiz score uses
    short: dict[str, str]  # vkey → the short id the SQL groups by
    # True when no two wordings of a question share a hash: answers can then be matched by the
    # hash (exactly), and the texts can go (those stored in full on each answer can be a third
    # of the events table).
    by_hash: bool


def _versions(engine, index: CourseIndex) -> Versions:
    """Name every (question, wording) seen; choose the version each quiz's score uses."""
    seen = engine.rows(
        "SELECT object_iri, def_raw, def_h, count(*) FROM events "
        "WHERE ours = 1 AND verb = 'answered' GROUP BY object_iri, def_raw, def_h"
    )
    texts = dict(engine.rows("SELECT mark, text FROM wordings"))
    meta, unknown = {}, 0
    for iri, def_raw, def_h, count in seen:
        question = index.by_iri.get(iri)
        if question is None:
            unknown += int(count)
            continue
        key = _content_key(question, texts.get(def_raw, def_raw or ""))
        vkey = f"{question.quiz_id}/{question.id}@{key}"
        entry = meta.setdefault(vkey, {"question": question, "key": key, "count": 0, "raws": []})
        entry["count"] += int(count)
        entry["raws"].append((def_raw or "", int(def_h)))
    matrix = {}
    for vkey, entry in meta.items():
        q = entry["question"]
        current = entry["key"] == q.content_key
        best = matrix.get(q.iri)
        rank = (current, entry["count"])
        if best is None or rank > best[0]:
            matrix[q.iri] = (rank, vkey)
    chosen = {vkey for _, vkey in matrix.values()}
    # The SQL groups by a short id (DuckDB keeps strings up to 12 bytes inline): v0, v1, …
    short = {vkey: f"v{n}" for n, vkey in enumerate(meta)}
    rows = []
    for vkey, entry in meta.items():
        q = entry["question"]
        for raw, digest in entry["raws"]:
            in_matrix = int(vkey in chosen)
            rows.append(
                (q.iri, raw, digest, short[vkey], q.quiz_id, q.id, float(q.points), in_matrix)
            )
    by_hash = len({(iri, int(def_h)) for iri, _, def_h, _ in seen}) == len(seen)
    return Versions(rows, meta, unknown, chosen, short, by_hash)


def _number_answers(engine, wording_match: str) -> None:
    """`resp`: every answer to a known question with its attempt number n, a learner's answers
    to a question (version) numbered in time order, equal times in statement id order.

    Numbering in time order alone is a cheaper sort and numbers every answer the same unless
    a learner answered a question twice at the same time (then the id decides): the first pass
    marks such answers, and only if there are any are they numbered again by (time, id)."""
    for order in ("e.seq", "e.seq, e.sid"):
        previous = previous_value(engine, "e.seq", "e.learner, v.vkey", order)
        create_table(
            engine,
            "resp",
            f"""
            SELECT learner, vkey, quiz_id, points, in_matrix, frac, response, latency_s, n,
              CASE WHEN n > 1 AND (previous = seq OR (previous IS NULL AND seq IS NULL))
                THEN 1 ELSE 0 END AS tied
            FROM (
              SELECT e.learner AS learner, v.vkey AS vkey, v.quiz_id AS quiz_id,
                v.points AS points, v.in_matrix AS in_matrix,
                coalesce(e.scaled, e.raw / nullif(e.smax, 0), CAST(e.success AS DOUBLE)) AS frac,
                e.response AS response, e.latency_s AS latency_s, e.seq AS seq,
                row_number() OVER (PARTITION BY e.learner, v.vkey ORDER BY {order}) AS n,
                {previous} AS previous
              FROM events e
              INNER JOIN qversions v ON e.object_iri = v.object_iri AND {wording_match}
              WHERE e.ours = 1 AND e.verb = 'answered' AND e.learner IS NOT NULL
            ) numbered
            """,
        )
        if not engine.rows("SELECT count(*) FROM resp WHERE tied = 1")[0][0]:
            return


def _content_key(question: QuestionInfo, def_raw: str) -> str:
    if def_raw.startswith("scorm12:"):  # Moodle's CSV: the right-answer pattern is the wording
        pattern = def_raw[len("scorm12:") :]
        return question.content_key if pattern == question.scorm12_key else "s12-" + pattern
    if not def_raw:
        return question.content_key  # nothing says otherwise
    try:
        definition = statement_definition(json.loads(def_raw))
    except ValueError:
        definition = None
    return definition_key(definition) if definition else question.content_key


def analyse(engine, index: CourseIndex, *, names: bool = False) -> Report:
    versions = _versions(engine, index)
    meta, chosen, short = versions.meta, versions.chosen, versions.short
    engine.insert(
        "qversions",
        [
            ("object_iri", "string"),
            ("def_raw", "string"),
            ("def_h", "hash"),
            ("vkey", "string"),
            ("quiz_id", "string"),
            ("question_id", "string"),
            ("points", "float"),
            ("in_matrix", "int"),
        ],
        versions.rows,
    )
    wording_match = "e.def_raw = v.def_raw"
    if versions.by_hash:
        wording_match = "e.def_h = v.def_h"
        # Memory for the attempt-number sort below, which past DuckDB's limit spills to disk.
        engine.execute("ALTER TABLE events DROP COLUMN def_raw")
    engine.insert(
        "quizk",
        [("quiz_id", "string"), ("k", "int"), ("pass_points", "float")],
        [(quiz.id, len(quiz.questions), float(quiz.pass_points)) for quiz in index.quizzes],
    )
    engine.insert(
        "pages",
        [("iri", "string"), ("idx", "int"), ("page_id", "string")],
        [(p.iri, p.index, p.id) for p in index.pages],
    )
    _number_answers(engine, wording_match)
    med = engine.dialect.med
    items = {
        vkey: (int(answers), int(learners), facility, latency)
        for vkey, answers, learners, facility, latency in engine.rows(
            f"""
            SELECT vkey, count(*), sum(CASE WHEN n = 1 THEN 1 ELSE 0 END),
              avg(CASE WHEN n = 1 THEN frac END), {med("CASE WHEN n = 1 THEN latency_s END")}
            FROM resp GROUP BY vkey
            """
        )
    }
    best = dict(
        engine.rows(
            "SELECT vkey, avg(best) FROM (SELECT learner, vkey, max(frac) AS best FROM resp "
            "GROUP BY learner, vkey) b GROUP BY vkey"
        )
    )
    # Each learner's score in each attempt n of a quiz (its questions' n-th answers): the first
    # attempt's scores are the matrix discrimination and reliability use, every attempt's the pass.
    create_table(
        engine,
        "attempts",
        """
        SELECT learner, quiz_id, n, sum(frac * points) AS score, count(*) AS answered,
          count(frac) AS scored
        FROM resp WHERE in_matrix = 1 GROUP BY learner, quiz_id, n
        """,
    )
    create_table(
        engine,
        "complete",
        """
        SELECT a.learner AS learner, a.quiz_id AS quiz_id, a.score AS total
        FROM attempts a INNER JOIN quizk q ON a.quiz_id = q.quiz_id
        WHERE a.n = 1 AND a.scored = q.k
        """,
    )
    discrimination = {
        vkey: (corr, var)
        for vkey, corr, var in engine.rows(
            """
            SELECT f.vkey, corr(f.frac, c.total - f.pts), var_samp(f.pts)
            FROM (
              SELECT learner, quiz_id, vkey, frac, frac * points AS pts FROM resp
              WHERE n = 1 AND in_matrix = 1 AND frac IS NOT NULL
            ) f INNER JOIN complete c ON f.learner = c.learner AND f.quiz_id = c.quiz_id
            GROUP BY f.vkey
            """
        )
    }
    quiz_rows = {
        quiz_id: (int(count), mean, sd, var)
        for quiz_id, count, mean, sd, var in engine.rows(
            "SELECT quiz_id, count(*), avg(total), stddev_samp(total), var_samp(total) "
            "FROM complete GROUP BY quiz_id"
        )
    }
    distribution: dict[str, list[tuple[float, int]]] = {}
    for quiz_id, total, count in engine.rows(
        "SELECT quiz_id, total, count(*) FROM complete GROUP BY quiz_id, total "
        "ORDER BY quiz_id, total"
    ):
        distribution.setdefault(quiz_id, []).append((float(total), int(count)))
    passing = {
        quiz_id: (int(judged), int(passed))
        for quiz_id, judged, passed in engine.rows(
            """
            SELECT b.quiz_id, count(*),
              sum(CASE WHEN b.best >= q.pass_points - 1e-9 THEN 1 ELSE 0 END)
            FROM (
              SELECT a.learner AS learner, a.quiz_id AS quiz_id, max(a.score) AS best
              FROM attempts a INNER JOIN quizk k ON a.quiz_id = k.quiz_id
              WHERE a.answered = k.k GROUP BY a.learner, a.quiz_id
            ) b INNER JOIN quizk q ON b.quiz_id = q.quiz_id
            GROUP BY b.quiz_id
            """
        )
    }
    responses: dict[str, list[tuple[str, int]]] = {}
    for vkey, response, count in engine.rows(
        "SELECT vkey, response, count(*) FROM resp WHERE n = 1 GROUP BY vkey, response"
    ):
        responses.setdefault(vkey, []).append((response or "", int(count)))

    report = Report(index.id, index.title, index.version, "", engine.dialect.name)
    report.unknown_questions = versions.unknown
    for quiz in index.quizzes:
        count, mean, sd, var_total = quiz_rows.get(quiz.id, (0, None, None, None))
        judged, passed = passing.get(quiz.id, (0, 0))
        stats = QuizStats(
            quiz.id,
            quiz.title,
            quiz.where,
            quiz.graded,
            len(quiz.questions),
            quiz.total_points,
            quiz.pass_points,
            learners=count,
            mean=figure(mean),
            sd=figure(sd),
            judged=judged,
            passed=passed,
            distribution=distribution.get(quiz.id, []),
        )
        matrix_vars = []
        for question in quiz.questions:
            for vkey in sorted(
                (v for v, e in meta.items() if e["question"] is question),
                key=lambda v: (meta[v]["key"] != question.content_key, -meta[v]["count"]),
            ):
                answers, learners, facility, latency = items.get(short[vkey], (0, 0, None, None))
                corr, var = discrimination.get(short[vkey], (None, None))
                key = meta[vkey]["key"]
                item = ItemStats(
                    quiz.id,
                    question.id,
                    question.where,
                    "current" if key == question.content_key else f"earlier wording {key}",
                    key,
                    question.type,
                    question.points,
                    question.prompt,
                    learners=learners,
                    answers=answers,
                    facility=figure(facility),
                    best_facility=figure(best.get(short[vkey])),
                    discrimination=figure(corr),
                    latency_median_s=figure(latency),
                    choices=_choice_shares(question, responses.get(short[vkey], []), learners),
                )
                stats.questions.append(item)
                if vkey in chosen and var is not None:
                    matrix_vars.append(float(var))
        stats.alpha, stats.sem = _reliability(matrix_vars, stats.items, var_total, sd)
        report.quizzes.append(stats)
    page_stats(engine, index, report)
    if names:
        report.learner_scores = _learner_scores(engine)
    return report


def _choice_shares(
    question: QuestionInfo, responses: list[tuple[str, int]], learners: int
) -> list[ChoiceShare]:
    if question.type != "choice":
        return []
    counts = {choice_id: 0 for choice_id, _, _ in question.choices}
    for response, count in responses:
        for picked in set(response.split("[,]")):
            if picked in counts:
                counts[picked] += count
    return [
        ChoiceShare(cid, text, correct, counts[cid], counts[cid] / learners if learners else None)
        for cid, text, correct in question.choices
    ]


def _reliability(
    item_vars: list[float], k: int, var_total: float | None, sd: float | None
) -> tuple[float | None, float | None]:
    if k < 2 or len(item_vars) != k or not var_total or var_total <= 0:
        return None, None
    alpha = k / (k - 1) * (1 - sum(item_vars) / var_total)
    sem = sd * math.sqrt(1 - alpha) if sd is not None and alpha <= 1 else None
    return alpha, sem


def _learner_scores(engine) -> list[dict]:
    names = dict(
        engine.rows("SELECT learner, max(learner_name) FROM events WHERE ours = 1 GROUP BY learner")
    )
    scores: dict[str, dict] = {}
    for learner, quiz_id, total in engine.rows(
        "SELECT learner, quiz_id, total FROM complete ORDER BY learner, quiz_id"
    ):
        entry = scores.setdefault(
            learner, {"learner": learner, "name": names.get(learner), "first_attempt": {}}
        )
        entry["first_attempt"][quiz_id] = float(total)
    return list(scores.values())
