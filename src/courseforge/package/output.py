"""What a target produces, held in memory until the whole build has succeeded."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from courseforge.package.zip import deterministic_zip


@dataclass(frozen=True)
class Output:
    """One build product: a zip, a single file or a folder, named relative to the output folder.

    A single file (`kind="file"`) holds its bytes as the one entry of `files`, under `name`.
    """

    name: str
    files: dict[str, bytes]
    kind: Literal["zip", "file", "folder"] = "zip"
    target: str = ""

    def data(self) -> bytes:
        """Return the bytes written for a zip or a single file (not for a folder)."""
        if self.kind == "file":
            return self.files[self.name]
        return deterministic_zip(self.files)
