"""What an author is told for mistakes the other loader tests do not reach: a lesson without
or with empty front matter, a page that is a folder, bytes that are not UTF-8, repeated ids."""

from __future__ import annotations

import shutil

from tests.loader.course_factory import author_errors, write_course

from courseforge.loader.limits import MAX_MARKDOWN_DEPTH

LESSON = "modules/intro/hello.md"


def _errors(tmp_path, text: str) -> list[str]:
    course = write_course(tmp_path, **{LESSON: text})
    return [e.split(f"{LESSON}:", 1)[1] for e in author_errors(course) if LESSON in e]


def test_a_lesson_without_front_matter_is_told_so_at_its_first_line(tmp_path):
    assert _errors(tmp_path, "# Hello\n\nJust text.\n") == [
        "1:1: expected YAML front matter between '---' lines (with id and title), got none"
    ]


def test_empty_front_matter_is_read_as_empty_not_as_unclosed(tmp_path):
    errors = _errors(tmp_path, "---\n---\n# Hello\n")
    assert errors and not any("closing '---'" in error for error in errors), errors


def test_markdown_nested_too_deep_is_located_in_the_lesson(tmp_path):
    body = "\n".join("> " * (MAX_MARKDOWN_DEPTH + 1) + "deep" for _ in range(1))
    errors = _errors(tmp_path, f"---\nid: hello\ntitle: Hello\n---\n{body}\n")
    assert len(errors) == 1 and errors[0].endswith(
        f"Markdown nested deeper than {MAX_MARKDOWN_DEPTH} levels (lists, quotes, emphasis "
        "inside one another); flatten it"
    ), errors


def test_a_lesson_that_is_not_utf8_is_told_where_the_bad_byte_is(tmp_path):
    course = write_course(tmp_path)
    (course / LESSON).write_bytes(b"---\nid: hello\ntitle: Caf\xe9\n---\n")  # Latin-1
    errors = [e for e in author_errors(course) if LESSON in e]
    assert len(errors) == 1 and errors[0].endswith(
        "expected UTF-8 text, got an undecodable byte at offset 24"
    ), errors


def test_a_missing_course_folder_is_told_in_words(tmp_path):
    assert author_errors(tmp_path / "nope") == [
        f"{tmp_path}/nope: expected a course folder, got none"
    ]


def test_a_page_that_is_a_folder_is_told_at_its_listing(tmp_path):
    course = write_course(tmp_path)
    (course / LESSON).unlink()
    (course / LESSON).mkdir()
    assert author_errors(course) == [
        f"{course}/modules/intro/module.yaml:3:9: pages: expected a file, got "
        f"{course}/{LESSON}, which is not"
    ]


def test_a_quiz_that_is_a_folder_is_told_once(tmp_path):
    course = write_course(tmp_path)
    quiz = course / "modules/intro/check.quiz.yaml"
    quiz.unlink()
    quiz.mkdir()
    errors = author_errors(course)
    assert len(errors) == 1 and errors[0].endswith(f"expected a file, got {quiz}, which is not")


def test_a_copied_module_is_told_every_id_it_repeats_at_its_place(tmp_path):
    from tests.loader.course_factory import COURSE_YAML

    course_yaml = COURSE_YAML.replace("modules: [intro]", "modules: [intro, intro2]")
    course = write_course(tmp_path, **{"course.yaml": course_yaml})
    shutil.copytree(course / "modules/intro", course / "modules/intro2")
    first, again = f"{course}/modules/intro/", f"{course}/modules/intro2/"
    assert author_errors(course) == [
        f"{again}check.quiz.yaml:1:1: id: duplicate id 'check'; first used at {first}check.quiz.yaml:1:1",
        f"{again}check.quiz.yaml:5:5: questions[0].id: duplicate id 'q1'; first used at "
        f"{first}check.quiz.yaml:5:5",
        f"{again}hello.md:2:1: id: duplicate id 'hello'; first used at {first}hello.md:2:1",
        f"{again}module.yaml:1:1: id: duplicate id 'intro'; first used at {first}module.yaml:1:1",
    ]


def test_a_list_where_a_mapping_belongs_is_told_in_plain_words(tmp_path):
    from tests.loader.course_factory import COURSE_YAML

    course = write_course(tmp_path, **{"course.yaml": COURSE_YAML + "messages: [a, b]\n"})
    assert author_errors(course) == [
        f"{course}/course.yaml:8:1: messages: expected a mapping of keys to values, got a list"
    ]


def test_a_page_id_a_target_keeps_is_told_at_the_page(tmp_path):
    from tests.loader.course_factory import COURSE_YAML, LESSON_MD

    course = write_course(
        tmp_path,
        **{
            "course.yaml": COURSE_YAML.replace("targets: [web]", "targets: [web, cmi5]"),
            LESSON: LESSON_MD.replace("id: hello", "id: au"),
        },
    )
    assert author_errors(course) == [
        f"{course}/{LESSON}:2:1: id: page id 'au' is reserved by the cmi5 target (the course IRI "
        "followed by /au is the id of the cmi5 AU); rename the page"
    ]
