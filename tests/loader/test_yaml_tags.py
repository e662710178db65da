"""YAML tags on values they do not fit give the author a located error, never a traceback.

PyYAML's constructors raise whatever their parsing hits (`!!timestamp` on an empty value:
AttributeError; `!!float` on one: IndexError); the loader keeps such a value's text, and the
model then says what it expected. Found by tests/hostile/test_loader_fuzz.py's tag generator.
"""

from __future__ import annotations

import pytest
from tests.loader.course_factory import write_course

from courseforge.errors import CourseError
from courseforge.loader import load_course


def load_title(tmp_path, value: str):
    course_dir = write_course(
        tmp_path, **{"modules/intro/hello.md": f"---\nid: hello\ntitle: {value}\n---\nText.\n"}
    )
    return load_course(course_dir)


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ("!!timestamp", "an empty value"),  # AttributeError inside PyYAML before
        ("!!float", "an empty value"),  # IndexError inside PyYAML before
        ('!!int ""', "an empty value"),
        ("!!timestamp 2026-11-29", "datetime.date(2026, 11, 29)"),
    ],
)
def test_a_tag_that_does_not_fit_is_a_located_error(tmp_path, value, found):
    with pytest.raises(CourseError) as caught:
        load_title(tmp_path, value)
    (error,) = caught.value.errors
    assert str(error).endswith(f"modules/intro/hello.md:3:1: title: expected text, got {found}")


@pytest.mark.parametrize(
    ("value", "title"),
    [
        ("!!set x", "x"),  # a collection tag on a scalar: its text, not a lazy generator
        ("!!omap x", "x"),
        ("!!python/object:os.system x", "x"),  # unsafe tags are never constructed
        ("!!str 12", "12"),
        ("!!bool maybe", "maybe"),  # not a boolean: its text
    ],
)
def test_other_tags_keep_the_text(tmp_path, value, title):
    course = load_title(tmp_path, value)
    (lesson, _quiz) = course.pages()
    assert lesson.title == title
