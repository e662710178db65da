"""`courseforge preview` as a command: prints its URL, serves, stops cleanly; port errors."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

from click.testing import CliRunner
from preview_helpers import REPO

from courseforge.cli import main
from support.http import free_port, wait_for_http

COMMAND = str(Path(sys.executable).with_name("courseforge"))  # the installed entry point


def test_the_command_serves_the_course_and_stops_on_sigterm(tmp_path):
    port = free_port()
    process = subprocess.Popen(
        [COMMAND, "preview", str(REPO / "course"), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        # The URL is printed once the server listens: wait for that line (the process either
        # prints it or exits), so the SIGTERM below cannot land between serving and printing.
        announced = process.stdout.readline()
        assert f"at {url}" in announced
        wait_for_http(url + "__courseforge/status", timeout=30)
        with urllib.request.urlopen(url + "__courseforge/status") as response:
            status = json.load(response)
        assert status["build"] == 1 and status["error"] is None
        with urllib.request.urlopen(url + "course/index.html") as response:
            assert b"AI Engineering Architect" in response.read()
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=10)
    assert process.returncode == 0


def test_a_taken_port_is_a_clear_error():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["preview", str(REPO / "course"), "--port", str(port)])
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr


def test_a_sigterm_swallowed_in_a_finalizer_prints_no_traceback(monkeypatch):
    """The preview's SIGTERM raises SystemExit; raised inside a finalizer, Python reports it as
    "Exception ignored in …" with a traceback. The preview stops by its flag anyway, so while it
    runs that report is dropped (any other unraisable exception is still reported)."""
    import sys

    from courseforge.preview import PreviewSession

    seen = []
    monkeypatch.setattr(sys, "unraisablehook", seen.append)

    class Finalized:
        def __del__(self):
            raise SystemExit(0)

    class Broken:
        def __del__(self):
            raise ValueError("reported")

    def start(self):
        Finalized()  # collected at once: its SystemExit goes to sys.unraisablehook
        Broken()
        raise KeyboardInterrupt  # then stop, as Ctrl+C would

    monkeypatch.setattr(PreviewSession, "start", start)
    monkeypatch.setattr(PreviewSession, "close", lambda self: None)
    result = CliRunner().invoke(main, ["preview", str(REPO / "course"), "--port", "0"])
    assert result.exit_code == 0, result.output
    assert [type(u.exc_value) for u in seen] == [ValueError]
    assert sys.unraisablehook == seen.append  # put back once the preview ends
