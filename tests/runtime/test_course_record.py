"""The course record the runtime reports (courseRecord, courseforge.js), along one learner's way.

The course: two lessons and three quizzes. Quiz `a` (graded, one question worth 3 points, one
attempt), quiz `b` (graded, three questions worth 1 each, pass mark 2, three attempts) and quiz
`c` (ungraded, worth 5). The course score is the graded points earned out of 6 (each quiz's
best attempt); the mastery score is 50 %, so 3 of 6 passes exactly at the mark. Each step checks
the record the adapter is told (`status`) for every completion rule. More courses: the same
with no graded quiz (no score at all), a quiz whose pass mark is 0, and a mastery score of 99 %
of 99 points.
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
mastery_score: {mastery}
modules: [intro]
"""
MODULE_YAML = """\
id: intro
title: Introduction
pages: [{pages}]
"""
MORE_MD = "---\nid: more\ntitle: More\n---\nMore text.\n"


def question(qid: str, points: int) -> str:
    return (
        f"  - id: {qid}\n    type: single_choice\n    points: {points}\n    prompt: Pick Right.\n"
        "    choices:\n      - {text: Right, correct: true}\n      - {text: Wrong}\n"
    )


QUIZZES = {
    "a": "graded: true\nattempts: 1\nquestions:\n" + question("a1", 3),
    "b": "graded: true\npass_mark: 2\nattempts: 3\nquestions:\n"
    + "".join(question(f"b{n}", 1) for n in (1, 2, 3)),
    "c": "graded: false\nquestions:\n" + question("c1", 5),
}
PAGES = "hello.md, more.md, a.quiz.yaml, b.quiz.yaml, c.quiz.yaml"
RULES = ["all_lessons", "pass", "all_lessons_and_pass"]
# name: (completion rule, mastery score, pages, quizzes)
COURSES = {
    **{rule: (rule, 50, PAGES, QUIZZES) for rule in RULES},
    "ungraded": (
        "all_lessons",
        50,
        PAGES,
        {q: body.replace("graded: true", "graded: false") for q, body in QUIZZES.items()},
    ),
    "pass-mark-zero": (
        "all_lessons",
        50,
        "hello.md, more.md, a.quiz.yaml",
        {"a": "graded: true\npass_mark: 0\nquestions:\n" + question("a1", 3)},
    ),
    "near-mastery": (
        "pass",
        99,
        "hello.md, a.quiz.yaml",
        {"a": "graded: true\nquestions:\n" + question("a1", 98) + question("a2", 1)},
    ),
}
QUESTION_IDS = {"a": ["a1"], "b": ["b1", "b2", "b3"], "c": ["c1"]}


class BuiltCourses(dict):
    """Each course of COURSES, built for the web under root/<name>/ when first asked for."""

    def __init__(self, root, url: str):
        super().__init__()
        self.root, self.url = root, url

    def __missing__(self, name: str) -> str:
        rule, mastery, pages, quizzes = COURSES[name]
        files = {
            f"modules/intro/{q}.quiz.yaml": f"id: {q}\ntitle: Quiz {q}\n{body}"
            for q, body in quizzes.items()
        }
        source = write_course(
            self.root / "src" / name,
            **{
                "course.yaml": COURSE_YAML.format(rule=rule, mastery=mastery),
                "modules/intro/module.yaml": MODULE_YAML.format(pages=pages),
                "modules/intro/more.md": MORE_MD,
                "modules/intro/check.quiz.yaml": None,
                **files,
            },
        )
        build(source, self.root / "www" / name, ["web"])
        self[name] = f"{self.url}/{name}/record-web/index.html"
        return self[name]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """name → the URL of that course of COURSES (built when first used)."""
    root = tmp_path_factory.mktemp("record")
    (root / "www").mkdir()
    server = StaticServer(root / "www")
    yield BuiltCourses(root, server.url)
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


def open_record(browser, url: str):
    page = browser.context.new_page()
    use_recording_adapter(SimpleNamespace(page=page))
    open_course(page, url)
    return page


@pytest.mark.parametrize("rule", RULES)
def test_the_record_follows_the_graded_points_and_the_completion_rule(browser, served, rule):
    page = open_record(browser, served[rule])

    # An ungraded quiz counts for progress only: no score while a graded quiz is unattempted.
    answer(page, "c", {"c1"})
    assert facts(page) == (None, None, None, False, False, 0.4)
    answer(page, "a", {"a1"})
    assert facts(page) == (None, None, None, False, False, 0.6)

    # 3 of 6 points: exactly the mastery score passes; quiz b is neither passed (0 of its pass
    # mark 2) nor out of attempts, so the attempt is not finished.
    answer(page, "b", set())
    assert facts(page) == (50, 0.5, True, rule == "pass", False, 0.8)

    # The better attempt counts: 5 of 6, rounded to two decimals (four when scaled). Quiz b is
    # passed at exactly its mark; a lesson is still unseen, so the attempt is not finished.
    retry(page, "b")
    answer(page, "b", {"b1", "b2"})
    assert facts(page) == (83.33, 0.8333, True, rule == "pass", False, 0.8)

    # The last lesson seen: every rule is met, and nothing is left to do.
    go_to(page, "more")
    assert facts(page) == (83.33, 0.8333, True, True, True, 1)
    page.close()
    assert browser.console_errors == []


def test_a_failed_course_is_finished_when_each_quiz_is_passed_or_out_of_attempts(browser, served):
    page = open_record(browser, served["all_lessons_and_pass"])
    go_to(page, "more")

    answer(page, "a", set())  # its only attempt: 0 of 3
    answer(page, "b", {"b1"})  # 1 of 6; quiz b has attempts left
    assert facts(page) == (16.67, 0.1667, False, False, False, 0.8)
    retry(page, "b")
    # Quiz b passed at its mark of 2, quiz a out of attempts: nothing left to do, course failed.
    answer(page, "b", {"b1", "b2"})
    assert facts(page) == (33.33, 0.3333, False, False, True, 0.8)
    answer(page, "c", set())  # the ungraded quiz: progress only
    assert facts(page) == (33.33, 0.3333, False, False, True, 1)
    page.close()
    assert browser.console_errors == []


def test_a_course_without_graded_quizzes_has_no_score(browser, served):
    page = open_record(browser, served["ungraded"])
    for quiz in ("a", "b", "c"):
        answer(page, quiz, {"a1", "b1"})
    go_to(page, "more")
    assert facts(page) == (None, None, None, True, True, 1)
    page.close()
    assert browser.console_errors == []


def test_a_score_below_the_mastery_score_by_less_than_a_point_fails(browser, served):
    page = open_record(browser, served["near-mastery"])
    go_to(page, "a")
    for qid, pick in (("a1", 0), ("a2", 1)):  # 98 of 99 points: 98.99 % against 99 %
        page.check(f"#q-{qid}-{pick}")
        page.click(f"[data-question={qid}] .cf-check")
    assert facts(page)[:4] == (98.99, 0.9899, False, False)
    page.close()
    assert browser.console_errors == []


def test_a_quiz_with_a_pass_mark_of_zero_still_has_to_be_taken(browser, served):
    page = open_record(browser, served["pass-mark-zero"])
    go_to(page, "more")
    assert facts(page) == (None, None, None, True, False, 0.6667)  # all lessons, quiz untaken
    answer(page, "a", set())  # 0 of 3: the quiz's mark is met, the course's 50 % is not
    assert facts(page) == (0, 0, False, True, True, 1)
    page.close()
    assert browser.console_errors == []
