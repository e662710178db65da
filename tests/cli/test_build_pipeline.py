"""The build pipeline's process-wide side effects are undone, whatever happens."""

from __future__ import annotations

import gc

import pytest
from tests.loader.course_factory import write_course

from courseforge.build import build
from courseforge.errors import CourseError
from courseforge.markdown import parse_markdown


@pytest.mark.parametrize("enabled", [True, False])
def test_build_restores_the_cycle_collector(tmp_path, enabled):
    write_course(tmp_path)
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        build(tmp_path / "course", tmp_path / "dist", ["web"])
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
    assert (tmp_path / "dist" / "demo-web.zip").is_file()


def test_failed_build_restores_the_cycle_collector(tmp_path):
    write_course(tmp_path, **{"modules/intro/hello.md": "no front matter\n"})
    assert gc.isenabled()
    with pytest.raises(CourseError):
        build(tmp_path / "course", tmp_path / "dist", ["web"])
    assert gc.isenabled()


def test_build_frees_the_parsed_markdown(tmp_path):
    write_course(tmp_path)
    build(tmp_path / "course", tmp_path / "dist", ["web"])
    assert parse_markdown.cache_info().currsize == 0
