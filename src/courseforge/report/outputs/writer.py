"""The one place report files are written: all or nothing, each through a temporary file."""

from __future__ import annotations

import os
from pathlib import Path

from courseforge.errors import display_path
from courseforge.report.errors import ReportError


def write_outputs(out_dir: Path, files: dict[str, str]) -> list[Path]:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for name, text in files.items():
            target = out_dir / name
            temporary = target.with_name(f".{name}.part")
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, target)
            written.append(target)
        return written
    except OSError as exc:
        raise ReportError(
            f"{display_path(out_dir)}: cannot write the report: {exc.strerror or exc}"
        ) from None
