"""moodle-xml: the file read back with lxml holds every question, answer, fraction, feedback and
mark of the course, as Moodle's importer (question/format/xml) reads them."""

from __future__ import annotations

import base64
import html
import itertools
import re
from pathlib import Path

import pytest
from lxml import etree
from tests.targets.question_bank_courses import (
    COURSES,
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
from courseforge.model.text_answer import export_answers
from courseforge.questionbank import category_path, choice_fractions, moodle_fraction
from courseforge.targets.moodle_xml import percent

MOODLE_TYPES = {
    "single_choice": "multichoice",
    "multiple_response": "multichoice",
    "true_false": "truefalse",
    "fill_in": "shortanswer",
    "numeric": "numerical",
    "matching": "match",
    "sequencing": "ordering",
    "cloze": "cloze",
}
# qtype_multianswer's embedded answer, {weight:TYPE:alternatives} (question/type/multianswer).
EMBEDDED = re.compile(r"\{([0-9]*):(SHORTANSWER_C|SHORTANSWER|MULTICHOICE):(.*?)(?<!\\)\}", re.S)
ALTERNATIVE = re.compile(r"~?(=|%-?[0-9]+%)?(.+?(?<!\\|&)(?<!&amp;))(?=~|$)", re.S)


def read_embedded(text: str) -> list[tuple[int, str, list[tuple[bool, str]]]]:
    """Each embedded answer as Moodle reads it: weight, type, (right, answer) alternatives."""
    found = []
    for weight, kind, alternatives in EMBEDDED.findall(text):
        answers = []
        for fraction, answer in ALTERNATIVE.findall(alternatives):
            decoded = html.unescape(answer).replace("\\}", "}").replace("\\#", "#")
            answers.append((fraction == "=", decoded))
        found.append((int(weight or 1), kind, answers))
    return found


def read_bank(course_dir: Path, out: Path) -> tuple[Course, etree._Element, list[str]]:
    result = build(course_dir, out, ["moodle-xml"])
    course = load_course(course_dir)
    (output,) = result.outputs
    assert output.path.name == f"{course.id}-questions.xml"
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return course, etree.parse(str(output.path), parser).getroot(), result.warnings


def text_of(element: etree._Element, path: str) -> str:
    found = element.find(path)
    return "" if found is None else (found.findtext("text") or "").strip()


def moodle_grade(fractions: list[float], picked: list[int]) -> float:
    """qtype_multichoice_multi_question::grade_response: the picked fractions, clamped."""
    return min(max(0.0, sum(fractions[i] for i in picked)), 1.0)


def check_question(element: etree._Element, question, quiz) -> None:
    assert element.get("type") == MOODLE_TYPES[question.type]
    assert element.findtext("idnumber") == question.id
    assert element.findtext("defaultgrade") == str(question.points)
    if question.type == "cloze":
        check_cloze(element, question)
        return
    assert text_of(element, "questiontext") == block_html(question.prompt)
    feedback = question.feedback
    correct = block_html(feedback.correct) if feedback and feedback.correct else ""
    incorrect = block_html(feedback.incorrect) if feedback and feedback.incorrect else ""
    answers = element.findall("answer")
    if question.type in ("single_choice", "multiple_response"):
        assert element.findtext("single") == (
            "true" if question.type == "single_choice" else "false"
        )
        assert element.findtext("shuffleanswers") == str(quiz.shuffle_choices).lower()
        assert text_of(element, "correctfeedback") == correct
        assert text_of(element, "incorrectfeedback") == incorrect
        assert [text_of(a, ".") for a in answers] == [inline_html(c.text) for c in question.choices]
        assert [text_of(a, "feedback") for a in answers] == [
            block_html(c.feedback) if c.feedback else "" for c in question.choices
        ]
        fractions = [float(a.get("fraction")) / 100 for a in answers]
        right = [i for i, c in enumerate(question.choices) if c.correct]
        if question.type == "single_choice":  # Moodle grades the one picked answer
            assert fractions == [1.0 if c.correct else 0.0 for c in question.choices]
            return
        # Moodle scores as courseforge does: all right and nothing wrong → full marks...
        assert moodle_grade(fractions, right) > 0.999999
        # ...and any wrong pick → nothing.
        for wrong in (i for i, c in enumerate(question.choices) if not c.correct):
            for size in range(len(right) + 1):
                for subset in itertools.combinations(right, size):
                    assert moodle_grade(fractions, [*subset, wrong]) == 0
    elif question.type == "true_false":
        by_text = {a.findtext("text"): a for a in answers}
        assert sorted(by_text) == ["false", "true"]
        right = by_text[str(question.answer).lower()]
        wrong = by_text[str(not question.answer).lower()]
        assert (right.get("fraction"), wrong.get("fraction")) == ("100", "0")
        assert (text_of(right, "feedback"), text_of(wrong, "feedback")) == (correct, incorrect)
    elif question.type == "fill_in":
        assert element.findtext("usecase") == ("1" if question.case_sensitive else "0")
        accepted = [a for a in answers if a.get("fraction") == "100"]
        assert [a.findtext("text") for a in accepted] == [
            answer.replace("*", "\\*") for answer in question.export_answers()
        ]
        assert all(text_of(a, "feedback") == correct for a in accepted)
        others = [a for a in answers if a.get("fraction") == "0"]
        assert [(a.findtext("text"), text_of(a, "feedback")) for a in others] == (
            [("*", incorrect)] if incorrect else []
        )
    elif question.type == "numeric":
        low, high = question.bounds()
        (right,) = [a for a in answers if a.get("fraction") == "100"]
        value, tolerance = float(right.findtext("text")), float(right.findtext("tolerance"))
        assert value - tolerance == pytest.approx(low, abs=1e-12)
        assert value + tolerance == pytest.approx(high, abs=1e-12)
        assert text_of(right, "feedback") == correct
        assert element.findtext("showunits") == "3"
    elif question.type == "matching":
        pairs = [
            (text_of(s, "."), s.find("answer").findtext("text"))
            for s in element.findall("subquestion")
        ]
        assert pairs == [(inline_html(p.source), plain(p.target)) for p in question.pairs]
        assert text_of(element, "correctfeedback") == correct
        assert text_of(element, "incorrectfeedback") == incorrect
    elif question.type == "sequencing":
        assert [text_of(a, ".") for a in answers] == [inline_html(i) for i in question.order]
        assert element.findtext("gradingtype") == "ALL_OR_NOTHING"
        assert element.findtext("selecttype") == "ALL"
        assert element.find("shownumcorrect") is not None  # see STANDARDS.md
        assert text_of(element, "correctfeedback") == correct


def check_cloze(element: etree._Element, question) -> None:
    text = text_of(element, "questiontext")
    assert text.startswith(block_html(question.prompt))
    embedded = read_embedded(text)
    blanks = question.ordered_blanks()
    assert len(embedded) == len(blanks)
    # Moodle's mark for a cloze is the sum of its blanks' weights.
    assert sum(weight for weight, _kind, _answers in embedded) == question.points
    for (_name, blank), (_weight, kind, answers) in zip(blanks, embedded, strict=True):
        if blank.choices is not None:
            assert kind == "MULTICHOICE"
            assert answers == [(choice == blank.answer, choice) for choice in blank.choices]
        else:
            assert kind == ("SHORTANSWER_C" if blank.case_sensitive else "SHORTANSWER")
            expected = export_answers(blank.answers, case_sensitive=blank.case_sensitive)
            assert answers == [(True, a.replace("*", "\\*")) for a in expected]


@pytest.mark.parametrize("which", sorted(COURSES))
def test_every_question_reads_back_as_the_course_has_it(tmp_path, which):
    course, root, warnings = read_bank(COURSES[which], tmp_path)
    assert warnings == []
    elements = root.findall("question")
    categories = [e for e in elements if e.get("type") == "category"]
    assert [c.findtext("category/text") for c in categories] == [
        "$course$/" + category_path(course.title, quiz.title) for quiz in course.quizzes()
    ]
    by_id = {e.findtext("idnumber"): e for e in elements if e.get("type") != "category"}
    questions = [(q, quiz) for quiz in course.quizzes() for q in quiz.questions]
    assert list(by_id) == [q.id for q, _ in questions]
    for question, quiz in questions:
        check_question(by_id[question.id], question, quiz)
    assert {q.type for q, _ in questions} == set(MOODLE_TYPES) or which == "seed"


def test_the_seed_course_has_its_27_questions_of_every_type(tmp_path):
    _course, root, warnings = read_bank(COURSES["seed"], tmp_path)
    kinds = [e.get("type") for e in root.findall("question") if e.get("type") != "category"]
    assert len(kinds) == 27
    # Every type but cloze: the seed quiz is built from the guide's FAQ only.
    assert set(kinds) == set(MOODLE_TYPES.values()) - {"cloze"}
    assert warnings == []


def test_hostile_text_round_trips_and_stays_inert(tmp_path):
    course_dir = write_course(tmp_path / "c", hostile_questions())
    course, root, warnings = read_bank(course_dir, tmp_path / "out")
    assert warnings == []
    (quiz,) = course.quizzes()
    by_id = {e.findtext("idnumber"): e for e in root.findall("question")}
    for question in quiz.questions:
        check_question(by_id[question.id], question, quiz)
    # The category path survives '/' in titles (Moodle reads '//' as a '/').
    assert (
        root.find("question/category/text").text
        == "$course$/Nasty // course: {x}/Check // quiz: {1}"
    )
    # No markup from the author executes: no script in any HTML text, and the XML has none.
    assert root.find(".//script") is None
    for text in root.iter("text"):
        assert "<script" not in (text.text or "").lower()


def test_images_are_embedded_as_files_the_text_points_at(tmp_path):
    questions = [
        {
            "id": "pic",
            "type": "true_false",
            "prompt": "Look: ![a dot](img/dot.png)",
            "answer": True,
            "feedback": {"correct": "<img src='img/dot.png' alt='raw'>"},
        }
    ]
    course_dir = write_course(tmp_path / "c", questions, files={"img/dot.png": PNG})
    _course, root, warnings = read_bank(course_dir, tmp_path / "out")
    assert warnings == []
    question = root.find("question[@type='truefalse']")
    text = question.find("questiontext")
    assert '<img src="@@PLUGINFILE@@/modules/m/img/dot.png" alt="a dot">' in text.findtext("text")
    (file,) = text.findall("file")
    assert (file.get("name"), file.get("path"), file.get("encoding")) == (
        "dot.png",
        "/modules/m/img/",
        "base64",
    )
    assert base64.b64decode(file.text) == PNG
    feedback = question.find("answer[text='true']/feedback")
    assert "@@PLUGINFILE@@/modules/m/img/dot.png" in feedback.findtext("text")
    assert base64.b64decode(feedback.find("file").text) == PNG


def test_a_missing_image_warns_at_the_question_and_strict_fails(tmp_path):
    questions = [{"id": "gone", "type": "true_false", "prompt": "![x](nope.png)", "answer": True}]
    course_dir = write_course(tmp_path / "c", questions)
    result = build(course_dir, tmp_path / "out", ["moodle-xml"])
    (warning,) = result.warnings
    assert "modules/m/check.quiz.yaml:" in warning and "questions[0]" in warning
    assert "'nope.png' is not a file in the course folder" in warning
    with pytest.raises(BuildError, match="nope.png"):
        build(course_dir, tmp_path / "strict", ["moodle-xml"], strict=True)
    assert not (tmp_path / "strict").exists()


def test_an_image_outside_the_course_is_never_read(tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(PNG)
    questions = [
        {"id": "up", "type": "true_false", "prompt": "![x](../../../secret.png)", "answer": True},
        {"id": "link", "type": "true_false", "prompt": "![y](inside.png)", "answer": True},
    ]
    course_dir = write_course(tmp_path / "c", questions)
    (course_dir / "modules/m/inside.png").symlink_to(secret)
    _course, root, warnings = read_bank(course_dir, tmp_path / "out")
    assert [w.split("questions[")[1][:1] for w in warnings] == ["0", "1"]
    assert all("is not embedded" in w for w in warnings)
    assert root.find(".//file") is None


def test_same_course_same_bytes(tmp_path):
    build(COURSES["seed"], tmp_path / "one", ["moodle-xml"])
    build(COURSES["seed"], tmp_path / "two", ["moodle-xml"])
    name = "ai-engineering-architect-questions.xml"
    assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


@pytest.mark.parametrize("right", range(1, 37))
def test_multiple_response_fractions_are_on_moodles_list_and_add_up(right):
    correct = [True] * right + [False] * 3
    fractions, exact = choice_fractions(correct, multiple=True)
    assert all(moodle_fraction(f) == f for f in fractions)  # the importer accepts each one
    assert fractions[right:] == [-1.0, -1.0, -1.0]
    total = sum(fractions[:right])
    if right <= 20:
        assert exact and abs(total - 1.0) < 0.00001
        # Leaving out any one right choice never reaches full marks.
        assert all(total - f < 0.999999 for f in fractions[:right])
    else:
        assert not exact


def test_fill_in_answers_are_exported_as_courseforge_matches_them(tmp_path):
    # Edge punctuation and repeated spaces do not count in courseforge; Moodle would count them.
    question = {
        "id": "service",
        "type": "fill_in",
        "prompt": "Which service?",
        "answers": ["SageMaker.", "sagemaker", "  Sage   Maker ", "\u201cAWS SageMaker\u201d"],
    }
    course_dir = write_course(tmp_path / "c", [question])
    _course, root, warnings = read_bank(course_dir, tmp_path / "out")
    (element,) = [e for e in root.findall("question") if e.get("type") == "shortanswer"]
    accepted = [a.findtext("text") for a in element.findall("answer") if a.get("fraction") == "100"]
    assert accepted == ["SageMaker", "Sage Maker", "AWS SageMaker"]
    assert warnings == []


def test_every_type_is_written_element_for_element_as_the_golden_file(tmp_path):
    # Every element, attribute and text Moodle's importer reads, for each question type: the
    # category's intro, names, formats, numbering, units, ordering layout, cloze weights.
    result = build(every_type_course(tmp_path / "c"), tmp_path / "out", ["moodle-xml"])
    (output,) = result.outputs
    check_golden("every-type-questions.xml", output.path.read_bytes())
    course = load_course(tmp_path / "c")
    (quiz,) = course.quizzes()
    root = etree.fromstring(output.path.read_bytes())
    by_id = {e.findtext("idnumber"): e for e in root.findall("question")}
    for question in quiz.questions:
        if question.id not in ("tf", "gap"):  # images in the prompt; a '~' Moodle cannot hold
            check_question(by_id[question.id], question, quiz)
    assert text_of(root, "question[@type='category']/info") == block_html(quiz.intro)
    where = f"moodle-xml: {tmp_path}/c/modules/m/check.quiz.yaml:111:3: questions[8]: "
    missing = "is not a file in the course folder (relative to the quiz file); it is not embedded"
    assert result.warnings == [
        where + "blank 'one': Moodle's cloze syntax cannot hold '~' in an answer; it is written "
        "as '-'",
        where + f"image 'gone.png' {missing} in the question bank",
        where + f"image 'lost.png' {missing} in the question bank",
    ]
    cloze = root.find("question[@type='cloze']")
    # 4 points over 2 blanks: each blank weighs 2, so Moodle's mark is the course's.
    assert [(w, k) for w, k, _a in read_embedded(text_of(cloze, "questiontext"))] == [
        (2, "SHORTANSWER"),
        (2, "MULTICHOICE"),
    ]
    # One image used twice and another: each embedded once, in order.
    files = root.findall("question[@type='truefalse']/questiontext/file")
    assert [(f.get("path"), f.get("name")) for f in files] == [
        ("/modules/m/", "dot.png"),
        ("/modules/m/img/", "two.png"),
    ]


def test_hostile_text_is_written_as_the_golden_file(tmp_path):
    # Every escape (CDATA's end, embedded-answer syntax, GIFT's reserved characters) exactly.
    course_dir = write_course(tmp_path / "c", hostile_questions())
    (output,) = build(course_dir, tmp_path / "out", ["moodle-xml"]).outputs
    check_golden("hostile-questions.xml", output.path.read_bytes())


def test_case_escapes_and_a_root_image_are_written_as_moodle_reads_them(tmp_path):
    questions = [
        {
            "id": "cased",
            "type": "fill_in",
            "prompt": "![top](../../top.png) Name?",
            "answers": ["Ada"],
            "case_sensitive": True,
        },
        {
            "id": "gap",
            "type": "cloze",
            "prompt": "Fill",
            "passage": "Type {{one}}.",
            "blanks": {"one": {"answers": ["a\\b}c#d"], "case_sensitive": True}},
        },
    ]
    course_dir = write_course(tmp_path / "c", questions)
    (course_dir / "top.png").write_bytes(PNG)
    _course, root, warnings = read_bank(course_dir, tmp_path / "out")
    assert warnings == []
    cased = root.find("question[@type='shortanswer']")
    assert cased.findtext("usecase") == "1"
    (file,) = cased.findall("questiontext/file")
    assert (file.get("name"), file.get("path")) == ("top.png", "/")  # the course folder's root
    text = text_of(root.find("question[@type='cloze']"), "questiontext")
    # '\\' as an entity, '}' and '#' escaped: what qtype_multianswer unescapes.
    assert "<p>Type {1:SHORTANSWER_C:=a&#92;b\\}c\\#d}.</p>" in text
    assert read_embedded(text) == [(1, "SHORTANSWER_C", [(True, "a\\b}c#d")])]


def test_a_missing_image_in_a_choice_feedback_warns_too(tmp_path):
    choices = [{"text": "A", "correct": True, "feedback": "![x](gone.png)"}, {"text": "B"}]
    questions = [{"id": "pick", "type": "single_choice", "prompt": "Pick.", "choices": choices}]
    result = build(write_course(tmp_path / "c", questions), tmp_path / "out", ["moodle-xml"])
    (warning,) = result.warnings
    assert "questions[0]" in warning and "'gone.png' is not a file in the course folder" in warning


def test_a_cloze_with_feedback_is_told_that_moodle_leaves_it_out(tmp_path):
    questions = [
        {
            "id": "gap",
            "type": "cloze",
            "prompt": "Fill.",
            "passage": "A {{a}}.",
            "blanks": {"a": {"answers": ["x"]}},
            "feedback": {"correct": "Yes.", "incorrect": "No."},
        }
    ]
    result = build(write_course(tmp_path / "c", questions), tmp_path / "out", ["moodle-xml"])
    (warning,) = result.warnings
    assert warning.endswith(
        "questions[0]: Moodle's cloze question has no right/wrong feedback; this question's "
        "feedback is left out of the bank"
    ), warning


@pytest.mark.parametrize(
    ("fraction", "written"),
    [(1.0, "100"), (1 / 3, "33.33333"), (-0.5, "-50"), (0.0, "0"), (-0.0, "0"), (-1e-9, "0")],
)
def test_fractions_are_written_as_moodle_percents_without_a_negative_zero(fraction, written):
    assert percent(fraction) == written
