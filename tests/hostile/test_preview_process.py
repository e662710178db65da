"""`courseforge preview` as its own process: killed right after start, flooded with huge bodies.

The process is the installed command, started the way an author starts it; its memory is read
from /proc (VmHWM, the peak resident size, so a body read whole and freed again still shows).
"""

from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from preview_wire import HANG_GUARD_SECONDS, read_answer, request_bytes

from support.http import free_port, wait_for_http

REPO = Path(__file__).resolve().parents[2]
COMMAND = str(Path(sys.executable).with_name("courseforge"))
LARGE_BODY = 100 * 1024 * 1024  # what each hostile POST announces (the measurement)
CHUNK = 256 * 1024


def start_preview(tmp_path: Path, port: int) -> subprocess.Popen:
    # TMPDIR: the preview's temporary build folder lands where the test can look for leftovers.
    return subprocess.Popen(
        [COMMAND, "preview", str(REPO / "course"), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "TMPDIR": str(tmp_path)},
    )


def wait_until_listening(port: int, process: subprocess.Popen) -> None:
    """Return as soon as the port accepts a connection: the server exists, the build runs."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.005)
    pytest.fail("the preview never listened")


def leftovers(tmp_path: Path) -> list[Path]:
    return sorted(tmp_path.glob("courseforge-preview-*"))


@pytest.mark.parametrize("moment", ["the port is open, the first build runs", "it serves"])
def test_sigterm_right_after_start_exits_cleanly(tmp_path, moment):
    port = free_port()
    process = start_preview(tmp_path, port)
    try:
        wait_until_listening(port, process)
        if moment == "it serves":
            wait_for_http(f"http://127.0.0.1:{port}/__courseforge/status", timeout=60)
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, (process.returncode, err)
    assert "Traceback" not in err
    assert leftovers(tmp_path) == []


def peak_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM in /proc status")


def post_large_body(port: int) -> int:
    """Announce LARGE_BODY bytes and keep sending until the server answers; return the status."""
    payload = bytes(CHUNK)
    with socket.create_connection(("127.0.0.1", port), timeout=HANG_GUARD_SECONDS) as sock:
        sock.sendall(
            request_bytes(
                "POST",
                "/__courseforge/lrs/statements",
                port,
                host=f"127.0.0.1:{port}",
                headers={"Content-Type": "application/json", "Origin": f"http://127.0.0.1:{port}"},
                content_length=str(LARGE_BODY),
            )
        )
        sent = 0
        try:
            while sent < LARGE_BODY:
                readable, _, _ = select.select([sock], [], [], 0)
                if readable:  # the answer came: stop sending, as a browser does
                    break
                sock.sendall(payload)
                sent += len(payload)
        except OSError:
            pass  # the server hung up after answering; the answer is still in our buffer
        return read_answer(sock).status


def test_huge_bodies_are_refused_unread_and_memory_stays_flat(tmp_path):
    port = free_port()
    process = start_preview(tmp_path, port)
    try:
        wait_for_http(f"http://127.0.0.1:{port}/__courseforge/status", timeout=60)
        before = peak_rss_kib(process.pid)
        statuses = [post_large_body(port) for _ in range(8)]
        after = peak_rss_kib(process.pid)
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=60)
    assert statuses == [413] * 8
    # Reading even one 100 MB body whole would raise the peak by 100 MB; 30 MB is generous.
    assert after - before < 30 * 1024, f"peak RSS grew from {before} KiB to {after} KiB"
    print(f"preview peak RSS: {before / 1024:.1f} MiB before, {after / 1024:.1f} MiB after")


def test_sigterm_while_a_page_listens_ends_its_event_stream_and_exits_cleanly(tmp_path):
    port = free_port()
    process = start_preview(tmp_path, port)
    try:
        wait_until_listening(port, process)
        wait_for_http(f"http://127.0.0.1:{port}/__courseforge/status", timeout=60)
        with socket.create_connection(("127.0.0.1", port), timeout=HANG_GUARD_SECONDS) as sock:
            sock.sendall(
                request_bytes("GET", "/__courseforge/events", port, host=f"127.0.0.1:{port}")
            )
            received = b""
            while b"event: status" not in received:
                received += sock.recv(65536)
            process.send_signal(signal.SIGTERM)
            while chunk := sock.recv(65536):  # the server ends the stream: EOF, not a hang
                received += chunk
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert received.startswith(b"HTTP/1.1 200")
    assert process.returncode == 0, (process.returncode, err)
    assert "Traceback" not in err
