"""Every package states the course's BCP 47 tag where its standard has a place for it."""

from __future__ import annotations

import zipfile

from lxml import etree
from tests.loader.course_factory import COURSE_YAML, write_course

from courseforge.build import build
from courseforge.inspect import inspect_package

TAG = "zh-Hant-TW"


def test_manifests_and_pages_carry_the_course_language(tmp_path):
    course = write_course(tmp_path, **{"course.yaml": COURSE_YAML + f"language: {TAG}\n"})
    result = build(course, tmp_path / "dist", ["scorm2004", "xapi", "cmi5", "scorm12"])
    zips = {o.target: o.path for o in result.outputs if o.path.suffix == ".zip"}
    for target, path in zips.items():
        report = inspect_package(path, expect="any", name=path.name)
        assert report.ok, (target, [str(p) for p in report.problems])
        with zipfile.ZipFile(path) as package:
            page = package.read("index.html").decode("utf-8")
            assert f'<html lang="{TAG}" dir="ltr">' in page, target
            if target == "scorm2004":
                manifest = etree.fromstring(package.read("imsmanifest.xml"))
                lom = {"lom": "http://ltsc.ieee.org/xsd/LOM"}
                assert manifest.xpath("//lom:general/lom:language/text()", namespaces=lom) == [TAG]
                assert manifest.xpath("//lom:title/lom:string/@language", namespaces=lom) == [TAG]
            if target == "xapi":
                tincan = etree.fromstring(package.read("tincan.xml"))
                langs = {e.get("lang") for e in tincan.iter() if e.get("lang") is not None}
                assert langs == {TAG}
            if target == "cmi5":
                structure = etree.fromstring(package.read("cmi5.xml"))
                langs = {e.get("lang") for e in structure.iter() if e.tag.endswith("langstring")}
                assert langs == {TAG}
