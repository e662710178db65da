"""Every scoring branch of the runtime (quiz.js isCorrect), in Chromium, with what follows from it.

Each course here has one graded quiz: the question under test, worth 3 points, and a
true/false question worth 1 that the learner always gets right. Checking both ends the
attempt, so every case shows the whole chain: the verdict and points the adapter gets for the
answer (`answered`), the course score (`status` scoreRaw: 4 of 4 points is 100, 1 of 4 is 25),
and the saved state string, which the Python mirror must decode to the answer given.
Cases that store indexes (choices, matching, sequencing) are also resumed from that state:
the same answer shows, with the same verdict and course score.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from tests.loader.course_factory import write_course
from tests.runtime.learner import open_course, use_recording_adapter

from courseforge.build import build
from courseforge.loader import load_course
from courseforge.render.state import Answer, LearnerState, QuizState, decode_state, encode_state
from support.browser import open_session
from support.http import StaticServer

POINTS = 3  # the question under test; the filler is worth 1
RIGHT_SCORE, WRONG_SCORE = 100, 25

FILLER = """\
  - id: filler
    type: true_false
    prompt: The sky is up.
    answer: true
"""

QUESTIONS = {
    "fill-any-case": """\
    type: fill_in
    prompt: Which tool runs containers?
    answers: [Docker, Docker Engine]
""",
    "fill-exact-case": """\
    type: fill_in
    prompt: Which tool runs containers (spelt as its makers do)?
    answers: [Docker]
    case_sensitive: true
""",
    "numeric-exact": """\
    type: numeric
    prompt: How many stages?
    answer: 4
""",
    "numeric-range": """\
    type: numeric
    prompt: A number from 2.5 to 6.
    range: {min: 2.5, max: 6}
""",
    "numeric-negative": """\
    type: numeric
    prompt: A number from -3 to -1.
    range: {min: -3, max: -1}
""",
    "single": """\
    type: single_choice
    prompt: Pick the second.
    choices:
      - {text: First}
      - {text: Second, correct: true}
      - {text: Third}
""",
    "many": """\
    type: multiple_response
    prompt: Pick the first, third and fourth.
    choices:
      - {text: One, correct: true}
      - {text: Two}
      - {text: Three, correct: true}
      - {text: Four, correct: true}
""",
    "judge": """\
    type: true_false
    prompt: Two is more than three.
    answer: false
""",
    "match": """\
    type: matching
    prompt: Match each cloud to its maker.
    pairs:
      - {source: AWS, target: Amazon}
      - {source: Azure, target: Microsoft}
      - {source: GCP, target: Google}
""",
    "match-shared": """\
    type: matching
    prompt: Sort the fruit from the vegetables.
    pairs:
      - {source: Apple, target: Fruit}
      - {source: Carrot, target: Vegetable}
      - {source: Pear, target: Fruit}
""",
    "cloze": """\
    type: cloze
    prompt: Complete the sentence.
    passage: "{{tool}} runs containers that {{maker}} made."
    blanks:
      tool: {answers: [Docker], case_sensitive: true}
      maker: {choices: [nobody, the build, a person], answer: the build}
""",
    "order": """\
    type: sequencing
    prompt: Put them in order.
    order: [First, Second, Third, Fourth]
""",
}


def quiz_yaml(question: str) -> str:
    body = f"  - id: q\n    points: {POINTS}\n" + question
    return f"id: check\ntitle: Check\ngraded: true\nquestions:\n{FILLER}{body}"


@dataclass(frozen=True)
class Case:
    course: str  # key of QUESTIONS
    answer: Any  # text; [choice indexes]; bool; [target index or None per source]; [item order];
    # cloze: [text, option index or None]
    right: bool
    response: Any  # what the adapter is told the learner answered

    def __str__(self) -> str:
        return f"{self.course}:{self.answer!r}"


CASES = [
    # Case-insensitive fill-in: any case of any accepted answer.
    Case("fill-any-case", "docker", True, "docker"),
    Case("fill-any-case", "DOCKER ENGINE", True, "DOCKER ENGINE"),
    Case("fill-any-case", "Dockers", False, "Dockers"),
    Case("fill-any-case", "\u201cDocker.\u201d", True, "\u201cDocker.\u201d"),  # quotes, stop
    # Case-sensitive: only the authored spelling.
    Case("fill-exact-case", "Docker", True, "Docker"),
    Case("fill-exact-case", "docker", False, "docker"),
    Case("fill-exact-case", "DOCKER", False, "DOCKER"),
    # Numbers: exact, then a range at and just past both ends (inclusive).
    Case("numeric-exact", "4", True, 4),
    Case("numeric-exact", "4.0", True, 4),
    Case("numeric-exact", "4.001", False, 4.001),
    Case("numeric-exact", "3.999", False, 3.999),
    Case("numeric-range", "2.5", True, 2.5),
    Case("numeric-range", "6", True, 6),
    Case("numeric-range", "4,25", True, 4.25),  # a decimal comma
    Case("numeric-range", "2.49", False, 2.49),
    Case("numeric-range", "6.01", False, 6.01),
    Case("numeric-range", "100", False, 100),
    Case("numeric-range", "-4", False, -4),
    Case("numeric-negative", "-1", True, -1),
    Case("numeric-negative", "-3", True, -3),
    Case("numeric-negative", "1", False, 1),  # the sign matters
    Case("numeric-negative", "-3.5", False, -3.5),
    # Choices.
    Case("single", [1], True, ["b"]),
    Case("single", [0], False, ["a"]),
    Case("many", [0, 2, 3], True, ["a", "c", "d"]),
    Case("many", [0, 2], False, ["a", "c"]),  # one missing
    Case("many", [0, 1, 2, 3], False, ["a", "b", "c", "d"]),  # one too many
    Case("many", [1, 3], False, ["b", "d"]),
    Case("judge", False, True, False),
    Case("judge", True, False, True),
    # Matching: all right; two swapped; one left unmatched; sources sharing a target.
    Case("match", [0, 1, 2], True, [["s1", "t1"], ["s2", "t2"], ["s3", "t3"]]),
    Case("match", [0, 2, 1], False, [["s1", "t1"], ["s2", "t3"], ["s3", "t2"]]),
    Case("match", [0, 1, None], False, [["s1", "t1"], ["s2", "t2"]]),
    Case("match-shared", [0, 1, 0], True, [["s1", "t1"], ["s2", "t2"], ["s3", "t1"]]),
    Case("match-shared", [0, 1, 1], False, [["s1", "t1"], ["s2", "t2"], ["s3", "t2"]]),
    Case("match-shared", [1, 0, 1], False, [["s1", "t2"], ["s2", "t1"], ["s3", "t2"]]),
    # Cloze: every blank right (the second drop-down option); a case-sensitive blank in
    # another case; another option; the drop-down left empty.
    Case("cloze", ["Docker", 1], True, ["Docker", "the build"]),
    Case("cloze", ["docker", 1], False, ["docker", "the build"]),
    Case("cloze", ["Docker", 2], False, ["Docker", "a person"]),
    Case("cloze", ["Docker", None], False, ["Docker", ""]),
    # Sequencing: the authored order; two neighbours swapped; reversed.
    Case("order", [0, 1, 2, 3], True, ["i1", "i2", "i3", "i4"]),
    Case("order", [0, 2, 1, 3], False, ["i1", "i3", "i2", "i4"]),
    Case("order", [3, 2, 1, 0], False, ["i4", "i3", "i2", "i1"]),
]


class BuiltCourses(dict):
    """Each course of QUESTIONS, built for the web under root/www/<name>/ when first asked for."""

    def __init__(self, root):
        super().__init__()
        self.root = root

    def __missing__(self, name: str):
        source = write_course(
            self.root / "src" / name,
            **{"modules/intro/check.quiz.yaml": quiz_yaml(QUESTIONS[name])},
        )
        build(source, self.root / "www" / name, ["web"])
        self[name] = load_course(source)
        return self[name]


@pytest.fixture(scope="module")
def courses(tmp_path_factory):
    """(URL of root/www, the courses of QUESTIONS loaded): only those a test asks for are built."""
    root = tmp_path_factory.mktemp("scoring")
    (root / "www").mkdir()
    server = StaticServer(root / "www")
    yield server.url, BuiltCourses(root)
    server.close()


# Sequencing items in this order (authored indexes): the order the Check button reads.
PLACE_ITEMS = """([questionId, order]) => {
  const list = document.querySelector(`[data-question="${questionId}"] .cf-sequence`);
  order.forEach((i) => list.appendChild(list.querySelector(`.cf-item[data-i="${i}"]`)));
}"""


def give_answer(page, course, question_id: str, answer) -> None:
    """Answer one question through its controls, then press its Check button."""
    question = next(q for q in course.quizzes()[0].questions if q.id == question_id)
    scope = page.locator(f"[data-question={question_id}]")
    kind = question.type
    if kind in ("fill_in", "numeric"):
        scope.locator("input").fill(answer)
    elif kind == "true_false":
        scope.locator(f"input[value='{int(answer)}']").check()
    elif kind in ("single_choice", "multiple_response"):
        for i in answer:
            scope.locator(f"input[value='{i}']").check()
    elif kind == "cloze":
        text, option = answer
        scope.locator("input").fill(text)
        if option is not None:
            scope.locator("select").select_option(str(option))
    elif kind == "matching":
        for source, target in enumerate(answer):
            scope.locator("select").nth(source).select_option("" if target is None else str(target))
    else:
        page.evaluate(PLACE_ITEMS, [question_id, answer])
    scope.locator(".cf-check").click()


def recorded(page, name: str) -> list:
    return [call[1] for call in page.evaluate("window.recorded") if call[0] == name]


def saved_value(answer):
    """The answer as the state string stores it (render/state.py's AnswerValue)."""
    if isinstance(answer, list):
        return tuple(-1 if a is None else a for a in answer)
    return answer


@pytest.fixture(scope="module")
def browser(chromium):
    """One browser context for every case; each case opens its own pages in it."""
    session = open_session(chromium)
    yield session
    session.close()


def open_check_page(browser, url: str, adapter_session: dict | None = None):
    """A new page with the recording adapter, on the course's quiz."""
    page = browser.context.new_page()
    use_recording_adapter(SimpleNamespace(page=page), adapter_session)
    open_course(page, url)
    page.locator("#cf-menu a[href='#page-check']").click()
    return page


def verdict(case: Case) -> str:
    return "Correct: 3 of 3 points." if case.right else "Incorrect: 0 of 3 points."


@pytest.mark.parametrize("case", CASES, ids=str)
def test_answer_scores_and_course_score(browser, courses, case):
    base, loaded = courses
    course = loaded[case.course]
    kind = course.quizzes()[0].questions[1].type
    url = f"{base}/{case.course}/demo-web/index.html"
    errors = len(browser.console_errors)
    page = open_check_page(browser, url)

    give_answer(page, course, "filler", True)
    give_answer(page, course, "q", case.answer)

    answered = {a["id"]: a for a in recorded(page, "answered")}
    got = answered["q"]
    assert (got["result"], got["earned"], got["weighting"]) == (
        ("correct", POINTS, POINTS) if case.right else ("incorrect", 0, POINTS)
    )
    assert got["response"] == case.response
    assert answered["filler"]["earned"] == 1
    record = recorded(page, "status")[-1]
    score = RIGHT_SCORE if case.right else WRONG_SCORE
    assert (record["scoreRaw"], record["scoreScaled"]) == (score, score / 100)
    assert record["passed"] is case.right  # the pass mark is 80 %
    assert page.locator("[data-question=q] .cf-verdict").text_content() == verdict(case)

    # The saved state holds this answer, as the Python mirror reads it.
    state = recorded(page, "save")[-1]
    page.close()
    decoded = decode_state(course, state)
    assert decoded is not None
    quiz = decoded.quizzes[0]
    assert (quiz.completed_attempts, quiz.best_points) == (1, POINTS + 1 if case.right else 1)
    stored = quiz.answers[1]
    assert stored is not None and stored.checked
    if kind == "multiple_response":
        assert stored.value == tuple(sorted(case.answer))
    elif kind == "single_choice":
        assert stored.value == case.answer[0]
    else:
        assert stored.value == saved_value(case.answer)

    # The answer read back from the state string: the same answer, verdict and score.
    resumed = {"state": state, "location": "check", "mode": "normal", "learnerName": None}
    page = open_check_page(browser, url, resumed)
    assert page.locator("[data-question=q] .cf-verdict").text_content() == verdict(case)
    assert page.evaluate(SHOWN_ANSWER) == shown(case.answer)
    assert recorded(page, "status")[-1]["scoreRaw"] == score
    page.close()
    assert browser.console_errors[errors:] == []


def shown(answer):
    """The answer as SHOWN_ANSWER reads it from the controls."""
    if isinstance(answer, bool):
        return [int(answer)]
    return answer


# What question q's controls show, in the answer format of Case (true/false: [0] or [1]).
SHOWN_ANSWER = """() => {
  const form = document.querySelector("[data-question=q] form");
  const blanks = [...form.querySelectorAll(".cf-blank input, .cf-blank select")];
  if (blanks.length) {
    return blanks.map((f) => (f.tagName !== "SELECT" ? f.value : f.value === "" ? null : Number(f.value)));
  }
  const typed = form.querySelector("input[type=text]");
  if (typed) return typed.value;
  const selects = [...form.querySelectorAll("select")];
  if (selects.length) return selects.map((s) => (s.value === "" ? null : Number(s.value)));
  const items = [...form.querySelectorAll(".cf-item")];
  if (items.length) return items.map((item) => Number(item.dataset.i));
  return [...form.querySelectorAll("input:checked")].map((i) => Number(i.value));
}"""


# An index one past the last option: a state string no runtime wrote (edited, or for another
# version of the course). (course, the stored answer)
OUT_OF_RANGE = [
    ("single", 3),
    ("match", (0, 1, 3)),
    ("match-shared", (0, 2, 1)),  # two targets only: index 2 is out of range
    ("order", (0, 1, 2, 4)),
]


@pytest.mark.parametrize(("name", "value"), OUT_OF_RANGE, ids=[n for n, _ in OUT_OF_RANGE])
def test_a_state_with_an_index_out_of_range_starts_afresh(browser, courses, name, value):
    base, loaded = courses
    course = loaded[name]
    state = encode_state(
        course,
        LearnerState(
            page=1,
            visited={0, 1},
            seed=7,
            quizzes=[QuizState(1, 1, [Answer(True), Answer(value)])],
        ),
    )
    resumed = {"state": state, "location": "check", "mode": "normal", "learnerName": None}
    errors = len(browser.console_errors)
    page = open_check_page(browser, f"{base}/{name}/demo-web/index.html", resumed)
    # Nothing of the refused state is shown or counted: both questions are open again.
    assert page.locator("[data-question=q] .cf-verdict").text_content() == ""
    assert page.locator("[data-question=filler] .cf-verdict").text_content() == ""
    assert recorded(page, "status")[-1]["scoreRaw"] is None
    page.close()
    assert browser.console_errors[errors:] == []


def test_the_cases_cover_every_course():
    assert {c.course for c in CASES} == set(QUESTIONS)
    assert all(any(c.right for c in CASES if c.course == n) for n in QUESTIONS)
    assert all(any(not c.right for c in CASES if c.course == n) for n in QUESTIONS)


def test_quiz_files_are_what_the_loader_accepts(tmp_path):
    # A typo in QUESTIONS would otherwise surface as a confusing browser failure.
    for name, question in QUESTIONS.items():
        source = write_course(
            tmp_path / name, **{"modules/intro/check.quiz.yaml": quiz_yaml(question)}
        )
        questions = load_course(source).quizzes()[0].questions
        assert [q.id for q in questions] == ["filler", "q"], name
        assert questions[1].points == POINTS
