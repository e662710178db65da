"""The seed course's SCORM packages, played end to end in Chromium against scorm-again.

The test LMS (tests/e2e/lms/lms.html) provides window.API / window.API_1484_11 from npm
scorm-again with mastery_override off, loads the unzipped package's launch page in an iframe
and records every call. The learner is played through the real pages: Next buttons, quiz
forms, the results page's Exit button.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect
from tests.e2e.lms.scorm_lms import (
    SCORM12_TIMESPAN,
    SCORM2004_DURATION,
    interaction_problems,
    interactions,
    open_lms,
    resume_cmi,
    serve_root,
)
from tests.runtime.learner import CourseLearner

from courseforge.build import build
from support.http import StaticServer

COURSE = Path(__file__).resolve().parents[2] / "course"
TARGETS = ("scorm12", "scorm2004")
QUESTIONS = 27  # every question of the seed course's six quizzes
FINAL = "final-quiz"

# What a learner sees of every question on the current page.
QUESTION_VIEW = """() => Array.from(document.querySelectorAll(".cf-page:not([hidden]) .cf-question form")).map(
  (form) => ({
    classes: form.className,
    locked: form.querySelector("fieldset").disabled,
    inputs: Array.from(form.querySelectorAll("input, select")).map((el) =>
      el.type === "radio" || el.type === "checkbox" ? el.checked : el.value),
    order: Array.from(form.querySelectorAll(".cf-item")).map((item) => item.dataset.i),
    verdict: form.querySelector(".cf-verdict").textContent,
  }))"""


@pytest.fixture(scope="module")
def served(tmp_path_factory, js_deps):
    root = tmp_path_factory.mktemp("scorm-lms")
    result = build(COURSE, root / "dist", TARGETS)
    packages = {output.target: output.path for output in result.outputs}
    server = StaticServer(serve_root(root / "www", packages, js_deps))
    yield server.url
    server.close()


def launch(session, served, target, **options) -> tuple:
    lms = open_lms(session.page, served, target, f"{target}/index.html", **options)
    session.page.wait_for_selector("#sco")
    return lms, CourseLearner(session.page.query_selector("#sco").content_frame()).attach()


def status_line(learner):
    return learner.page.locator(".cf-status")


def _element(target, cmi, name):
    if target == "scorm2004":
        return cmi[name]
    core = cmi["core"]
    return {
        "location": core["lesson_location"],
        "suspend_data": cmi["suspend_data"],
        "exit": core["exit"],
    }[name]


def refused_responses(page) -> list[str]:
    """Collect every response of the page and its frames with an error status, as it comes."""
    refused: list[str] = []

    def on_response(response) -> None:
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            refused.append(f"{response.status} {response.url}")

    page.on("response", on_response)
    return refused


@pytest.mark.parametrize("target", TARGETS)
def test_complete_and_pass(new_browser_session, served, target):
    session = new_browser_session()
    refused = refused_responses(session.page)
    lms, learner = launch(session, served, target)

    learner.walk()
    assert learner.current_page() == "_results"
    assert "You have completed this course." in learner.page.locator(".cf-summary").text_content()
    learner.exit()
    session.page.wait_for_function("() => testLms.terminations.length === 1")

    cmi = lms.terminations()[0]
    entries = interactions(cmi)
    assert len(entries) == QUESTIONS
    assert {e["type"] for e in entries} == {
        "choice",
        "true-false",
        "fill-in",
        "numeric",
        "matching",
        "sequencing",
    }
    assert [p for e in entries for p in interaction_problems(target, e)] == []
    assert {e["result"] for e in entries} == {"correct"}
    if target == "scorm12":
        core = cmi["core"]
        assert (core["lesson_status"], core["exit"]) == ("passed", "")
        assert (core["score"]["raw"], core["score"]["min"], core["score"]["max"]) == (
            "100",
            "0",
            "100",
        )
        assert SCORM12_TIMESPAN.match(core["session_time"])
        assert entries[0]["id"] == "stage-1-check.stage-1-container-tool"
    else:
        assert (cmi["completion_status"], cmi["success_status"], cmi["exit"]) == (
            "completed",
            "passed",
            "normal",
        )
        score = cmi["score"]
        assert (score["raw"], score["scaled"], score["min"], score["max"]) == (
            "100",
            "1",
            "0",
            "100",
        )
        assert SCORM2004_DURATION.match(cmi["session_time"])
        assert entries[0]["id"] == (
            "https://courses.example.org/ai-engineering-architect/stage-1-check/stage-1-container-tool"
        )
    assert lms.calls("terminate") == 1
    assert lms.calls("initialize") == 1
    # Throttled: far fewer commits than the 27 answers and 16 page changes that asked for one.
    assert 1 <= lms.calls("commit") < 15
    session.assert_no_console_errors()
    # Every page after the first came from its pages/<id>.js, and nothing the SCO asked for 404ed.
    loaded = {url.rsplit("/", 1)[1] for url in session.requests if f"/{target}/pages/" in url}
    assert loaded == {f"{page['id']}.js" for page in learner.course["pages"][1:]}
    assert refused == []


@pytest.mark.parametrize("target", TARGETS)
def test_a_deep_link_opens_its_page_and_resume_wins_over_it(new_browser_session, served, target):
    session = new_browser_session()
    lms = open_lms(session.page, served, target, f"{target}/index.html#certifications-check")
    session.page.wait_for_selector("#sco")
    learner = CourseLearner(session.page.query_selector("#sco").content_frame()).attach()
    assert learner.current_page() == "certifications-check"
    assert learner.next() == "frequently-asked-questions"
    session.page.evaluate("() => { document.querySelector('#sco').src = 'about:blank'; }")
    session.page.wait_for_function("() => testLms.terminations.length === 1")
    last_commit = lms.terminations()[0]
    assert _element(target, last_commit, "location") == "frequently-asked-questions"

    again = new_browser_session()
    open_lms(
        again.page,
        served,
        target,
        f"{target}/index.html#what-the-role-is",
        cmi=resume_cmi(target, last_commit),
    )
    again.page.wait_for_selector("#sco")
    resumed = CourseLearner(again.page.query_selector("#sco").content_frame()).attach()
    assert resumed.current_page() == "frequently-asked-questions"  # the LMS's resume wins
    session.assert_no_console_errors()
    again.assert_no_console_errors()


@pytest.mark.parametrize("target", TARGETS)
def test_fail_the_final_quiz(new_browser_session, served, target):
    session = new_browser_session()
    lms, learner = launch(session, served, target)

    ids = [q["id"] for q in learner.quiz(FINAL)["questions"]]
    learner.walk({FINAL: lambda question: ids.index(question) < 4})  # 4 of 10 points
    assert learner.page.locator('[data-total="result"]').text_content() == "Failed"
    learner.exit()
    session.page.wait_for_function("() => testLms.terminations.length === 1")

    cmi = lms.terminations()[0]
    if target == "scorm12":
        core = cmi["core"]
        # An attempt is left: "failed" would end the LMS attempt, so it stays incomplete.
        assert (core["lesson_status"], core["score"]["raw"]) == ("incomplete", "40")
        assert core["exit"] == "suspend"
    else:
        assert (cmi["completion_status"], cmi["success_status"]) == ("incomplete", "failed")
        assert (cmi["score"]["raw"], cmi["score"]["scaled"]) == ("40", "0.4")
        assert cmi["exit"] == "suspend"
    final = [e for e in interactions(cmi) if "final-quiz" in e["id"]]
    assert (
        sorted(e["result"] for e in final)
        == ["correct"] * 4 + ["wrong" if target == "scorm12" else "incorrect"] * 6
    )


@pytest.mark.parametrize("target", TARGETS)
def test_close_mid_course_and_resume(new_browser_session, served, target):
    session = new_browser_session()
    lms, learner = launch(session, served, target)
    learner.walk(stop_at="stage-1-check")
    first, draft, third = [q["id"] for q in learner.quiz("stage-1-check")["questions"]][:3]
    learner.answer("stage-1-check", first, right=True)
    learner.answer("stage-1-check", third, right=False)
    learner.question_form("stage-1-check", draft).locator("input").first.fill("Azure ML")
    before = learner.page.evaluate(QUESTION_VIEW)

    session.page.evaluate("() => { document.querySelector('#sco').src = 'about:blank'; }")
    session.page.wait_for_function("() => testLms.terminations.length === 1")

    last_commit = lms.terminations()[0]  # LMSFinish/Terminate carries the last values
    assert _element(target, last_commit, "location") == "stage-1-check"
    assert _element(target, last_commit, "exit") == "suspend"
    assert _element(target, last_commit, "suspend_data").startswith("1~")
    assert lms.calls("terminate") == 1

    again = new_browser_session()
    relaunched, learner = launch(again, served, target, cmi=resume_cmi(target, last_commit))
    assert learner.current_page() == "stage-1-check"
    assert learner.page.evaluate(QUESTION_VIEW) == before
    cmi = relaunched.snapshot()
    assert (cmi["core"]["entry"] if target == "scorm12" else cmi["entry"]) == "resume"
    again.assert_no_console_errors()


@pytest.mark.parametrize("target", TARGETS)
def test_an_lms_that_refuses_everything_does_not_stop_the_learner(
    new_browser_session, served, target
):
    session = new_browser_session()
    failures = {
        "commit": 100000,
        "set": ["cmi.suspend_data", "cmi.core.lesson_status", "cmi.completion_status"],
    }
    lms, learner = launch(session, served, target, failures=failures)

    learner.walk()
    assert "You have completed this course." in learner.page.locator(".cf-summary").text_content()
    expect(status_line(learner)).to_have_text("The LMS did not save your progress; retrying.")
    session.page.wait_for_function("() => testLms.refusedCommits >= 2")  # and it keeps retrying
    learner.page.locator(".cf-exit").click()
    session.page.wait_for_function(
        "() => testLms.calls.some(c => c[0].endsWith('Finish') || c[0] === 'Terminate')"
    )

    warnings = [text for kind, text in session.console_messages if kind == "warning"]
    assert any(
        "failed: error 101 (General exception) - test LMS refuses the commit" in w for w in warnings
    )
    session.assert_no_console_errors()


@pytest.mark.parametrize("target", TARGETS)
def test_no_lms_runs_standalone(new_browser_session, served, target):
    session = new_browser_session()
    learner = CourseLearner(session.page)
    learner.open(f"{served}/{target}/index.html")

    expect(status_line(learner)).to_have_text("No LMS found: this session is not recorded.")
    learner.walk()
    assert "You have completed this course." in learner.page.locator(".cf-summary").text_content()
    learner.exit()
    assert learner.page.locator(".cf-exit-done").text_content().endswith("close this window.")
    session.assert_no_console_errors()
