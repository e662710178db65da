"""The tool's cache of its own compiled templates and minified scripts (shipped_cache.py).

Builds run as real processes: a cold cache, a warm one, a damaged one and one that cannot be
written must all give the same package bytes, and no error.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment

from courseforge import shipped_cache
from courseforge.templating import _CompiledTemplates
from tests.loader.course_factory import write_course


def _build(course_parent: Path, cache: Path, out: str) -> dict[str, bytes]:
    """Build the course in a fresh process; return every product's bytes by name."""
    proc = subprocess.run(
        [sys.executable, "-m", "courseforge", "build", "course", "-t", "scorm2004", "-t", "xapi"]
        + ["--out", out, "-q"],
        cwd=course_parent,
        env={**os.environ, "COURSEFORGE_CACHE_DIR": str(cache)},
        capture_output=True,
        text=True,
    )
    assert (proc.returncode, proc.stderr) == (0, "")
    return {p.name: p.read_bytes() for p in sorted((course_parent / out).iterdir())}


def _entries(cache: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(cache.iterdir())}


@pytest.fixture
def course(tmp_path: Path) -> Path:
    write_course(tmp_path)
    return tmp_path


def test_a_warm_cache_builds_the_same_bytes_as_a_cold_one(course, tmp_path):
    cache = tmp_path / "cache"
    cold = _build(course, cache, "cold")
    entries = _entries(cache)
    kinds = sorted({name.split("-")[0] for name in entries})
    assert kinds == ["script", "template"]  # the runtime, the adapters, the pages' templates
    assert not [name for name in entries if name.endswith(".tmp")]
    assert _build(course, cache, "warm") == cold
    assert _entries(cache) == entries  # read, not written again


def test_damaged_entries_are_ignored_and_replaced(course, tmp_path):
    cache = tmp_path / "cache"
    cold = _build(course, cache, "cold")
    good = _entries(cache)
    damages = [
        lambda data: b"",
        lambda data: data[: len(data) // 2],  # a write cut short
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one bit flipped in the payload
        lambda data: b"\x00" * len(data),
    ]
    for damage in damages:
        for name, data in good.items():
            (cache / name).write_bytes(damage(data))
        assert _build(course, cache, f"out-{damages.index(damage)}") == cold
        assert _entries(cache) == good


def test_an_entry_that_is_a_folder_is_ignored(course, tmp_path):
    cache = tmp_path / "cache"
    cold = _build(course, cache, "cold")
    for name in _entries(cache):
        (cache / name).unlink()
        (cache / name).mkdir()
    assert _build(course, cache, "again") == cold


def test_a_cache_that_cannot_be_written_costs_nothing_but_time(course, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    reference = _build(course, tmp_path / "cache", "reference")
    assert _build(course, blocker / "cache", "unwritable") == reference
    assert blocker.read_text() == "not a folder\n"


def test_a_folder_others_can_write_to_is_not_used(course, tmp_path):
    cache = tmp_path / "cache"
    reference = _build(course, cache, "reference")
    entries = _entries(cache)
    for name in entries:  # what another user could have put there: not read
        (cache / name).write_bytes(b"planted")
    cache.chmod(0o777)
    assert _build(course, cache, "shared") == reference
    assert set(_entries(cache).values()) == {b"planted"}  # nor written
    cache.chmod(0o700)
    assert _build(course, cache, "ours") == reference
    assert _entries(cache) == entries


def test_entries_are_written_whole_or_not_at_all(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSEFORGE_CACHE_DIR", str(tmp_path / "cache"))
    shipped_cache.write_entry("x", b"payload")
    assert shipped_cache.read_entry("x") == b"payload"

    def refuse(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    shipped_cache.write_entry("y", b"other")  # no error
    assert shipped_cache.read_entry("y") is None
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == ["x"]  # no temporary left


def test_an_entry_name_changes_with_every_part():
    names = {
        shipped_cache.entry_name("script", b"a", b"b"),
        shipped_cache.entry_name("script", b"ab"),
        shipped_cache.entry_name("script", b"a", b"c"),
        shipped_cache.entry_name("template", b"a", b"b"),
    }
    assert len(names) == 4


def _render(source: str, **options) -> str:
    environment = Environment(
        loader=DictLoader({"page": source}), bytecode_cache=_CompiledTemplates(), **options
    )
    return environment.get_template("page").render(name="x")


def test_an_edited_template_or_other_options_are_compiled_again(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSEFORGE_CACHE_DIR", str(tmp_path / "cache"))
    assert _render("Hello {{ name }}!\n") == "Hello x!"
    assert _render("Bye {{ name }}!\n") == "Bye x!"
    assert _render("Bye {{ name }}!\n", keep_trailing_newline=True) == "Bye x!\n"
    assert _render("Hello {{ name }}!\n") == "Hello x!"
    assert len(list((tmp_path / "cache").iterdir())) == 3


def test_copies_of_the_same_templates_share_their_entries():
    # A template is named by its name, source and options, not by where its file lies.
    cache = _CompiledTemplates()
    assert cache.get_cache_key("page.j2", "/one/page.j2") == cache.get_cache_key(
        "page.j2", "/two/page.j2"
    )
    assert cache.get_cache_key("page.j2") != cache.get_cache_key("other.j2")
