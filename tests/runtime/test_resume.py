"""Reopening the course returns the learner to the same page, answers and question order."""

from __future__ import annotations

from playwright.sync_api import expect
from tests.runtime.learner import (
    assert_same_origin_only,
    current_page_id,
    go_to,
    open_course,
    question_order,
)

OPTION_ORDER = """section => Array.from(section.querySelectorAll('.cf-question')).map(q =>
  Array.from(q.querySelectorAll('.cf-option, option[value]:not([value=""]), .cf-item'))
    .map(o => o.dataset.i ?? o.value).join(','))"""


def visible_form_state(page, page_id: str) -> dict:
    """What the learner sees of every question on a page: values, checks and feedback shown."""
    return page.eval_on_selector(
        f"#page-{page_id}",
        """section => Object.fromEntries(Array.from(section.querySelectorAll('.cf-question')).map(q => [
          q.dataset.question,
          {
            picked: Array.from(q.querySelectorAll('input:checked')).map(i => i.value),
            text: Array.from(q.querySelectorAll('input[type=text]')).map(i => i.value),
            selects: Array.from(q.querySelectorAll('select')).map(s => s.value),
            items: Array.from(q.querySelectorAll('.cf-item')).map(i => i.dataset.i),
            checked: q.querySelector('fieldset').disabled,
            verdict: q.querySelector('.cf-verdict').textContent,
          },
        ]))""",
    )


def test_reload_mid_course_returns_to_the_same_page_with_answers(new_browser_session, seed_server):
    session = new_browser_session()
    page = session.page
    open_course(page, seed_server + "/index.html")
    go_to(page, "stage-1-check")
    page.fill("#q-stage-1-container-tool-answer", "Docker")
    page.click("[data-question=stage-1-container-tool] .cf-check")  # checked: feedback shown
    page.fill("#q-stage-1-cloud-service-answer", "Sage|Maker~draft*!")  # a draft, not checked
    go_to(page, "certifications-check")
    page.select_option("#q-cert-why-it-matters-s1", "1")
    go_to(page, "stage-4-check")
    page.click("[data-question=stage-order] .cf-move[aria-disabled=false] >> nth=0")
    stage_4_before = visible_form_state(page, "stage-4-check")
    before = {
        "stage-1-check": visible_form_state(page, "stage-1-check"),
        "certifications-check": visible_form_state(page, "certifications-check"),
    }
    progress_before = page.get_attribute(".cf-progress-track", "aria-valuenow")

    page.reload()
    page.wait_for_selector(".cf-page:not([hidden])")

    assert current_page_id(page) == "stage-4-check"
    assert visible_form_state(page, "stage-4-check") == stage_4_before
    for page_id, state in before.items():  # not loaded yet: restored once their files arrive
        go_to(page, page_id)
        assert visible_form_state(page, page_id) == state
    assert before["stage-1-check"]["stage-1-container-tool"]["checked"] is True
    assert before["stage-1-check"]["stage-1-cloud-service"]["text"] == ["Sage|Maker~draft*!"]
    expect(page.locator(".cf-progress-track")).to_have_attribute("aria-valuenow", progress_before)
    expect(page.locator("#cf-menu a[href='#page-what-youll-learn']")).to_have_class("cf-done")
    session.assert_no_console_errors()
    assert_same_origin_only(session.requests, seed_server)


def test_reload_mid_quiz_keeps_question_order_and_answers(new_browser_session, seed_server):
    session = new_browser_session()
    page = session.page
    open_course(page, seed_server + "/index.html")
    go_to(page, "final-quiz")
    order = question_order(page, "final-quiz")
    first, second, third = order[:3]
    page.locator(f"[data-question={first}] input").first.check()
    page.click(f"[data-question={first}] .cf-check")
    page.locator(f"[data-question={second}] input").last.check()
    page.click(f"[data-question={second}] .cf-check")
    page.locator(f"[data-question={third}] input").first.check()  # left unchecked: a draft
    options = page.eval_on_selector("#page-final-quiz", OPTION_ORDER)
    answers = visible_form_state(page, "final-quiz")

    page.reload()
    page.wait_for_selector(".cf-page:not([hidden])")

    assert current_page_id(page) == "final-quiz"
    assert question_order(page, "final-quiz") == order
    assert page.eval_on_selector("#page-final-quiz", OPTION_ORDER) == options
    assert visible_form_state(page, "final-quiz") == answers
    expect(page.locator(f"[data-question={third}] .cf-check")).to_be_visible()
    session.assert_no_console_errors()


def test_next_attempt_reshuffles_and_a_fresh_learner_gets_own_order(
    new_browser_session, seed_server
):
    session = new_browser_session()
    page = session.page
    open_course(page, seed_server + "/index.html")
    go_to(page, "final-quiz")
    first_attempt = question_order(page, "final-quiz")
    for question_id in first_attempt:
        page.locator(f"[data-question={question_id}] input").first.check()
        page.click(f"[data-question={question_id}] .cf-check")
    page.click("#page-final-quiz .cf-retry")
    second_attempt = question_order(page, "final-quiz")

    others = []
    for _ in range(3):
        other = new_browser_session()
        open_course(other.page, seed_server + "/index.html")
        go_to(other.page, "final-quiz")
        others.append(question_order(other.page, "final-quiz"))

    assert sorted(second_attempt) == sorted(first_attempt)
    assert second_attempt != first_attempt
    assert any(order != first_attempt for order in others)
