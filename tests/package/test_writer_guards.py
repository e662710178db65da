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
