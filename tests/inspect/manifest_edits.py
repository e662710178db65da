"""Helpers of the manifest-finding tables: edit one file of a foreign package, read the report."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from inspect_packages import (
    cmi5_files,
    scorm12_files,
    scorm2004_files,
    tincan_files,
    zip_bytes,
)

from courseforge.cli import main

REREAD = (
    "LMS parsers expand or fetch these differently (or read local files through them), "
    "so it was not read further"
)
NO_SCO_OR_ASSET = "the schema skips unknown attributes, so this passes XSD but LMSs cannot tell a SCO from an asset"


def inspect_json(tmp_path: Path, files: dict[str, bytes], *options: str) -> tuple[int, dict]:
    path = tmp_path / "package.zip"
    path.write_bytes(zip_bytes(files))
    result = CliRunner().invoke(
        main, ["inspect", "--json", *options, str(path)], catch_exceptions=False
    )
    return result.exit_code, json.loads(result.stdout)


def edited(
    files: dict[str, bytes], name: str, old: str, new: str, times: int = 1
) -> dict[str, bytes]:
    text = files[name].decode()
    assert text.count(old) == times, old
    return {**files, name: text.replace(old, new).encode()}


def without(files: dict[str, bytes], name: str) -> dict[str, bytes]:
    return {key: value for key, value in files.items() if key != name}


def at(files: dict[str, bytes], name: str, fragment: str) -> str:
    """Return `name:LINE` of the first line of `name` holding `fragment`."""
    lines = files[name].decode().splitlines()
    return f"{name}:{next(n for n, line in enumerate(lines, 1) if fragment in line)}"


M = "imsmanifest.xml"


def scorm12(old: str, new: str) -> dict[str, bytes]:
    return edited(scorm12_files(), M, old, new)


def scorm2004(old: str, new: str) -> dict[str, bytes]:
    return edited(scorm2004_files(), M, old, new)


def cmi5(old: str, new: str) -> dict[str, bytes]:
    return edited(cmi5_files(), "cmi5.xml", old, new)


def tincan(old: str, new: str) -> dict[str, bytes]:
    return edited(tincan_files(), "tincan.xml", old, new)


AU = "https://example.com/courses/foreign/au1"
GOLF = "https://example.com/courses/golf"
