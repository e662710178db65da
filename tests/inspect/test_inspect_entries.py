"""The entry checks: corrupt data, symlinks, case collisions, name characters, size caps, DTDs.

Each rule has a package that triggers exactly it, and a near miss that must stay clean. The
packages are raw bytes fed through the CLI, like any zip a user hands `inspect`.
"""

from __future__ import annotations

import io
import json
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile_zips import (
    break_deflate_stream,
    claim_entry_count,
    claim_unpacked_size,
    deflated_zip,
    flip_data_byte,
    regular_file_mode_zip,
    symlink_zip,
)
from inspect_packages import cmi5_files, scorm12_files, tincan_files, zip_bytes

from courseforge.cli import main
from courseforge.inspect import inspect_package
from courseforge.inspect.entry_checks import MAX_UNPACKED_BYTES


def declared(files: dict[str, bytes], *names: str) -> dict[str, bytes]:
    """Add files to a SCORM 1.2 package and declare them in its resource, so nothing else fails."""
    manifest = files["imsmanifest.xml"].decode()
    extra = "".join(f'\n      <file href="{name}"/>' for name in names)
    manifest = manifest.replace(
        '<file href="shared/style.css"/>', '<file href="shared/style.css"/>' + extra
    )
    return {**files, "imsmanifest.xml": manifest.encode(), **{name: b"x" for name in names}}


def with_doctype(doctype: str) -> dict[str, bytes]:
    files = scorm12_files()
    text = files["imsmanifest.xml"].decode().replace("?>\n", f"?>\n{doctype}\n", 1)
    return {**files, "imsmanifest.xml": text.encode()}


CLEAN = zip_bytes(scorm12_files())
# The manifest declares shared/link.css; the symlink entry itself is added by symlink_zip.
LINK_DECLARED = {
    k: v for k, v in declared(scorm12_files(), "shared/link.css").items() if k != "shared/link.css"
}
EXTERNAL_ENTITY = '<!DOCTYPE manifest [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'

# rule → (a package that triggers exactly it, a near miss that must pass)
CASES: dict[str, tuple[bytes, bytes]] = {
    "zip-entry-corrupt": (flip_data_byte(CLEAN, "shared/launch.html"), CLEAN),
    "zip-symlink": (
        symlink_zip(LINK_DECLARED, "shared/link.css", b"/etc/passwd"),
        regular_file_mode_zip(declared(scorm12_files(), "shared/link.css")),
    ),
    "zip-case-collision": (
        zip_bytes(declared(scorm12_files(), "shared/STYLE.css")),
        zip_bytes(declared(scorm12_files(), "Shared/other.css", "shared/more.css")),
    ),
    "zip-name-characters": (
        zip_bytes(declared(scorm12_files(), "shared/invoice\u202efdp.js")),
        zip_bytes(declared(scorm12_files(), "shared/café-日本語.css")),
    ),
    "zip-too-large": (
        claim_unpacked_size(CLEAN, "shared/launch.html", MAX_UNPACKED_BYTES + 1),
        claim_unpacked_size(
            CLEAN, "shared/launch.html", len(scorm12_files()["shared/launch.html"])
        ),
    ),
    "xml-entity": (
        zip_bytes(with_doctype(EXTERNAL_ENTITY)),
        zip_bytes(with_doctype("<!DOCTYPE manifest>")),
    ),
}


def inspect_bytes(tmp_path: Path, package: bytes, *options: str) -> tuple[int, dict, str]:
    path = tmp_path / "package.zip"
    path.write_bytes(package)
    result = CliRunner().invoke(
        main, ["inspect", "--json", *options, str(path)], catch_exceptions=False
    )
    text = CliRunner().invoke(main, ["inspect", *options, str(path)], catch_exceptions=False)
    assert text.exit_code == result.exit_code
    return result.exit_code, json.loads(result.stdout), text.stdout


def rule_ids(report: dict) -> set[str]:
    return {problem["rule"] for problem in report["problems"]}


@pytest.mark.parametrize("rule", CASES)
def test_the_package_that_breaks_a_rule_reports_exactly_it(tmp_path, rule):
    code, report, text = inspect_bytes(tmp_path, CASES[rule][0])
    assert rule_ids(report) == {rule}, report["problems"]
    assert code == 1
    assert f"[{rule}]" in text


@pytest.mark.parametrize("rule", CASES)
def test_the_near_miss_is_clean(tmp_path, rule):
    code, report, text = inspect_bytes(tmp_path, CASES[rule][1])
    assert report["problems"] == []
    assert code == 0
    assert "problems  none" in text


def test_a_corrupt_manifest_deflate_stream_is_a_finding(tmp_path):
    for files, control in (
        (scorm12_files(), "imsmanifest.xml"),
        (cmi5_files(), "cmi5.xml"),
        (tincan_files(), "tincan.xml"),
    ):
        code, report, _ = inspect_bytes(
            tmp_path, break_deflate_stream(deflated_zip(files), control)
        )
        (problem,) = report["problems"]
        assert (problem["rule"], problem["where"]) == ("zip-entry-corrupt", control)
        assert "invalid block type" in problem["message"]
        assert code == 1


def test_every_entry_is_checked_not_only_the_manifest(tmp_path):
    package = flip_data_byte(flip_data_byte(CLEAN, "shared/launch.html"), "shared/style.css")
    _, report, _ = inspect_bytes(tmp_path, package)
    assert sorted(p["where"] for p in report["problems"]) == [
        "shared/launch.html",
        "shared/style.css",
    ]


@pytest.mark.parametrize(
    "doctype",
    [
        EXTERNAL_ENTITY,
        '<!DOCTYPE manifest SYSTEM "http://127.0.0.1:9/manifest.dtd">',
        '<!DOCTYPE manifest [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x"> %remote;]>',
        '<!DOCTYPE manifest [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>',
    ],
)
def test_dtds_with_entities_or_external_parts_are_refused_unread(tmp_path, doctype):
    files = with_doctype(doctype)
    manifest = (
        files["imsmanifest.xml"]
        .decode()
        .replace("Foreign course", "&lol2;" if "lol2" in doctype else "Foreign course")
    )
    code, report, _ = inspect_bytes(
        tmp_path, zip_bytes({**files, "imsmanifest.xml": manifest.encode()})
    )
    assert rule_ids(report) == {"xml-entity"}
    assert report["title"] == ""  # nothing of the manifest was taken
    assert "root:" not in json.dumps(report)  # /etc/passwd's first line was never read


def test_a_zip_claiming_too_many_entries_is_not_listed(tmp_path):
    code, report, _ = inspect_bytes(tmp_path, claim_entry_count(CLEAN, 60_000))
    (problem,) = report["problems"]
    assert problem["rule"] == "zip-too-large"
    assert "60,000 entries" in problem["message"]
    assert report["files"] == 0 and code == 1


def test_streaming_keeps_memory_bounded(tmp_path):
    """A 64 MiB entry (it deflates to ~64 KB) is read through in chunks, never held whole."""
    path = tmp_path / "big.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in scorm12_files().items():
            archive.writestr(name, data)
        with archive.open(zipfile.ZipInfo("shared/video.bin"), "w") as entry:
            for _ in range(64):
                entry.write(bytes(1024 * 1024))
    tracemalloc.start()
    try:
        report = inspect_package(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [p.rule for p in report.problems] == ["file-undeclared"]  # read, and found intact
    assert peak < 16 * 1024 * 1024, f"peak {peak:,} bytes"


TERMINAL_TITLE = "\x1b]0;owned\x07"


@pytest.mark.parametrize("command", [["inspect"], ["inspect", "--json"], ["validate"]])
def test_names_cannot_reach_the_terminal_raw(tmp_path, command):
    evil = {
        f"shared/{TERMINAL_TITLE}.html": b"x",
        "shared/csi\x9b31m.html": b"x",
        "shared/rtl\u202elmth.js": b"x",
        "shared/fake\n  problems  none.html": b"x",
    }
    path = tmp_path / "package.zip"
    path.write_bytes(zip_bytes({**scorm12_files(), **evil}))
    result = CliRunner().invoke(main, [*command, str(path)], catch_exceptions=False)
    printed = result.stdout + result.stderr
    assert result.exit_code == 1
    for raw in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert raw not in printed
    assert "\n  problems  none" not in printed
    assert "\\x1b]0;owned\\x07" in printed or "\\u001b]0;owned\\u0007" in printed
    if "--json" in command:
        wheres = {p["where"] for p in json.loads(result.stdout)["problems"]}
        assert set(evil) <= wheres  # the JSON escapes are lossless


def test_a_bug_in_a_check_is_a_finding_not_a_traceback(tmp_path, monkeypatch):
    from courseforge.inspect import scorm_rules

    def broken(self, root):
        raise KeyError("a bug")

    monkeypatch.setattr(scorm_rules.ScormManifestCheck, "read", broken)
    report = inspect_package(io.BytesIO(CLEAN))
    assert [p.rule for p in report.problems] == ["inspect-failed"]
    assert "KeyError" in report.problems[0].message


# test_inspect_rules.py checks that every registered rule is exercised somewhere.
RULE_IDS_TESTED_HERE = set(CASES) | {"zip-entry-corrupt", "inspect-failed"}


def test_a_zip_in_memory_claiming_too_many_entries_is_not_listed_either():
    """The preview inspects the zip it made in memory: the entry count is read there too."""
    source = io.BytesIO(claim_entry_count(CLEAN, 60_000))
    source.seek(5)
    report = inspect_package(source)
    assert [p.rule for p in report.problems] == ["zip-too-large"]
    assert "60,000 entries" in report.problems[0].message
    assert source.tell() == 5  # read from the end, then put back where the caller had it


def test_a_clean_zip_in_memory_reads_like_the_same_file(tmp_path):
    path = tmp_path / "package.zip"
    path.write_bytes(CLEAN)
    from_memory, from_file = inspect_package(io.BytesIO(CLEAN)), inspect_package(path)
    assert from_memory.problems == from_file.problems == []
    assert from_memory.files == from_file.files > 0
