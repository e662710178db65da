"""The one place that writes build products to disk, only after the whole build succeeded.

How a build reaches the output folder (`--out`), so that a kill at any instant loses nothing:

1. Under an exclusive lock on the output folder, finish any switch a killed build left behind
   (see 4), then check that every path the build will replace is a product courseforge wrote
   (`ownership.py`); anything else is an `OutputError` and nothing is written.
2. Stage every product in `.courseforge-work/new/` inside the output folder (same filesystem, so
   the moves below are renames). A kill here leaves the old build untouched; the next build
   deletes the work folder.
3. Write `.courseforge-work/journal.json` (write + rename: it exists whole or not at all). This
   is the commit point: from here on the new build is the one that counts.
4. Rename each staged product over its destination (a replaced folder goes to
   `.courseforge-work/old/` first), write the record, delete the journal, delete the work folder.
   A kill during these renames leaves the journal; the next build (step 1) redoes the renames
   that had not happened, so the folder becomes the complete new build before anything else.

SIGINT, SIGTERM and SIGHUP are held back from the commit point to the end of step 4, so Ctrl-C
and `kill` always leave one complete build; only SIGKILL or a power cut can stop step 4, and
the next build finishes it. (Files are not fsync'ed: a power cut may lose the new build's bytes.)
"""

from __future__ import annotations

import errno
import json
import os
import secrets
import shutil
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from courseforge.errors import OutputError, display_path
from courseforge.package.output import Output
from courseforge.package.ownership import (
    FOLDER_MARKER,
    RECORD_FILE,
    ProductRecord,
    folder_record,
    is_ours,
    marker_text,
    read_record,
    record_text,
    refuse,
    zip_record,
)

WORK_DIR = ".courseforge-work"
WORK_MARKER = ".courseforge-work"  # inside WORK_DIR: proves the work folder is ours
JOURNAL = "journal.json"
JOURNAL_FORMAT = 1

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
        """Stage every output next to its destination, then switch them all into place.

        Raises:
            OutputError: a path in the way is not courseforge's, or the filesystem refused
                (read-only, no space, a file where a folder should be); one line naming the path.
        """
        outputs = list(outputs)
        created = not self.out_dir.exists()
        try:
            self._make_out_dir()
            with _locked(self.out_dir):
                return self._write(outputs)
        except OSError as exc:
            raise OutputError(describe_os_error(exc, self.out_dir)) from None
        finally:
            if created:
                _remove_if_empty(self.out_dir)

    def _make_out_dir(self) -> None:
        blocker = _file_in_the_way(self.out_dir)
        if blocker is not None:
            raise OutputError(
                f"{display_path(self.out_dir)}: cannot create the output folder: "
                f"{display_path(blocker)} is a file, not a folder"
            )
        self.out_dir.mkdir(parents=True, exist_ok=True)

    def _write(self, outputs: list[Output]) -> list[Path]:
        out = self.out_dir
        finish_interrupted_switch(out)
        record = {
            name: entry
            for name, entry in read_record(out).items()
            if (out / name).exists() or (out / name).is_symlink()
        }
        for output in outputs:
            destination = out / output.name
            in_the_way = destination.exists() or destination.is_symlink()
            if in_the_way and not is_ours(destination, record.get(output.name)):
                raise refuse(destination)
        work = _new_work_dir(out)
        committed = False
        try:
            staged = {output.name: self._stage_timed(output, work / "new") for output in outputs}
            journal = {
                "format": JOURNAL_FORMAT,
                "products": [output.name for output in outputs],
                "record": record_text(record | staged).decode(),
            }
            with _signals_held():
                _write_whole(work / JOURNAL, json.dumps(journal).encode(), work / "journal.tmp")
                committed = True
                _checkpoint("journal")
                _switch(out, work, journal["products"])
                _write_whole(out / RECORD_FILE, journal["record"].encode(), work / "record.tmp")
                _checkpoint("record")
                (work / JOURNAL).unlink()
                _checkpoint("journal removed")
        except OSError as exc:
            if not committed:
                _remove_work(work)
                raise
            # The journal stays: the next build completes the switch before anything else.
            raise OutputError(
                f"{display_path(Path(exc.filename or out))}: the switch to the new build "
                f"stopped: {_cause(exc)}; the next build into {display_path(out)} completes it"
            ) from None
        except BaseException:  # Ctrl-C held back until the switch ended lands here
            if not committed or not (work / JOURNAL).exists():
                _remove_work(work)
            raise
        _remove_work(work)
        _checkpoint("done")
        return [out / output.name for output in outputs]

    def _stage_timed(self, output: Output, staging: Path) -> ProductRecord:
        started = time.perf_counter()
        record = _stage(output, staging)
        self.staging_seconds[output.name] = time.perf_counter() - started
        return record


def finish_interrupted_switch(out_dir: Path) -> None:
    """Complete a switch a killed build committed to, or discard one it had not; no leftovers."""
    work = out_dir / WORK_DIR
    if not work.exists() and not work.is_symlink():
        return
    if not _is_our_work(work):
        raise refuse(work)
    journal_path = work / JOURNAL
    if journal_path.is_file():
        try:
            journal = json.loads(journal_path.read_text(encoding="utf-8"))
            products = [str(name) for name in journal["products"]]
            record = str(journal["record"])
        except (ValueError, KeyError, TypeError) as exc:
            raise OutputError(
                f"{display_path(journal_path)}: unreadable build journal ({exc}); "
                f"delete {display_path(work)} and build again"
            ) from None
        with _signals_held():
            _switch(out_dir, work, products)
            _write_whole(out_dir / RECORD_FILE, record.encode(), work / "record.tmp")
            journal_path.unlink()
    _remove_work(work)


def _switch(out: Path, work: Path, names: list[str]) -> None:
    """Rename every staged product over its destination; safe to run again after a kill."""
    for name in names:
        new = work / "new" / name
        if not new.exists():
            continue  # moved already (a resumed switch)
        destination = out / name
        if new.is_dir():
            if destination.exists() or destination.is_symlink():
                old = work / "old" / name
                old.parent.mkdir(exist_ok=True)
                os.rename(destination, old)
                _checkpoint(f"moved aside {name}")
            os.rename(new, destination)
        else:
            os.replace(new, destination)
        _checkpoint(f"switched {name}")


def _stage(output: Output, staging: Path) -> ProductRecord:
    path = staging / output.name
    if output.kind in ("zip", "file"):
        data = output.data()
        path.write_bytes(data)
        _checkpoint(f"staged {output.name}")
        return zip_record(data, output.kind)
    for name in sorted(output.files):
        file_path = path / name
        file_path.parent.mkdir(parents=True, exist_ok=True)
        file_path.write_bytes(output.files[name])
    token = secrets.token_hex(16)
    (path / FOLDER_MARKER).write_bytes(marker_text(token))
    _checkpoint(f"staged {output.name}")
    return folder_record(token)


def _new_work_dir(out: Path) -> Path:
    work = out / WORK_DIR
    work.mkdir()
    (work / WORK_MARKER).write_text("courseforge build in progress\n", encoding="utf-8")
    (work / "new").mkdir()
    return work


def _is_our_work(work: Path) -> bool:
    if work.is_symlink() or not work.is_dir():
        return False
    marker = work / WORK_MARKER
    return (marker.is_file() and not marker.is_symlink()) or not any(work.iterdir())


def _remove_work(work: Path) -> None:
    shutil.rmtree(work, ignore_errors=True)


def _remove_if_empty(folder: Path) -> None:
    with suppress(OSError):  # not empty, or gone: either way not ours to remove
        folder.rmdir()


def _write_whole(path: Path, data: bytes, temporary: Path) -> None:
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _file_in_the_way(folder: Path) -> Path | None:
    """Return the nearest existing ancestor-or-self of `folder` that is not a folder."""
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            return None if candidate.is_dir() else candidate
    return None


@contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output folder, so two builds never switch at once."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no flock
        yield
        return
    fd = os.open(out_dir, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


_HELD_SIGNALS = {
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
}


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold back Ctrl-C and `kill` while the products switch; they act right after."""
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


_CAUSES = {
    errno.ENOSPC: "no space left on device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.ENOTDIR: "a file is where a folder should be",
    errno.EEXIST: "a file is where a folder should be",
    errno.ENAMETOOLONG: "file name too long",
}


def describe_os_error(exc: OSError, out_dir: Path) -> str:
    """One line for a filesystem failure: the path, the cause, and that nothing changed."""
    where = Path(exc.filename) if exc.filename else out_dir
    return (
        f"{display_path(where)}: cannot write the build: {_cause(exc)}; "
        f"{display_path(out_dir)} was left as it was"
    )


def _cause(exc: OSError) -> str:
    return _CAUSES.get(exc.errno or 0, (exc.strerror or str(exc)).lower())
