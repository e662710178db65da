"""Read a package zip in memory: entry names, sizes and control files. Nothing touches disk."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from courseforge.inspect import rules
from courseforge.inspect.report import Problem, SizeByType

# Control files are small; a bigger one is a zip bomb or not a manifest at all.
MAX_CONTROL_FILE = 16 * 1024 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")


class UnreadablePackage(Exception):
    """The file is not a zip archive we can list."""


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
    """A manifest read from the zip, or the reason it could not be read."""

    name: str
    data: bytes | None
    problem: Problem | None = None


class PackageReader:
    """A zip package opened for reading only: never extracted, every name checked first."""

    def __init__(self, source: Path | str | BinaryIO):
        self.source = source
        try:
            self._zip = zipfile.ZipFile(source)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise UnreadablePackage(f"not a readable zip archive: {exc}") from exc
        self.infos = [info for info in infos if not info.is_dir()]
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
                        f"{count} entries are named {name!r}; which one an LMS unpacks is undefined",
                        name,
                    )
                )
        return problems

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
                name,
                None,
                rules.XML_MALFORMED.problem(
                    f"{name} is {info.file_size:,} bytes, larger than any real manifest "
                    f"({MAX_CONTROL_FILE:,}); not read",
                    name,
                ),
            )
        try:
            with self._zip.open(info) as entry:
                # Read one byte past the limit: the header's size can lie.
                data = entry.read(MAX_CONTROL_FILE + 1)
        except (zipfile.BadZipFile, RuntimeError, OSError, EOFError, ValueError) as exc:
            return ControlFile(
                name, None, rules.ZIP_INVALID.problem(f"cannot read {name}: {exc}", name)
            )
        if len(data) > MAX_CONTROL_FILE:
            return ControlFile(
                name,
                None,
                rules.XML_MALFORMED.problem(
                    f"{name} unpacks to more than {MAX_CONTROL_FILE:,} bytes", name
                ),
            )
        return ControlFile(name, data)

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
