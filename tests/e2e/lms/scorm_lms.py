"""Test-side SCORM LMS: serve built packages beside lms.html (scorm-again) and check the data.

Layout of the served folder (one per test module):

    lms/            lms.html, lms.js, harness.html, nest.html (this folder)
    scorm-again/    scorm-again's dist/ from tests/js/node_modules
    scorm12/        an unzipped SCORM 1.2 package
    scorm2004/      an unzipped SCORM 2004 package

`lms.html` loads the SCO in an iframe with window.API / window.API_1484_11 (scorm-again)
around it, and records every call and a snapshot of the LMS's data at each commit.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

LMS_DIR = Path(__file__).resolve().parent
LMS_FILES = ("lms.html", "lms.js", "harness.html", "nest.html")
VERSIONS = {"scorm12": "1.2", "scorm2004": "2004"}


def serve_root(root: Path, packages: dict[str, Path], node_modules: Path) -> Path:
    """Lay out the LMS pages, scorm-again and the unzipped packages under root."""
    (root / "lms").mkdir(parents=True, exist_ok=True)
    for name in LMS_FILES:
        shutil.copyfile(LMS_DIR / name, root / "lms" / name)
    shutil.copytree(node_modules / "scorm-again" / "dist", root / "scorm-again", dirs_exist_ok=True)
    for target, package in packages.items():
        with zipfile.ZipFile(package) as archive:
            archive.extractall(root / target)
    return root


@dataclass
class LmsPage:
    """The test LMS open in a Playwright page, with one SCO launched."""

    page: object  # playwright.sync_api.Page
    target: str

    def calls(self, key: str) -> int:
        return self.page.evaluate("key => testLms.count(key)", key)

    def commits(self) -> list[dict]:
        return self.page.evaluate("() => testLms.commits")

    def terminations(self) -> list[dict]:
        return self.page.evaluate("() => testLms.terminations")

    def snapshot(self) -> dict:
        return self.page.evaluate("() => testLms.snapshot()")

    def wait_for_commit(self, after: int, timeout: float = 8000) -> dict:
        """Wait until the LMS has more than `after` successful commits; return the last."""
        self.page.wait_for_function(f"() => testLms.commits.length > {after}", timeout=timeout)
        return self.commits()[-1]


def open_lms(page, base_url: str, target: str, sco: str, *, cmi=None, failures=None) -> LmsPage:
    """Open lms.html and launch `sco` (a path below the served root) in its iframe."""
    page.goto(f"{base_url}/lms/lms.html")
    page.evaluate(
        "options => testLms.launch(options)",
        {
            "version": VERSIONS[target],
            "sco": f"{base_url}/{sco}",
            "cmi": cmi,
            "failures": failures or {},
        },
    )
    return LmsPage(page, target)


def resume_cmi(target: str, committed: dict) -> dict:
    """Return what an LMS hands the next session after one that ended with exit=suspend."""
    if target == "scorm12":
        core = committed["core"]
        return {
            "core": {
                "entry": "resume" if core["exit"] == "suspend" else "",
                "lesson_location": core["lesson_location"],
                "lesson_status": core["lesson_status"],
                "student_name": core.get("student_name", ""),
            },
            "suspend_data": committed["suspend_data"],
        }
    return {
        "entry": "resume" if committed["exit"] == "suspend" else "",
        "location": committed["location"],
        "suspend_data": committed["suspend_data"],
        "completion_status": committed["completion_status"],
        "learner_name": committed.get("learner_name", ""),
    }


# ---- SCORM data model formats -------------------------------------------------------------

# SCORM 1.2 RTE 3.4: one-character identifiers (0-9, a-z) joined by ",", pairs "s.t".
_ID12 = r"[0-9a-z]"
SCORM12_RESPONSE = {
    "true-false": re.compile(r"^[01tf]$"),
    "choice": re.compile(rf"^{_ID12}(,{_ID12})*$"),
    "sequencing": re.compile(rf"^{_ID12}(,{_ID12})*$"),
    "matching": re.compile(rf"^{_ID12}\.{_ID12}(,{_ID12}\.{_ID12})*$"),
    "numeric": re.compile(r"^-?\d+(\.\d+)?$"),
    "fill-in": re.compile(r"^.{0,255}$", re.S),
}
SCORM12_TIMESPAN = re.compile(r"^\d{2,4}:[0-5]\d:[0-5]\d(\.\d{1,2})?$")
SCORM12_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$")
SCORM12_IDENTIFIER = re.compile(r"^[\x21-\x7e]{1,255}$")

# SCORM 2004 4th ed. RTE 4.2.9: reserved delimiters [,] [.] [:], short identifiers.
_ID2004 = r"[^\[\]\s{}]+"
SCORM2004_RESPONSE = {
    "true-false": re.compile(r"^(true|false)$"),
    "choice": re.compile(rf"^{_ID2004}(\[,\]{_ID2004})*$"),
    "sequencing": re.compile(rf"^{_ID2004}(\[,\]{_ID2004})*$"),
    "matching": re.compile(rf"^{_ID2004}\[\.\]{_ID2004}(\[,\]{_ID2004}\[\.\]{_ID2004})*$"),
    "numeric": re.compile(r"^-?\d+(\.\d+)?$"),
    "fill-in": re.compile(r"^(\{lang=[A-Za-z0-9-]+\})?(?!\{).{0,250}$", re.S),
}
SCORM2004_CORRECT = {
    **SCORM2004_RESPONSE,
    "numeric": re.compile(r"^(-?\d+(\.\d+)?)?\[:\](-?\d+(\.\d+)?)?$"),
    "fill-in": re.compile(r"^(\{case_matters=(true|false)\})?(?!\{).{0,250}$", re.S),
}
SCORM2004_DURATION = re.compile(
    r"^P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$"
)
# Moodle's own check (mod/scorm/datamodels/scorm_13.js), which is stricter than the spec.
SCORM2004_TIME = re.compile(
    r"^(19[7-9]\d|20[0-2]\d|203[0-8])-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"
    r"T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?(Z|[+-]([01]\d|2[0-3])(:[0-5]\d)?)?$"
)


def interaction_problems(target: str, entry: dict) -> list[str]:
    """Return every way one cmi.interactions entry breaks its SCORM version's formats."""
    problems = []
    kind = entry["type"]

    def check(pattern, value, what):
        if not pattern.match(str(value)):
            problems.append(f"{entry['id']}: {what} {value!r} is not valid")

    patterns = correct_patterns(entry)
    if target == "scorm12":
        check(SCORM12_IDENTIFIER, entry["id"], "id")
        check(SCORM12_RESPONSE[kind], entry["student_response"], "student_response")
        for pattern in patterns:
            check(SCORM12_RESPONSE[kind], pattern, "correct pattern")
        check(
            re.compile(r"^(correct|wrong|unanticipated|neutral|-?\d+(\.\d+)?)$"),
            entry["result"],
            "result",
        )
        check(SCORM12_TIMESPAN, entry["latency"], "latency")
        check(SCORM12_TIME, entry["time"], "time")
    else:
        check(re.compile(r"^\S{1,4000}$"), entry["id"], "id")
        check(SCORM2004_RESPONSE[kind], entry["learner_response"], "learner_response")
        for pattern in patterns:
            check(SCORM2004_CORRECT[kind], pattern, "correct pattern")
        check(
            re.compile(r"^(correct|incorrect|unanticipated|neutral|-?\d+(\.\d+)?)$"),
            entry["result"],
            "result",
        )
        check(SCORM2004_DURATION, entry["latency"], "latency")
        check(SCORM2004_TIME, entry["timestamp"], "timestamp")
    check(re.compile(r"^-?\d+(\.\d+)?$"), entry["weighting"], "weighting")
    return problems


def interactions(cmi: dict) -> list[dict]:
    """Return the LMS's cmi.interactions entries in index order (scorm-again keys them "0", "1"…)."""
    return [entry for _, entry in sorted(cmi["interactions"].items(), key=_index)]


def correct_patterns(entry: dict) -> list[str]:
    return [c["pattern"] for _, c in sorted(entry["correct_responses"].items(), key=_index)]


def _index(item: tuple[str, dict]) -> int:
    return int(item[0])
