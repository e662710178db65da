"""The cloze question on the learner page: keyboard only, axe-clean, saved and resumed, reported.

The starter course holds one cloze (a text entry and a drop-down in one sentence). The adapters'
formats for it (SCORM 1.2/2004 against scorm-again, xAPI/cmi5 against the LRS) are checked in
tests/e2e/test_cloze_tracking.py.
"""

from __future__ import annotations

from playwright.sync_api import expect
from tests.runtime.learner import (
    KeyboardLearner,
    go_to,
    open_course,
    quiz_questions,
    use_recording_adapter,
)
from tests.runtime.test_accessibility import serious_violations

from courseforge.render.state import decode_state, encode_state

QUIZ = "check"
CLOZE = "quiz-file"
STARTER_STORAGE_KEY = "courseforge:my-course@0.1.0"


def cloze_item(course):
    return quiz_questions(course, QUIZ)[CLOZE]


def test_a_cloze_is_answered_and_checked_by_keyboard(
    new_browser_session, starter_server, starter_course
):
    session = new_browser_session()
    page = session.page
    open_course(page, starter_server + "/index.html")
    go_to(page, QUIZ)
    learner = KeyboardLearner(page)
    question = page.locator(f"[data-question={CLOZE}]")

    learner.answer(cloze_item(starter_course), right=False)
    expect(question.locator(".cf-verdict")).to_have_text("Incorrect: 0 of 2 points.")
    marks = question.locator(".cf-blank .cf-mark")
    expect(marks.nth(0)).to_have_text("Correct answer: .quiz.yaml")
    expect(marks.nth(1)).to_have_text("Correct answer: the build")
    assert question.locator("input").is_disabled() and question.locator("select").is_disabled()
    session.assert_no_console_errors()


def test_a_right_cloze_scores_and_every_blank_says_correct(
    new_browser_session, starter_server, starter_course
):
    session = new_browser_session()
    page = session.page
    open_course(page, starter_server + "/index.html")
    go_to(page, QUIZ)
    KeyboardLearner(page).answer(cloze_item(starter_course), right=True)
    question = page.locator(f"[data-question={CLOZE}]")
    expect(question.locator(".cf-verdict")).to_have_text("Correct: 2 of 2 points.")
    expect(question.locator(".cf-blank .cf-mark")).to_have_text(["Correct", "Correct"])


def test_a_cloze_with_one_blank_left_empty_is_not_checked(new_browser_session, starter_server):
    session = new_browser_session()
    page = session.page
    open_course(page, starter_server + "/index.html")
    go_to(page, QUIZ)
    question = page.locator(f"[data-question={CLOZE}]")
    question.locator("input").fill(".quiz.yaml")
    question.locator(".cf-check").click()
    # One blank given is an answer (all or nothing): checked, and wrong.
    expect(question.locator(".cf-verdict")).to_have_text("Incorrect: 0 of 2 points.")
    page.reload()
    page.wait_for_selector(".cf-page:not([hidden])")
    go_to(page, QUIZ)
    question = page.locator(f"[data-question={CLOZE}]")
    expect(question.locator("input")).to_have_value(".quiz.yaml")
    expect(question.locator("select")).to_have_value("")


def test_the_quiz_page_with_a_cloze_has_no_serious_axe_violations(
    new_browser_session, starter_server, starter_course, js_deps
):
    problems = {}
    for width, scheme in ((375, "dark"), (1280, "light")):
        session = new_browser_session(viewport=(width, 900), color_scheme=scheme)
        page = session.page
        open_course(page, starter_server + "/index.html")
        page.add_script_tag(path=str(js_deps / "axe-core" / "axe.min.js"))
        go_to(page, QUIZ)
        problems[f"{width} {scheme}"] = serious_violations(page)
        KeyboardLearner(page).answer(cloze_item(starter_course), right=False)
        problems[f"{width} {scheme} checked"] = serious_violations(page)
    assert {where: found for where, found in problems.items() if found} == {}


def test_a_cloze_draft_is_saved_resumed_and_mirrored_in_python(
    new_browser_session, starter_server, starter_course
):
    session = new_browser_session()
    page = session.page
    open_course(page, starter_server + "/index.html")
    go_to(page, QUIZ)
    question = page.locator(f"[data-question={CLOZE}]")
    awkward = "a~b|c*!d,e!,f"  # the state's separators, its escape and the blank separator
    question.locator("input").fill(awkward[:40])
    question.locator("select").select_option("2")
    state = page.evaluate(f"JSON.parse(localStorage.getItem('{STARTER_STORAGE_KEY}')).state")

    decoded = decode_state(starter_course, state)
    assert decoded is not None
    position = [q.id for q in starter_course.quizzes()[0].questions].index(CLOZE)
    answer = decoded.quizzes[0].answers[position]
    assert (answer.value, answer.checked) == ((awkward, 2), False)
    assert encode_state(starter_course, decoded) == state

    page.reload()
    page.wait_for_selector(".cf-page:not([hidden])")
    go_to(page, QUIZ)
    question = page.locator(f"[data-question={CLOZE}]")
    expect(question.locator("input")).to_have_value(awkward)
    expect(question.locator("select")).to_have_value("2")
    session.assert_no_console_errors()


def test_the_runtime_reports_a_cloze_as_the_contract_says(
    new_browser_session, starter_server, starter_course
):
    session = new_browser_session()
    use_recording_adapter(session)
    page = session.page
    open_course(page, starter_server + "/index.html")
    go_to(page, QUIZ)
    question = page.locator(f"[data-question={CLOZE}]")
    question.locator("input").fill("  .Quiz.yaml ")
    question.locator("select").select_option("0")
    question.locator(".cf-check").click()
    expect(question.locator(".cf-verdict")).to_have_text("Correct: 2 of 2 points.")

    (interaction,) = [c[1] for c in page.evaluate("recorded") if c[0] == "answered"]
    assert {k: interaction[k] for k in ("id", "type", "response", "correct", "result")} == {
        "id": CLOZE,
        "type": "cloze",
        "response": ["  .Quiz.yaml ", "the build"],  # as typed, like a fill-in
        "correct": [
            {"answers": [".quiz.yaml", "quiz.yaml"], "caseSensitive": False},
            {"answers": ["the build"], "caseSensitive": True},
        ],
        "result": "correct",
    }
    assert interaction["blanks"] == [
        {"id": "extension", "maxLength": 40},
        {"id": "checker", "options": ["the build", "the learner's browser", "nobody"]},
    ]
    assert (interaction["weighting"], interaction["earned"]) == (2, 2)
