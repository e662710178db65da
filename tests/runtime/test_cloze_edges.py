"""A cloze's edges: every blank empty is no answer (checking asks for one, nothing is kept),
one blank given is (tests/runtime/test_cloze.py has the text blank, here the drop-down), the
first drop-down option survives the state string, and a state naming an option past the last is
refused.
"""

from __future__ import annotations

from types import SimpleNamespace

from playwright.sync_api import expect
from tests.runtime.learner import go_to, open_course, use_recording_adapter
from tests.runtime.test_cloze import CLOZE, QUIZ

from courseforge.render.state import Answer, LearnerState, QuizState, decode_state, encode_state


def test_checking_a_cloze_with_every_blank_empty_asks_for_an_answer(
    new_browser_session, starter_server, starter_course
):
    session = new_browser_session()
    use_recording_adapter(session)
    page = session.page
    open_course(page, starter_server + "/index.html")
    go_to(page, QUIZ)
    question = page.locator(f"[data-question={CLOZE}]")
    question.locator("input").fill("   ")  # spaces only: nothing typed
    question.locator("select").select_option("1")
    question.locator("select").select_option("")  # chosen, then taken back
    question.locator(".cf-check").click()

    expect(question.locator(".cf-verdict")).to_have_text("Answer the question, then check it.")
    expect(question.locator("input")).to_be_enabled()
    recorded = page.evaluate("recorded")
    assert [c for c in recorded if c[0] == "answered"] == []
    state = [c[1] for c in recorded if c[0] == "save"][-1]
    position = [q.id for q in starter_course.quizzes()[0].questions].index(CLOZE)
    assert decode_state(starter_course, state).quizzes[0].answers[position] is None
    session.assert_no_console_errors()


def test_a_cloze_with_only_its_drop_down_chosen_is_an_answer(
    new_browser_session, starter_server, starter_course
):
    session = new_browser_session()
    use_recording_adapter(session)
    page = session.page
    open_course(page, starter_server + "/index.html")
    go_to(page, QUIZ)
    question = page.locator(f"[data-question={CLOZE}]")
    question.locator("select").select_option("1")
    question.locator(".cf-check").click()

    expect(question.locator(".cf-verdict")).to_have_text("Incorrect: 0 of 2 points.")
    (answered,) = [c[1] for c in page.evaluate("recorded") if c[0] == "answered"]
    assert (answered["response"], answered["earned"]) == (["", "the learner's browser"], 0)


def test_the_first_drop_down_option_is_kept_in_the_state_and_resumed(
    new_browser_session, starter_server, starter_course
):
    session = new_browser_session()
    use_recording_adapter(session)
    page = session.page
    open_course(page, starter_server + "/index.html")
    go_to(page, QUIZ)
    page.locator(f"[data-question={CLOZE}] select").select_option("0")  # a draft

    state = [c[1] for c in page.evaluate("recorded") if c[0] == "save"][-1]
    position = [q.id for q in starter_course.quizzes()[0].questions].index(CLOZE)
    draft = decode_state(starter_course, state).quizzes[0].answers[position]
    assert (draft.value, draft.checked) == (("", 0), False)

    resumed = {"state": state, "location": QUIZ, "mode": "normal", "learnerName": None}
    page = new_browser_session().page
    use_recording_adapter(SimpleNamespace(page=page), resumed)
    open_course(page, starter_server + "/index.html")
    expect(page.locator(f"[data-question={CLOZE}] select")).to_have_value("0")
    session.assert_no_console_errors()


def test_a_state_with_a_drop_down_index_past_the_last_option_starts_afresh(
    new_browser_session, starter_server, starter_course
):
    quiz = starter_course.quizzes()[0]
    position = [q.id for q in quiz.questions].index(CLOZE)
    options = len(quiz.questions[position].blanks["checker"].choices)
    answers = [None] * len(quiz.questions)
    answers[position] = Answer(("", options), checked=False)
    pages = [p.id for p in starter_course.pages()]
    state = encode_state(
        starter_course,
        LearnerState(
            page=pages.index(QUIZ), visited={0}, seed=3, quizzes=[QuizState(1, 0, answers)]
        ),
    )
    resumed = {"state": state, "location": QUIZ, "mode": "normal", "learnerName": None}
    session = new_browser_session()
    use_recording_adapter(session, resumed)
    open_course(session.page, starter_server + "/index.html")

    saved = [c[1] for c in session.page.evaluate("recorded") if c[0] == "save"][0]
    fresh = decode_state(starter_course, saved)
    assert fresh.quizzes[0] == QuizState(0, None, [None] * len(quiz.questions))
    session.assert_no_console_errors()
