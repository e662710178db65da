"""What the preview's guard lets through and what it refuses, over real HTTP, in process.

tests/hostile/test_preview_requests.py attacks the guard; this file pins its limits exactly:
the deepest JSON accepted, the framing every body needs, and the reads a browser's own
navigation makes.
"""

from __future__ import annotations

import json
import socket
from email.message import Message

import pytest
from inprocess_client import call, own_page, raw_exchange
from preview_helpers import REPO, running_preview

from courseforge.preview.events import MAX_SUBSCRIBERS
from courseforge.preview.guard import (
    IDLE_TIMEOUT_SECONDS,
    MAX_BODY_BYTES,
    MAX_CONNECTIONS,
    MAX_JSON_DEPTH,
    Refusal,
    RequestGuard,
    body_length,
)
from courseforge.preview.server import CLOSED_CHECK_SECONDS

STATE = (
    "/__courseforge/lrs/activities/state?activityId=urn%3Ax"
    "&agent=%7B%22mbox%22%3A%22mailto%3Aa%40b.c%22%7D&stateId=guard"
)


@pytest.fixture(scope="module")
def web():
    with running_preview(REPO / "course", "web") as session:
        yield session


def nested(levels: int) -> list:
    """A JSON array `levels` deep: [[[...]]]."""
    value: list = []
    for _ in range(levels - 1):
        value = [value]
    return value


def launch_with(port: int, extra) -> tuple[int, dict]:
    body = json.dumps({"attempt": "resume", "extra": extra}).encode()
    reply = call(port, "POST", "/__courseforge/launch", headers=own_page(port), body=body)
    return reply.status, reply.json()


def test_json_exactly_as_deep_as_allowed_is_accepted_and_one_level_more_is_not(web):
    port = web.server.port
    # The body object is level 1, so its value may nest MAX_JSON_DEPTH - 1 levels.
    assert launch_with(port, nested(MAX_JSON_DEPTH - 1))[0] == 200
    status, answer = launch_with(port, nested(MAX_JSON_DEPTH))
    assert (status, answer) == (
        400,
        {"error": f"the body nests more than {MAX_JSON_DEPTH} levels deep"},
    )


def test_objects_count_as_levels_as_arrays_do(web):
    port = web.server.port

    def objects(levels: int) -> dict:
        value: dict = {}
        for _ in range(levels - 1):
            value = {"next": value}
        return value

    assert launch_with(port, objects(MAX_JSON_DEPTH - 1))[0] == 200
    status, answer = launch_with(port, objects(MAX_JSON_DEPTH))
    assert (status, answer) == (
        400,
        {"error": f"the body nests more than {MAX_JSON_DEPTH} levels deep"},
    )
    # Mixed, with the deepest branch last of several: every branch is measured.
    mixed = [1, {"a": "b"}, [[]], {"deep": nested(MAX_JSON_DEPTH - 2)}]
    assert launch_with(port, mixed)[0] == 400


def test_json_too_deep_for_the_parser_is_a_400_that_says_so(web):
    port = web.server.port
    body = b"[" * 100_000 + b"]" * 100_000
    reply = call(port, "POST", "/__courseforge/launch", headers=own_page(port), body=body)
    assert (reply.status, reply.json()) == (400, {"error": "the body is nested too deeply"})


@pytest.mark.parametrize("method", ["POST", "PUT"])
def test_a_body_without_a_length_is_refused_for_every_method_that_sends_one(web, method):
    port = web.server.port
    head = f"{method} {STATE} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n\r\n"
    status_line, _, rest = raw_exchange(port, head.encode()).partition(b"\r\n")
    assert status_line.startswith(b"HTTP/1.1 411 ")
    assert json.loads(rest.partition(b"\r\n\r\n")[2]) == {
        "error": "a Content-Length header is required"
    }


def test_two_different_lengths_are_refused_with_the_reason(web):
    port = web.server.port
    head = (
        f"POST /__courseforge/launch HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Origin: http://127.0.0.1:{port}\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{{}}"
    )
    status_line, _, rest = raw_exchange(port, head.encode()).partition(b"\r\n")
    assert status_line.startswith(b"HTTP/1.1 400 ")
    assert json.loads(rest.partition(b"\r\n\r\n")[2]) == {
        "error": "conflicting Content-Length headers"
    }


def test_the_event_stream_opened_by_the_browser_itself_is_served(web):
    """Sec-Fetch-Site: none is a navigation the user made (the address typed), not another site."""
    port = web.server.port
    assert stream_status_line(port, {"Sec-Fetch-Site": "none"}).startswith(b"HTTP/1.1 200 ")


def stream_status_line(port: int, headers: dict[str, str]) -> bytes:
    """Open the event stream and return its status line (then hang up)."""
    lines = ["GET /__courseforge/events HTTP/1.1", f"Host: 127.0.0.1:{port}"]
    lines += [f"{key}: {value}" for key, value in headers.items()]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        received = b""
        while b"\r\n" not in received:
            chunk = sock.recv(4096)
            if not chunk:
                break
            received += chunk
    return received


def test_the_limits_the_readme_documents_are_the_ones_enforced():
    """README.md ("Live preview") tells authors the limits; a changed limit must change it too."""
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    assert MAX_BODY_BYTES == 1024 * 1024 and "at most **1 MiB** (**413**" in readme
    assert f"JSON may nest at most {MAX_JSON_DEPTH} levels" in readme
    assert f"sends nothing for **{IDLE_TIMEOUT_SECONDS:g} s** is closed" in readme
    assert f"at most **{MAX_CONNECTIONS}** are served at once" in readme
    assert f"at most **{MAX_SUBSCRIBERS}** listeners at once" in readme
    assert f"frees its slot within {CLOSED_CHECK_SECONDS:g} s" in readme


def headers_of(*pairs: tuple[str, str]) -> Message:
    message = Message()
    for name, value in pairs:
        message[name] = value
    return message


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_every_method_that_changes_state_needs_the_preview_page(method):
    """http.server answers PATCH with 501 before the guard sees it; the guard is ready anyway."""
    guard = RequestGuard("127.0.0.1", 8000, "token")
    guard.check_state_change(method, headers_of(("Origin", "http://localhost:8000")))
    guard.check_state_change(method, headers_of(("Origin", " HTTP://LocalHost:8000 ")))
    with pytest.raises(Refusal) as refused:
        guard.check_state_change(method, headers_of(("Origin", "http://evil.example")))
    assert str(refused.value) == "403 request from another origin refused ('http://evil.example')"


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH"])
def test_every_method_that_sends_a_body_must_frame_it(method):
    with pytest.raises(Refusal) as refused:
        body_length(method, headers_of())
    assert str(refused.value) == "411 a Content-Length header is required"
    assert body_length(method, headers_of(("Content-Length", " 12 "))) == 12


@pytest.mark.parametrize("method", ["GET", "DELETE"])
def test_reads_need_no_length_and_may_come_from_anywhere(method):
    assert body_length(method, headers_of()) == 0
    guard = RequestGuard("127.0.0.1", 8000, "token")
    guard.check_state_change("GET", headers_of(("Origin", "http://evil.example")))  # a read
