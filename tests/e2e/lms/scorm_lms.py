"""Test-side SCORM LMS: serve built packages beside lms.html (scorm-again) and check the data.

Layout of the served folder (one per test module):

    lms/            lms.html, lms.js, harness.html, nest.html (this folder)
    scorm-again/    scorm-again's dist/ from tests/js/node_modules
    scorm12/        an unzipped SCORM 1.2 package
    scorm2004/      an unzipped SCORM 2004 package

`lms.html` loads the SCO in an iframe with window.API / window.API_1484_11 (scorm-again)
around it, and records every call and a snapshot of the LMS's data at each commit.

`LmsServer` serves that folder and is the LMS's server side as well: scorm-again commits to
it with synchronous XHR (as Moodle's player does) and the page reports every call to it, so
what the LMS stored and what every call returned are known even after the page is closed.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from support.http import StaticServer

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
class Launch:
    """What the LMS's server received for one launch: commits and the calls' results."""

    commits: list[dict] = field(default_factory=list)  # the "cmi" of each commit, in order
    terminated: dict | None = None  # the "cmi" LMSFinish/Terminate sent
    calls: dict[int, list] = field(default_factory=dict)  # by order: [name, args, result, t, code]

    def ordered_calls(self) -> list[list]:
        return [self.calls[n] for n in sorted(self.calls)]

    def errors(self) -> list[list]:
        """The calls after which the LMS's error code was not 0."""
        return [c for c in self.ordered_calls() if c[4] not in ("0", "")]

    def count(self, name: str) -> int:
        return sum(1 for c in self.ordered_calls() if c[0] == name)


class LmsServer:
    """Serve the LMS folder and keep what each launch committed and how its calls went."""

    def __init__(self, root: Path):
        self.launches: dict[str, Launch] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._server = StaticServer(root, on_post=self._post)
        self.url = self._server.url

    def close(self) -> None:
        self._server.close()

    def new_launch(self) -> str:
        with self._lock:
            key = str(next(self._ids))
            self.launches[key] = Launch()
            return key

    def _post(self, path: str, body: bytes) -> bytes:
        kind, _, key = path.strip("/").partition("/")
        data = json.loads(body.decode("utf-8"))
        with self._changed:
            launch = self.launches[key]
            if kind == "commit":
                launch.commits.append(data["cmi"])
                if data.get("terminate"):
                    launch.terminated = data["cmi"]
            else:  # report: a batch of calls, numbered from "from"
                for n, call in enumerate(data["calls"], start=data["from"]):
                    launch.calls[n] = call
            self._changed.notify_all()
        return json.dumps({"result": True, "errorCode": 0}).encode()

    def wait(self, key: str, done, timeout: float = 30.0) -> Launch:
        """Wait until done(launch) is true (the browser posts in the background)."""
        with self._changed:
            if not self._changed.wait_for(lambda: done(self.launches[key]), timeout):
                raise AssertionError(f"the LMS never saw what the test waited for: {done}")
            return self.launches[key]


@dataclass
class LmsPage:
    """The test LMS open in a Playwright page, with one SCO launched."""

    page: object  # playwright.sync_api.Page
    target: str
    server: LmsServer | None = None
    key: str | None = None  # this launch on the server

    def stored(self) -> Launch:
        """What the LMS's server holds for this launch (after reporting the page's calls)."""
        if not self.page.is_closed():
            self.page.evaluate("() => testLms.report()")
            count = self.page.evaluate("() => testLms.calls.length")
            return self.server.wait(self.key, lambda launch: len(launch.calls) >= count)
        return self.server.launches[self.key]

    def wait_terminated(self) -> Launch:
        """Wait for LMSFinish/Terminate and its data on the server; return the launch."""
        end = "LMSFinish" if self.target == "scorm12" else "Terminate"

        def ended(launch):
            return launch.count(end) >= 1 and launch.terminated is not None

        if not self.page.is_closed():  # the calls reach the server when the page reports them
            self.page.wait_for_function(f"() => testLms.calls.some(c => c[0] === '{end}')")
            self.stored()

        return self.server.wait(self.key, ended)

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


def open_lms(
    page, base_url: str, target: str, sco: str, *, cmi=None, failures=None, server=None
) -> LmsPage:
    """Open lms.html and launch `sco` (a path below the served root) in its iframe.

    With `server` (an LmsServer serving base_url) the LMS commits to it like Moodle does.
    """
    page.goto(f"{base_url}/lms/lms.html")
    key = server.new_launch() if server else None
    options = {
        "version": VERSIONS[target],
        "sco": f"{base_url}/{sco}",
        "cmi": cmi,
        "failures": failures or {},
    }
    if server:
        options.update(commitUrl=f"{base_url}/commit/{key}", reportUrl=f"{base_url}/report/{key}")
    page.evaluate("options => testLms.launch(options)", options)
    return LmsPage(page, target, server, key)


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
    # RTE 4.2.9.1: {case_matters=} then {order_matters=}, then "[,]"-joined items.
    "fill-in": re.compile(
        r"^(\{case_matters=(true|false)\})?(\{order_matters=(true|false)\})?(?!\{).{0,250}$",
        re.S,
    ),
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
