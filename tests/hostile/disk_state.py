"""What an output folder holds, for comparing builds byte for byte."""

from __future__ import annotations

import hashlib
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


def leftovers(out: Path) -> list[str]:
    """Anything in the output folder that is neither a recorded product nor the record."""
    record = read_record(out)
    return sorted(p.name for p in out.iterdir() if p.name not in record and p.name != RECORD_FILE)


def record_matches_disk(out: Path) -> bool:
    """Every product on disk is listed in the record and is exactly what the record says."""
    record = read_record(out)
    names = {p.name for p in out.iterdir()} - {RECORD_FILE, WORK_DIR}
    return names <= set(record) and all(is_ours(out / name, record[name]) for name in names)
