"""The web target: a folder to open or host, a zip of the same files, and a small runtime."""

from __future__ import annotations

import gzip
import zipfile
from pathlib import Path

import pytest

from courseforge.build import build

REPO = Path(__file__).resolve().parents[2]
RUNTIME_BUDGET_GZIP = 25 * 1024  # bytes of runtime JS + CSS after gzip -9


def folder_files(folder: Path) -> dict[str, bytes]:
    """The site's files, without the marker that proves courseforge wrote the folder."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file() and path.name != ".courseforge-output"
    }


def test_web_target_writes_a_folder_and_a_zip_of_the_same_files(tmp_path):
    result = build(REPO / "course", tmp_path, ["web"])

    folder = tmp_path / "ai-engineering-architect-web"
    assert sorted(output.path.name for output in result.outputs) == [
        "ai-engineering-architect-web",
        "ai-engineering-architect-web.zip",
    ]
    files = folder_files(folder)
    page_ids = [page.id for page in result.course.pages()]
    assert sorted(files) == sorted(
        [
            "index.html",
            "runtime/adapters/local.js",
            "runtime/courseforge.css",
            "runtime/courseforge.js",
            *(f"pages/{page_id}.js" for page_id in page_ids),
            *(f"pages/{page_id}.html" for page_id in page_ids),
        ]
    )
    with zipfile.ZipFile(tmp_path / "ai-engineering-architect-web.zip") as archive:
        assert {name: archive.read(name) for name in archive.namelist()} == files
    assert b'<script src="runtime/adapters/local.js"></script>' in files["index.html"]


@pytest.mark.parametrize("target", ["web", "scorm12", "scorm2004", "xapi", "cmi5"])
def test_runtime_js_and_css_stay_under_25_kb_gzipped(tmp_path, target):
    """Every package's runtime (core + its adapter) fits the budget; xAPI/cmi5 carry the most."""
    build(REPO / "course", tmp_path, [target])
    with zipfile.ZipFile(next(tmp_path.glob(f"*-{target}.zip"))) as archive:
        shipped = [archive.read(n) for n in sorted(archive.namelist()) if n.startswith("runtime/")]
    sources = b"".join(shipped)

    compressed = sum(len(gzip.compress(data, compresslevel=9)) for data in shipped)

    assert compressed <= RUNTIME_BUDGET_GZIP, f"{compressed} bytes gzipped, {len(sources)} raw"
