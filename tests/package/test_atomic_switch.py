"""The output folder is swapped in one step; what it held besides the products survives.

Crash tests (kills at every step) are in tests/hostile/test_crash_safe_switch.py; these check
the swap's own rules: what is carried over, what is cleaned up, when it falls back.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import sys
from pathlib import Path

import pytest

import courseforge.package.writer as writer
from courseforge.errors import OutputError
from courseforge.package import Output, OutputWriter, exchange
from courseforge.package.journal import WORK_DIR
from courseforge.package.ownership import RECORD_FILE, read_record
from courseforge.package.staging import MARKER_TEXT, WORK_MARKER

SITE = {"index.html": b"<p>1</p>", "css/site.css": b"p{}"}


def _outputs(version: bytes) -> list[Output]:
    return [
        Output("site", {**SITE, "index.html": version}, kind="folder"),
        Output("site.zip", {"index.html": version}),
    ]


@pytest.fixture
def out(tmp_path) -> Path:
    folder = tmp_path / "parent" / "dist"
    OutputWriter(folder).write(_outputs(b"old"))
    return folder


@pytest.fixture
def steps(monkeypatch) -> list[str]:
    seen: list[str] = []
    monkeypatch.setattr(writer, "CHECKPOINT", seen.append)
    return seen


def _beside(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name != out.name)


def test_the_folder_is_swapped_and_the_authors_files_are_the_same_files(out, steps):
    (out / "notes").mkdir()
    (out / "notes/todo.txt").write_text("mine")
    (out / "notes").chmod(0o750)
    inode = (out / "notes/todo.txt").stat().st_ino
    folder_before = out.stat().st_ino
    OutputWriter(out).write(_outputs(b"new"))
    assert out.stat().st_ino != folder_before  # a new folder took dist's name
    assert (out / "notes/todo.txt").stat().st_ino == inode  # a hard link, not a copy
    assert (out / "notes").stat().st_mode & 0o777 == 0o750
    assert (out / "site/index.html").read_bytes() == b"new"
    assert "switched" in steps and "journal" not in steps
    assert _beside(out) == []


def test_the_swap_holds_the_lock_on_the_folder_beside_which_it_works(out, monkeypatch):
    held = []

    def try_lock(step: str) -> None:
        if step == "switched":
            descriptor = os.open(out.parent, os.O_RDONLY)
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                held.append(step)
            finally:
                os.close(descriptor)

    monkeypatch.setattr(writer, "CHECKPOINT", try_lock)
    OutputWriter(out).write(_outputs(b"new"))
    assert held == ["switched"]


def test_a_symlinked_out_stays_a_link_to_the_swapped_folder(out, tmp_path):
    link = tmp_path / "link"
    link.symlink_to(out, target_is_directory=True)
    paths = OutputWriter(link).write(_outputs(b"new"))
    assert link.is_symlink() and link.readlink() == out
    assert paths[0] == link / "site" and (link / "site/index.html").read_bytes() == b"new"
    assert _beside(out) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["link", "parent"]


def test_leftovers_beside_out_are_removed_only_when_provably_ours(out):
    prefix = f".{out.name}.courseforge-work-"
    ours = {
        "marked": MARKER_TEXT,
        "empty": None,
        "cut short": MARKER_TEXT[:10],
    }
    made = {}
    for index, (what, marker) in enumerate(ours.items()):
        folder = out.parent / f"{prefix}{index:032x}"
        folder.mkdir()
        if marker is not None:
            (folder / WORK_MARKER).write_bytes(marker)
        if what == "marked":
            (folder / "new/site").mkdir(parents=True)
            (folder / "new/site/page.html").write_text("half a build")
        made[what] = folder
    not_ours = {
        "no marker": out.parent / f"{prefix}{'a' * 32}",
        "other marker text": out.parent / f"{prefix}{'b' * 32}",
        "name not ours": out.parent / f"{prefix}notes",
        "other folder's": out.parent / f".other.courseforge-work-{'c' * 32}",
    }
    for what, folder in not_ours.items():
        folder.mkdir()
        (folder / ("keep.txt" if what == "no marker" else WORK_MARKER)).write_text("mine")
    (not_ours["other marker text"] / "keep.txt").write_text("mine")
    symlink = out.parent / f"{prefix}{'d' * 32}"
    symlink.symlink_to(out, target_is_directory=True)
    OutputWriter(out).write(_outputs(b"new"))
    assert not any(folder.exists() for folder in made.values())
    assert all(
        (folder / WORK_MARKER).exists() or (folder / "keep.txt").exists()
        for folder in not_ours.values()
    )
    assert symlink.is_symlink() and (out / "site").is_dir()


def test_no_rename_exchange_falls_back_to_the_journaled_switch(out, steps, monkeypatch):
    def refused(first: Path, second: Path, flags: int) -> None:
        if flags == exchange.RENAME_EXCHANGE:
            raise exchange.SwapUnavailable("Invalid argument")  # what EINVAL becomes

    monkeypatch.setattr(exchange, "_renameat2", refused)
    (out / "notes.txt").write_text("mine")
    folder_before = out.stat().st_ino
    OutputWriter(out).write(_outputs(b"new"))
    assert out.stat().st_ino == folder_before  # switched in place, product by product
    assert "record" in steps and "journal" in steps and steps[-1] == "done"
    assert (out / "site/index.html").read_bytes() == b"new"
    assert (out / "notes.txt").read_text() == "mine"
    assert _beside(out) == [] and not (out / WORK_DIR).exists()


@pytest.mark.parametrize("code", [errno.EINVAL, errno.ENOSYS, errno.EXDEV])
def test_the_kernel_refusing_the_exchange_means_fallback_not_failure(code, monkeypatch):
    def renameat2(*_args) -> int:
        import ctypes

        ctypes.set_errno(code)
        return -1

    monkeypatch.setattr(exchange, "renameat2", renameat2)
    with pytest.raises(exchange.SwapUnavailable):
        exchange.exchange(Path("a"), Path("b"))


def test_the_working_directory_inside_out_is_never_swapped_away(out, steps, monkeypatch):
    monkeypatch.chdir(out)
    OutputWriter(out).write(_outputs(b"new"))
    assert "journal" in steps and Path.cwd() == out and Path("site/index.html").is_file()


@pytest.mark.skipif(os.geteuid() != 0, reason="needs to give a folder to another user")
def test_a_folder_of_another_owner_is_left_in_place(out, steps):
    (out / "shared").mkdir()
    os.chown(out / "shared", 12345, 12345)
    inode = (out / "shared").stat().st_ino
    OutputWriter(out).write(_outputs(b"new"))
    assert "journal" in steps  # a recreated folder could not keep its owner
    assert (out / "shared").stat().st_ino == inode and (out / "shared").stat().st_uid == 12345


def test_a_file_added_during_the_build_is_kept(out, monkeypatch):
    (out / "draft.txt").write_text("first")

    def author_edits(step: str) -> None:
        if step == "record":  # after the carry-over, before the swap
            (out / "late.txt").write_text("late")
            (out / "draft.tmp").write_text("second")
            os.replace(out / "draft.tmp", out / "draft.txt")  # how editors save

    monkeypatch.setattr(writer, "CHECKPOINT", author_edits)
    OutputWriter(out).write(_outputs(b"new"))
    assert (out / "late.txt").read_text() == "late"
    assert (out / "draft.txt").read_text() == "second"


def test_disk_full_while_carrying_over_is_one_line_and_changes_nothing(out, monkeypatch):
    (out / "notes.txt").write_text("mine")
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def full(source, target, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(source), None, str(target))

    monkeypatch.setattr(os, "link", full)
    with pytest.raises(OutputError) as caught:
        OutputWriter(out).write(_outputs(b"new"))
    assert str(caught.value) == (
        f"{out}/notes.txt: cannot write the build: no space left on device; {out} was left as it was"
    )
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert _beside(out) == []


def test_a_new_out_appears_whole_with_its_record(tmp_path, steps):
    out = tmp_path / "a/b/dist"
    OutputWriter(out).write(_outputs(b"new"))
    assert sorted(read_record(out)) == ["site", "site.zip"]
    assert (out / RECORD_FILE).is_file() and (out / "site/.courseforge-output").is_file()
    assert steps[-3:] == ["switched", "old build removed", "done"] and _beside(out) == []


def test_real_enospc_while_staging_beside_out_leaves_the_old_build(tmp_path):
    """dist/ inside a tiny tmpfs (not its mount point): the swap path, on a really full disk."""
    from tests.hostile.test_hostile_output import FAILED, _in_private_mount
    from tests.loader.course_factory import LESSON_MD, write_course

    course = write_course(tmp_path)
    (tmp_path / "pic.png").write_bytes(bytes(range(256)) * 2048)  # 512 KiB, stored
    (tmp_path / "with-pic.md").write_text(LESSON_MD + "\n![a picture](pic.png)\n")
    (tmp_path / "vol").mkdir()
    cli = f"{sys.executable} -m courseforge build course --target web --out vol/dist"
    proc = _in_private_mount(
        tmp_path,
        f"mount -t tmpfs -o size=700k tmpfs {tmp_path / 'vol'}",
        f"{cli} >/dev/null 2>&1 && cp with-pic.md {course}/modules/intro/hello.md"
        f" && cp pic.png {course}/modules/intro/ && ls -A vol/dist && {cli} >/dev/null; echo EXIT=$?;"
        " ls -A vol vol/dist",
    )
    if proc.returncode == 99:
        pytest.skip(proc.stderr)
    error, failed = proc.stderr.splitlines()
    assert failed == FAILED
    # Where the disk filled up (opening a file, or writing it) decides the path named.
    assert re.fullmatch(
        r"error: vol/dist(/\S+)?: cannot write the build: no space left on device; "
        r"vol/dist was left as it was",
        error,
    ), error
    listing = proc.stdout.split("EXIT=1\n")
    assert len(listing) == 2, proc.stdout
    before, after = listing
    assert after.split() == ["vol:", "dist", "vol/dist:", *before.split()]


def test_a_first_build_killed_before_dist_existed_is_cleaned_up_by_the_next(tmp_path):
    out = tmp_path / "dist"
    killed = tmp_path / f".dist.courseforge-work-{'e' * 32}"
    (killed / "new/site").mkdir(parents=True)
    (killed / WORK_MARKER).write_bytes(MARKER_TEXT)
    OutputWriter(out).write(_outputs(b"new"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]
