"""Bad input gets one clear error and exit 1, never a traceback, and no report is written."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from courseforge.cli import main
from report import simulator
from support.http import free_port


def run(*args):
    result = CliRunner().invoke(main, ["report", *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def assert_refused(result, *words, out=None):
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for word in words:
        assert word in result.output, result.output
    if out is not None:
        assert not out.exists()


def test_truncated_json(tmp_path, sim_course, statements_file):
    text = statements_file.read_text()
    broken = tmp_path / "broken.json"
    broken.write_text("[" + ",".join(text.splitlines()[:50]) + ',{"id": "x", "actor": {')
    out = tmp_path / "out"
    assert_refused(
        run(sim_course, "--statements", broken, "--out", out),
        "broken.json",
        "malformed JSON",
        out=out,
    )
    lines = tmp_path / "broken.ndjson"
    lines.write_text(text[: len(text) // 3])
    assert_refused(run(sim_course, "--statements", lines), "broken.ndjson", "truncated")


def test_not_json_and_empty_files(tmp_path, sim_course):
    for name, body in (("empty.json", ""), ("text.json", "hello\n"), ("csv.json", "a,b\n1,2\n")):
        path = tmp_path / name
        path.write_text(body)
        assert_refused(run(sim_course, "--statements", path), name)
    assert_refused(run(sim_course, "--statements", tmp_path / "missing.json"), "no such file")


def test_statements_of_another_course(tmp_path, sim_course, simulation):
    others = simulator.statements(simulator.simulate(20, seed=8))
    text = json.dumps(others).replace(simulator.BASE, "https://other.example.org/course")
    path = tmp_path / "other.json"
    path.write_text(text)
    assert_refused(
        run(sim_course, "--statements", path), "other.json", "another course", "sim-course"
    )


def test_csv_from_another_moodle_report(tmp_path, sim_course):
    basic = tmp_path / "basic.txt"  # the SCORM "Basic report" download
    basic.write_text(
        "Name\tEmail address\tAttempt\tStarted on\tLast accessed on\tScore\tSimulated course\n"
        "Ann\tann@example.com\t1\tMonday\tMonday\t80\tpassed\n"
    )
    assert_refused(
        run(sim_course, "--scorm-interactions", basic), "basic.txt:1", "Interactions report"
    )
    objectives = tmp_path / "objectives.txt"
    objectives.write_text("Name\tAttempt\tScore\tObjective 0\tStatus 0\nAnn\t1\t80\to1\tpassed\n")
    assert_refused(run(sim_course, "--scorm-interactions", objectives), "objectives.txt:1")
    responses_only = tmp_path / "responses.txt"  # Moodle's default options: responses only
    responses_only.write_text("Name\tAttempt\tStarted on\tLast accessed on\tScore\tC\tResponse 0\n")
    assert_refused(run(sim_course, "--scorm-interactions", responses_only), "Summary of question")


def test_csv_of_another_course_and_truncated_csv(tmp_path, sim_course, moodle_csv):
    text = moodle_csv.read_text()
    other = tmp_path / "other.txt"
    other.write_text(text.replace("\tfinal.", "\tsome-quiz."))
    assert_refused(run(sim_course, "--scorm-interactions", other), "another course")
    cut = tmp_path / "cut.txt"
    cut.write_text(text[: len(text) // 2].rsplit("\t", 3)[0])
    assert_refused(run(sim_course, "--scorm-interactions", cut), "cut.txt:", "columns")


def test_unreachable_lrs(tmp_path, sim_course):
    url = f"http://127.0.0.1:{free_port()}/xAPI/"
    assert_refused(
        run(sim_course, "--lrs", url, "--auth", "a:b", "--out", tmp_path / "o"),
        "cannot reach the LRS",
    )


class _Refusing(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - stdlib name
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="LRS"')
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def refusing_lrs():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Refusing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/xAPI/"
    server.shutdown()
    server.server_close()


def test_lrs_answering_401(tmp_path, sim_course, refusing_lrs):
    assert_refused(
        run(sim_course, "--lrs", refusing_lrs, "--auth", "a:wrong", "--out", tmp_path / "o"),
        "refused the credentials",
        "401",
    )


def test_usage_mistakes(tmp_path, sim_course, statements_file, moodle_csv):
    assert_refused(run(sim_course), "exactly one source")
    assert_refused(
        run(sim_course, "--statements", statements_file, "--scorm-interactions", moodle_csv),
        "exactly one source",
    )
    assert_refused(run(sim_course, "--lrs", "http://127.0.0.1:9/"), "--auth")
    assert_refused(run(sim_course, "--clickhouse", "mysql://x"), "chdb:PATH")
    assert_refused(run(tmp_path / "nowhere", "--statements", statements_file), "course")


def test_without_duckdb_says_what_to_install(monkeypatch, sim_course, statements_file):
    import sys

    monkeypatch.setitem(sys.modules, "duckdb", None)  # import duckdb now raises ImportError
    assert_refused(
        run(sim_course, "--statements", statements_file), "pip install 'courseforge[report]'"
    )
