"""Which quiz edits the preview swaps in place, with which answers kept; which relaunch.

The seed course, rebuilt by the preview's builder as `courseforge preview` does after a save.
"""

from __future__ import annotations

import json

import pytest
from preview_helpers import copy_seed_course
from quiz_swap_helpers import (
    ACTIONS,
    ADDED_QUESTION,
    CLOUD,
    CONTAINER,
    FINAL,
    STAGE_1,
    edit,
    question_block,
)

from courseforge.build import plan
from courseforge.loader import load_course
from courseforge.preview.builds import PreviewBuilder
from courseforge.preview.updates import COURSE_DATA_END, COURSE_DATA_START, answers_kept
from courseforge.render.state import course_fingerprint


@pytest.fixture
def course(tmp_path):
    return copy_seed_course(tmp_path)


@pytest.fixture
def builder(course):
    built = PreviewBuilder(course, "web")
    built.rebuild()
    return built


def rebuilt(builder, path):
    builder.rebuild({path})
    return builder.last_change


def quiz_update(change, quiz_id: str):
    return next(page.quiz for page in change.pages if page.id == quiz_id)


def launch_course_data(builder) -> dict:
    page = builder.current.files["index.html"]
    start = page.index(COURSE_DATA_START) + len(COURSE_DATA_START)
    return json.loads(page[start : page.index(COURSE_DATA_END, start)])


def test_a_wording_edit_swaps_the_quiz_with_its_new_data_and_every_answer_kept(course, builder):
    quiz = course / STAGE_1
    edit(quiz, "Which tool does the guide name for it?", "Which tool does the guide name?")
    edit(
        quiz,
        "text: Master Python and a systems language",
        "text: Master Python and one systems language",
    )
    edit(quiz, "Right. Containers start early", "Right: containers start early")
    change = rebuilt(builder, quiz)

    assert change.action == "swap"
    assert builder.lessons_rendered == []  # no lesson reads a quiz's file
    assert [page.id for page in change.pages] == ["stage-1-check"]
    update = quiz_update(change, "stage-1-check")
    assert update.keep == (0, 1, 2)
    # The data sent is the new build's own, and the fingerprint is unchanged (same shapes).
    served = launch_course_data(builder)
    assert update.data == served["quizzes"][update.index]
    assert "Which tool does the guide name? Type" in update.data["questions"][0]["prompt"]
    assert change.fingerprint == served["fingerprint"] == course_fingerprint(load_course(course))
    assert "Right: containers start early" in change.pages[0].html


def test_a_quiz_edit_serves_exactly_what_a_fresh_build_makes(course, builder):
    """Lesson HTML reused across a quiz edit is what rendering it again gives, byte for byte."""
    quiz = course / STAGE_1
    text = quiz.read_text(encoding="utf-8")
    quiz.write_text(
        text.replace(
            "  - id: stage-1-cloud-service", ADDED_QUESTION + "  - id: stage-1-cloud-service"
        ),
        encoding="utf-8",
    )
    assert rebuilt(builder, quiz).action == "swap"
    assert builder.lessons_rendered == []
    fresh = plan(course, ["web"]).output_of("web").files
    assert builder.current.files == fresh


def test_answers_follow_their_questions_by_id_type_and_shape(course, builder):
    quiz = course / STAGE_1
    text = quiz.read_text(encoding="utf-8")
    container, cloud, actions = (question_block(text, q) for q in (CONTAINER, CLOUD, ACTIONS))

    def keep_after(edited: str) -> tuple:
        """The answers kept by an edit of the seed quiz (each case starts from the seed's)."""
        quiz.write_text(text, encoding="utf-8")
        builder.rebuild({quiz})
        quiz.write_text(edited, encoding="utf-8")
        change = rebuilt(builder, quiz)
        assert change.action == "swap"
        assert change.fingerprint == course_fingerprint(load_course(course))
        return quiz_update(change, "stage-1-check").keep

    # Reordered: every answer follows its question.
    reordered = text.replace(container + cloud + actions, actions + container + cloud)
    assert keep_after(reordered) == (2, 0, 1)
    # One removed, one added: the added starts unanswered.
    assert keep_after(text.replace(container + cloud, ADDED_QUESTION + container)) == (None, 0, 2)
    # Another type under the same id: its saved value would mean something else.
    retyped = container.replace("type: fill_in", "type: single_choice").replace(
        "    answers: [Docker]\n    case_sensitive: false\n",
        "    choices:\n      - text: Docker\n        correct: true\n      - text: Podman\n",
    )
    assert keep_after(text.replace(container, retyped)) == (None, 1, 2)
    # Another shape: a choice added to the multiple-response question.
    stage_3_choice = "        feedback: That is a Stage 3 key action, in a senior or lead role.\n"
    added_choice = text.replace(stage_3_choice, stage_3_choice + "      - text: Write a book\n")
    assert keep_after(added_choice) == (0, 1, None)


def test_a_question_id_changed_is_another_question(course):
    quizzes = {}
    for name, question_id in (("old", CONTAINER), ("new", "stage-1-container-tools")):
        edited = copy_seed_course(course.parent / name)
        edit(edited / STAGE_1, f"id: {CONTAINER}", f"id: {question_id}")
        quizzes[name] = next(q for q in load_course(edited).quizzes() if q.id == "stage-1-check")
    assert answers_kept(quizzes["old"], quizzes["new"]) == (None, 1, 2)


def test_a_changed_correct_answer_alone_swaps_the_quiz_data(course, builder):
    """The page's HTML does not show which choice is right; the runtime's data does."""
    quiz = course / FINAL
    edit(
        quiz,
        "      - text: Product management's\n",
        "      - text: Product management's\n        correct: true\n",
    )
    edit(
        quiz,
        "      - text: The AI Engineering Architect's\n        correct: true\n",
        "      - text: The AI Engineering Architect's\n",
    )
    change = rebuilt(builder, quiz)
    assert change.action == "swap"
    update = quiz_update(change, "final-quiz")
    question = next(q for q in update.data["questions"] if q["id"] == "faq-vs-data-scientist")
    assert question["correct"] == ["b"]
    assert update.keep == tuple(range(10))


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        ("course.yaml", "mastery_score: 80", "mastery_score: 70"),  # the course's pass mark
        ("course.yaml", "completion: all_lessons_and_pass", "completion: pass"),
        (FINAL, "pass_mark: 8 ", "pass_mark: 7 "),
        (FINAL, "attempts: 2", "attempts: 3"),
        (FINAL, "graded: true", "graded: false"),
        (FINAL, "title: Final quiz", "title: Final check"),  # the menu and the results table
        (FINAL, "id: final-quiz", "id: last-quiz"),  # the page list
    ],
)
def test_tracking_and_menu_changes_relaunch(course, builder, path, old, new):
    edit(course / path, old, new)
    assert rebuilt(builder, course / path).action == "relaunch"


def test_a_quiz_edit_with_a_lesson_edit_swaps_both(course, builder):
    lesson = course / "modules/overview/what-the-role-is.md"
    quiz = course / STAGE_1
    edit(lesson, "The AI revolution is accelerating", "Both edited")
    edit(quiz, "Which tool does the guide name for it?", "Both edited?")
    builder.rebuild({lesson, quiz})
    change = builder.last_change
    assert change.action == "swap"
    assert [(page.id, page.quiz is not None) for page in change.pages] == [
        ("what-the-role-is", False),
        ("stage-1-check", True),
    ]
    assert builder.lessons_rendered == ["what-the-role-is"]


def test_the_swap_event_carries_the_quiz_update(course, builder):
    subscription = builder.events.subscribe()
    try:
        edit(course / STAGE_1, "Which tool does the guide name for it?", "Which tool, then?")
        builder.rebuild({course / STAGE_1})
        event = subscription.next(timeout=5)
    finally:
        subscription.close()
    assert event.name == "swap"
    data = json.loads(event.encoded().decode().split("data: ", 1)[1])
    (page,) = data["pages"]
    assert page["id"] == "stage-1-check"
    assert page["quiz"]["keep"] == [0, 1, 2]
    assert page["quiz"]["data"]["id"] == "stage-1-check"
    assert data["fingerprint"] == course_fingerprint(load_course(course))


def test_a_page_with_links_swaps_on_the_web_target_too(course):
    """Its plain copy (pages/<id>.html) has its links rewritten; the course never loads it."""
    lesson = course / "modules/overview/what-the-role-is.md"
    edit(
        lesson,
        "The AI revolution is accelerating",
        "[Next](what-youll-learn.md): the AI revolution",
    )
    builder = PreviewBuilder(course, "web")
    builder.rebuild()
    edit(lesson, "[Next](what-youll-learn.md): the AI", "[Then](what-youll-learn.md): the AI")
    assert rebuilt(builder, lesson).action == "swap"
    plain = builder.current.files["pages/what-the-role-is.html"]
    assert b'<a href="what-youll-learn.html" rel="noopener noreferrer">Then</a>' in plain


def test_a_quiz_intro_edit_swaps_the_page_and_keeps_every_answer(course):
    """The intro is in the page's HTML only: the data is unchanged, the form drawn again."""
    quiz = course / STAGE_1
    edit(quiz, "graded: false\n", "graded: false\nintro: Before you start.\n")
    builder = PreviewBuilder(course, "web")
    builder.rebuild()
    edit(quiz, "intro: Before you start.", "intro: Before you begin.")
    change = rebuilt(builder, quiz)
    assert change.action == "swap"
    (page,) = change.pages
    assert "Before you begin." in page.html
    assert page.quiz.keep == (0, 1, 2)
    assert page.quiz.data == launch_course_data(builder)["quizzes"][0]


def test_a_quiz_on_the_first_page_is_swapped_inside_the_launch_page(course):
    """The first page ships inside index.html, beside the course data: both are replaced."""
    edit(course / "course.yaml", "  - overview\n  - stage-1\n", "  - stage-1\n  - overview\n")
    module = course / "modules/stage-1/module.yaml"
    edit(module, "  - build-foundational-ai-engineering-skills.md\n", "")
    edit(
        module,
        "  - stage-1-check.quiz.yaml\n",
        "  - stage-1-check.quiz.yaml\n  - build-foundational-ai-engineering-skills.md\n",
    )
    builder = PreviewBuilder(course, "web")
    builder.rebuild()
    quiz = course / STAGE_1
    text = quiz.read_text(encoding="utf-8")
    quiz.write_text(
        text.replace(
            "  - id: stage-1-cloud-service", ADDED_QUESTION + "  - id: stage-1-cloud-service"
        ),
        encoding="utf-8",
    )
    change = rebuilt(builder, quiz)
    assert change.action == "swap"
    assert change.pages[0].quiz.keep == (0, None, 1, 2)
    assert b"Stage 1 names Docker." in builder.current.files["index.html"]
    assert launch_course_data(builder)["fingerprint"] == change.fingerprint
