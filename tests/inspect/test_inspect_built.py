"""`inspect` on every package the seed course builds to: each is clean and says what it is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from courseforge.build import build
from courseforge.cli import main
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
# Question banks are imported into an LMS's question bank, not launched: `inspect` (an LMS
# package checker) has nothing to check in them; the QTI zip must not pass for broken SCORM.
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


def test_the_qti_package_is_named_a_question_package_not_a_broken_scorm_one(built):
    package = built["qti21"]
    result = CliRunner().invoke(main, ["inspect", "--json", str(package)], catch_exceptions=False)
    report = json.loads(result.stdout)
    assert result.exit_code == 1
    assert report["kind"] == "unknown"
    (problem,) = report["problems"]
    assert problem["rule"] == "package-kind-unknown"
    assert "QTI question package, not an LMS package" in problem["message"]


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
