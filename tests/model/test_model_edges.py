"""Edges of the model's promises: case-sensitive fill-ins, answers ending in a letter, the
base IRI as written, and the schema files rewritten in place.
"""

from __future__ import annotations

import pytest
from tests.loader.course_factory import COURSE_YAML, write_course

from courseforge.loader import load_course
from courseforge.model.identifiers import iri_base
from courseforge.model.json_schemas import render_schemas, write_schemas
from courseforge.model.questions import FillInQuestion
from courseforge.model.text_answer import text_answer_matches


def _fill_in(answers: list[str], case_sensitive: bool) -> FillInQuestion:
    return FillInQuestion(
        id="q", prompt="Capital of France?", type="fill_in", answers=answers,
        case_sensitive=case_sensitive,
    )  # fmt: skip


def test_a_case_sensitive_fill_in_accepts_the_exact_case_only():
    question = _fill_in(["Paris"], case_sensitive=True)
    assert question.accepts("Paris") and question.accepts(' "Paris." ')
    assert not question.accepts("paris") and not question.accepts("PARIS")
    assert _fill_in(["Paris"], case_sensitive=False).accepts("pARIS")


def test_a_case_sensitive_fill_in_exports_each_spelling_the_author_listed():
    listed = ["Paris", "paris", " Paris. "]
    assert _fill_in(listed, case_sensitive=True).export_answers() == ["Paris", "paris"]
    assert _fill_in(listed, case_sensitive=False).export_answers() == ["Paris"]


@pytest.mark.parametrize("case_sensitive", [False, True])
def test_a_letter_at_either_end_of_an_answer_counts(case_sensitive):
    assert not text_answer_matches(["Malcolm X"], "Malcolm", case_sensitive=case_sensitive)
    assert not text_answer_matches(["X-ray"], "-ray", case_sensitive=case_sensitive)
    assert not text_answer_matches(["XX"], "X", case_sensitive=case_sensitive)
    assert text_answer_matches(["Malcolm X"], " Malcolm  X. ", case_sensitive=case_sensitive)


@pytest.mark.parametrize(
    ("base", "course_iri"),
    [
        ("https://example.org/courses/LAB-X/", "https://example.org/courses/LAB-X"),
        ("https://example.org/courses/LAB-X", "https://example.org/courses/LAB-X"),
        ("https://example.org/demo//", "https://example.org/demo"),
    ],
)
def test_activity_iris_keep_the_base_as_written_less_its_trailing_slash(tmp_path, base, course_iri):
    course_yaml = COURSE_YAML.replace("https://example.org/demo", base)
    assert base in course_yaml
    course = load_course(write_course(tmp_path, **{"course.yaml": course_yaml}))
    assert course.activity_iri() == course_iri
    assert course.activity_iri("intro", "hello") == f"{course_iri}/intro/hello"


@pytest.mark.parametrize(("length", "shown_whole"), [(59, True), (60, True), (61, False)])
def test_a_refused_base_iri_is_quoted_whole_up_to_60_characters(length, shown_whole):
    value = "https://x.org/" + "a" * (length - 15) + " "
    assert len(value) == length
    with pytest.raises(ValueError) as refused:
        iri_base(value)
    shown = str(refused.value).split("got ", 1)[1].split(": an IRI", 1)[0]
    if shown_whole:
        assert shown == repr(value)
    else:
        assert shown == repr(value[:57] + "...") and len(eval(shown)) == 60  # noqa: S307


def test_the_schema_files_can_be_rewritten_in_place(tmp_path):
    folder = tmp_path / "schemas"
    first = write_schemas(folder)
    (folder / "course.schema.json").write_text("stale", encoding="utf-8")
    second = write_schemas(folder)  # `make schemas` run again over the committed files
    assert first == second
    assert {path.name: path.read_text(encoding="utf-8") for path in second} == render_schemas()


def test_a_cloze_blank_marks_a_choice_exactly_and_typed_text_by_the_fill_in_rule():
    from courseforge.model.questions import ClozeBlank

    drop_down = ClozeBlank(choices=["Paris", "Lyon"], answer="Paris")
    assert drop_down.accepts("Paris")
    assert not drop_down.accepts("Lyon") and not drop_down.accepts("paris")  # an option, as is
    typed = ClozeBlank(answers=["Paris"])
    assert typed.accepts(' "paris." ') and not typed.accepts("Lyon")
    exact = ClozeBlank(answers=["Paris"], case_sensitive=True)
    assert exact.accepts("Paris") and not exact.accepts("paris")
