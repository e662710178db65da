"""The two SQL engines behind the report: DuckDB (embedded, default) and ClickHouse (via chDB).

Both run the same analysis queries (report/analysis.py, report/page_analysis.py); a `Dialect`
names the handful of functions that are spelt differently, report/engine_sql.py the statements.
Each source fills the flat `events` table (statement files and Moodle's CSV on DuckDB, Ralph's
table on ClickHouse).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from courseforge.report.errors import ReportError

INSTALL_REPORT = "pip install 'courseforge[report]'"
INSTALL_CLICKHOUSE = "pip install 'courseforge[report-clickhouse]'"


@dataclass(frozen=True)
class Dialect:
    name: str
    median: str  # format with the expression
    string: str  # the string column type

    def med(self, expr: str) -> str:
        return self.median.format(expr)


DUCKDB = Dialect("duckdb", "quantile_cont({}, 0.5)", "VARCHAR")
MEMORY_LIMIT = "600MB"
CLICKHOUSE = Dialect("clickhouse", "quantileExactInclusive(0.5)({})", "String")

# The flat table every source fills (one row per statement or per Moodle interaction).
EVENT_COLUMNS = (
    ("verb", "string"),
    ("learner", "string"),
    ("learner_name", "string"),
    ("object_iri", "string"),
    ("def_raw", "string"),  # the interaction definition's JSON text, or its mark in `wordings`
    ("def_h", "hash"),  # a 64-bit hash of the text, the same function of it throughout one source
    ("response", "string"),
    ("success", "int"),
    ("raw", "float"),
    ("smax", "float"),
    ("scaled", "float"),
    ("latency_s", "float"),
    ("seq", "float"),
    ("sid", "string"),
    ("filename", "string"),
    ("ours", "int"),  # 1: about this course
)
# Definition texts a source keeps once: an event whose def_raw is a mark has this text.
# Marks start with '#', which no JSON text (nor Moodle's "scorm12:" pattern) does.
WORDING_COLUMNS = (("mark", "string"), ("text", "string"), ("h", "hash"))


class DuckDBEngine:
    dialect = DUCKDB

    def __init__(self, threads: int | None = None, memory_limit: str = MEMORY_LIMIT):
        try:
            import duckdb
        except ImportError:
            raise ReportError(
                "courseforge report needs DuckDB, which is not installed.",
                f"Install it with: {INSTALL_REPORT}",
            ) from None
        import tempfile

        self.duckdb = duckdb
        self.spill = tempfile.TemporaryDirectory(prefix="courseforge-report-")
        self.con = duckdb.connect(":memory:")
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        # Past this DuckDB spills to disk, so a large export stays within a laptop's memory.
        self.con.execute(f"SET memory_limit = '{memory_limit}'")
        self.con.execute("SET temp_directory = ?", [self.spill.name])
        # Every query aggregates: row order never matters, and keeping it costs a merge per table.
        self.con.execute("SET preserve_insertion_order = false")

    def execute(self, sql: str, params: list[Any] | None = None) -> None:
        self.con.execute(sql, params or [])

    def rows(self, sql: str, params: list[Any] | None = None) -> list[tuple]:
        return self.con.execute(sql, params or []).fetchall()

    def insert(self, table: str, columns: list[tuple[str, str]], rows: list[tuple]) -> None:
        import csv
        import tempfile

        types = {"string": "VARCHAR", "int": "BIGINT", "float": "DOUBLE", "hash": "UBIGINT"}
        spec = ", ".join(f"{name} {types[kind]}" for name, kind in columns)
        self.con.execute(f"CREATE OR REPLACE TABLE {table} ({spec})")
        if not rows:
            return
        # One bulk read of a temporary CSV: executemany inserts row by row, 100× slower.
        with tempfile.NamedTemporaryFile("w", suffix=".csv", encoding="utf-8", newline="") as tmp:
            writer = csv.writer(tmp, lineterminator="\n")
            writer.writerows([_csv_value(v) for v in row] for row in rows)
            tmp.flush()
            kinds = ", ".join(f"'{name}': '{types[kind]}'" for name, kind in columns)
            self.con.execute(
                f"INSERT INTO {table} SELECT * FROM read_csv(?, header = false, auto_detect = false, "
                f"nullstr = '\\N', quote = '\"', escape = '\"', columns = {{{kinds}}})",
                [tmp.name],
            )

    def close(self) -> None:
        self.con.close()
        self.spill.cleanup()


def _csv_value(value: Any) -> Any:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return int(value)
    return value


class ClickHouseEngine:
    """chDB, in process. `path` is a chDB data folder; the events come from Ralph's table."""

    dialect = CLICKHOUSE

    def __init__(self, path: str):
        try:
            from chdb import session as chdb_session
        except ImportError:
            raise ReportError(
                "--clickhouse needs chDB (ClickHouse in process), which is not installed.",
                f"Install it with: {INSTALL_CLICKHOUSE}",
            ) from None
        self.session = chdb_session.Session(path)
        self.scratch = "courseforge_report"
        self.execute(f"CREATE DATABASE IF NOT EXISTS {self.scratch}")
        self.execute(f"USE {self.scratch}")

    def _query(self, sql: str, fmt: str) -> Any:
        try:
            return self.session.query(sql, fmt)
        except Exception as exc:  # chDB raises a bare RuntimeError-like error with the server text
            raise ReportError(
                f"ClickHouse refused a query: {clickhouse_message(str(exc))}"
            ) from None

    def execute(self, sql: str, params: list[Any] | None = None) -> None:
        self._query(_bind(sql, params), "CSV")

    def rows(self, sql: str, params: list[Any] | None = None) -> list[tuple]:
        result = self._query(_bind(sql, params), "JSONCompact")
        text = result.bytes().decode("utf-8") if hasattr(result, "bytes") else str(result)
        if not text.strip():
            return []
        return [tuple(row) for row in json.loads(text)["data"]]

    def insert(self, table: str, columns: list[tuple[str, str]], rows: list[tuple]) -> None:
        types = {
            "string": "Nullable(String)",
            "int": "Nullable(Int64)",
            "float": "Nullable(Float64)",
            "hash": "Nullable(UInt64)",
        }
        spec = ", ".join(f"{name} {types[kind]}" for name, kind in columns)
        self.execute(f"DROP TABLE IF EXISTS {table}")
        self.execute(f"CREATE TABLE {table} ({spec}) ENGINE = Memory")
        for start in range(0, len(rows), 5000):
            chunk = rows[start : start + 5000]
            values = ", ".join("(" + ", ".join(_literal(v) for v in row) + ")" for row in chunk)
            self.execute(f"INSERT INTO {table} VALUES {values}")

    def close(self) -> None:
        self.session.close()


def clickhouse_message(text: str) -> str:
    """The cause in a ClickHouse error: its last exception text, without the stack trace and the
    nested "Log:" copies (a server's error carries both)."""
    text = text.split("Stack trace:")[0]
    causes = [
        line.rsplit("Exception: ", 1)[1].strip()
        for line in text.splitlines()
        if "Exception: " in line
        and line.rsplit("Exception: ", 1)[1].strip(" .:")
        and not line.rstrip().endswith("Log:")
    ]
    cause = causes[-1] if causes else " ".join(text.split())
    cause = re.sub(r"\s*\(version [^)]*\)$", "", cause)[:500]
    if "Unknown setting" in cause:
        cause += " (the server is older than chDB's ClickHouse and refuses its settings)"
    return cause


def _literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{text}'"


def _bind(sql: str, params: list[Any] | None) -> str:
    if not params:
        return sql
    parts = sql.split("?")
    if len(parts) != len(params) + 1:
        raise ValueError("parameter count does not match the query")
    out = parts[0]
    for value, rest in zip(params, parts[1:], strict=True):
        out += _literal(value) + rest
    return out
