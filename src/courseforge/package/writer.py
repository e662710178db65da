"""The one place that writes build products to disk, only after the whole build succeeded.

How a build reaches the output folder (`--out`, `dist/` by default) so that, whenever the
process is killed (SIGINT, SIGTERM, SIGKILL, at any instant), `dist/` holds either the complete
old build or the complete new one, and the next build leaves no leftovers:

1. Take an exclusive lock on the folder that holds `dist/` (not on `dist/` itself: that folder
   is swapped for another below). Then clean up after killed builds: remove the work folders
   beside `dist/` that are provably ours (`staging.py`) and finish an interrupted fallback
   switch (`journal.py`). Then check that every path the build will replace is a product
   courseforge wrote (`ownership.py`); anything else is an `OutputError`, nothing is written.
2. Build the complete new `dist/` beside it, in `.dist.courseforge-work-<random>/new/`: every
   product, then everything else `dist/` holds (the author's files, products of targets not
   built this time) as hard links and recreated folders, then the record
   `.courseforge-build.json`, then `dist/`'s own mode and times. A kill or a failure here
   (permission denied, disk full: one `OutputError` line) leaves `dist/` untouched.
3. Swap the two folders in one system call, `renameat2(RENAME_EXCHANGE)` (`exchange.py`); when
   `dist/` does not exist yet, a plain rename. This is the commit point, and it is atomic: no
   instant exists at which `dist/` is a mix.
4. Move into the new `dist/` anything the author added to the old one during steps 2-3, then
   delete the work folder, which now holds the old build. A kill here leaves that folder; the
   next build removes it (step 1).

`--out` given as a symlink is resolved: the folder it points to is swapped, the link stays.
A process whose working directory is inside `dist/` keeps the old, deleted folder after a swap
(as with any atomic deploy); the build itself never swaps its own working directory.

Fallback (`journal.py`): where the swap is not possible — no `renameat2` or no
RENAME_EXCHANGE (not Linux, glibc < 2.28, a filesystem or bind mount answering EINVAL, ENOSYS or
EXDEV), `dist/` is a mount point, belongs to another user or holds the working directory, or
something in it cannot be carried over exactly (a folder of another owner, no hard links) —
products are staged inside `dist/` and renamed in one by one after a journal commits to them.
Ctrl-C and `kill` still leave one complete build, but a SIGKILL or a power cut during those
renames leaves `dist/` mixed until the next build, which first completes the switch.

SIGINT, SIGTERM and SIGHUP are held back from the commit point to the end of the switch. Files
are not fsync'ed: after a power cut the swap is atomic, but the new build's bytes may be lost.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from courseforge.errors import OutputError, display_path
from courseforge.package import exchange
from courseforge.package.exchange import SwapUnavailable
from courseforge.package.journal import (
    WORK_DIR,
    cause_of,
    finish_interrupted_switch,
    write_journaled,
)
from courseforge.package.output import Output
from courseforge.package.ownership import (
    RECORD_FILE,
    ProductRecord,
    is_ours,
    read_record,
    record_text,
    refuse,
)
from courseforge.package.staging import (
    NEW_TREE,
    carry_over,
    is_work_name,
    keep_late_changes,
    new_work_folder,
    remove_leftover_work_folders,
    remove_work_folder,
    signals_held,
    stage,
)

__all__ = ["WORK_DIR", "OutputWriter", "describe_os_error", "finish_interrupted_switch"]

# Tests set this to stop the process at a named step of the write phase (crash-safety tests).
CHECKPOINT: Callable[[str], None] | None = None


def _checkpoint(step: str) -> None:
    if CHECKPOINT is not None:
        CHECKPOINT(step)


class OutputWriter:
    """Writes outputs into a folder; the whole set appears together, or the old set stays."""

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        # Output name → seconds spent making and staging its bytes, measured by the last write.
        self.staging_seconds: dict[str, float] = {}

    def write(self, outputs: Iterable[Output]) -> list[Path]:
        """Build the new output folder beside the old one, then swap them in one step.

        Raises:
            OutputError: a path in the way is not courseforge's, or the filesystem refused
                (read-only, no space, a file where a folder should be); one line naming the path.
        """
        outputs = list(outputs)
        out = self._resolve()
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            with _locked(out.parent if out.parent != out else out):
                self._write(out, outputs)
        except OSError as exc:
            raise OutputError(describe_os_error(exc, self.out_dir, out)) from None
        return [self.out_dir / output.name for output in outputs]

    def _resolve(self) -> Path:
        """The real output folder: a symlinked --out is built where it points."""
        for shown in (self.out_dir, Path(os.path.realpath(self.out_dir))):
            blocker = _file_in_the_way(shown)
            if blocker is not None:
                raise OutputError(
                    f"{display_path(self.out_dir)}: cannot create the output folder: "
                    f"{display_path(blocker)} is a file, not a folder"
                )
        return Path(os.path.realpath(self.out_dir))

    def _write(self, out: Path, outputs: list[Output]) -> None:
        exists = out.is_dir()
        if exists:
            finish_interrupted_switch(out)
        remove_leftover_work_folders(out)
        record = {
            name: entry
            for name, entry in (read_record(out) if exists else {}).items()
            if (out / name).exists() or (out / name).is_symlink()
        }
        for output in outputs:
            destination = out / output.name
            in_the_way = destination.exists() or destination.is_symlink()
            if in_the_way and not is_ours(destination, record.get(output.name)):
                raise refuse(destination)
        if _can_swap(out):
            try:
                _write_swapped(out, outputs, record, self.staging_seconds)
                return
            except SwapUnavailable:
                pass  # nothing changed: switch product by product instead
        write_journaled(out, outputs, record, _checkpoint, self.staging_seconds)
        _checkpoint("done")


def _write_swapped(
    out: Path,
    outputs: list[Output],
    record: dict[str, ProductRecord],
    seconds: dict[str, float],
) -> None:
    """Steps 2-4 of the module docstring."""
    exists = out.is_dir()
    try:
        work = new_work_folder(out)
    except PermissionError as exc:  # the parent is not ours to write; --out may still be
        if exists:
            raise SwapUnavailable(str(exc)) from None
        raise
    new = work / NEW_TREE
    replaced = {output.name for output in outputs} | {RECORD_FILE, WORK_DIR}
    try:
        staged = {output.name: stage(output, new, _checkpoint, seconds) for output in outputs}
        if exists:
            carry_over(out, new, replaced, _checkpoint)
        (new / RECORD_FILE).write_bytes(record_text(record | staged))
        if exists:
            shutil.copystat(out, new, follow_symlinks=False)
        _checkpoint("record")
        with signals_held():
            if exists:
                exchange.exchange(new, out)
            else:
                exchange.move_to_new_name(new, out)
            _checkpoint("switched")
            if exists:
                keep_late_changes(new, out, replaced)
            remove_work_folder(work)
            _checkpoint("old build removed")
    except BaseException:
        remove_work_folder(work)  # the unfinished new build (or, after the swap, the old one)
        raise
    _checkpoint("done")


def _can_swap(out: Path) -> bool:
    """Whether the new folder can replace `out` in one step, keeping what `out` is."""
    if not out.exists():
        return True  # a plain rename creates it in one step, on every system
    if not exchange.available():
        return False
    here, parent = os.stat(out), os.stat(out.parent)
    if here.st_dev != parent.st_dev or here.st_uid != os.geteuid():
        return False  # a mount point, or a folder whose owner a new folder could not keep
    with suppress(OSError):
        cwd = Path(os.getcwd())
        if cwd == out or out in cwd.parents:
            return False  # swapping it would strand the working directory in the old build
    return True


def _file_in_the_way(folder: Path) -> Path | None:
    """Return the nearest existing ancestor-or-self of `folder` that is not a folder."""
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            return None if candidate.is_dir() else candidate
    return None


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on the folder holding --out, so two builds never switch at once."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no flock
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def describe_os_error(exc: OSError, out_dir: Path, real_out: Path | None = None) -> str:
    """One line for a filesystem failure: the path, the cause, and that nothing changed."""
    where = Path(exc.filename) if exc.filename else out_dir
    if real_out is not None:
        where = _as_shown(where, out_dir, real_out)
    return (
        f"{display_path(where)}: cannot write the build: {cause_of(exc)}; "
        f"{display_path(out_dir)} was left as it was"
    )


def _as_shown(path: Path, out_dir: Path, real_out: Path) -> Path:
    """Name a path of the work folder (or of a symlinked --out) as the author knows it."""
    try:
        parts = path.relative_to(real_out.parent).parts
    except ValueError:
        return path
    if parts and is_work_name(parts[0], real_out):
        return out_dir.joinpath(*parts[2:])  # <work>/new/<x> is what becomes --out/<x>
    if parts and parts[0] == real_out.name:
        if parts[1:3] == (WORK_DIR, NEW_TREE):  # the journaled switch stages inside --out
            return out_dir.joinpath(*parts[3:])
        return out_dir.joinpath(*parts[1:])
    return path
