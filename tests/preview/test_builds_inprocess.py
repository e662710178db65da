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
