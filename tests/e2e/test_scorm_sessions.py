"""Whole SCORM sessions against an LMS that behaves like Moodle's player, edges included.

scorm-again is the LMS's API with its default synchronous commits to a real HTTP endpoint
(tests/e2e/lms/scorm_lms.py LmsServer), which is what Moodle's own API does: Chromium refuses
a synchronous XHR while the page is being dismissed. The LMS's server side keeps every commit
and the result and error code of every API call, so the assertions are about what the LMS
received and stored, also after the browser page is gone.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.e2e.lms.scorm_lms import LmsServer, open_lms, resume_cmi, serve_root
from tests.runtime.learner import CourseLearner

from courseforge.build import build
from courseforge.loader import load_course
from courseforge.render.state import decode_state

COURSE = Path(__file__).resolve().parents[2] / "course"
TARGETS = ("scorm12", "scorm2004")
FINAL = "final-quiz"  # the seed course's one graded quiz: 10 points, pass mark 8, 2 attempts
ERROR_QUERIES = ("GetLastError", "GetErrorString", "GetDiagnostic")

# What a learner sees of every question on the current page.
QUESTION_VIEW = """() => Array.from(document.querySelectorAll(".cf-page:not([hidden]) .cf-question form")).map(
  (form) => ({
    locked: form.querySelector("fieldset").disabled,
    inputs: Array.from(form.querySelectorAll("input, select")).map((el) =>
      el.type === "radio" || el.type === "checkbox" ? el.checked : el.value),
    verdict: form.querySelector(".cf-verdict").textContent,
  }))"""


@pytest.fixture(scope="module")
def lms_server(tmp_path_factory, js_deps):
    root = tmp_path_factory.mktemp("scorm-sessions")
    result = build(COURSE, root / "dist", TARGETS)
    packages = {output.target: output.path for output in result.outputs}
    server = LmsServer(serve_root(root / "www", packages, js_deps))
    yield server
    server.close()


@pytest.fixture(scope="module")
def seed():
    return load_course(COURSE)


def first_attempt(target: str) -> dict:
    """What Moodle hands a SCO on a new attempt: entry ab-initio and nothing saved."""
    return {"core": {"entry": "ab-initio"}} if target == "scorm12" else {"entry": "ab-initio"}


def launch(session, server, target, cmi=None):
    lms = open_lms(
        session.page,
        server.url,
        target,
        f"{target}/index.html",
        cmi=cmi or first_attempt(target),
        server=server,
    )
    session.page.wait_for_selector("#sco")
    learner = CourseLearner(session.page.query_selector("#sco").content_frame()).attach()
    return lms, learner


def failing(question_ids: list[str], right: int):
    """Answer the first `right` questions right and the rest wrong (1 point each)."""
    return lambda question_id: question_ids.index(question_id) < right


def final_ids(learner) -> list[str]:
    return [q["id"] for q in learner.quiz(FINAL)["questions"]]


def value(target: str, cmi: dict, name: str) -> str:
    """An element of a stored cmi by its SCORM 2004 name (1.2: the matching element)."""
    if target == "scorm2004":
        return cmi[name]
    core = cmi["core"]
    return {
        "location": core["lesson_location"],
        "suspend_data": cmi["suspend_data"],
        "exit": core["exit"],
        "entry": core["entry"],
        "status": core["lesson_status"],
        "score": core["score"]["raw"],
    }[name]


def outcome(target: str, cmi: dict) -> tuple:
    """(status(es), exit, raw score) as the LMS stored them."""
    if target == "scorm12":
        core = cmi["core"]
        return core["lesson_status"], core["exit"], core["score"]["raw"]
    return (cmi["completion_status"], cmi["success_status"]), cmi["exit"], cmi["score"]["raw"]


def assert_clean_session(lms) -> dict:
    """Every API call succeeded, the session ended exactly once; return the stored cmi."""
    stored = lms.wait_terminated()
    calls = stored.ordered_calls()
    failed = [c[:3] + c[4:] for c in stored.errors() if not c[0].endswith(ERROR_QUERIES)]
    assert failed == [], "API calls that returned an error code"
    end = "LMSFinish" if lms.target == "scorm12" else "Terminate"
    ends = [i for i, c in enumerate(calls) if c[0] == end]
    assert len(ends) == 1 and ends[0] == len(calls) - 1, "Terminate once, and nothing after it"
    assert stored.commits[-1] is stored.terminated, "nothing committed after Terminate"
    return stored.terminated


def relaunch(new_browser_session, server, target, stored: dict):
    session = new_browser_session()
    return session, *launch(session, server, target, resume_cmi(target, stored))


DISMISSALS = {
    "frame removed": lambda page: page.evaluate("document.querySelector('#sco').remove()"),
    "frame navigated": lambda page: page.evaluate(
        "document.querySelector('#sco').src = 'about:blank'"
    ),
    "tab closed": lambda page: page.close(),
}


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("dismissal", DISMISSALS)
def test_dismissed_mid_quiz_no_call_fails_and_the_learner_resumes(
    new_browser_session, lms_server, seed, target, dismissal
):
    session = new_browser_session()
    lms, learner = launch(session, lms_server, target)
    learner.walk(stop_at=FINAL)
    lms_server.wait(lms.key, lambda launch: len(launch.commits) >= 1)  # sync XHR commits work
    ids = final_ids(learner)
    learner.answer(FINAL, ids[0], right=True)
    learner.answer(FINAL, ids[1], right=False)  # pending: dismissed before the next commit
    before = learner.page.evaluate(QUESTION_VIEW)

    DISMISSALS[dismissal](session.page)

    stored = assert_clean_session(lms)
    assert lms.server.launches[lms.key].count("LMSCommit" if target == "scorm12" else "Commit")
    assert (value(target, stored, "location"), value(target, stored, "exit")) == (FINAL, "suspend")
    saved = decode_state(seed, value(target, stored, "suspend_data"))
    final = saved.quizzes[[q.id for q in seed.quizzes()].index(FINAL)]
    assert [a is not None and a.checked for a in final.answers[:3]] == [True, True, False]

    again, relaunched, learner = relaunch(new_browser_session, lms_server, target, stored)
    assert learner.current_page() == FINAL
    assert learner.page.evaluate(QUESTION_VIEW) == before
    assert value(target, relaunched.page.evaluate("() => testLms.snapshot()"), "entry") == "resume"
    again.assert_no_console_errors()


@pytest.mark.parametrize("target", TARGETS)
def test_pass(new_browser_session, lms_server, target):
    session = new_browser_session()
    lms, learner = launch(session, lms_server, target)
    learner.walk()
    learner.exit()

    stored = assert_clean_session(lms)
    expected = {
        "scorm12": ("passed", "", "100"),
        "scorm2004": (("completed", "passed"), "normal", "100"),
    }
    assert outcome(target, stored) == expected[target]
    assert "learning platform's navigation" in learner.page.locator(".cf-exit-done").text_content()
    session.assert_no_console_errors()


@pytest.mark.parametrize("target", TARGETS)
def test_fail_with_an_attempt_left_then_pass_in_a_later_session(
    new_browser_session, lms_server, target
):
    session = new_browser_session()
    lms, learner = launch(session, lms_server, target)
    learner.walk(answers={FINAL: failing(final_ids(learner), 4)})  # 4 of 10: failed, 1 left
    session.page.close()  # the learner leaves without the Exit button

    stored = assert_clean_session(lms)
    expected = {
        "scorm12": ("incomplete", "suspend", "40"),  # "failed" would end the LMS attempt
        "scorm2004": (("incomplete", "failed"), "suspend", "40"),
    }
    assert outcome(target, stored) == expected[target]

    again, lms, learner = relaunch(new_browser_session, lms_server, target, stored)
    assert learner.current_page() == "_results"
    learner.goto(FINAL)
    learner.retry()
    learner.answer_quiz(FINAL, right=True)
    learner.goto("_results")
    learner.exit()

    stored = assert_clean_session(lms)
    expected = {
        "scorm12": ("passed", "", "100"),
        "scorm2004": (("completed", "passed"), "normal", "100"),
    }
    assert outcome(target, stored) == expected[target]
    again.assert_no_console_errors()


@pytest.mark.parametrize("target", TARGETS)
def test_fail_with_no_attempt_left_ends_the_attempt_and_a_new_one_starts_fresh(
    new_browser_session, lms_server, seed, target
):
    session = new_browser_session()
    lms, learner = launch(session, lms_server, target)
    ids = final_ids(learner)
    learner.walk(answers={FINAL: failing(ids, 4)}, stop_at="_results")
    learner.goto(FINAL)
    learner.retry()
    learner.answer_quiz(FINAL, failing(ids, 6))  # best 6 of 10, no attempt left
    learner.goto("_results")
    learner.exit()

    stored = assert_clean_session(lms)
    expected = {
        "scorm12": ("failed", "", "60"),
        "scorm2004": (("completed", "failed"), "normal", "60"),
    }
    assert outcome(target, stored) == expected[target]

    # The LMS (Moodle: "Start a new attempt") opens a new attempt: ab-initio, nothing stored.
    again = new_browser_session()
    lms, learner = launch(again, lms_server, target)
    assert learner.current_page() == seed.pages()[0].id
    learner.goto(FINAL)
    assert learner.page.locator(f"#page-{FINAL} .cf-attempt").text_content() == "Attempt 1 of 2"
    learner.page.evaluate("() => window.dispatchEvent(new PageTransitionEvent('pagehide'))")
    stored = assert_clean_session(lms)
    fresh = decode_state(seed, value(target, stored, "suspend_data"))
    assert [quiz.completed_attempts for quiz in fresh.quizzes] == [0] * len(seed.quizzes())
    assert value(target, stored, "location") == FINAL
    again.assert_no_console_errors()


@pytest.mark.parametrize("target", TARGETS)
def test_review_shows_the_finished_attempt_read_only_and_writes_nothing(
    new_browser_session, lms_server, target
):
    session = new_browser_session()
    lms, learner = launch(session, lms_server, target)
    learner.walk()
    learner.exit()
    finished = assert_clean_session(lms)

    # Moodle's review launch: mode review, entry ab-initio, the attempt's stored values.
    review = resume_cmi(target, finished)
    if target == "scorm12":
        review["core"].update(lesson_mode="review", entry="ab-initio")
    else:
        review.update(mode="review", entry="ab-initio")
    again = new_browser_session()
    lms, learner = launch(again, lms_server, target, review)

    notice = learner.page.locator(".cf-mode-notice")
    assert notice.is_visible() and notice.text_content().startswith("Review mode")
    assert learner.current_page() == "_results"
    assert learner.page.locator('[data-total="result"]').text_content() == "Passed"
    learner.goto(FINAL)
    view = learner.page.evaluate(QUESTION_VIEW)
    assert view and all(q["locked"] and q["verdict"].startswith("Correct") for q in view)
    assert learner.page.locator(f"#page-{FINAL} .cf-retry").is_hidden()
    learner.goto("_results")
    learner.exit()

    stored = assert_clean_session(lms)
    names = {c[0] for c in lms.server.launches[lms.key].ordered_calls()}
    assert not names & {"LMSSetValue", "SetValue", "LMSCommit", "Commit"}
    assert value(target, stored, "suspend_data") == value(target, finished, "suspend_data")
    again.assert_no_console_errors()
