"""The writer's guards, in this process: its one-line filesystem errors, the work folder it
recognises as its own, the output folder's lock and the signals held during the switch.

tests/hostile/test_hostile_output.py shows the same through the real command in a child
process; these pin each guard's exact behaviour.
"""

from __future__ import annotations

import errno
import fcntl
import os
import signal
import threading
from pathlib import Path

import pytest

from courseforge.package import journal, staging, writer
from courseforge.package.journal import WORK_MARKER
from courseforge.package.writer import describe_os_error

CAUSES = [
    (errno.ENOSPC, "no space left on device"),
    (errno.EDQUOT, "disk quota exceeded"),
    (errno.EROFS, "read-only file system"),
    (errno.EACCES, "permission denied"),
    (errno.EPERM, "operation not permitted"),
    (errno.ENOTDIR, "a file is where a folder should be"),
    (errno.EEXIST, "a file is where a folder should be"),
    (errno.ENAMETOOLONG, "file name too long"),
]


@pytest.mark.parametrize(("code", "cause"), CAUSES)
def test_each_known_cause_in_words(tmp_path, monkeypatch, code, cause):
    monkeypatch.chdir(tmp_path)
    failure = OSError(code, "Raw Strerror", str(tmp_path / "dist" / "a.zip"))
    assert describe_os_error(failure, tmp_path / "dist") == (
        f"dist/a.zip: cannot write the build: {cause}; dist was left as it was"
    )


def test_an_unknown_cause_is_the_systems_words_in_lower_case(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    failure = OSError(errno.EIO, "Input/Output Error", str(tmp_path / "dist" / "x"))
    assert describe_os_error(failure, tmp_path / "dist") == (
        "dist/x: cannot write the build: input/output error; dist was left as it was"
    )


def test_without_a_file_name_the_output_folder_is_named(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert describe_os_error(OSError(errno.ENOSPC, "full"), tmp_path / "out") == (
        "out: cannot write the build: no space left on device; out was left as it was"
    )


def test_without_an_errno_or_strerror_the_message_itself(tmp_path):
    failure = OSError("Something BROKE")
    assert describe_os_error(failure, tmp_path) == (
        f"{tmp_path}: cannot write the build: something broke; {tmp_path} was left as it was"
    )


def test_the_work_folder_is_ours_only_with_its_marker_or_empty(tmp_path):
    def folder(name: str) -> Path:
        path = tmp_path / name
        path.mkdir()
        return path

    marked = folder("marked")
    (marked / WORK_MARKER).write_text("x", encoding="utf-8")
    (marked / "new").mkdir()
    assert journal._is_our_work(marked)
    assert journal._is_our_work(folder("empty"))

    unmarked = folder("unmarked")
    (unmarked / "notes.txt").write_text("mine", encoding="utf-8")
    assert not journal._is_our_work(unmarked)

    linked_marker = folder("linked-marker")
    (linked_marker / WORK_MARKER).symlink_to(marked / WORK_MARKER)
    assert not journal._is_our_work(linked_marker)

    folder_marker = folder("folder-marker")
    (folder_marker / WORK_MARKER).mkdir()
    assert not journal._is_our_work(folder_marker)

    (tmp_path / "link").symlink_to(marked)
    assert not journal._is_our_work(tmp_path / "link")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert not journal._is_our_work(tmp_path / "file")
    assert not journal._is_our_work(tmp_path / "missing")


def _can_lock(folder: Path) -> bool:
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


def test_the_output_folder_is_locked_exclusively_while_writing(tmp_path):
    assert _can_lock(tmp_path)
    with writer._locked(tmp_path):
        assert not _can_lock(tmp_path)  # another build waits here
    assert _can_lock(tmp_path)


def _blocked() -> set[int]:
    return set(signal.pthread_sigmask(signal.SIG_BLOCK, []))


def test_ctrl_c_and_kill_are_held_during_the_switch_only():
    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    assert not held & _blocked()
    with staging.signals_held():
        assert held <= _blocked()
        assert signal.SIGUSR1 not in _blocked()
    assert not held & _blocked()


def test_other_threads_do_not_touch_the_signal_mask():
    seen = []

    def switch() -> None:
        before = _blocked()
        with staging.signals_held():
            seen.append(_blocked() == before)

    thread = threading.Thread(target=switch)
    thread.start()
    thread.join()
    assert seen == [True]


def test_a_work_folder_beside_out_is_ours_only_by_exact_name_marker_and_kind(tmp_path):
    out = tmp_path / "dist"
    prefix = staging.work_prefix(out)

    def work(suffix: str, marker: bytes | None = staging.MARKER_TEXT) -> Path:
        path = tmp_path / f"{prefix}{suffix}"
        path.mkdir()
        if marker is not None:
            (path / staging.WORK_MARKER).write_bytes(marker)
        return path

    assert staging.is_our_work_folder(work("0" * 32), out)
    assert staging.is_our_work_folder(work("1" * 32, None), out)  # killed before the marker
    assert staging.is_our_work_folder(work("2" * 32, staging.MARKER_TEXT[:9]), out)  # mid-write
    assert not staging.is_our_work_folder(work("3" * 31), out)  # not the exact name
    assert not staging.is_our_work_folder(work("4" * 32, b"something else"), out)
    cut = work("5" * 32, staging.MARKER_TEXT[:9])
    (cut / "new").mkdir()  # a cut-short marker with a tree beside it: not provably ours
    assert not staging.is_our_work_folder(cut, out)
    folder_marker = work("6" * 32, None)
    (folder_marker / staging.WORK_MARKER).mkdir()
    assert not staging.is_our_work_folder(folder_marker, out)
    # A link named as a work folder, to a folder that is ours: never followed.
    link = tmp_path / f"{prefix}{'7' * 32}"
    link.symlink_to(tmp_path / f"{prefix}{'0' * 32}")
    assert not staging.is_our_work_folder(link, out)
    # A file with a work folder's name.
    (tmp_path / f"{prefix}{'8' * 32}").write_bytes(staging.MARKER_TEXT)
    assert not staging.is_our_work_folder(tmp_path / f"{prefix}{'8' * 32}", out)
    # A folder with the marker but another output's name.
    other = tmp_path / f"{staging.work_prefix(tmp_path / 'site')}{'9' * 32}"
    other.mkdir()
    (other / staging.WORK_MARKER).write_bytes(staging.MARKER_TEXT)
    assert not staging.is_our_work_folder(other, out)


def test_leftover_work_folders_are_removed_and_nothing_else(tmp_path):
    out = tmp_path / "dist"
    prefix = staging.work_prefix(out)
    ours = tmp_path / f"{prefix}{'a' * 32}"
    ours.mkdir()
    (ours / staging.WORK_MARKER).write_bytes(staging.MARKER_TEXT)
    (ours / "new").mkdir()
    (ours / "new" / "index.html").write_text("x", encoding="utf-8")
    theirs = tmp_path / f"{prefix}{'b' * 32}"
    theirs.mkdir()
    (theirs / "notes.txt").write_text("mine", encoding="utf-8")
    (tmp_path / f"{prefix}{'c' * 32}").symlink_to(ours)
    staging.remove_leftover_work_folders(out)
    assert not ours.exists()
    assert (theirs / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (tmp_path / f"{prefix}{'c' * 32}").is_symlink()


def test_the_refusal_says_whether_a_folder_or_a_file_is_in_the_way(tmp_path, monkeypatch):
    from courseforge.package.ownership import refuse

    monkeypatch.chdir(tmp_path)
    (tmp_path / "site").mkdir()
    (tmp_path / "page.zip").write_bytes(b"x")
    (tmp_path / "link").symlink_to(tmp_path / "site")
    tail = " courseforge did not write is in the way (or it was changed since); move it away or choose another --out"
    assert str(refuse(Path("site"))) == "site: a folder" + tail
    assert str(refuse(Path("page.zip"))) == "page.zip: a file" + tail
    assert str(refuse(Path("link"))) == "link: a file" + tail  # a link is replaced, not entered
