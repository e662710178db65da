"""What the runtime hands a tracking adapter, as docs/runtime-contract.md promises.

A recording adapter replaces runtime/adapters/local.js in the browser, so these tests see
every call the SCORM, xAPI and cmi5 adapters will get.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect
from tests.runtime.learner import go_to, open_course, pages_in_order, use_recording_adapter

from courseforge.render.state import Answer, LearnerState, QuizState, encode_state


def open_with_recording_adapter(session, url: str, adapter_session: dict | None = None) -> None:
    use_recording_adapter(session, adapter_session)
    open_course(session.page, url)


def calls(page, name: str) -> list:
    return [call[1:] for call in page.evaluate("window.recorded") if call[0] == name]


def interaction(page, question_id: str) -> dict:
    return next(i for (i,) in calls(page, "answered") if i["id"] == question_id)


def check(page, question_id: str) -> None:
    page.click(f"[data-question={question_id}] .cf-check")


def test_start_page_views_saves_and_first_record(new_browser_session, seed_server):
    session = new_browser_session()
    open_with_recording_adapter(session, seed_server + "/index.html")
    page = session.page

    names = [call[0] for call in page.evaluate("window.recorded")]
    assert names == ["start", "status", "pageViewed", "save"]
    assert calls(page, "status") == [
        [
            {
                "completed": False,
                "passed": None,
                "finished": False,
                "scoreRaw": None,
                "scoreScaled": None,
                "progress": round(1 / 15, 4),
            }
        ]
    ]
    assert calls(page, "pageViewed") == [
        [
            {
                "id": "what-youll-learn",
                "title": "What you'll learn",
                "kind": "lesson",
                "index": 0,
                "count": 16,
            }
        ]
    ]
    [(state, location)] = calls(page, "save")
    assert state.startswith("1~") and location == "what-youll-learn"
    expect(page.locator(".cf-status")).to_have_text("Recording adapter")

    go_to(page, "_results")
    assert calls(page, "pageViewed")[-1][0] == {
        "id": "_results",
        "title": "Your results",
        "kind": "results",
        "index": 15,
        "count": 16,
    }
    assert calls(page, "save")[-1][1] == "_results"
    page.click(".cf-exit")
    assert page.evaluate("window.recorded.at(-1)") == ["finish"]
    expect(page.locator(".cf-exit-done")).to_have_text(
        "Your progress is saved. You can close this window."
    )
    expect(page.locator(".cf-exit-done")).to_be_focused()
    session.assert_no_console_errors()


HIDE = """() => {
  Object.defineProperty(document, "visibilityState", {value: "hidden", configurable: true});
  document.dispatchEvent(new Event("visibilitychange"));
}"""
PAGEHIDE = "persisted => window.dispatchEvent(new PageTransitionEvent('pagehide', {persisted}))"


def after(page, count: int) -> list[str]:
    return [call[0] for call in page.evaluate("window.recorded")[count:]]


def test_the_runtime_owns_the_page_lifecycle(new_browser_session, seed_server):
    session = new_browser_session()
    open_with_recording_adapter(session, seed_server + "/index.html")
    page = session.page
    count = len(page.evaluate("window.recorded"))

    page.evaluate(HIDE)  # a tab switch, or the first step of closing: persist, end nothing
    assert after(page, count) == ["save", "flush"]
    count += 2
    page.evaluate(PAGEHIDE, True)  # into the back/forward cache: it may come back
    assert after(page, count) == ["save", "flush"]
    count += 2
    page.evaluate(PAGEHIDE, False)  # going away for good: once, and the adapter's last call
    page.evaluate(PAGEHIDE, False)
    page.evaluate(HIDE)
    go_to(page, "_results")
    page.click(".cf-exit")
    assert after(page, count) == ["save", "dismiss"]
    session.assert_no_console_errors()


def test_after_exit_the_adapter_is_called_no_more(new_browser_session, seed_server):
    session = new_browser_session()
    open_with_recording_adapter(session, seed_server + "/index.html")
    page = session.page
    go_to(page, "_results")
    page.click(".cf-exit")
    count = len(page.evaluate("window.recorded"))

    page.evaluate(HIDE)
    page.evaluate(PAGEHIDE, False)
    go_to(page, "what-the-role-is")
    go_to(page, "_results")
    page.click(".cf-exit")
    assert after(page, count) == []


def test_an_adapter_that_navigates_away_gets_no_exit_text(new_browser_session, seed_server):
    session = new_browser_session()
    session.page.add_init_script("window.finishResult = Promise.resolve({redirecting: true});")
    open_with_recording_adapter(session, seed_server + "/index.html")
    page = session.page
    go_to(page, "_results")
    page.click(".cf-exit")
    page.wait_for_function("window.recorded.at(-1)[0] === 'finish'")
    page.evaluate("() => new Promise((resolve) => setTimeout(resolve))")  # past the promise
    expect(page.locator(".cf-exit-done")).to_be_hidden()


def test_interactions_follow_the_contract_for_every_type(new_browser_session, seed_server):
    session = new_browser_session()
    open_with_recording_adapter(session, seed_server + "/index.html")
    page = session.page

    go_to(page, "stage-1-check")
    page.fill("#q-stage-1-container-tool-answer", "  docker ")
    check(page, "stage-1-container-tool")
    page.check("#q-stage-1-key-actions-0")
    page.check("#q-stage-1-key-actions-2")
    check(page, "stage-1-key-actions")
    go_to(page, "certifications-check")
    for source in range(4):
        page.select_option(f"#q-cert-why-it-matters-s{source}", str(source))
    check(page, "cert-why-it-matters")
    page.fill("#q-cert-cloud-tied-answer", "3,0")
    check(page, "cert-cloud-tied")
    page.check("#q-cert-aws-scope-0")  # value 0 = False
    check(page, "cert-aws-scope")
    go_to(page, "stage-4-check")
    order = page.eval_on_selector_all(
        "[data-question=stage-order] .cf-item", "items => items.map(i => 'i' + (+i.dataset.i + 1))"
    )
    check(page, "stage-order")

    fill_in = interaction(page, "stage-1-container-tool")
    assert {k: fill_in[k] for k in ("type", "response", "correct", "result", "earned")} == {
        "type": "fill-in",
        "response": "  docker ",
        "correct": {"answers": ["Docker"], "caseSensitive": False},
        "result": "correct",
        "earned": 1,
    }
    assert fill_in["quizId"] == "stage-1-check"
    assert fill_in["iri"] == (
        "https://courses.example.org/ai-engineering-architect/stage-1-check/stage-1-container-tool"
    )
    assert fill_in["latencyMs"] >= 0 and fill_in["timestamp"].endswith("Z")
    choice = interaction(page, "stage-1-key-actions")
    assert (choice["type"], choice["multiple"], choice["response"], choice["correct"]) == (
        "choice",
        True,
        ["a", "c"],
        ["a", "b"],
    )
    assert choice["result"] == "incorrect" and choice["earned"] == 0 and choice["weighting"] == 1
    assert [c["id"] for c in choice["choices"]] == ["a", "b", "c", "d"]
    matching = interaction(page, "cert-why-it-matters")
    assert matching["response"] == [["s1", "t1"], ["s2", "t2"], ["s3", "t3"], ["s4", "t4"]]
    assert matching["response"] == matching["correct"] and matching["result"] == "correct"
    assert [t["id"] for t in matching["targets"]] == ["t1", "t2", "t3", "t4"]
    numeric = interaction(page, "cert-cloud-tied")
    assert (numeric["response"], numeric["correct"], numeric["result"]) == (
        3,
        {"min": 3, "max": 3},
        "correct",
    )
    true_false = interaction(page, "cert-aws-scope")
    assert (true_false["type"], true_false["response"], true_false["correct"]) == (
        "true-false",
        False,
        False,
    )
    sequencing = interaction(page, "stage-order")
    assert sequencing["response"] == order and sequencing["result"] == "incorrect"
    assert sequencing["correct"] == ["i1", "i2", "i3", "i4"]
    session.assert_no_console_errors()


def test_course_record_scores_best_attempt_and_completes_by_the_rule(
    new_browser_session, seed_server, seed_course
):
    session = new_browser_session()
    open_with_recording_adapter(session, seed_server + "/index.html")
    page = session.page
    final = next(q for q in seed_course.quizzes() if q.id == "final-quiz")

    go_to(page, "final-quiz")
    for question in final.questions:  # every answer right
        scope = f"[data-question={question.id}]"
        if question.type == "true_false":
            page.check(f"#q-{question.id}-{'1' if question.answer else '0'}")
        else:
            for index, choice in enumerate(question.choices):
                if choice.correct:
                    page.check(f"#q-{question.id}-{index}")
        page.click(f"{scope} .cf-check")
    record = calls(page, "status")[-1][0]
    assert (record["passed"], record["scoreRaw"], record["scoreScaled"]) == (True, 100, 1)
    assert record["completed"] is False  # all_lessons_and_pass: lessons not all viewed yet
    assert record["finished"] is False

    page.click("#page-final-quiz .cf-retry")
    for question in final.questions:  # a worse second attempt must not lower the score
        page.locator(f"[data-question={question.id}] input").first.check()
        page.click(f"[data-question={question.id}] .cf-check")
    assert calls(page, "status")[-1][0]["scoreRaw"] == 100

    for page_id in pages_in_order(seed_course):
        go_to(page, page_id)
    record = calls(page, "status")[-1][0]
    assert record["completed"] is True and record["passed"] is True and record["finished"] is True
    statuses = [json.dumps(r) for (r,) in calls(page, "status")]
    assert len(statuses) == len(set(statuses)), "status is only sent when the record changes"


def test_finished_when_every_lesson_is_seen_and_the_graded_quiz_is_out_of_attempts(
    new_browser_session, seed_server, seed_course
):
    session = new_browser_session()
    open_with_recording_adapter(session, seed_server + "/index.html")
    page = session.page
    final = next(q for q in seed_course.quizzes() if q.id == "final-quiz")  # 2 attempts

    go_to(page, "final-quiz")
    for attempt in range(2):
        for question in final.questions:  # the first option: too few points to pass
            page.locator(f"[data-question={question.id}] input").first.check()
            page.click(f"[data-question={question.id}] .cf-check")
        record = calls(page, "status")[-1][0]
        assert (record["passed"], record["finished"]) == (False, False)  # lessons unseen
        if attempt == 0:
            page.click("#page-final-quiz .cf-retry")
    expect(page.locator("#page-final-quiz .cf-retry")).to_be_hidden()

    lessons = [p.id for p in seed_course.pages() if p.kind == "lesson"]
    for page_id in lessons[:-1]:
        go_to(page, page_id)
    assert calls(page, "status")[-1][0]["finished"] is False
    go_to(page, lessons[-1])
    record = calls(page, "status")[-1][0]
    assert (record["completed"], record["passed"], record["finished"]) == (False, False, True)


@pytest.mark.parametrize("mode", ["review", "browse"])
def test_review_and_browse_modes_report_nothing(
    new_browser_session, seed_server, seed_course, mode
):
    quizzes = seed_course.quizzes()
    final_index = next(i for i, q in enumerate(quizzes) if q.id == "final-quiz")
    saved = LearnerState(
        page=[p.id for p in seed_course.pages()].index("final-quiz"),
        seed=42,
        quizzes=[QuizState(answers=[None] * len(q.questions)) for q in quizzes],
    )
    saved.quizzes[final_index].answers[0] = Answer(0)  # faq-phd: the right choice, checked
    session = new_browser_session()
    open_with_recording_adapter(
        session,
        seed_server + "/index.html",
        {
            "state": encode_state(seed_course, saved),
            "location": None,
            "mode": mode,
            "learnerName": "Ada",
        },
    )
    page = session.page

    notice = page.locator(".cf-mode-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Review mode" if mode == "review" else "Browse mode")
    expect(page.locator("#cf-announce")).to_have_text(notice.text_content())  # read out once
    expect(page.locator("#page-final-quiz")).to_be_visible()
    expect(page.locator("[data-question=faq-phd] .cf-verdict")).to_have_text(
        "Correct: 1 of 1 point."
    )
    other = page.locator("[data-question=faq-hardware]")
    if mode == "review":
        expect(other.locator("input").first).to_be_disabled()
        expect(other.locator(".cf-check")).to_be_hidden()
    else:
        other.locator("input").first.check()
        other.locator(".cf-check").click()
        expect(other.locator(".cf-verdict")).not_to_be_empty()
    go_to(page, "_results")
    expect(page.locator(".cf-learner")).to_have_text("Learner: Ada")

    page.click(".cf-exit")
    expect(page.locator(".cf-exit-done")).to_have_text(
        "Nothing from this visit was recorded. You can close this window."
    )
    assert calls(page, "save") == calls(page, "status") == calls(page, "answered") == []
    assert [p["id"] for (p,) in calls(page, "pageViewed")] == ["final-quiz", "_results"]
    assert calls(page, "finish") == [[]]
    session.assert_no_console_errors()


def test_nothing_is_saved_or_reported_before_start_resolves(new_browser_session, seed_server):
    session = new_browser_session()
    use_recording_adapter(session)
    page = session.page
    page.add_init_script("window.holdStart = true;")
    page.goto(seed_server + "/index.html")
    page.wait_for_function("typeof window.releaseStart === 'function'")

    page.evaluate("document.querySelector('.cf-next').click()")
    page.evaluate("document.querySelector('#cf-menu a[href=\"#page-final-quiz\"]').click()")
    page.evaluate("window.dispatchEvent(new PageTransitionEvent('pagehide'))")
    assert page.evaluate("window.recorded") == [["start", "ai-engineering-architect"]]
    expect(page.locator(".cf-loading")).to_be_visible()

    page.evaluate("window.releaseStart()")
    expect(page.locator("#page-what-youll-learn")).to_be_visible()
    assert [call[0] for call in page.evaluate("window.recorded")] == [
        "start",
        "status",
        "pageViewed",
        "save",
    ]


def test_a_checked_answer_is_never_scored_twice(new_browser_session, seed_server):
    session = new_browser_session()
    open_with_recording_adapter(session, seed_server + "/index.html")
    page = session.page

    go_to(page, "stage-1-check")
    page.fill("#q-stage-1-container-tool-answer", "Docker")
    check(page, "stage-1-container-tool")
    # The check button is gone once checked, but a script (or a stray Enter) can still submit.
    page.eval_on_selector(
        "[data-question=stage-1-container-tool] form", "form => form.requestSubmit()"
    )
    answered = [i["id"] for (i,) in calls(page, "answered")]
    assert answered == ["stage-1-container-tool"]
