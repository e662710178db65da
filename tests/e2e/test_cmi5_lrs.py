"""The seed course's cmi5 package, launched by a test LMS, tracked to a real LRS.

The LRS is Ralph (statements) behind a thin test-side xAPI document store (State and Agent
Profile documents): see tests/support/docstore.py. The LMS (tests/support/lms_launcher.py)
writes LMS.LaunchData, records `launched`, hands out a one-time token at the fetch URL and
records `abandoned` when a learner relaunches a session that never terminated. A headless
Chromium learner works through the real course pages; the statements are then read back from
Ralph and checked against the cmi5 rules (§9) and with npm xapi-validation.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import pytest

from courseforge.build import build
from support.docstore import TestLrs, verb_name, xapi_validation_problems
from support.lms_launcher import SESSION_ID, CourseLearner, TestLms, cmi5_violations, learner

REPO = Path(__file__).resolve().parents[2]
BASE = "https://courses.example.org/ai-engineering-architect"
AU_ID = f"{BASE}/au"
LESSONS = 9
QUESTIONS = 27
FINAL_QUESTIONS = 10

pytestmark = pytest.mark.lrs


@pytest.fixture(scope="module")
def lms(tmp_path_factory, lrs):
    out = tmp_path_factory.mktemp("dist")
    build(REPO / "course", out, ["cmi5"])
    lms = TestLms(out / "ai-engineering-architect-cmi5.zip", lrs)
    yield lms
    lms.close()


def finished(statements: list[dict]) -> bool:
    return any(verb_name(s) == "terminated" for s in statements)


def ended_twice(statements: list[dict]) -> bool:
    return [verb_name(s) for s in statements].count("terminated") == 2


def check_registration(lrs: TestLrs, registration: str) -> list[dict]:
    """Read a registration back; assert the cmi5 rules, xAPI validity and exactly-once ids."""
    statements = lrs.statements(registration=registration)
    ids = [s["id"] for s in statements]
    assert len(ids) == len(set(ids)), "a statement is stored twice"
    assert cmi5_violations(statements, AU_ID) == []
    assert xapi_validation_problems(statements) == {}
    return statements


def state_document(lrs: TestLrs, launch, actor: dict) -> dict:
    scope = lrs.frontend.store.scope(
        "activities/state",
        {
            "activityId": launch.activity_id,
            "agent": json.dumps(actor),
            "registration": launch.registration,
        },
    )
    return json.loads(lrs.frontend.store.get(scope, "courseforge.state").content)


def wait_for_state(lrs: TestLrs, launch, actor: dict, predicate) -> dict:
    deadline = time.monotonic() + 15
    while True:
        try:
            state = state_document(lrs, launch, actor)
        except AttributeError:  # not written yet
            state = {}
        if predicate(state):
            return state
        assert time.monotonic() < deadline, f"the state never matched: {state}"
        time.sleep(0.1)


def test_completed_and_passed(new_browser_session, lms, lrs):
    logged = len(lrs.frontend.log)  # the log is shared by the whole run
    actor = learner("cmi5-pass")
    launch = lms.launch_cmi5(actor)
    you = CourseLearner(new_browser_session().page)
    you.open(launch.url)
    you.walk(answers=True)
    assert you.page.locator("[data-total='result']").text_content() == "Passed"
    you.exit()
    lrs.wait_for_statements(launch.registration, finished)
    statements = check_registration(lrs, launch.registration)

    verbs = [verb_name(s) for s in statements]
    assert Counter(verbs) == {
        "launched": 1,
        "initialized": 1,
        "experienced": LESSONS,
        "answered": QUESTIONS,
        "completed": 1,
        "passed": 1,
        "terminated": 1,
    }
    assert verbs[:2] == ["launched", "initialized"] and verbs[-3:] == [
        "completed",
        "passed",
        "terminated",
    ]
    assert len(statements) == 41
    passed = statements[-2]
    assert passed["result"]["score"] == {"scaled": 1, "raw": 100, "min": 0, "max": 100}
    assert passed["object"]["id"] == launch.activity_id != AU_ID
    assert {s["context"]["extensions"][SESSION_ID] for s in statements} == {launch.session_id}

    # One answered statement per question, with the interaction definition of its type.
    answered = [s for s in statements if verb_name(s) == "answered"]
    questions = {q["iri"]: q for quiz in you.course["quizzes"] for q in quiz["questions"]}
    assert sorted(s["object"]["id"] for s in answered) == sorted(questions)
    for s in answered:
        question = questions[s["object"]["id"]]
        definition = s["object"]["definition"]
        assert definition["type"] == "http://adlnet.gov/expapi/activities/cmi.interaction"
        assert definition["interactionType"] == question["type"]
        assert definition["correctResponsesPattern"]
        assert s["result"]["success"] is True
        assert s["result"]["response"] != ""
        if question["type"] in ("choice", "sequencing"):
            assert [c["id"] for c in definition["choices"]] == [
                c["id"] for c in question["choices"]
            ]
        if question["type"] == "matching":
            assert [c["id"] for c in definition["source"]] == [c["id"] for c in question["sources"]]

    assert lms.fetches.calls[launch.fetch_key] == 1
    assert all(r.version == "1.0.3" for r in lrs.frontend.log[logged:])
    assert state_document(lrs, launch, actor)["location"] == "_results"


def test_failed_after_both_attempts(new_browser_session, lms, lrs):
    launch = lms.launch_cmi5(learner("cmi5-fail"))
    you = CourseLearner(new_browser_session().page)
    you.open(launch.url)
    five_of_ten = {q["id"]: i < 5 for i, q in enumerate(you.quiz("final-quiz")["questions"])}
    you.walk(answers=True, stop_at="final-quiz")
    you.answer_quiz("final-quiz", five_of_ten.get)
    you.retry()
    you.answer_quiz("final-quiz", five_of_ten.get)
    you.walk()
    assert you.page.locator("[data-total='result']").text_content() == "Failed"
    you.exit()
    lrs.wait_for_statements(launch.registration, finished)
    statements = check_registration(lrs, launch.registration)

    verbs = [verb_name(s) for s in statements]
    assert Counter(verbs) == {
        "launched": 1,
        "initialized": 1,
        "experienced": LESSONS,
        "answered": QUESTIONS + FINAL_QUESTIONS,
        "failed": 1,
        "terminated": 1,
    }
    assert verbs[-2:] == ["failed", "terminated"]
    failed = statements[-2]
    assert failed["result"]["success"] is False
    assert failed["result"]["score"]["scaled"] < 0.8
    assert (
        failed["context"]["extensions"][
            "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
        ]
        == 0.8
    )


def test_stop_mid_course_and_relaunch_resumes_with_answers(new_browser_session, lms, lrs):
    actor = learner("cmi5-resume")
    first = lms.launch_cmi5(actor)
    you = CourseLearner(new_browser_session().page)
    you.open(first.url)
    you.walk(stop_at="stage-1-check")
    questions = [q["id"] for q in you.quiz("stage-1-check")["questions"]]
    you.answer("stage-1-check", questions[0], True)
    you.answer("stage-1-check", questions[1], False)
    lrs.wait_for_statements(
        first.registration, lambda s: [verb_name(x) for x in s].count("answered") == 2
    )
    you.page.close()  # the learner closes the window: no Exit, the page still terminates
    # Its `terminated`, and the state write that left with those statements, land although the
    # page is gone (an LMS relaunching before `terminated` lands would record `abandoned`).
    lrs.wait_for_statements(first.registration, finished)
    wait_for_state(lrs, first, actor, lambda doc: doc.get("location") == "stage-1-check")

    # Relaunch from the LMS in a fresh browser profile: everything must come from the LRS.
    second = lms.launch_cmi5(actor, first.registration)
    again = CourseLearner(new_browser_session().page)
    again.open(second.url)
    assert again.current_page() == "stage-1-check"
    marks = [again.question_form("stage-1-check", q).get_attribute("class") for q in questions]
    assert "cf-right" in marks[0]
    assert "cf-wrong" in marks[1]
    assert "cf-right" not in marks[2] and "cf-wrong" not in marks[2]
    again.answer("stage-1-check", questions[2], True)
    again.walk()
    again.exit()

    lrs.wait_for_statements(first.registration, ended_twice)
    statements = check_registration(lrs, first.registration)
    verbs = [verb_name(s) for s in statements]
    assert Counter(verbs) == {
        "launched": 2,
        "initialized": 2,
        "experienced": LESSONS,
        "answered": QUESTIONS,
        "completed": 1,
        "passed": 1,
        "terminated": 2,  # the closed tab's session ended with terminated too: not abandoned
    }
    sessions = [s["context"]["extensions"][SESSION_ID] for s in statements]
    assert set(sessions) == {first.session_id, second.session_id}


def test_lrs_outage_mid_course_loses_nothing_and_duplicates_nothing(new_browser_session, lms, lrs):
    launch = lms.launch_cmi5(learner("cmi5-outage"))
    you = CourseLearner(new_browser_session().page)
    you.open(launch.url)
    you.walk(stop_at="stage-1-check")
    lrs.wait_for_statements(
        launch.registration, lambda s: [verb_name(x) for x in s].count("experienced") == 4
    )
    lrs.stop_ralph()
    try:
        you.walk(stop_at="stage-3-check")
        you.page.wait_for_function(
            "() => document.querySelector('.cf-status').textContent.startsWith('Offline')",
            timeout=10_000,
        )
        queued = you.page.evaluate(
            "() => Object.keys(localStorage).filter((k) => k.startsWith('courseforge.xapi.queue:'))"
            ".reduce((n, k) => n + JSON.parse(localStorage.getItem(k)).length, 0)"
        )
        assert queued >= 8  # stage 1–2 lessons and answers, waiting in localStorage
    finally:
        lrs.start_ralph()
    you.walk()
    you.exit()
    lrs.wait_for_statements(launch.registration, finished, timeout=30)
    statements = check_registration(lrs, launch.registration)
    assert Counter(verb_name(s) for s in statements) == {
        "launched": 1,
        "initialized": 1,
        "experienced": LESSONS,
        "answered": QUESTIONS,
        "completed": 1,
        "passed": 1,
        "terminated": 1,
    }
    assert you.page.locator(".cf-status").text_content() == ""
