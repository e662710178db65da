"""The one place that writes build products to disk, only after the whole build succeeded."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from courseforge.package.output import Output


class OutputWriter:
    """Writes outputs into a folder; each one appears whole or not at all."""

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)

    def write(self, outputs: Iterable[Output]) -> list[Path]:
        """Stage every output next to its destination, then move them all into place."""
        outputs = list(outputs)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".courseforge-", dir=self.out_dir))
        try:
            staged = [
                (self._stage(output, staging), self.out_dir / output.name) for output in outputs
            ]
            for source, destination in staged:
                self._replace(source, destination)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return [self.out_dir / output.name for output in outputs]

    def _stage(self, output: Output, staging: Path) -> Path:
        path = staging / output.name
        if output.kind == "zip":
            path.write_bytes(output.data())
            return path
        for name in sorted(output.files):
            file_path = path / name
            file_path.parent.mkdir(parents=True, exist_ok=True)
            file_path.write_bytes(output.files[name])
        return path

    @staticmethod
    def _replace(source: Path, destination: Path) -> None:
        if destination.is_dir() and not destination.is_symlink():
            old = destination.with_name(f".{destination.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(destination, old)
            os.replace(source, destination)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(source, destination)
