"""Where `courseforge report`'s CPU goes, query by query (one process, DuckDB).

    .venv/bin/python benchmarks/report_steps.py COURSE_DIR STATEMENTS_FILE [--top 25]

Prints the CPU (user + system, all threads) and wall time of every statement the report sends
to DuckDB, largest first, then the totals: imports, the whole report, the SQL. Pair it with
benchmarks/report_analysis.py (whole processes, interleaved, the issue's ratio): this one says
which query to work on, that one whether the change paid.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("course", type=Path)
    parser.add_argument("statements", type=Path)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    start = _cpu()
    from courseforge.report import engine
    from courseforge.report.run import ReportRequest, make_report

    imports = _cpu() - start
    steps: list[tuple[float, float, str]] = []

    def timed(method):
        def run(self, sql, params=None):
            cpu, wall = _cpu(), time.perf_counter()
            result = method(self, sql, params)
            steps.append((_cpu() - cpu, time.perf_counter() - wall, " ".join(sql.split())))
            return result

        return run

    engine.DuckDBEngine.execute = timed(engine.DuckDBEngine.execute)
    engine.DuckDBEngine.rows = timed(engine.DuckDBEngine.rows)
    start = _cpu()
    make_report(ReportRequest(course_dir=args.course, statements=[args.statements]))
    total = _cpu() - start
    print(
        f"imports {imports:.2f} s, report {total:.2f} s, of which SQL "
        f"{sum(cpu for cpu, _, _ in steps):.2f} s ({len(steps)} statements)"
    )
    print("| CPU | wall | statement |\n|---|---|---|")
    for cpu, wall, sql in sorted(steps, reverse=True)[: args.top]:
        print(f"| {cpu:.2f} s | {wall:.2f} s | `{sql[:100]}` |")


if __name__ == "__main__":
    main()
