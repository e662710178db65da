"""What a target produces, held in memory until the whole build has succeeded."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from courseforge.package.zip import deterministic_zip


@dataclass(frozen=True)
class Output:
    """One build product: a zip file or a folder, named relative to the output folder."""

    name: str
    files: dict[str, bytes]
    kind: Literal["zip", "folder"] = "zip"
    target: str = ""

    def data(self) -> bytes:
        """Return the zip bytes (zip outputs only)."""
        return deterministic_zip(self.files)
