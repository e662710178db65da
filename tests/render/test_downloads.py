"""Downloads: a course file a lesson links to is packaged, listed, and shown with type and size."""

from __future__ import annotations

import json
import zipfile

import lxml.html
from click.testing import CliRunner
from lxml import etree
from tests.loader.course_factory import write_course

from courseforge.build import build
from courseforge.cli import main
from courseforge.render.markdown_html import human_size

LESSON = """\
---
id: hello
title: Hello
---
Get [the checklist](files/checklist.pdf) and [the data](data/scores%202024.csv).
"""
KINDS = {
    "web": "web",
    "scorm12": "scorm12",
    "scorm2004": "scorm2004",
    "xapi": "tincan",
    "cmi5": "cmi5",
}


def test_linked_files_are_in_every_package_listed_and_labelled(tmp_path):
    course = write_course(tmp_path, **{"modules/intro/hello.md": LESSON})
    (course / "modules/intro/files").mkdir()
    (course / "modules/intro/files/checklist.pdf").write_bytes(b"%PDF-1.4\n" + b"x" * 1391)
    (course / "modules/intro/data").mkdir()
    (course / "modules/intro/data/scores 2024.csv").write_text("a,b\n1,2\n")
    result = build(course, tmp_path / "dist", list(KINDS))
    zips = {o.target: o.path for o in result.outputs}

    pdf, csv = (
        "content/modules/intro/files/checklist.pdf",
        "content/modules/intro/data/scores 2024.csv",
    )
    for target, path in zips.items():
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            assert {pdf, csv} <= names, target
            if target.startswith("scorm"):
                manifest = etree.fromstring(archive.read("imsmanifest.xml"))
                listed = {f.get("href") for f in manifest.iter("{*}file")}
                assert {pdf, csv} <= listed, target
            page = lxml.html.fromstring(archive.read("index.html"))
        report = json.loads(
            CliRunner()
            .invoke(main, ["inspect", "--json", "--expect", KINDS[target], str(path)])
            .stdout
        )
        assert report["problems"] == [], target

    (checklist, data) = page.xpath("//section[@id='page-hello']//a[@class='cf-download']")
    assert checklist.get("href") == "content/modules/intro/files/checklist.pdf"
    assert checklist.get("target") == "_blank"  # the LMS frame stays on the course
    assert checklist.xpath("string(span[@class='cf-download-meta'])") == " (PDF, 1.4 KB)"
    assert data.xpath("string(span[@class='cf-download-meta'])") == " (CSV, 8 bytes)"


def test_sizes_read_as_learners_expect():
    assert [human_size(n) for n in (0, 1, 999, 1000, 14_499, 999_499, 999_600, 3_400_000)] == [
        "0 bytes",
        "1 byte",
        "999 bytes",
        "1.0 KB",
        "14 KB",
        "999 KB",
        "1.0 MB",
        "3.4 MB",
    ]
