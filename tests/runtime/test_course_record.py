"""The course record the runtime reports (courseRecord, courseforge.js), along one learner's way.

The course: two lessons and three quizzes. Quiz `a` (graded, one question worth 3 points),
quiz `b` (graded, three questions worth 1 each, pass mark 2, two attempts) and quiz `c`
(ungraded, worth 5). The course score is the graded points earned out of 6 (each quiz's best
attempt); the mastery score is 50 %, so 3 of 6 passes exactly at the mark. Each step checks
the record the adapter is told (`status`) for every completion rule.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from tests.loader.course_factory import write_course
from tests.runtime.learner import go_to, open_course, use_recording_adapter

from courseforge.build import build
from support.browser import open_session
from support.http import StaticServer

COURSE_YAML = """\
id: record
title: Record
description: The course record along the way.
base_iri: https://example.org/record
targets: [web]
completion: {rule}
mastery_score: 50
modules: [intro]
"""
MODULE_YAML = """\
id: intro
title: Introduction
pages: [hello.md, more.md, a.quiz.yaml, b.quiz.yaml, c.quiz.yaml]
"""
MORE_MD = "---\nid: more\ntitle: More\n---\nMore text.\n"


def question(qid: str, points: int) -> str:
    return (
        f"  - id: {qid}\n    type: single_choice\n    points: {points}\n    prompt: Pick Right.\n"
        "    choices:\n      - {text: Right, correct: true}\n      - {text: Wrong}\n"
    )


QUIZZES = {
    "a": "graded: true\nquestions:\n" + question("a1", 3),
    "b": "graded: true\npass_mark: 2\nattempts: 2\nquestions:\n"
    + "".join(question(f"b{n}", 1) for n in (1, 2, 3)),
    "c": "graded: false\nquestions:\n" + question("c1", 5),
}
RULES = ["all_lessons", "pass", "all_lessons_and_pass"]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("record")
    files = {
        f"modules/intro/{q}.quiz.yaml": f"id: {q}\ntitle: Quiz {q}\n{body}"
        for q, body in QUIZZES.items()
    }
    for rule in RULES:
        source = write_course(
            root / "src" / rule,
            **{
                "course.yaml": COURSE_YAML.format(rule=rule),
                "modules/intro/module.yaml": MODULE_YAML,
                "modules/intro/more.md": MORE_MD,
                **files,
            },
        )
        build(source, root / "www" / rule, ["web"])
    server = StaticServer(root / "www")
    yield server.url
    server.close()


@pytest.fixture(scope="module")
def browser(chromium):
    session = open_session(chromium)
    yield session
    session.close()


def answer(page, quiz: str, right: set[str]) -> None:
    """Answer every question of a quiz: Right for those in `right`, Wrong for the others."""
    go_to(page, quiz)
    for qid in QUESTION_IDS[quiz]:
        page.check(f"#q-{qid}-{0 if qid in right else 1}")
        page.click(f"[data-question={qid}] .cf-check")


def retry(page, quiz: str) -> None:
    go_to(page, quiz)
    page.click(f"#page-{quiz} .cf-retry")


QUESTION_IDS = {"a": ["a1"], "b": ["b1", "b2", "b3"], "c": ["c1"]}


def record(page) -> dict:
    return [call[1] for call in page.evaluate("window.recorded") if call[0] == "status"][-1]


def facts(page) -> tuple:
    r = record(page)
    scaled = None if r["scoreScaled"] is None else round(r["scoreScaled"], 9)  # 83.33 / 100
    return (
        r["scoreRaw"],
        scaled,
        r["passed"],
        r["completed"],
        r["finished"],
        r["progress"],
    )


@pytest.mark.parametrize("rule", RULES)
def test_the_record_follows_the_graded_points_and_the_completion_rule(browser, served, rule):
    page = browser.context.new_page()
    use_recording_adapter(SimpleNamespace(page=page))
    open_course(page, f"{served}/{rule}/record-web/index.html")

    # An ungraded quiz counts for progress only: no score while a graded quiz is unattempted.
    answer(page, "c", {"c1"})
    assert facts(page) == (None, None, None, False, False, 0.4)
    answer(page, "a", {"a1"})
    assert facts(page) == (None, None, None, False, False, 0.6)

    # 3 of 6 points: exactly the mastery score passes; quiz b is neither passed (0 of its pass
    # mark 2) nor out of attempts, so the attempt is not finished.
    answer(page, "b", set())
    assert facts(page) == (50, 0.5, True, rule == "pass", False, 0.8)

    # The better attempt counts: 5 of 6, rounded to two decimals (four when scaled).
    retry(page, "b")
    answer(page, "b", {"b1", "b2"})
    assert facts(page) == (83.33, 0.8333, True, rule == "pass", False, 0.8)

    # The last lesson seen: every rule is met, and nothing is left to do.
    go_to(page, "more")
    assert facts(page) == (83.33, 0.8333, True, True, True, 1)
    page.close()
    assert browser.console_errors == []


def test_a_course_below_the_mastery_score_is_failed_and_done_when_out_of_attempts(browser, served):
    page = browser.context.new_page()
    use_recording_adapter(SimpleNamespace(page=page))
    open_course(page, f"{served}/all_lessons_and_pass/record-web/index.html")
    go_to(page, "more")

    answer(page, "a", set())
    answer(page, "b", {"b1"})  # 1 of 6
    assert facts(page) == (16.67, 0.1667, False, False, False, 0.8)
    retry(page, "b")
    answer(page, "b", {"b1", "b2"})  # quiz b passed (its mark is 2), the course not: 2 of 6
    assert facts(page) == (33.33, 0.3333, False, False, False, 0.8)
    retry(page, "a")
    answer(page, "a", set())
    assert facts(page) == (33.33, 0.3333, False, False, False, 0.8)
    # Quiz a's attempts never run out, so the attempt is not finished until it is passed.
    retry(page, "a")
    answer(page, "a", {"a1"})
    assert facts(page) == (83.33, 0.8333, True, True, True, 0.8)
    answer(page, "c", set())  # the ungraded quiz: progress only
    assert facts(page) == (83.33, 0.8333, True, True, True, 1)
    page.close()
