"""Every kind of model error and every course warning, worded exactly as the author reads it.

One case per message the loader writes (loader/pydantic_errors.py `_reword`, and
loader/course_checks.py `course_warnings`), each at its file:line:col and field.
"""

from __future__ import annotations

import json

import pytest
from tests.loader.course_factory import (
    COURSE_YAML,
    LESSON_MD,
    QUIZ_YAML,
    author_errors,
    write_course,
)

from courseforge.loader import author_warnings, load_course
from courseforge.loader.course_checks import course_warnings

QUIZ = "modules/intro/check.quiz.yaml"
AT = "course/modules/intro/check.quiz.yaml"


pytestmark = pytest.mark.usefixtures("in_tmp")  # messages name files as course/...


def errors_of(tmp_path, **files: str) -> list[str]:
    write_course(tmp_path, **files)
    return author_errors("course")


def with_question(question) -> dict[str, str]:
    """The factory's quiz with a second question, written as one flow-style (JSON) line 11."""
    return {QUIZ: QUIZ_YAML + "  - " + json.dumps(question) + "\n"}


def q2(**fields) -> dict:
    return {"id": "q2", "prompt": "P", **fields}


CASES = {
    "unknown key in a choice of a question": (
        with_question(
            q2(
                type="single_choice",
                choices=[{"text": "a", "correct": True}, {"text": "b", "corect": 1}],
            )
        ),
        f"{AT}:11:116: questions[1].choices[1].corect: unknown key (did you mean 'correct'?); "
        "expected one of correct, feedback, id, text, got 'corect'",
    ),
    "unknown key in a question": (
        with_question(q2(type="numeric", answer=1, tolerence=1)),
        f"{AT}:11:65: questions[1].tolerence: unknown key; expected one of answer, feedback, id, "
        "points, prompt, range, type, got 'tolerence'",
    ),
    "unknown key in a question's feedback": (
        with_question(q2(type="true_false", answer=True, feedback={"right": "x"})),
        f"{AT}:11:84: questions[1].feedback.right: unknown key; expected one of correct, "
        "incorrect, got 'right'",
    ),
    "unknown key in a matching pair": (
        with_question(
            q2(
                type="matching",
                pairs=[{"source": "a", "target": "b"}, {"source": "c", "target": "d", "targ": "d"}],
            )
        ),
        f"{AT}:11:126: questions[1].pairs[1].targ: unknown key (did you mean 'target'?); "
        "expected one of source, target, got 'targ'",
    ),
    "unknown key in a module": (
        {
            "modules/intro/module.yaml": "id: intro\ntitle: I\npages: [hello.md, check.quiz.yaml]\nsumary: x\n"
        },
        "course/modules/intro/module.yaml:4:1: sumary: unknown key; expected one of id, pages, "
        "title, got 'sumary'",
    ),
    "unknown key in front matter": (
        {"modules/intro/hello.md": "---\nid: hello\ntitle: Hello\nauthor: me\n---\nText\n"},
        "course/modules/intro/hello.md:4:1: author: unknown key; expected one of id, title, "
        "got 'author'",
    ),
    "unknown question type": (
        with_question(q2(type="essay")),
        f"{AT}:11:5: questions[1]: expected one of 'single_choice', 'multiple_response', "
        "'true_false', 'fill_in', 'numeric', 'matching', 'sequencing', 'cloze', got 'essay'",
    ),
    "question without a type": (
        with_question(q2()),
        f"{AT}:11:5: questions[1]: required field 'type' is missing",
    ),
    "missing field": (
        with_question(q2(type="true_false")),
        f"{AT}:11:5: questions[1].answer: required field is missing; expected a value, got nothing",
    ),
    "not a number": (
        with_question(q2(type="numeric", answer="ten")),
        f"{AT}:11:52: questions[1].answer: expected a number, got 'ten'",
    ),
    "not a finite number": (
        {QUIZ: QUIZ_YAML + "  - id: q2\n    type: numeric\n    prompt: P\n    answer: .nan\n"},
        f"{AT}:14:5: questions[1].answer: expected a finite number (JSON has no NaN or "
        "infinity), got nan",
    ),
    "not a whole number": (
        {QUIZ: QUIZ_YAML.replace("graded: true", "graded: true\nattempts: 1.5")},
        f"{AT}:4:1: attempts: expected a whole number, got 1.5",
    ),
    "a long value is cut": (
        {QUIZ: QUIZ_YAML.replace("graded: true", "graded: true\nattempts: '" + "x" * 80 + "'")},
        f"{AT}:4:1: attempts: expected a whole number, got '" + "x" * 56 + "...",
    ),
    "not a boolean": (
        {QUIZ: QUIZ_YAML.replace("graded: true", "graded: maybe")},
        f"{AT}:3:1: graded: expected true or false, got 'maybe'",
    ),
    "a list for text": (
        {QUIZ: QUIZ_YAML.replace("title: Check", "title: [a]")},
        f"{AT}:2:1: title: expected text, got a list",
    ),
    "a mapping for text": (
        {QUIZ: QUIZ_YAML.replace("title: Check", "title: {a: 1}")},
        f"{AT}:2:1: title: expected text, got a mapping",
    ),
    "nothing for text": (
        {QUIZ: QUIZ_YAML.replace("title: Check", "title:")},
        f"{AT}:2:1: title: expected text, got nothing",
    ),
    "empty text": (
        {QUIZ: QUIZ_YAML.replace("title: Check", "title: ''")},
        f"{AT}:2:1: title: expected text, got an empty value",
    ),
    "not a list": (
        {QUIZ: QUIZ_YAML.replace("choices:", "choices: 3\n    x:")},
        f"{AT}:8:5: questions[0].choices: expected a list, got 3",
    ),
    "not a mapping": (
        with_question("just text"),
        f"{AT}:11:5: questions[1]: expected a mapping of keys to values, got 'just text'",
    ),
    "not one of the words": (
        {"course.yaml": COURSE_YAML.replace("all_lessons_and_pass", "sometimes")},
        "course/course.yaml:6:1: completion: expected one of 'all_lessons', 'pass' or "
        "'all_lessons_and_pass', got 'sometimes'",
    ),
    "not an id": (
        {QUIZ: QUIZ_YAML.replace("id: check", "id: Check_1")},
        f"{AT}:1:1: id: expected an id of lowercase letters, digits and '-', got 'Check_1'",
    ),
    "too few items": (
        with_question(q2(type="single_choice", choices=[])),
        f"{AT}:11:58: questions[1].choices: expected at least 2 item(s), got 0",
    ),
    "too few items, some given": (
        with_question(q2(type="sequencing", order=["only"])),
        f"{AT}:11:55: questions[1].order: expected at least 2 item(s), got 1",
    ),
    "too many items": (
        with_question(
            q2(type="matching", pairs=[{"source": f"s{i}", "target": f"t{i}"} for i in range(30)])
        ),
        f"{AT}:11:53: questions[1].pairs: expected at most 20 items, got 30",
    ),
    "too long text": (
        {"course.yaml": COURSE_YAML.replace("Demo course", "T" * 201)},
        "course/course.yaml:2:1: title: expected at most 200 characters, got 201",
    ),
    "below the least": (
        {"course.yaml": COURSE_YAML + "mastery_score: -1\n"},
        "course/course.yaml:8:1: mastery_score: expected a number >= 0, got -1",
    ),
    "above the most": (
        {"course.yaml": COURSE_YAML + "mastery_score: 101\n"},
        "course/course.yaml:8:1: mastery_score: expected a number <= 100, got 101",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_each_model_error_is_worded_for_the_author(tmp_path, case):
    files, message = CASES[case]
    assert message in errors_of(tmp_path, **files)


# Warnings ---------------------------------------------------------------------------------


def warnings_of(tmp_path, **files: str) -> list[str]:
    return [str(w) for w in course_warnings(load_course(write_course(tmp_path, **files)))]


def test_a_clean_course_has_no_warning(tmp_path):
    assert warnings_of(tmp_path) == []


def test_a_quiz_pass_mark_other_than_the_course_mastery_score(tmp_path):
    quiz = QUIZ_YAML.replace("graded: true", "graded: true\npass_mark: 2") + QUESTION_2
    course = COURSE_YAML + "mastery_score: 50\n"
    assert warnings_of(tmp_path, **{QUIZ: quiz, "course.yaml": course}) == [
        f"{AT}: pass_mark: passing this graded quiz takes 2 of 2 points, but the course "
        "mastery_score (50%) takes 1"
    ]


QUESTION_2 = "  - {id: q2, type: true_false, prompt: P, answer: true}\n"


def test_a_pass_mark_equal_to_the_mastery_score_is_quiet(tmp_path):
    quiz = QUIZ_YAML.replace("graded: true", "graded: true\npass_mark: 1") + QUESTION_2
    assert (
        warnings_of(tmp_path, **{QUIZ: quiz, "course.yaml": COURSE_YAML + "mastery_score: 50\n"})
        == []
    )


def test_an_ungraded_quiz_pass_mark_is_quiet(tmp_path):
    quiz = QUIZ_YAML.replace("graded: true", "graded: false\npass_mark: 2") + QUESTION_2
    files = {QUIZ: quiz, "course.yaml": COURSE_YAML.replace("all_lessons_and_pass", "all_lessons")}
    assert warnings_of(tmp_path, **files) == []


def test_a_large_asset(tmp_path, monkeypatch):
    monkeypatch.setattr(author_warnings, "LARGE_ASSET_BYTES", 1_000_000)
    lesson = LESSON_MD + "\n![A dot](dot.png)\n"
    course_dir = write_course(tmp_path, **{"modules/intro/hello.md": lesson})
    (course_dir / "modules/intro/dot.png").write_bytes(b"\x89PNG" + bytes(1_250_000))
    (warning,) = [str(w) for w in course_warnings(load_course(course_dir))]
    assert warning == (
        "course/modules/intro/dot.png: asset is 1.3 MB; large files slow learners and may "
        "exceed LMS upload limits"
    )


def test_an_asset_at_the_limit_is_quiet(tmp_path, monkeypatch):
    monkeypatch.setattr(author_warnings, "LARGE_ASSET_BYTES", 1_000_000)
    lesson = LESSON_MD + "\n![A dot](dot.png)\n"
    course_dir = write_course(tmp_path, **{"modules/intro/hello.md": lesson})
    (course_dir / "modules/intro/dot.png").write_bytes(bytes(1_000_000))
    assert course_warnings(load_course(course_dir)) == []


def test_a_lesson_without_text(tmp_path):
    (warning,) = warnings_of(
        tmp_path, **{"modules/intro/hello.md": "---\nid: hello\ntitle: Hello\n---\n \n"}
    )
    assert warning == "course/modules/intro/hello.md: lesson has no text"


def test_an_image_from_another_site(tmp_path):
    lesson = LESSON_MD + "\nMore.\n\n![Logo](https://cdn.example.org/logo.png)\n![Local](dot.png)\n"
    course_dir = write_course(tmp_path, **{"modules/intro/hello.md": lesson})
    (course_dir / "modules/intro/dot.png").write_bytes(b"\x89PNG")
    (warning,) = [str(w) for w in course_warnings(load_course(course_dir))]
    assert warning == (
        "course/modules/intro/hello.md:9:1: image: image loads from another site "
        "('https://cdn.example.org/logo.png'); it is missing offline and may be blocked inside "
        "an LMS: put the file next to the lesson"
    )


# Whole files and YAML limits -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "got"),
    [
        ("", "an empty file"),
        ("- a\n- b\n", "a list"),
        ("just words\n", "str 'just words'"),
        ("x" * 80 + "\n", "str '" + "x" * 55),  # cut to 60 characters
    ],
)
def test_a_file_that_is_not_a_mapping_says_what_it_is(tmp_path, text, got):
    (message,) = errors_of(tmp_path, **{QUIZ: text})
    assert message == f"{AT}:1:1: expected a mapping of keys to values, got {got}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "id: check\nx: &a [*a]\n",
            f"{AT}:2:4: recursive YAML alias: this value contains an alias (*name) of itself",
        ),
        (
            "id: check\nx: " + "[" * 40 + "]" * 40 + "\n",
            f"{AT}:2:36: expected at most 32 levels of nested lists and mappings, got more",
        ),
    ],
)
def test_yaml_past_the_limits_is_refused_where_it_starts(tmp_path, text, message):
    assert errors_of(tmp_path, **{QUIZ: text}) == [message]


def test_front_matter_errors_count_lines_from_the_top_of_the_lesson(tmp_path):
    lesson = "---\nid: hello\ntitle: &t [*t]\n---\nText\n"
    assert errors_of(tmp_path, **{"modules/intro/hello.md": lesson}) == [
        "course/modules/intro/hello.md:3:8: recursive YAML alias: this value contains an "
        "alias (*name) of itself"
    ]


def test_modules_are_read_from_a_broken_course_yaml_by_their_plain_names(tmp_path):
    """When course.yaml fails its model, the modules it lists are still checked, except
    entries that are not plain folder names (they could point outside modules/)."""
    course_yaml = (
        "id: demo\ntitle: Demo\ndescription: d\nbase_iri: https://e.org/d\nlang: en\n"
        "modules: [intro, 7, '', ../x, a/b, missing]\n"
    )
    messages = errors_of(tmp_path, **{"course.yaml": course_yaml})
    # 'intro' loads; 'missing' is looked for, and the error points at it (6:36), not at the
    # place it would have in a list without the skipped entries.
    assert messages[-1] == (
        "course/course.yaml:6:36: modules: module not found; expected "
        "course/modules/missing/module.yaml to exist"
    )
    assert [m.split(": ")[1] for m in messages] == [
        "lang",
        "modules[1]",
        "modules[2]",
        "modules[3]",
        "modules[4]",
        "modules",
    ]


def test_a_course_yaml_that_is_a_list_lists_no_modules(tmp_path):
    assert errors_of(tmp_path, **{"course.yaml": "- intro\n"}) == [
        "course/course.yaml:1:1: expected a mapping of keys to values, got a list"
    ]
