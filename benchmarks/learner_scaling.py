"""Learner load at seed / 100 / 1,000 lessons, web and SCORM 2004, before and after a change.

    .venv/bin/python benchmarks/learner_scaling.py                 # this tree only
    .venv/bin/python benchmarks/learner_scaling.py --before REV    # and REV's src/, interleaved
    .venv/bin/python benchmarks/learner_scaling.py --before REV --report out.md --json out.json

Each course (the seed course, and 100 and 1,000 lessons from synthetic_course.py) is built for
the web and SCORM 2004 targets by each revision (compare.export_src: REV's src/ first on
PYTHONPATH, same interpreter and libraries). SCORM 2004, because SCORM 1.2 refuses the
1,000-lesson course (its suspend_data is too small). Then learner_load.measure times
navigation → first lesson painted in headless Chromium, a fresh browser context per run (cold
cache, empty storage): the web folder from a static server, the SCORM package unzipped beside
a test LMS page with scorm-again's Scorm2004API. Every launch runs once per round and rounds
repeat, so every figure sees the same machine noise; the first round warms up. Each median is
also given as a ratio to the seed course's, same revision and target, measured in this run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

from compare import export_src
from learner_load import measure, prepare_scorm_lms
from run import SEED_COURSE, SIZES, build_argv, first_lesson_title, run_process
from synthetic_course import generate

TARGETS = {"web": "web (static server)", "scorm2004": "SCORM 2004 in test LMS"}
FIRST_LESSON_MAX_MS = 300  # the target (#14), at 1,000 lessons, web and SCORM


def build_launches(rev: str, src: Path, courses: dict[str, Path], work: Path) -> dict:
    """Build every course with `src`; return (size, target) → (served folder, page path)."""
    launches = {}
    os.environ["PYTHONPATH"] = str(src)
    try:
        for size, course in courses.items():
            out = work / "out" / f"{rev}-{size}".replace(" ", "-")
            run_process(build_argv(course, out, list(TARGETS)))
            web = next(out.glob("*-web"))
            launches[size, "web"] = (web, "index.html")
            lms = work / "lms" / f"{rev}-{size}".replace(" ", "-")
            page, _api = prepare_scorm_lms(next(out.glob("*-scorm2004.zip")), lms, "2004")
            launches[size, "scorm2004"] = (lms, page)
    finally:
        del os.environ["PYTHONPATH"]
    return launches


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="a git revision to compare with (its src/)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--report", type=Path, help="write the Markdown table here")
    parser.add_argument("--json", type=Path, help="write every sample here")
    parser.add_argument("--from-json", type=Path, help="only render the report of a --json file")
    args = parser.parse_args()
    if args.from_json:
        samples = json.loads(args.from_json.read_text(encoding="utf-8"))
        painted = {(s["rev"], s["size"], s["target"]): s["painted_ms"] for s in samples}
        print(render(painted, list(dict.fromkeys(s["rev"] for s in samples))))
        return
    from playwright.sync_api import sync_playwright
    from tests.support.browser import launch_chromium

    revs = ([args.before] if args.before else []) + ["WORKTREE"]
    with tempfile.TemporaryDirectory(prefix="courseforge-learner-") as tmp:
        work = Path(tmp)
        courses = {
            size: SEED_COURSE if shape is None else generate(work / "courses" / size, shape)
            for size, shape in SIZES.items()
        }
        titles = {size: first_lesson_title(course) for size, course in courses.items()}
        launches = {
            rev: build_launches(f"r{i}", export_src(rev, work / f"src-{i}"), courses, work)
            for i, rev in enumerate(revs)
        }
        painted: dict[tuple[str, str, str], list[float]] = {}
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            try:
                for round_ in range(args.runs + 1):  # round 0 warms up
                    for rev in revs:
                        for (size, target), (root, page) in launches[rev].items():
                            ms, _visible, _frame = measure(
                                browser, root, page, titles[size], runs=1, warmup=0
                            )
                            if round_:
                                painted.setdefault((rev, size, target), []).extend(ms)
                    print(f"round {round_} done", file=sys.stderr)
            finally:
                browser.close()
    report = render(painted, revs)
    print(report)
    if args.report:
        args.report.write_text(report, encoding="utf-8")
    if args.json:
        samples = [
            {"rev": rev, "size": size, "target": target, "painted_ms": ms}
            for (rev, size, target), ms in painted.items()
        ]
        args.json.write_text(json.dumps(samples, indent=1), encoding="utf-8")


def render(painted: dict[tuple[str, str, str], list[float]], revs: list[str]) -> str:
    """Return a Markdown table: each launch's median per revision and its ratio to the seed's."""
    header = ["course", "launch"]
    for rev in revs:
        name = "this tree" if rev == "WORKTREE" else rev
        header += [f"{name}: painted, median (min)", f"{name}: × seed"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for size in SIZES:
        for target, label in TARGETS.items():
            row = [size, label]
            for rev in revs:
                runs = painted[rev, size, target]
                median = statistics.median(runs)
                seed = statistics.median(painted[rev, "seed", target])
                row += [f"{median:.0f} ms ({min(runs):.0f})", f"{median / seed:.2f}×"]
            lines.append("| " + " | ".join(row) + " |")
    after = "WORKTREE"
    worst = max(statistics.median(painted[after, "1000 lessons", t]) for t in TARGETS)
    verdict = "met" if worst <= FIRST_LESSON_MAX_MS else "missed"
    lines += [
        "",
        f"First lesson at 1,000 lessons ≤ {FIRST_LESSON_MAX_MS} ms (web and SCORM): "
        f"slowest median {worst:.0f} ms, **{verdict}**.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
