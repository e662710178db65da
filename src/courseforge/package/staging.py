"""Building the complete new output folder next to the old one, and cleaning up after kills.

The new build is assembled in a work folder beside `--out` (same parent, so same filesystem):
`<parent>/.<out-name>.courseforge-work-<32 hex>/new/`. The work folder carries a marker file
(`.courseforge-work`) outside the tree that gets swapped, so it proves the folder is ours
whichever tree `new/` holds: the unfinished new build before the swap, the old build after it.
A build removes such work folders left by killed builds, and nothing else: the name must match
exactly and the marker must be there with its exact text (or the folder must be empty, or hold
nothing but a marker cut short by a kill while it was being written).
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
import signal
import stat
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from courseforge.package.exchange import SwapUnavailable
from courseforge.package.output import DiskFile, Output
from courseforge.package.ownership import (
    FOLDER_MARKER,
    ProductRecord,
    file_record,
    folder_record,
    marker_text,
    new_token,
)
from courseforge.package.zip import write_deterministic_zip

WORK_INFIX = ".courseforge-work-"
WORK_MARKER = ".courseforge-work"
MARKER_TEXT = (
    b"courseforge build in progress; the next build into the folder beside it removes it\n"
)
NEW_TREE = "new"
_NAME_ROOM = 150  # of the output folder's name, so the work folder's name stays under 255 bytes
_SUFFIX = re.compile(r"[0-9a-f]{32}")
# A file or folder in --out that cannot be carried over exactly (another owner, no hard links).
_CANNOT_CARRY = {errno.EPERM, errno.EACCES, errno.EMLINK, errno.EXDEV, errno.EOPNOTSUPP}

Checkpoint = Callable[[str], None]


def work_prefix(out: Path) -> str:
    return f".{out.name[:_NAME_ROOM]}{WORK_INFIX}"


def is_work_name(name: str, out: Path) -> bool:
    prefix = work_prefix(out)
    return name.startswith(prefix) and _SUFFIX.fullmatch(name[len(prefix) :]) is not None


def new_work_folder(out: Path) -> Path:
    """Create the work folder beside `out` with its marker; the new tree goes in `new/`."""
    work = out.parent / f"{work_prefix(out)}{secrets.token_hex(16)}"
    work.mkdir(mode=0o700)
    descriptor = os.open(work / WORK_MARKER, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(descriptor, MARKER_TEXT)  # one short write: whole, or cut short by a kill
    finally:
        os.close(descriptor)
    (work / NEW_TREE).mkdir()
    return work


def is_our_work_folder(path: Path, out: Path) -> bool:
    """Whether `path` is provably a work folder a build into `out` made."""
    if not is_work_name(path.name, out) or path.is_symlink() or not path.is_dir():
        return False
    entries = os.listdir(path)
    if WORK_MARKER not in entries:
        return not entries  # killed between mkdir and the marker
    marker = path / WORK_MARKER
    if not stat.S_ISREG(os.lstat(marker).st_mode):
        return False
    text = marker.read_bytes()
    if text == MARKER_TEXT:
        return True
    return entries == [WORK_MARKER] and MARKER_TEXT.startswith(text)  # killed mid-write


def remove_leftover_work_folders(out: Path) -> None:
    """Remove the work folders killed builds into `out` left beside it (under the build lock)."""
    prefix = work_prefix(out)
    for entry in os.scandir(out.parent):
        path = Path(entry.path)
        if entry.name.startswith(prefix) and is_our_work_folder(path, out):
            remove_work_folder(path)


def remove_work_folder(work: Path) -> None:
    """Remove a work folder, its marker last, so a kill half-way leaves it recognisable."""
    with suppress(FileNotFoundError):
        for name in os.listdir(work):
            if name != WORK_MARKER:
                remove_tree(work / name)
    with suppress(FileNotFoundError):
        (work / WORK_MARKER).unlink()
    with suppress(OSError):  # not empty: something not ours appeared in it; leave it
        work.rmdir()


def remove_tree(path: Path) -> None:
    """Delete a tree of ours, including folders an author made read-only inside --out."""
    if path.is_symlink() or not path.is_dir():
        with suppress(FileNotFoundError):
            path.unlink()
        return
    try:
        shutil.rmtree(path)
    except OSError:
        _make_folders_writable(path)  # folders only: files may be hard links into the new build
        shutil.rmtree(path, ignore_errors=True)


def _make_folders_writable(folder: Path) -> None:
    with suppress(OSError):
        os.chmod(folder, stat.S_IRWXU)
        for entry in os.scandir(folder):
            if entry.is_dir(follow_symlinks=False):
                _make_folders_writable(Path(entry.path))


def stage(
    output: Output,
    staging: Path,
    checkpoint: Checkpoint,
    seconds: dict[str, float] | None = None,
) -> ProductRecord:
    """Write one product into `staging` and return what the record says about it.

    Args:
        seconds: if given, receives the time spent making and writing this product's bytes.
    """
    started = time.perf_counter()
    record = _stage(output, staging, checkpoint)
    if seconds is not None:
        seconds[output.name] = time.perf_counter() - started
    return record


def _stage(output: Output, staging: Path, checkpoint: Checkpoint) -> ProductRecord:
    path = staging / output.name
    if output.kind in ("zip", "file"):
        if output.kind == "zip":
            try:
                with open(path, "wb") as handle:  # streamed: media never sit in memory
                    write_deterministic_zip(output.files, handle)
            except OSError as exc:
                if exc.filename is None:  # a failed write() names no file: say which it was
                    exc.filename = str(path)
                raise
        else:
            _write_file(path, output.files[output.name])
        checkpoint(f"staged {output.name}")
        return file_record(path, output.kind)
    for name in sorted(output.files):
        file_path = path / name
        file_path.parent.mkdir(parents=True, exist_ok=True)
        _write_file(file_path, output.files[name])
    token = new_token()
    (path / FOLDER_MARKER).write_bytes(marker_text(token))
    checkpoint(f"staged {output.name}")
    return folder_record(token)


def _write_file(path: Path, data: bytes | DiskFile) -> None:
    if isinstance(data, DiskFile):
        shutil.copyfile(data.path, path)  # in kernel-sized chunks, not through memory
    else:
        path.write_bytes(data)


def carry_over(out: Path, new: Path, skip: set[str], checkpoint: Checkpoint) -> None:
    """Put into `new` everything in `out` this build does not replace, so nothing is lost.

    Files (and anything that is not a folder) are hard links to the same data, symlinks are
    recreated, folders are recreated with their mode, times and extended attributes. Raises
    `SwapUnavailable` when something cannot be carried over exactly (a folder of another
    owner, a filesystem without hard links): the journaled switch then leaves it in place.
    """
    for entry in sorted(os.scandir(out), key=lambda entry: entry.name):
        if entry.name not in skip:
            _carry(Path(entry.path), new / entry.name)
            checkpoint(f"carried over {entry.name}")


def _carry(source: Path, target: Path) -> None:
    try:
        info = os.lstat(source)
        if stat.S_ISLNK(info.st_mode):
            os.symlink(os.readlink(source), target)
        elif stat.S_ISDIR(info.st_mode):
            if info.st_uid != os.geteuid():
                raise SwapUnavailable(f"{source} belongs to another user")
            target.mkdir(mode=0o700)
            for name in sorted(os.listdir(source)):
                _carry(source / name, target / name)
            shutil.copystat(source, target, follow_symlinks=False)
        else:
            os.link(source, target, follow_symlinks=False)
    except OSError as exc:
        if exc.errno in _CANNOT_CARRY:
            raise SwapUnavailable(f"{source}: {exc.strerror}") from None
        raise


_HELD_SIGNALS = {
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
}


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold back Ctrl-C and `kill` while the build switches; they act right after."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not (
        threading.main_thread()
    ):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def keep_late_changes(old: Path, new: Path, skip: set[str]) -> None:
    """After the swap, move into the new build what appeared in --out while it was built.

    The carry-over saw --out as it was before staging; a file the author added or replaced
    (a new inode) since is still only in the old tree, which is about to be deleted.
    """
    for entry in sorted(os.scandir(old), key=lambda entry: entry.name):
        if entry.name not in skip:
            with suppress(OSError):  # best effort: the swap is done, this only saves late edits
                _keep_late(Path(entry.path), new / entry.name)


def _keep_late(old: Path, new: Path) -> None:
    before = os.lstat(old)
    try:
        now = os.lstat(new)
    except FileNotFoundError:
        os.rename(old, new)
        return
    if stat.S_ISDIR(before.st_mode) and stat.S_ISDIR(now.st_mode):
        for name in sorted(os.listdir(old)):
            _keep_late(old / name, new / name)
        return
    if stat.S_ISLNK(before.st_mode) and stat.S_ISLNK(now.st_mode):
        if os.readlink(old) == os.readlink(new):
            return
    elif (before.st_dev, before.st_ino) == (now.st_dev, now.st_ino):
        return  # the hard link the carry-over made: the same file
    remove_tree(new)
    os.rename(old, new)
