"""The preview's event stream and session, and the package check it shows, run in this process.

Open pages learn of every build over Server-Sent Events; a page that goes away frees its
place; closing the preview ends every stream; a preview that cannot start leaves nothing
running. The preview runs in this process's threads (real sockets, real builds).
"""

from __future__ import annotations

import base64
import http.client
import json
import socket
import time

import pytest
from inprocess_client import HANG_GUARD_SECONDS, SAFETY_HEADERS, call
from playwright.sync_api import expect
from preview_helpers import REPO, copy_seed_course, running_preview
from sse_client import EventStream
from tests.loader.course_factory import write_course

from courseforge.preview import PreviewSession, server
from courseforge.preview.events import MAX_SUBSCRIBERS

EVENTS = "/__courseforge/events"
# A one-pixel PNG, saved twice under names that differ only in case: inspect warns that one
# replaces the other when the package is unpacked on Windows or macOS.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
CASE_WARNING = (
    "content/modules/overview/img/Logo.png: warning: entries "
    "'content/modules/overview/img/Logo.png', 'content/modules/overview/img/logo.png' "
    "differ only in letter case"
)


def wait_until(condition, what: str) -> None:
    """Poll a condition the server reaches by itself (a hang guard, not a timing bar)."""
    deadline = time.monotonic() + HANG_GUARD_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} never happened")
        time.sleep(0.02)


def hang_up(stream: EventStream) -> None:
    """Close the stream's socket, as a closed tab does (the response holds it, not the connection)."""
    stream.response.close()
    stream.close()


def open_stream(port: int) -> EventStream:
    stream = EventStream(port, {"Sec-Fetch-Site": "same-origin"})
    assert stream.response.status == 200
    return stream


# The stream ------------------------------------------------------------------------------------


def test_a_stream_starts_with_its_reconnect_delay_and_the_current_status(tmp_path):
    with running_preview(write_course(tmp_path)) as session:
        connection = http.client.HTTPConnection("127.0.0.1", session.server.port, timeout=10)
        connection.request("GET", EVENTS)
        response = connection.getresponse()
        try:
            headers = {key.lower(): value for key, value in response.getheaders()}
            assert headers["content-type"] == "text/event-stream"
            assert headers["cache-control"] == "no-store"
            assert headers["connection"] == "close"
            assert "content-length" not in headers
            for name, value in SAFETY_HEADERS.items():
                assert headers[name] == value
            assert response.readline() == b"retry: 500\n"
            assert response.readline() == b"\n"
            assert response.readline() == b"event: status\n"
            data = response.readline()
            assert data.startswith(b"data: ")
            assert json.loads(data[6:]) == session.builder.status()
        finally:
            connection.close()


def test_every_build_reaches_every_open_page(tmp_path):
    course = write_course(tmp_path)
    with running_preview(course) as session:
        streams = [open_stream(session.server.port) for _ in range(3)]
        try:
            for stream in streams:
                assert stream.next().data["build"] == 1
            lesson = course / "modules/intro/hello.md"
            lesson.write_text(lesson.read_text(encoding="utf-8") + "\nA new line.\n", "utf-8")
            session.builder.rebuild([lesson])
            for stream in streams:
                event = stream.until(lambda e: e.name == "status" and e.data["build"] >= 2)
                assert event.data["error"] is None
        finally:
            for stream in streams:
                stream.close()


def test_a_page_that_goes_away_frees_its_place(tmp_path):
    with running_preview(write_course(tmp_path)) as session:
        port = session.server.port
        streams = [open_stream(port) for _ in range(MAX_SUBSCRIBERS)]
        for stream in streams:
            stream.next()
        assert call(port, "GET", EVENTS).status == 503
        for stream in streams:
            hang_up(stream)  # the tabs close; nothing more is published

        # The server notices each hang-up at its next check; until then the place stays taken.
        reopened: list[EventStream] = []

        def another_place_free() -> bool:
            stream = EventStream(port)
            if stream.response.status == 200:
                reopened.append(stream)
            else:
                hang_up(stream)
            return len(reopened) == MAX_SUBSCRIBERS

        try:
            wait_until(another_place_free, "every closed page's place being freed")
        finally:
            for stream in reopened:
                hang_up(stream)


def read_keep_alive(stream: EventStream) -> None:
    """Read up to the next keep-alive comment; nothing else may come meanwhile."""
    lines = []
    while b": keep-alive\n" not in lines:
        line = stream.response.readline()
        assert line, "the stream ended"
        lines.append(line)
    assert set(lines) <= {b": keep-alive\n", b"\n"}, lines  # no event was invented


def test_a_quiet_stream_sends_keep_alive_comments(tmp_path, monkeypatch):
    monkeypatch.setattr(server, "KEEP_ALIVE_SECONDS", server.CLOSED_CHECK_SECONDS * 2)
    with running_preview(write_course(tmp_path)) as session:
        stream = open_stream(session.server.port)
        try:
            stream.next()
            read_keep_alive(stream)
            read_keep_alive(stream)  # and again: the quiet time starts over after each one
            session.builder.rebuild()  # nothing changed: the pages are told the status again
            assert stream.next().name == "status"
            read_keep_alive(stream)
        finally:
            stream.close()


def test_closing_the_preview_ends_every_stream(tmp_path):
    session = PreviewSession(write_course(tmp_path), port=0)
    session.start()
    try:
        stream = open_stream(session.server.port)
        stream.next()
    finally:
        session.close()
    with pytest.raises(EOFError):
        stream.next()
    stream.close()


# The session -----------------------------------------------------------------------------------


def test_a_session_serves_at_its_url_until_closed(tmp_path):
    session = PreviewSession(write_course(tmp_path), port=0)
    port = session.server.port
    assert session.url == f"http://127.0.0.1:{port}/"
    assert session.start() == session.url
    assert call(port, "GET", "/__courseforge/status").json()["build"] == 1
    session.close()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=HANG_GUARD_SECONDS)


def test_a_session_closed_before_it_started_frees_its_port(tmp_path):
    session = PreviewSession(write_course(tmp_path), port=0)
    port = session.server.port
    session.close()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=HANG_GUARD_SECONDS)


def test_a_taken_port_is_an_error_and_leaves_nothing_listening(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(OSError):
            PreviewSession(write_course(tmp_path), port=port)


def test_the_idle_timeout_given_is_the_servers(tmp_path):
    session = PreviewSession(write_course(tmp_path), port=0, idle_timeout=0.3)
    with session, socket.create_connection(("127.0.0.1", session.server.port), timeout=10) as sock:
        assert sock.recv(1) == b""  # closed by the server; a hang would hit the 10 s guard


# The package check -----------------------------------------------------------------------------


@pytest.fixture
def course_with_a_case_collision(tmp_path):
    course = copy_seed_course(tmp_path)
    images = course / "modules/overview/img"
    images.mkdir()
    (images / "Logo.png").write_bytes(PIXEL)
    (images / "logo.png").write_bytes(PIXEL)
    lesson = course / "modules/overview/what-the-role-is.md"
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text + "\n![Logo](img/Logo.png)\n\n![logo](img/logo.png)\n", "utf-8")
    return course


def test_inspects_problems_reach_the_page_in_the_status(course_with_a_case_collision):
    with running_preview(course_with_a_case_collision, "scorm12") as session:
        status = call(session.server.port, "GET", "/__courseforge/status").json()
        (problem,) = status["package"]["problems"]
        assert problem.startswith(CASE_WARNING) and problem.endswith("[zip-case-collision]")
        stream = open_stream(session.server.port)
        try:
            assert stream.next().data["package"]["problems"] == [problem]
        finally:
            stream.close()


def test_the_preview_page_shows_inspects_problems(course_with_a_case_collision, browser_page):
    page = browser_page.page
    with running_preview(course_with_a_case_collision, "scorm12") as session:
        page.goto(session.url)
        box = page.locator("#cfp-package")
        expect(box).to_be_visible(timeout=30_000)
        expect(page.locator("#cfp-package-problems li")).to_have_count(1)
        expect(box).to_contain_text(CASE_WARNING)
    browser_page.assert_no_console_errors()


def test_a_package_without_problems_shows_no_package_check(browser_page):
    page = browser_page.page
    with running_preview(REPO / "course", "scorm12") as session:
        page.goto(session.url)
        expect(page.locator("#cfp-status")).not_to_have_text("building…", timeout=30_000)
        expect(page.locator("#cfp-package")).to_be_hidden()
    browser_page.assert_no_console_errors()


def test_a_swap_carries_the_build_it_belongs_to_and_its_status_follows(tmp_path):
    """The page records the swap's build number, so the status that follows (the package
    check of the same build) is not taken for a newer build to relaunch."""
    course = write_course(tmp_path)
    with running_preview(course) as session:
        stream = open_stream(session.server.port)
        try:
            assert stream.next().data["build"] == 1
            lesson = course / "modules/intro/hello.md"
            lesson.write_text(lesson.read_text(encoding="utf-8") + "\nA new line.\n", "utf-8")
            session.builder.rebuild([lesson])
            swap = stream.next()
            change = session.builder.last_change
            (page,) = change.pages
            assert "A new line." in page.html
            assert (swap.name, swap.data) == (
                "swap",
                {
                    "build": 2,
                    "pages": [{"id": page.id, "html": page.html}],
                    "fingerprint": change.fingerprint,
                },
            )
            status = stream.next()
            assert (status.name, status.data["build"], status.data["error"]) == ("status", 2, None)
            assert status.data == session.builder.status()
        finally:
            stream.close()


def test_a_build_that_is_not_a_swap_is_one_status_and_an_unchanged_one_keeps_its_number(tmp_path):
    """A new course title changes every page: the pages relaunch on the new build's status,
    and no swap comes. A rebuild that changes nothing is told as the same build again."""
    course = write_course(tmp_path)
    with running_preview(course) as session:
        stream = open_stream(session.server.port)
        try:
            assert stream.next().data["build"] == 1
            settings = course / "course.yaml"
            text = settings.read_text(encoding="utf-8")
            settings.write_text(text.replace("Demo course", "Renamed course"), "utf-8")
            session.builder.rebuild([settings])
            relaunch = stream.next()
            assert session.builder.last_change.action == "relaunch"
            assert (relaunch.name, relaunch.data["build"]) == ("status", 2)
            assert relaunch.data == session.builder.status()
            assert relaunch.data["package"]["problems"] == []

            session.builder.rebuild()
            again = stream.next()
            assert session.builder.last_change.action == "none"
            assert (again.name, again.data) == ("status", relaunch.data)
        finally:
            stream.close()
