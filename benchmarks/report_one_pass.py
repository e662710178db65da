"""What issue #15's "aggregate during the scan" plan costs, measured against the floor and against
the report's own `events` load (DuckDB, CPU seconds of the SQL alone, each stage in a fresh process,
rounds interleaved).

    .venv/bin/python benchmarks/report_one_pass.py --data /tmp/cf-report   # after report_analysis.py

The plan: one pass over the file that keeps per (learner, object, wording) facts instead of one
row per statement. These stages are cost probes, not a second report: `facts-min` holds only what
first-answer statistics need (count, first answer by (timestamp, id), best fraction);
`facts-full` adds what attempts and page times need (each statement's time, id and fraction in
a per-group list) and the wording texts (a grouping set); `timeline` is the page-time window
over those lists.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

STAGES = ("floor", "events", "facts-min", "facts-full")
LEARNER = (
    "coalesce(actor.mbox, actor.mbox_sha1sum, actor.openid, "
    "actor.account.homePage || '|' || actor.account.name)"
)
SEQ = "epoch(TRY_CAST(timestamp AS TIMESTAMPTZ))"
KEY = f"struct_pack(t := {SEQ}, i := id)"
FRAC = (
    "coalesce(result.score.scaled, result.score.raw / nullif(result.score.max, 0), "
    "CAST(result.success AS DOUBLE))"
)
KIND = (
    "CASE verb.id WHEN 'http://adlnet.gov/expapi/verbs/answered' THEN 1 "
    "WHEN 'http://adlnet.gov/expapi/verbs/experienced' THEN 2 ELSE 0 END"
)


def stage_sql(stage: str, source: str) -> list[tuple[str, str]]:
    if stage == "floor":
        return [
            (
                "floor",
                "SELECT count(*), count(id), count(actor), count(verb), count(object), "
                f"count(result), max(timestamp) FROM {source}",
            )
        ]
    if stage == "facts-min":
        return [
            (
                "facts-min",
                f"CREATE TABLE facts AS SELECT {LEARNER} AS learner, {KIND} AS kind, "
                "object.id AS iri, hash(object.definition) AS dh, count(*) AS c, "
                f"arg_min(struct_pack(f := {FRAC}, r := result.response, "
                f"d := result.duration), {KEY}) AS first, max({FRAC}) AS best "
                f"FROM {source} GROUP BY ALL",
            )
        ]
    return [
        (
            "facts-full",
            f"CREATE TABLE facts AS SELECT {LEARNER} AS learner, {KIND} AS kind, "
            "object.id AS iri, hash(object.definition) AS dh, "
            "CAST(object.definition AS VARCHAR) AS def, count(*) AS c, "
            f"list(struct_pack(t := {SEQ}, i := id, f := {FRAC})) AS x, "
            f"arg_min(struct_pack(r := result.response, d := result.duration), {KEY}) AS first "
            f"FROM {source} GROUP BY GROUPING SETS ((learner, kind, iri, dh), (iri, dh, def))",
        ),
        (
            "timeline",
            "SELECT iri, quantile_cont(g, 0.5) FROM (SELECT kind, iri, "
            "lead(e.t) OVER (PARTITION BY learner ORDER BY e.t, e.i) - e.t AS g FROM "
            "(SELECT learner, kind, iri, unnest(x) AS e FROM facts WHERE learner IS NOT NULL)) "
            "WHERE kind = 2 AND g BETWEEN 0 AND 1800 GROUP BY iri",
        ),
    ]


def run_stage(stage: str, data: Path) -> None:
    """In this process: run one stage, print `name cpu` per step."""
    from courseforge.report.engine import DuckDBEngine
    from courseforge.report.sources.statement_files import _COLUMNS, load_events

    engine = DuckDBEngine()
    source = (
        f"read_json(['{data}'], format = 'auto', columns = {_COLUMNS}, "
        "maximum_object_size = 16777216)"
    )
    if stage == "events":
        start = time.process_time()
        load_events(engine, [data], "https://courses.example.org/bench-course")
        print(f"events {time.process_time() - start:.3f}")
        return
    for name, sql in stage_sql(stage, source):
        start = time.process_time()
        engine.rows(sql) if sql.startswith("SELECT") else engine.execute(sql)
        print(f"{name} {time.process_time() - start:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="report_analysis.py's folder")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--stage", choices=STAGES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    data = args.data / "statements.ndjson"
    if args.stage:
        run_stage(args.stage, data)
        return
    if not data.exists():
        raise SystemExit(f"{data}: run benchmarks/report_analysis.py --data {args.data} first")
    cpu: dict[str, list[float]] = {}
    for _ in range(args.runs):
        for stage in STAGES:
            out = subprocess.run(
                [sys.executable, __file__, "--data", str(args.data), "--stage", stage],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            for line in out.splitlines():
                name, seconds = line.split()
                cpu.setdefault(name, []).append(float(seconds))
    print("| step | CPU, median | runs |")
    print("|---|---|---|")
    for name, runs in cpu.items():
        print(
            f"| {name} | {statistics.median(runs):.2f} s | "
            + ", ".join(f"{r:.2f}" for r in runs)
            + " |"
        )


if __name__ == "__main__":
    main()
