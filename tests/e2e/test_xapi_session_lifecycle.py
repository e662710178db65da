"""Every end of a TinCan session, in the real course pages, tracked to the real LRS.

The test LMS (tests/support/lms_launcher.py) launches the xAPI package the way TinCan LMSs do
(endpoint, auth, actor, registration in the URL); the statements are read back from Ralph and
checked with npm xapi-validation, the state document from the test document store. Nothing is
injected into the pages: the runtime's own page lifecycle calls the adapter.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import pytest

from courseforge.build import build
from support.docstore import TestLrs, verb_name, xapi_validation_problems
from support.lms_launcher import PLAYER, CourseLearner, TestLms

REPO = Path(__file__).resolve().parents[2]
COURSE_IRI = "https://courses.example.org/ai-engineering-architect"
LESSONS = 9
QUESTIONS = 27
FINAL = 10

pytestmark = pytest.mark.lrs


@pytest.fixture(scope="module")
def lms(tmp_path_factory, lrs):
    out = tmp_path_factory.mktemp("dist")
    build(REPO / "course", out, ["xapi"])
    lms = TestLms(out / "ai-engineering-architect-xapi.zip", lrs)
    lms.files["player.html"] = PLAYER
    yield lms
    lms.close()


@pytest.fixture
def learner_page(new_browser_session):
    """A page in a fresh browser profile (another device): only the LRS knows the learner."""
    return lambda: new_browser_session().page


def actor(name: str) -> dict:
    return {"objectType": "Agent", "mbox": f"mailto:{name}@example.com", "name": name}


def open_course(page, url: str) -> CourseLearner:
    you = CourseLearner(page)
    you.open(url)
    return you


def ended(count: int):
    return lambda statements: [verb_name(s) for s in statements].count("terminated") >= count


def sessions_of(statements: list[dict]) -> list[list[str]]:
    """The verbs of each session, in stored order (TinCan has no session id: `terminated` ends one)."""
    sessions: list[list[str]] = [[]]
    for s in statements:
        sessions[-1].append(verb_name(s))
        if verb_name(s) == "terminated":
            sessions.append([])
    return [one for one in sessions if one]


def checked(lrs: TestLrs, registration: str) -> list[dict]:
    statements = lrs.statements(registration=registration)
    ids = [s["id"] for s in statements]
    assert len(ids) == len(set(ids)), "a statement is stored twice"
    assert xapi_validation_problems(statements) == {}
    for one in sessions_of(statements):
        assert one.count("terminated") <= 1 and one[-1] == "terminated", one
    return statements


def state_document(lrs: TestLrs, who: dict, registration: str) -> dict:
    scope = lrs.frontend.store.scope(
        "activities/state",
        {"activityId": COURSE_IRI, "agent": json.dumps(who), "registration": registration},
    )
    document = lrs.frontend.store.get(scope, "courseforge.state")
    return json.loads(document.content) if document else {}


def wait_for_state(lrs: TestLrs, who: dict, registration: str, predicate) -> dict:
    deadline = time.monotonic() + 15
    while not predicate(state := state_document(lrs, who, registration)):
        assert time.monotonic() < deadline, f"the state never matched: {state}"
        time.sleep(0.1)
    return state


def half_right(you: CourseLearner) -> dict:
    return {q["id"]: i < 5 for i, q in enumerate(you.quiz("final-quiz")["questions"])}


def test_pass_then_exit(learner_page, lms, lrs):
    who = actor("tc-pass")
    url, registration = lms.launch_tincan(who)
    you = open_course(learner_page(), url)
    you.walk(answers=True)
    you.exit()
    lrs.wait_for_statements(registration, ended(1))
    statements = checked(lrs, registration)
    verbs = [verb_name(s) for s in statements]
    assert Counter(verbs) == {
        "attempted": 1,
        "experienced": LESSONS,
        "answered": QUESTIONS,
        "completed": 1,
        "passed": 1,
        "terminated": 1,
    }
    assert verbs[0] == "attempted" and verbs[-1] == "terminated"
    passed = next(s for s in statements if verb_name(s) == "passed")
    assert passed["result"]["success"] is True and passed["result"]["score"]["scaled"] == 1
    state = state_document(lrs, who, registration)
    assert state["location"] == "_results" and state["flags"]["finished"] is True


def test_fail_with_an_attempt_left_then_pass_next_session(learner_page, lms, lrs):
    who = actor("tc-retry")
    url, registration = lms.launch_tincan(who)
    you = open_course(learner_page(), url)
    you.walk(answers=True, stop_at="final-quiz")
    you.answer_quiz("final-quiz", half_right(you).get)
    you.walk()
    you.exit()  # an attempt left: the attempt is suspended, not over
    lrs.wait_for_statements(registration, ended(1))

    url, _ = lms.launch_tincan(who, registration)
    again = open_course(learner_page(), url)
    assert again.current_page() == "_results"
    again.goto("final-quiz")
    again.retry()
    again.answer_quiz("final-quiz", True)
    again.walk()
    again.exit()
    lrs.wait_for_statements(registration, ended(2))
    one, two = sessions_of(checked(lrs, registration))
    assert one[-3:] == ["failed", "suspended", "terminated"] and "passed" not in one
    assert two[0] == "resumed" and two.count("answered") == FINAL
    assert two[-3:] == ["completed", "passed", "terminated"] and "suspended" not in two


def test_fail_with_no_attempt_left_then_a_new_registration_starts_fresh(learner_page, lms, lrs):
    who = actor("tc-out")
    url, registration = lms.launch_tincan(who)
    you = open_course(learner_page(), url)
    you.walk(answers=True, stop_at="final-quiz")
    you.answer_quiz("final-quiz", half_right(you).get)
    you.retry()
    you.answer_quiz("final-quiz", half_right(you).get)
    you.walk()
    you.exit()
    lrs.wait_for_statements(registration, ended(1))
    statements = checked(lrs, registration)
    verbs = [verb_name(s) for s in statements]
    assert verbs.count("failed") == 1 and "passed" not in verbs
    assert "suspended" not in verbs and verbs[-1] == "terminated"  # nothing left: it is over
    failed = next(s for s in statements if verb_name(s) == "failed")
    assert failed["result"]["success"] is False and failed["result"]["score"]["scaled"] < 0.8
    assert state_document(lrs, who, registration)["flags"]["finished"] is True

    url, fresh = lms.launch_tincan(who)  # the LMS's new attempt: a new registration
    again = open_course(learner_page(), url)
    assert again.current_page() == again.course["pages"][0]["id"]
    again.goto("final-quiz")  # its page loads when needed
    for question in again.quiz("final-quiz")["questions"]:
        marks = again.question_form("final-quiz", question["id"]).get_attribute("class")
        assert "cf-right" not in marks and "cf-wrong" not in marks
    assert [verb_name(s) for s in lrs.statements(registration=fresh)][:1] in ([], ["attempted"])


@pytest.mark.parametrize("how", ["close the page", "remove the frame", "navigate the frame away"])
def test_leaving_mid_quiz_suspends_and_resume_keeps_the_answers(learner_page, lms, lrs, how):
    who = actor(f"tc-close-{how.split()[0]}-{how.split()[-2]}")
    url, registration = lms.launch_tincan(who)
    page = learner_page()
    page.goto(f"{lms.url}/content/player.html#{url}")
    page.frame_locator("#au").locator(".cf-next").wait_for()
    frame = page.frames[1]
    you = CourseLearner(frame)
    you.course = json.loads(frame.locator("#cf-course").text_content())
    you.walk(stop_at="stage-1-check")
    questions = [q["id"] for q in you.quiz("stage-1-check")["questions"]]
    you.answer("stage-1-check", questions[0], True)
    you.answer("stage-1-check", questions[1], False)
    if how == "close the page":
        page.close()
    elif how == "remove the frame":
        page.evaluate("document.getElementById('au').remove()")
    else:
        page.evaluate("document.getElementById('au').src = 'about:blank'")
    statements = lrs.wait_for_statements(registration, ended(1))
    verbs = [verb_name(s) for s in statements]
    assert verbs[-2:] == ["suspended", "terminated"] and verbs.count("answered") == 2
    # TinCan: the dismissal's state write leaves beside the statements (no session to close).
    wait_for_state(lrs, who, registration, lambda s: s.get("location") == "stage-1-check")

    url, _ = lms.launch_tincan(who, registration)
    again = open_course(learner_page(), url)  # another device: the state comes from the LRS
    assert again.current_page() == "stage-1-check"
    marks = [again.question_form("stage-1-check", q).get_attribute("class") for q in questions]
    assert "cf-right" in marks[0] and "cf-wrong" in marks[1]
    again.walk()
    again.exit()
    lrs.wait_for_statements(registration, ended(2))
    one, two = sessions_of(checked(lrs, registration))
    assert one[-2:] == ["suspended", "terminated"]
    assert two[0] == "resumed" and two[-3:] == ["completed", "passed", "terminated"]


def test_relaunching_a_finished_registration_opens_it_for_review(learner_page, lms, lrs):
    who = actor("tc-review")
    url, registration = lms.launch_tincan(who)
    you = open_course(learner_page(), url)
    you.walk(answers=True)
    you.exit()
    lrs.wait_for_statements(registration, ended(1))
    before = state_document(lrs, who, registration)

    url, _ = lms.launch_tincan(who, registration)
    page = learner_page()
    again = open_course(page, url)
    assert again.current_page() == "_results"
    assert page.locator("[data-total='result']").text_content() == "Passed"
    assert "Review mode" in page.locator(".cf-mode-notice").text_content()
    page.close()
    lrs.wait_for_statements(registration, ended(2))
    assert sessions_of(checked(lrs, registration))[1] == ["initialized", "terminated"]
    assert state_document(lrs, who, registration) == before
