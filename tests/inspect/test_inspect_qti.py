"""`inspect` on QTI 2.1 question packages: a sound one passes as its own kind, a broken one
fails with the problem located in the manifest, item or test that has it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from inspect_packages import qti21_files, zip_bytes

from courseforge.cli import main


def inspect_json(tmp_path: Path, files: dict[str, bytes], *options: str) -> tuple[int, dict]:
    package = tmp_path / "bank.zip"
    package.write_bytes(zip_bytes(files))
    result = CliRunner().invoke(
        main, ["inspect", "--json", *options, str(package)], catch_exceptions=False
    )
    return result.exit_code, json.loads(result.stdout)


def problems(report: dict) -> list[tuple[str, str]]:
    return [(p["rule"], p["where"]) for p in report["problems"]]


def edited(files: dict[str, bytes], name: str, old: str, new: str) -> dict[str, bytes]:
    text = files[name].decode()
    assert old in text, old
    return {**files, name: text.replace(old, new).encode()}


def without(files: dict[str, bytes], name: str) -> dict[str, bytes]:
    return {key: value for key, value in files.items() if key != name}


SOUND = qti21_files()

# case → (files, the one problem it must report: rule, where, a phrase of the message)
QTI_CASES = {
    "item invalid against the QTI 2.1 XSD": (
        qti21_files(interaction_attributes=""),
        ("xsd-invalid", "q/item1.xml:10", "responseIdentifier"),
    ),
    "manifest invalid against IMS CP": (
        edited(SOUND, "imsmanifest.xml", "<organizations/>", "<organisations/>"),
        ("xsd-invalid", "imsmanifest.xml:11", "organisations"),
    ),
    "declared file missing": (
        without(SOUND, "q/img/dot.png"),
        ("file-missing", "imsmanifest.xml:19", "q/img/dot.png"),
    ),
    "file no resource declares": (
        {**SOUND, "q/notes.txt": b"draft"},
        ("file-undeclared", "q/notes.txt", "no resource declares it"),
    ),
    "test names an item that is not in the zip": (
        qti21_files(item_href="../q/item2.xml"),
        ("qti-reference", "tests/test1.xml:6", "q/item2.xml"),
    ),
    "item typed as a test": (
        qti21_files(item_type="imsqti_test_xmlv2p1"),
        ("qti-reference", "q/item1.xml:3", "holds <assessmentItem>"),
    ),
    "item not well-formed": (
        edited(SOUND, "q/item1.xml", "</assessmentItem>", "</assessmentItem"),
        ("xml-malformed", "q/item1.xml:18", "not well-formed"),
    ),
    "item declaring an entity": (
        edited(
            SOUND,
            "q/item1.xml",
            "<assessmentItem ",
            '<!DOCTYPE assessmentItem [<!ENTITY x "y">]>\n<assessmentItem ',
        ),
        ("xml-entity", "q/item1.xml", "declares the entities x"),
    ),
}


def test_a_sound_qti_package_passes_as_a_question_package_without_expect(tmp_path):
    code, report = inspect_json(tmp_path, SOUND)
    assert (code, report["problems"], report["ok"]) == (0, [], True)
    assert (report["kind"], report["kind_name"]) == ("qti21", "QTI 2.1 question package")
    assert (report["title"], report["identifier"], report["launch"]) == (
        "Foreign item bank",
        "bank-1",
        "",
    )
    assert [(u["identifier"], u["title"], u["launch"], u["kind"]) for u in report["units"]] == [
        ("test-1", "Capitals", "tests/test1.xml", "test")
    ]
    for rule in ("xsd-invalid", "file-missing", "qti-reference", "file-undeclared"):
        assert rule in report["rules_checked"]
    assert "scorm-schemaversion" not in report["rules_checked"]


@pytest.mark.parametrize("case", QTI_CASES)
def test_a_qti_package_broken_one_way_reports_that_problem_where_it_is(tmp_path, case):
    files, (rule, where, phrase) = QTI_CASES[case]
    code, report = inspect_json(tmp_path, files)
    assert problems(report) == [(rule, where)], report["problems"]
    assert phrase in report["problems"][0]["message"]
    assert code == 1
    assert report["kind"] == "qti21"


def test_an_item_missing_from_the_zip_is_reported_by_the_manifest_and_by_the_test(tmp_path):
    code, report = inspect_json(tmp_path, without(SOUND, "q/item1.xml"))
    assert code == 1
    assert problems(report) == [
        ("file-missing", "imsmanifest.xml:17"),
        ("qti-reference", "tests/test1.xml:6"),
    ]


def test_an_oversized_item_is_not_read(tmp_path, monkeypatch):
    from courseforge.inspect import package_reader

    monkeypatch.setattr(package_reader, "MAX_CONTROL_FILE", 200)
    code, report = inspect_json(tmp_path, SOUND)
    # The manifest itself is over 200 bytes too: nothing past it is read.
    assert (code, problems(report)) == (1, [("xml-malformed", "imsmanifest.xml")])


@pytest.mark.parametrize(
    ("expect", "rules"),
    [
        ("qti21", []),
        ("lms", ["package-kind-mismatch"]),
        ("scorm12", ["package-kind-mismatch"]),
        ("web", ["package-kind-mismatch"]),
    ],
)
def test_expect(tmp_path, expect, rules):
    code, report = inspect_json(tmp_path, SOUND, "--expect", expect)
    assert [p["rule"] for p in report["problems"]] == rules
    assert code == (1 if rules else 0)
    if expect == "lms":
        assert "found a QTI 2.1 question package" in report["problems"][0]["message"]


def test_validate_on_a_qti_zip(tmp_path):
    package = tmp_path / "bank.zip"
    package.write_bytes(zip_bytes(SOUND))
    runner = CliRunner()
    result = runner.invoke(main, ["validate", "--expect", "qti21", str(package)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{package}: OK — QTI 2.1 question package, 1 test\n"
    # validate insists on an LMS package by default: a question bank is not one.
    result = runner.invoke(main, ["validate", str(package)])
    assert result.exit_code == 1
    assert "[package-kind-mismatch]" in result.stderr


QTI_RULE_IDS = {rule for _, (rule, _, _) in QTI_CASES.values()}


def test_a_manifest_without_an_identifier_reports_none_and_fails_the_schema(tmp_path):
    files = edited(SOUND, "imsmanifest.xml", '<manifest identifier="bank-1" ', "<manifest ")
    code, report = inspect_json(tmp_path, files)
    assert (code, report["identifier"], report["title"]) == (1, "", "Foreign item bank")
    assert problems(report) == [("xsd-invalid", "imsmanifest.xml:3")]


def test_a_manifest_without_resources_is_a_schema_problem_not_a_crash(tmp_path):
    text = SOUND["imsmanifest.xml"].decode().replace("resources>", "resourcez>")
    code, report = inspect_json(tmp_path, {**SOUND, "imsmanifest.xml": text.encode()})
    assert (code, report["kind"]) == (1, "qti21")
    rules = {p["rule"] for p in report["problems"]}
    assert rules == {"xsd-invalid", "file-undeclared"}  # nothing declares the files any more


def test_a_resource_without_an_identifier_is_named_as_such(tmp_path):
    files = without(
        edited(SOUND, "imsmanifest.xml", '<resource identifier="item-1" ', "<resource "),
        "q/img/dot.png",
    )
    _, report = inspect_json(tmp_path, files)
    messages = {p["rule"]: p["message"] for p in report["problems"]}
    assert messages["file-missing"] == "resource '' declares q/img/dot.png, which is not in the zip"
