"""Mutation-test the core Python modules with mutmut, one group at a time (see modules.py).

    .venv/bin/python tests/mutation/run_python.py                 # every group
    .venv/bin/python tests/mutation/run_python.py render-state targets
    .venv/bin/python tests/mutation/run_python.py --tests-from /tmp/old/tests targets  # "before"
    .venv/bin/python tests/mutation/run_python.py --sample 300 --seed 18 loader  # a random sample

Each group runs in .cache/mutation/<group>/ (mutmut works in a `mutants/` copy of the
sources, so the worktree is never modified), with one worker so other test runs keep a core.
Results go to tests/mutation/results/<group>.json; write_report.py turns them into tests/MUTATION.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

try:
    from tomllib import loads as load_toml
except ModuleNotFoundError:  # Python 3.10: mutmut brings `toml` there
    from toml import loads as load_toml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.mutation.modules import PYTHON_GROUPS, PythonGroup, python_group  # noqa: E402

SCRATCH = REPO / ".cache" / "mutation"
RESULTS = REPO / "tests" / "mutation" / "results"
EQUIVALENTS = REPO / "tests" / "mutation" / "equivalent.toml"
MUTMUT = Path(sys.executable).with_name("mutmut")
# What the tests read besides the sources: the seed course, the schemas, the docs and the
# README (inspect's tests check that it documents every rule).
LINKED = ("src", "tests", "course", "schemas", "docs", "README.md")
# mutmut's exit-code meanings (mutmut.stats.status_by_exit_code, 3.8.1), kept to what a run yields.
STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests", 34: "skipped"}
TIMEOUTS = {36, 24, -24, 152, 255}
NO_MUTANT = "courseforge.no_such_function__mutmut_1"
SAMPLE_BATCH = 60  # mutants a sampled run hands mutmut at once (each call re-runs the clean tests)


def prepare(group: PythonGroup, tests_from: Path) -> Path:
    """Make a fresh scratch folder whose pyproject.toml tells mutmut what to mutate and run."""
    folder = SCRATCH / group.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name in LINKED:
        source = tests_from if name == "tests" else REPO / name
        if source.exists():
            (folder / name).symlink_to(source)
    settings = {
        "source_paths": ["src"],
        "only_mutate": list(group.sources),
        # mutmut copies src/ without following links: the schemas folder is a link.
        "also_copy": ["src/courseforge/schemas", "course", "schemas", "docs", "README.md"],
        "pytest_add_cli_args_test_selection": list(group.tests),
        "pytest_add_cli_args": ["-p", "no:cacheprovider", "-q"],
        # Fork each mutant from a process that has only collected the tests: forked from one
        # that ran them, it would inherit warm caches (compiled XSDs) and skip mutated code.
        "process_isolation": "forkserver",
    }
    lines = ["", "[tool.mutmut]"]
    lines += [f"{key} = {json.dumps(value)}" for key, value in settings.items()]
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    (folder / "pyproject.toml").write_text(pyproject + "\n".join(lines) + "\n", encoding="utf-8")
    return folder


def run_group(
    group: PythonGroup,
    tests_from: Path,
    suffix: str = "",
    again: bool = False,
    sample: tuple[int, int] | None = None,
    plan: bool = False,
    keep: bool = False,
    until: datetime | None = None,
) -> dict | None:
    """Run mutmut over one group; `again`: only the last run's survivors, with today's tests.

    `sample` (size, seed): run only that many of the group's mutants, drawn at random.
    `plan`: stop after counting the mutants and their tests' time; `keep`: reuse that folder.
    `until`: a sampled run starts no batch after this time (it measures fewer mutants).
    """
    folder = SCRATCH / group.name
    survivors = []
    if again:
        keep_first_pass(group.name)
        last = json.loads((RESULTS / f"{group.name}{suffix}.json").read_text(encoding="utf-8"))
        survivors = [s["mutant"] for s in last["survivors"] if "equivalent" not in s]
        if not survivors or not (folder / "mutants").exists():
            raise SystemExit(f"{group.name}: nothing to run again (no survivors or no mutants/)")
    elif not (keep and (folder / "mutants").exists()):
        folder = prepare(group, tests_from)
    log = folder / "mutmut.log"
    print(f"[mutation] {group.name}: mutmut run (log: {log.relative_to(REPO)})", flush=True)
    with log.open("a" if again or keep else "w") as out:
        # First pass: generate the mutants (copy the tests) and record which tests call which
        # function; naming a mutant that does not exist stops mutmut right after the stats.
        subprocess.call([str(MUTMUT), "run", NO_MUTANT], cwd=folder, stdout=out, stderr=out)
        shared = tests_sharing_fixtures(group, folder)
        widen_to_test_files(folder / "mutants" / "mutmut-stats.json", shared)
        print(f"[mutation] {group.name}: {estimate(folder)}", flush=True)
        if plan:
            return None
        if sample:
            code = run_sample(folder, draw_sample(folder, *sample), out, until)
        else:
            code = subprocess.call(
                [str(MUTMUT), "run", "--max-children", "1", *survivors],
                cwd=folder,
                stdout=out,
                stderr=out,
            )
    if code:
        raise SystemExit(f"mutmut failed for {group.name} (exit {code}); see {log}")
    return collect(group, folder, suffix)


def tests_sharing_fixtures(group: PythonGroup, folder: Path) -> set[str]:
    """The group's tests that use one of our fixtures set up once for several tests."""
    listing = folder / "shared-fixtures.json"
    command = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"]
    command += ["-p", "tests.mutation.fixture_scopes", *group.tests]
    environment = {**os.environ, "MUTATION_SHARED_OUT": str(listing)}
    environment["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(REPO), os.environ.get("PYTHONPATH")])
    )
    subprocess.run(command, cwd=folder, env=environment, stdout=subprocess.DEVNULL, check=True)
    return set(json.loads(listing.read_text(encoding="utf-8")))


def widen_to_test_files(stats_path: Path, shared: set[str]) -> None:
    """Add, for each function, the tests of its callers' files that share a fixture.

    mutmut credits a call to the test that was running; a module-scoped fixture that builds a
    package runs inside the file's first test only, so the file's other tests, which check
    what that package holds, would never be run against the mutant. Tests that share no such
    fixture are left to mutmut's own choice: they call the function or cannot notice it.
    """
    if not stats_path.exists():
        raise SystemExit(f"mutmut collected no stats ({stats_path}); see mutmut.log beside it")
    stats = json.loads(stats_path.read_text())
    sharing_in_file: dict[str, set[str]] = {}
    for test in stats["duration_by_test"]:
        if test in shared:
            sharing_in_file.setdefault(test.split("::")[0], set()).add(test)
    by_function = stats["tests_by_mangled_function_name"]
    for function, tests in by_function.items():
        files = {test.split("::")[0] for test in tests}
        widened = set(tests).union(*(sharing_in_file.get(f, set()) for f in files))
        by_function[function] = sorted(widened)
    stats_path.write_text(json.dumps(stats, indent=4))


def all_mutants(folder: Path) -> dict[str, int | None]:
    """Every mutant of the group's last run, with mutmut's exit code (None: not run)."""
    exit_codes: dict[str, int | None] = {}
    for meta in sorted((folder / "mutants").rglob("*.py.meta")):
        exit_codes.update(json.loads(meta.read_text())["exit_code_by_key"])
    return exit_codes


def estimate(folder: Path) -> str:
    """The group's size and the seconds of tests its mutants would run (clean timings)."""
    from mutmut.utils.format_utils import mangled_name_from_mutant_name

    stats = json.loads((folder / "mutants" / "mutmut-stats.json").read_text())
    durations = stats["duration_by_test"]
    by_function = stats["tests_by_mangled_function_name"]
    total = 0.0
    names = list(all_mutants(folder))
    for name in names:
        function = mangled_name_from_mutant_name(name.replace("__init__.", ""))
        tests = by_function.get(function, ())
        total += sum(durations.get(test, 0.0) for test in tests)
    mean = total / len(names) if names else 0.0
    return f"{len(names)} mutants, ~{total:.0f} s of tests ({mean:.1f} s a mutant, clean timings)"


def draw_sample(folder: Path, size: int, seed: int) -> list[str]:
    """Draw `size` of the group's mutants with a seeded generator, in the drawn order."""
    names = sorted(all_mutants(folder), key=_natural)
    chosen = random.Random(seed).sample(names, min(size, len(names)))
    record = {"size": len(chosen), "of": len(names), "seed": seed, "drawn": chosen, "mutants": []}
    (folder / "sample.json").write_text(json.dumps(record, indent=1), encoding="utf-8")
    return chosen


def run_sample(folder: Path, drawn: list[str], out, until: datetime | None) -> int:
    """Run the drawn mutants a batch at a time, in the drawn order, until done or `until`.

    mutmut runs a batch fastest first, so only whole batches count: the mutants measured are
    then the first ones drawn, still a random sample, however early the run is stopped.
    """
    record_path = folder / "sample.json"
    for start in range(0, len(drawn), SAMPLE_BATCH):
        if start and until and datetime.now(timezone.utc) >= until:
            break  # the first batch always runs: a group is never left unmeasured
        batch = drawn[start : start + SAMPLE_BATCH]
        command = [str(MUTMUT), "run", "--max-children", "1", *batch]
        code = subprocess.call(command, cwd=folder, stdout=out, stderr=out)
        if code:
            return code
        record = json.loads(record_path.read_text(encoding="utf-8"))
        record["mutants"] += batch
        record_path.write_text(json.dumps(record, indent=1), encoding="utf-8")
    return 0


def collect(group: PythonGroup, folder: Path, suffix: str = "") -> dict:
    """Read mutmut's per-file verdicts and the diff of every mutant that was not killed."""
    exit_codes: dict[str, int | None] = {}
    source_of: dict[str, str] = {}
    for meta in sorted((folder / "mutants").rglob("*.py.meta")):
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        exit_codes.update(codes)
        source = meta.relative_to(folder / "mutants").as_posix().removesuffix(".meta")
        source_of.update(dict.fromkeys(codes, source))
    equivalents = load_equivalents()
    sample = None
    if (folder / "sample.json").exists():
        sample = json.loads((folder / "sample.json").read_text(encoding="utf-8"))
        gone = [name for name in sample["mutants"] if name not in exit_codes]
        if gone:  # mutmut numbers a function's mutants afresh when its source changes
            raise SystemExit(
                f"{group.name}: {len(gone)} sampled mutants are gone (e.g. {gone[0]}): the "
                "sources changed since the draw, so its names no longer match; draw a new sample"
            )
        exit_codes = {name: exit_codes[name] for name in sample["mutants"]}
    # A run stopped early (--collect) leaves mutants without a verdict: counted apart.
    not_run = sum(code is None for code in exit_codes.values())
    exit_codes = {name: code for name, code in exit_codes.items() if code is not None}
    counts = {"mutants": len(exit_codes), "killed": 0, "survived": 0, "equivalent": 0}
    if not_run:
        counts["not_run"] = not_run
    survivors = []
    for name, code in sorted(exit_codes.items(), key=lambda item: _natural(item[0])):
        status = "timeout" if code in TIMEOUTS else STATUS.get(code, "suspicious")
        if status in ("killed", "timeout"):
            counts["killed"] += 1
            continue
        change = mutant_change(folder, name, source_of[name])
        reason = equivalence_reason(equivalents, name, change["mutated"])
        if status == "survived" and reason:
            counts["equivalent"] += 1
            survivors.append({"mutant": name, **change, "equivalent": reason})
            continue
        counts["survived"] += 1
        listed = name in equivalents
        stale = " (equivalent.toml names it with another change: re-check)" if listed else ""
        survivors.append({"mutant": name, **change, "status": status + stale})
    considered = counts["mutants"] - counts["equivalent"]
    counts["score"] = round(100 * counts["killed"] / considered, 1) if considered else 100.0
    result = {
        "group": group.name,
        "sources": list(group.sources),
        "tests": list(group.tests),
        "tool": "mutmut 3.8.1",
        "counts": counts,
        "survivors": survivors,
    }
    if sample:
        result["sample"] = {
            "size": len(sample["mutants"]),
            "of": sample["of"],
            "seed": sample["seed"],
        }
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{group.name}{suffix}.json"
    if not suffix:
        archive_other_run(group.name, result)
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"[mutation] {group.name}: {counts}", flush=True)
    return result


def keep_first_pass(group: str) -> None:
    """Before re-running survivors, keep the run as it first was: the "before" column.

    A sampled run's first pass is the one figure no test was written for: the unbiased
    estimate of the whole group's score with the tests of its time.
    """
    current, before = RESULTS / f"{group}.json", RESULTS / f"{group}.before.json"
    if current.exists() and not before.exists():
        shutil.copyfile(current, before)


def record_checked_by_hand(group: str, note: str) -> dict:
    """Count a run's survivors killed, when each was checked by hand against a new test.

    For when mutmut cannot re-run them: a fix to the sources renumbers a function's mutants.
    The first pass is kept as "before"; survivors listed in equivalent.toml stay equivalent;
    the note (who checked, how) is printed beside the group's run in MUTATION.md.
    """
    keep_first_pass(group)
    path = RESULTS / f"{group}.json"
    result = json.loads(path.read_text(encoding="utf-8"))
    mark_equivalents(result["survivors"], load_equivalents())
    kept = [survivor for survivor in result["survivors"] if "equivalent" in survivor]
    counts = result["counts"]
    counts["killed"] += len(result["survivors"]) - len(kept)
    counts["survived"], counts["equivalent"] = 0, len(kept)
    considered = counts["mutants"] - counts["equivalent"]
    counts["score"] = round(100 * counts["killed"] / considered, 1) if considered else 100.0
    result["survivors"], result["note"] = kept, note
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return result


def _draw(result: dict) -> tuple | None:
    sample = result.get("sample") or result["counts"].get("sample")
    return (sample["seed"], sample["of"]) if sample else None


def archive_other_run(group: str, result: dict) -> None:
    """Move the group's last run (and its first pass) to results/earlier/ if this is another.

    Another run: another sample, or a whole run after a sample (or the reverse). Re-running
    survivors (`--again`) keeps the same draw and so replaces nothing.
    """
    current = RESULTS / f"{group}.json"
    if not current.exists():
        return
    last = json.loads(current.read_text(encoding="utf-8"))
    if _draw(last) == _draw(result):
        return
    earlier = RESULTS / "earlier"
    earlier.mkdir(exist_ok=True)
    seed, _of = _draw(last) or ("whole", None)
    current.replace(earlier / f"{group}.{seed}.json")
    before = RESULTS / f"{group}.before.json"
    if before.exists():
        before.replace(earlier / f"{group}.{seed}.before.json")


def mutant_change(folder: Path, name: str, source: str) -> dict[str, str]:
    """Return the mutated line(s) of one mutant, before and after (what `mutmut show` prints)."""
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    cwd = Path.cwd()
    os.chdir(folder)  # mutmut reads mutants/<source>
    try:
        shown = get_diff_for_mutant(name, path=source).splitlines()
    finally:
        os.chdir(cwd)
    removed = [line[1:].strip() for line in shown if line.startswith("-") and line[1:2] != "-"]
    added = [line[1:].strip() for line in shown if line.startswith("+") and line[1:2] != "+"]
    return {"original": " / ".join(removed), "mutated": " / ".join(added)}


def equivalence_reason(equivalents: dict[str, dict[str, str]], name: str, mutated: str) -> str:
    """The reason equivalent.toml gives for the mutant, if its entry names this very change.

    Matched on the mutated line too: a renumbered mutant is reported again, never excused.
    """
    known = equivalents.get(name)
    return known["reason"] if known and known["mutated"].strip() == mutated else ""


def mark_equivalents(survivors: list[dict], equivalents: dict[str, dict[str, str]]) -> None:
    """Mark each survivor that equivalent.toml excuses (a result saved before its entry)."""
    for survivor in survivors:
        if "equivalent" in survivor or survivor.get("status") != "survived":
            continue
        reason = equivalence_reason(equivalents, survivor["mutant"], survivor["mutated"])
        if reason:
            survivor.pop("status")
            survivor["equivalent"] = reason


def load_equivalents() -> dict[str, dict[str, str]]:
    if not EQUIVALENTS.exists():
        return {}
    data = load_toml(EQUIVALENTS.read_text(encoding="utf-8"))
    return {entry["mutant"]: entry for entry in data.get("mutant", [])}


def _natural(name: str) -> tuple[str, int]:
    stem, _, number = name.rpartition("_")
    return (stem, int(number) if number.isdigit() else 0)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("groups", nargs="*", help="groups from modules.py (default: all)")
    parser.add_argument(
        "--tests-from",
        type=Path,
        default=REPO / "tests",
        help="run another tests/ folder (e.g. an older commit's) and save <group>.before.json",
    )
    parser.add_argument(
        "--collect",
        action="store_true",
        help="write the results of the group's last run as they stand (a run stopped early: "
        "mutants without a verdict are counted as not run)",
    )
    parser.add_argument(
        "--again",
        action="store_true",
        help="run only the mutants that survived the group's last run, against today's tests",
    )
    parser.add_argument(
        "--sample",
        type=int,
        metavar="N",
        help="run N of each group's mutants, drawn at random (for a group too big to run whole)",
    )
    parser.add_argument("--seed", type=int, default=18, help="the --sample draw's seed")
    parser.add_argument(
        "--until",
        type=lambda text: datetime.fromisoformat(text).astimezone(timezone.utc),
        help="with --sample: start no batch after this time (ISO, e.g. 2026-11-30T01:40+00:00)",
    )
    parser.add_argument(
        "--checked-by-hand",
        metavar="NOTE",
        help="count the last run's survivors killed: each was checked by hand against a new "
        "test (mutmut cannot re-run them once a source fix renumbered them); NOTE says how",
    )
    parser.add_argument(
        "--plan",
        action="store_true",
        help="only count each group's mutants and the time of their tests, then stop",
    )
    parser.add_argument(
        "--keep", action="store_true", help="reuse the scratch folder a --plan left (no re-setup)"
    )
    args = parser.parse_args(argv)
    groups = [python_group(name) for name in args.groups] if args.groups else PYTHON_GROUPS
    suffix = "" if args.tests_from.resolve() == (REPO / "tests").resolve() else ".before"
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    for group in groups:
        if args.checked_by_hand:
            print(record_checked_by_hand(group.name, args.checked_by_hand)["counts"])
            continue
        if args.collect:
            collect(group, SCRATCH / group.name, suffix)
            continue
        sample = (args.sample, args.seed) if args.sample else None
        run_group(
            group,
            args.tests_from.resolve(),
            suffix,
            again=args.again,
            sample=sample,
            plan=args.plan,
            keep=args.keep,
            until=args.until,
        )


if __name__ == "__main__":
    main(sys.argv[1:])
