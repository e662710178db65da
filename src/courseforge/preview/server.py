"""The preview web server: the simulator page, the last good build, the status poll and the LRS."""

from __future__ import annotations

import json
import mimetypes
import posixpath
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from urllib.parse import unquote, urlsplit

from courseforge.preview.builds import PreviewBuilder
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


def static_file_path(name: str):
    """Return one of the simulator's own files (templates/preview/), e.g. scorm_api.js."""
    return resources.files("courseforge").joinpath("templates", "preview", name)


class PreviewApp:
    """Everything the server answers, independent of the HTTP plumbing."""

    def __init__(self, builder: PreviewBuilder, standard: str):
        self.builder = builder
        self.standard = standard
        self.lrs = MemoryLrs()
        if standard == "cmi5":
            self.launcher = Cmi5Launcher(self.lrs)
        elif standard == "xapi":
            self.launcher = TincanLauncher(self.lrs)
        else:
            self.launcher = PlainLauncher()

    def shell_page(self) -> bytes:
        config = {"standard": self.standard, "api": API, "coursePrefix": COURSE_PREFIX}
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
        return data, _content_type(name)

    def launch(self, body: bytes, origin: str) -> tuple[int, dict]:
        build = self.builder.current
        if build is None:
            return 503, {"error": "no successful build yet"}
        request = json.loads(body or b"{}")
        new_attempt = request.get("attempt") == "new"
        answer = self.launcher.launch(build, new_attempt=new_attempt, origin=origin)
        answer["scorm"] = _scorm_settings(build) if self.standard.startswith("scorm") else None
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
    """Routes requests to the PreviewApp; every answer is uncacheable."""

    app: PreviewApp  # set on the subclass made per server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_GET(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    def do_PUT(self) -> None:
        self._route("PUT")

    def do_DELETE(self) -> None:
        self._route("DELETE")

    def _route(self, method: str) -> None:
        parts = urlsplit(self.path)
        path = parts.path
        body = self._body()
        if path == "/" and method == "GET":
            return self._send(200, self.app.shell_page(), "text/html; charset=utf-8")
        if path.startswith(COURSE_PREFIX) and method == "GET":
            found = self.app.course_file(path[len(COURSE_PREFIX) :])
            if found is None:
                return self._send(404, b"not in the current build", "text/plain; charset=utf-8")
            return self._send(200, *found)
        if path == API + "status" and method == "GET":
            return self._send_json(200, self.app.builder.status())
        if path == API + "launch" and method == "POST":
            return self._send_json(*self.app.launch(body, self._origin()))
        if path == API + "statements" and method == "GET":
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

    def _static(self, name: str) -> None:
        if name not in STATIC_FILES:
            return self._send(404, b"not found", "text/plain; charset=utf-8")
        data = static_file_path(name).read_bytes()
        return self._send(200, data, _TYPES[posixpath.splitext(name)[1]])

    def _origin(self) -> str:
        host = self.headers.get("Host") or "{}:{}".format(*self.server.server_address[:2])
        return f"http://{host}"

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send_json(self, status: int, data) -> None:
        self._send(status, json.dumps(data).encode(), "application/json")

    def _send(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # A tab closed mid-answer is normal while previewing; anything else is a bug to show.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class PreviewServer:
    """A threaded HTTP server on 127.0.0.1 running in a background thread."""

    def __init__(self, app: PreviewApp, port: int = 0, host: str = "127.0.0.1"):
        handler = type("Handler", (PreviewHandler,), {"app": app})
        self._httpd = _QuietServer((host, port), handler)
        self.host, self.port = self._httpd.server_address[:2]
        self.url = f"http://{self.host}:{self.port}/"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)
