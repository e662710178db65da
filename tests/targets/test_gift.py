"""gift: read back with a reader that follows Moodle's GIFT importer, every question, answer,
fraction and feedback is the course's; what GIFT cannot hold is a located warning."""

from __future__ import annotations

import html
import itertools
from pathlib import Path

import pytest
from tests.support.gift_reader import GiftQuestion, read_gift
from tests.targets.question_bank_courses import (
    COURSES,
    NASTY,
    PNG,
    block_html,
    check_golden,
    every_type_course,
    hostile_questions,
    inline_html,
    plain,
    write_course,
)

from courseforge.build import build
from courseforge.errors import BuildError
from courseforge.loader import load_course
from courseforge.model import Course
from courseforge.questionbank import category_path
from courseforge.targets.gift import RIGHT_LABEL, WRONG_LABEL, GiftTarget, gift_escape

GIFT_TYPES = {
    "single_choice": "multichoice",
    "multiple_response": "multichoice",
    "true_false": "truefalse",
    "fill_in": "shortanswer",
    "numeric": "numerical",
    "matching": "match",
    "sequencing": "ordering",
}


def read_bank(course_dir: Path, out: Path) -> tuple[Course, list[GiftQuestion], list[str]]:
    result = build(course_dir, out, ["gift"])
    course = load_course(course_dir)
    (output,) = result.outputs
    assert output.path.name == f"{course.id}-questions.gift"
    return course, read_gift(output.path.read_text(encoding="utf-8")), result.warnings


def joined(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


def check_question(read: GiftQuestion, question, quiz, course) -> None:
    assert read.qtype == GIFT_TYPES[question.type]
    assert read.category == "$course$/" + category_path(course.title, quiz.title)
    prompt = block_html(question.prompt)
    if question.type == "sequencing":  # the ordering reader sees raw braces: references instead
        assert "{" not in read.text and "}" not in read.text
        assert html.unescape(read.text) == html.unescape(prompt)
    else:
        assert read.text == prompt
    assert read.text_format == "html"
    feedback = question.feedback
    correct = block_html(feedback.correct) if feedback and feedback.correct else ""
    incorrect = block_html(feedback.incorrect) if feedback and feedback.incorrect else ""
    labelled = joined(
        f"<p><strong>{RIGHT_LABEL}</strong></p>\n{correct}" if correct else "",
        f"<p><strong>{WRONG_LABEL}</strong></p>\n{incorrect}" if incorrect else "",
    )
    answers = read.answers
    if question.type in ("single_choice", "multiple_response"):
        assert read.single == (question.type == "single_choice")
        assert [a.text for a in answers] == [inline_html(c.text) for c in question.choices]
        own = [block_html(c.feedback) if c.feedback else "" for c in question.choices]
        fractions = [a.fraction for a in answers]
        if question.type == "single_choice":
            assert fractions == [1.0 if c.correct else 0.0 for c in question.choices]
            # What Moodle shows for a pick is what courseforge shows: its own, then right/wrong.
            assert [a.feedback for a in answers] == [
                joined(o, correct if c.correct else incorrect)
                for o, c in zip(own, question.choices, strict=True)
            ]
            assert read.general_feedback == ""
            return
        assert [a.feedback for a in answers] == own
        assert read.general_feedback == labelled
        right = [i for i, c in enumerate(question.choices) if c.correct]
        grade = lambda picked: min(max(0.0, sum(fractions[i] for i in picked)), 1.0)  # noqa: E731
        assert grade(right) > 0.999999
        for wrong in (i for i, c in enumerate(question.choices) if not c.correct):
            for size in range(len(right) + 1):
                for subset in itertools.combinations(right, size):
                    assert grade([*subset, wrong]) == 0
    elif question.type == "true_false":
        assert read.correct_answer is question.answer
        on_right, on_wrong = (
            (read.true_feedback, read.false_feedback)
            if question.answer
            else (read.false_feedback, read.true_feedback)
        )
        assert (on_right, on_wrong) == (correct, incorrect)
    elif question.type == "fill_in":
        accepted = [a for a in answers if a.fraction == 1.0]
        assert [a.text for a in accepted] == [
            a.replace("*", "\\*") for a in question.export_answers()
        ]
        assert all(a.feedback == correct for a in accepted)
        others = [(a.text, a.fraction, a.feedback) for a in answers if a.fraction != 1.0]
        assert others == ([("*", 0.0, incorrect)] if incorrect else [])
    elif question.type == "numeric":
        low, high = question.bounds()
        right, *rest = answers
        assert right.fraction == 1.0 and right.feedback == correct
        assert float(right.text) - right.tolerance == pytest.approx(low, abs=1e-12)
        assert float(right.text) + right.tolerance == pytest.approx(high, abs=1e-12)
        assert [(a.text, a.feedback) for a in rest] == ([("*", incorrect)] if incorrect else [])
    elif question.type == "matching":
        assert [(a.text, a.target) for a in answers] == [
            (inline_html(p.source), plain(p.target)) for p in question.pairs
        ]
        assert read.general_feedback == labelled
    elif question.type == "sequencing":
        # Items are read raw (no GIFT unescaping): they must read the same once HTML-decoded.
        items = [a.text for a in answers]
        assert [html.unescape(i) for i in items] == [
            html.unescape(inline_html(i)) for i in question.order
        ]
        assert not any(c in i for i in items for c in "{}") and "####" not in "".join(items)
        # Right/wrong feedback rides in the general feedback, which the reader cut off first.
        assert read.general_feedback == labelled
        assert read.ordering == {
            "count": str(len(question.order)),
            "select": "ALL",
            "layout": "VERTICAL",
            "grading": "ALL_OR_NOTHING",
            "show": "SHOW",
        }


def check_course(course: Course, questions: list[GiftQuestion]) -> None:
    by_id = {q.idnumber: q for q in questions}
    expected = [
        (q, quiz)
        for quiz in course.quizzes()
        for q in quiz.questions
        if q.type not in GiftTarget.cannot_hold
    ]
    assert list(by_id) == [q.id for q, _ in expected]
    for question, quiz in expected:
        check_question(by_id[question.id], question, quiz, course)


def test_the_starter_course_reads_back_whole_but_its_cloze(tmp_path):
    course, questions, warnings = read_bank(COURSES["starter"], tmp_path)
    check_course(course, questions)
    assert {q.qtype for q in questions} == set(GIFT_TYPES.values())
    # GIFT has no embedded answers: the cloze is left out, with a located warning.
    (warning,) = warnings
    assert warning.startswith("gift: src/courseforge/starter/modules/basics/check.quiz.yaml:41:")
    assert "gift cannot hold a cloze question; it is left out" in warning


def test_the_seed_course_reads_back_whole_without_a_warning(tmp_path):
    course, questions, warnings = read_bank(COURSES["seed"], tmp_path)
    check_course(course, questions)
    assert len(questions) == sum(len(quiz.questions) for quiz in course.quizzes()) == 27
    assert warnings == []
    # The sequencing question's right/wrong feedback is its general feedback, labelled.
    (order,) = [q for q in questions if q.idnumber == "stage-order"]
    assert order.general_feedback.startswith(f"<p><strong>{RIGHT_LABEL}</strong></p>\n<p>Right.")
    assert f"<p><strong>{WRONG_LABEL}</strong></p>\n<p>The order is:" in order.general_feedback


def test_escaping_covers_every_reserved_character_and_newlines():
    assert gift_escape("~=#{}:\\\n") == "\\~\\=\\#\\{\\}\\:\\\\\\n"
    assert gift_escape("a\r\nb") == "a\\nb"
    assert gift_escape("a\rb") == "a\\nb"  # a lone carriage return is a line break too


def test_hostile_text_round_trips_and_stays_inert(tmp_path):
    course_dir = write_course(tmp_path / "c", hostile_questions())
    course, questions, warnings = read_bank(course_dir, tmp_path / "out")
    check_course(course, questions)
    (warning,) = warnings  # a 3-point question: GIFT has no mark
    assert "check.quiz.yaml:6:3: questions[0]: GIFT has no mark" in warning
    assert questions[0].category == "$course$/Nasty // course: {x}/Check // quiz: {1}"
    text = (tmp_path / "out" / "nasty-questions.gift").read_text(encoding="utf-8")
    assert "<script" not in text.lower()
    # Every question is one block: no raw newline inside a text field.
    assert text.count("\n\n") == len(questions) + 1  # header, category, questions
    assert NASTY.splitlines()[0] not in text  # only ever escaped


def test_what_gift_cannot_hold_is_a_located_warning_and_strict_fails(tmp_path):
    questions = [
        {"id": "pic", "type": "true_false", "prompt": "![a dot](dot.png)", "answer": True},
        {"id": "heavy", "type": "true_false", "prompt": "Two points", "answer": True, "points": 2},
        {
            "id": "cased",
            "type": "fill_in",
            "prompt": "Name",
            "answers": ["Ada", "a->b"],
            "case_sensitive": True,
        },
    ]
    course_dir = write_course(tmp_path / "c", questions, files={"dot.png": PNG})
    _course, read, warnings = read_bank(course_dir, tmp_path / "out")
    assert len(warnings) == 4
    assert "questions[0]" in warnings[0] and "cannot carry images" in warnings[0]
    assert "questions[1]" in warnings[1] and "no mark" in warnings[1]
    assert "questions[2]" in warnings[2] and "case-sensitive" in warnings[2]
    assert "questions[2]" in warnings[3] and "'a->b'" in warnings[3]
    lines = (tmp_path / "c" / "modules" / "m" / "check.quiz.yaml").read_text().splitlines()
    for warning, question_id in zip(warnings, ["pic", "heavy", "cased", "cased"], strict=True):
        line = int(warning.split("check.quiz.yaml:")[1].split(":")[0])
        assert question_id in "\n".join(lines[line - 1 : line + 2])
    assert read[0].text == "<p>[a dot]</p>"  # the alt text stands in for the image
    assert [a.text for a in read[2].answers] == ["Ada"]
    with pytest.raises(BuildError, match="warnings are errors"):
        build(course_dir, tmp_path / "strict", ["gift"], strict=True)
    assert not (tmp_path / "strict").exists()


def test_same_course_same_bytes(tmp_path):
    build(COURSES["seed"], tmp_path / "one", ["gift"])
    build(COURSES["seed"], tmp_path / "two", ["gift"])
    name = "ai-engineering-architect-questions.gift"
    assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_every_type_is_written_line_for_line_as_the_golden_file(tmp_path):
    # Feedback marks only where there is feedback: "TRUE" alone, "FALSE#wrong" with no empty '#'.
    result = build(every_type_course(tmp_path / "c"), tmp_path / "out", ["gift"])
    (output,) = result.outputs
    check_golden("every-type-questions.gift", output.path.read_bytes())
    course = load_course(tmp_path / "c")
    read = read_gift(output.path.read_text(encoding="utf-8"))
    (quiz,) = course.quizzes()
    kept = [q for q in quiz.questions if q.type != "cloze"]
    assert [q.idnumber for q in read] == [q.id for q in kept]
    for question, found in zip(kept, read, strict=True):
        if question.id not in ("tf", "fill"):  # the image and the '->' answer are left out
            check_question(found, question, quiz, course)
    quiz = f"gift: {tmp_path}/c/modules/m/check.quiz.yaml"
    assert result.warnings == [
        f"{quiz}:111:3: questions[8]: gift cannot hold a cloze question; it is left out of the "
        "bank (GIFT has no embedded answers; use the moodle-xml or qti21 target)",
        f"{quiz}:6:3: questions[0]: GIFT cannot carry images; each is replaced by its alt text "
        "(use the moodle-xml or qti21 target to keep them)",
        f"{quiz}:21:3: questions[2]: GIFT cannot hold '->' in a fill-in answer ('a->b' would "
        "make the question a matching one); that answer is left out",
    ]


def test_hostile_text_is_written_as_the_golden_file(tmp_path):
    # Every reserved character, backslash and newline escaped exactly as Moodle's reader wants.
    course_dir = write_course(tmp_path / "c", hostile_questions())
    (output,) = build(course_dir, tmp_path / "out", ["gift"]).outputs
    check_golden("hostile-questions.gift", output.path.read_bytes())


def test_a_backslash_in_the_category_is_written_as_the_reader_unescapes_it(tmp_path):
    questions = [{"id": "tf", "type": "true_false", "prompt": "Is it?", "answer": True}]
    course_dir = write_course(tmp_path / "c", questions, title="C:\\drive   name")
    build(course_dir, tmp_path / "out", ["gift"])
    text = (tmp_path / "out" / "nasty-questions.gift").read_text(encoding="utf-8")
    assert text.splitlines()[2] == "$CATEGORY: $course$/C:\\\\drive name/Check // quiz: {1}"
    (read,) = read_gift(text)
    assert read.category == "$course$/C:\\drive name/Check // quiz: {1}"
