"""Benchmark `courseforge report` on 1,000,000 statements (≈ 20,000 learners) against DuckDB's
own scan of the same files, measured in the same run (the issue's target: ≤ 2× the scan, peak
RSS ≤ 1 GB).

    .venv/bin/python benchmarks/report_analysis.py                      # 1,000,000 statements
    .venv/bin/python benchmarks/report_analysis.py --statements 50000   # a quick look
    .venv/bin/python benchmarks/report_analysis.py --before HEAD~1 --data /tmp/cf-report

Both sides run as whole processes, timed from spawn to exit; CPU (user + system) and peak RSS
from os.wait4. The floor is DuckDB reading every column of every statement (`count(*)` over
read_json with the same columns the report reads), so the ratio shows what the analysis adds
to reading the data. CPU carries the ratio: on a shared machine wall time swings with the load.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

PYTHON = sys.executable
BASE = "https://courses.example.org/bench-course"
QUIZZES, QUESTIONS, LESSONS = 4, 10, 8
TIME_RATIO_MAX = 2.0
RSS_MAX_MB = 1024


def write_course(root: Path) -> None:
    pages = []
    (root / "modules" / "m").mkdir(parents=True)
    for n in range(LESSONS):
        (root / "modules" / "m" / f"l{n}.md").write_text(
            f"---\nid: l{n}\ntitle: Lesson {n}\n---\nText.\n"
        )
        pages.append(f"l{n}.md")
        if n % 2 == 1:
            q = n // 2
            lines = [f"id: quiz{q}", f"title: Quiz {q}", "graded: true", "questions:"]
            for i in range(QUESTIONS):
                lines += [
                    f"  - id: z{q}-q{i}",
                    "    type: single_choice",
                    f"    prompt: Question {i} of quiz {q}?",
                    "    choices:",
                    "      - {text: Right, correct: true}",
                    "      - {text: Wrong one}",
                    "      - {text: Wrong two}",
                ]
            (root / "modules" / "m" / f"quiz{q}.quiz.yaml").write_text("\n".join(lines) + "\n")
            pages.append(f"quiz{q}.quiz.yaml")
    (root / "modules" / "m" / "module.yaml").write_text(
        "id: m\ntitle: M\npages:\n" + "".join(f"  - {p}\n" for p in pages)
    )
    (root / "course.yaml").write_text(
        f"id: bench-course\ntitle: Bench\ndescription: Bench.\nbase_iri: {BASE}\nmodules:\n  - m\n"
    )


def definition(quiz: int, q: int) -> str:
    return json.dumps(
        {
            "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
            "name": {"en": f"Question {q} of quiz {quiz}?"},
            "description": {"en": f"Question {q} of quiz {quiz}?"},
            "interactionType": "choice",
            "correctResponsesPattern": ["a"],
            "choices": [
                {"id": c, "description": {"en": t}}
                for c, t in zip("abc", ["Right", "Wrong one", "Wrong two"], strict=True)
            ],
        }
    )


def write_statements(path: Path, target: int, seed: int = 7) -> tuple[int, int]:
    rng = random.Random(seed)
    defs = {(z, q): definition(z, q) for z in range(QUIZZES) for q in range(QUESTIONS)}
    difficulty = {(z, q): rng.uniform(-2, 2) for z in range(QUIZZES) for q in range(QUESTIONS)}
    t0 = 1_790_000_000.0
    written = learners = 0
    with open(path, "w", encoding="utf-8") as out:
        while written < target:
            learner = learners
            learners += 1
            theta = rng.gauss(0, 1)
            actor = json.dumps({"mbox": f"mailto:l{learner}@example.com", "name": f"L {learner}"})
            reg = str(uuid.UUID(int=rng.getrandbits(128)))
            clock = t0 + learner * 60
            for n in range(LESSONS):
                clock += 30 + rng.random() * 90
                out.write(
                    f'{{"id":"{uuid.UUID(int=rng.getrandbits(128))}","actor":{actor},'
                    f'"verb":{{"id":"http://adlnet.gov/expapi/verbs/experienced"}},'
                    f'"object":{{"id":"{BASE}/l{n}"}},"context":{{"registration":"{reg}"}},'
                    f'"timestamp":"{_iso(clock)}"}}\n'
                )
                written += 1
                if n % 2 == 1:
                    z = n // 2
                    for _attempt in range(1 + (rng.random() < 0.25)):
                        for q in range(QUESTIONS):
                            right = rng.random() < 1 / (1 + math.exp(-(theta - difficulty[(z, q)])))
                            choice = "a" if right else rng.choice("bc")
                            lat = 3 + rng.random() * 20
                            clock += lat
                            s = int(right)
                            out.write(
                                f'{{"id":"{uuid.UUID(int=rng.getrandbits(128))}","actor":{actor},'
                                f'"verb":{{"id":"http://adlnet.gov/expapi/verbs/answered"}},'
                                f'"object":{{"id":"{BASE}/quiz{z}/z{z}-q{q}","definition":{defs[(z, q)]}}},'
                                f'"result":{{"success":{"true" if right else "false"},'
                                f'"response":"{choice}","duration":"PT{lat:.2f}S",'
                                f'"score":{{"raw":{s},"min":0,"max":1,"scaled":{s}}}}},'
                                f'"context":{{"registration":"{reg}"}},"timestamp":"{_iso(clock)}"}}\n'
                            )
                            written += 1
    return written, learners


def _iso(seconds: float) -> str:
    return (
        time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds))
        + f".{int(seconds % 1 * 1000):03d}Z"
    )


@dataclass
class Sample:
    wall: float
    cpu: float  # user + system of the whole process (all threads)
    rss_mb: float


def measure(argv: list[str], env: dict[str, str] | None = None) -> Sample:
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env or os.environ.copy()
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{argv[:3]} failed: {process.stderr.read().decode()[-2000:]}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


# The floor: DuckDB reading every column the report reads, with the same types, touching each.
# It imports DuckDB only (the column types come as an argument): importing them from
# courseforge would charge the floor with the course loader's imports.
SCAN = """
import duckdb, sys
print(duckdb.sql(
    f"SELECT count(*), count(id), count(actor), count(verb), count(object), count(result), "
    f"max(timestamp) FROM read_json(['{sys.argv[1]}'], format='auto', columns={sys.argv[2]}, "
    "maximum_object_size=16777216)"
).fetchall())
"""


def _median(samples: list[Sample]) -> Sample:
    return Sample(
        statistics.median(s.wall for s in samples),
        statistics.median(s.cpu for s in samples),
        statistics.median(s.rss_mb for s in samples),
    )


def _report_argv(course: Path, data: Path, out: Path) -> list[str]:
    return [PYTHON, "-m", "courseforge", "report", str(course), "--statements", str(data)] + [
        "--out",
        str(out),
        "--json",
        "--csv",
    ]


def _same_figures(before: Path, after: Path) -> str:
    """Largest relative difference between two report.json files; questions.csv compared bytewise."""
    worst = 0.0

    def walk(a, b, where: str) -> None:
        nonlocal worst
        if isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys():
            for key in a:
                walk(a[key], b[key], f"{where}.{key}")
        elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
            for n, (x, y) in enumerate(zip(a, b, strict=True)):
                walk(x, y, f"{where}[{n}]")
        elif isinstance(a, float) and isinstance(b, (int, float)):
            worst = max(worst, abs(a - b) / max(abs(a), abs(b), 1e-300))
        elif a != b:
            raise SystemExit(f"report.json differs at {where}: {a!r} != {b!r}")

    walk(
        json.loads((before / "report.json").read_text()),
        json.loads((after / "report.json").read_text()),
        "$",
    )
    same_csv = (before / "questions.csv").read_bytes() == (after / "questions.csv").read_bytes()
    if worst > 1e-12 or not same_csv:
        raise SystemExit(
            f"figures differ: worst relative {worst:.1e}, questions.csv same: {same_csv}"
        )
    return f"report.json within {worst:.1e} relative, questions.csv byte-identical"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--before",
        metavar="REV",
        help="also time the report at git REV, interleaved, and "
        "check that both give the same figures",
    )
    parser.add_argument(
        "--data", type=Path, help="keep the course and statements in this folder (reused if there)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cf-report-bench-") as tmp:
        root = args.data or Path(tmp)
        data = root / "statements.ndjson"
        if not data.exists():
            write_course(root / "course")
            t = time.perf_counter()
            count, learners = write_statements(data, args.statements)
            print(
                f"wrote {count:,} statements of {learners:,} learners "
                f"({data.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t:.0f} s"
            )
        from courseforge.report.sources.statement_files import _COLUMNS

        sides: dict[str, dict[str, str] | None] = {"after": None}
        if args.before:
            sys.path.insert(0, str(Path(__file__).parent))
            from compare import export_src

            env = os.environ.copy()
            env["PYTHONPATH"] = str(export_src(args.before, Path(tmp) / "before"))
            sides = {"before": env, "after": None}
        samples: dict[str, list[Sample]] = {"scan": [], **{side: [] for side in sides}}
        for _ in range(args.runs):  # interleaved: every side sees the same machine noise
            samples["scan"].append(measure([PYTHON, "-c", SCAN, str(data), _COLUMNS]))
            for side, env in sides.items():
                argv = _report_argv(root / "course", data, Path(tmp) / f"out-{side}")
                samples[side].append(measure(argv, env))
        scan = _median(samples["scan"])
        print("| what | CPU, median | wall, median | peak RSS | CPU ratio to the floor |")
        print("|---|---|---|---|---|")
        print(
            f"| DuckDB scan (floor) | {scan.cpu:.2f} s | {scan.wall:.2f} s | {scan.rss_mb:.0f} MB | 1 |"
        )
        for side in sides:
            got = _median(samples[side])
            print(
                f"| courseforge report, {side} | {got.cpu:.2f} s | {got.wall:.2f} s | "
                f"{got.rss_mb:.0f} MB | {got.cpu / scan.cpu:.2f}× |"
            )
        for name, runs in samples.items():
            print(f"{name}: " + ", ".join(f"{s.cpu:.2f} s CPU / {s.wall:.2f} s" for s in runs))
        after = _median(samples["after"])
        ratio = after.cpu / scan.cpu
        print(f"target: CPU ratio ≤ {TIME_RATIO_MAX}× ({ratio:.2f}×), peak RSS ≤ {RSS_MAX_MB} MB")
        summary = json.loads((Path(tmp) / "out-after" / "report.json").read_text())
        print(
            f"report: {summary['learners']:,} learners, {summary['course_statements']:,} statements"
        )
        if args.before:
            print(_same_figures(Path(tmp) / "out-before", Path(tmp) / "out-after"))
        sys.exit(0 if ratio <= TIME_RATIO_MAX and after.rss_mb <= RSS_MAX_MB else 1)


if __name__ == "__main__":
    main()
