"""Every refusal the preview server gives, pinned whole: status, message, headers, and whether
the connection ends with it.

A refusal made before the body was read (Host, Origin, token, framing, size) closes the
connection: whatever follows the head on the wire is the refused body, never a request of its
own. A refusal made after (a route's own) keeps the connection, as any answer does. The
preview runs in this process's threads (see inprocess_client), so these reach mutated code.
"""

from __future__ import annotations

import socket
import time

import pytest
from inprocess_client import HANG_GUARD_SECONDS, SAFETY_HEADERS, call, raw_exchange, wire_exchange
from preview_helpers import REPO, running_preview
from sse_client import EventStream
from tests.loader.course_factory import write_course

from courseforge.preview import server
from courseforge.preview.events import MAX_SUBSCRIBERS
from courseforge.preview.guard import MAX_BODY_BYTES

LAUNCH = "POST /__courseforge/launch HTTP/1.1"
EVENTS = "GET /__courseforge/events HTTP/1.1"
TOKEN_NEEDED = "this request needs the preview session's X-Courseforge-Token header"
NOT_A_LENGTH = "1234567890abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"  # 46 characters


@pytest.fixture(scope="module")
def port():
    with running_preview(REPO / "course", "web") as session:
        yield session.server.port


def request(first_line: str, port: int, *headers: str, host: str = "auto", body: bytes = b""):
    """A request's bytes: the line, Host (unless None), the headers given, a blank line, body."""
    named = f"127.0.0.1:{port}" if host == "auto" else host
    lines = [first_line] + ([f"Host: {named}"] if named is not None else []) + list(headers)
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def own_post(port: int, *headers: str, body: bytes = b"{}", length: str | None = None):
    length = str(len(body)) if length is None else length
    return request(
        LAUNCH,
        port,
        f"Origin: http://127.0.0.1:{port}",
        *headers,
        f"Content-Length: {length}",
        body=body,
    )


def assert_refused(answer, status: int, error: str, *, closed: bool) -> None:
    assert answer.status_line.startswith(f"HTTP/1.1 {status} ".encode()), answer.status_line
    assert answer.json() == {"error": error}
    assert answer.headers["cache-control"] == "no-store"
    for name, value in SAFETY_HEADERS.items():
        assert answer.headers[name] == value, name
    assert answer.headers.get("connection") == ("close" if closed else None), answer.headers
    assert answer.closed == closed


# Refused before the body is read: the connection closes ----------------------------------------

GUARD_REFUSALS = {
    "no Host": (
        lambda port: request("GET / HTTP/1.1", port, host=None),
        400,
        "exactly one Host header is required",
    ),
    "two Hosts": (
        lambda port: request("GET / HTTP/1.1", port, "Host: evil.example"),
        400,
        "exactly one Host header is required",
    ),
    "another host name": (
        lambda port: request("GET / HTTP/1.1", port, host="Evil.Example:80"),
        421,
        "this preview answers only to 127.0.0.1:{port}, localhost:{port}, not 'evil.example:80'",
    ),
    "a cross-site post": (
        lambda port: own_post(port, "Sec-Fetch-Site: cross-site"),
        403,
        "cross-site request refused (Sec-Fetch-Site: cross-site)",
    ),
    "a same-site post": (
        lambda port: own_post(port, "Sec-Fetch-Site: same-site"),
        403,
        "cross-site request refused (Sec-Fetch-Site: same-site)",
    ),
    "another origin": (
        lambda port: request(
            LAUNCH, port, "Origin: http://evil.example", "Content-Length: 2", body=b"{}"
        ),
        403,
        "request from another origin refused ('http://evil.example')",
    ),
    "neither origin nor token": (
        lambda port: request(LAUNCH, port, "Content-Length: 2", body=b"{}"),
        403,
        TOKEN_NEEDED,
    ),
    "a wrong token": (
        lambda port: request(
            LAUNCH, port, "X-Courseforge-Token: guessed", "Content-Length: 2", body=b"{}"
        ),
        403,
        TOKEN_NEEDED,
    ),
    "a chunked body": (
        lambda port: own_post(port, "Transfer-Encoding: chunked", body=b"2\r\n{}\r\n0\r\n\r\n"),
        411,
        "send the body with a Content-Length (chunked bodies are not accepted)",
    ),
    "a post without a length": (
        lambda port: request(LAUNCH, port, f"Origin: http://127.0.0.1:{port}"),
        411,
        "a Content-Length header is required",
    ),
    "a put without a length": (
        lambda port: request(
            "PUT /__courseforge/lrs/x HTTP/1.1", port, f"Origin: http://127.0.0.1:{port}"
        ),
        411,
        "a Content-Length header is required",
    ),
    "two lengths": (
        lambda port: own_post(port, "Content-Length: 3"),
        400,
        "conflicting Content-Length headers",
    ),
    "a length that is not a number": (
        lambda port: own_post(port, length=NOT_A_LENGTH),
        400,
        f"Content-Length must be a number of bytes, not {NOT_A_LENGTH[:40]!r}",
    ),
    "a negative length": (
        lambda port: own_post(port, length="-1"),
        400,
        "Content-Length must be a number of bytes, not '-1'",
    ),
    "a length of 16 digits": (
        lambda port: own_post(port, length="1" * 16),
        400,
        f"Content-Length must be a number of bytes, not {'1' * 16!r}",
    ),
    "a length of 15 digits": (
        lambda port: own_post(port, length="9" * 15),
        413,
        "the body is 999,999,999,999,999 bytes; the preview accepts 1,048,576",
    ),
    "one byte too many": (
        lambda port: own_post(port, length=str(MAX_BODY_BYTES + 1)),
        413,
        "the body is 1,048,577 bytes; the preview accepts 1,048,576",
    ),
}


@pytest.mark.parametrize("case", GUARD_REFUSALS)
def test_a_request_refused_before_its_body_ends_its_connection(port, case):
    raw, status, error = GUARD_REFUSALS[case]
    assert_refused(wire_exchange(port, raw(port)), status, error.format(port=port), closed=True)


def test_a_refused_body_is_never_taken_for_a_request(port):
    """The refused body is itself a valid request: answering it would let another page smuggle
    a request past the checks (a cross-site post whose body is a same-origin launch)."""
    smuggled = own_post(port, body=b'{"attempt": "new"}')
    raw = request(LAUNCH, port, "Origin: http://evil.example", f"Content-Length: {len(smuggled)}")
    answer = wire_exchange(port, raw + smuggled)
    error = "request from another origin refused ('http://evil.example')"
    assert_refused(answer, 403, error, closed=True)


def test_an_expected_body_that_is_too_big_is_refused_before_it_is_sent(port):
    raw = own_post(port, "Expect: 100-continue", body=b"", length=str(MAX_BODY_BYTES + 1))
    answer = wire_exchange(port, raw)
    assert not answer.status_line.startswith(b"HTTP/1.1 100 ")
    assert_refused(
        answer, 413, "the body is 1,048,577 bytes; the preview accepts 1,048,576", closed=True
    )


def test_an_expected_body_without_a_length_is_refused_before_it_is_sent(port):
    """No "100 Continue" first: the client must not send a body the preview will refuse."""
    raw = request(LAUNCH, port, f"Origin: http://127.0.0.1:{port}", "Expect: 100-continue")
    answer = raw_exchange(port, raw)
    assert answer.startswith(b"HTTP/1.1 411 "), answer[:200]
    assert b"a Content-Length header is required" in answer
    assert b" 100 " not in answer


def test_a_body_of_exactly_the_limit_is_read_and_answered(port):
    padding = MAX_BODY_BYTES - len(b'{"attempt": "first", "pad": ""}')
    body = b'{"attempt": "first", "pad": "' + b"x" * padding + b'"}'
    assert len(body) == MAX_BODY_BYTES
    answer = wire_exchange(port, own_post(port, body=body))
    assert answer.status_line.startswith(b"HTTP/1.1 200 ")
    assert answer.json()["url"] == "/course/index.html"
    assert "connection" not in answer.headers and not answer.closed


# Refused by the HTTP parser (http.server's own errors, sent as JSON) ----------------------------

PARSER_REFUSALS = {
    "garbage": (b"GARBAGE\r\n\r\n", 400, "Bad request syntax ('GARBAGE')"),
    "a bad version": (b"GET / HTTP/x\r\n\r\n", 400, "Bad request version ('HTTP/x')"),
    "HTTP/2 in plain text": (b"GET / HTTP/2.0\r\n\r\n", 505, "Invalid HTTP version (2.0)"),
    "an HTTP/0.9 post": (b"POST /\r\n\r\n", 400, "Bad HTTP/0.9 request type ('POST')"),
    "an unknown method": (b"BREW / HTTP/1.1\r\n\r\n", 501, "Unsupported method ('BREW')"),
    "PATCH": (
        b"PATCH / HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
        501,
        "Unsupported method ('PATCH')",
    ),
    "a too long address": (
        b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n",
        414,
        "Request-URI Too Long",
    ),
    "a too long header": (
        b"GET / HTTP/1.1\r\nX: " + b"y" * 70_000 + b"\r\n\r\n",
        431,
        "Line too long",
    ),
    "too many headers": (
        b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: y\r\n" % i for i in range(150)) + b"\r\n",
        431,
        "Too many headers",
    ),
}


@pytest.mark.parametrize("case", PARSER_REFUSALS)
def test_a_request_the_parser_refuses_gets_json_and_the_connection_ends(port, case):
    raw, status, error = PARSER_REFUSALS[case]
    assert_refused(wire_exchange(port, raw), status, error, closed=True)


def test_an_http_09_request_gets_a_status_line_and_its_connection_ends(port):
    """HTTP/0.9 has no persistent connections, whatever a Connection header asks for: the
    answer (with a status line, which 0.9 lacks) is the last on the connection."""
    raw = request("GET /__courseforge/status", port, "Connection: keep-alive")
    answer = wire_exchange(port, raw)
    assert answer.status_line.startswith(b"HTTP/1.1 200 ")
    assert answer.json()["build"] == 1
    assert "connection" not in answer.headers
    assert answer.closed


# Refused by a route, after the body was read: the connection goes on ------------------------------

ROUTE_REFUSALS = {
    "the statements list without the token": (
        lambda port: request("GET /__courseforge/statements HTTP/1.1", port),
        403,
        TOKEN_NEEDED,
    ),
    "the event stream from another site": (
        lambda port: request(EVENTS, port, "Sec-Fetch-Site: cross-site"),
        403,
        "cross-site request refused (Sec-Fetch-Site: cross-site)",
    ),
    "the event stream from a sibling site": (
        lambda port: request(EVENTS, port, "Sec-Fetch-Site: same-site"),
        403,
        "cross-site request refused (Sec-Fetch-Site: same-site)",
    ),
    "the event stream from another origin": (
        lambda port: request(EVENTS, port, "Origin: http://localhost:1"),
        403,
        "request from another origin refused ('http://localhost:1')",
    ),
    "a launch body that is not JSON": (
        lambda port: own_post(port, body=b"{not"),
        400,
        "the body is not JSON: Expecting property name enclosed in double quotes: "
        "line 1 column 2 (char 1)",
    ),
    "a launch body with NaN": (
        lambda port: own_post(port, body=b'{"attempt": NaN}'),
        400,
        "NaN is not JSON (JSON has no NaN or Infinity)",
    ),
    "a launch body of another shape": (
        lambda port: own_post(port, body=b"[]"),
        400,
        'the body must be {"attempt": "first" | "resume" | "new"}',
    ),
    "an unknown attempt": (
        lambda port: own_post(port, body=b'{"attempt": "last"}'),
        400,
        'the body must be {"attempt": "first" | "resume" | "new"}',
    ),
}


@pytest.mark.parametrize("case", ROUTE_REFUSALS)
def test_a_route_refusal_keeps_the_connection(port, case):
    raw, status, error = ROUTE_REFUSALS[case]
    assert_refused(wire_exchange(port, raw(port)), status, error, closed=False)


def test_listeners_beyond_the_limit_are_told_so_and_the_connection_goes_on(port):
    streams = [EventStream(port, {"Sec-Fetch-Site": "same-origin"}) for _ in range(MAX_SUBSCRIBERS)]
    try:
        assert all(stream.response.status == 200 for stream in streams)
        answer = wire_exchange(port, request(EVENTS, port))
        error = "too many preview pages are listening; close some tabs"
        assert_refused(answer, 503, error, closed=False)
    finally:
        for stream in streams:
            stream.response.close()
            stream.close()


def test_a_client_that_stops_sending_mid_body_is_not_answered_and_the_connection_ends(port):
    """Half a body, then the end of the stream: there is no request to answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=HANG_GUARD_SECONDS) as sock:
        sock.sendall(own_post(port, body=b'{"attempt"', length="100"))
        sock.shutdown(socket.SHUT_WR)
        assert sock.recv(65536) == b""


def test_a_client_that_never_hangs_up_after_a_refusal_does_not_keep_its_connection_slot(
    tmp_path, monkeypatch
):
    """After a refused body the server reads what still comes for a while, then closes by
    itself: a client that neither sends nor closes must not hold a connection slot forever."""
    monkeypatch.setattr(server, "MAX_CONNECTIONS", 1)  # this client's slot is the only one
    monkeypatch.setattr(server, "LINGER_SECONDS", 0.2)
    with running_preview(write_course(tmp_path)) as session:
        port = session.server.port
        with socket.create_connection(("127.0.0.1", port), timeout=HANG_GUARD_SECONDS) as sock:
            # Refused for its origin, with its 100-byte body never sent.
            sock.sendall(
                request(LAUNCH, port, "Origin: http://evil.example", "Content-Length: 100")
            )
            answer = b""
            while chunk := sock.recv(65536):  # the answer, then the server's half-close
                answer += chunk
            assert answer.startswith(b"HTTP/1.1 403 "), answer[:200]
            # The socket stays open and silent; the slot comes back once the server closes.
            deadline = time.monotonic() + HANG_GUARD_SECONDS
            while call(port, "GET", "/__courseforge/status").status == 503:
                if time.monotonic() > deadline:
                    pytest.fail("the refused client's connection was never closed")
                time.sleep(0.02)
