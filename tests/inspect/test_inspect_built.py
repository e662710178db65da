"""`inspect` on every package the seed course builds to: each is clean and says what it is."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from courseforge.build import build
from courseforge.cli import main
from courseforge.loader import load_course
from courseforge.targets import TARGET_NAMES

REPO = Path(__file__).resolve().parents[2]
# The kind `inspect` must find in each target's zip.
EXPECTED_KIND = {
    "web": "web",
    "scorm12": "scorm12",
    "scorm2004": "scorm2004",
    "xapi": "tincan",
    "cmi5": "cmi5",
}
# Question banks are imported into an LMS's question bank, not launched; of them only the
# QTI zip is a package, which `inspect` checks as its own kind.
QUESTION_BANKS = ("moodle-xml", "gift", "qti21")


def test_every_target_is_either_an_lms_package_or_a_question_bank():
    assert sorted(TARGET_NAMES) == sorted([*EXPECTED_KIND, *QUESTION_BANKS])


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """Build the seed course once for every target; map target → zip."""
    out = tmp_path_factory.mktemp("dist")
    result = build(REPO / "course", out, TARGET_NAMES)
    return {o.target: o.path for o in result.outputs if o.path.suffix == ".zip"}


@pytest.mark.parametrize("target", sorted(EXPECTED_KIND))
def test_each_built_package_is_clean(built, target):
    package = built[target]
    kind = EXPECTED_KIND[target]
    result = CliRunner().invoke(
        main, ["inspect", "--json", "--expect", kind, str(package)], catch_exceptions=False
    )
    report = json.loads(result.stdout)
    assert report["problems"] == []
    assert result.exit_code == 0
    assert report["kind"] == kind
    assert report["launch"]
    if kind != "web":
        assert report["units"], "an LMS package launches at least one unit"
        assert report["title"] == "AI Engineering Architect"


def test_the_qti_package_passes_inspect_as_a_question_package(built):
    package = built["qti21"]
    result = CliRunner().invoke(main, ["inspect", "--json", str(package)], catch_exceptions=False)
    report = json.loads(result.stdout)
    assert (result.exit_code, report["problems"]) == (0, [])
    assert (report["kind"], report["kind_name"]) == ("qti21", "QTI 2.1 question package")
    assert report["title"] == "AI Engineering Architect"
    course = load_course(REPO / "course")
    assert [(u["title"], u["kind"]) for u in report["units"]] == [
        (quiz.title, "test") for quiz in course.quizzes()
    ]
    # Every item and test was read against the QTI 2.1 XSD, not only the manifest.
    assert "xsd-invalid" in report["rules_checked"] and "qti-reference" in report["rules_checked"]


def test_a_broken_item_in_the_built_qti_package_is_located(built, tmp_path):
    with zipfile.ZipFile(built["qti21"]) as source:
        files = {name: source.read(name) for name in source.namelist()}
    item = "items/stage-order.xml"
    files[item] = files[item].replace(b"<orderInteraction ", b"<orderInteraction maxChoices='x' ")
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(broken, "w") as target:
        for name, data in files.items():
            target.writestr(name, data)
    result = CliRunner().invoke(main, ["inspect", "--json", str(broken)], catch_exceptions=False)
    report = json.loads(result.stdout)
    assert result.exit_code == 1
    ((rule, where),) = [(p["rule"], p["where"]) for p in report["problems"]]
    lines = files[item].decode().splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "<orderInteraction" in text)
    assert (rule, where) == ("xsd-invalid", f"{item}:{line}")


def test_validate_dispatches_a_zip_to_the_package_check(built):
    package = built["scorm2004"]
    result = CliRunner().invoke(main, ["validate", str(package)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (
        result.stdout
        == f"{package}: OK — SCORM 2004 (2004 4th Edition), 1 SCO, launch index.html\n"
    )


def test_validate_still_checks_a_course_folder():
    result = CliRunner().invoke(main, ["validate", str(REPO / "course")], catch_exceptions=False)
    assert result.exit_code == 0
    assert ": OK — 7 modules, " in result.stdout


def test_mastery_settings_come_from_the_course(built):
    from courseforge.inspect import inspect_package

    (scorm12,) = inspect_package(built["scorm12"]).units
    assert scorm12.mastery == {"masteryscore": "80"}
    (au,) = inspect_package(built["cmi5"]).units
    assert float(au.mastery["masteryScore"]) == pytest.approx(0.8)
    assert au.mastery["moveOn"] == "CompletedAndPassed"
