"""What an author keeps in --out survives the switch: links, late edits, read-only folders.

tests/package/test_atomic_switch.py checks the swap itself; these check the author's things the
carry-over and the late-change pass must bring across, and that the old tree always goes.
"""

from __future__ import annotations

import errno
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

import courseforge.package.writer as writer
from courseforge.errors import OutputError
from courseforge.package import Output, OutputWriter, exchange
from courseforge.package.exchange import SwapUnavailable
from courseforge.package.ownership import FOLDER_MARKER, RECORD_FILE
from courseforge.package.staging import MARKER_TEXT, WORK_MARKER

NOBODY = 65534


def _outputs(version: bytes) -> list[Output]:
    return [Output("site", {"index.html": version}, kind="folder"), Output("site.zip", {"a": b"1"})]


@pytest.fixture
def steps(monkeypatch) -> list[str]:
    seen: list[str] = []
    monkeypatch.setattr(writer, "CHECKPOINT", seen.append)
    return seen


@pytest.fixture
def out(tmp_path) -> Path:
    folder = tmp_path / "parent" / "dist"
    OutputWriter(folder).write(_outputs(b"old"))
    return folder


def _beside(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name != out.name)


def test_the_authors_symlinks_in_out_point_where_they_did(out, steps):
    (out / "latest").symlink_to("site/index.html")
    (out / "notes").mkdir()
    (out / "notes/elsewhere").symlink_to("/nowhere/at/all")  # dangling: kept as written
    OutputWriter(out).write(_outputs(b"new"))
    assert "switched" in steps and "journal" not in steps  # the swap path carried them
    assert os.readlink(out / "latest") == "site/index.html"
    assert (out / "latest").read_bytes() == b"new"
    assert os.readlink(out / "notes/elsewhere") == "/nowhere/at/all"
    assert _beside(out) == []


def _edit_after_the_carry_over(monkeypatch, edit: Callable[[], None]) -> None:
    def checkpoint(step: str) -> None:
        if step == "record":  # the carry-over is done; the swap comes next
            edit()

    monkeypatch.setattr(writer, "CHECKPOINT", checkpoint)


def test_a_file_the_author_turned_into_a_folder_during_the_build_is_kept(out, monkeypatch):
    (out / "notes").write_text("one file")

    def edit() -> None:
        (out / "notes").unlink()
        (out / "notes").mkdir()
        (out / "notes/a.txt").write_text("split in two")

    _edit_after_the_carry_over(monkeypatch, edit)
    OutputWriter(out).write(_outputs(b"new"))
    assert (out / "notes/a.txt").read_text() == "split in two"
    assert _beside(out) == []


def test_a_file_added_inside_a_folder_during_the_build_is_kept(out, monkeypatch):
    (out / "notes/deep").mkdir(parents=True)
    (out / "notes/deep/old.txt").write_text("old")
    _edit_after_the_carry_over(
        monkeypatch, lambda: (out / "notes/deep/late.txt").write_text("late")
    )
    OutputWriter(out).write(_outputs(b"new"))
    assert (out / "notes/deep/late.txt").read_text() == "late"
    assert (out / "notes/deep/old.txt").read_text() == "old"


def _as_unprivileged(action: Callable[[], None]) -> None:
    """Run `action` as a user the permission bits bind (root ignores them), then be root again.

    Only the effective ids change (in process, so mutation testing sees the calls); the real
    user stays root, which is what lets the `finally` switch back.
    """
    if os.geteuid() != 0:
        action()
        return
    groups = os.getgroups()
    os.setgroups([])
    os.setegid(NOBODY)
    os.seteuid(NOBODY)
    try:
        action()
    finally:
        os.seteuid(0)
        os.setegid(0)
        os.setgroups(groups)


@pytest.fixture
def shared_tmp():
    """A folder an unprivileged build can write (pytest's tmp_path is root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="courseforge-carry-"))
    if os.geteuid() == 0:
        os.chown(folder, NOBODY, NOBODY)
    yield folder
    for path in (folder, *folder.rglob("*")):
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o700)
    shutil.rmtree(folder)


def test_a_read_only_folder_in_out_does_not_leave_the_old_build_behind(shared_tmp):
    out = shared_tmp / "parent" / "dist"

    def build_twice() -> None:
        OutputWriter(out).write(_outputs(b"old"))
        (out / "notes/deep").mkdir(parents=True)
        (out / "notes/deep/todo.txt").write_text("mine")
        (shared_tmp / "elsewhere").mkdir(mode=0o755)
        (out / "notes/deep/link").symlink_to(shared_tmp / "elsewhere")
        (out / "notes/deep").chmod(0o500)
        (out / "notes").chmod(0o500)
        OutputWriter(out).write(_outputs(b"new"))
        # unlocking the old tree to remove it must not follow a link out of it
        assert (shared_tmp / "elsewhere").stat().st_mode & 0o777 == 0o755
        assert (out / "notes/deep/todo.txt").read_text() == "mine"
        assert (out / "notes").stat().st_mode & 0o777 == 0o500
        assert (out / "site/index.html").read_bytes() == b"new"
        assert _beside(out) == []  # the old tree, read-only folders and all, was removed

    _as_unprivileged(build_twice)


@pytest.mark.skipif(os.geteuid() != 0, reason="needs a folder of another user")
def test_a_leftover_holding_a_folder_the_build_cannot_change_does_not_stop_it(shared_tmp):
    """A killed build's work folder with someone else's folder in it: removed as far as can be."""
    out = shared_tmp / "dist"
    leftover = shared_tmp / f".dist.courseforge-work-{'e' * 32}"
    (leftover / "new/locked/theirs").mkdir(parents=True)
    (leftover / WORK_MARKER).write_bytes(MARKER_TEXT)
    for path in (leftover, leftover / WORK_MARKER, leftover / "new", leftover / "new/locked"):
        os.chown(path, NOBODY, NOBODY)  # the build's own; "theirs" stays root's
    (leftover / "new/locked/theirs/file").write_text("not ours to delete")
    (leftover / "new/locked").chmod(0o500)

    def build() -> None:
        OutputWriter(out).write(_outputs(b"new"))
        assert (out / "site/index.html").read_bytes() == b"new"

    _as_unprivileged(build)
    assert (leftover / "new/locked/theirs/file").read_text() == "not ours to delete"


def test_a_read_only_folder_in_a_product_never_blocks_the_journaled_switch(shared_tmp, monkeypatch):
    """Regression: the journaled switch left `.courseforge-work` behind without its marker, and
    the next build refused to run ("a folder courseforge did not write is in the way")."""
    monkeypatch.setattr(exchange, "renameat2", None)  # no one-step swap: the journaled switch
    out = shared_tmp / "dist"

    def build_three_times() -> None:
        OutputWriter(out).write(_outputs(b"1"))
        (out / "site/css").mkdir()
        (out / "site/css/site.css").write_text("p{}")
        (out / "site/css").chmod(0o500)  # made read-only in the product, by hand or a tool
        OutputWriter(out).write(_outputs(b"2"))
        assert sorted(p.name for p in out.iterdir()) == [RECORD_FILE, "site", "site.zip"]
        OutputWriter(out).write(_outputs(b"3"))
        assert (out / "site/index.html").read_bytes() == b"3"
        assert sorted(p.name for p in out.iterdir()) == [RECORD_FILE, "site", "site.zip"]

    _as_unprivileged(build_three_times)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")
def test_renameat2_as_loaded_swaps_and_reports_the_kernels_error(tmp_path, monkeypatch):
    loaded = exchange._load_renameat2()  # what the module holds: it loads it at import
    assert loaded is not None  # glibc 2.28 or later
    monkeypatch.setattr(exchange, "renameat2", loaded)
    (tmp_path / "a").mkdir()
    (tmp_path / "a/which").write_text("a")
    (tmp_path / "b").mkdir()
    (tmp_path / "b/which").write_text("b")
    exchange.exchange(tmp_path / "a", tmp_path / "b")
    assert (tmp_path / "a/which").read_text() == "b" and (tmp_path / "b/which").read_text() == "a"
    with pytest.raises(OSError) as failed:  # a real failure, not "cannot swap here"
        exchange.exchange(tmp_path / "a", tmp_path / "missing")
    assert failed.value.errno == errno.ENOENT and not isinstance(failed.value, SwapUnavailable)
    # what the author's one-line error is made of: the path and the system's words
    assert failed.value.filename == str(tmp_path / "a")
    assert failed.value.strerror == os.strerror(errno.ENOENT)
    exchange.move_to_new_name(tmp_path / "a", tmp_path / "c")
    assert (tmp_path / "c/which").read_text() == "b" and not (tmp_path / "a").exists()


def test_renameat2_is_looked_for_on_linux_only(monkeypatch):
    monkeypatch.setattr(sys, "platform", "darwin")
    assert exchange._load_renameat2() is None


def test_a_build_stopped_right_after_the_swap_keeps_what_the_author_had(out, monkeypatch):
    """A kill there (SIGKILL, power cut) leaves the old tree to the next build's clean-up:
    every file of the author's must be in the new tree already, not only in the old one."""
    (out / "notes/deep").mkdir(parents=True)
    (out / "notes/deep/todo.txt").write_text("mine")

    def killed(step: str) -> None:
        if step == "switched":
            raise SystemExit("killed")

    monkeypatch.setattr(writer, "CHECKPOINT", killed)
    with pytest.raises(SystemExit):
        OutputWriter(out).write(_outputs(b"new"))
    assert (out / "site/index.html").read_bytes() == b"new"
    monkeypatch.setattr(writer, "CHECKPOINT", lambda _step: None)
    OutputWriter(out).write(_outputs(b"newer"))  # the next build cleans up beside it
    assert (out / "notes/deep/todo.txt").read_text() == "mine"
    assert _beside(out) == []


def test_a_late_edit_that_cannot_be_moved_does_not_fail_the_finished_build(shared_tmp, monkeypatch):
    """Saving late edits is best effort: the swap is done, so a refusal there is no failure."""
    out = shared_tmp / "parent" / "dist"

    def add_late_file() -> None:  # into a folder the author keeps read-only
        (out / "notes").chmod(0o700)
        (out / "notes/late.txt").write_text("late")
        (out / "notes").chmod(0o500)

    def build_twice() -> None:
        OutputWriter(out).write(_outputs(b"old"))
        (out / "notes").mkdir(mode=0o500)
        _edit_after_the_carry_over(monkeypatch, add_late_file)
        OutputWriter(out).write(_outputs(b"new"))
        assert (out / "site/index.html").read_bytes() == b"new"
        assert _beside(out) == []

    _as_unprivileged(build_twice)


def test_a_marker_the_build_cannot_read_proves_nothing(shared_tmp):
    out = shared_tmp / "parent" / "dist"

    def build_twice() -> None:
        OutputWriter(out).write(_outputs(b"old"))
        (out / "site" / FOLDER_MARKER).chmod(0)
        with pytest.raises(OutputError, match="a folder courseforge did not write is in the way"):
            OutputWriter(out).write(_outputs(b"new"))
        assert (out / "site/index.html").read_bytes() == b"old"

    _as_unprivileged(build_twice)
