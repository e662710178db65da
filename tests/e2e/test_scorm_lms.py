"""The seed course's SCORM packages, played end to end in Chromium against scorm-again.

The test LMS (tests/e2e/lms/lms.html) provides window.API / window.API_1484_11 from npm
scorm-again with mastery_override off, loads the unzipped package's launch page in an iframe
and records every call. The learner is played through the real pages: Next buttons, quiz
forms, the results page's Exit button.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.e2e.lms.scorm_lms import (
    SCORM12_TIMESPAN,
    SCORM2004_DURATION,
    interaction_problems,
    interactions,
    open_lms,
    resume_cmi,
    serve_root,
)

from courseforge.build import build
from support.http import StaticServer

COURSE = Path(__file__).resolve().parents[2] / "course"
TARGETS = ("scorm12", "scorm2004")
QUESTIONS = 27  # every question of the seed course's six quizzes
FINAL_QUIZ = 5

# Answers one quiz through its forms: plan[i] is True (right), False (wrong) or None (skip),
# by authored question index; the correct answers come from the page's own course data.
ANSWER_QUIZ = """([qi, plan]) => {
  const course = JSON.parse(document.querySelector("#cf-course").textContent);
  const quiz = course.quizzes[qi];
  const section = document.getElementById("page-" + course.pages[quiz.page].id);
  quiz.questions.forEach((q, i) => {
    const right = plan[i];
    if (right === null || right === undefined) return;
    const form = section.querySelector(`.cf-question[data-q="${i}"] form`);
    const inputs = Array.from(form.querySelectorAll("input"));
    if (q.type === "choice") {
      const good = q.choices.map((c, k) => (q.correct.includes(c.id) ? k : -1)).filter((k) => k >= 0);
      const bad = q.choices.map((_, k) => k).filter((k) => !good.includes(k));
      const pick = right ? good : [bad[0]];
      inputs.forEach((input) => { input.checked = pick.includes(Number(input.value)); });
    } else if (q.type === "true-false") {
      form.querySelector(`input[value="${q.correct === right ? 1 : 0}"]`).checked = true;
    } else if (q.type === "fill-in") {
      inputs[0].value = right ? q.correct.answers[0] : "not it";
    } else if (q.type === "numeric") {
      inputs[0].value = String(right ? q.correct.min : q.correct.max + 1);
    } else if (q.type === "matching") {
      form.querySelectorAll("select").forEach((select, s) => {
        const t = q.targets.findIndex((target) => target.id === q.correct[s][1]);
        select.value = String(right ? t : (t + 1) % q.targets.length);
      });
    } else {
      const list = form.querySelector(".cf-sequence");
      const order = q.correct.map((id) => q.choices.findIndex((c) => c.id === id));
      if (!right) order.reverse();
      order.forEach((k) => list.appendChild(list.querySelector(`.cf-item[data-i="${k}"]`)));
    }
    form.querySelector(".cf-check").click();
  });
}"""

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


class Learner:
    """Plays the course inside the SCO frame (or the top page when there is no LMS)."""

    def __init__(self, page, in_frame: bool = True):
        self.page = page
        self.in_frame = in_frame
        self.frame.wait_for_selector(".cf-page:not([hidden])", state="attached")

    @property
    def frame(self):
        return self.page.main_frame.child_frames[0] if self.in_frame else self.page.main_frame

    def current(self) -> str:
        return self.frame.evaluate("() => document.querySelector('.cf-page:not([hidden])').id")

    def quiz_on_page(self) -> int | None:
        return self.frame.evaluate(
            """() => {
                const course = JSON.parse(document.querySelector("#cf-course").textContent);
                const id = document.querySelector(".cf-page:not([hidden])").id.slice(5);
                const qi = course.quizzes.findIndex((quiz) => course.pages[quiz.page].id === id);
                return qi < 0 ? null : qi;
            }"""
        )

    def answer(self, quiz: int, plan: list[bool | None]) -> None:
        self.frame.evaluate(ANSWER_QUIZ, [quiz, plan])

    def next(self) -> bool:
        button = self.frame.locator(".cf-next")
        if button.is_hidden():
            return False
        button.click()
        return True

    def play(self, plans: dict[int, list[bool | None]] | None = None, stop_at: str | None = None):
        """Go through every page, answering each quiz (all right unless `plans` says otherwise)."""
        plans = plans or {}
        while self.current() != stop_at:
            quiz = self.quiz_on_page()
            if quiz is not None:
                self.answer(quiz, plans.get(quiz, [True] * 20))
            if not self.next():
                return

    def status_line(self) -> str:
        return self.frame.locator(".cf-status").text_content()


def launch(session, served, target, **options) -> tuple:
    lms = open_lms(session.page, served, target, f"{target}/index.html", **options)
    return lms, Learner(session.page)


def _element(target, cmi, name):
    if target == "scorm2004":
        return cmi[name]
    core = cmi["core"]
    return {
        "location": core["lesson_location"],
        "suspend_data": cmi["suspend_data"],
        "exit": core["exit"],
    }[name]


@pytest.mark.parametrize("target", TARGETS)
def test_complete_and_pass(new_browser_session, served, target):
    session = new_browser_session()
    lms, learner = launch(session, served, target)

    learner.play()
    assert learner.current() == "page-_results"
    assert "You have completed this course." in learner.frame.locator(".cf-summary").text_content()
    learner.frame.locator(".cf-exit").click()
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


@pytest.mark.parametrize("target", TARGETS)
def test_fail_the_final_quiz(new_browser_session, served, target):
    session = new_browser_session()
    lms, learner = launch(session, served, target)

    learner.play({FINAL_QUIZ: [True] * 4 + [False] * 6})  # 4 of 10 points
    assert learner.frame.locator('[data-total="result"]').text_content() == "Failed"
    learner.frame.locator(".cf-exit").click()
    session.page.wait_for_function("() => testLms.terminations.length === 1")

    cmi = lms.terminations()[0]
    if target == "scorm12":
        core = cmi["core"]
        assert (core["lesson_status"], core["score"]["raw"]) == ("failed", "40")
        assert core["exit"] == "suspend"  # attempts are left: the learner may come back
    else:
        assert (cmi["completion_status"], cmi["success_status"]) == ("incomplete", "failed")
        assert (cmi["score"]["raw"], cmi["score"]["scaled"]) == ("40", "0.4")
    final = [e for e in interactions(cmi) if "final-quiz" in e["id"]]
    assert (
        sorted(e["result"] for e in final)
        == ["correct"] * 4 + ["wrong" if target == "scorm12" else "incorrect"] * 6
    )


@pytest.mark.parametrize("target", TARGETS)
def test_close_mid_course_and_resume(new_browser_session, served, target):
    session = new_browser_session()
    lms, learner = launch(session, served, target)
    learner.play(stop_at="page-stage-1-check")
    learner.answer(0, [True, None, False])  # two checked answers, one left as a draft
    learner.frame.locator('#page-stage-1-check .cf-question[data-q="1"] input').fill("Azure ML")
    before = learner.frame.evaluate(QUESTION_VIEW)

    session.page.evaluate("() => { document.querySelector('#sco').src = 'about:blank'; }")
    session.page.wait_for_function("() => testLms.terminations.length === 1")

    last_commit = lms.commits()[-1]
    assert _element(target, last_commit, "location") == "stage-1-check"
    assert _element(target, last_commit, "exit") == "suspend"
    assert _element(target, last_commit, "suspend_data").startswith("1~")
    assert lms.calls("terminate") == 1

    again = new_browser_session()
    relaunched, learner = launch(again, served, target, cmi=resume_cmi(target, last_commit))
    assert learner.current() == "page-stage-1-check"
    assert learner.frame.evaluate(QUESTION_VIEW) == before
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

    learner.play()
    assert "You have completed this course." in learner.frame.locator(".cf-summary").text_content()
    assert learner.status_line() == "The LMS did not save your progress; retrying."
    learner.frame.locator(".cf-exit").click()
    session.page.wait_for_function(
        "() => testLms.calls.some(c => c[0].endsWith('Finish') || c[0] === 'Terminate')"
    )

    warnings = [text for kind, text in session.console_messages if kind == "warning"]
    assert any(
        "failed: error 101 (General exception) - test LMS refuses the commit" in w for w in warnings
    )
    assert session.page.evaluate("() => testLms.refusedCommits") >= 2  # and it kept retrying
    session.assert_no_console_errors()


@pytest.mark.parametrize("target", TARGETS)
def test_no_lms_runs_standalone(new_browser_session, served, target):
    session = new_browser_session()
    session.page.goto(f"{served}/{target}/index.html")
    learner = Learner(session.page, in_frame=False)

    assert learner.status_line() == "No LMS found: this session is not recorded."
    learner.play()
    assert "You have completed this course." in learner.frame.locator(".cf-summary").text_content()
    learner.frame.locator(".cf-exit").click()
    session.assert_no_console_errors()
