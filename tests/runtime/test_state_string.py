"""The runtime's state encoder, run in Chromium, against its Python mirror."""

from __future__ import annotations

from tests.runtime.learner import go_to, open_course, saved_state

from courseforge.render.state import (
    FILL_IN_MAX_LENGTH,
    NUMERIC_MAX_LENGTH,
    decode_state,
    encode_state,
    worst_case_state_length,
)

AWKWARD_TEXT = "~|*!é😀"  # the field separators, the escape and non-ASCII (one astral)


def long_text(limit: int) -> str:
    """Return awkward text exactly `limit` UTF-16 code units long (what maxlength counts)."""
    text = ""
    for char in AWKWARD_TEXT * limit:
        if js_length(text + char) > limit:
            break
        text += char
    return text


def js_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def answer_every_question(page, course, *, check: bool) -> None:
    """Give every question its longest answer; check it or leave it as a draft."""
    for quiz in course.quizzes():
        go_to(page, quiz.id)
        for question in quiz.questions:
            scope = page.locator(f"[data-question={question.id}]")
            kind = question.type
            if kind in ("single_choice", "true_false"):
                scope.locator("input").last.check()
            elif kind == "multiple_response":
                for box in scope.locator("input").all():
                    box.check()
            elif kind == "fill_in":
                scope.locator("input").fill(long_text(FILL_IN_MAX_LENGTH))
            elif kind == "numeric":
                scope.locator("input").fill("4" if check else long_text(NUMERIC_MAX_LENGTH))
            elif kind == "matching":
                for select in scope.locator("select").all():
                    select.select_option(index=len(question.pairs))
            else:
                scope.locator(".cf-move[data-move='1']").first.click()
            if check:
                scope.locator(".cf-check").click()


def test_fully_answered_course_state_fits_the_python_worst_case(
    new_browser_session, seed_server, seed_course
):
    session = new_browser_session()
    page = session.page
    open_course(page, seed_server + "/index.html")

    answer_every_question(page, seed_course, check=True)
    page.click("#cf-menu a[href='#page-_results']")
    state = saved_state(page)

    assert js_length(state) <= worst_case_state_length(seed_course)
    decoded = decode_state(seed_course, state)
    assert decoded is not None
    assert encode_state(seed_course, decoded) == state
    assert all(quiz.completed_attempts == 1 for quiz in decoded.quizzes)
    assert all(answer.checked for quiz in decoded.quizzes for answer in quiz.answers)
    fill_in = decoded.quizzes[0].answers[0]
    assert fill_in.value == long_text(FILL_IN_MAX_LENGTH)
    assert decoded.page == len(seed_course.pages())
    session.assert_no_console_errors()


def test_longest_drafts_state_matches_the_python_mirror(
    new_browser_session, seed_server, seed_course
):
    session = new_browser_session()
    page = session.page
    open_course(page, seed_server + "/index.html")

    answer_every_question(page, seed_course, check=False)
    state = saved_state(page)

    decoded = decode_state(seed_course, state)
    assert decoded is not None
    assert encode_state(seed_course, decoded) == state
    assert js_length(state) <= worst_case_state_length(seed_course)
    numeric = next(
        answer
        for quiz_state, quiz in zip(decoded.quizzes, seed_course.quizzes(), strict=True)
        for answer, question in zip(quiz_state.answers, quiz.questions, strict=True)
        if question.type == "numeric"
    )
    assert numeric.value == long_text(NUMERIC_MAX_LENGTH) and not numeric.checked
