"""Before/after: time `courseforge build` from two git revisions, runs interleaved.

    .venv/bin/python benchmarks/compare.py BEFORE AFTER [--lessons 1000] [--target web ...]

Each revision's src/ is exported with `git archive` (WORKTREE means the working tree's src/)
and put first on PYTHONPATH, so both run with the same interpreter and libraries. Runs
alternate A, B, A, B… so both see the same machine noise. Prints medians of wall, CPU and
peak RSS for each.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from run import REPO_ROOT, SEED_COURSE, SIZES, Sample, build_argv, run_process
from synthetic_course import generate


def export_src(rev: str, into: Path) -> Path:
    """Return a folder whose courseforge package is the one at `rev`."""
    if rev == "WORKTREE":
        return REPO_ROOT / "src"
    into.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", rev, "src"], cwd=REPO_ROOT, check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    # The package links its schemas to the top-level folder; the tar keeps the link relative.
    schemas = subprocess.run(
        ["git", "archive", rev, "schemas"], cwd=REPO_ROOT, check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=schemas, check=True)
    return into / "src"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--size", default="1000 lessons", choices=list(SIZES))
    parser.add_argument("--target", action="append", default=[], dest="targets")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="courseforge-compare-") as tmp:
        work = Path(tmp)
        shape = SIZES[args.size]
        course = SEED_COURSE if shape is None else generate(work / "course", shape)
        sources = {
            rev: export_src(rev, work / f"src-{i}")
            for i, rev in enumerate((args.before, args.after))
        }
        samples: dict[str, list[Sample]] = {rev: [] for rev in sources}
        for index in range(args.runs + 1):  # the first round warms up
            for rev, src in sources.items():
                os.environ["PYTHONPATH"] = str(src)
                shutil.rmtree(work / "out", ignore_errors=True)
                sample = run_process(build_argv(course, work / "out", args.targets))
                if index:
                    samples[rev].append(sample)
        for rev, runs in samples.items():
            print(
                f"{rev:>12}: wall {statistics.median(s.wall for s in runs):.3f} s "
                f"(min {min(s.wall for s in runs):.3f}), "
                f"CPU {statistics.median(s.cpu for s in runs):.3f} s, "
                f"peak RSS {max(s.rss_mb for s in runs):.0f} MB",
                file=sys.stdout,
            )


if __name__ == "__main__":
    main()
