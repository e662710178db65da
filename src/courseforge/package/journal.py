"""The fallback switch, for where the output folder cannot be swapped in one step.

Used when `renameat2(RENAME_EXCHANGE)` is missing (not Linux, old C library, a filesystem or a
bind mount that refuses it), when --out is a mount point, belongs to another user or holds the
working directory, or when something in it cannot be carried over exactly (see `writer.py`).

1. Stage every product in `.courseforge-work/new/` inside the output folder. A kill here
   leaves the old build untouched; the next build deletes the work folder.
2. Write `.courseforge-work/journal.json` (write + rename: whole or not at all). This is the
   commit point: from here on the new build is the one that counts.
3. Rename each staged product over its destination (a replaced folder goes to
   `.courseforge-work/old/` first), write the record, delete the journal and the work folder.

A SIGKILL or a power cut during step 3 leaves the folder part old, part new until the next
build: before anything else it redoes the renames the journal lists (`finish_interrupted_switch`),
so the folder becomes the complete new build. SIGINT, SIGTERM and SIGHUP are held back from the
commit point to the end of step 3, so they always leave one complete build.
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

from courseforge.errors import OutputError, display_path
from courseforge.package.output import Output
from courseforge.package.ownership import RECORD_FILE, ProductRecord, record_text, refuse
from courseforge.package.staging import Checkpoint, remove_work_folder, signals_held, stage

WORK_DIR = ".courseforge-work"
WORK_MARKER = ".courseforge-work"  # inside WORK_DIR: proves it ours; staging names it alike
JOURNAL = "journal.json"
JOURNAL_FORMAT = 1


def write_journaled(
    out: Path,
    outputs: list[Output],
    record: dict[str, ProductRecord],
    checkpoint: Checkpoint,
    seconds: dict[str, float] | None = None,
) -> None:
    """Stage inside `out`, commit with the journal, then rename product by product."""
    work = _new_work_dir(out)
    committed = False
    try:
        staged = {
            output.name: stage(output, work / "new", checkpoint, seconds) for output in outputs
        }
        journal = {
            "format": JOURNAL_FORMAT,
            "products": [output.name for output in outputs],
            "record": record_text(record | staged).decode(),
        }
        with signals_held():
            _write_whole(work / JOURNAL, json.dumps(journal).encode(), work / "journal.tmp")
            committed = True
            checkpoint("journal")
            _switch(out, work, journal["products"], checkpoint)
            _write_whole(out / RECORD_FILE, journal["record"].encode(), work / "record.tmp")
            checkpoint("record")
            (work / JOURNAL).unlink()
            checkpoint("journal removed")
    except OSError as exc:
        if not committed:
            _remove_work(work)
            raise
        # The journal stays: the next build completes the switch before anything else.
        raise OutputError(
            f"{display_path(Path(exc.filename or out))}: the switch to the new build "
            f"stopped: {cause_of(exc)}; the next build into {display_path(out)} completes it"
        ) from None
    except BaseException:  # Ctrl-C held back until the switch ended lands here
        if not committed or not (work / JOURNAL).exists():
            _remove_work(work)
        raise
    _remove_work(work)


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
        with signals_held():
            _switch(out_dir, work, products, lambda _step: None)
            _write_whole(out_dir / RECORD_FILE, record.encode(), work / "record.tmp")
            journal_path.unlink()
    _remove_work(work)


def _switch(out: Path, work: Path, names: list[str], checkpoint: Checkpoint) -> None:
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
                checkpoint(f"moved aside {name}")
            os.rename(new, destination)
        else:
            os.replace(new, destination)
        checkpoint(f"switched {name}")


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
    # Read-only folders in a replaced product included; the marker last, so a folder left
    # half-removed is still recognisably ours and never blocks the next build.
    remove_work_folder(work)


def _write_whole(path: Path, data: bytes, temporary: Path) -> None:
    temporary.write_bytes(data)
    os.replace(temporary, path)


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


def cause_of(exc: OSError) -> str:
    """The reason of a filesystem failure, in words."""
    return _CAUSES.get(exc.errno or 0, (exc.strerror or str(exc)).lower())
