"""The seed course, from first page to results, with nothing but the keyboard."""

from __future__ import annotations

from playwright.sync_api import expect
from tests.runtime.learner import (
    KeyboardLearner,
    assert_same_origin_only,
    current_page_id,
    open_course,
    pages_in_order,
    question_order,
    quiz_questions,
)

FINAL_QUIZ = "final-quiz"


def answer_quiz(learner: KeyboardLearner, course, quiz_id: str, right_answers: int) -> None:
    """Answer the first `right_answers` questions (in the order shown) rightly, the rest wrongly."""
    questions = quiz_questions(course, quiz_id)
    for position, question_id in enumerate(question_order(learner.page, quiz_id)):
        learner.answer(questions[question_id], right=position < right_answers)


def test_whole_course_completed_by_keyboard_failing_then_passing_the_final_quiz(
    new_browser_session, seed_server, seed_course
):
    session = new_browser_session(viewport=(1280, 900))
    page = session.page
    open_course(page, seed_server + "/index.html")
    learner = KeyboardLearner(page)
    quiz_ids = {quiz.id for quiz in seed_course.quizzes()}

    for page_id in pages_in_order(seed_course)[:-1]:
        assert current_page_id(page) == page_id
        quiz_result = page.locator(f"#page-{page_id} .cf-result-text")
        if page_id == FINAL_QUIZ:
            answer_quiz(learner, seed_course, page_id, right_answers=5)
            expect(quiz_result).to_contain_text("You scored 5 of 10 points")
            expect(quiz_result).to_contain_text("1 attempt left")
            learner.tab_to("el.matches('.cf-retry')")  # next after the focused result heading
            page.keyboard.press("Enter")
            answer_quiz(learner, seed_course, page_id, right_answers=8)
            expect(quiz_result).to_contain_text("You scored 8 of 10 points")
            expect(quiz_result).to_contain_text("You passed this quiz")
            expect(quiz_result).to_contain_text("No attempts left")
        elif page_id in quiz_ids:
            count = len(quiz_questions(seed_course, page_id))
            answer_quiz(learner, seed_course, page_id, right_answers=count)
            expect(quiz_result).to_contain_text(f"You scored {count} of {count} point")
        learner.next_page()
        assert learner.focused("el.tagName") == "H1", "focus should move to the new page's heading"

    assert current_page_id(page) == "_results"
    results = page.locator("#page-_results")
    expect(results.locator(".cf-summary")).to_have_text("You have completed this course.")
    expect(results.locator("[data-total=score]")).to_have_text("80%")
    expect(results.locator("[data-total=result]")).to_have_text("Passed")
    expect(results.locator(".cf-todo")).to_have_text("Nothing: every page is done.")
    expect(page.locator(".cf-progress-track")).to_have_attribute("aria-valuenow", "100")

    learner.tab_to("el.matches('.cf-exit')")
    page.keyboard.press("Enter")
    expect(page.locator(".cf-exit-done")).to_be_focused()
    session.assert_no_console_errors()
    assert_same_origin_only(session.requests, seed_server)


def test_final_quiz_failed_twice_on_a_phone_by_keyboard(
    new_browser_session, seed_server, seed_course
):
    session = new_browser_session(viewport=(375, 800))
    page = session.page
    open_course(page, seed_server + "/index.html")
    learner = KeyboardLearner(page)

    learner.open_from_menu(FINAL_QUIZ)
    assert current_page_id(page) == FINAL_QUIZ
    answer_quiz(learner, seed_course, FINAL_QUIZ, right_answers=3)
    learner.tab_to("el.matches('.cf-retry')")  # next after the focused result heading
    page.keyboard.press("Enter")
    answer_quiz(learner, seed_course, FINAL_QUIZ, right_answers=6)

    quiz_result = page.locator(f"#page-{FINAL_QUIZ} .cf-quiz-result")
    expect(quiz_result).to_contain_text("You scored 6 of 10 points")
    expect(quiz_result).to_contain_text("did not pass")
    expect(quiz_result).to_contain_text("No attempts left")
    expect(quiz_result.locator(".cf-retry")).to_be_hidden()

    learner.open_from_menu("_results")
    results = page.locator("#page-_results")
    expect(results.locator("[data-total=score]")).to_have_text("60%")
    expect(results.locator("[data-total=result]")).to_have_text("Failed")
    expect(results.locator(".cf-summary")).to_contain_text("not complete yet")
    expect(
        results.locator(f"tr:has(a[href='#page-{FINAL_QUIZ}']) [data-cell=attempts]")
    ).to_have_text("2 of 2")
    session.assert_no_console_errors()
    assert_same_origin_only(session.requests, seed_server)
