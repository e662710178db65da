"""Reading a course's files (loader/course_loader.py): what an author is told when a module or
page file cannot be used, each at the listing that names it (or the file's first line)."""

from __future__ import annotations

import os

import pytest
from tests.loader.course_factory import COURSE_YAML, QUIZ_YAML, author_errors, write_course

from courseforge.loader import course_loader, load_course

MODULE = "modules/intro/module.yaml"
LESSON = "modules/intro/hello.md"


pytestmark = pytest.mark.usefixtures("in_tmp")  # messages name files as course/...


def test_a_module_file_leading_out_of_the_course_is_told_at_its_listing(tmp_path):
    course = write_course(tmp_path)
    outside = tmp_path / "outside.yaml"
    outside.write_text((course / MODULE).read_text())
    (course / MODULE).unlink()
    (course / MODULE).symlink_to(outside)
    assert author_errors("course") == [
        "course/course.yaml:7:11: modules: expected a file inside the course folder, got "
        f"course/{MODULE} (it leads to {outside})"
    ]


def test_a_page_leading_out_of_the_course_is_told_at_its_listing(tmp_path):
    course = write_course(tmp_path)
    outside = tmp_path / "outside.md"
    outside.write_text((course / LESSON).read_text())
    (course / LESSON).unlink()
    (course / LESSON).symlink_to(outside)
    assert author_errors("course") == [
        f"course/{MODULE}:3:9: pages: expected a file inside the course folder, got "
        f"course/{LESSON} (it leads to {outside})"
    ]


@pytest.mark.parametrize(
    ("relative", "data", "expected"),
    [
        (
            MODULE,
            b"id: intro\ntitle: Caf\xe9\n",
            "expected UTF-8 text, got an undecodable byte at offset 20",
        ),
        (
            LESSON,
            b"---\nid: hello\ntitle: Hello\n\nText.\n",
            "expected a closing '---' after the front matter, got the end of the file",
        ),
    ],
    ids=["module-not-utf8", "front-matter-not-closed"],
)
def test_a_file_that_cannot_be_read_as_one_is_told_at_its_first_line(
    tmp_path, relative, data, expected
):
    course = write_course(tmp_path)
    (course / relative).write_bytes(data)
    assert author_errors("course") == [f"course/{relative}:1:1: {expected}"]


def course_bytes(course) -> int:
    return sum(p.stat().st_size for p in course.rglob("*") if p.is_file())


def test_the_course_files_at_the_byte_limit_load(tmp_path, monkeypatch):
    course = write_course(tmp_path)
    monkeypatch.setattr(course_loader, "MAX_COURSE_BYTES", course_bytes(course))
    assert [p.id for p in load_course(course).pages()] == ["hello", "check"]


def test_the_course_files_past_the_byte_limit_are_told_at_the_file_that_passes_it(
    tmp_path, monkeypatch
):
    course = write_course(tmp_path)
    limit = course_bytes(course) - 1
    monkeypatch.setattr(course_loader, "MAX_COURSE_BYTES", limit)
    assert author_errors("course") == [
        "course/modules/intro/check.quiz.yaml:1:1: the course's files pass the "
        f"{limit:,}-byte limit here"
    ]


def _replace_with_folder(path):
    path.unlink(missing_ok=True)
    path.mkdir()


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        (
            lambda c: (c / "course.yaml").unlink(),
            "course/course.yaml: file not found; expected course/course.yaml to exist",
        ),
        (
            lambda c: _replace_with_folder(c / "course.yaml"),
            "course/course.yaml: expected a file, got course/course.yaml, which is not",
        ),
        (
            lambda c: _replace_with_folder(c / "glossary.yaml"),
            "course/glossary.yaml: expected a file, got course/glossary.yaml, which is not",
        ),
        (
            lambda c: _replace_with_folder(c / MODULE),
            "course/course.yaml:7:11: modules: module not found; expected "
            f"course/{MODULE} to exist",
        ),
    ],
    ids=["no-course-yaml", "course-yaml-folder", "glossary-folder", "module-yaml-folder"],
)
def test_a_file_the_course_needs_that_is_no_file_is_told_with_no_field(tmp_path, setup, expected):
    # Files no listing names (course.yaml, glossary.yaml) are told by their path alone.
    setup(write_course(tmp_path))
    assert author_errors("course") == [expected]


def test_a_glossary_link_to_nothing_is_told_not_skipped(tmp_path):
    (write_course(tmp_path) / "glossary.yaml").symlink_to("gone.yaml")
    assert author_errors("course") == [
        "course/glossary.yaml: file not found; expected course/glossary.yaml to exist"
    ]


def test_a_glossary_that_is_a_symlink_loop_is_told_by_its_path(tmp_path):
    (write_course(tmp_path) / "glossary.yaml").symlink_to("glossary.yaml")
    (error,) = author_errors("course")
    where, cause = error.split("cannot read file: ", 1)
    assert where == "course/glossary.yaml: "
    assert cause in ("symlink loop", "Too many levels of symbolic links")


def test_a_missing_quiz_is_told_once_not_also_as_a_course_without_a_graded_quiz(tmp_path):
    # The course passes on a graded quiz; the quiz that is missing may well be graded.
    (write_course(tmp_path) / "modules/intro/check.quiz.yaml").unlink()
    assert author_errors("course") == [
        f"course/{MODULE}:3:19: pages: file not found; expected "
        "course/modules/intro/check.quiz.yaml to exist"
    ]


def test_a_quiz_that_fails_to_load_is_told_once_too(tmp_path):
    write_course(tmp_path, **{"modules/intro/check.quiz.yaml": "id: check\ntitle: [broken\n"})
    (error,) = author_errors("course")
    assert error.startswith("course/modules/intro/check.quiz.yaml:3:1: YAML syntax error")


@pytest.mark.parametrize("over", [0, 1], ids=["at-the-limit", "one-byte-over"])
def test_a_course_file_is_held_to_the_file_limit_to_the_byte(tmp_path, monkeypatch, over):
    course = write_course(tmp_path, **{LESSON: "---\nid: hello\ntitle: Hello\n---\n" + "w" * 400})
    size = (course / LESSON).stat().st_size  # the largest file of the course
    monkeypatch.setattr(course_loader, "MAX_FILE_BYTES", size - over)
    if not over:
        assert [p.id for p in load_course(course).pages()] == ["hello", "check"]
    else:
        assert author_errors("course") == [
            f"course/{LESSON}:1:1: file is larger than the {size - 1:,}-byte limit for a course "
            "file; split it into several lessons or quizzes"
        ]


@pytest.mark.parametrize("grows_past_the_limit", [False, True])
def test_a_file_that_grows_after_its_stat_is_read_whole_or_refused(
    tmp_path, monkeypatch, grows_past_the_limit
):
    body = "w" * 400
    course = write_course(tmp_path, **{LESSON: "---\nid: hello\ntitle: Hello\n---\n" + body})
    size = (course / LESSON).stat().st_size
    if grows_past_the_limit:
        monkeypatch.setattr(course_loader, "MAX_FILE_BYTES", size - 1)
    real_lstat = course_loader.os.lstat

    def stat_before_it_grew(path, *args, **kwargs):  # the stat saw 10 bytes; the read sees all
        status = real_lstat(path, *args, **kwargs)
        if str(path).endswith(LESSON.split("/")[-1]):
            return os.stat_result((*status[:6], 10, *status[7:]))
        return status

    monkeypatch.setattr(course_loader.os, "lstat", stat_before_it_grew)
    if not grows_past_the_limit:
        (lesson, _quiz) = load_course(course).pages()
        assert lesson.body == body
    else:
        assert author_errors("course") == [
            f"course/{LESSON}:1:1: file is larger than the {size - 1:,}-byte limit for a course "
            "file; split it into several lessons or quizzes"
        ]


def test_a_glossary_beside_a_broken_course_yaml_is_read_and_the_error_told(tmp_path):
    # Without settings the glossary page takes English titles; the course.yaml error is told.
    course = write_course(tmp_path, **{"course.yaml": COURSE_YAML + "colour: red\n"})
    (course / "glossary.yaml").write_text("terms:\n  - {term: LMS, definition: A system.}\n")
    (error,) = author_errors("course")
    assert error.startswith("course/course.yaml:8:1: colour: unknown key"), error


def test_a_page_linking_to_nothing_outside_the_course_is_a_missing_file(tmp_path):
    course = write_course(tmp_path)
    (course / LESSON).unlink()
    (course / LESSON).symlink_to(tmp_path / "elsewhere" / "gone.md")
    assert author_errors("course") == [
        f"course/{MODULE}:3:9: pages: file not found; expected course/{LESSON} to exist"
    ]


@pytest.mark.parametrize(
    ("text", "first_read"),
    [
        (
            QUIZ_YAML.replace("title: Check\n", ""),
            "title: required field is missing; expected a value, got nothing",
        ),
        (
            "]\n",
            "YAML syntax error: did not find expected node content "
            "(while parsing a block node started at line 1)",
        ),
    ],
    ids=["with-a-field", "without"],
)
def test_a_page_listed_twice_is_told_at_the_repeat_and_read_once(
    tmp_path, monkeypatch, text, first_read
):
    # Read once: its errors are told once, and its bytes count once toward the course limit.
    quiz = "modules/intro/check.quiz.yaml"
    course = write_course(
        tmp_path,
        **{
            MODULE: "id: intro\ntitle: I\npages: [hello.md, check.quiz.yaml, ./check.quiz.yaml]\n",
            quiz: text,
        },
    )
    monkeypatch.setattr(course_loader, "MAX_COURSE_BYTES", course_bytes(course))
    assert sorted(author_errors("course")) == [
        f"course/{quiz}:1:1: {first_read}",
        f"course/{MODULE}:3:36: pages[2]: page './check.quiz.yaml' is listed again "
        f"(first at course/{MODULE}:3:19); list it once",
    ]


def test_a_module_listed_twice_is_told_at_the_repeat_and_read_once(tmp_path):
    from tests.loader.course_factory import COURSE_YAML

    course_yaml = COURSE_YAML.replace("modules: [intro]", "modules: [intro, intro]")
    write_course(tmp_path, **{"course.yaml": course_yaml})
    line = course_yaml[: course_yaml.index("modules: [")].count("\n") + 1
    assert author_errors("course") == [
        f"course/course.yaml:{line}:18: modules[1]: module 'intro' is listed again "
        f"(first at course/course.yaml:{line}:11); list it once"
    ]


def test_errors_at_one_place_are_all_told(tmp_path):
    quiz = "modules/intro/check.quiz.yaml"
    write_course(
        tmp_path, **{quiz: QUIZ_YAML.replace("title: Check\n", "").replace("id: check\n", "")}
    )
    assert author_errors("course") == [
        f"course/{quiz}:1:1: id: required field is missing; expected a value, got nothing",
        f"course/{quiz}:1:1: title: required field is missing; expected a value, got nothing",
    ]


def test_an_unclosed_list_in_a_lesson_front_matter_names_the_lesson_line_it_opened(tmp_path):
    write_course(tmp_path, **{LESSON: "---\nid: hello\ntitle: [Hello\n---\nText.\n"})
    assert author_errors("course") == [
        f"course/{LESSON}:4:1: YAML syntax error: did not find expected ',' or ']' "
        "(while parsing a flow sequence started at line 3)"
    ]
