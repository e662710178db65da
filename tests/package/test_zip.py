"""Deterministic, safe zips."""

from __future__ import annotations

import io
import random
import zipfile
import zlib

import pytest

from courseforge.package import Output, OutputWriter, deterministic_zip
from courseforge.package.zip import zip_timestamp

FILES = {"b.txt": b"bee", "a/index.html": b"<p>hi</p>" * 50, "img.png": b"\x89PNG..."}


def test_same_files_give_identical_bytes_whatever_the_order():
    reordered = dict(reversed(list(FILES.items())))
    assert deterministic_zip(FILES) == deterministic_zip(reordered)


def test_entries_are_sorted_with_fixed_time_and_mode(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    archive = zipfile.ZipFile(io.BytesIO(deterministic_zip(FILES)))
    infos = archive.infolist()
    assert [i.filename for i in infos] == ["a/index.html", "b.txt", "img.png"]
    assert {i.date_time for i in infos} == {(2023, 11, 14, 22, 13, 20)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    assert {i.create_system for i in infos} == {3}  # unix: unzip applies the mode bits
    assert infos[0].compress_type == zipfile.ZIP_DEFLATED
    assert infos[2].compress_type == zipfile.ZIP_STORED


def test_source_date_epoch_changes_the_bytes(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    default = deterministic_zip(FILES)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert deterministic_zip(FILES) != default


@pytest.mark.parametrize("name", ["/etc/passwd", "../up.txt", "a/../../b", "a\\b.txt", "C:/x", ""])
def test_unsafe_names_are_refused(name):
    with pytest.raises(ValueError, match="unsafe zip entry name"):
        deterministic_zip({name: b"x"})


def test_writer_replaces_outputs_whole(tmp_path):
    writer = OutputWriter(tmp_path)
    writer.write([Output("site", {"index.html": b"1", "old.txt": b"x"}, kind="folder")])
    writer.write([Output("site", {"index.html": b"2"}, kind="folder"), Output("p.zip", FILES)])
    # The folder keeps only the new files and the marker that proves courseforge wrote it.
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == [
        ".courseforge-output",
        "index.html",
    ]
    assert (tmp_path / "site/index.html").read_bytes() == b"2"
    assert zipfile.ZipFile(tmp_path / "p.zip").namelist() == sorted(FILES)
    # No staging leftovers: the build record is the only hidden file in the output folder.
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [
        ".courseforge-build.json"
    ]


def test_the_timestamp_is_the_six_fields_a_zip_entry_holds(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert zip_timestamp() == (1980, 1, 1, 0, 0, 0)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1")  # before 1980: a zip cannot say it
    assert zip_timestamp() == (1980, 1, 1, 0, 0, 0)


def test_text_is_deflated_at_level_6_and_the_rest_stored():
    # Levels 6 and 7 give different streams for this text: the level is part of the bytes.
    rng = random.Random(1)
    text = " ".join(f"page{rng.randint(0, 999)}" for _ in range(40000)).encode()
    level6 = zlib.compressobj(6, zlib.DEFLATED, -15)
    expected = level6.compress(text) + level6.flush()

    data = deterministic_zip({"index.html": text, "photo.png": text})

    archive = zipfile.ZipFile(io.BytesIO(data))
    html, png = archive.getinfo("index.html"), archive.getinfo("photo.png")
    raw = data[html.header_offset :]
    start = 30 + int.from_bytes(raw[26:28], "little") + int.from_bytes(raw[28:30], "little")
    assert raw[start : start + html.compress_size] == expected
    assert png.compress_type == zipfile.ZIP_STORED and png.compress_size == len(text)
