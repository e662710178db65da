"""Statements in ClickHouse as Ralph's ClickHouse backend writes them.

Ralph (ralph/backends/data/clickhouse.py) inserts rows (event_id UUID, emission_time
DateTime64(6), event String: the statement as JSON) into `xapi.xapi_events_all` by default.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass

from courseforge.report.engine import WORDING_COLUMNS
from courseforge.report.errors import ReportError

DEFAULT_DATABASE = "xapi"
DEFAULT_TABLE = "xapi_events_all"
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class ClickHouseTarget:
    data_path: str  # chDB's folder ("" for a remote server only)
    table_sql: str  # what the events are selected from


def parse_clickhouse_url(url: str, scratch: str) -> ClickHouseTarget:
    """`chdb:PATH[?database=&table=]` (a chDB folder) or
    `clickhouse://USER:PASS@HOST:9000/DATABASE[?table=]` (a server, through remote())."""
    parsed = urllib.parse.urlsplit(url)
    params = dict(urllib.parse.parse_qsl(parsed.query))
    table = params.get("table", DEFAULT_TABLE)
    if parsed.scheme == "chdb":
        database = params.get("database", DEFAULT_DATABASE)
        path = (parsed.netloc + parsed.path) if parsed.netloc else parsed.path
        if not path:
            raise ReportError("--clickhouse chdb:PATH: expected the chDB data folder after chdb:")
        _check_names(url, database, table)
        return ClickHouseTarget(path, f"{database}.{table}")
    if parsed.scheme == "clickhouse":
        database = parsed.path.strip("/") or DEFAULT_DATABASE
        _check_names(url, database, table)
        host = f"{parsed.hostname or '127.0.0.1'}:{parsed.port or 9000}"
        user = urllib.parse.unquote(parsed.username or "default")
        password = urllib.parse.unquote(parsed.password or "")
        quoted = [_quote(v) for v in (host, database, table, user, password)]
        return ClickHouseTarget(scratch, f"remote({', '.join(quoted)})")
    raise ReportError(
        f"--clickhouse: expected chdb:PATH or clickhouse://USER:PASS@HOST:PORT/DATABASE, got {url!r}"
    )


def _quote(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _check_names(url: str, database: str, table: str) -> None:
    for name in (database, table):
        if not _NAME.match(name):
            raise ReportError(
                f"--clickhouse {url}: expected a plain table/database name, got {name!r}"
            )


_DURATION = (
    "(coalesce(toFloat64OrNull(extract(d, '(\\\\d+(?:\\\\.\\\\d+)?)D')), 0) * 86400"
    " + coalesce(toFloat64OrNull(extract(d, 'T.*?(\\\\d+(?:\\\\.\\\\d+)?)H')), 0) * 3600"
    " + coalesce(toFloat64OrNull(extract(d, 'T.*?(\\\\d+(?:\\\\.\\\\d+)?)M')), 0) * 60"
    " + coalesce(toFloat64OrNull(extract(d, 'T.*?(\\\\d+(?:\\\\.\\\\d+)?)S')), 0))"
)


def load_events(engine, target: ClickHouseTarget, course_iri: str) -> dict[str, tuple[int, int]]:
    iri = course_iri.replace("\\", "\\\\").replace("'", "\\'")
    engine.execute("DROP TABLE IF EXISTS events")
    engine.execute(
        f"""
    CREATE TABLE events ENGINE = Memory AS
    SELECT
      extract(JSONExtractString(event, 'verb', 'id'), '([^/]*)$') AS verb,
      coalesce(nullIf(JSONExtractString(event, 'actor', 'mbox'), ''),
               nullIf(JSONExtractString(event, 'actor', 'mbox_sha1sum'), ''),
               nullIf(JSONExtractString(event, 'actor', 'openid'), ''),
               nullIf(concat(JSONExtractString(event, 'actor', 'account', 'homePage'), '|',
                             JSONExtractString(event, 'actor', 'account', 'name')), '|')) AS learner,
      nullIf(JSONExtractString(event, 'actor', 'name'), '') AS learner_name,
      JSONExtractString(event, 'object', 'id') AS object_iri,
      JSONExtractRaw(event, 'object', 'definition') AS def_raw,
      cityHash64(def_raw) AS def_h,
      JSONExtract(event, 'result', 'response', 'Nullable(String)') AS response,
      toInt64OrNull(replaceAll(replaceAll(JSONExtractRaw(event, 'result', 'success'),
                    'true', '1'), 'false', '0')) AS success,
      JSONExtract(event, 'result', 'score', 'raw', 'Nullable(Float64)') AS raw,
      JSONExtract(event, 'result', 'score', 'max', 'Nullable(Float64)') AS smax,
      JSONExtract(event, 'result', 'score', 'scaled', 'Nullable(Float64)') AS scaled,
      if(d = '', NULL, {_DURATION}) AS latency_s,
      toFloat64(toUnixTimestamp64Micro(emission_time)) / 1e6 AS seq,
      toString(event_id) AS sid,
      'clickhouse' AS filename,
      toInt64(object_iri = '{iri}' OR startsWith(object_iri, '{iri}/')) AS ours
    FROM (SELECT event_id, emission_time, event,
                 JSONExtractString(event, 'result', 'duration') AS d
          FROM {target.table_sql})
    """
    )
    engine.insert("wordings", list(WORDING_COLUMNS), [])  # def_raw holds every text in full
    rows = engine.rows("SELECT filename, count(), sum(ours) FROM events GROUP BY filename")
    return {str(name): (int(total), int(ours)) for name, total, ours in rows}
