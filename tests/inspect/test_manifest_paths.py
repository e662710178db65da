"""How inspect reads the places a manifest names: hrefs against xml:base, and parse failures.

Unit cases of `package_path`, the one resolver every rule uses to tell a file in the package
from an external URL or nothing at all, and of the fallbacks that keep `inspect` from a
traceback when lxml fails in a way no byte sequence has triggered yet.
"""

from __future__ import annotations

import pytest
from lxml import etree

from courseforge.inspect import manifest_xml, rules
from courseforge.inspect.manifest_xml import ManifestSyntaxError, package_path, parse_manifest
from courseforge.standards.findings import Finding


@pytest.mark.parametrize(
    ("base", "href", "expected"),
    [
        ("", "index.html", "index.html"),
        ("", "shared/a.css?v=2#top", "shared/a.css"),
        ("content/", "page.html", "content/page.html"),
        ("content/index.html", "page.html", "content/page.html"),
        ("content", "page.html", "page.html"),  # no slash: "content" is a file, its folder is ""
        ("a//", "page.html", "a/page.html"),
        ("/", "shared/launch.html", None),  # host-relative: outside the package
        ("a/b/", "../c.html", "a/c.html"),
        ("", "../outside.html", "../outside.html"),
        ("", "a%20b.html", "a b.html"),
        ("", "https://example.com/x.html", None),
        ("https://example.com/", "x.html", None),
        ("", "#top", None),
        ("", ".", None),  # the package root names no file
        ("", "./", None),
        ("a/", "..", None),
    ],
)
def test_hrefs_resolve_to_a_path_in_the_package_or_none(base, href, expected):
    assert package_path(base, href) == expected


def test_an_lxml_failure_that_is_no_syntax_error_is_still_a_located_problem(monkeypatch):
    def fail(data, parser):
        raise etree.LxmlError("internal failure")

    monkeypatch.setattr(manifest_xml.etree, "fromstring", fail)
    with pytest.raises(ManifestSyntaxError) as raised:
        parse_manifest(b"<manifest/>", "imsmanifest.xml")
    problem = raised.value.problem
    assert problem.rule == rules.XML_MALFORMED.id
    assert problem.message == "imsmanifest.xml cannot be parsed: internal failure"
    assert problem.where == "imsmanifest.xml"


def test_a_finding_about_the_whole_document_points_at_the_file_without_a_line():
    whole, lined = Finding("xml-malformed", 0, "empty"), Finding("xml-malformed", 7, "bad")
    assert [p.where for p in rules.problems_of([whole, lined], "cmi5.xml")] == [
        "cmi5.xml",
        "cmi5.xml:7",
    ]
