"""The analysis recovers what the simulator put in, and its figures match numpy/scipy."""

from __future__ import annotations

import csv
import json
import math
from datetime import datetime, timezone

import numpy as np
import pytest
from scipy import stats

from courseforge.report import ReportRequest, make_report
from report import simulator

TOL = 1e-9


def expected(sim: simulator.Simulation) -> dict:
    """Everything computed independently from the simulator's own answers."""
    qids = list(simulator.DIFFICULTIES)
    first: dict[int, dict[str, simulator.Answer]] = {}
    attempts: dict[tuple[int, int], int] = {}
    best: dict[tuple[int, str], int] = {}
    for a in sim.answers:
        if a.attempt == 1:
            first.setdefault(a.learner, {})[a.question] = a
        attempts[(a.learner, a.attempt)] = attempts.get((a.learner, a.attempt), 0) + a.success
        best[(a.learner, a.question)] = max(best.get((a.learner, a.question), 0), a.success)
    learners = sorted(first)
    x = np.array([[first[n][q].success for q in qids] for n in learners], dtype=float)
    total = x.sum(axis=1)
    k = len(qids)
    item_total = [np.corrcoef(x[:, j], total - x[:, j])[0, 1] for j in range(k)]
    alpha = k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / total.var(ddof=1))
    best_score = {}
    for (learner, _), score in attempts.items():
        best_score[learner] = max(best_score.get(learner, 0), score)
    latency = {
        q: float(np.median([round(first[n][q].latency_s, 2) for n in learners])) for q in qids
    }
    shares = {
        q: {c: np.mean([first[n][q].choice == c for n in learners]) for c in "abcd"} for q in qids
    }
    return {
        "learners": len(learners),
        "facility": dict(zip(qids, x.mean(axis=0), strict=True)),
        "best_facility": {q: np.mean([best[(n, q)] for n in learners]) for q in qids},
        "discrimination": dict(zip(qids, item_total, strict=True)),
        "mean": total.mean(),
        "sd": total.std(ddof=1),
        "alpha": alpha,
        "sem": total.std(ddof=1) * math.sqrt(1 - alpha),
        "pass_rate": np.mean([s >= simulator.PASS_MARK for s in best_score.values()]),
        "latency": latency,
        "shares": shares,
        "distribution": dict(zip(*np.unique(total, return_counts=True), strict=True)),
    }


@pytest.fixture(scope="module")
def truth(simulation):
    return expected(simulation)


@pytest.fixture(scope="module", params=["statements", "moodle-csv"])
def report(request, sim_course, statements_file, moodle_csv):
    if request.param == "statements":
        return make_report(ReportRequest(sim_course, statements=[statements_file]))
    return make_report(ReportRequest(sim_course, scorm_interactions=[moodle_csv]))


def items(report):
    return {item.question_id: item for item in report.quizzes[0].questions}


def test_recovers_the_difficulty_order(report):
    got = items(report)
    qids = [q for q in simulator.DIFFICULTIES if q != simulator.MISKEYED]
    difficulty = [simulator.DIFFICULTIES[q] for q in qids]
    facility = [got[q].facility for q in qids]
    rho = stats.spearmanr(difficulty, facility).statistic
    assert rho <= -0.9  # harder items, lower facility


def test_flags_the_miskeyed_question_with_its_file_and_line(report, sim_course):
    wrong_keys = [f for f in report.flags if f.rule == "negative-discrimination"]
    assert [f.question_id for f in wrong_keys] == [simulator.MISKEYED]
    line = simulator.QUIZ_LINES[simulator.MISKEYED]
    assert wrong_keys[0].where.endswith(f"modules/m1/final.quiz.yaml:{line}")
    source = (sim_course / "modules/m1/final.quiz.yaml").read_text().splitlines()
    assert source[line - 1].strip() == f"- id: {simulator.MISKEYED}"
    assert wrong_keys[0].severity == "error"


def test_item_statistics_match_numpy(report, truth):
    got = items(report)
    for qid in simulator.DIFFICULTIES:
        item = got[qid]
        assert item.learners == truth["learners"]
        assert item.facility == pytest.approx(truth["facility"][qid], abs=TOL)
        assert item.best_facility == pytest.approx(truth["best_facility"][qid], abs=TOL)
        assert item.discrimination == pytest.approx(truth["discrimination"][qid], abs=TOL)
        shares = {c.id: c.share for c in item.choices}
        for choice, share in truth["shares"][qid].items():
            assert shares[choice] == pytest.approx(share, abs=TOL)


def test_quiz_statistics_match_numpy(report, truth):
    quiz = report.quizzes[0]
    assert quiz.learners == truth["learners"]
    assert quiz.mean == pytest.approx(truth["mean"], abs=TOL)
    assert quiz.sd == pytest.approx(truth["sd"], abs=TOL)
    assert quiz.alpha == pytest.approx(truth["alpha"], abs=TOL)
    assert quiz.sem == pytest.approx(truth["sem"], abs=TOL)
    assert quiz.pass_rate == pytest.approx(truth["pass_rate"], abs=TOL)
    assert dict(quiz.distribution) == {float(s): int(n) for s, n in truth["distribution"].items()}


def test_latency_and_pages_from_statements(sim_course, statements_file, simulation, truth):
    report = make_report(ReportRequest(sim_course, statements=[statements_file]))
    for qid, item in items(report).items():
        assert item.latency_median_s == pytest.approx(truth["latency"][qid], abs=1e-6)
    pages = {p.id: p for p in report.pages}
    assert pages["intro"].reached == simulation.learners
    took_quiz = len({a.learner for a in simulation.answers})
    assert pages["details"].reached == took_quiz
    assert pages["intro"].stopped_here == simulation.learners - took_quiz
    assert pages["final"].stopped_here == took_quiz
    gaps = []  # time on "intro": until the learner's next statement
    by_learner: dict[int, list] = {}
    for learner, lesson, when in simulation.lesson_views:
        by_learner.setdefault(learner, []).append((when, lesson))
    for a in simulation.answers:
        by_learner.setdefault(a.learner, []).append((a.when, "answer"))
    for events in by_learner.values():
        events.sort()
        for (when, what), (after, _) in zip(events, events[1:], strict=False):
            if what == "intro":
                gaps.append((after - when).total_seconds())
    assert pages["intro"].median_time_s == pytest.approx(float(np.median(gaps)), abs=1e-3)


def test_changed_wording_is_analysed_apart(tmp_path, sim_course, simulation):
    earlier = simulator.simulate(300, seed=5)
    old = simulator.statements(earlier, prompts={"q-3": "Old wording?"})
    new = simulator.statements(simulation)
    path = simulator.write_ndjson(tmp_path / "both.ndjson", old + new)
    report = make_report(ReportRequest(sim_course, statements=[path]))
    versions = [i for i in report.quizzes[0].questions if i.question_id == "q-3"]
    assert [v.version for v in versions][0] == "current"
    assert versions[1].version.startswith("earlier wording")
    assert versions[0].learners == len({a.learner for a in simulation.answers})
    assert versions[1].learners == len({a.learner for a in earlier.answers})
    changed = [f for f in report.flags if f.rule == "wording-changed"]
    assert [f.question_id for f in changed] == ["q-3"]
    assert changed[0].where.endswith(f":{simulator.QUIZ_LINES['q-3']}")


def test_every_statement_file_format_gives_the_same_report(tmp_path, sim_course, simulation):
    items_ = simulator.statements(simulation)
    half = len(items_) // 2
    array = tmp_path / "array.json"
    array.write_text(json.dumps(items_[:half]))
    page = tmp_path / "page.json"  # a saved LRS response
    page.write_text(json.dumps({"statements": items_[half:], "more": ""}))
    lines = simulator.write_ndjson(tmp_path / "all.ndjson", items_)
    mixed = make_report(ReportRequest(sim_course, statements=[array, page]))
    plain = make_report(ReportRequest(sim_course, statements=[lines]))
    assert mixed.course_statements == plain.course_statements == len(items_)
    for a, b in zip(mixed.items(), plain.items(), strict=True):
        assert (a.facility, a.discrimination, a.latency_median_s) == pytest.approx(
            (b.facility, b.discrimination, b.latency_median_s), abs=TOL
        )


def _rekeyed_moodle_csv(source, target, qid: str, key: str):
    """The Moodle download with `qid`'s right answer changed to `key` for even learners: two
    wordings of one question, as after an edit to its key."""
    column = f"Right answer {list(simulator.DIFFICULTIES).index(qid)}"
    with open(source, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    where = rows[0].index(column)
    for row in rows[1:]:
        if row[2] != "-" and int(row[0].split()[-1]) % 2 == 0:
            row[where] = key
    with open(target, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter="\t", lineterminator="\n").writerows(rows)
    return target


def test_wordings_sharing_a_hash_are_matched_by_their_text(tmp_path, sim_course, moodle_csv):
    """Answers are matched to a wording by its hash only when no two wordings of a question
    share one; a collision (forced here) falls back to the texts, with the same figures."""
    path = _rekeyed_moodle_csv(moodle_csv, tmp_path / "rekeyed.txt", "q-3", "b")
    by_hash = make_report(ReportRequest(sim_course, scorm_interactions=[path]))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("courseforge.report.sources.moodle_csv._wording_hash", lambda wording: 7)
        by_text = make_report(ReportRequest(sim_course, scorm_interactions=[path]))
    versions = [i for i in by_text.quizzes[0].questions if i.question_id == "q-3"]
    assert [v.version for v in versions] == ["current", "earlier wording s12-b"]
    assert by_text.course_statements == by_hash.course_statements
    attempts = list(csv.reader(path.read_text().splitlines(), delimiter="\t"))
    assert sum(v.answers for v in versions) == sum(row[2].isdigit() for row in attempts)
    for a, b in zip(by_text.items(), by_hash.items(), strict=True):
        assert (a.version, a.learners, a.answers) == (b.version, b.learners, b.answers)
        assert (a.facility, a.best_facility, a.discrimination) == pytest.approx(
            (b.facility, b.best_facility, b.discrimination), abs=TOL
        )


def test_wordings_after_the_sample_are_kept_in_full(tmp_path, sim_course, simulation, monkeypatch):
    """Wordings seen in the first statements are stored once (events hold a mark); a wording
    first seen later is stored in full on each answer. Both give the same figures."""
    earlier = simulator.simulate(300, seed=5)
    old = simulator.statements(earlier, prompts={"q-3": "Old wording?"})
    path = simulator.write_ndjson(tmp_path / "both.ndjson", simulator.statements(simulation) + old)
    sampled = make_report(ReportRequest(sim_course, statements=[path]))
    monkeypatch.setattr("courseforge.report.sources.statement_files.WORDING_SAMPLE", 1)
    in_full = make_report(ReportRequest(sim_course, statements=[path]))
    for report in (sampled, in_full):
        versions = [i.version for i in report.items() if i.question_id == "q-3"]
        assert versions[0] == "current" and versions[1].startswith("earlier wording")
    for a, b in zip(sampled.items(), in_full.items(), strict=True):
        assert (a.version, a.learners, a.answers) == (b.version, b.learners, b.answers)
        assert (a.facility, a.best_facility, a.discrimination) == pytest.approx(
            (b.facility, b.best_facility, b.discrimination), abs=TOL
        )


@pytest.mark.parametrize("timestamp", ["2026-11-03T09:00:00Z", "no time"])
def test_answers_at_the_same_time_are_numbered_by_statement_id(tmp_path, sim_course, timestamp):
    """Two answers to one question at the same time (or both without a readable one): the
    smaller statement id is the first attempt. Here it is the wrong answer, listed second."""
    when = datetime(2026, 11, 3, 9, 0, tzinfo=timezone.utc)
    answers = []
    for learner in range(30):
        answers.append(simulator.Answer(learner, 1, "q-2", "b", False, 5.0, when))
        answers.append(simulator.Answer(learner, 2, "q-2", "a", True, 6.0, when))
    sim = simulator.Simulation(30, [0.0] * 30, answers, [])
    items_ = simulator.statements(sim)
    for n in range(0, len(items_), 2):  # each pair: wrong then right, by learner
        wrong, right = items_[n], items_[n + 1]
        assert wrong["actor"] == right["actor"] and not wrong["result"]["success"]
        wrong["id"] = f"00000000-0000-4000-8000-{n:012d}"
        right["id"] = f"ffffffff-0000-4000-8000-{n:012d}"
        wrong["timestamp"] = right["timestamp"] = timestamp
        items_[n], items_[n + 1] = right, wrong
    path = simulator.write_ndjson(tmp_path / "tied.ndjson", items_)
    item = items(make_report(ReportRequest(sim_course, statements=[path])))["q-2"]
    assert (item.learners, item.answers) == (30, 60)
    assert item.facility == 0
    assert item.best_facility == 1
    assert item.latency_median_s == 5.0
