"""A strict cmi5 LMS for tests: it refuses what a conformant player refuses, as ADL's does.

``StrictCmi5Lms`` is the test LMS of lms_launcher.py (package, launches, LMS.LaunchData,
``launched``/``abandoned``, one-time fetch URL) plus the LRS endpoint the AU talks to: a proxy
in front of the tests' real LRS (tests/support/docstore.py: Ralph + documents). Each session
gets its own token; the proxy swaps it for the LRS's credentials and forwards, unless the
request breaks a rule, which it answers with HTTP 403 and the rule in the body:

* 8.1.2.0-2 — any request with a session's token after its ``terminated`` (or ``abandoned``);
* §11.0 / §10.0 — a statement before the AU read ``cmi5LearnerPreferences`` and
  ``LMS.LaunchData``;
* §9.3.2 — a first statement that is not ``initialized``; §9.3 — a cmi5-defined verb twice in
  a session; 9.3.0.0-6/7 — ``completed`` or ``passed`` twice in a registration; ``failed``
  after ``passed``; a statement carrying another session's id;
* §10.0 launchMode — in Review/Browse, any statement but ``initialized``/``terminated``, and
  any state or profile write;
* §8.2 — a second POST to a fetch URL (answered as the spec says, error-code 1, and counted).

Every refusal is kept in ``rejections``; the tests assert it stays empty.
"""

from __future__ import annotations

import base64
import http.client
import json
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .docstore import _CORS_HEADERS, QuietServer, TestLrs
from .lms_launcher import CATEGORY_CMI5, SESSION_ID, TestLms, _Session

ADL = "http://adlnet.gov/expapi/verbs/"
DOCUMENT_WRITES = ("PUT", "POST", "DELETE")


@dataclass
class Rejection:
    method: str
    resource: str
    rule: str
    session_id: str = ""


@dataclass
class _Live:
    """What the LMS knows about one session while it runs."""

    session: _Session
    read_launch_data: bool = False
    read_preferences: bool = False
    defined: list[str] = field(default_factory=list)  # cmi5-defined verbs accepted, in order
    closed: str = ""  # "terminated" or "abandoned"


class StrictCmi5Lms(TestLms):
    """The test LMS with a rule-enforcing LRS endpoint in front of the real LRS."""

    def __init__(self, package: Path, lrs: TestLrs):
        super().__init__(package, lrs)
        self.rejections: list[Rejection] = []
        self._live: dict[str, _Live] = {}  # token → session
        self._registration_verbs: dict[str, list[str]] = {}
        self._lock = threading.Lock()
        handler = type("Handler", (_ProxyHandler,), {"lms": self})
        self._proxy = QuietServer(("127.0.0.1", 0), handler)
        self.proxy_url = f"http://127.0.0.1:{self._proxy.server_address[1]}"
        self.learner_endpoint = f"{self.proxy_url}/xAPI/"
        threading.Thread(target=self._proxy.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._proxy.shutdown()
        self._proxy.server_close()
        super().close()

    def issue_token(self, session: _Session) -> str:
        token = base64.b64encode(f"au-{session.session_id}:{uuid.uuid4().hex}".encode()).decode()
        with self._lock:
            # A new launch of the registration closes its earlier sessions (§9.3.6).
            for live in self._live.values():
                if live.session.registration == session.registration and not live.closed:
                    live.closed = "abandoned"
            self._live[token] = _Live(session)
        return token

    @property
    def refusals(self) -> list[str]:
        """Every rule the AU broke: 403s answered plus second fetches."""
        found = [f"{r.method} {r.resource}: {r.rule}" for r in self.rejections]
        found += [
            f"POST fetch {key}: §8.2 fetch URL used {n} times"
            for key, n in self.fetches.calls.items()
            if n > 1
        ]
        return found

    # ---- the rules ---------------------------------------------------------------------------

    def check(self, token: str, method: str, resource: str, params: dict, body: bytes) -> str:
        """Return the rule a request breaks ("" when none); accept its effects when none."""
        live = self._live.get(token)
        if live is None:
            return "unknown token"
        if live.closed:
            return f"8.1.2.0-2: the session is {live.closed}; its token is no longer valid"
        mode = live.session.launch_mode
        if resource in ("activities/state", "agents/profile", "activities/profile"):
            if method in DOCUMENT_WRITES and mode != "Normal":
                return f"§10.0 launchMode {mode}: the AU must not change the learner's record"
            if method == "GET" and params.get("stateId") == "LMS.LaunchData":
                live.read_launch_data = True
            if method == "GET" and params.get("profileId") == "cmi5LearnerPreferences":
                live.read_preferences = True
            return ""
        if resource != "statements" or method not in ("POST", "PUT"):
            return ""
        try:
            data = json.loads(body)
        except json.JSONDecodeError:
            return "the body is not JSON"
        statements = data if isinstance(data, list) else [data]
        if not live.read_preferences:
            return "§11.0: a statement before the learner preferences were read"
        if not live.read_launch_data:
            return "§10.0: a statement before LMS.LaunchData was read"
        defined = list(live.defined)
        registration = list(self._registration_verbs.get(live.session.registration, []))
        for statement in statements:
            rule = self._statement_rule(live, statement, defined, registration)
            if rule:
                return rule
        live.defined = defined
        self._registration_verbs[live.session.registration] = registration
        if "terminated" in defined:
            live.closed = "terminated"
        return ""

    @staticmethod
    def _statement_rule(live: _Live, s: dict, defined: list[str], registration: list[str]) -> str:
        verb = s.get("verb", {}).get("id", "").removeprefix(ADL)
        context = s.get("context", {})
        categories = [a.get("id") for a in context.get("contextActivities", {}).get("category", [])]
        session_id = context.get("extensions", {}).get(SESSION_ID)
        if session_id != live.session.session_id:
            return f"§9.6.3.1: {verb} carries session id {session_id}, not this session's"
        if "terminated" in defined:
            return f"8.1.2.0-2: {verb} after terminated"
        if not defined and verb != "initialized":
            return f"§9.3.2: the first statement is {verb}, not initialized"
        mode = live.session.launch_mode
        if mode != "Normal" and verb not in ("initialized", "terminated"):
            return f"§10.0 launchMode {mode}: {verb} (only initialized and terminated)"
        if CATEGORY_CMI5 not in categories:
            return ""
        if verb in defined:
            return f"§9.3: {verb} twice in one session"
        if verb == "completed" and "completed" in registration:
            return "9.3.0.0-6: completed twice in one registration"
        if verb == "passed" and "passed" in registration:
            return "9.3.0.0-7: passed twice in one registration"
        if verb == "failed" and "passed" in registration:
            return "§9.3: failed after passed in one registration"
        if verb in ("passed", "failed") and {"passed", "failed"} & set(defined):
            return f"§9.3: {verb} after another verdict in one session"
        defined.append(verb)
        registration.append(verb)
        return ""


class _ProxyHandler(BaseHTTPRequestHandler):
    lms: StrictCmi5Lms
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_OPTIONS(self) -> None:
        self._answer(204, b"", None)

    def do_GET(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def _handle(self) -> None:
        lms = self.lms
        parts = urlsplit(self.path)
        resource = parts.path.removeprefix("/xAPI/").strip("/")
        params = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        token = (self.headers.get("Authorization") or "").removeprefix("Basic ").strip()
        with lms._lock:  # requests are judged in the order they arrive
            rule = lms.check(token, self.command, resource, params, body)
            if rule:
                session = lms._live.get(token)
                sid = session.session.session_id if session else ""
                lms.rejections.append(Rejection(self.command, resource, rule, sid))
        if rule:
            status = 401 if rule == "unknown token" else 403
            return self._answer(status, json.dumps({"error": rule}).encode(), "application/json")
        headers = {
            k: v
            for k in ("Content-Type", "X-Experience-API-Version", "If-Match", "If-None-Match")
            if (v := self.headers.get(k)) is not None
        }
        headers["Authorization"] = lms.lrs.ralph.auth_header()
        upstream = urlsplit(lms.lrs.endpoint)
        conn = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=30)
        try:
            conn.request(self.command, self.path, body=body or None, headers=headers)
            response = conn.getresponse()
            payload = response.read()
            extra = {k: v for k, v in response.getheaders() if k in ("ETag", "Last-Modified")}
            self._answer(response.status, payload, response.getheader("Content-Type"), extra)
        finally:
            conn.close()

    def _answer(self, status: int, payload: bytes, content_type: str | None, extra=None) -> None:
        self.send_response(status)
        self.send_header("Access-Control-Allow-Origin", self.headers.get("Origin") or "*")
        self.send_header("Vary", "Origin")
        for name, value in _CORS_HEADERS.items():
            self.send_header(name, value)
        self.send_header("X-Experience-API-Version", "1.0.3")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if payload:
            self.wfile.write(payload)
