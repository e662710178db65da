"""The same analysis on ClickHouse (chDB, in process), reading Ralph's statement table as
Ralph's ClickHouse backend writes it: (event_id UUID, emission_time DateTime64(6), event String)."""

from __future__ import annotations

import json

import pytest

from courseforge.report import ReportRequest, make_report

chdb = pytest.importorskip("chdb", reason="chDB is in the test extra")

TOL = 1e-9


def ralph_table(folder, statements_file) -> str:
    """Fill xapi.xapi_events_all the way Ralph's ClickHouse backend inserts rows."""
    from chdb import session

    rows = folder / "rows.ndjson"
    with open(statements_file) as source, open(rows, "w") as out:
        for line in source:
            statement = json.loads(line)
            row = {
                "event_id": statement["id"],
                "emission_time": statement["timestamp"],
                "event": json.dumps(statement),
            }
            out.write(json.dumps(row) + "\n")
    data = folder / "chdb"
    with session.Session(str(data)) as db:
        db.query("CREATE DATABASE IF NOT EXISTS xapi")
        db.query(
            "CREATE TABLE IF NOT EXISTS xapi.xapi_events_all (event_id UUID NOT NULL, "
            "emission_time DateTime64(6) NOT NULL, event String NOT NULL) "
            "ENGINE = MergeTree ORDER BY (emission_time, event_id)"
        )
        db.query(
            f"INSERT INTO xapi.xapi_events_all SELECT event_id, "
            f"toDateTime64(emission_time, 6), event FROM file('{rows}', JSONEachRow)"
        )
    return f"chdb:{data}"


def test_clickhouse_gives_the_duckdb_figures(tmp_path, sim_course, statements_file):
    url = ralph_table(tmp_path, statements_file)
    on_duckdb = make_report(ReportRequest(sim_course, statements=[statements_file]))
    on_clickhouse = make_report(ReportRequest(sim_course, clickhouse=url))
    assert on_clickhouse.engine == "clickhouse"
    assert on_clickhouse.learners == on_duckdb.learners
    assert on_clickhouse.course_statements == on_duckdb.course_statements
    for ours, theirs in zip(on_clickhouse.items(), on_duckdb.items(), strict=True):
        assert (ours.question_id, ours.learners, ours.answers) == (
            theirs.question_id,
            theirs.learners,
            theirs.answers,
        )
        for name in ("facility", "best_facility", "discrimination", "latency_median_s"):
            assert getattr(ours, name) == pytest.approx(getattr(theirs, name), abs=TOL), name
        assert [c.share for c in ours.choices] == pytest.approx(
            [c.share for c in theirs.choices], abs=TOL
        )
    for ours, theirs in zip(on_clickhouse.quizzes, on_duckdb.quizzes, strict=True):
        assert ours.distribution == theirs.distribution
        for name in ("learners", "mean", "sd", "alpha", "sem", "pass_rate"):
            assert getattr(ours, name) == pytest.approx(getattr(theirs, name), abs=TOL), name
    for ours, theirs in zip(on_clickhouse.pages, on_duckdb.pages, strict=True):
        assert (ours.reached, ours.stopped_here) == (theirs.reached, theirs.stopped_here)
        assert ours.median_time_s == pytest.approx(theirs.median_time_s, abs=1e-6)
    assert [(f.rule, f.where) for f in on_clickhouse.flags] == [
        (f.rule, f.where) for f in on_duckdb.flags
    ]


def test_unreachable_server_is_one_line_without_the_password(tmp_path, sim_course):
    """`clickhouse://` goes through chDB's remote(): a server that is not there is named, once,
    with neither ClickHouse's nested retry log nor the password."""
    from click.testing import CliRunner

    from courseforge.cli import main
    from support.http import free_port

    port = free_port()
    url = f"clickhouse://ralph:s3cret-pw@127.0.0.1:{port}/xapi"
    result = CliRunner().invoke(
        main, ["report", str(sim_course), "--clickhouse", url, "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert errors == [
        f"error: ClickHouse refused a query: Connection refused (127.0.0.1:{port}). (NETWORK_ERROR)"
    ], result.output
    assert "s3cret-pw" not in result.output and "Traceback" not in result.output
    assert not (tmp_path / "o").exists()
