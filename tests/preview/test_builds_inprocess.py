"""The preview's builder, in process: a change it cannot place makes it render everything again."""

from __future__ import annotations

from preview_helpers import FIRST_LESSON, copy_seed_course

from courseforge.loader import load_course
from courseforge.preview.builds import PreviewBuilder


def test_a_changed_path_that_cannot_be_resolved_renders_every_lesson_again(tmp_path):
    """A symlink loop among the changed files: the builder cannot tell it is a lesson, so it
    takes the safe way (every lesson rendered) rather than reusing HTML that may be stale."""
    course = copy_seed_course(tmp_path)
    loop = tmp_path / "loop.md"
    loop.symlink_to(loop)
    builder = PreviewBuilder(course, "web")
    builder.rebuild()
    builder.rebuild({course / FIRST_LESSON, loop})
    assert builder.failure is None
    assert builder.lessons_rendered == [lesson.id for lesson in load_course(course).lessons()]


def test_a_preview_whose_first_build_failed_recovers_when_a_lesson_is_fixed(tmp_path):
    """No good build yet, so no lesson is known: the change rebuilds the whole course."""
    course = copy_seed_course(tmp_path)
    lesson = course / FIRST_LESSON
    good = lesson.read_text(encoding="utf-8")
    lesson.write_text(good.replace("title:", "title: [", 1), encoding="utf-8")
    builder = PreviewBuilder(course, "web")
    builder.rebuild()
    assert builder.current is None and builder.failure is not None
    lesson.write_text(good, encoding="utf-8")
    builder.rebuild({lesson})  # what the watcher passes: the saved file
    assert builder.failure is None
    assert builder.current is not None and builder.current.number == 2
