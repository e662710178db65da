"""Build a SCORM package and read it back, for the scorm12 and scorm2004 target tests."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from courseforge.build import build


def build_zip(course_dir: Path, out: Path, target: str) -> Path:
    (output,) = build(course_dir, out, [target]).outputs
    return output.path


def read_package(path: Path) -> tuple[dict[str, bytes], etree._Element]:
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    return files, etree.fromstring(files["imsmanifest.xml"])
