"""Benchmark `courseforge report` on 1,000,000 statements (≈ 20,000 learners) against DuckDB's
own scan of the same files, measured in the same run (the issue's target: ≤ 2× the scan, peak
RSS ≤ 1 GB).

    .venv/bin/python benchmarks/report_analysis.py                   # 1,000,000 statements
    .venv/bin/python benchmarks/report_analysis.py --learners 2000   # a quick look

Both sides run as whole processes, timed from spawn to exit, peak RSS from os.wait4. The floor
is DuckDB reading every column of every statement (`count(*)` over read_json with the same
columns the report reads), so the ratio shows what the analysis adds to reading the data.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

PYTHON = sys.executable
COURSEFORGE = str(Path(PYTHON).parent / "courseforge")
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


def measure(argv: list[str]) -> tuple[float, float]:
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{argv[:3]} failed: {process.stderr.read().decode()[-2000:]}")
    return wall, usage.ru_maxrss / 1024


# DuckDB reading every column the report reads, with the same types, and touching each.
SCAN = """
import duckdb, sys
from courseforge.report.sources.statement_files import _COLUMNS
print(duckdb.sql(
    f"SELECT count(*), count(id), count(actor), count(verb), count(object), count(result), "
    f"max(timestamp) FROM read_json(['{sys.argv[1]}'], format='auto', columns={_COLUMNS}, "
    "maximum_object_size=16777216)"
).fetchall())
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cf-report-bench-") as tmp:
        root = Path(tmp)
        write_course(root / "course")
        data = root / "statements.ndjson"
        t = time.perf_counter()
        count, learners = write_statements(data, args.statements)
        print(
            f"wrote {count:,} statements of {learners:,} learners "
            f"({data.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t:.0f} s"
        )
        scans, reports = [], []
        for _ in range(args.runs):
            scans.append(measure([PYTHON, "-c", SCAN, str(data)]))
            reports.append(
                measure(
                    [
                        COURSEFORGE,
                        "report",
                        str(root / "course"),
                        "--statements",
                        str(data),
                        "--out",
                        str(root / "out"),
                        "--json",
                        "--csv",
                    ]
                )
            )
        scan = sorted(scans)[len(scans) // 2]
        report = sorted(reports)[len(reports) // 2]
        ratio = report[0] / scan[0]
        print("| what | wall, median | peak RSS |")
        print("|---|---|---|")
        print(f"| DuckDB scan of the file (floor) | {scan[0]:.2f} s | {scan[1]:.0f} MB |")
        print(f"| courseforge report (HTML+JSON+CSV) | {report[0]:.2f} s | {report[1]:.0f} MB |")
        print(
            f"| ratio | {ratio:.2f}× (target ≤ {TIME_RATIO_MAX}×) | "
            f"{'within' if report[1] <= RSS_MAX_MB else 'OVER'} {RSS_MAX_MB} MB |"
        )
        summary = json.loads((root / "out" / "report.json").read_text())
        print(
            f"report: {summary['learners']:,} learners, {summary['course_statements']:,} statements"
        )
        sys.exit(0 if ratio <= TIME_RATIO_MAX and report[1] <= RSS_MAX_MB else 1)


if __name__ == "__main__":
    main()
