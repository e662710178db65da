"""A target refuses to ship a manifest its standard rejects, and the build then writes nothing.

Each case breaks one value the manifest is made from, the way a courseforge bug would, and
runs the real `courseforge build` on the seed course into a dist/ that holds an earlier build.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from courseforge.cli import main
from courseforge.targets import base, cmi5, scorm_common, xapi

REPO = Path(__file__).resolve().parents[2]


def _scorm_identifiers_with_a_space(monkeypatch):
    original = scorm_common.ScormTarget.manifest
    monkeypatch.setattr(
        scorm_common.ScormTarget,
        "manifest",
        lambda self, files: original(self, files)._replace(identifier="two words", item="x y"),
    )


def _scorm_mastery_over_100(monkeypatch):
    monkeypatch.setattr(scorm_common, "mastery_score", lambda course: 250)


def _cmi5_mastery_over_1(monkeypatch):
    monkeypatch.setattr(cmi5, "percent_as_fraction", lambda percent: "1.5")


def _tincan_activity_without_type(monkeypatch):
    monkeypatch.setattr(xapi, "COURSE_ACTIVITY_TYPE", "")


def _launch_page_left_out(monkeypatch):
    original = base.Target.learner_files
    monkeypatch.setattr(
        base.Target,
        "learner_files",
        lambda self: {n: data for n, data in original(self).items() if n != "index.html"},
    )


def _tincan_without_type_or_launch_page(monkeypatch):
    _tincan_activity_without_type(monkeypatch)
    _launch_page_left_out(monkeypatch)


CASES = [
    (
        "scorm12",
        _scorm_identifiers_with_a_space,
        [
            "the scorm12 manifest does not validate against the official XSDs (please report "
            "this courseforge bug):\nerror:   line ",
            "identifier",
            "'two words' is not a valid value of the atomic type 'xs:ID'",
        ],
    ),
    (
        "scorm2004",
        _scorm_identifiers_with_a_space,
        ["the scorm2004 manifest does not validate", "'two words' is not a valid value"],
    ),
    (
        "scorm2004",
        _scorm_mastery_over_100,
        ["minNormalizedMeasure", "'2.5' is greater than the maximum value allowed ('1')"],
    ),
    (
        "cmi5",
        _cmi5_mastery_over_1,
        ["error: cmi5.xml is not valid:\nerror: line ", "cmi5 needs a decimal from 0 to 1"],
    ),
    (
        "cmi5",
        _launch_page_left_out,
        ["<url> names 'index.html', which is not in the package"],
    ),
    (
        "xapi",
        _tincan_activity_without_type,
        ["error: tincan.xml is not valid:\nerror: line ", "needs a 'type'"],
    ),
    (
        "xapi",
        _tincan_without_type_or_launch_page,
        ["needs a 'type'", "<launch> names 'index.html', which is not in the package"],
    ),
]


def run_build(out: Path, target: str):
    args = ["build", str(REPO / "course"), "--target", target, "--out", str(out)]
    return CliRunner().invoke(main, args)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize(
    ("target", "break_manifest", "expected"), CASES, ids=[f"{c[0]}-{c[1].__name__}" for c in CASES]
)
def test_a_manifest_the_standard_rejects_fails_the_build_and_writes_nothing(
    tmp_path, monkeypatch, target, break_manifest, expected
):
    out = tmp_path / "dist"
    assert run_build(out, target).exit_code == 0
    before = snapshot(out)
    assert f"ai-engineering-architect-{target}.zip" in before

    break_manifest(monkeypatch)
    result = run_build(out, target)

    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    for fragment in expected:
        assert fragment in result.output
    *problems, summary = result.output.splitlines()[1:]
    assert summary == "Build failed; nothing was written."
    for line in problems:  # one finding a line, each with the manifest line it is about
        assert re.match(r"error: +line \d+: \S", line), line
    assert snapshot(out) == before
