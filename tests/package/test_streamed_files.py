"""Course files are streamed from disk into packages: same bytes as in memory, media stored."""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile

import pytest

from courseforge.package import Output, OutputWriter, deterministic_zip
from courseforge.package.output import DiskFile
from courseforge.package.ownership import RECORD_FILE
from courseforge.package.size import package_size_warning

MEDIA = ("talk.mp4", "talk.webm", "song.mp3", "song.m4a", "song.ogg", "a.jpg", "a.png", "a.pdf")


@pytest.fixture
def disk_files(tmp_path) -> dict[str, DiskFile]:
    files = {}
    for index, name in enumerate(("index.html", "notes.txt", *MEDIA)):
        path = tmp_path / "course" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(os.urandom(50_000) if name in MEDIA else b"<p>text</p>" * (index + 100))
        files[f"content/{name}"] = DiskFile.of(path)
    return files


def test_a_zip_streamed_from_disk_has_the_bytes_of_one_made_in_memory(disk_files):
    in_memory = {name: data.read_bytes() for name, data in disk_files.items()}
    assert deterministic_zip(disk_files) == deterministic_zip(in_memory)


def test_already_compressed_media_are_stored_text_is_deflated(disk_files):
    archive = zipfile.ZipFile(io.BytesIO(deterministic_zip(disk_files)))
    kinds = {
        info.filename.removeprefix("content/"): info.compress_type for info in archive.infolist()
    }
    assert {name for name, kind in kinds.items() if kind == zipfile.ZIP_STORED} == set(MEDIA)
    assert kinds["index.html"] == kinds["notes.txt"] == zipfile.ZIP_DEFLATED
    assert archive.testzip() is None


def test_the_writer_streams_zips_and_folders_and_records_the_written_bytes(tmp_path, disk_files):
    out = tmp_path / "dist"
    OutputWriter(out).write(
        [
            Output("pkg.zip", disk_files, kind="zip"),
            Output("site", {**disk_files, "index.html": b"<p>page</p>"}, kind="folder"),
        ]
    )
    data = (out / "pkg.zip").read_bytes()
    assert data == deterministic_zip(disk_files)
    record = json.loads((out / RECORD_FILE).read_text())["products"]["pkg.zip"]
    assert record == {"kind": "zip", "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    for name, source in disk_files.items():
        assert (out / "site" / name).read_bytes() == source.read_bytes()


def test_a_package_over_the_limit_names_its_largest_files():
    files = {
        "index.html": b"x" * 10,
        "content/big.mp4": b"\0" * 1_500_000,
        "content/b.mp3": b"\0" * 600_000,
    }
    warning = package_size_warning(Output("c-scorm12.zip", files), limit_mb=2)
    assert warning == (
        "c-scorm12.zip holds 2.1 MB of files, over the 2 MB set by package_size_limit_mb in "
        "course.yaml (LMS upload limits); largest: content/big.mp4 (1.5 MB), "
        "content/b.mp3 (600 KB), index.html (10 bytes)"
    )
    assert package_size_warning(Output("c-scorm12.zip", files), limit_mb=3) is None
    assert package_size_warning(Output("c-web", files, kind="folder"), limit_mb=1) is None
