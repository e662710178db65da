"""Every end of a cmi5 session, in the real course pages, against a strict cmi5 LMS.

The LMS (tests/support/cmi5_lms.py) answers 403 to anything a conformant player refuses —
a request after `terminated`, a cmi5-defined verb twice, `failed` after `passed`, statements
before the learner preferences, anything but initialized/terminated in Review — and every
scenario here must get zero refusals. What the LRS stored is read back from Ralph.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import pytest

from courseforge.build import build
from support.cmi5_lms import StrictCmi5Lms
from support.docstore import TestLrs, verb_name, xapi_validation_problems
from support.lms_launcher import PLAYER, SESSION_ID, CourseLearner, cmi5_violations, learner

REPO = Path(__file__).resolve().parents[2]
AU_ID = "https://courses.example.org/ai-engineering-architect/au"
LESSONS = 9
QUESTIONS = 27
FINAL = 10

pytestmark = pytest.mark.lrs


@pytest.fixture(scope="module")
def lms(tmp_path_factory, lrs):
    out = tmp_path_factory.mktemp("dist")
    build(REPO / "course", out, ["cmi5"])
    lms = StrictCmi5Lms(out / "ai-engineering-architect-cmi5.zip", lrs)
    lms.files["player.html"] = PLAYER
    yield lms
    assert lms.refusals == []
    lms.close()


@pytest.fixture
def learner_page(new_browser_session):
    """A page in a fresh browser profile (another device): only the LRS knows the learner.

    Nothing is injected: the runtime's own page lifecycle (session.js) calls dismiss().
    """

    def make():
        return new_browser_session().page

    return make


def open_course(page, url: str) -> CourseLearner:
    you = CourseLearner(page)
    you.open(url)
    return you


def sessions_of(lrs: TestLrs, registration: str) -> list[list[str]]:
    """The verbs of each session of a registration, in order (LMS verbs included)."""
    by_session: dict[str, list[str]] = {}
    for s in lrs.statements(registration=registration):
        sid = s["context"]["extensions"][SESSION_ID]
        by_session.setdefault(sid, []).append(verb_name(s))
    return list(by_session.values())


def ended(count: int):
    return lambda statements: [verb_name(s) for s in statements].count("terminated") >= count


def checked(lrs: TestLrs, lms: StrictCmi5Lms, registration: str) -> list[dict]:
    statements = lrs.statements(registration=registration)
    assert lms.refusals == []
    ids = [s["id"] for s in statements]
    assert len(ids) == len(set(ids)), "a statement is stored twice"
    assert cmi5_violations(statements, AU_ID) == []
    assert xapi_validation_problems(statements) == {}
    return statements


def state_document(lrs: TestLrs, launch) -> dict:
    scope = lrs.frontend.store.scope(
        "activities/state",
        {
            "activityId": launch.activity_id,
            "agent": _actor(launch),
            "registration": launch.registration,
        },
    )
    return json.loads(lrs.frontend.store.get(scope, "courseforge.state").content)


def _actor(launch) -> str:
    from urllib.parse import parse_qs, urlsplit

    return parse_qs(urlsplit(launch.url).query)["actor"][0]


def wait_for_state(lrs: TestLrs, launch, predicate, timeout: float = 15.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        try:
            state = state_document(lrs, launch)
        except AttributeError:  # not written yet
            state = {}
        if predicate(state):
            return state
        assert time.monotonic() < deadline, f"the state never matched: {state}"
        time.sleep(0.1)


def half_right(you: CourseLearner) -> dict:
    return {q["id"]: i < 5 for i, q in enumerate(you.quiz("final-quiz")["questions"])}


def test_pass_then_exit(learner_page, lms, lrs):
    launch = lms.launch_cmi5(learner("life-pass"))
    you = open_course(learner_page(), launch.url)
    you.walk(answers=True)
    you.exit()
    lrs.wait_for_statements(launch.registration, ended(1))
    statements = checked(lrs, lms, launch.registration)
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
    assert verbs[-1] == "terminated"
    state = state_document(lrs, launch)
    assert state["location"] == "_results" and state["flags"]["passed"] is True
    # completed/passed: the time to reach them; terminated: this session's own duration.
    assert all("duration" in s["result"] for s in statements[-3:])


def test_fail_with_an_attempt_left_then_pass_next_session(learner_page, lms, lrs):
    actor = learner("life-retry")
    first = lms.launch_cmi5(actor)
    you = open_course(learner_page(), first.url)
    you.walk(answers=True, stop_at="final-quiz")
    you.answer_quiz("final-quiz", half_right(you).get)
    you.walk()
    you.exit()  # one attempt left: the session reports its verdict, failed, when it ends
    lrs.wait_for_statements(first.registration, ended(1))

    second = lms.launch_cmi5(actor, first.registration)
    again = open_course(learner_page(), second.url)
    assert again.current_page() == "_results"
    again.goto("final-quiz")
    again.retry()
    again.answer_quiz("final-quiz", True)
    again.walk()
    again.exit()
    lrs.wait_for_statements(first.registration, ended(2))
    checked(lrs, lms, first.registration)
    one, two = sessions_of(lrs, first.registration)
    assert one[-2:] == ["failed", "terminated"] and "passed" not in one
    assert two[:2] == ["launched", "initialized"]
    assert two[-3:] == ["completed", "passed", "terminated"]
    assert two.count("answered") == FINAL


def test_fail_with_no_attempt_left_then_a_new_registration_starts_fresh(learner_page, lms, lrs):
    actor = learner("life-out")
    first = lms.launch_cmi5(actor)
    you = open_course(learner_page(), first.url)
    you.walk(answers=True, stop_at="final-quiz")
    you.answer_quiz("final-quiz", half_right(you).get)
    you.retry()
    you.answer_quiz("final-quiz", half_right(you).get)
    you.walk()
    you.exit()
    lrs.wait_for_statements(first.registration, ended(1))
    statements = checked(lrs, lms, first.registration)
    verbs = [verb_name(s) for s in statements]
    assert verbs.count("failed") == 1 and "passed" not in verbs and verbs[-1] == "terminated"
    failed = next(s for s in statements if verb_name(s) == "failed")
    assert failed["result"]["score"]["scaled"] < 0.8

    fresh = lms.launch_cmi5(actor)  # the LMS's new attempt: a new registration
    again = open_course(learner_page(), fresh.url)
    assert again.current_page() == again.course["pages"][0]["id"]
    again.goto("final-quiz")  # its page loads when needed
    for question in again.quiz("final-quiz")["questions"]:
        marks = again.question_form("final-quiz", question["id"]).get_attribute("class")
        assert "cf-right" not in marks and "cf-wrong" not in marks


@pytest.mark.parametrize("how", ["close the page", "remove the frame", "navigate the frame away"])
def test_leaving_mid_quiz_ends_the_session_and_resume_keeps_the_answers(
    learner_page, lms, lrs, how
):
    actor = learner(f"life-close-{how.split()[0]}-{how.split()[-2]}")
    first = lms.launch_cmi5(actor)
    page = learner_page()
    page.goto(f"{lms.url}/content/player.html#{first.url}")
    frame = page.frame_locator("#au")
    frame.locator(".cf-next").wait_for()
    au = page.frames[1]
    you = CourseLearner(au)
    you.course = json.loads(au.locator("#cf-course").text_content())
    you.walk(stop_at="stage-1-check")
    questions = [q["id"] for q in you.quiz("stage-1-check")["questions"]]
    you.answer("stage-1-check", questions[0], True)
    you.answer("stage-1-check", questions[1], False)
    # The learner reads the feedback before leaving: the answers reach the LRS meanwhile.
    lrs.wait_for_statements(
        first.registration, lambda s: [verb_name(x) for x in s].count("answered") == 2
    )
    wait_for_state(lrs, first, lambda state: state.get("location") == "stage-1-check")
    if how == "close the page":
        page.close()
    elif how == "remove the frame":
        page.evaluate("document.getElementById('au').remove()")
    else:
        page.evaluate("document.getElementById('au').src = 'about:blank'")
    statements = lrs.wait_for_statements(first.registration, ended(1))
    verbs = [verb_name(s) for s in statements]
    assert verbs[-1] == "terminated" and verbs.count("answered") == 2
    assert state_document(lrs, first)["location"] == "stage-1-check"

    second = lms.launch_cmi5(actor, first.registration)
    again = open_course(learner_page(), second.url)
    assert again.current_page() == "stage-1-check"
    marks = [again.question_form("stage-1-check", q).get_attribute("class") for q in questions]
    assert "cf-right" in marks[0] and "cf-wrong" in marks[1]
    again.walk()
    again.exit()
    lrs.wait_for_statements(first.registration, ended(2))
    checked(lrs, lms, first.registration)
    one, two = sessions_of(lrs, first.registration)
    assert "abandoned" not in one + two  # the closed tab still sent terminated
    assert two[-3:] == ["completed", "passed", "terminated"]


def test_review_shows_the_results_and_sends_only_initialized_and_terminated(learner_page, lms, lrs):
    actor = learner("life-review")
    first = lms.launch_cmi5(actor)
    you = open_course(learner_page(), first.url)
    you.walk(answers=True)
    you.exit()
    lrs.wait_for_statements(first.registration, ended(1))
    before = state_document(lrs, first)

    review = lms.launch_cmi5(actor, first.registration, launch_mode="Review")
    page = learner_page()
    again = open_course(page, review.url)
    assert again.current_page() == "_results"
    assert page.locator("[data-total='result']").text_content() == "Passed"
    page.close()  # the learner looks, then closes the tab
    lrs.wait_for_statements(first.registration, ended(2))
    checked(lrs, lms, first.registration)
    assert sessions_of(lrs, first.registration)[1] == ["launched", "initialized", "terminated"]
    assert state_document(lrs, first) == before


def test_closing_before_the_state_is_written_loses_nothing_and_breaks_no_rule(
    learner_page, lms, lrs
):
    """The tab closes while the changed state has not reached the LRS: it still terminates.

    Here the LRS never gets this session's state writes (held in the browser, as on a slow
    network). The dismissal may not write the state (a write landing after `terminated` is
    refused), so it stays in this browser, and the next launch on the same device writes it
    before its first statement.
    """
    actor = learner("life-close-fast")
    first = lms.launch_cmi5(actor)
    page = learner_page()
    held = []
    page.route(
        "**/xAPI/activities/state?*",
        lambda route: held.append(route) if route.request.method == "PUT" else route.continue_(),
    )
    you = open_course(page, first.url)
    you.walk(stop_at="stage-1-check")
    questions = [q["id"] for q in you.quiz("stage-1-check")["questions"]]
    you.answer("stage-1-check", questions[0], True)
    you.answer("stage-1-check", questions[1], False)
    page.close()
    statements = lrs.wait_for_statements(first.registration, ended(1))
    verbs = [verb_name(s) for s in statements]
    assert verbs[-1] == "terminated" and verbs.count("answered") == 2
    assert not _state_writes(lrs, first.registration), (
        "the test meant the LRS to have none of this session's state"
    )

    relaunched_at = len(lrs.frontend.log)
    second = lms.launch_cmi5(actor, first.registration)
    again = open_course(page.context.new_page(), second.url)
    assert again.current_page() == "stage-1-check"
    marks = [again.question_form("stage-1-check", q).get_attribute("class") for q in questions]
    assert "cf-right" in marks[0] and "cf-wrong" in marks[1]
    again.walk()
    again.exit()
    lrs.wait_for_statements(first.registration, ended(2))
    log = lrs.frontend.log[relaunched_at:]
    first_write = next(i for i, r in enumerate(log) if r in _state_writes(lrs, first.registration))
    first_statement = next(
        i for i, r in enumerate(log) if r.resource == "statements" and r.method == "POST"
    )
    assert first_write < first_statement
    assert json.loads(log[first_write].body)["location"] == "stage-1-check"
    checked(lrs, lms, first.registration)
    one, two = sessions_of(lrs, first.registration)
    assert one[-1] == "terminated" and "abandoned" not in one + two
    assert two[-3:] == ["completed", "passed", "terminated"]


def _state_writes(lrs: TestLrs, registration: str) -> list:
    return [
        r
        for r in lrs.frontend.log
        if r.resource == "activities/state"
        and r.method in ("PUT", "POST")
        and r.params.get("stateId") == "courseforge.state"
        and r.params.get("registration") == registration
    ]
