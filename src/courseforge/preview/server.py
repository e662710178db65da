"""The preview web server: the simulator page, the last good build, its event stream and the LRS."""

from __future__ import annotations

import contextlib
import json
import mimetypes
import posixpath
import secrets
import select
import socket
import sys
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from urllib.parse import unquote, urlsplit

from courseforge.package.output import file_bytes
from courseforge.preview.builds import PreviewBuilder
from courseforge.preview.events import Event, TooManySubscribers
from courseforge.preview.guard import (
    IDLE_TIMEOUT_SECONDS,
    MAX_CONNECTIONS,
    TOKEN_HEADER,
    BadJson,
    Refusal,
    RequestGuard,
    body_length,
    parse_json,
)
from courseforge.preview.launch import (
    COURSE_PREFIX,
    FETCH_PATH,
    LRS_PATH,
    Cmi5Launcher,
    PlainLauncher,
    TincanLauncher,
)
from courseforge.preview.lrs import MemoryLrs
from courseforge.templating import get_template

API = "/__courseforge/"
# The simulator's own scripts and styles, served from templates/preview/.
STATIC_FILES = ("preview.css", "preview.js", "scorm_api.js", "scorm_panel.js", "xapi_panel.js")
_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
# Sent with every answer: no MIME sniffing, no embedding by other sites' pages.
_SAFETY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Content-Security-Policy": "frame-ancestors 'self'",
}
# After refusing a body it did not read, the server reads and drops at most this much (for at
# most LINGER_SECONDS) before closing, so the client sees the answer rather than a reset.
LINGER_BYTES = 4 * 1024 * 1024
LINGER_SECONDS = 2.0
_LAUNCH_ATTEMPTS = ("first", "resume", "new")
# An event stream with nothing to say sends a comment this often, so no proxy or socket
# timeout (IDLE_TIMEOUT_SECONDS) ends it; it looks for a closed tab every CLOSED_CHECK_SECONDS,
# so a reloaded page's old stream frees its subscriber slot quickly.
KEEP_ALIVE_SECONDS = 10.0
CLOSED_CHECK_SECONDS = 0.5
# How soon a page's EventSource reconnects after the stream ends (SSE "retry", milliseconds).
RECONNECT_MS = 500


def static_file_path(name: str):
    """Return one of the simulator's own files (templates/preview/), e.g. scorm_api.js."""
    return resources.files("courseforge").joinpath("templates", "preview", name)


class PreviewApp:
    """Everything the server answers, independent of the HTTP plumbing."""

    def __init__(self, builder: PreviewBuilder, standard: str):
        self.builder = builder
        self.standard = standard
        # Only the preview's own pages know it (it is in the shell page's config); another
        # origin cannot read that page.
        self.token = secrets.token_urlsafe(24)
        self.lrs = MemoryLrs()
        # The simulator plays the LMS side of the package's kind, as the registry declares it.
        if builder.kind == "cmi5":
            self.launcher = Cmi5Launcher(self.lrs)
        elif builder.kind == "tincan":
            self.launcher = TincanLauncher(self.lrs)
        else:
            self.launcher = PlainLauncher()

    def shell_page(self) -> bytes:
        config = {
            "standard": self.standard,
            "api": API,
            "coursePrefix": COURSE_PREFIX,
            "token": self.token,
            "tokenHeader": TOKEN_HEADER,
        }
        build = self.builder.current
        title = build.report.title if build and build.report.title else "courseforge preview"
        template = get_template("preview/shell.html.j2")
        # "<" escaped so no value can close the <script> element the JSON sits in.
        config_json = json.dumps(config).replace("<", "\\u003c")
        return template.render(standard=self.standard, title=title, config=config_json).encode(
            "utf-8"
        )

    def course_file(self, path: str) -> tuple[bytes, str] | None:
        build = self.builder.current
        if build is None:
            return None
        name = posixpath.normpath(unquote(path)) if path else "index.html"
        data = build.files.get(name)
        if data is None:
            return None
        return file_bytes(data), _content_type(name)

    def launch(self, body: bytes, origin: str) -> tuple[int, dict]:
        build = self.builder.current
        if build is None:
            return 503, {"error": "no successful build yet"}
        try:
            request = parse_json(body or b"{}")
        except BadJson as exc:
            return 400, {"error": str(exc)}
        if not isinstance(request, dict) or request.get("attempt", "first") not in _LAUNCH_ATTEMPTS:
            return 400, {"error": 'the body must be {"attempt": "first" | "resume" | "new"}'}
        new_attempt = request.get("attempt") == "new"
        answer = self.launcher.launch(build, new_attempt=new_attempt, origin=origin)
        answer["scorm"] = _scorm_settings(build) if self.builder.kind.startswith("scorm") else None
        return 200, answer


def _content_type(name: str) -> str:
    suffix = posixpath.splitext(name)[1].lower()
    known = {
        ".html": "text/html; charset=utf-8",
        ".js": "text/javascript; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".json": "application/json",
        ".xml": "application/xml",
        ".svg": "image/svg+xml",
        ".xsd": "application/xml",
    }
    return known.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def _scorm_settings(build) -> dict:
    """The LMS-side values the manifest gives the SCO (mastery score, thresholds)."""
    unit = build.report.units[0] if build.report.units else None
    return {"mastery": dict(unit.mastery) if unit else {}, "title": unit.title if unit else ""}


class PreviewHandler(BaseHTTPRequestHandler):
    """Checks every request (see guard.py), then routes it to the PreviewApp; nothing is cached."""

    app: PreviewApp  # set on the subclass made per server
    guard: RequestGuard  # likewise
    protocol_version = "HTTP/1.1"
    timeout = IDLE_TIMEOUT_SECONDS  # socket timeout: idle keep-alive and stalled bodies end
    _unread_body = False  # an answer went out before the announced body was read

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PUT(self) -> None:
        self._handle("PUT")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    def handle_expect_100(self) -> bool:
        """Refuse an unacceptable body before the client sends it (Expect: 100-continue)."""
        try:
            body_length(self.command, self.headers)
        except Refusal as refusal:
            self._refuse(refusal, unread=True)
            return False
        return super().handle_expect_100()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        """The stdlib's own refusals (bad request line, headers too long, unknown method), as JSON."""
        self.close_connection = True
        phrase = HTTPStatus(code).phrase if code in HTTPStatus._value2member_map_ else "error"
        self._send_json(code, {"error": message or phrase}, {"Connection": "close"})

    def finish(self) -> None:
        super().finish()
        if self._unread_body:
            _linger(self.connection)

    def _handle(self, method: str) -> None:
        try:
            length = body_length(method, self.headers)
            origin = self.guard.origin(self.headers)
            self.guard.check_state_change(method, self.headers)
        except Refusal as refusal:
            return self._refuse(refusal, unread=True)
        try:
            body = self.rfile.read(length) if length else b""
        except TimeoutError:
            return self._refuse(Refusal(408, "the body did not arrive in time"), unread=True)
        if len(body) < length:  # the client closed the connection mid-body
            self.close_connection = True
            return None
        try:
            return self._route(method, body, origin)
        except Refusal as refusal:
            return self._refuse(refusal)
        except Exception as exc:  # noqa: BLE001 - one line on the console, a 500 to the client
            print(
                f"courseforge preview: error answering {method} {self.path[:200]!r}: "
                f"{type(exc).__name__}: {exc}",
                file=sys.stderr,
            )
            return self._send_json(500, {"error": f"internal error ({type(exc).__name__})"})

    def _route(self, method: str, body: bytes, origin: str) -> None:
        parts = urlsplit(self.path)
        path = parts.path
        if path == "/" and method == "GET":
            return self._send(200, self.app.shell_page(), "text/html; charset=utf-8")
        if path.startswith(COURSE_PREFIX) and method == "GET":
            found = self.app.course_file(path[len(COURSE_PREFIX) :])
            if found is None:
                return self._send(404, b"not in the current build", "text/plain; charset=utf-8")
            return self._send(200, *found)
        if path == API + "status" and method == "GET":
            return self._send_json(200, self.app.builder.status())
        if path == API + "events" and method == "GET":
            return self._event_stream()
        if path == API + "launch" and method == "POST":
            return self._send_json(*self.app.launch(body, origin))
        if path == API + "statements" and method == "GET":
            # Statements and credentials in URLs: for the preview's own page only.
            self.guard.check_token(self.headers)
            return self._send_json(200, self.app.lrs.statements_log())
        if path.startswith(API + "static/") and method == "GET":
            return self._static(path[len(API + "static/") :])
        if path.startswith(FETCH_PATH):
            return self._fetch(method, path[len(FETCH_PATH) :])
        if path.startswith(LRS_PATH):
            headers = {key.lower(): value for key, value in self.headers.items()}
            answer = self.app.lrs.handle(method, path[len(LRS_PATH) :], parts.query, headers, body)
            return self._send(answer.status, answer.body, answer.content_type, answer.headers)
        return self._send(404, b"not found", "text/plain; charset=utf-8")

    def _fetch(self, method: str, fetch_id: str) -> None:
        launcher = self.app.launcher
        if not isinstance(launcher, Cmi5Launcher):
            return self._send(404, b"not found", "text/plain; charset=utf-8")
        if method != "POST":  # cmi5 §8.2.1: GET is not allowed, so nothing caches the token
            return self._send(405, b"POST only", "text/plain; charset=utf-8", {"Allow": "POST"})
        return self._send_json(200, launcher.fetch(fetch_id))

    def _event_stream(self) -> None:
        """Stream build events (SSE) to one of the preview's own pages until it or we close."""
        self.guard.check_own_page(self.headers)
        builder = self.app.builder
        try:
            subscription = builder.events.subscribe()
        except TooManySubscribers:
            raise Refusal(503, "too many preview pages are listening; close some tabs") from None
        self.close_connection = True  # the stream is the whole answer: no length, no keep-alive
        try:
            self.send_response(200)
            headers = {"Content-Type": "text/event-stream", "Cache-Control": "no-store"}
            for key, value in {**headers, **_SAFETY_HEADERS, "Connection": "close"}.items():
                self.send_header(key, value)
            self.end_headers()
            # Subscribed first, then the current status: nothing published in between is missed.
            hello = (
                f"retry: {RECONNECT_MS}\n\n".encode() + Event("status", builder.status()).encoded()
            )
            self.wfile.write(hello)
            quiet = 0.0
            while True:
                try:
                    event = subscription.next(CLOSED_CHECK_SECONDS)
                except TimeoutError:
                    if _peer_closed(self.connection):
                        return
                    quiet += CLOSED_CHECK_SECONDS
                    if quiet >= KEEP_ALIVE_SECONDS:
                        self.wfile.write(b": keep-alive\n\n")
                        quiet = 0.0
                    continue
                quiet = 0.0
                if event is None:  # the preview is closing, or this page fell too far behind
                    return
                self.wfile.write(event.encoded())
        except OSError:
            return  # the tab closed, or stopped reading until the socket timed out
        finally:
            subscription.close()

    def _static(self, name: str) -> None:
        if name not in STATIC_FILES:
            return self._send(404, b"not found", "text/plain; charset=utf-8")
        data = static_file_path(name).read_bytes()
        return self._send(200, data, _TYPES[posixpath.splitext(name)[1]])

    def _refuse(self, refusal: Refusal, *, unread: bool = False) -> None:
        headers = {}
        if unread:  # the body (if any) is still on the wire: this connection cannot go on
            self.close_connection = True
            self._unread_body = True
            headers["Connection"] = "close"
        self._send_json(refusal.status, {"error": refusal.message}, headers)

    def _send_json(self, status: int, data, headers: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(data).encode(), "application/json", headers)

    def _send(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        if self.request_version == "HTTP/0.9":  # an unparsable request line: answer in 1.0 anyway
            self.request_version = "HTTP/1.0"
            self.close_connection = True
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for key, value in {**_SAFETY_HEADERS, **(headers or {})}.items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def _peer_closed(connection: socket.socket) -> bool:
    """Whether the client hung up (an event stream's client never sends anything more)."""
    try:
        readable, _, _ = select.select([connection], [], [], 0)
        return bool(readable) and connection.recv(1, socket.MSG_PEEK) == b""
    except (OSError, ValueError):
        return True


def _linger(connection: socket.socket) -> None:
    """Half-close, then read and drop what the client still sends, within bounds, before closing."""
    try:
        connection.shutdown(socket.SHUT_WR)
        connection.settimeout(0.2)
        deadline = time.monotonic() + LINGER_SECONDS
        left = LINGER_BYTES
        while left > 0 and time.monotonic() < deadline:
            try:
                chunk = connection.recv(min(65536, left))
            except TimeoutError:
                continue
            if not chunk:
                break
            left -= len(chunk)
    except OSError:
        pass


_BUSY_BODY = b'{"error": "too many open connections to the preview"}'
# Sent before any handler runs, so written out whole; the same headers as every other answer.
_BUSY_HEADERS = {
    "Content-Type": "application/json",
    "Content-Length": str(len(_BUSY_BODY)),
    "Cache-Control": "no-store",
    **_SAFETY_HEADERS,
    "Connection": "close",
}
_BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\n"
    + "".join(f"{name}: {value}\r\n" for name, value in _BUSY_HEADERS.items()).encode()
    + b"\r\n"
    + _BUSY_BODY
)


class _QuietServer(ThreadingHTTPServer):
    """A thread per connection, at most MAX_CONNECTIONS at once; no tracebacks on the console."""

    daemon_threads = True
    request_queue_size = MAX_CONNECTIONS  # accept bursts without SYN retries

    def __init__(self, *args, **kwargs):
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        super().__init__(*args, **kwargs)

    def process_request(self, request, client_address) -> None:
        if not self._slots.acquire(blocking=False):
            with contextlib.suppress(OSError):
                request.sendall(_BUSY)
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request, client_address) -> None:
        # A tab closed mid-answer, a timeout: normal while previewing. Anything else: one line.
        error = sys.exc_info()[1]
        if not isinstance(error, OSError):
            print(f"courseforge preview: {type(error).__name__}: {error}", file=sys.stderr)


class PreviewServer:
    """A threaded HTTP server on 127.0.0.1 running in a background thread."""

    def __init__(
        self,
        app: PreviewApp,
        port: int = 0,
        host: str = "127.0.0.1",
        idle_timeout: float = IDLE_TIMEOUT_SECONDS,
    ):
        self._app = app
        handler = type("Handler", (PreviewHandler,), {"app": app, "timeout": idle_timeout})
        self._httpd = _QuietServer((host, port), handler)
        self.host, self.port = self._httpd.server_address[:2]
        handler.guard = RequestGuard(self.host, self.port, app.token)
        self.url = f"http://{self.host}:{self.port}/"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        """Stop serving; also fine when never started (a signal during the first build)."""
        self._app.builder.events.close()  # event streams end, so their threads do
        if self._thread.is_alive():
            self._httpd.shutdown()  # waits for serve_forever, so only once it runs
            self._thread.join(timeout=5)
        self._httpd.server_close()
