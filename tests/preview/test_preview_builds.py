"""The preview's builder: what a rebuild re-renders, and what it leaves alone."""

from __future__ import annotations

import gc

import pytest
from preview_helpers import FIRST_LESSON, FIRST_SENTENCE, copy_seed_course

from courseforge.build import plan
from courseforge.loader import load_course
from courseforge.preview import builds
from courseforge.preview.builds import PreviewBuilder


@pytest.fixture
def course(tmp_path):
    return copy_seed_course(tmp_path)


def edit(path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def lesson_ids(course) -> list[str]:
    return [lesson.id for lesson in load_course(course).lessons()]


def test_an_edited_lesson_is_the_only_one_rendered_again(course):
    builder = PreviewBuilder(course, "web")
    builder.rebuild()
    assert builder.lessons_rendered == lesson_ids(course)

    edit(course / FIRST_LESSON, FIRST_SENTENCE, "Only this lesson changed")
    builder.rebuild({course / FIRST_LESSON})
    assert builder.lessons_rendered == ["what-the-role-is"]
    assert builder.last_change.action == "swap"
    # The lesson's own page file carries it (pages load when needed); the launch page does not.
    assert b"Only this lesson changed" in builder.current.files["pages/what-the-role-is.js"]
    assert b"Only this lesson changed" not in builder.current.files["index.html"]

    builder.rebuild({course / FIRST_LESSON})  # saved again, unchanged
    assert builder.lessons_rendered == []
    assert builder.last_change.action == "none"


def test_a_change_to_anything_but_a_lesson_renders_every_lesson_again(course):
    builder = PreviewBuilder(course, "web")
    builder.rebuild()
    module = course / "modules/overview/module.yaml"
    edit(module, "title: Overview", "title: Overview again")
    builder.rebuild({module})
    assert builder.lessons_rendered == lesson_ids(course)
    assert builder.last_change.action == "relaunch"  # the menu shows module titles


def test_the_preview_builds_with_the_cycle_collector_as_the_process_has_it(course, monkeypatch):
    """Pausing the collector is for processes that only build (the CLI), not the preview's thread."""
    seen = []
    real_plan = builds.plan

    def spying_plan(*args, **kwargs):
        seen.append(gc.isenabled())
        return real_plan(*args, **kwargs)

    monkeypatch.setattr(builds, "plan", spying_plan)
    assert gc.isenabled()
    PreviewBuilder(course, "web").rebuild()
    assert seen == [True]
    assert gc.isenabled()


def test_a_glossary_edit_renders_every_lesson_again(course):
    """Every lesson links the glossary's terms: none of their HTML can be kept."""
    glossary = course / "glossary.yaml"
    glossary.write_text("terms:\n  - term: Docker\n    definition: A tool.\n", encoding="utf-8")
    builder = PreviewBuilder(course, "web")
    builder.rebuild()
    glossary.write_text(
        "terms:\n  - term: Docker\n    definition: A tool.\n"
        "  - term: SageMaker\n    definition: A cloud service.\n",
        encoding="utf-8",
    )
    builder.rebuild({glossary})
    assert builder.lessons_rendered == lesson_ids(course)
    assert builder.current.files == plan(course, ["web"]).output_of("web").files
