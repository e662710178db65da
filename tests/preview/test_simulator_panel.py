"""The simulator panel follows the learner: SCORM data model values, cmi5/TinCan statements.

The seed course runs in `courseforge preview --standard ...` in Chromium; the learner answers
the final quiz (choice and true/false questions) through the quiz forms.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from preview_helpers import copy_seed_course, running_preview

FINAL_QUIZ_QUESTIONS = 10

# Answers every question of the quiz on the page `quizId` correctly, through its forms.
ANSWER_QUIZ_CORRECTLY = """(quizId) => {
  const course = JSON.parse(document.querySelector("#cf-course").textContent);
  const quiz = course.quizzes.find((q) => course.pages[q.page].id === quizId);
  const section = document.getElementById("page-" + quizId);
  quiz.questions.forEach((q, i) => {
    const form = section.querySelector(`.cf-question[data-q="${i}"] form`);
    if (q.type === "choice") {
      form.querySelectorAll("input").forEach((input) => {
        input.checked = q.correct.includes(q.choices[Number(input.value)].id);
      });
    } else if (q.type === "true-false") {
      form.querySelector(`input[value="${q.correct ? 1 : 0}"]`).checked = true;
    } else {
      throw new Error("this helper answers choice and true-false questions only: " + q.type);
    }
    form.querySelector(".cf-check").click();
  });
}"""


@pytest.fixture
def course(tmp_path):
    return copy_seed_course(tmp_path)


def course_frame(page):
    frame = page.frame_locator("#cfp-course")
    expect(frame.locator(".cf-page:not([hidden])")).to_have_count(1)
    return frame


def answer_final_quiz(page) -> None:
    frame = page.frame(url=lambda url: "/course/" in url)
    frame.evaluate("document.querySelector('#cf-menu a[href=\"#page-final-quiz\"]').click()")
    frame.wait_for_selector("#page-final-quiz:not([hidden])")  # its page loads when needed
    frame.evaluate(ANSWER_QUIZ_CORRECTLY, "final-quiz")


def panel_value(page, element: str):
    return page.locator(f'#cfp-panel .cfp-all [data-element="{element}"] td')


@pytest.mark.parametrize(
    ("standard", "status", "score", "score_value"),
    [
        ("scorm12", "cmi.core.lesson_status", "cmi.core.score.raw", "100"),
        ("scorm2004", "cmi.completion_status", "cmi.score.scaled", "1"),
    ],
)
def test_scorm_panel_shows_status_score_and_interactions(
    course, browser_page, standard, status, score, score_value
):
    page = browser_page.page
    with running_preview(course, standard) as preview:
        page.goto(preview.url)
        course_frame(page)
        expect(panel_value(page, status)).to_have_text("incomplete")
        answer_final_quiz(page)
        expect(page.locator("#cfp-panel [data-interaction]")).to_have_count(FINAL_QUIZ_QUESTIONS)
        expect(panel_value(page, score)).to_have_text(score_value)
        if standard == "scorm2004":
            expect(panel_value(page, "cmi.success_status")).to_have_text("passed")
        # Every call the course made was accepted by the standard's rules.
        expect(page.locator("#cfp-panel .cfp-error-call")).to_have_count(0)

        page.locator("#cfp-relaunch").click()
        course_frame(page)
        entry = "cmi.core.entry" if standard == "scorm12" else "cmi.entry"
        expect(panel_value(page, entry)).to_have_text("resume")
        expect(panel_value(page, score)).to_have_text(score_value)

        page.locator("#cfp-new-attempt").click()
        course_frame(page)
        expect(panel_value(page, entry)).to_have_text("ab-initio")
        expect(page.locator("#cfp-panel [data-interaction]")).to_have_count(0)
    browser_page.assert_no_console_errors()


@pytest.mark.parametrize("standard", ["cmi5", "xapi"])
def test_statement_panel_lists_what_the_course_sends(course, browser_page, standard):
    page = browser_page.page
    statements = page.locator("#cfp-panel .cfp-statement")
    with running_preview(course, standard) as preview:
        page.goto(preview.url)
        course_frame(page)
        if standard == "cmi5":
            expect(statements.and_(page.locator('[data-verb="launched"]'))).to_have_count(1)
            expect(statements.and_(page.locator('[data-verb="initialized"]'))).to_have_count(1)
        answer_final_quiz(page)
        answered = statements.and_(page.locator('[data-verb="answered"]'))
        expect(answered).to_have_count(FINAL_QUIZ_QUESTIONS)
        # The learner leaves without "Exit course": the page going away ends the session.
        page.locator("#cfp-course").evaluate("(frame) => { frame.src = 'about:blank'; }")
        expect(statements.and_(page.locator('[data-verb="terminated"]'))).to_have_count(1)
        page.locator("#cfp-relaunch").click()
        course_frame(page)
        if standard == "cmi5":
            # It terminated, so the simulator, as the LMS, has nothing to abandon.
            expect(statements.and_(page.locator('[data-verb="abandoned"]'))).to_have_count(0)
            expect(statements.and_(page.locator('[data-verb="launched"]'))).to_have_count(2)
            expect(statements.and_(page.locator('[data-verb="initialized"]'))).to_have_count(2)
        # The in-memory LRS refused nothing the course sent.
        expect(page.locator("#cfp-panel .cfp-error-call")).to_have_count(0)
    assert_no_console_errors_but_missing_documents(browser_page)


def assert_no_console_errors_but_missing_documents(session) -> None:
    """A 404 for a state or profile nobody wrote yet is xAPI's normal answer (Chromium logs it)."""
    others = [
        error
        for error in session.console_errors
        if not (
            "status of 404" in error
            and ("/lrs/activities/state?" in error or "/lrs/agents/profile?" in error)
        )
    ]
    assert not others, "\n".join(others)
