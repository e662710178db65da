"""Every route of the preview server, driven over real HTTP while it runs in this process.

The preview (the real PreviewSession: a real build, the real handler class, a socket on
127.0.0.1) runs in this test process's threads, so what is checked here is the code the test
imports. tests/hostile/test_preview_requests.py attacks the same server; this file checks
what the preview's own pages and the course inside it get from each route.
"""

from __future__ import annotations

import base64
import json
import re
import socket
from urllib.parse import parse_qs, urlsplit

import pytest
from inprocess_client import SAFETY_HEADERS, call, launch, own_page, raw_exchange
from preview_helpers import REPO, running_preview
from tests.loader.course_factory import write_course

from courseforge.package.output import file_bytes
from courseforge.preview.guard import MAX_BODY_BYTES
from courseforge.preview.server import (
    LINGER_BYTES,
    STATIC_FILES,
    _content_type,
    static_file_path,
)

COURSE_TITLE = "AI Engineering Architect"
XAPI_VERSION = {"X-Experience-API-Version": "1.0.3"}
STATE = (
    "/__courseforge/lrs/activities/state?activityId=urn%3Ax"
    "&agent=%7B%22mbox%22%3A%22mailto%3Aa%40b.c%22%7D&stateId=bookmark"
)


@pytest.fixture(scope="module")
def web():
    with running_preview(REPO / "course", "web") as session:
        yield session


@pytest.fixture(scope="module")
def xapi():
    with running_preview(REPO / "course", "xapi") as session:
        yield session


@pytest.fixture
def cmi5():
    with running_preview(REPO / "course", "cmi5") as session:
        yield session


def assert_safe(reply) -> None:
    """Every answer: not sniffed, not embeddable elsewhere, not cached."""
    for name, value in SAFETY_HEADERS.items():
        assert reply.headers[name] == value, (name, reply.headers)
    assert reply.headers["cache-control"] == "no-store"
    assert int(reply.headers["content-length"]) == len(reply.body)


def shell_config(html: str) -> dict:
    found = re.search(r'<script id="cfp-config" type="application/json">(.*?)</script>', html)
    assert found, html
    return json.loads(found.group(1))


# The simulator page and its own files ----------------------------------------------------------


@pytest.mark.parametrize(("standard", "panel"), [("xapi", "Statements"), ("scorm12", "Data model")])
def test_the_page_carries_the_sessions_config_and_the_courses_title(standard, panel):
    with running_preview(REPO / "course", standard) as session:
        port = session.server.port
        reply = call(port, "GET", "/")
        assert reply.status == 200
        assert reply.headers["content-type"] == "text/html; charset=utf-8"
        assert_safe(reply)
        assert shell_config(reply.text) == {
            "standard": standard,
            "api": "/__courseforge/",
            "coursePrefix": "/course/",
            "token": session.app.token,
            "tokenHeader": "X-Courseforge-Token",
        }
        assert f"<title>{COURSE_TITLE} · courseforge preview</title>" in reply.text
        assert f'aria-label="{panel}"' in reply.text
        # Every script and style the page names is served, as it is in the package.
        for name in re.findall(r'(?:src|href)="/__courseforge/static/([^"]+)"', reply.text):
            assert call(port, "GET", f"/__courseforge/static/{name}").status == 200, name


def test_each_simulator_file_is_served_with_its_type_and_nothing_else_is(web):
    port = web.server.port
    for name in STATIC_FILES:
        reply = call(port, "GET", f"/__courseforge/static/{name}")
        assert reply.status == 200, name
        assert reply.body == static_file_path(name).read_bytes()
        kind = "text/css" if name.endswith(".css") else "text/javascript"
        assert reply.headers["content-type"] == f"{kind}; charset=utf-8"
        assert_safe(reply)
    # Files beside them that are not the page's (templates), or outside the folder.
    assert static_file_path("shell.html.j2").is_file()
    for path in ("shell.html.j2", "../preview/preview.js", "%2e%2e/server.py", "", "nope.js"):
        reply = call(port, "GET", f"/__courseforge/static/{path}")
        assert (reply.status, reply.body) == (404, b"not found"), path
        assert reply.headers["content-type"] == "text/plain; charset=utf-8"
        assert_safe(reply)


# The course's own files --------------------------------------------------------------------------


def test_the_course_is_served_from_the_current_build(web):
    port, files = web.server.port, web.builder.current.files
    index = call(port, "GET", "/course/index.html")
    assert index.status == 200
    assert index.body == file_bytes(files["index.html"])
    assert COURSE_TITLE.encode() in index.body
    assert index.headers["content-type"] == "text/html; charset=utf-8"
    assert_safe(index)
    for path in ("/course/", "/course/%69ndex.html", "/course/pages/../index.html", "/course/?x=1"):
        assert call(port, "GET", path).body == index.body, path
    page = call(port, "GET", "/course/pages/what-the-role-is.js")
    assert page.body == file_bytes(files["pages/what-the-role-is.js"])
    assert page.headers["content-type"] == "text/javascript; charset=utf-8"
    style = call(port, "GET", "/course/runtime/courseforge.css")
    assert style.headers["content-type"] == "text/css; charset=utf-8"


@pytest.mark.parametrize(
    "path",
    [
        "/course/nope.html",
        "/course/../../../etc/passwd",
        "/course/%2e%2e/%2e%2e/etc/passwd",
        "/course/..%2f..%2fetc%2fpasswd",
        "/course//etc/passwd",
        "/course/%00",
    ],
)
def test_anything_outside_the_build_is_not_found(web, path):
    reply = call(web.server.port, "GET", path)
    assert (reply.status, reply.body) == (404, b"not in the current build")
    assert reply.headers["content-type"] == "text/plain; charset=utf-8"
    assert_safe(reply)


def test_package_files_are_typed_as_an_lms_would_serve_them():
    with running_preview(REPO / "course", "scorm2004") as session:
        port = session.server.port
        manifest = call(port, "GET", "/course/imsmanifest.xml")
        assert manifest.headers["content-type"] == "application/xml"
        assert b"<manifest" in manifest.body
        assert call(port, "GET", "/course/lom.xsd").headers["content-type"] == "application/xml"
        dtd = call(port, "GET", "/course/XMLSchema.dtd")
        assert dtd.headers["content-type"] == "application/xml-dtd"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("data/questions.json", "application/json"),
        ("images/logo.svg", "image/svg+xml"),
        ("INDEX.HTML", "text/html; charset=utf-8"),
        ("images/photo.png", "image/png"),
        ("notes.unknown-kind", "application/octet-stream"),
    ],
)
def test_assets_have_their_media_type(name, expected):
    assert _content_type(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("index.html", "text/html; charset=utf-8"),
        ("runtime/courseforge.js", "text/javascript; charset=utf-8"),
        ("runtime/courseforge.css", "text/css; charset=utf-8"),
        ("data/questions.json", "application/json"),
        ("imsmanifest.xml", "application/xml"),
        ("images/logo.svg", "image/svg+xml"),
        ("lom.xsd", "application/xml"),
    ],
)
def test_package_types_do_not_depend_on_the_machines_mime_table(monkeypatch, name, expected):
    """A machine with no mime.types (or one saying text/xml) serves the package files the same."""
    monkeypatch.setattr("mimetypes.guess_type", lambda *_args, **_kwargs: (None, None))
    assert _content_type(name) == expected


# Status, launch and statements --------------------------------------------------------------------


def test_status_is_the_builders_as_json(web):
    reply = call(web.server.port, "GET", "/__courseforge/status")
    assert reply.status == 200
    assert_safe(reply)
    assert reply.json() == web.builder.status()
    assert reply.json()["build"] == web.builder.current.number >= 1


def test_a_web_launch_opens_the_launch_file_and_counts_attempts(tmp_path):
    with running_preview(write_course(tmp_path), "web") as session:
        port = session.server.port
        first = launch(port, "first")
        assert first.status == 200
        assert_safe(first)
        assert first.json() == {"url": "/course/index.html", "attempt": 1, "scorm": None}
        assert launch(port, "new").json()["attempt"] == 2
        assert launch(port, "resume").json()["attempt"] == 2
        empty = call(port, "POST", "/__courseforge/launch", headers=own_page(port), body=b"")
        assert empty.json()["attempt"] == 2  # no body: the first launch, no new attempt


@pytest.mark.parametrize(
    ("standard", "mastery"),
    [
        ("scorm12", {"masteryscore": "80"}),  # course.yaml: mastery_score: 80
        ("scorm2004", {"satisfiedByMeasure": "true", "minNormalizedMeasure": "0.8"}),
    ],
)
def test_a_scorm_launch_hands_the_simulator_the_manifests_mastery(standard, mastery):
    with running_preview(REPO / "course", standard) as session:
        answer = launch(session.server.port).json()
        assert answer["url"] == "/course/index.html"
        assert answer["scorm"] == {"mastery": mastery, "title": COURSE_TITLE}


def test_before_any_good_build_the_page_answers_and_the_course_does_not(tmp_path):
    course = write_course(tmp_path)
    (course / "course.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    with running_preview(course, "web") as session:
        port = session.server.port
        page = call(port, "GET", "/")
        assert page.status == 200
        assert "<title>courseforge preview · courseforge preview</title>" in page.text
        assert call(port, "GET", "/course/index.html").status == 404
        refused = launch(port)
        assert refused.status == 503
        assert refused.json() == {"error": "no successful build yet"}
        status = call(port, "GET", "/__courseforge/status").json()
        assert status["build"] == 0
        assert status["error"]["messages"][0].endswith(
            "course.yaml:2:1: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence started at line 1)"
        )


def test_the_statements_the_course_sent_are_listed_for_the_preview_page_only(xapi):
    port, token = xapi.server.port, xapi.app.token
    url = launch(port).json()["url"]
    auth = parse_qs(urlsplit(url).query)["auth"][0]
    statement = {
        "actor": {"mbox": "mailto:learner@example.com"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
        "object": {"id": "urn:courseforge:test:routes"},
    }
    headers = {**own_page(port), **XAPI_VERSION, "Authorization": auth}
    stored = call(
        port,
        "POST",
        "/__courseforge/lrs/statements",
        headers=headers,
        body=json.dumps(statement).encode(),
    )
    assert stored.status == 200, stored.body
    (statement_id,) = stored.json()
    refused = call(port, "GET", "/__courseforge/statements")
    assert refused.status == 403 and "X-Courseforge-Token" in refused.json()["error"]
    listed = call(port, "GET", "/__courseforge/statements", headers={"X-Courseforge-Token": token})
    assert listed.status == 200
    assert statement_id in [s["id"] for s in listed.json()["statements"]]


def test_lrs_documents_can_be_deleted_by_the_course_and_not_by_another_site(xapi):
    port = xapi.server.port
    auth = parse_qs(urlsplit(launch(port).json()["url"]).query)["auth"][0]
    course = {**own_page(port), **XAPI_VERSION, "Authorization": auth}
    assert call(port, "PUT", STATE, headers=course, body=b'{"page": 3}').status == 204
    other_site = {**course, "Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"}
    assert call(port, "DELETE", STATE, headers=other_site).status == 403
    assert call(port, "GET", STATE, headers=course).body == b'{"page": 3}'
    deleted = call(port, "DELETE", STATE, headers=course)
    assert deleted.status == 204
    assert_safe(deleted)
    assert call(port, "GET", STATE, headers=course).status == 404


# cmi5's fetch URL ----------------------------------------------------------------------------------


def test_the_cmi5_fetch_url_gives_the_token_once_and_only_to_a_post(cmi5):
    port = cmi5.server.port
    query = parse_qs(urlsplit(launch(port).json()["url"]).query)
    fetch = urlsplit(query["fetch"][0])
    assert fetch.netloc == f"127.0.0.1:{port}" and fetch.path.startswith("/__courseforge/fetch/")
    read = call(port, "GET", fetch.path)
    assert (read.status, read.body, read.headers["allow"]) == (405, b"POST only", "POST")
    assert read.headers["content-type"] == "text/plain; charset=utf-8"
    fetched = call(port, "POST", fetch.path, headers=own_page(port), body=b"")
    assert fetched.status == 200
    token = fetched.json()["auth-token"]
    assert base64.b64decode(token).startswith(b"cmi5:")
    # The token is the course's LRS credential for this launch.
    lrs = {**XAPI_VERSION, "Authorization": f"Basic {token}"}
    assert call(port, "GET", "/__courseforge/lrs/statements", headers=lrs).status == 200
    again = call(port, "POST", fetch.path, headers=own_page(port), body=b"").json()
    assert again["error-code"] == "1"
    unknown = call(port, "POST", "/__courseforge/fetch/guessed", headers=own_page(port), body=b"")
    assert unknown.json()["error-code"] == "2"


def test_other_standards_have_no_fetch_url(web):
    port = web.server.port
    reply = call(port, "POST", "/__courseforge/fetch/anything", headers=own_page(port), body=b"")
    assert (reply.status, reply.body) == (404, b"not found")
    assert reply.headers["content-type"] == "text/plain; charset=utf-8"
    assert_safe(reply)


# Anything else -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/nope"),
        ("GET", "/__courseforge/"),
        ("GET", "/__courseforge/launch"),
        ("POST", "/"),
        ("POST", "/course/index.html"),
        ("PUT", "/__courseforge/status"),
        ("DELETE", "/__courseforge/events"),
        ("POST", "/__courseforge/statements"),
        ("POST", "/__courseforge/static/preview.js"),
    ],
)
def test_unknown_routes_are_not_found(web, method, path):
    body = b"{}" if method in ("POST", "PUT") else None
    reply = call(web.server.port, method, path, headers=own_page(web.server.port), body=body)
    assert (reply.status, reply.body) == (404, b"not found")
    assert reply.headers["content-type"] == "text/plain; charset=utf-8"
    assert_safe(reply)


def test_an_unexpected_error_is_a_500_and_one_console_line(web, monkeypatch, capfd):
    def broken_status():
        raise RuntimeError("status exploded")

    monkeypatch.setattr(web.builder, "status", broken_status)
    reply = call(web.server.port, "GET", "/__courseforge/status")
    assert reply.status == 500
    assert reply.json() == {"error": "internal error (RuntimeError)"}
    err = capfd.readouterr().err
    assert err == (
        "courseforge preview: error answering GET '/__courseforge/status': "
        "RuntimeError: status exploded\n"
    )
    monkeypatch.undo()
    assert call(web.server.port, "GET", "/__courseforge/status").status == 200


@pytest.mark.parametrize(
    ("error", "console"),
    [
        (RuntimeError("handler exploded"), "courseforge preview: RuntimeError: handler exploded\n"),
        (ConnectionResetError("the tab closed"), ""),  # normal while previewing: silent
    ],
)
def test_an_error_outside_the_routes_is_one_line_or_none(web, monkeypatch, capfd, error, console):
    def fail(self):
        raise error

    handler = web.server._httpd.RequestHandlerClass
    monkeypatch.setattr(handler, "do_GET", fail)
    port = web.server.port
    assert raw_exchange(port, f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()) == b""
    assert capfd.readouterr().err == console
    monkeypatch.undo()
    assert call(port, "GET", "/__courseforge/status").status == 200


def test_a_request_line_without_a_version_still_gets_a_status_line(web):
    received = raw_exchange(web.server.port, b"GET /\r\n\r\n")
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 "), received  # HTTP/0.9 would send no status line
    assert b"Content-Type: application/json" in head
    assert json.loads(body) == {"error": "exactly one Host header is required"}


def test_head_gets_the_headers_of_its_refusal_and_no_body(web):
    port = web.server.port
    received = raw_exchange(port, f"HEAD / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 501 ")
    assert b"Content-Type: application/json" in head
    assert int(re.search(rb"Content-Length: (\d+)", head).group(1)) > 0
    assert body == b""


def test_a_too_long_address_is_refused_with_its_status_phrase(web):
    received = raw_exchange(web.server.port, b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n")
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 414 "), head
    assert json.loads(body) == {"error": "Request-URI Too Long"}


def test_expect_100_continue_with_an_acceptable_body_is_invited_then_answered(web):
    port = web.server.port
    body = b'{"attempt": "resume"}'
    head = (
        f"POST /__courseforge/launch HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Origin: http://127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
        f"Expect: 100-continue\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head)
        interim = b""
        while b"\r\n\r\n" not in interim:
            interim += sock.recv(1)
        assert interim.startswith(b"HTTP/1.1 100 ")
        sock.sendall(body)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    status_line, _, rest = received.partition(b"\r\n")
    assert status_line.startswith(b"HTTP/1.1 200 ")
    assert json.loads(rest.partition(b"\r\n\r\n")[2])["url"] == "/course/index.html"


# A refused body ----------------------------------------------------------------------------------


def refuse_an_oversized_post(port: int, sock: socket.socket) -> None:
    sock.sendall(
        f"POST /__courseforge/launch HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Origin: http://127.0.0.1:{port}\r\nContent-Length: {MAX_BODY_BYTES + 1}\r\n\r\n".encode()
    )


def test_a_client_that_sends_its_refused_body_anyway_reads_the_refusal(web):
    """The server reads and drops the body it refused (up to LINGER_BYTES), so the client sees
    the 413 rather than a reset: a browser uploading a large file sends on after the answer."""
    port = web.server.port
    body = b"x" * (2 * MAX_BODY_BYTES)
    assert len(body) < LINGER_BYTES
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        # A small send buffer: the body gets through only as fast as the server reads it.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 32 * 1024)
        refuse_an_oversized_post(port, sock)
        sock.sendall(body)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    head, _, answer = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413 ")
    assert b"Connection: close" in head
    assert "accepts 1,048,576" in json.loads(answer)["error"]


def test_a_client_that_never_stops_sending_is_cut_off(web):
    """Reading a refused body is bounded (LINGER_BYTES, LINGER_SECONDS): an endless one ends."""
    port = web.server.port
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        refuse_an_oversized_post(port, sock)
        chunk = b"x" * 65536
        sent = 0
        with pytest.raises(OSError):  # the server closed its end: a reset or a broken pipe
            while sent < 10 * LINGER_BYTES:  # only a guard: the server stops reading far sooner
                sock.sendall(chunk)
                sent += len(chunk)
            sock.recv(1)  # the data sent before the close was refused: the reset shows here


def test_a_chunked_body_is_refused_even_with_a_content_length(web):
    """Both framings at once is how requests are smuggled past a proxy: neither is trusted."""
    port = web.server.port
    attempt = launch(port, "resume").json()["attempt"]
    body = b'{"attempt": "new"}'
    received = raw_exchange(
        port,
        (
            f"POST /__courseforge/launch HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Origin: http://127.0.0.1:{port}\r\nTransfer-Encoding: chunked\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        + body,
    )
    head, _, answer = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 411 ")
    assert json.loads(answer) == {
        "error": "send the body with a Content-Length (chunked bodies are not accepted)"
    }
    assert launch(port, "resume").json()["attempt"] == attempt  # no new attempt was started
