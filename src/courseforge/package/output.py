"""What a target produces, held until the whole build has succeeded.

Small files (pages, manifests, the runtime) are bytes in memory; course files (media,
downloads, images) are `DiskFile`s, copied from the course folder only when a product is
written, so a 500 MB video never sits in the process's memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Union

from courseforge.package.zip import deterministic_zip


@dataclass(frozen=True)
class DiskFile:
    """A file packaged from disk as it is when the product is written (streamed, never held)."""

    path: Path
    size: int  # when the build read the course; the zip records what it actually copied

    @classmethod
    def of(cls, path: Path) -> DiskFile:
        return cls(path, path.stat().st_size)

    def read_bytes(self) -> bytes:
        """Return the whole file (for small readers only: tests, the preview's server)."""
        return self.path.read_bytes()


FileData = Union[bytes, DiskFile]  # noqa: UP007 - a runtime alias, read on Python 3.11


def file_size(data: FileData) -> int:
    """Return a packaged file's size without reading a DiskFile."""
    return data.size if isinstance(data, DiskFile) else len(data)


def file_bytes(data: FileData) -> bytes:
    """Return a packaged file's bytes (reads a DiskFile whole: only for small files)."""
    return data.read_bytes() if isinstance(data, DiskFile) else data


@dataclass(frozen=True)
class Output:
    """One build product: a zip, a single file or a folder, named relative to the output folder.

    A single file (`kind="file"`) holds its bytes as the one entry of `files`, under `name`.
    """

    name: str
    files: dict[str, FileData]
    kind: Literal["zip", "file", "folder"] = "zip"
    target: str = ""

    def data(self) -> bytes:
        """Return the bytes written for a zip or a single file, in memory (not for a folder).

        The writer streams instead (`package.staging`); this is for the preview and tests.
        """
        if self.kind == "file":
            return file_bytes(self.files[self.name])
        return deterministic_zip(self.files)

    def content_size(self) -> int:
        """Return the total size of the product's files, before any compression."""
        return sum(file_size(data) for data in self.files.values())
