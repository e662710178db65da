"""The preview server against a hostile web page and a hostile client, over real sockets.

A page the author visits while previewing can reach 127.0.0.1: under its own host name after
DNS rebinding (so Host is checked), or by a cross-site form or fetch (so Origin, Sec-Fetch-Site
or the session token is checked). A broken or malicious client sends bodies that lie about their
size, never end, or nest JSON until the parser overflows: each gets a 4xx JSON answer and the
server keeps serving. Every request goes through preview_wire, which sends bytes exactly as
written.
"""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from preview_wire import HANG_GUARD_SECONDS, exchange, read_answer, request_bytes, send

from courseforge.preview import PreviewSession
from courseforge.preview.events import MAX_SUBSCRIBERS
from courseforge.preview.guard import MAX_BODY_BYTES, MAX_CONNECTIONS, TOKEN_HEADER

REPO = Path(__file__).resolve().parents[2]
IDLE_TIMEOUT = 1.0  # short, so the idle-connection test is quick; production uses 15 s
EVIL = "http://evil.example"
XAPI_HEADERS = {"X-Experience-API-Version": "1.0.3", "Content-Type": "application/json"}


@pytest.fixture(scope="module")
def xapi_preview():
    session = PreviewSession(REPO / "course", standard="xapi", idle_timeout=IDLE_TIMEOUT)
    session.start()
    yield session
    session.close()


@pytest.fixture(scope="module")
def port(xapi_preview) -> int:
    return xapi_preview.server.port


@pytest.fixture(autouse=True)
def no_console_tracebacks(capfd):
    yield
    err = capfd.readouterr().err
    assert "Traceback" not in err and "courseforge preview:" not in err, err


def own(port: int) -> dict[str, str]:
    return {"Origin": f"http://127.0.0.1:{port}", "Content-Type": "application/json"}


def launch(port: int, attempt: str = "resume", headers: dict | None = None, **options):
    body = json.dumps({"attempt": attempt}).encode()
    return send(
        port, "POST", "/__courseforge/launch", headers=headers or own(port), body=body, **options
    )


@pytest.fixture
def lrs_headers(port) -> dict[str, str]:
    url = launch(port).json()["url"]
    authorization = parse_qs(urlsplit(url).query)["auth"][0]
    return {**XAPI_HEADERS, **own(port), "Authorization": authorization}


def assert_json_error(answer, status: int) -> None:
    assert answer.status == status, (answer.status, answer.body)
    assert answer.headers["content-type"] == "application/json"
    assert answer.json()["error"]


# Host ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:{port}",
        "127.0.0.1:1",
        "127.0.0.1",
        "localhost",
        "[::1]:{port}",
        "127.0.0.1:{port}.evil.example",
    ],
)
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/"),
        ("GET", "/course/index.html"),
        ("GET", "/__courseforge/status"),
        ("GET", "/__courseforge/events"),
        ("POST", "/__courseforge/launch"),
    ],
)
def test_any_other_host_name_is_misdirected(port, host, method, path):
    body = b'{"attempt": "new"}' if method == "POST" else b""
    answer = send(port, method, path, host=host.format(port=port), headers=own(port), body=body)
    assert_json_error(answer, 421)
    assert b"AI Engineering Architect" not in answer.body


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LocalHost:{port}"])
def test_the_loopback_names_it_printed_are_served(port, host):
    answer = send(port, "GET", "/course/index.html", host=host.format(port=port))
    assert answer.status == 200
    assert b"AI Engineering Architect" in answer.body
    assert answer.headers["x-content-type-options"] == "nosniff"


def test_a_request_without_a_host_or_with_two_is_refused(port):
    assert_json_error(send(port, "GET", "/", host=None), 400)
    raw = request_bytes(
        "GET", "/", port, host=f"127.0.0.1:{port}", headers={"Host": "evil.example"}
    )
    assert_json_error(exchange(port, raw), 400)


def test_launch_urls_name_the_host_the_page_used_never_another(port):
    answer = launch(
        port, host=f"localhost:{port}", headers={**own(port), "Origin": f"http://localhost:{port}"}
    )
    assert answer.status == 200
    assert (
        f"endpoint=http%3A%2F%2Flocalhost%3A{port}%2F__courseforge%2Flrs%2F" in answer.json()["url"]
    )
    answer = launch(port)
    assert f"endpoint=http%3A%2F%2F127.0.0.1%3A{port}%2F" in answer.json()["url"]


# Cross-site requests ---------------------------------------------------------------------------


CROSS_SITE = {
    "another site's Origin": {"Origin": EVIL, "Content-Type": "application/json"},
    "Origin null (sandboxed frame)": {"Origin": "null", "Content-Type": "text/plain"},
    "a look-alike Origin": {"Origin": "http://127.0.0.1:{port}.evil.example"},
    "text/plain form post, no Origin": {
        "Content-Type": "text/plain",
        "Sec-Fetch-Site": "cross-site",
    },
    "no Origin, no Sec-Fetch-Site, no token": {"Content-Type": "text/plain"},
    "same-site but not same-origin": {
        "Sec-Fetch-Site": "same-site",
        "Origin": "http://localhost:1",
    },
    "a wrong token": {TOKEN_HEADER: "guessed"},
}


@pytest.mark.parametrize("case", CROSS_SITE)
def test_cross_site_launches_are_refused_and_change_nothing(xapi_preview, port, case):
    registration = launch(port).json()["registration"]
    headers = {key: value.format(port=port) for key, value in CROSS_SITE[case].items()}
    answer = launch(port, "new", headers=headers)
    assert_json_error(answer, 403)
    assert launch(port).json()["registration"] == registration  # no new attempt was started


def test_the_preview_page_itself_may_launch(xapi_preview, port):
    """Chromium sends Origin and Sec-Fetch-Site: same-origin; a script without Origin sends the token."""
    first = launch(port, "new", headers={**own(port), "Sec-Fetch-Site": "same-origin"})
    assert first.status == 200
    second = launch(port, "new", headers={TOKEN_HEADER: xapi_preview.app.token})
    assert second.status == 200
    assert second.json()["registration"] != first.json()["registration"]


def test_cross_site_lrs_writes_are_refused(port, lrs_headers):
    path = (
        "/__courseforge/lrs/activities/state?activityId=urn%3Ax"
        "&agent=%7B%22mbox%22%3A%22mailto%3Aa%40b.c%22%7D&stateId=cross-site"
    )
    hostile = {**lrs_headers, "Origin": EVIL}
    assert_json_error(send(port, "PUT", path, headers=hostile, body=b'{"x": 1}'), 403)
    assert send(port, "GET", path, headers=lrs_headers).status == 404  # nothing was stored
    assert send(port, "PUT", path, headers=lrs_headers, body=b'{"x": 1}').status == 204


# The event stream ------------------------------------------------------------------------------

EVENTS = "/__courseforge/events"
CROSS_SITE_READS = {
    "another site's EventSource": {"Origin": EVIL, "Sec-Fetch-Site": "cross-site"},
    "another site's Origin alone": {"Origin": EVIL},
    "Origin null (sandboxed frame)": {"Origin": "null"},
    "a look-alike Origin": {"Origin": "http://127.0.0.1:{port}.evil.example"},
    "cross-site, no Origin": {"Sec-Fetch-Site": "cross-site"},
    "same-site but not same-origin": {
        "Sec-Fetch-Site": "same-site",
        "Origin": "http://localhost:1",
    },
}


def open_event_stream(port: int, headers: dict[str, str]) -> tuple[socket.socket, bytes]:
    """Open the event stream; return the socket and what came before the first event's end."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=HANG_GUARD_SECONDS)
    sock.sendall(request_bytes("GET", EVENTS, port, host=f"127.0.0.1:{port}", headers=headers))
    received = b""
    while b"\r\n\r\n" not in received or not received.endswith(b"\n\n"):
        if b"\r\n\r\n" in received and not received.startswith(b"HTTP/1.1 200"):
            break  # refused: the status line is all the caller needs
        chunk = sock.recv(65536)
        if not chunk:
            break
        received += chunk
    return sock, received


@pytest.mark.parametrize("case", CROSS_SITE_READS)
def test_another_sites_page_cannot_listen_to_the_event_stream(port, case):
    headers = {key: value.format(port=port) for key, value in CROSS_SITE_READS[case].items()}
    answer = send(port, "GET", EVENTS, headers=headers)
    assert_json_error(answer, 403)
    assert b"event:" not in answer.body


def test_the_preview_page_itself_may_listen(port):
    sock, received = open_event_stream(port, {"Sec-Fetch-Site": "same-origin"})
    with sock:
        head, _, body = received.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200")
        assert b"Content-Type: text/event-stream" in head
        assert b"X-Content-Type-Options: nosniff" in head
        assert b"event: status" in body


def test_listeners_beyond_the_limit_are_turned_away_and_a_closed_one_frees_its_slot(port):
    streams = [open_event_stream(port, {})[0] for _ in range(MAX_SUBSCRIBERS)]
    try:
        assert_json_error(send(port, "GET", EVENTS), 503)
        assert send(port, "GET", "/course/index.html").status == 200  # the rest still answers
        streams.pop().close()
        # The server notices the hang-up within its next check; until then it keeps refusing.
        for _ in range(200):
            sock, received = open_event_stream(port, {})
            if received.startswith(b"HTTP/1.1 200"):
                streams.append(sock)
                break
            sock.close()
            time.sleep(0.05)
        else:
            pytest.fail("a closed event stream never freed its slot")
    finally:
        for sock in streams:
            sock.close()


# Reads need credentials ------------------------------------------------------------------------


def test_statements_are_not_readable_without_credentials(xapi_preview, port):
    assert_json_error(send(port, "GET", "/__courseforge/lrs/statements", headers=XAPI_HEADERS), 401)
    assert_json_error(send(port, "GET", "/__courseforge/statements"), 403)
    answer = send(
        port, "GET", "/__courseforge/statements", headers={TOKEN_HEADER: xapi_preview.app.token}
    )
    assert answer.status == 200 and "statements" in answer.json()


# Bodies ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_length", "status"),
    [
        ("-1", 400),
        ("abc", 400),
        ("1e3", 400),
        ("0x10", 400),
        ("", 400),
        ("99999999999999999999", 400),
        (str(MAX_BODY_BYTES + 1), 413),
        (str(100 * 1024 * 1024), 413),
    ],
)
def test_a_bad_content_length_is_answered_at_once_and_the_connection_closed(
    port, content_length, status
):
    """The body is never sent: an answer proves the server did not wait for it."""
    raw = request_bytes(
        "POST",
        "/__courseforge/launch",
        port,
        host=f"127.0.0.1:{port}",
        headers=own(port),
        content_length=content_length,
    )
    answer = exchange(port, raw)
    assert_json_error(answer, status)
    assert answer.closed


def test_conflicting_lengths_chunked_bodies_and_missing_lengths_are_refused(port):
    raw = request_bytes(
        "POST",
        "/__courseforge/launch",
        port,
        host=f"127.0.0.1:{port}",
        headers={**own(port), "Content-Length": "5"},
        content_length="7",
    )
    assert_json_error(exchange(port, raw), 400)
    chunked = request_bytes(
        "POST",
        "/__courseforge/launch",
        port,
        host=f"127.0.0.1:{port}",
        headers={**own(port), "Transfer-Encoding": "chunked"},
        content_length=None,
    )
    answer = exchange(port, chunked + b"5\r\nhello\r\n0\r\n\r\n")
    assert_json_error(answer, 411)
    assert answer.closed
    assert_json_error(
        send(port, "POST", "/__courseforge/launch", headers=own(port), content_length=None), 411
    )


def test_expect_100_continue_with_a_huge_body_is_refused_before_it_is_sent(port):
    raw = request_bytes(
        "PUT",
        "/__courseforge/lrs/statements",
        port,
        host=f"127.0.0.1:{port}",
        headers={**own(port), "Expect": "100-continue"},
        content_length=str(10**9),
    )
    answer = exchange(port, raw)
    assert_json_error(answer, 413)
    assert answer.closed


def test_a_body_that_stops_arriving_ends_in_408(port):
    with socket.create_connection(("127.0.0.1", port), timeout=HANG_GUARD_SECONDS) as sock:
        raw = request_bytes(
            "POST",
            "/__courseforge/launch",
            port,
            host=f"127.0.0.1:{port}",
            headers=own(port),
            content_length="100",
        )
        sock.sendall(raw + b'{"attempt"')
        answer = read_answer(sock)
    assert_json_error(answer, 408)
    assert answer.json() == {"error": "the body did not arrive in time"}
    assert answer.headers["connection"] == "close"
    assert answer.closed


NESTED = b"[" * 50_000 + b"]" * 50_000


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"\xff\xfe",
        NESTED,
        b'{"attempt": NaN}',
        b"[1, 2]",
        b'{"attempt": "everything"}',
        b"9" * 5000,
    ],
)
def test_a_malformed_launch_body_is_a_400(port, body):
    assert_json_error(
        send(port, "POST", "/__courseforge/launch", headers=own(port), body=body), 400
    )


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "statements", b"{not json"),
        ("POST", "statements", NESTED),
        (
            "POST",
            "statements",
            b'{"actor": {"mbox": "mailto:a@b.c"}, "verb": {"id": "http://x/v"}, "object": {"id": "http://x/o"}, "result": {"score": {"scaled": Infinity}}}',
        ),
        (
            "POST",
            "statements",
            b'{"actor": {"mbox": "mailto:a@b.c"}, "verb": {"id": "http://x/v"}, "object": {"id": "http://x/o"}, "context": []}',
        ),
        ("PUT", "statements?statementId=x", b"[]"),
        ("GET", "statements?limit=abc", b""),
        ("GET", "statements?" + "&".join(f"p{n}=1" for n in range(60)), b""),
        ("GET", "statements?limit=-5", b""),
        ("GET", "statements?agent=%7Bnot", b""),
        ("GET", "statements?agent=" + "%5B" * 5000 + "%5D" * 5000, b""),
        ("GET", "activities/state?activityId=urn%3Ax&agent=nope&stateId=s", b""),
        (
            "POST",
            "activities/state?activityId=urn%3Ax&agent=%7B%22mbox%22%3A%22mailto%3Aa%40b.c%22%7D&stateId=s",
            NESTED,
        ),
    ],
)
def test_malformed_lrs_requests_are_a_400(port, lrs_headers, method, path, body):
    answer = send(port, method, "/__courseforge/lrs/" + path, headers=lrs_headers, body=body)
    assert_json_error(answer, 400)
    assert not answer.closed  # the body was read: the connection can go on


@pytest.mark.parametrize(
    "raw",
    [
        b"GARBAGE\r\n\r\n",
        b"GET / HTTP/9.9\r\nHost: x\r\n\r\n",
        b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n",
        b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: y\r\n" % i for i in range(150)) + b"\r\n",
        b"BREW / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    ],
)
def test_requests_the_http_parser_refuses_get_a_json_error(port, raw):
    answer = exchange(port, raw)
    assert 400 <= answer.status < 600 and answer.status != 500
    assert answer.headers["content-type"] == "application/json"
    assert answer.closed


# Connections -----------------------------------------------------------------------------------


def test_an_idle_connection_is_closed(port):
    with socket.create_connection(("127.0.0.1", port), timeout=HANG_GUARD_SECONDS) as sock:
        assert sock.recv(1) == b""  # the server hung up; a hang would hit the guard instead


def test_an_idle_keep_alive_connection_is_closed_after_an_answer(port):
    with socket.create_connection(("127.0.0.1", port), timeout=HANG_GUARD_SECONDS) as sock:
        sock.sendall(request_bytes("GET", "/__courseforge/status", port, host=f"127.0.0.1:{port}"))
        assert read_answer(sock).status == 200
        assert sock.recv(1) == b""


def test_connections_beyond_the_limit_are_turned_away_and_the_server_recovers():
    # Its own preview with the normal idle timeout: no held connection times out meanwhile.
    with PreviewSession(REPO / "course", standard="web") as session:
        connections_beyond_the_limit(session.server.port)


def connections_beyond_the_limit(port: int) -> None:
    held = [
        socket.create_connection(("127.0.0.1", port), timeout=HANG_GUARD_SECONDS)
        for _ in range(MAX_CONNECTIONS)
    ]
    try:
        # Each held connection has its own thread now; prove it by a round trip on the last one.
        held[-1].sendall(
            request_bytes("GET", "/__courseforge/status", port, host=f"127.0.0.1:{port}")
        )
        assert read_answer(held[-1]).status == 200
        answer = send(port, "GET", "/__courseforge/status")
        assert_json_error(answer, 503)
        assert answer.json() == {"error": "too many open connections to the preview"}
        assert int(answer.headers["content-length"]) == len(answer.body)
        assert answer.headers["connection"] == "close" and answer.closed
        # The same protection as every other answer: not sniffed, not embedded, not cached.
        assert answer.headers["cache-control"] == "no-store"
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["cross-origin-resource-policy"] == "same-origin"
        assert answer.headers["content-security-policy"] == "frame-ancestors 'self'"
    finally:
        for sock in held:
            sock.close()
    for _ in range(50):  # the server frees the slots as it notices the closes
        if send(port, "GET", "/__courseforge/status").status == 200:
            break
    else:
        pytest.fail("the server did not recover its connection slots")


def test_after_all_that_the_preview_still_answers(port):
    answer = send(port, "GET", "/course/index.html")
    assert answer.status == 200 and b"AI Engineering Architect" in answer.body
