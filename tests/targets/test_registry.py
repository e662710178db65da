"""The target registry: every target is registered once and wired everywhere that asks for one.

A target module whose class is not registered, or a registration the CLI, the preview,
`inspect` or the loader does not pick up, fails here rather than in an author's build.
"""

from __future__ import annotations

import importlib
import pkgutil
from importlib import resources
from importlib.metadata import EntryPoint, distribution
from pathlib import Path

import pytest
from click.testing import CliRunner

import courseforge.targets as registry
from courseforge.cli import main
from courseforge.errors import CourseError
from courseforge.inspect import expectations
from courseforge.inspect.report import KIND_NAMES
from courseforge.loader import load_course
from courseforge.preview import preview_standards
from courseforge.targets import (
    ENTRY_POINT_GROUP,
    RegistryError,
    Target,
    lms_targets,
    target_class,
    target_classes,
    target_names,
)


def _defined_targets() -> dict[str, type[Target]]:
    """Every concrete Target subclass defined in courseforge.targets.*, by its name."""
    found = {}
    for module_info in pkgutil.iter_modules(registry.__path__):
        module = importlib.import_module(f"courseforge.targets.{module_info.name}")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Target)
                and value.__module__ == module.__name__
                and "name" in vars(value)
            ):
                found[value.name] = value
    return found


def test_the_installed_metadata_registers_every_target_class_of_the_package():
    """An editable install (pip install -e .) exposes the group; no class is left out."""
    group = [e for e in distribution("courseforge").entry_points if e.group == ENTRY_POINT_GROUP]
    registered = {entry.name: entry.load() for entry in group}
    assert registered == _defined_targets()
    assert set(target_names()) == set(registered)
    assert len(target_names()) == 8


@pytest.mark.parametrize("name", target_names())
def test_each_target_declares_what_differs(name):
    cls = target_class(name)
    assert cls.name == name
    adapters = resources.files("courseforge.runtime").joinpath("adapters")
    if cls.package_kind is None:  # a question bank: no learner pages
        assert cls.tracking == ""
    else:
        assert adapters.joinpath(f"{cls.tracking}.js").is_file(), cls.tracking
        assert cls.package_kind in KIND_NAMES
    for page_id, why in cls.reserved_page_ids.items():
        assert page_id and why


@pytest.mark.parametrize("name", target_names())
def test_each_target_is_offered_by_the_cli(name):
    help_text = CliRunner().invoke(main, ["build", "--help"], terminal_width=400).stdout
    assert name in help_text.split("repeatable):", 1)[1].split(".", 1)[0]


@pytest.mark.parametrize("cls", lms_targets(), ids=lambda cls: cls.name)
def test_each_launched_target_is_previewed_and_inspected(cls):
    assert preview_standards()[cls.name] == cls.package_kind
    assert {cls.name, cls.package_kind} <= set(expectations())
    for option, command in (("--standard", "preview"), ("--expect", "inspect")):
        result = CliRunner().invoke(main, [command, "--help"], terminal_width=400)
        choices = result.stdout.split(f"{option} [", 1)[1].split("]", 1)[0].split("|")
        assert cls.name in choices, (command, choices)


def test_question_banks_are_not_previewed_and_only_the_qti_package_is_inspected():
    banks = [cls.name for cls in target_classes() if cls.package_kind is None]
    assert sorted(banks) == ["gift", "moodle-xml", "qti21"]
    assert not set(banks) & set(preview_standards())
    # The QTI zip is a package `inspect` checks as its own kind; the two text files are not.
    assert set(banks) & set(expectations()) == {"qti21"}


COURSE = """\
id: tiny
title: Tiny
description: A course.
base_iri: https://example.org/tiny
completion: all_lessons
targets: [{target}]
modules: [m]
"""


@pytest.mark.parametrize(
    ("name", "page_id"),
    [(cls.name, page_id) for cls in target_classes() for page_id in cls.reserved_page_ids],
)
def test_the_loader_refuses_each_reserved_page_id_with_its_location(tmp_path, name, page_id):
    (tmp_path / "modules/m").mkdir(parents=True)
    (tmp_path / "course.yaml").write_text(COURSE.format(target=name))
    (tmp_path / "modules/m/module.yaml").write_text(f"id: m\ntitle: M\npages: [{page_id}.md]\n")
    (tmp_path / f"modules/m/{page_id}.md").write_text(f"---\nid: {page_id}\ntitle: T\n---\nx\n")
    with pytest.raises(CourseError) as caught:
        load_course(tmp_path)
    [error] = caught.value.errors
    assert (Path(error.location.path).name, error.location.line) == (f"{page_id}.md", 2)
    assert f"reserved by the {name} target" in error.message


def test_a_half_registered_target_fails_fast(monkeypatch):
    """A registration whose class calls itself something else is refused on first use."""
    real = registry._entry_points()
    wrong = EntryPoint("scorm13", "courseforge.targets.scorm12:Scorm12Target", ENTRY_POINT_GROUP)
    not_a_target = EntryPoint("broken", "courseforge.errors:BuildError", ENTRY_POINT_GROUP)
    monkeypatch.setattr(
        registry, "_entry_points", lambda: {**real, "scorm13": wrong, "broken": not_a_target}
    )
    with pytest.raises(RegistryError, match="calls itself 'scorm12'"):
        target_class("scorm13")
    with pytest.raises(RegistryError, match="not a Target subclass"):
        target_class("broken")


def test_no_registered_targets_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(registry, "entry_points", lambda group: [])
    registry._entry_points.cache_clear()
    try:
        with pytest.raises(RegistryError, match="must be installed"):
            registry._entry_points()
    finally:
        monkeypatch.undo()
        registry._entry_points.cache_clear()
    assert len(target_names()) == 8


def test_the_defaults_the_cli_accepts_unchecked_are_registry_choices():
    """RegistryChoice lets its default through without loading every target: it must be valid."""
    from courseforge.cli import RegistryChoice

    checked = 0
    for command in main.commands.values():
        for param in command.params:
            if isinstance(param.type, RegistryChoice):
                # None: the command decides (inspect: any LMS package, else a plain site).
                assert param.default is None or param.default in param.type.choices, (
                    command.name,
                    param.name,
                )
                checked += 1
    assert checked == 3  # validate and inspect --expect, preview --standard


def test_a_registered_module_that_fails_to_import_is_one_clear_line(tmp_path, monkeypatch):
    real = registry._entry_points()
    broken = EntryPoint("broken", "no_such_module_here:Target", ENTRY_POINT_GROUP)
    monkeypatch.setattr(registry, "_entry_points", lambda: {**real, "broken": broken})
    with pytest.raises(RegistryError, match="'broken' .* cannot be loaded: ModuleNotFoundError"):
        target_class("broken")
    package = tmp_path / "p.zip"
    package.write_bytes(b"not a zip")
    result = CliRunner().invoke(main, ["inspect", "--expect", "scorm12", str(package)])
    assert result.exit_code == 1
    assert "cannot be loaded" in result.output and "Traceback" not in result.output


def test_target_names_is_still_importable_as_a_constant():
    # `from courseforge.targets import TARGET_NAMES` is public API (__all__): read on first use.
    from courseforge.targets import TARGET_NAMES

    assert target_names() == TARGET_NAMES
    with pytest.raises(AttributeError, match="has no attribute 'target_names_'"):
        registry.target_names_  # noqa: B018
