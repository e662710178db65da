"""The writer's smaller promises: late symlink edits, the timings the build reads, products
read back whole, and a failing path named as the author knows it.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import tracemalloc
from pathlib import Path

import pytest

import courseforge.package.staging as staging
import courseforge.package.writer as writer
from courseforge.errors import OutputError
from courseforge.package import Output, OutputWriter, exchange
from courseforge.package.output import DiskFile, file_bytes
from courseforge.package.ownership import (
    FOLDER_MARKER,
    RECORD_FILE,
    file_record,
    is_ours,
    read_record,
)
from courseforge.package.writer import describe_os_error
from courseforge.package.zip import deterministic_zip


def _outputs(version: bytes) -> list[Output]:
    return [Output("site", {"index.html": version}, kind="folder"), Output("site.zip", {"a": b"1"})]


@pytest.fixture
def out(tmp_path) -> Path:
    folder = tmp_path / "parent" / "dist"
    OutputWriter(folder).write(_outputs(b"old"))
    return folder


def _during_the_build(monkeypatch, edit) -> None:
    def checkpoint(step: str) -> None:
        if step == "record":  # after the carry-over, before the swap
            edit()

    monkeypatch.setattr(writer, "CHECKPOINT", checkpoint)


def test_a_symlink_the_author_repointed_during_the_build_is_kept(out, monkeypatch):
    (out / "current").symlink_to("notes-v1.txt")

    def repoint() -> None:
        (out / "current").unlink()
        (out / "current").symlink_to("notes-v2.txt")

    _during_the_build(monkeypatch, repoint)
    OutputWriter(out).write(_outputs(b"new"))
    assert os.readlink(out / "current") == "notes-v2.txt"


def test_a_file_the_author_replaced_by_a_symlink_during_the_build_is_kept(out, monkeypatch):
    (out / "notes.txt").write_text("a copy")

    def link() -> None:
        (out / "notes.txt").unlink()
        (out / "notes.txt").symlink_to("/srv/shared/notes.txt")

    _during_the_build(monkeypatch, link)
    OutputWriter(out).write(_outputs(b"new"))
    assert os.readlink(out / "notes.txt") == "/srv/shared/notes.txt"


@pytest.mark.parametrize("swap", [True, False], ids=["swap", "journaled"])
def test_each_product_has_its_staging_time_for_the_build_summary(out, monkeypatch, swap):
    if not swap:
        monkeypatch.setattr(exchange, "renameat2", None)
    written = OutputWriter(out)
    written.write(_outputs(b"new"))
    # build.py adds these to each product's line: one for every product, on either path
    assert sorted(written.staging_seconds) == ["site", "site.zip"]
    assert all(seconds >= 0 for seconds in written.staging_seconds.values())


def test_a_product_reads_back_whole_from_memory_or_disk(tmp_path):
    video = tmp_path / "clip.mp4"
    video.write_bytes(b"\0" * 1000)
    on_disk = DiskFile.of(video)
    assert file_bytes(on_disk) == video.read_bytes() and file_bytes(b"x") == b"x"
    single = Output("notes.txt", {"notes.txt": on_disk}, kind="file")
    assert single.data() == video.read_bytes()
    package = Output("course.zip", {"clip.mp4": on_disk, "index.html": b"<p>"})
    assert package.data() == deterministic_zip({"clip.mp4": on_disk, "index.html": b"<p>"})
    folder = Output("site", {"clip.mp4": on_disk, "index.html": b"<p>"}, kind="folder")
    assert folder.content_size() == 1003  # what the course-size warning adds up


def test_disk_full_while_staging_names_the_file_as_it_will_be_in_out(out, monkeypatch):
    def full(path: Path, data) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(staging, "_write_file", full)
    with pytest.raises(OutputError) as caught:
        OutputWriter(out).write(_outputs(b"new"))
    assert str(caught.value) == (
        f"{out}/site/index.html: cannot write the build: no space left on device; "
        f"{out} was left as it was"
    )
    assert (out / "site/index.html").read_bytes() == b"old"


def test_a_failure_on_the_folder_holding_out_names_that_folder(tmp_path):
    parent = tmp_path / "parent"
    failure = OSError(errno.EACCES, "Permission denied", str(parent))
    assert describe_os_error(failure, parent / "dist", parent / "dist") == (
        f"{parent}: cannot write the build: permission denied; {parent}/dist was left as it was"
    )
    beside = OSError(errno.EACCES, "Permission denied", str(parent / "other/file"))
    assert describe_os_error(beside, parent / "dist", parent / "dist").startswith(
        f"{parent}/other/file: "
    )


def test_each_folder_product_carries_its_records_token(out):
    record = json.loads((out / RECORD_FILE).read_text(encoding="utf-8"))
    marker = json.loads((out / "site" / FOLDER_MARKER).read_text(encoding="utf-8"))
    assert record["products"]["site"] == {"kind": "folder", "token": marker["token"]}
    assert marker == {"courseforge": 1, "token": record["products"]["site"]["token"]}
    data = (out / "site.zip").read_bytes()  # README: a zip by its size and SHA-256
    assert record["products"]["site.zip"] == {
        "kind": "zip",
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def test_a_folder_whose_marker_names_another_build_is_refused(out, tmp_path):
    other = tmp_path / "other"
    OutputWriter(other).write(_outputs(b"theirs"))
    shutil.rmtree(out / "site")
    shutil.copytree(other / "site", out / "site")  # a folder product, but not this record's
    with pytest.raises(OutputError, match="a folder courseforge did not write is in the way"):
        OutputWriter(out).write(_outputs(b"new"))
    assert (out / "site/index.html").read_bytes() == b"theirs"


def test_removing_what_is_already_gone_is_no_error(tmp_path):
    staging.remove_tree(tmp_path / "gone")  # a leftover's entry another clean-up removed
    staging.remove_work_folder(tmp_path / "gone too")


def test_checking_a_big_zip_is_ours_reads_it_in_chunks(out):
    """The record hashes each zip, and a rebuild hashes it again to prove it is ours: a 16 MB
    one is recognised, and never held whole."""
    big = out / "site.zip"
    big.write_bytes(os.urandom(16 << 20))
    tracemalloc.start()
    try:
        record = file_record(big)  # what the record says of a zip just staged
        assert record.size == 16 << 20
        assert is_ours(big, record)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 << 20  # a 1 MiB chunk at a time


def test_an_authors_folder_where_a_product_was_is_refused_and_kept(out):
    shutil.rmtree(out / "site")
    (out / "site").mkdir()  # the record still lists "site": the author's own folder now
    (out / "site/draft.html").write_text("mine")
    with pytest.raises(OutputError, match="a folder courseforge did not write is in the way"):
        OutputWriter(out).write(_outputs(b"new"))
    assert (out / "site/draft.html").read_text() == "mine"


def test_a_marker_that_is_a_symlink_proves_nothing(out, tmp_path):
    copy = tmp_path / "marker-copy"
    copy.write_bytes((out / "site" / FOLDER_MARKER).read_bytes())  # the right text, elsewhere
    (out / "site" / FOLDER_MARKER).unlink()
    (out / "site" / FOLDER_MARKER).symlink_to(copy)
    with pytest.raises(OutputError, match="a folder courseforge did not write is in the way"):
        OutputWriter(out).write(_outputs(b"new"))
    assert (out / "site/index.html").read_bytes() == b"old"


def test_a_record_that_is_a_symlink_is_refused_in_words(out, tmp_path):
    elsewhere = tmp_path / "record-copy.json"
    elsewhere.write_bytes((out / RECORD_FILE).read_bytes())  # a valid record, linked in
    (out / RECORD_FILE).unlink()
    (out / RECORD_FILE).symlink_to(elsewhere)
    with pytest.raises(OutputError) as caught:
        OutputWriter(out).write(_outputs(b"new"))
    assert str(caught.value) == (
        f"{out}/{RECORD_FILE}: not a courseforge build record (not a regular file); "
        "delete it only if nothing else in this folder matters"
    )
    assert (out / "site/index.html").read_bytes() == b"old"


@pytest.mark.parametrize(("size", "read"), [(1_000_000, True), (1_000_001, False)])
def test_a_record_is_read_up_to_a_million_bytes(out, size, read):
    text = (out / RECORD_FILE).read_bytes().rstrip(b"\n")
    (out / RECORD_FILE).write_bytes(text + b" " * (size - len(text)))  # still valid JSON
    if read:
        assert sorted(read_record(out)) == ["site", "site.zip"]
    else:
        with pytest.raises(OutputError, match=r"not a courseforge build record \(too large\)"):
            read_record(out)


def test_a_record_of_another_format_is_refused_in_words(out):
    record = json.loads((out / RECORD_FILE).read_text(encoding="utf-8"))
    (out / RECORD_FILE).write_text(json.dumps({**record, "format": 2}), encoding="utf-8")
    with pytest.raises(OutputError, match=r"not a courseforge build record \(unknown format\);"):
        OutputWriter(out).write(_outputs(b"new"))


def test_the_unfinished_build_beside_out_is_private_to_its_user(out, monkeypatch):
    modes = []

    def look(step: str) -> None:
        if step == "record":  # staged, not yet swapped
            (work,) = [p for p in out.parent.iterdir() if p.name != out.name]
            modes.append(work.stat().st_mode & 0o777)

    monkeypatch.setattr(writer, "CHECKPOINT", look)
    OutputWriter(out).write(_outputs(b"new"))
    assert modes == [0o700]


def test_a_failed_write_of_a_zip_names_the_zip_as_it_will_be_in_out(out, monkeypatch):
    def full(files, handle) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")  # write() names no file

    monkeypatch.setattr(staging, "write_deterministic_zip", full)
    with pytest.raises(OutputError) as caught:
        OutputWriter(out).write(_outputs(b"new"))
    assert str(caught.value) == (
        f"{out}/site.zip: cannot write the build: no space left on device; {out} was left as it was"
    )


@pytest.mark.skipif(os.geteuid() != 0, reason="needs to give the folder to another user")
def test_an_out_folder_of_another_owner_keeps_its_owner(out, monkeypatch):
    os.chown(out, 12345, 12345)
    inode = out.stat().st_ino
    steps: list[str] = []
    monkeypatch.setattr(writer, "CHECKPOINT", steps.append)
    OutputWriter(out).write(_outputs(b"new"))
    assert "journal" in steps  # a swapped-in folder would belong to whoever builds
    assert (out.stat().st_ino, out.stat().st_uid) == (inode, 12345)
    assert (out / "site/index.html").read_bytes() == b"new"


def test_a_build_from_a_deleted_working_folder_still_writes(out, tmp_path, monkeypatch):
    gone = tmp_path / "was-here"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()  # a terminal left in a folder since removed
    OutputWriter(out).write(_outputs(b"new"))
    assert (out / "site/index.html").read_bytes() == b"new"
