"""Read a package zip in memory: entry names, sizes and control files. Nothing touches disk."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from courseforge.inspect import entry_checks, rules
from courseforge.inspect.report import Problem, SizeByType

# Control files are small; a bigger one is a zip bomb or not a manifest at all.
MAX_CONTROL_FILE = 16 * 1024 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")


class UnreadablePackage(Exception):
    """The file is not a zip archive we can list (or one too big to list)."""

    def __init__(self, message: str, rule: rules.Rule = rules.ZIP_INVALID):
        super().__init__(message)
        self.rule = rule


def declared_entry_count(source: Path | str | BinaryIO) -> int | None:
    """Read the entry count from the end-of-central-directory record, before listing anything.

    zipfile lists the whole central directory at once; this keeps a zip that claims millions
    of entries from being listed at all.
    """
    try:
        if isinstance(source, (str, Path)):
            with open(source, "rb") as file:
                record = zipfile._EndRecData(file)  # the same reader zipfile itself uses
        else:
            position = source.tell()
            record = zipfile._EndRecData(source)
            source.seek(position)
    except Exception:  # noqa: BLE001 - unreadable here means ZipFile reports it next
        return None
    return None if record is None else record[zipfile._ECD_ENTRIES_TOTAL]


def unsafe_name_reason(name: str) -> str | None:
    """Return why an entry name could escape the folder it is unpacked into, or None."""
    if "\0" in name:
        return "contains a NUL character"
    if "\\" in name:
        return "contains a backslash (a folder separator on Windows)"
    if name.startswith("/"):
        return "is an absolute path"
    if _DRIVE.match(name):
        return "starts with a drive letter"
    if ".." in name.split("/"):
        return "contains a `..` segment"
    return None


@dataclass(frozen=True)
class ControlFile:
    """A manifest read from the zip, or the reason it could not be read (the caller knows its name)."""

    data: bytes | None
    problem: Problem | None = None
    unreadable: str = ""  # why the entry could not be unpacked (reported by zip-entry-corrupt)


class PackageReader:
    """A zip package opened for reading only: never extracted, every name checked first."""

    data_checked = False  # set by data_problems: it read every entry (not in a zip too large)

    def __init__(self, source: Path | str | BinaryIO):
        self.source = source
        entries = declared_entry_count(source)
        if entries is not None and entries > entry_checks.MAX_ENTRIES:
            raise UnreadablePackage(
                f"the zip declares {entries:,} entries, more than {entry_checks.MAX_ENTRIES:,}; "
                "not read",
                rules.ZIP_TOO_LARGE,
            )
        try:
            self._zip = zipfile.ZipFile(source)
            infos = self._zip.infolist()
        except Exception as exc:  # noqa: BLE001 - any byte sequence: a finding, never a crash
            raise UnreadablePackage(f"not a readable zip archive: {exc}") from exc
        self.all_infos = infos
        # Not ZipInfo.is_dir(): it raises IndexError on an empty name.
        self.infos = [info for info in infos if not info.filename.endswith("/")]
        self.names = [info.orig_filename for info in self.infos]

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> PackageReader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def name_problems(self) -> list[Problem]:
        """Report unsafe and duplicate entry names."""
        problems = []
        for info in self._zip.infolist():
            reason = unsafe_name_reason(info.orig_filename)
            if reason:
                problems.append(
                    rules.ZIP_UNSAFE_NAME.problem(
                        f"entry name {info.orig_filename!r} {reason}; unpacking this zip could "
                        "write outside its folder",
                        info.orig_filename,
                    )
                )
        for name, count in sorted(Counter(self.names).items()):
            if count > 1:
                problems.append(
                    rules.ZIP_DUPLICATE_NAME.problem(
                        f"{count} entries are named {name!r}; which one an LMS "
                        "unpacks is undefined",
                        name,
                    )
                )
        names = [info.orig_filename for info in self.all_infos]
        problems += entry_checks.case_collision_problems(names)
        problems += entry_checks.name_character_problems(names)
        problems += entry_checks.symlink_problems(self.all_infos)
        return problems

    def data_problems(self) -> list[Problem]:
        """Read every entry through its CRC-32 check, unless the zip unpacks too large."""
        too_large = entry_checks.size_problem(self.infos)
        if too_large:
            return [too_large]
        self.data_checked = True
        return entry_checks.corrupt_entry_problems(self._zip, self.infos)

    def safe_names(self) -> set[str]:
        """Return the file names an LMS could unpack in place."""
        return {name for name in self.names if unsafe_name_reason(name) is None}

    def at_root(self, name: str) -> bool:
        return name in self.names

    def find_elsewhere(self, name: str) -> list[str]:
        """Return entries named `name` in any letter case, or in a subfolder (not at the root)."""
        lowered = name.lower()
        return sorted(
            entry
            for entry in self.names
            if entry != name and PurePosixPath(entry).name.lower() == lowered
        )

    def read_control_file(self, name: str) -> ControlFile:
        """Read one manifest into memory, refusing oversized or unreadable entries."""
        info = self._zip.getinfo(name)
        if info.file_size > MAX_CONTROL_FILE:
            return ControlFile(
                None,
                rules.XML_MALFORMED.problem(
                    f"{name} is {info.file_size:,} bytes, larger than any real manifest "
                    f"({MAX_CONTROL_FILE:,}); not read",
                    name,
                ),
            )
        try:
            with self._zip.open(info) as entry:
                # zipfile returns no more than the central directory's file_size (checked above)
                # and fails the CRC-32 when the data holds more: a lying size is a corrupt entry.
                data = entry.read()
        except Exception as exc:  # noqa: BLE001 - corrupt deflate data (zlib.error) included
            # zip-entry-corrupt reports the entry itself; the manifest is just not read.
            return ControlFile(None, None, unreadable=f"{type(exc).__name__}: {exc}")
        return ControlFile(data)

    def sizes_by_type(self) -> list[SizeByType]:
        """Return file count and bytes per extension, biggest first."""
        totals: dict[str, list[int]] = {}
        for info in self.infos:
            suffix = PurePosixPath(info.orig_filename).suffix.lower() or "(none)"
            row = totals.setdefault(suffix, [0, 0, 0])
            row[0] += 1
            row[1] += info.file_size
            row[2] += info.compress_size
        rows = [SizeByType(ext, *values) for ext, values in totals.items()]
        return sorted(rows, key=lambda row: (-row.size, row.extension))
