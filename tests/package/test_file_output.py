"""Single-file products (the question banks' .xml and .gift): written whole by the one writer,
recorded by their bytes, replaced on a rebuild, and never over a file courseforge did not write."""

from __future__ import annotations

import json

import pytest
from tests.targets.question_bank_courses import hostile_questions, write_course

from courseforge.build import build
from courseforge.errors import OutputError
from courseforge.package import OutputWriter
from courseforge.package.output import Output
from courseforge.package.ownership import RECORD_FILE, is_ours, read_record

PRODUCTS = ("nasty-questions.xml", "nasty-questions.gift")


def snapshot(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_a_file_output_is_written_whole_and_recorded_by_its_bytes(tmp_path):
    data = b"<quiz/>\n"
    (path,) = OutputWriter(tmp_path).write([Output("q.xml", {"q.xml": data}, kind="file")])
    assert path.read_bytes() == data
    record = read_record(tmp_path)["q.xml"]
    assert (record.kind, record.size) == ("file", len(data))
    assert is_ours(path, record)
    assert json.loads((tmp_path / RECORD_FILE).read_text())["products"]["q.xml"]["kind"] == "file"
    assert sorted(p.name for p in tmp_path.iterdir()) == [RECORD_FILE, "q.xml"]


def test_a_rebuild_replaces_the_files_it_wrote(tmp_path):
    course = write_course(tmp_path / "c", hostile_questions())
    out = tmp_path / "dist"
    first = build(course, out, ["moodle-xml", "gift"])
    assert [o.path.name for o in first.outputs] == list(PRODUCTS)
    assert [o.files for o in first.outputs] == [1, 1]
    before = snapshot(out)
    build(course, out, ["moodle-xml", "gift"])
    assert snapshot(out) == before
    record = read_record(out)
    assert all(is_ours(out / name, record[name]) for name in PRODUCTS)


@pytest.mark.parametrize("how", ["foreign", "edited", "symlink"])
def test_a_file_courseforge_did_not_write_is_refused(tmp_path, how):
    course = write_course(tmp_path / "c", hostile_questions())
    out = tmp_path / "dist"
    if how == "foreign":
        out.mkdir()
        (out / PRODUCTS[0]).write_text("a teacher's own bank")
    else:
        build(course, out, ["moodle-xml", "gift"])
        if how == "edited":
            with open(out / PRODUCTS[0], "a", encoding="utf-8") as handle:
                handle.write("<!-- edited -->")
        else:
            (out / PRODUCTS[0]).unlink()
            (out / PRODUCTS[0]).symlink_to(tmp_path / "c" / "course.yaml")
    before = snapshot(out)
    with pytest.raises(OutputError, match=f"{PRODUCTS[0]}: a file courseforge did not write"):
        build(course, out, ["moodle-xml", "gift"])
    assert snapshot(out) == before
