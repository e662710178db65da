"""Findings about the zip itself and what kind of package it is, word for word.

Each case is a zip with one fault; the test reads `inspect --json` and asserts every problem the
admin gets (rule, `where`, exact message) and the exit code. Zip-level rules and the package-kind
rules of inspector.py: entry names, links, corrupt or oversized data, misplaced or misnamed
manifests of every format, the --expect verdicts, and a bug in a check.
"""

from __future__ import annotations

import io

import pytest
from hostile_zips import (
    break_deflate_stream,
    claim_unpacked_size,
    deflated_zip,
)
from inspect_packages import (
    cmi5_files,
    qti21_files,
    scorm12_files,
    tincan_files,
    zip_bytes,
)
from zip_entry_cases import (
    CLEAN,
    ENTRY_CASES,
    WEB,
    inspect_json,
)
from zip_kind_cases import KIND_CASES

from courseforge.inspect import expectations, inspect_package, rules
from courseforge.inspect.entry_checks import MAX_UNPACKED_BYTES

CASES = {**ENTRY_CASES, **KIND_CASES}


@pytest.mark.parametrize("case", CASES)
def test_each_zip_fault_is_reported_in_these_words_at_this_place(tmp_path, case):
    package, options, exit_code, expected = CASES[case]
    assert inspect_json(tmp_path, package, *options) == (exit_code, expected)


def test_a_manifest_the_data_check_skipped_says_why_it_cannot_be_read(tmp_path):
    """A zip too large to check still has its manifest read: a corrupt one is named, not lost."""
    for files, control in (
        (scorm12_files(), "imsmanifest.xml"),
        (cmi5_files(), "cmi5.xml"),
        (tincan_files(), "tincan.xml"),
    ):
        broken = break_deflate_stream(deflated_zip(files), control)
        big = next(name for name in files if name != control)
        package = claim_unpacked_size(broken, big, MAX_UNPACKED_BYTES + 1)
        code, problems = inspect_json(tmp_path, package)
        assert code == 1
        assert [problem[:2] for problem in problems] == [
            ("zip-too-large", ""),
            ("zip-entry-corrupt", control),
        ]
        assert problems[1][2] == (
            f"entry {control!r} cannot be unpacked: error: Error -3 while decompressing data: "
            "invalid block type"
        )


def test_a_qti_item_the_data_check_skipped_says_why_it_cannot_be_read(tmp_path):
    broken = break_deflate_stream(deflated_zip(qti21_files()), "q/item1.xml")
    package = claim_unpacked_size(broken, "q/img/dot.png", MAX_UNPACKED_BYTES + 1)
    code, problems = inspect_json(tmp_path, package)
    assert code == 1
    assert [problem[:2] for problem in problems] == [
        ("zip-too-large", ""),
        ("zip-entry-corrupt", "q/item1.xml"),
    ]


def test_a_corrupt_manifest_is_reported_once_when_the_data_check_saw_it(tmp_path):
    code, problems = inspect_json(
        tmp_path, break_deflate_stream(deflated_zip(scorm12_files()), "imsmanifest.xml")
    )
    assert (code, [problem[:2] for problem in problems]) == (
        1,
        [("zip-entry-corrupt", "imsmanifest.xml")],
    )


def test_a_bug_in_a_check_asks_for_a_report_in_these_words(monkeypatch):
    from courseforge.inspect import scorm_rules

    def broken(self, root):
        raise KeyError("a bug")

    monkeypatch.setattr(scorm_rules.ScormManifestCheck, "read", broken)
    report = inspect_package(io.BytesIO(CLEAN))
    assert [(p.rule, p.where, p.message) for p in report.problems] == [
        (
            "inspect-failed",
            "",
            "inspect stopped early on KeyError: 'a bug'; "
            "please report this courseforge bug with the package",
        )
    ]
    assert not report.ok


def test_a_plain_site_is_checked_by_the_web_rules(tmp_path):
    report = inspect_package(io.BytesIO(zip_bytes(WEB)), expect="web")
    assert (report.ok, report.kind, report.launch) == (True, "web", "index.html")
    web_rules = [rule.id for rule in rules.rules_for("web")]
    assert web_rules == ["launch-file-missing"]
    assert set(web_rules) <= set(report.rules_checked)
    # As `inspect` without --expect reads it: index.html at the root makes it a plain site too.
    plain = inspect_package(io.BytesIO(zip_bytes(WEB)), expect="any")
    assert (plain.kind, plain.rules_checked) == ("web", report.rules_checked)


def test_an_unknown_expectation_is_refused_with_the_known_ones():
    with pytest.raises(ValueError) as refused:
        inspect_package(io.BytesIO(CLEAN), expect="scorm3")
    known = ", ".join(expectations())
    assert str(refused.value) == f"expect must be one of {known}, got 'scorm3'"
    assert {"lms", "web", "scorm12", "scorm2004", "cmi5", "xapi", "tincan", "qti21"} <= set(
        expectations()
    )
