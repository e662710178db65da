"""The build pipeline: `plan()` in memory, then `write()`; nothing process-wide but in the CLI."""

from __future__ import annotations

import gc
import types
import zipfile

import pytest
from click.testing import CliRunner
from tests.loader.course_factory import write_course

import courseforge.build as pipeline
import courseforge.package.staging as staging_module
from courseforge.build import build, plan, write
from courseforge.cli import main
from courseforge.errors import CourseError
from courseforge.markdown import parse_markdown, shared_markdown_parses


def _refuse(*_args):
    raise AssertionError("build() must not change the cycle collector")


@pytest.mark.parametrize("enabled", [True, False])
def test_build_leaves_the_cycle_collector_alone(tmp_path, monkeypatch, enabled):
    write_course(tmp_path)
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        monkeypatch.setattr(gc, "disable", _refuse)
        monkeypatch.setattr(gc, "enable", _refuse)
        build(tmp_path / "course", tmp_path / "dist", ["web"])
        assert gc.isenabled() is enabled
    finally:
        monkeypatch.undo()
        (gc.enable if was else gc.disable)()
    assert (tmp_path / "dist" / "demo-web.zip").is_file()


@pytest.mark.parametrize("broken", [False, True])
def test_the_cli_pauses_the_cycle_collector_for_the_build_only(tmp_path, monkeypatch, broken):
    write_course(tmp_path, **({"modules/intro/hello.md": "no front matter\n"} if broken else {}))
    monkeypatch.chdir(tmp_path)
    seen = []
    real_plan = pipeline.plan

    def spying_plan(*args, **kwargs):
        seen.append(gc.isenabled())
        return real_plan(*args, **kwargs)

    monkeypatch.setattr(pipeline, "plan", spying_plan)
    assert gc.isenabled()
    result = CliRunner().invoke(main, ["build", "course", "-t", "web"])
    assert (result.exit_code, seen) == (1 if broken else 0, [False])
    assert gc.isenabled()


def test_failed_build_changes_nothing_process_wide(tmp_path):
    write_course(tmp_path, **{"modules/intro/hello.md": "no front matter\n"})
    assert gc.isenabled()
    with pytest.raises(CourseError):
        build(tmp_path / "course", tmp_path / "dist", ["web"])
    assert gc.isenabled()


def test_parsed_markdown_is_shared_within_a_plan_and_freed_after(tmp_path):
    text = "# Title\n\nSome *text*.\n"
    assert parse_markdown(text) is not parse_markdown(text)  # no memo outside a build
    with shared_markdown_parses():
        assert parse_markdown(text) is parse_markdown(text)
    assert parse_markdown(text) is not parse_markdown(text)
    write_course(tmp_path)
    build(tmp_path / "course", tmp_path / "dist", ["web"])
    assert parse_markdown(text) is not parse_markdown(text)


def test_plan_writes_nothing_and_write_puts_exactly_its_outputs_on_disk(tmp_path):
    write_course(tmp_path)
    planned = plan(tmp_path / "course", ["web", "scorm12"])
    assert not (tmp_path / "dist").exists()
    assert [(p.output.target, p.output.kind) for p in planned.outputs] == [
        ("web", "folder"),
        ("web", "zip"),
        ("scorm12", "zip"),
    ]
    result = write(planned, tmp_path / "dist")
    for item, built in zip(planned.outputs, result.outputs, strict=True):
        output = item.output
        if output.kind == "zip":
            assert built.path.read_bytes() == output.data()
            with zipfile.ZipFile(built.path) as archive:
                assert {n: archive.read(n) for n in archive.namelist()} == output.files
        else:
            on_disk = {
                p.relative_to(built.path).as_posix(): p.read_bytes()
                for p in built.path.rglob("*")
                if p.is_file() and not p.name.startswith(".courseforge")
            }
            assert on_disk == output.files


def test_summary_times_are_measurements_not_shares(tmp_path, monkeypatch):
    """Each row: its target's packaging (first row of the target only) + its own writing.

    A fake clock moves only when packaging (100 s for web) and staging (1 s for the folder,
    10 s for the zip) happen, so the figures are exact and no wall clock is involved.
    """
    write_course(tmp_path)
    clock = types.SimpleNamespace(now=0.0)
    fake_time = types.SimpleNamespace(perf_counter=lambda: clock.now)
    monkeypatch.setattr(pipeline, "time", fake_time)
    monkeypatch.setattr(staging_module, "time", fake_time)
    real_target_class = pipeline.target_class

    def slow_target_class(name):
        cls = real_target_class(name)

        class Slow(cls):
            def outputs(self):
                clock.now += 100
                return super().outputs()

        return Slow

    real_stage = staging_module._stage

    def slow_stage(output, staging, checkpoint):
        clock.now += 1 if output.kind == "folder" else 10
        return real_stage(output, staging, checkpoint)

    monkeypatch.setattr(pipeline, "target_class", slow_target_class)
    monkeypatch.setattr(staging_module, "_stage", slow_stage)
    result = build(tmp_path / "course", tmp_path / "dist", ["web"])
    assert [(o.path.name, o.seconds) for o in result.outputs] == [
        ("demo-web", 101.0),
        ("demo-web.zip", 10.0),
    ]
    assert result.seconds == 111.0


def test_each_yaml_text_is_parsed_once_per_plan_and_a_cache_reparses_only_what_changed(
    tmp_path, monkeypatch
):
    from courseforge.build_cache import BuildCache
    from courseforge.loader import yaml_source

    write_course(tmp_path)
    parsed: list[tuple[str, int]] = []
    real_parse = yaml_source._parse_yaml

    def counting_parse(text, path, line_offset):
        parsed.append((path, line_offset))
        return real_parse(text, path, line_offset)

    monkeypatch.setattr(yaml_source, "_parse_yaml", counting_parse)
    plan(tmp_path / "course", ["web"])
    assert parsed and len(parsed) == len(set(parsed))  # the quiz lint reuses the loader's parse
    files = len(parsed)

    cache = BuildCache()
    parsed.clear()
    plan(tmp_path / "course", ["web"], cache=cache)
    assert len(parsed) == files
    parsed.clear()
    plan(tmp_path / "course", ["web"], cache=cache)
    assert parsed == []  # nothing changed: every parse carried over
    course_yaml = tmp_path / "course/course.yaml"
    course_yaml.write_text(course_yaml.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    plan(tmp_path / "course", ["web"], cache=cache)
    assert len(parsed) == 1 and parsed[0][0].endswith("course.yaml")  # only the changed file
