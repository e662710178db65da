"""Checks over every zip entry: names LMSs or file systems mishandle, links, and corrupt data.

The data check streams each entry through zipfile's CRC-32 check in fixed-size chunks, so memory
stays bounded whatever an entry claims to hold; the total it will read is capped up front from
the sizes the central directory declares (zipfile never reads past an entry's declared size).
"""

from __future__ import annotations

import stat
import zipfile
from collections import defaultdict

from courseforge.inspect import rules
from courseforge.inspect.printable import NAME_CONTROL, escape_char, printable
from courseforge.inspect.report import Problem

# Beyond these, the zip is reported and its data left unread: no LMS package comes close, and
# they bound the time and memory `inspect` may spend on a hostile zip.
MAX_ENTRIES = 50_000
MAX_UNPACKED_BYTES = 2 * 1024**3
CHUNK = 1024 * 1024


def is_symlink(info: zipfile.ZipInfo) -> bool:
    """Return True when the entry's Unix mode (high 16 bits of external_attr) is a symlink."""
    return stat.S_ISLNK(info.external_attr >> 16)


def symlink_problems(infos: list[zipfile.ZipInfo]) -> list[Problem]:
    return [
        rules.ZIP_SYMLINK.problem(
            f"entry {info.orig_filename!r} is a symbolic link; an LMS that unpacks "
            "it with its mode could serve any file of its server in its place",
            info.orig_filename,
        )
        for info in infos
        if is_symlink(info)
    ]


def case_collision_problems(names: list[str]) -> list[Problem]:
    """Report names that differ only in letter case: one replaces the other on Windows/macOS."""
    groups: dict[str, set[str]] = defaultdict(set)
    for name in names:
        groups[name.casefold()].add(name)
    problems = []
    for group in sorted(groups.values(), key=sorted):
        if len(group) > 1:
            shown = ", ".join(repr(name) for name in sorted(group))
            problems.append(
                rules.ZIP_CASE_COLLISION.problem(
                    f"entries {shown} differ only in letter case; unpacked on a case-insensitive "
                    "file system (Windows, macOS) one replaces the other",
                    sorted(group)[0],
                )
            )
    return problems


def name_character_problems(names: list[str]) -> list[Problem]:
    """Report names holding control or bidi characters (NUL is zip-unsafe-name's)."""
    problems = []
    for name in sorted(set(names)):
        found = sorted({char for char in NAME_CONTROL.findall(name) if char != "\0"})
        if found:
            listed = ", ".join(escape_char(char) for char in found)
            problems.append(
                rules.ZIP_NAME_CHARACTERS.problem(
                    f"entry name {name!r} contains {listed}: control characters and "
                    "bidi overrides make a name display as something else",
                    name,
                )
            )
    return problems


def size_problem(infos: list[zipfile.ZipInfo]) -> Problem | None:
    declared = sum(info.file_size for info in infos)
    if declared <= MAX_UNPACKED_BYTES:
        return None
    return rules.ZIP_TOO_LARGE.problem(
        f"the entries declare {declared:,} bytes unpacked, more than {MAX_UNPACKED_BYTES:,}; "
        "their data was not checked"
    )


def corrupt_entry_problems(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> list[Problem]:
    """Read every entry through to its end (CRC-32 checked by zipfile), one chunk at a time."""
    problems = []
    for info in infos:
        reason = _read_through(archive, info)
        if reason:
            problems.append(corrupt_entry_problem(info.orig_filename, reason))
    return problems


def corrupt_entry_problem(name: str, reason: str) -> Problem:
    return rules.ZIP_ENTRY_CORRUPT.problem(
        f"entry {name!r} cannot be unpacked: {printable(reason)}", name
    )


def _read_through(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str | None:
    unpacked = 0
    try:
        with archive.open(info) as entry:
            while chunk := entry.read(CHUNK):
                unpacked += len(chunk)
    except Exception as exc:  # noqa: BLE001 - any failure to unpack is the finding itself
        return f"{type(exc).__name__}: {exc}"
    # zipfile stops at the declared size but not short of it: data ending early passes its CRC.
    if unpacked != info.file_size:
        return f"it holds {unpacked:,} bytes, but the zip declares {info.file_size:,}"
    return None
