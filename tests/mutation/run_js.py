"""Mutate the learner runtime's JavaScript one change at a time and run its browser tests.

    .venv/bin/python tests/mutation/run_js.py                  # every group in modules.py
    .venv/bin/python tests/mutation/run_js.py js-choice        # some groups
    .venv/bin/python tests/mutation/run_js.py --again js-choice  # re-run its survivors only

The tests run against a copy of src/ in .cache/mutation/js/ (PYTHONPATH puts it before the
editable install), so the worktree's runtime is never modified. A mutant that `node --check`
rejects is not counted. Results go to tests/mutation/results/<group>.json like the Python ones;
`--again` keeps the first full run as <group>.before.json (the "before" column) and re-runs
that run's survivors against today's tests. `--sample N --seed S` runs N mutants of a group
drawn at random (the report says so, with the score's 95 % interval).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.mutation.js_mutants import Mutant, mutants  # noqa: E402
from tests.mutation.modules import JS_GROUPS, JsGroup, js_group  # noqa: E402
from tests.mutation.run_python import (  # noqa: E402
    RESULTS,
    archive_other_run,
    equivalence_reason,
    keep_first_pass,
    load_equivalents,
)

SCRATCH = REPO / ".cache" / "mutation" / "js"
RUNTIME = SCRATCH / "src" / "courseforge" / "runtime"
TIMEOUT_FACTOR = 5  # a mutant that hangs this many times the clean run is counted as killed


def run_tests(group: JsGroup, timeout: float | None = None) -> tuple[int, float]:
    env = {**os.environ, "PYTHONPATH": str(SCRATCH / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"]
    command += ["-p", "tests.mutation.short_waits", *group.tests]
    started = time.monotonic()
    try:
        code = subprocess.call(
            command,
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        code = -1
    return code, time.monotonic() - started


def group_mutants(group: JsGroup) -> list[Mutant]:
    found = []
    for spec in group.functions:
        file, function = spec.split(":")
        source = (REPO / "src" / "courseforge" / "runtime" / file).read_text(encoding="utf-8")
        found += mutants(source, file, function)
    return found


def run_group(
    group: JsGroup, only: set[str] | None = None, sample: tuple[int, int] | None = None
) -> dict:
    """Run every mutant of the group (those named in `only`; a seeded sample) and count them."""
    shutil.rmtree(SCRATCH, ignore_errors=True)
    shutil.copytree(REPO / "src", SCRATCH / "src")  # follows the schemas link
    code, clean_seconds = run_tests(group)
    if code:
        raise SystemExit(f"{group.name}: the tests fail without any mutant (exit {code})")
    found = [m for m in group_mutants(group) if only is None or m.id in only]
    drawn = None
    if sample and sample[0] < len(found):
        picked = set(random.Random(sample[1]).sample(range(len(found)), sample[0]))
        drawn = {"n": sample[0], "of": len(found), "seed": sample[1]}
        found = [m for i, m in enumerate(found) if i in picked]
    print(
        f"[mutation] {group.name}: {len(found)} mutants, clean run {clean_seconds:.0f}s", flush=True
    )
    equivalents = load_equivalents()
    counts = {"mutants": 0, "killed": 0, "survived": 0, "equivalent": 0, "invalid": 0}
    survivors = []
    for mutant in found:
        target = RUNTIME / mutant.id.split(":")[0]
        original = target.read_text(encoding="utf-8")
        try:
            target.write_text(apply(original, mutant), encoding="utf-8")
            if subprocess.call(["node", "--check", str(target)], stderr=subprocess.DEVNULL):
                counts["invalid"] += 1
                continue
            counts["mutants"] += 1
            code, _ = run_tests(group, timeout=TIMEOUT_FACTOR * clean_seconds + 30)
        finally:
            target.write_text(original, encoding="utf-8")
        if code in (1, -1):  # a failed test, or a hang
            counts["killed"] += 1
            continue
        change = {"original": mutant.original_line, "mutated": mutant.mutated_line}
        reason = equivalence_reason(equivalents, mutant.id, mutant.mutated_line)
        if code == 0 and reason:
            counts["equivalent"] += 1
            survivors.append({"mutant": mutant.id, **change, "equivalent": reason})
        else:
            counts["survived"] += 1
            status = "survived" if code == 0 else f"pytest exit {code}"
            survivors.append({"mutant": mutant.id, **change, "status": status})
        print(f"[mutation]   {mutant.id} line {mutant.line}: not killed", flush=True)
    if drawn:
        counts["sample"] = drawn
    return {"counts": counts, "survivors": survivors}


def apply(source: str, mutant: Mutant) -> str:
    return source[: mutant.start] + mutant.replacement + source[mutant.end :]


def score(counts: dict) -> float:
    considered = counts["mutants"] - counts["equivalent"]
    return round(100 * counts["killed"] / considered, 1) if considered else 100.0


def write_result(group: JsGroup, counts: dict, survivors: list[dict], path: Path) -> None:
    counts["score"] = score(counts)
    result = {
        "group": group.name,
        "sources": sources(group),
        "tests": list(group.tests),
        "tool": "tests/mutation/js_mutants.py",
        "counts": counts,
        "survivors": survivors,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"[mutation] {group.name}: {counts}", flush=True)


def sources(group: JsGroup) -> list[str]:
    """One entry per file: "src/courseforge/runtime/<file>: f, g"."""
    by_file: dict[str, list[str]] = {}
    for spec in group.functions:
        file, function = spec.split(":")
        by_file.setdefault(file, []).append(function)
    return [f"src/courseforge/runtime/{file}: {', '.join(f)}" for file, f in by_file.items()]


def run_full(group: JsGroup, sample: tuple[int, int] | None = None) -> None:
    run = run_group(group, sample=sample)
    archive_other_run(group.name, {"counts": run["counts"]})
    write_result(group, run["counts"], run["survivors"], RESULTS / f"{group.name}.json")


def run_again(group: JsGroup) -> None:
    """Re-run the survivors of the group's last result; the first full run stays as "before"."""
    current = RESULTS / f"{group.name}.json"
    if not current.exists():
        raise SystemExit(f"{group.name}: no result to re-run; run the group first")
    keep_first_pass(group.name)
    last = json.loads(current.read_text(encoding="utf-8"))
    rerun = run_group(group, {s["mutant"] for s in last["survivors"]})
    counts = dict(last["counts"])  # a sample stays the same sample
    gone = len(last["survivors"]) - len(rerun["survivors"])  # killed by today's tests
    counts["killed"] += gone - rerun["counts"]["invalid"]
    counts["mutants"] -= rerun["counts"]["invalid"]
    counts["equivalent"] = rerun["counts"]["equivalent"]
    counts["survived"] = rerun["counts"]["survived"]
    write_result(group, counts, rerun["survivors"], current)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("groups", nargs="*", help="groups from modules.py (default: all)")
    parser.add_argument("--again", action="store_true", help="re-run the groups' survivors")
    parser.add_argument("--sample", type=int, help="run a random sample of N mutants per group")
    parser.add_argument("--seed", type=int, default=18, help="the sample's random seed")
    args = parser.parse_args(argv)
    sample = (args.sample, args.seed) if args.sample else None
    groups = [js_group(name) for name in args.groups] if args.groups else list(JS_GROUPS)
    for group in groups:
        run_again(group) if args.again else run_full(group, sample)


if __name__ == "__main__":
    main(sys.argv[1:])
