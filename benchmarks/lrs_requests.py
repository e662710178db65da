"""HTTP requests one cmi5 learner session sends to the LRS: the seed course, passed, then Exit.

The same package runs twice per round in headless Chromium against the tests' real LRS (Ralph
behind tests/support/docstore.py) and test LMS (tests/support/lms_launcher.py): once with the
learner runtime of this tree, once with the runtime of a baseline git revision swapped into the
same zip, so both see the same machine. A round is: launch, walk every page answering every
question right (the course is passed and completed), press Exit, close the tab; then wait until
the LRS has seen no request for QUIET_S. Counted per run, from the LRS's own request log:

- requests: every request the LRS answered (statements, state, profile), plus CORS preflights;
- statement writes (POST/PUT /statements) and how many statements Ralph stored;
- state writes (PUT/POST activities/state) and those whose body equals the previous write's;
- requests answered 4xx/5xx, and any request after the stored `terminated`.

    .venv/bin/python benchmarks/lrs_requests.py [--rounds 3] [--baseline REV]
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tests.support.browser import launch_chromium  # noqa: E402
from tests.support.docstore import TestLrs, verb_name  # noqa: E402
from tests.support.lms_launcher import CourseLearner, TestLms, learner  # noqa: E402

# The runtime before issue #10 (one POST per statement, a state write per interaction).
BASELINE_REV = "7410b35"
RUNTIME = "src/courseforge/runtime"
QUIET_S = 1.5  # the LRS heard nothing for this long: the session's requests are over
TARGET_MAX_REQUESTS = 25  # issue #10


@dataclass
class SessionCount:
    runtime: str
    requests: int
    preflights: int
    statement_writes: int
    statements: int
    state_writes: int
    unchanged_state_writes: int
    reads: int
    errors: int
    after_terminated: int


def runtime_files(rev: str | None) -> dict[str, bytes]:
    """The learner runtime files a package carries, from this tree (None) or a git revision."""
    from courseforge.render.site import RUNTIME_PARTS, runtime_script
    from courseforge.targets.xapi import xapi_adapter_source

    if rev is None:
        return {
            "runtime/courseforge.js": runtime_script(),
            "runtime/adapters/xapi.js": xapi_adapter_source(),
        }

    def show(path: str) -> bytes | None:
        done = subprocess.run(
            ["git", "show", f"{rev}:{RUNTIME}/{path}"], cwd=REPO_ROOT, capture_output=True
        )
        return done.stdout if done.returncode == 0 else None

    # A revision whose runtime or adapter is assembled from parts is assembled the same way.
    if show("session.js"):
        parts = b"\n".join(show(name) or b"" for name in RUNTIME_PARTS)
        runtime = b'(() => {\n"use strict";\n' + parts + b"})();\n"
    else:
        runtime = show("courseforge.js")
    adapter = xapi_adapter_source(show) if show("adapters/xapi-lrs.js") else None
    return {
        "runtime/courseforge.js": runtime,
        "runtime/adapters/xapi.js": adapter or show("adapters/xapi.js"),
    }


def with_runtime(package: Path, files: dict[str, bytes], out: Path) -> Path:
    """Copy a zip with some of its files replaced."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(package) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            target.writestr(info, files.get(info.filename) or source.read(info.filename))
    out.write_bytes(buffer.getvalue())
    return out


def wait_quiet(lrs: TestLrs) -> None:
    """Return once the LRS has answered no request for QUIET_S seconds."""
    seen = -1
    while True:
        now = len(lrs.frontend.log) + len(lrs.frontend.preflights)
        if now == seen:
            return
        seen = now
        time.sleep(QUIET_S)


def one_session(browser, lms: TestLms, lrs: TestLrs, label: str, name: str) -> SessionCount:
    logged, preflights = len(lrs.frontend.log), len(lrs.frontend.preflights)
    launch = lms.launch_cmi5(learner(name))
    logged = len(lrs.frontend.log)  # the LMS's own launch writes are not the course's
    context = browser.new_context()
    page = context.new_page()
    you = CourseLearner(page)
    you.open(launch.url)
    you.walk(answers=True)
    you.exit()
    deadline = time.monotonic() + 30
    while not any(
        verb_name(s) == "terminated" for s in lrs.statements(registration=launch.registration)
    ):
        if time.monotonic() > deadline:
            raise RuntimeError(f"{label}: no terminated statement within 30 s")
        time.sleep(0.2)
    page.close()
    context.close()
    wait_quiet(lrs)
    log = lrs.frontend.log[logged:]
    stored = lrs.statements(registration=launch.registration)
    terminated = next(s for s in stored if verb_name(s) == "terminated")["stored"]
    terminated_at = _epoch(terminated)
    state = [
        r
        for r in log
        if r.resource == "activities/state"
        and r.method in ("PUT", "POST")
        and r.params.get("stateId") == "courseforge.state"
    ]
    contents = [_learner_data(r.body) for r in state]
    unchanged = sum(1 for a, b in zip(contents, contents[1:], strict=False) if a == b)
    return SessionCount(
        runtime=label,
        requests=len(log) + len(lrs.frontend.preflights) - preflights,
        preflights=len(lrs.frontend.preflights) - preflights,
        statement_writes=sum(
            1 for r in log if r.resource == "statements" and r.method in ("POST", "PUT")
        ),
        statements=sum(1 for s in stored if verb_name(s) not in ("launched", "abandoned")),
        state_writes=len(state),
        unchanged_state_writes=unchanged,
        reads=sum(1 for r in log if r.method == "GET"),
        errors=sum(
            1 for r in log if r.status >= 400 and not (r.method == "GET" and r.status == 404)
        ),
        after_terminated=sum(1 for r in log if r.at > terminated_at + 0.05),
    )


def _learner_data(body: bytes) -> dict:
    """A state document without its clocks (savedAt, timeMs): what the learner did."""
    doc = json.loads(body or b"{}")
    return {k: v for k, v in doc.items() if k not in ("savedAt", "timeMs")}


def _epoch(stamp: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


def measure(rounds: int, baseline: str, work: Path) -> dict:
    """Run both runtimes `rounds` times, interleaved; return every count."""
    from playwright.sync_api import sync_playwright

    from courseforge.build import build

    work.mkdir(parents=True, exist_ok=True)
    build(REPO_ROOT / "course", work / "dist", ["cmi5"])
    package = work / "dist" / "ai-engineering-architect-cmi5.zip"
    packages = {
        "this tree": with_runtime(package, runtime_files(None), work / "current.zip"),
        f"baseline {baseline}": with_runtime(
            package, runtime_files(baseline), work / "baseline.zip"
        ),
    }
    lrs = TestLrs(work / "lrs")
    counts: list[SessionCount] = []
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            for index in range(rounds):
                for label, zip_path in packages.items():
                    lms = TestLms(zip_path, lrs)
                    try:
                        counts.append(one_session(browser, lms, lrs, label, f"bench-{index}"))
                    finally:
                        lms.close()
            browser.close()
    finally:
        lrs.close()
    return {"baseline": baseline, "rounds": rounds, "sessions": [asdict(c) for c in counts]}


FIELDS = (
    ("requests", "HTTP requests to the LRS (incl. preflights)"),
    ("preflights", "of which CORS preflights"),
    ("statement_writes", "statement requests (POST/PUT)"),
    ("statements", "statements stored"),
    ("state_writes", "state writes"),
    ("unchanged_state_writes", "state writes of unchanged content"),
    ("reads", "reads (GET)"),
    ("errors", "answers 4xx/5xx (a 404 read of a document not yet written aside)"),
    ("after_terminated", "requests after `terminated` was stored"),
)


def report(results: dict) -> str:
    sessions = results["sessions"]
    labels = list(dict.fromkeys(s["runtime"] for s in sessions))
    medians = {
        label: {
            key: statistics.median(s[key] for s in sessions if s["runtime"] == label)
            for key, _ in FIELDS
        }
        for label in labels
    }
    current, base = labels[0], labels[1]
    lines = [
        "| per cmi5 pass run (median of "
        f"{results['rounds']}) | {current} | {base} | this tree ÷ baseline |",
        "|---|---|---|---|",
    ]
    for key, text in FIELDS:
        now, before = medians[current][key], medians[base][key]
        ratio = f"{now / before:.2f}×" if before else ("—" if not now else "∞")
        lines.append(f"| {text} | {now:g} | {before:g} | {ratio} |")
    ok = medians[current]["requests"] <= TARGET_MAX_REQUESTS
    lines += [
        "",
        f"Target (issue #10): at most {TARGET_MAX_REQUESTS} requests per pass run, no state "
        f"write of unchanged content: **{'met' if ok else 'missed'}** "
        f"({medians[current]['requests']:g} requests, "
        f"{medians[current]['unchanged_state_writes']:g} unchanged writes).",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", default=BASELINE_REV, help="git revision to compare with")
    parser.add_argument("--json", type=Path, help="also write the raw counts here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="courseforge-lrs-bench-") as work:
        results = measure(args.rounds, args.baseline, Path(work))
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
