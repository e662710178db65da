"""Each class of author mistake is reported with file:line:col, the field, and what was expected."""

from __future__ import annotations

import pytest
from tests.loader.course_factory import LESSON_MD, QUIZ_YAML, author_errors, write_course

from courseforge.loader import load_course

pytestmark = pytest.mark.usefixtures("in_tmp")  # messages name files as course/...


def errors_of(tmp_path, **files: str) -> list[str]:
    write_course(tmp_path, **files)
    return author_errors("course")


def test_valid_course_loads(tmp_path):
    course = load_course(write_course(tmp_path))
    assert [p.id for p in course.pages()] == ["hello", "check"]


def test_yaml_syntax_error(tmp_path):
    assert errors_of(tmp_path, **{"course.yaml": "id: demo\ntitle: [unclosed\n"}) == [
        "course/course.yaml:3:1: YAML syntax error: did not find expected ',' or ']' "
        "(while parsing a flow sequence started at line 2)"
    ]


def test_unknown_key_names_the_allowed_keys_and_a_likely_fix(tmp_path):
    course_yaml = (
        "id: demo\ntitle: Demo\ndescription: d\nbase_iri: https://e.org/d\n"
        "modules: [intro]\nmastery_scor: 70\n"
    )
    assert errors_of(tmp_path, **{"course.yaml": course_yaml}) == [
        "course/course.yaml:6:1: mastery_scor: unknown key (did you mean 'mastery_score'?); "
        "expected one of audience, base_iri, completion, description, id, language, "
        "mastery_score, messages, modules, objectives, package_size_limit_mb, targets, title, version, got 'mastery_scor'"
    ]


def test_wrong_type(tmp_path):
    quiz = QUIZ_YAML.replace("graded: true", "graded: true\nattempts: many")
    assert errors_of(tmp_path, **{"modules/intro/check.quiz.yaml": quiz}) == [
        "course/modules/intro/check.quiz.yaml:4:1: attempts: expected a whole number, got 'many'"
    ]


def test_missing_field_in_front_matter(tmp_path):
    lesson = "---\nid: hello\n---\nText\n"
    assert errors_of(tmp_path, **{"modules/intro/hello.md": lesson}) == [
        "course/modules/intro/hello.md:2:1: title: required field is missing; "
        "expected a value, got nothing"
    ]


def test_unknown_question_type(tmp_path):
    quiz = QUIZ_YAML.replace("type: single_choice", "type: multiple_choice")
    assert errors_of(tmp_path, **{"modules/intro/check.quiz.yaml": quiz}) == [
        "course/modules/intro/check.quiz.yaml:5:5: questions[0]: expected one of "
        "'single_choice', 'multiple_response', 'true_false', 'fill_in', 'numeric', 'matching', "
        "'sequencing', 'cloze', got 'multiple_choice'"
    ]


def test_duplicate_id_across_files(tmp_path):
    quiz = QUIZ_YAML.replace("id: q1", "id: hello")
    assert errors_of(tmp_path, **{"modules/intro/check.quiz.yaml": quiz}) == [
        "course/modules/intro/check.quiz.yaml:5:5: questions[0].id: duplicate id 'hello'; "
        "first used at course/modules/intro/hello.md:2:1"
    ]


def test_duplicate_key_in_one_file(tmp_path):
    quiz = QUIZ_YAML.replace("title: Check", "title: Check\ntitle: Again")
    assert errors_of(tmp_path, **{"modules/intro/check.quiz.yaml": quiz}) == [
        "course/modules/intro/check.quiz.yaml:3:1: title: duplicate key; "
        "expected each key once, got it again"
    ]


def test_link_to_a_lesson_that_does_not_exist(tmp_path):
    lesson = LESSON_MD + "\nSee [the next part](nowhere.md).\n"
    assert errors_of(tmp_path, **{"modules/intro/hello.md": lesson}) == [
        "course/modules/intro/hello.md:7:1: link: expected a link to a lesson or quiz of this "
        "course, got 'nowhere.md'"
    ]


def test_link_to_a_quiz_that_is_not_a_page(tmp_path):
    lesson = LESSON_MD + "\nTry [the check](check.quiz.yaml), not [this](other.quiz.yaml).\n"
    assert errors_of(tmp_path, **{"modules/intro/hello.md": lesson}) == [
        "course/modules/intro/hello.md:7:1: link: expected a link to a lesson or quiz of this "
        "course, got 'other.quiz.yaml'"
    ]


def test_missing_asset_and_missing_alt_text(tmp_path):
    lesson = LESSON_MD + "\n![Diagram](diagram.png)\n\n![](photo.png)\n"
    (tmp_path / "course/modules/intro").mkdir(parents=True)
    (tmp_path / "course/modules/intro/photo.png").write_bytes(b"\x89PNG")
    assert errors_of(tmp_path, **{"modules/intro/hello.md": lesson}) == [
        "course/modules/intro/hello.md:7:1: image: missing asset; "
        "expected course/modules/intro/diagram.png to exist",
        "course/modules/intro/hello.md:9:1: image: expected alt text for image 'photo.png', "
        "got none",
    ]


def test_missing_module_and_page_files(tmp_path):
    module = "id: intro\ntitle: Intro\npages: [hello.md, gone.md, notes.txt]\n"
    errors = errors_of(
        tmp_path,
        **{
            "modules/intro/module.yaml": module,
            "course.yaml": (
                "id: demo\ntitle: Demo\ndescription: d\nbase_iri: https://e.org/d\n"
                "completion: all_lessons\nmodules: [intro, extra]\n"
            ),
        },
    )
    assert errors == [
        "course/course.yaml:6:18: modules: module not found; "
        "expected course/modules/extra/module.yaml to exist",
        "course/modules/intro/module.yaml:3:19: pages: file not found; "
        "expected course/modules/intro/gone.md to exist",
        "course/modules/intro/module.yaml:3:28: pages: expected a lesson (*.md) or a quiz "
        "(*.quiz.yaml), got 'notes.txt'",
    ]


def test_impossible_quiz(tmp_path):
    quiz = QUIZ_YAML.replace("graded: true", "graded: true\npass_mark: 3").replace(
        "correct: true", "correct: false"
    )
    assert errors_of(tmp_path, **{"modules/intro/check.quiz.yaml": quiz}) == [
        "course/modules/intro/check.quiz.yaml:4:1: pass_mark: expected at most 1 "
        "(the points available), got 3",
        "course/modules/intro/check.quiz.yaml:9:5: questions[0].choices: expected at least one "
        "choice with 'correct: true', got none",
    ]


def test_single_choice_with_two_correct_answers(tmp_path):
    quiz = QUIZ_YAML.replace("{text: Wrong}", "{text: Also right, correct: true}")
    assert errors_of(tmp_path, **{"modules/intro/check.quiz.yaml": quiz}) == [
        "course/modules/intro/check.quiz.yaml:8:5: questions[0].choices: expected exactly one "
        "correct choice in a single_choice question, got 2 (use multiple_response)"
    ]


def test_unknown_target_and_pass_rule_without_graded_quiz(tmp_path):
    course_yaml = (
        "id: demo\ntitle: Demo\ndescription: d\nbase_iri: https://e.org/d\n"
        "targets: [web, scorm13]\ncompletion: pass\nmodules: [intro]\n"
    )
    quiz = QUIZ_YAML.replace("graded: true", "graded: false")
    assert errors_of(
        tmp_path, **{"course.yaml": course_yaml, "modules/intro/check.quiz.yaml": quiz}
    ) == [
        "course/course.yaml:5:16: targets[1]: unknown target; expected one of cmi5, gift, "
        "moodle-xml, qti21, scorm12, scorm2004, web, xapi, got 'scorm13'",
        "course/course.yaml:6:1: completion: expected at least one quiz with 'graded: true' for "
        "'pass', got none",
    ]


def test_errors_in_several_files_are_reported_together(tmp_path):
    course_yaml = (
        "id: Demo Course\ntitle: Demo\ndescription: d\nbase_iri: not a url\nmodules: [intro]\n"
    )
    lesson = "---\nid: hello\ntitle: Hello\nauthor: me\n---\nText\n"
    quiz = QUIZ_YAML.replace("prompt: Pick one", "prompt: Pick one\n    points: -1")
    errors = errors_of(
        tmp_path,
        **{
            "course.yaml": course_yaml,
            "modules/intro/hello.md": lesson,
            "modules/intro/check.quiz.yaml": quiz,
        },
    )
    assert errors == [
        "course/course.yaml:1:1: id: expected an id of lowercase letters, digits and '-', "
        "got 'Demo Course'",
        "course/course.yaml:4:1: base_iri: expected an IRI such as https://example.org/course, "
        "got 'not a url': an IRI holds no space (character 4; nor spaces, quotes, <>, {}, |, "
        "\\, ^, `, and activity ids need it without ? or #)",
        "course/modules/intro/check.quiz.yaml:8:5: questions[0].points: expected a number >= 0, "
        "got -1",
        "course/modules/intro/hello.md:4:1: author: unknown key; expected one of id, title, "
        "got 'author'",
    ]


def test_cross_file_checks_still_run_when_course_yaml_is_wrong(tmp_path):
    course_yaml = "id: demo\ntitle: Demo\ndescription: d\nbase_iri: https://e.org/d\nmodules: [intro]\nlang: en\n"
    quiz = QUIZ_YAML.replace("correct: true", "correct: false")
    assert errors_of(
        tmp_path, **{"course.yaml": course_yaml, "modules/intro/check.quiz.yaml": quiz}
    ) == [
        "course/course.yaml:6:1: lang: unknown key (did you mean 'language'?); expected one of "
        "audience, base_iri, completion, description, id, language, mastery_score, messages, modules, "
        "objectives, package_size_limit_mb, targets, title, version, got 'lang'",
        "course/modules/intro/check.quiz.yaml:8:5: questions[0].choices: expected at least one "
        "choice with 'correct: true', got none",
    ]
