"""A saved state, written by the Python mirror, read back by the runtime in Chromium.

The runtime must take up exactly what the state holds: the pages done (menu marks, progress),
each quiz's attempts and best points (the course score), every answer with its checked or draft
mark; and the state it saves again on opening is the same string. A state whose page is out
of range is refused, and the learner starts afresh.
"""

from __future__ import annotations

import pytest
from tests.loader.course_factory import COURSE_YAML, write_course
from tests.runtime.learner import current_page_id, open_course, use_recording_adapter

from courseforge.build import build
from courseforge.loader import load_course
from courseforge.render.state import (
    SEED_MAX,
    Answer,
    LearnerState,
    QuizState,
    decode_state,
    encode_state,
)
from support.http import StaticServer

AWKWARD_TEXT = "a~b|c*d!e é😀"  # the field separators, the draft mark, the escape, non-ASCII


def some_value(question, n: int):
    """A valid answer to the question, other than the first option where there is a choice."""
    kind = question.type
    if kind == "single_choice":
        return len(question.choices) - 1
    if kind == "multiple_response":
        return tuple(i for i in range(len(question.choices)) if i % 2 == n % 2)
    if kind == "true_false":
        return n % 2 == 0
    if kind == "fill_in":
        return AWKWARD_TEXT
    if kind == "numeric":
        return "4,5"
    if kind == "matching":
        targets = len({pair.target for pair in question.pairs})
        return (-1, *[(i + 1) % targets for i in range(1, len(question.pairs))])
    return tuple(reversed(range(len(question.order))))  # sequencing


def learner_state(course, page: int, seed: int) -> LearnerState:
    """Quizzes in every form: untouched, drafts only, checked and draft mixed, finished."""
    quizzes = []
    for qi, quiz in enumerate(course.quizzes()):
        answers = [
            None if (qi + i) % 4 == 3 else Answer(some_value(q, qi + i), checked=(qi + i) % 3 != 1)
            for i, q in enumerate(quiz.questions)
        ]
        if qi == 0:
            quizzes.append(QuizState(answers=[None] * len(quiz.questions)))
        elif quiz.graded:  # 7 of 10: below the mastery score of 80 %
            quizzes.append(QuizState(1, 7, [None] * len(quiz.questions)))
        else:
            quizzes.append(QuizState(qi % 3, qi if qi % 3 else None, answers))
    visited = {0, 4, 5, 9, 10, 14, page} & set(range(len(course.pages())))
    return LearnerState(page=page, visited=visited, seed=seed, quizzes=quizzes)


def recorded(page, name: str) -> list:
    return [call[1:] for call in page.evaluate("window.recorded") if call[0] == name]


MENU_DONE = """() => [...document.querySelectorAll('#cf-menu a.cf-done')]
  .map((link) => Number(link.dataset.index))"""


@pytest.mark.parametrize(
    ("page_index", "seed"), [(4, SEED_MAX), (0, 0), (15, 1)], ids=["lesson", "first", "results"]
)
def test_a_saved_state_is_taken_up_whole_and_saved_again_unchanged(
    new_browser_session, seed_server, seed_course, page_index, seed
):
    state = encode_state(seed_course, learner_state(seed_course, page_index, seed))
    pages = seed_course.pages()
    session = new_browser_session()
    location = pages[page_index].id if page_index < len(pages) else "_results"
    use_recording_adapter(
        session, {"state": state, "location": location, "mode": "normal", "learnerName": None}
    )
    open_course(session.page, seed_server + "/index.html")

    assert recorded(session.page, "save")[0] == [state, location]
    # Done: a lesson visited, a quiz with an attempt completed (the menu marks both).
    decoded = decode_state(seed_course, state)
    attempts = {
        q.id: s.completed_attempts
        for q, s in zip(seed_course.quizzes(), decoded.quizzes, strict=True)
    }
    done = [
        i
        for i, p in enumerate(pages)
        if (attempts[p.id] > 0 if p.id in attempts else i in decoded.visited)
    ]
    assert session.page.evaluate(MENU_DONE) == done
    record = recorded(session.page, "status")[-1][0]
    assert (record["scoreRaw"], record["passed"]) == (70, False)
    assert record["progress"] == round(len(done) / len(pages), 4)
    session.assert_no_console_errors()


def test_a_state_on_a_page_past_the_results_starts_afresh(
    new_browser_session, seed_server, seed_course
):
    state = encode_state(seed_course, learner_state(seed_course, 16, 5))
    session = new_browser_session()
    use_recording_adapter(
        session, {"state": state, "location": "_results", "mode": "normal", "learnerName": None}
    )
    open_course(session.page, seed_server + "/index.html")

    saved = decode_state(seed_course, recorded(session.page, "save")[0][0])
    assert all(q.completed_attempts == 0 for q in saved.quizzes)
    assert all(a is None for q in saved.quizzes for a in q.answers)
    assert recorded(session.page, "status")[-1][0]["scoreRaw"] is None
    session.assert_no_console_errors()


@pytest.fixture(scope="module")
def long_course(tmp_path_factory):
    """A course of 40 lessons: page numbers past 35 take two base-36 digits."""
    root = tmp_path_factory.mktemp("long")
    lessons = {
        f"modules/intro/l{n:02}.md": f"---\nid: l{n:02}\ntitle: Lesson {n}\n---\nText {n}.\n"
        for n in range(40)
    }
    module = "id: intro\ntitle: Introduction\npages: [{}]\n".format(
        ", ".join(f"l{n:02}.md" for n in range(40))
    )
    source = write_course(
        root / "src",
        **{
            "course.yaml": COURSE_YAML.replace("all_lessons_and_pass", "all_lessons"),
            "modules/intro/module.yaml": module,
            "modules/intro/hello.md": None,
            "modules/intro/check.quiz.yaml": None,
            **lessons,
        },
    )
    build(source, root / "www", ["web"])
    server = StaticServer(root / "www")
    yield load_course(source), f"{server.url}/demo-web/index.html"
    server.close()


def test_a_learner_far_into_a_long_course_resumes_on_that_page(new_browser_session, long_course):
    course, url = long_course
    state = encode_state(course, LearnerState(page=37, visited={0, 36, 37, 39}, seed=40))
    session = new_browser_session()
    use_recording_adapter(
        session, {"state": state, "location": "l37", "mode": "normal", "learnerName": None}
    )
    open_course(session.page, url)

    assert current_page_id(session.page) == "l37"
    assert recorded(session.page, "save")[0] == [state, "l37"]
    session.assert_no_console_errors()


@pytest.mark.parametrize("field", [0, 1], ids=["another state format", "another course build"])
def test_a_state_of_another_format_or_course_build_starts_afresh(
    new_browser_session, seed_server, seed_course, field
):
    fields = encode_state(seed_course, learner_state(seed_course, 4, 5)).split("~")
    fields[field] = "9" if field == 0 else "zzzzzz"  # neither this runtime's nor this build's
    session = new_browser_session()
    use_recording_adapter(
        session,
        {"state": "~".join(fields), "location": None, "mode": "normal", "learnerName": None},
    )
    open_course(session.page, seed_server + "/index.html")

    saved = decode_state(seed_course, recorded(session.page, "save")[0][0])
    assert saved.page == 0 and saved.visited == {0}
    assert all(q.completed_attempts == 0 for q in saved.quizzes)
    session.assert_no_console_errors()


def test_a_state_naming_a_choice_one_past_the_last_starts_afresh(
    new_browser_session, seed_server, seed_course
):
    """A choice index equal to the choice count (a state from a course with one more choice,
    or a damaged one) is refused whole, as any out-of-range index: no answer points nowhere."""
    state = learner_state(seed_course, 4, 5)
    qi, i, question = next(
        (qi, i, q)
        for qi, quiz in enumerate(seed_course.quizzes())
        for i, q in enumerate(quiz.questions)
        if q.type == "single_choice"
    )
    state.quizzes[qi].answers[i] = Answer(len(question.choices), checked=True)
    text = encode_state(seed_course, state)
    session = new_browser_session()
    use_recording_adapter(
        session,
        {
            "state": text,
            "location": seed_course.pages()[4].id,
            "mode": "normal",
            "learnerName": None,
        },
    )
    open_course(session.page, seed_server + "/index.html")

    saved = decode_state(seed_course, recorded(session.page, "save")[0][0])
    assert all(q.completed_attempts == 0 for q in saved.quizzes)
    assert all(a is None for q in saved.quizzes for a in q.answers)
    assert current_page_id(session.page) == seed_course.pages()[4].id  # the bookmark still holds
    session.assert_no_console_errors()
