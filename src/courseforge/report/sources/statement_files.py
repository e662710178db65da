"""xAPI/cmi5 statements in files (JSON array, NDJSON, or LRS pages {"statements": [...]}),
read by DuckDB straight from disk into the flat `events` table."""

from __future__ import annotations

import re
from pathlib import Path

from courseforge.errors import display_path
from courseforge.report.errors import ReportError

_PAGE_START = re.compile(rb'^\s*\{\s*"statements"\s*:')
# Typed columns: DuckDB parses each statement once into these structs (several times faster than
# JSON columns read with ->>); only the interaction definition stays JSON (its wording is compared).
_FIELDS = (
    ("id", "VARCHAR"),
    (
        "actor",
        "STRUCT(mbox VARCHAR, mbox_sha1sum VARCHAR, openid VARCHAR, name VARCHAR, "
        "account STRUCT(homePage VARCHAR, name VARCHAR))",
    ),
    ("verb", "STRUCT(id VARCHAR)"),
    ("object", "STRUCT(id VARCHAR, definition JSON)"),
    (
        "result",
        "STRUCT(success BOOLEAN, response VARCHAR, duration VARCHAR, "
        "score STRUCT(raw DOUBLE, max DOUBLE, scaled DOUBLE))",
    ),
    ("timestamp", "VARCHAR"),
)
_COLUMNS = "{" + ", ".join(f"{name}: '{kind}'" for name, kind in _FIELDS) + "}"
_STRUCT = "STRUCT(" + ", ".join(f"{name} {kind}" for name, kind in _FIELDS) + ")"
# ISO 8601 duration (PT1H2M3.5S, P1DT…) → seconds; months/years never occur in a latency.
_DURATION_ANY = (
    "(coalesce(TRY_CAST(regexp_extract(d, '(\\d+(?:\\.\\d+)?)D', 1) AS DOUBLE), 0) * 86400"
    " + coalesce(TRY_CAST(regexp_extract(d, 'T.*?(\\d+(?:\\.\\d+)?)H', 1) AS DOUBLE), 0) * 3600"
    " + coalesce(TRY_CAST(regexp_extract(d, 'T.*?(\\d+(?:\\.\\d+)?)M', 1) AS DOUBLE), 0) * 60"
    " + coalesce(TRY_CAST(regexp_extract(d, 'T.*?(\\d+(?:\\.\\d+)?)S', 1) AS DOUBLE), 0))"
)
# The adapters' own form, PT12.34S, without a regular expression; anything else through them.
_DURATION = (
    "CASE WHEN d IS NULL THEN NULL "
    "WHEN d ~ '^PT[0-9.]+S$' THEN TRY_CAST(d[3:-2] AS DOUBLE) "
    f"ELSE {_DURATION_ANY} END"
)


# The verbs the adapters send, named without a regular expression (the last path segment).
_KNOWN_VERBS = " ".join(
    f"WHEN '{iri}' THEN '{iri.rsplit('/', 1)[1]}'"
    for iri in (
        "http://adlnet.gov/expapi/verbs/answered",
        "http://adlnet.gov/expapi/verbs/experienced",
    )
)


def _sql_list(paths: list[Path]) -> str:
    return "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"


def check_files(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """Split into plain statement files and LRS page files; refuse what is not there."""
    plain, pages = [], []
    for path in paths:
        if not path.is_file():
            raise ReportError(f"{display_path(path)}: no such file")
        with open(path, "rb") as handle:
            head = handle.read(4096)
        if not head.strip():
            raise ReportError(
                f"{display_path(path)}: the file is empty; expected xAPI statements "
                "(a JSON array, one statement per line, or an LRS response)"
            )
        first = head.lstrip()[:1]
        if first not in (b"[", b"{"):
            raise ReportError(
                f"{display_path(path)}:1: expected xAPI statements as JSON "
                f"(starting with '[' or '{{'), got {head.lstrip()[:20]!r}"
            )
        (pages if _PAGE_START.match(head) else plain).append(path)
    return plain, pages


def statements_sql(paths: list[Path]) -> str:
    """A SELECT of (id, actor, verb, object, result, context, timestamp) over every file."""
    plain, pages = check_files(paths)
    parts = []
    if plain:
        parts.append(
            f"SELECT id, actor, verb, object, result, timestamp, filename FROM read_json("
            f"{_sql_list(plain)}, format = 'auto', columns = {_COLUMNS}, "
            "maximum_object_size = 16777216, filename = true)"
        )
    if pages:
        parts.append(
            "SELECT s.id, s.actor, s.verb, s.object, s.result, s.timestamp, filename "
            "FROM (SELECT unnest(statements) AS s, filename FROM read_json("
            f"{_sql_list(pages)}, format = 'auto', "
            f"columns = {{statements: '{_STRUCT}[]'}}, "
            "maximum_object_size = 134217728, filename = true))"
        )
    return " UNION ALL ".join(parts)


# Statements read first to learn the wordings (interaction definitions) in use.
WORDING_SAMPLE = 20_000


def load_events(engine, paths: list[Path], course_iri: str) -> dict[str, int]:
    """Fill `events` with every statement (`ours`: about this course); return per file
    (statements, of this course)."""
    source = statements_sql(paths)
    # Each answer carries its question's definition (~350 bytes of JSON, the same text on
    # thousands of answers): the wordings in the first statements are kept once in `wordings`
    # and an answer with one of those exact texts stores its short mark instead.
    learn_wordings = f"""
    CREATE OR REPLACE TABLE wordings AS
    SELECT mark, text, h FROM (
      SELECT '#' || CAST(row_number() OVER (ORDER BY text) AS VARCHAR) AS mark, text,
        hash(text) AS h
      FROM (
        SELECT CAST(object.definition AS VARCHAR) AS text
        FROM (SELECT object FROM ({source}) LIMIT {WORDING_SAMPLE}) first_statements
        WHERE object.definition IS NOT NULL
        GROUP BY text HAVING count(*) > 1  -- a wording seen once is not worth a mark
      ) seen
    ) numbered
    QUALIFY row_number() OVER (PARTITION BY h ORDER BY text) = 1
    """
    sql = f"""
    CREATE OR REPLACE TABLE events AS
    WITH s AS ({source}),
    f AS (
      SELECT *, object.id AS object_iri, result.duration AS d,
        coalesce(CAST(object.definition AS VARCHAR), '') AS definition_text FROM s
    ),
    g AS (SELECT *, hash(definition_text) AS definition_hash FROM f)
    SELECT
      CASE verb.id {_KNOWN_VERBS} ELSE regexp_extract(verb.id, '[^/]*$') END AS verb,
      coalesce(actor.mbox, actor.mbox_sha1sum, actor.openid,
               actor.account.homePage || '|' || actor.account.name) AS learner,
      actor.name AS learner_name,
      object_iri,
      CASE WHEN w.text = definition_text THEN w.mark ELSE definition_text END AS def_raw,
      definition_hash AS def_h,
      result.response AS response,
      CAST(result.success AS BIGINT) AS success,
      result.score.raw AS raw,
      result.score.max AS smax,
      result.score.scaled AS scaled,
      {_DURATION} AS latency_s,
      epoch(TRY_CAST(timestamp AS TIMESTAMPTZ)) AS seq,
      id AS sid,
      filename,
      CAST((object_iri = ? OR starts_with(object_iri, ?)) AS BIGINT) AS ours
    FROM g LEFT JOIN wordings w ON g.definition_hash = w.h
    """
    try:
        engine.execute(learn_wordings)
        engine.execute(sql, [course_iri, course_iri + "/"])
    except engine.duckdb.Error as exc:
        raise ReportError(_explain(exc)) from None
    per_file = engine.rows(
        "SELECT filename, count(*), count(*) FILTER (WHERE ours = 1) FROM events GROUP BY filename"
    )
    return {str(name): (total, ours) for name, total, ours in per_file}


def _explain(exc: Exception) -> str:
    text = str(exc).strip()
    text = re.sub(r"^[A-Za-z ]*Error: ", "", text)
    match = re.search(r'in file "([^"]+)"', text)
    where = display_path(Path(match.group(1))) if match else "statements"
    detail = re.search(r'in file "[^"]+",? (.*)', text)
    if "Malformed JSON" in text or "unexpected end" in text:
        place = detail.group(1).strip().rstrip(".") if detail else text
        return (
            f"{where}: expected complete xAPI statements as JSON, got malformed JSON "
            f"({place}); a truncated or damaged file?"
        )
    return f"{where}: cannot read statements: {text.splitlines()[0]}"
