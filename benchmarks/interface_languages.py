"""What the interface in the course's language costs: build time and what a learner loads.

    .venv/bin/python benchmarks/interface_languages.py [--before REV] [--runs 9]

Builds the seed course (every LMS target) with the code of REV (default: the commit before
issue #11's catalogs, `git merge-base HEAD main`) and with the working tree, runs interleaved
so both see the same machine noise, and the working tree again with the course in Arabic (a
compiled catalog, right to left, six plural forms) and in Austrian German (no catalog of its
own: rules from CLDR through Babel at build time). Checks, from CPU-time medians:

- the seed build with the working tree takes at most 10 % more than with REV;
- the learner runtime (JS + CSS, gzip -9, file by file) of the largest package gains at most
  1 KB and stays within 25 KB; the interface texts the launch page embeds are reported beside.

Exit status 1 when a check fails.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from compare import export_src
from run import REPO_ROOT, RUNTIME_GZIP_MAX_KB, SEED_COURSE, Sample, build_argv, run_process

SEED_GROWTH_MAX = 1.10
# The lookup, number formats and right-to-left rules the runtime gained (its strings moved out).
RUNTIME_GROWTH_MAX_BYTES = 1024
LMS_TARGETS = ["scorm12", "scorm2004", "xapi", "cmi5"]


def seed_in(language: str, into: Path) -> Path:
    """Copy the seed course with its course.yaml set to `language`."""
    course = into / f"seed-{language}"
    shutil.copytree(SEED_COURSE, course)
    settings = course / "course.yaml"
    text = settings.read_text(encoding="utf-8").replace(
        "\nlanguage: en\n", f"\nlanguage: {language}\n"
    )
    settings.write_text(text, encoding="utf-8")
    return course


def default_before() -> str:
    found = subprocess.run(
        ["git", "merge-base", "HEAD", "main"], cwd=REPO_ROOT, capture_output=True, text=True
    )
    return found.stdout.strip() or "HEAD"


def runtime_gzip(package: Path) -> tuple[int, int]:
    """Return gzip -9 bytes of the runtime (JS + CSS, file by file, as run.py counts them) and
    of the interface texts the launch page embeds."""
    with zipfile.ZipFile(package) as archive:
        runtime = sum(
            len(gzip.compress(archive.read(name), 9, mtime=0))
            for name in archive.namelist()
            if name.startswith("runtime/") and name.endswith((".js", ".css"))
        )
        page = archive.read("index.html").decode("utf-8")
    texts = re.search(r'"messages":(\{.*?"plural":"\d+"\})', page)
    embedded = texts[1].encode("utf-8") if texts else b""
    return runtime, len(gzip.compress(embedded, 9, mtime=0))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default=None, help="revision to compare with")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    before = args.before or default_before()
    with tempfile.TemporaryDirectory(prefix="courseforge-i18n-bench-") as tmp:
        work = Path(tmp)
        configs = {
            f"{before[:9]} en": (export_src(before, work / "src-before"), SEED_COURSE),
            "worktree en": (export_src("WORKTREE", work), SEED_COURSE),
            "worktree ar": (export_src("WORKTREE", work), seed_in("ar", work)),
            "worktree de-AT": (export_src("WORKTREE", work), seed_in("de-AT", work)),
        }
        samples: dict[str, list[Sample]] = {name: [] for name in configs}
        for index in range(args.runs + 1):  # the first round warms up
            for name, (src, course) in configs.items():
                out = work / "out" / name.replace(" ", "-")
                shutil.rmtree(out, ignore_errors=True)
                os.environ["PYTHONPATH"] = str(src)
                sample = run_process(build_argv(course, out, LMS_TARGETS))
                if index:
                    samples[name].append(sample)
        cpu = {name: statistics.median(s.cpu for s in runs) for name, runs in samples.items()}
        baseline = cpu[f"{before[:9]} en"]
        print(
            f"Seed course, targets {', '.join(LMS_TARGETS)}, {args.runs} runs each (median CPU):\n"
        )
        print("| build | CPU | × before |")
        print("|---|---|---|")
        for name, seconds in cpu.items():
            print(f"| {name} | {seconds * 1000:.0f} ms | {seconds / baseline:.3f} |")
        growth = cpu["worktree en"] / baseline
        sizes = {}
        for name in (f"{before[:9]} en", "worktree en", "worktree ar"):
            packages = sorted((work / "out" / name.replace(" ", "-")).glob("*.zip"))
            sizes[name] = max(runtime_gzip(p) for p in packages)
        print("\n| course | largest runtime (gzip) | embedded interface texts (gzip) |")
        print("|---|---|---|")
        for name, (runtime, texts) in sizes.items():
            print(f"| {name} | {runtime / 1024:.1f} KB | {texts / 1024:.1f} KB |")
    largest = max(sizes["worktree en"][0], sizes["worktree ar"][0])
    was = sizes[f"{before[:9]} en"][0]
    checks = {
        f"seed build grows ≤ {SEED_GROWTH_MAX - 1:.0%} (got {growth - 1:+.1%})": growth
        <= SEED_GROWTH_MAX,
        f"the interface machinery adds ≤ {RUNTIME_GROWTH_MAX_BYTES} B to the runtime "
        f"(got {largest - was:+} B)": largest - was <= RUNTIME_GROWTH_MAX_BYTES,
        f"largest package's runtime ≤ {RUNTIME_GZIP_MAX_KB} KB gzip (got {largest / 1024:.1f} KB; "
        f"{was / 1024:.1f} KB with {before[:9]})": largest <= RUNTIME_GZIP_MAX_KB * 1024,
    }
    print()
    for check, ok in checks.items():
        print(f"- {'PASS' if ok else 'FAIL'}: {check}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
