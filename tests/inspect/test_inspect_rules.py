"""`courseforge inspect` / `validate PACKAGE.zip` on crafted packages: one broken rule each.

Every case goes through the CLI (click's CliRunner) and checks the exact set of rule ids
reported, so a package broken in one way reports that one problem and nothing else.
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from inspect_packages import (
    SECOND_ACTIVITY,
    cmi5_files,
    scorm12_files,
    scorm2004_files,
    tincan_files,
    zip_bytes,
)
from test_inspect_entries import RULE_IDS_TESTED_HERE
from test_inspect_qti import QTI_RULE_IDS

from courseforge.cli import main
from courseforge.inspect import RULES


def run_cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def inspect_json(tmp_path: Path, files: dict[str, bytes], *options: str) -> tuple[int, dict]:
    package = tmp_path / "package.zip"
    package.write_bytes(zip_bytes(files))
    result = run_cli("inspect", "--json", *options, str(package))
    return result.exit_code, json.loads(result.stdout)


def rule_ids(report: dict) -> set[str]:
    return {problem["rule"] for problem in report["problems"]}


def with_manifest_text(files: dict[str, bytes], old: str, new: str) -> dict[str, bytes]:
    text = files["imsmanifest.xml"].decode()
    assert old in text, old
    return {**files, "imsmanifest.xml": text.replace(old, new).encode()}


def without(files: dict[str, bytes], name: str) -> dict[str, bytes]:
    return {key: value for key, value in files.items() if key != name}


WRONG_PREFIX = with_manifest_text(
    with_manifest_text(
        scorm2004_files(),
        'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"',
        'xmlns:adl="http://www.adlnet.org/xsd/adlcp_v1p3"',
    ),
    "adlcp:scormType",
    "adl:scormType",
)

CASES = {
    "no manifest at root": (
        {"index.html": b"<p>hi</p>", "content/page.html": b"<p>x</p>"},
        "package-kind-unknown",
    ),
    "manifest in a subfolder": (
        {f"course/{name}": data for name, data in scorm12_files().items()},
        "manifest-not-at-root",
    ),
    "manifest name in the wrong case": (
        {
            ("IMSManifest.xml" if n == "imsmanifest.xml" else n): d
            for n, d in scorm12_files().items()
        },
        "manifest-name-case",
    ),
    "wrong prefix": (WRONG_PREFIX, "scorm-prefix"),
    "prefixed content-packaging elements": (
        with_manifest_text(
            with_manifest_text(
                scorm12_files(),
                "<resources>",
                '<cp:resources xmlns:cp="http://www.imsproject.org/xsd/imscp_rootv1p1p2">',
            ),
            "</resources>",
            "</cp:resources>",
        ),
        "scorm-prefix",
    ),
    "lowercase 4th edition": (scorm2004_files("2004 4th edition"), "scorm-schemaversion"),
    "1.2 package labelled 2004": (
        with_manifest_text(scorm12_files(), "<schemaversion>1.2<", "<schemaversion>CAM 1.3<"),
        "scorm-schemaversion",
    ),
    "misspelt adlcp:scormtype in 2004": (
        scorm2004_files(scormtype="adlcp:scormtype"),
        "scorm-scormtype",
    ),
    "missing scormType in 2004": (
        with_manifest_text(scorm2004_files(), 'adlcp:scormType="sco" ', ""),
        "scorm-scormtype",
    ),
    "masteryscore not a number": (scorm12_files(masteryscore="high"), "scorm-masteryscore"),
    "masteryscore above 100": (scorm12_files(masteryscore="180"), "scorm-masteryscore"),
    "missing launch file": (without(scorm12_files(), "shared/launch.html"), "launch-file-missing"),
    "missing declared file": (without(scorm12_files(), "shared/style.css"), "file-missing"),
    "undeclared file": ({**scorm12_files(), "shared/leftover.js": b"//"}, "file-undeclared"),
    "../ entry": ({**scorm12_files(), "../evil.html": b"x"}, "zip-unsafe-name"),
    "absolute entry": ({**scorm12_files(), "/etc/evil.html": b"x"}, "zip-unsafe-name"),
    "backslash entry": ({**scorm12_files(), "shared\\evil.html": b"x"}, "zip-unsafe-name"),
    "drive-letter entry": ({**scorm12_files(), "C:/evil.html": b"x"}, "zip-unsafe-name"),
    "invalid XSD content": (
        with_manifest_text(
            scorm12_files(), "<title>Lesson one</title>", "<titel>Lesson one</titel>"
        ),
        "xsd-invalid",
    ),
    "not well-formed": (
        with_manifest_text(scorm12_files(), "</manifest>", "</manifest"),
        "xml-malformed",
    ),
    "item refers to no resource": (
        with_manifest_text(scorm12_files(), 'identifierref="res-1"', 'identifierref="res-9"'),
        "scorm-item-reference",
    ),
    "default organization missing": (
        with_manifest_text(scorm12_files(), 'default="org"', 'default="other"'),
        "scorm-organization",
    ),
    "launch through manifest xml:base": (
        with_manifest_text(
            with_manifest_text(scorm12_files(), "shared/", ""),
            "<resources>",
            '<resources xml:base="shared/">',
        ),
        "scorm-xml-base",
    ),
    "cmi5 masteryScore 80": (cmi5_files(mastery="80"), "cmi5-mastery-score"),
    "tincan two launchable activities": (tincan_files(more=SECOND_ACTIVITY), "tincan-launch-count"),
    "tincan wrong namespace": (
        tincan_files(namespace="http://example.com/tincan"),
        "tincan-namespace",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_package_broken_one_way_reports_exactly_that_rule(tmp_path, case):
    files, rule = CASES[case]
    code, report = inspect_json(tmp_path, files, "--expect", "lms")
    assert rule_ids(report) == {rule}, report["problems"]
    assert code == 1
    assert report["ok"] is False


@pytest.mark.parametrize("case", ["lowercase 4th edition", "cmi5 masteryScore 80", "../ entry"])
def test_validate_on_a_zip_fails_with_the_same_problems(tmp_path, case):
    files, rule = CASES[case]
    package = tmp_path / "package.zip"
    package.write_bytes(zip_bytes(files))
    result = run_cli("validate", str(package))
    assert result.exit_code == 1
    assert f"[{rule}]" in result.stderr
    assert result.stdout == ""


def test_every_rule_id_is_exercised_by_a_crafted_package():
    # zip-invalid, zip-duplicate-name and package-kind-mismatch have their own tests below.
    covered = (
        {rule for _, rule in CASES.values()}
        | {
            "zip-invalid",
            "zip-duplicate-name",
            "package-kind-mismatch",
            "cmi5-structure",
            "tincan-structure",
        }
        | RULE_IDS_TESTED_HERE
        | QTI_RULE_IDS
    )
    assert {rule.id for rule in RULES} == covered


def test_moodle_messages_are_quoted(tmp_path):
    _, report = inspect_json(tmp_path, CASES["manifest in a subfolder"][0])
    assert report["problems"][0]["where"] == "course/imsmanifest.xml"
    assert (
        "not in the root of your zip file, please re-package your SCORM"
        in (report["problems"][0]["message"])
    )
    _, report = inspect_json(tmp_path, CASES["no manifest at root"][0], "--expect", "lms")
    assert (
        "Incorrect file package - missing imsmanifest.xml or AICC structure"
        in (report["problems"][0]["message"])
    )


def test_problems_point_at_the_manifest_line(tmp_path):
    _, report = inspect_json(tmp_path, CASES["lowercase 4th edition"][0])
    (problem,) = report["problems"]
    assert problem["where"] == "imsmanifest.xml:14"
    assert problem["severity"] == "error"
    assert '"2004 4th Edition"' in problem["message"]
    _, report = inspect_json(tmp_path, CASES["cmi5 masteryScore 80"][0])
    (problem,) = report["problems"]
    assert problem["where"] == "cmi5.xml:7"
    assert "0.8" in problem["message"]


def test_unsafe_entries_are_never_unpacked(tmp_path, monkeypatch):
    work = tmp_path / "work"
    (work / "inner").mkdir(parents=True)
    package = work / "inner" / "package.zip"
    package.write_bytes(zip_bytes(CASES["../ entry"][0]))
    monkeypatch.chdir(work / "inner")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result = run_cli("inspect", "package.zip")
    assert result.exit_code == 1
    assert "'../evil.html'" in result.stdout
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    assert not Path("/etc/evil.html").exists()


def test_not_a_zip(tmp_path):
    package = tmp_path / "package.zip"
    package.write_bytes(b"PK\x03\x04 but not really")
    result = run_cli("inspect", str(package))
    assert result.exit_code == 1
    assert "[zip-invalid]" in result.stdout


def test_duplicate_entry_names(tmp_path):
    package = tmp_path / "package.zip"
    with (
        pytest.warns(UserWarning, match="Duplicate name"),
        zipfile.ZipFile(package, "w") as archive,
    ):
        for name, data in scorm12_files().items():
            archive.writestr(name, data)
        archive.writestr("shared/style.css", b"body{color:red}")
    result = run_cli("inspect", "--json", str(package))
    assert rule_ids(json.loads(result.stdout)) == {"zip-duplicate-name"}
    assert result.exit_code == 1


def test_expect_a_kind(tmp_path):
    code, report = inspect_json(tmp_path, scorm12_files(), "--expect", "scorm2004")
    assert code == 1
    assert rule_ids(report) == {"package-kind-mismatch"}
    code, report = inspect_json(tmp_path, scorm12_files(), "--expect", "scorm12")
    assert code == 0
    code, report = inspect_json(tmp_path, tincan_files(), "--expect", "xapi")
    assert code == 0


def test_a_plain_site_passes_unless_an_lms_package_is_expected(tmp_path):
    site = {"index.html": b"<p>hi</p>"}
    code, report = inspect_json(tmp_path, site)  # no --expect: the web target's zip is fine
    assert (code, report["kind"], report["launch"]) == (0, "web", "index.html")
    code, report = inspect_json(tmp_path, site, "--expect", "lms")
    assert (code, rule_ids(report)) == (1, {"package-kind-unknown"})
    code, report = inspect_json(tmp_path, {"start.html": b""})  # no manifest, no site either
    assert (code, rule_ids(report)) == (1, {"package-kind-unknown"})
    code, report = inspect_json(tmp_path, site, "--expect", "web")
    assert (code, report["kind"], report["launch"]) == (0, "web", "index.html")
    code, report = inspect_json(tmp_path, {"start.html": b""}, "--expect", "web")
    assert (code, rule_ids(report)) == (1, {"launch-file-missing"})


def test_a_wrong_masteryscore_is_not_reported_twice():
    """The XSD and the cmi5 structure check see it too; only the specific rule speaks."""
    from io import BytesIO

    from courseforge.inspect import inspect_package

    report = inspect_package(BytesIO(zip_bytes(cmi5_files(mastery="80"))))
    assert [p.rule for p in report.problems] == ["cmi5-mastery-score"]


def test_the_report_lists_what_it_checked(tmp_path):
    _, report = inspect_json(tmp_path, scorm12_files())
    assert "scorm-masteryscore" in report["rules_checked"]
    assert report["format"] == 1
    assert os.path.basename(report["package"]) == "package.zip"


def test_the_readme_documents_every_rule():
    documented = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    missing = [
        rule.id for rule in RULES if f"| `{rule.id}` | {rule.severity.value} |" not in documented
    ]
    assert not missing, f"README.md lacks rows for {missing}"


def test_validate_on_a_missing_zip_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "nowhere.zip")])
    assert result.exit_code == 2
    assert "no such file" in result.stderr


def _one_line(xml: bytes) -> bytes:
    """The same document minified onto one line, as some authoring tools write it."""
    declaration, _, body = xml.decode().partition("\n")
    return (declaration + "\n" + "".join(line.strip() for line in body.splitlines())).encode()


def test_a_missing_launch_file_hides_no_other_problem_on_its_line():
    """Precedence is by rule and subject: launch-file-missing replaces what is said about the
    <url>, never a problem about something else that shares its line (it did, by substring)."""
    from io import BytesIO

    from courseforge.inspect import inspect_package

    xml = CMI5_ONE_LINE.replace(b"<url>index.html</url>", b"<url>start.html</url>").replace(
        b'au id="https://example.com/courses/foreign/au1"', b'au id="au1"'
    )
    report = inspect_package(BytesIO(zip_bytes({"cmi5.xml": xml, "index.html": b""})))
    assert sorted((p.rule, p.where) for p in report.problems) == [
        ("cmi5-structure", "cmi5.xml:2"),  # "<au> id must be an absolute IRI"
        ("launch-file-missing", "cmi5.xml:2"),
    ]
    assert "<au> id must be an absolute IRI" in report.problems[0].message


CMI5_ONE_LINE = _one_line(cmi5_files()["cmi5.xml"])


def test_the_launch_file_rule_still_replaces_what_is_said_about_the_same_url():
    from io import BytesIO

    from courseforge.inspect import inspect_package

    xml = CMI5_ONE_LINE.replace(b"<url>index.html</url>", b"<url>../index.html</url>")
    report = inspect_package(BytesIO(zip_bytes({"cmi5.xml": xml, "index.html": b""})))
    # cmi5-structure's "<url> must stay inside the package" is about the same <url>.
    assert [p.rule for p in report.problems] == ["launch-file-missing"]


@pytest.mark.parametrize(
    ("mastery", "message"),
    [
        (
            "80",
            "masteryScore='80'; cmi5 needs a decimal from 0 to 1 (a scaled score); for 80% write 0.8",
        ),
        ("abc", "masteryScore='abc'; cmi5 needs a decimal from 0 to 1"),
        ("-1", "masteryScore='-1'; cmi5 needs a decimal from 0 to 1"),
        # Was reported under cmi5-structure by a second masteryScore check: now the one rule.
        ("0.12345", "masteryScore has more than 4 decimal places: '0.12345'"),
    ],
)
def test_masteryscore_is_checked_once_under_its_own_rule(mastery, message):
    from io import BytesIO

    from courseforge.inspect import inspect_package

    report = inspect_package(BytesIO(zip_bytes(cmi5_files(mastery=mastery))))
    [problem] = report.problems
    assert (problem.rule, problem.where) == ("cmi5-mastery-score", "cmi5.xml:7")
    assert message in problem.message


def test_every_rule_declares_the_kinds_it_applies_to():
    from courseforge.inspect.report import KIND_NAMES
    from courseforge.inspect.rules import rules_for

    for rule in RULES:
        assert rule.kinds is None or set(rule.kinds) <= set(KIND_NAMES) - {"unknown"}, rule.id
        assert all(general in {r.id for r in RULES} for general in rule.supersedes), rule.id
    assert {r.id for r in rules_for("scorm2004")} == {r.id for r in rules_for("scorm12")} - {
        "scorm-masteryscore"
    }


def test_rules_checked_lists_what_ran():
    """A manifest that is not XML stops the reading: the kind's other rules did not run."""
    from io import BytesIO

    from courseforge.inspect import inspect_package
    from courseforge.inspect.rules import rules_for

    whole = inspect_package(BytesIO(zip_bytes(scorm12_files())))
    assert {r.id for r in rules_for("scorm12")} <= set(whole.rules_checked)
    broken = with_manifest_text(scorm12_files(), "</manifest>", "</manifest")
    stopped = inspect_package(BytesIO(zip_bytes(broken)))
    assert "xml-malformed" in stopped.rules_checked
    assert not {"xsd-invalid", "scorm-masteryscore", "file-missing"} & set(stopped.rules_checked)
    assert set(stopped.rules_checked) < set(whole.rules_checked)
