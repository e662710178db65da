"""Mutate the learner runtime's JavaScript one change at a time and run its browser tests.

    .venv/bin/python tests/mutation/run_js.py                    # every group in modules.py
    .venv/bin/python tests/mutation/run_js.py js-quiz-isCorrect

The tests run against a copy of src/ in .cache/mutation/js/ (PYTHONPATH puts it before the
editable install), so the worktree's runtime is never modified. A mutant that `node --check`
rejects is not counted. Results go to tests/mutation/results/<group>.json like the Python ones.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.mutation.js_mutants import Mutant, mutants  # noqa: E402
from tests.mutation.modules import JS_GROUPS, JsGroup  # noqa: E402
from tests.mutation.run_python import RESULTS, load_equivalents  # noqa: E402

SCRATCH = REPO / ".cache" / "mutation" / "js"
TIMEOUT_FACTOR = 5  # a mutant that hangs this many times the clean run is counted as killed


def run_tests(group: JsGroup, timeout: float | None = None) -> tuple[int, float]:
    env = {**os.environ, "PYTHONPATH": str(SCRATCH / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *group.tests]
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


def run_group(group: JsGroup) -> dict:
    shutil.rmtree(SCRATCH, ignore_errors=True)
    shutil.copytree(REPO / "src", SCRATCH / "src")  # follows the schemas link
    target = SCRATCH / "src" / "courseforge" / "runtime" / group.file
    original = target.read_text(encoding="utf-8")
    code, clean_seconds = run_tests(group)
    if code:
        raise SystemExit(f"{group.name}: the tests fail without any mutant (exit {code})")
    found = mutants(original, group.file, group.function)
    print(
        f"[mutation] {group.name}: {len(found)} mutants, clean run {clean_seconds:.0f}s", flush=True
    )
    equivalents = load_equivalents()
    counts = {"mutants": 0, "killed": 0, "survived": 0, "equivalent": 0, "invalid": 0}
    survivors = []
    try:
        for mutant in found:
            target.write_text(apply(original, mutant), encoding="utf-8")
            if subprocess.call(["node", "--check", str(target)], stderr=subprocess.DEVNULL):
                counts["invalid"] += 1
                continue
            counts["mutants"] += 1
            code, _ = run_tests(group, timeout=TIMEOUT_FACTOR * clean_seconds + 30)
            if code in (1, -1):  # a failed test, or a hang
                counts["killed"] += 1
                continue
            change = {"original": mutant.original_line, "mutated": mutant.mutated_line}
            known = equivalents.get(mutant.id)
            if code == 0 and known and known["mutated"].strip() == mutant.mutated_line:
                counts["equivalent"] += 1
                survivors.append({"mutant": mutant.id, **change, "equivalent": known["reason"]})
            else:
                counts["survived"] += 1
                status = "survived" if code == 0 else f"pytest exit {code}"
                survivors.append({"mutant": mutant.id, **change, "status": status})
            print(f"[mutation]   {mutant.id} line {mutant.line}: not killed", flush=True)
    finally:
        target.write_text(original, encoding="utf-8")
    considered = counts["mutants"] - counts["equivalent"]
    counts["score"] = round(100 * counts["killed"] / considered, 1) if considered else 100.0
    result = {
        "group": group.name,
        "sources": [f"src/courseforge/runtime/{group.file}:{group.function}"],
        "tests": list(group.tests),
        "tool": "tests/mutation/js_mutants.py",
        "counts": counts,
        "survivors": survivors,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    (RESULTS / f"{group.name}.json").write_text(text, encoding="utf-8")
    print(f"[mutation] {group.name}: {counts}", flush=True)
    return result


def apply(source: str, mutant: Mutant) -> str:
    return source[: mutant.start] + mutant.replacement + source[mutant.end :]


def main(argv: list[str]) -> None:
    groups = [g for g in JS_GROUPS if not argv or g.name in argv]
    if argv and len(groups) != len(argv):
        known = ", ".join(g.name for g in JS_GROUPS)
        raise SystemExit(f"unknown JS group in {argv}; expected some of {known}")
    for group in groups:
        run_group(group)


if __name__ == "__main__":
    main(sys.argv[1:])
