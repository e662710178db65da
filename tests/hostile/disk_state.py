"""What an output folder holds, for comparing builds byte for byte."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from courseforge.package.ownership import FOLDER_MARKER, RECORD_FILE, is_ours, read_record
from courseforge.package.writer import WORK_DIR


def products(out: Path) -> dict[str, str]:
    """Every product file → its SHA-256, leaving out the per-build marker tokens and record."""
    found = {}
    for path in sorted(out.rglob("*")):
        relative = path.relative_to(out).as_posix()
        if relative.startswith(WORK_DIR) or path.name in (RECORD_FILE, FOLDER_MARKER):
            continue
        if path.is_file():
            found[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def exact_state(out: Path) -> dict[str, tuple[object, ...]]:
    """Every path in the folder, the folder itself included: kind, mode and bytes or target."""
    found: dict[str, tuple[object, ...]] = {}
    for root, folders, files in os.walk(out):
        for name in [".", *folders, *files]:
            path = Path(root) / name
            info = os.lstat(path)
            key = path.relative_to(out).as_posix()
            mode = stat.S_IMODE(info.st_mode)
            if stat.S_ISLNK(info.st_mode):
                found[key] = ("link", os.readlink(path))
            elif stat.S_ISDIR(info.st_mode):
                found[key] = ("folder", mode)
            else:
                found[key] = ("file", mode, hashlib.sha256(path.read_bytes()).hexdigest())
    return found


def beside(out: Path) -> list[str]:
    """Work folders (ours or not) a build into `out` may leave next to it."""
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def leftovers(out: Path, authors: frozenset[str] = frozenset()) -> list[str]:
    """Anything in the output folder that is neither a recorded product, the record, nor in
    `authors` (what the author keeps there)."""
    record = read_record(out)
    return sorted(
        p.name
        for p in out.iterdir()
        if p.name not in record and p.name != RECORD_FILE and p.name not in authors
    )


def record_matches_disk(out: Path, authors: frozenset[str] = frozenset()) -> bool:
    """Every product on disk is listed in the record and is exactly what the record says."""
    record = read_record(out)
    names = {p.name for p in out.iterdir()} - {RECORD_FILE, WORK_DIR} - authors
    return names <= set(record) and all(is_ours(out / name, record[name]) for name in names)
