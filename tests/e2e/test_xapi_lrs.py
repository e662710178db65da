"""The seed course's TinCan (xapi) package, launched with basic auth, tracked to a real LRS.

The LRS is Ralph (statements) behind a thin test-side xAPI document store for the State API
(see tests/support/docstore.py); the LMS role is tests/support/lms_launcher.py, which builds
the TinCan launch URL (endpoint, auth, actor, registration, activity_id). A headless Chromium
learner works through the real course pages; the statements are read back from Ralph and
validated with npm xapi-validation.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from courseforge.build import build
from support.docstore import TestLrs, verb_name, xapi_validation_problems
from support.lms_launcher import CourseLearner, TestLms

REPO = Path(__file__).resolve().parents[2]
BASE = "https://courses.example.org/ai-engineering-architect"
LESSONS = 9
QUESTIONS = 27
ACTOR = {"objectType": "Agent", "mbox": "mailto:grace@example.com", "name": "Grace Learner"}

pytestmark = pytest.mark.lrs


@pytest.fixture(scope="module")
def lms(tmp_path_factory, lrs):
    out = tmp_path_factory.mktemp("dist")
    build(REPO / "course", out, ["xapi"])
    lms = TestLms(out / "ai-engineering-architect-xapi.zip", lrs)
    yield lms
    lms.close()


def finished(statements: list[dict]) -> bool:
    return any(verb_name(s) == "terminated" for s in statements)


def ended_twice(statements: list[dict]) -> bool:
    return [verb_name(s) for s in statements].count("terminated") == 2


def read_back(lrs: TestLrs, registration: str) -> list[dict]:
    statements = lrs.statements(registration=registration)
    ids = [s["id"] for s in statements]
    assert len(ids) == len(set(ids)), "a statement is stored twice"
    assert xapi_validation_problems(statements) == {}
    for s in statements:
        assert s["actor"]["mbox"] == ACTOR["mbox"]
        assert s["context"]["registration"] == registration
    return statements


def test_completed_and_passed(new_browser_session, lms, lrs):
    url, registration = lms.launch_tincan(ACTOR)
    you = CourseLearner(new_browser_session().page)
    you.open(url)
    assert you.page.locator(".cf-learner").text_content() == "Learner: Grace Learner"
    you.walk(answers=True)
    you.exit()
    lrs.wait_for_statements(registration, finished)
    statements = read_back(lrs, registration)

    verbs = [verb_name(s) for s in statements]
    assert Counter(verbs) == {
        "attempted": 1,
        "experienced": LESSONS,
        "answered": QUESTIONS,
        "completed": 1,
        "passed": 1,
        "terminated": 1,
    }
    assert verbs[0] == "attempted" and verbs[-3:] == ["completed", "passed", "terminated"]
    course = [s for s in statements if s["object"]["id"] == BASE]
    assert [verb_name(s) for s in course] == ["attempted", "completed", "passed", "terminated"]
    assert course[0]["object"]["definition"]["type"] == (
        "http://adlnet.gov/expapi/activities/course"
    )
    assert course[2]["result"]["score"]["scaled"] == 1
    for s in statements:
        if s["object"]["id"] != BASE:  # lessons and questions sit under the course
            assert s["context"]["contextActivities"]["grouping"][0]["id"] == BASE
    answered = [s for s in statements if verb_name(s) == "answered"]
    assert {s["object"]["definition"]["interactionType"] for s in answered} == {
        "choice",
        "true-false",
        "fill-in",
        "numeric",
        "matching",
        "sequencing",
    }


def test_failed_is_recorded_when_the_attempt_fails(new_browser_session, lms, lrs):
    url, registration = lms.launch_tincan(ACTOR)
    you = CourseLearner(new_browser_session().page)
    you.open(url)
    you.walk(answers={"final-quiz": False})
    you.exit()
    lrs.wait_for_statements(registration, finished)
    verbs = [verb_name(s) for s in read_back(lrs, registration)]
    assert verbs.count("failed") == 1 and "passed" not in verbs and "completed" not in verbs
    assert verbs[-1] == "terminated" and verbs.index("failed") < len(verbs) - 1


def test_stop_mid_course_and_relaunch_resumes_with_answers(new_browser_session, lms, lrs):
    url, registration = lms.launch_tincan(ACTOR)
    you = CourseLearner(new_browser_session().page)
    you.open(url)
    you.walk(stop_at="stage-2-check")
    first = you.quiz("stage-2-check")["questions"][0]["id"]
    you.answer("stage-2-check", first, True)
    lrs.wait_for_statements(
        registration, lambda s: [verb_name(x) for x in s].count("answered") == 4
    )
    you.page.close()  # the closed tab sends suspended + terminated
    lrs.wait_for_statements(registration, finished)

    url, _ = lms.launch_tincan(ACTOR, registration)
    again = CourseLearner(new_browser_session().page)  # another browser: state from the LRS
    again.open(url)
    assert again.current_page() == "stage-2-check"
    form = again.question_form("stage-2-check", first)
    assert "cf-right" in form.get_attribute("class")
    again.walk()
    again.exit()
    lrs.wait_for_statements(registration, ended_twice)
    statements = read_back(lrs, registration)
    assert Counter(verb_name(s) for s in statements) == {
        "attempted": 1,
        "suspended": 1,  # the closed tab: the attempt goes on later
        "resumed": 1,
        "experienced": LESSONS,
        "answered": QUESTIONS,
        "completed": 1,
        "passed": 1,
        "terminated": 2,
    }
