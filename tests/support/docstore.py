"""The test LRS: Ralph for statements, behind a thin xAPI document store, on 127.0.0.1.

Ralph (ralph-malph 5.1.0, fs backend in APPEND mode: see tests/support/README.md) implements
only the Statements resource, while cmi5 and bookmarking also need the document resources:
the State API (`LMS.LaunchData`, `courseforge.state`) and the Agent Profile API
(`cmi5LearnerPreferences`). ``XapiFrontend`` is a small HTTP server in front of Ralph that

* keeps State, Agent Profile and Activity Profile documents in memory, as xAPI 1.0.3 defines
  them (Part Three §7.3–7.6): SHA-1 ETags, If-Match / If-None-Match preconditions (412),
  409 for a profile PUT without a precondition, a JSON merge on POST, lists of ids with
  ``since``, deletes;
* passes every ``/xAPI/statements`` request through to Ralph unchanged (method, query,
  body, Authorization) and returns Ralph's answer unchanged;
* answers CORS preflights, rejects requests without ``X-Experience-API-Version`` (400) or
  with other credentials (401), and logs every request for the tests' assertions;
* answers 503 to document requests while the LRS is "down" (``TestLrs.stop_ralph()``), and
  502 to statement requests because Ralph really is gone.

Nothing here is production code: it exists so the tests talk to a real LRS for statements.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import subprocess
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

from . import NODE_MODULES
from .lrs import XAPI_VERSION, RalphLRS, start_ralph

DOCUMENT_RESOURCES = ("activities/state", "agents/profile", "activities/profile")
_CORS_HEADERS = {
    "Access-Control-Allow-Methods": "GET, HEAD, PUT, POST, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": (
        "Authorization, Content-Type, X-Experience-API-Version, If-Match, If-None-Match"
    ),
    "Access-Control-Expose-Headers": (
        "ETag, Last-Modified, X-Experience-API-Version, X-Experience-API-Consistent-Through"
    ),
    "Access-Control-Max-Age": "600",
}


class QuietServer(ThreadingHTTPServer):
    """A threading HTTP server that does not print a browser dropping its connection."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class XapiError(Exception):
    """An xAPI error answer: status and message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass
class Document:
    content: bytes
    content_type: str
    updated: float = field(default_factory=time.time)

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.content).hexdigest() + '"'


def agent_key(agent_json: str | None) -> str:
    """Return the Inverse Functional Identifier of an agent parameter (400 when invalid)."""
    if not agent_json:
        raise XapiError(400, "agent parameter is required")
    try:
        agent = json.loads(agent_json)
    except json.JSONDecodeError as exc:
        raise XapiError(400, f"agent is not JSON: {exc}") from None
    if not isinstance(agent, dict):
        raise XapiError(400, "agent must be a JSON object")
    ifis = [k for k in ("mbox", "mbox_sha1sum", "openid", "account") if k in agent]
    if len(ifis) != 1:
        raise XapiError(400, "agent must have exactly one inverse functional identifier")
    value = agent[ifis[0]]
    if ifis[0] == "account":
        if not isinstance(value, dict) or not value.get("homePage") or not value.get("name"):
            raise XapiError(400, "agent account needs homePage and name")
        value = f"{value['homePage']}|{value['name']}"
    return f"{ifis[0]}:{value}"


class DocumentStore:
    """xAPI documents in memory, keyed by resource and the identifying parameters."""

    def __init__(self) -> None:
        self._docs: dict[tuple, Document] = {}
        self._lock = threading.Lock()

    @staticmethod
    def scope(resource: str, params: dict[str, str]) -> tuple:
        """Return the key of a document set (everything but the document id)."""
        if resource == "activities/state":
            if not params.get("activityId"):
                raise XapiError(400, "activityId parameter is required")
            registration = params.get("registration") or ""
            if registration:
                try:
                    uuid.UUID(registration)
                except ValueError:
                    raise XapiError(400, "registration must be a UUID") from None
            return (resource, params["activityId"], agent_key(params.get("agent")), registration)
        if resource == "agents/profile":
            return (resource, agent_key(params.get("agent")))
        if not params.get("activityId"):
            raise XapiError(400, "activityId parameter is required")
        return (resource, params["activityId"])

    @staticmethod
    def id_param(resource: str) -> str:
        return "stateId" if resource == "activities/state" else "profileId"

    def get(self, scope: tuple, doc_id: str) -> Document | None:
        with self._lock:
            return self._docs.get((*scope, doc_id))

    def ids(self, scope: tuple, since: float | None) -> list[str]:
        with self._lock:
            return sorted(
                key[-1]
                for key, doc in self._docs.items()
                if key[:-1] == scope and (since is None or doc.updated > since)
            )

    def write(
        self,
        scope: tuple,
        doc_id: str,
        content: bytes,
        content_type: str,
        *,
        merge: bool,
        if_match: str | None,
        if_none_match: str | None,
        require_precondition: bool,
    ) -> None:
        key = (*scope, doc_id)
        with self._lock:
            existing = self._docs.get(key)
            _check_preconditions(existing, if_match, if_none_match)
            if require_precondition and existing and not (if_match or if_none_match):
                raise XapiError(409, "document exists: send If-Match or If-None-Match")
            if merge and existing is not None:
                content = _merged(existing, content, content_type)
                content_type = "application/json"
            self._docs[key] = Document(content, content_type)

    def delete(self, scope: tuple, doc_id: str | None, if_match: str | None) -> None:
        with self._lock:
            if doc_id is None:
                for key in [k for k in self._docs if k[:-1] == scope]:
                    del self._docs[key]
                return
            existing = self._docs.get((*scope, doc_id))
            _check_preconditions(existing, if_match, None)
            self._docs.pop((*scope, doc_id), None)


def _check_preconditions(existing: Document | None, if_match: str | None, if_none: str | None):
    if if_match:
        tags = {t.strip() for t in if_match.split(",")}
        if existing is None or not ("*" in tags or existing.etag in tags):
            raise XapiError(412, "If-Match precondition failed")
    if if_none:
        tags = {t.strip() for t in if_none.split(",")}
        if existing is not None and ("*" in tags or existing.etag in tags):
            raise XapiError(412, "If-None-Match precondition failed")


def _merged(existing: Document, content: bytes, content_type: str) -> bytes:
    """xAPI POST on a document: merge the top-level properties of two JSON objects."""
    try:
        old = json.loads(existing.content) if "json" in existing.content_type else None
        new = json.loads(content) if "json" in content_type else None
    except json.JSONDecodeError:
        old = new = None
    if not isinstance(old, dict) or not isinstance(new, dict):
        raise XapiError(400, "POST merges JSON objects only; use PUT to replace the document")
    return json.dumps({**old, **new}).encode()


@dataclass(frozen=True)
class LoggedRequest:
    """One request the front end answered, for assertions."""

    at: float
    method: str
    resource: str
    params: dict[str, str]
    version: str | None
    status: int
    body: bytes = b""  # a document write's content (statements are in Ralph)


class XapiFrontend:
    """The document store and statements pass-through, served from a daemon thread."""

    def __init__(self, upstream: str, authorization: set[str]):
        self.upstream = urlsplit(upstream)
        self.authorization = authorization
        self.store = DocumentStore()
        self.log: list[LoggedRequest] = []
        self.preflights: list[str] = []  # CORS preflights (OPTIONS), by resource
        self.offline = False
        handler = type("Handler", (_FrontendHandler,), {"frontend": self})
        self._httpd = QuietServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    @property
    def endpoint(self) -> str:
        return f"{self.url}/xAPI/"

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def forward(self, method: str, target: str, body: bytes, headers: dict[str, str]):
        """Send a statements request to Ralph unchanged; return (status, headers, body)."""
        conn = http.client.HTTPConnection(self.upstream.hostname, self.upstream.port, timeout=30)
        try:
            conn.request(method, target, body=body or None, headers=headers)
            response = conn.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            conn.close()


class _FrontendHandler(BaseHTTPRequestHandler):
    frontend: XapiFrontend
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_OPTIONS(self) -> None:
        self.frontend.preflights.append(urlsplit(self.path).path.removeprefix("/xAPI/").strip("/"))
        self._answer(204, b"")

    def do_GET(self) -> None:
        self._handle()

    def do_HEAD(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def _handle(self) -> None:
        parts = urlsplit(self.path)
        resource = parts.path.removeprefix("/xAPI/").strip("/")
        params = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        status = 500
        try:
            status = self._dispatch(resource, parts, params, body)
        except XapiError as exc:
            status = exc.status
            self._answer(status, json.dumps({"error": str(exc)}).encode(), "application/json")
        finally:
            self.frontend.log.append(
                LoggedRequest(
                    time.time(),
                    self.command,
                    resource,
                    params,
                    self.headers.get("X-Experience-API-Version"),
                    status,
                    body if resource in DOCUMENT_RESOURCES else b"",
                )
            )

    def _dispatch(self, resource: str, parts, params: dict[str, str], body: bytes) -> int:
        frontend = self.frontend
        if not self.headers.get("X-Experience-API-Version"):
            raise XapiError(400, "X-Experience-API-Version header is missing")
        if self.headers.get("Authorization") not in frontend.authorization:
            raise XapiError(401, "unknown credentials")
        if resource == "statements":
            return self._pass_through(parts, body)
        if frontend.offline:
            raise XapiError(503, "the LRS is down")
        if resource == "about" and self.command in ("GET", "HEAD"):
            return self._answer(
                200, json.dumps({"version": [XAPI_VERSION]}).encode(), "application/json"
            )
        if resource not in DOCUMENT_RESOURCES:
            raise XapiError(404, f"no resource {resource!r}")
        return self._document(resource, params, body)

    def _pass_through(self, parts, body: bytes) -> int:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        headers = {
            k: v
            for k in ("Authorization", "Content-Type", "X-Experience-API-Version")
            if (v := self.headers.get(k)) is not None
        }
        try:
            status, upstream_headers, payload = self.frontend.forward(
                self.command, target, body, headers
            )
        except OSError as exc:
            raise XapiError(502, f"the LRS cannot be reached: {exc}") from None
        content_type = dict(upstream_headers).get("content-type", "application/json")
        return self._answer(status, payload, content_type)

    def _document(self, resource: str, params: dict[str, str], body: bytes) -> int:
        store = self.frontend.store
        scope = store.scope(resource, params)
        doc_id = params.get(store.id_param(resource))
        method = self.command
        if method in ("GET", "HEAD"):
            if doc_id is None:
                since = _parse_since(params.get("since"))
                payload = json.dumps(store.ids(scope, since)).encode()
                return self._answer(200, payload, "application/json")
            doc = store.get(scope, doc_id)
            if doc is None:
                raise XapiError(404, "no such document")
            extra = {"ETag": doc.etag, "Last-Modified": formatdate(doc.updated, usegmt=True)}
            return self._answer(200, doc.content, doc.content_type, extra)
        if method == "DELETE":
            if doc_id is None and resource != "activities/state":
                raise XapiError(400, f"{store.id_param(resource)} parameter is required")
            store.delete(scope, doc_id, self.headers.get("If-Match"))
            return self._answer(204, b"")
        if doc_id is None:
            raise XapiError(400, f"{store.id_param(resource)} parameter is required")
        content_type = (self.headers.get("Content-Type") or "application/octet-stream").split(";")[
            0
        ]
        if content_type == "application/json":
            try:
                json.loads(body)
            except json.JSONDecodeError:
                raise XapiError(400, "the body is not the JSON its Content-Type says") from None
        store.write(
            scope,
            doc_id,
            body,
            content_type,
            merge=method == "POST",
            if_match=self.headers.get("If-Match"),
            if_none_match=self.headers.get("If-None-Match"),
            require_precondition=method == "PUT" and resource != "activities/state",
        )
        return self._answer(204, b"")

    def _answer(
        self,
        status: int,
        payload: bytes,
        content_type: str | None = None,
        extra: dict[str, str] | None = None,
    ) -> int:
        self.send_response(status)
        origin = self.headers.get("Origin")
        self.send_header("Access-Control-Allow-Origin", origin or "*")
        if origin:
            self.send_header("Vary", "Origin")
        for name, value in _CORS_HEADERS.items():
            self.send_header(name, value)
        self.send_header("X-Experience-API-Version", XAPI_VERSION)
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD" and payload:
            self.wfile.write(payload)
        return status


def _parse_since(value: str | None) -> float | None:
    if not value:
        return None
    from datetime import datetime

    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        raise XapiError(400, f"since is not an ISO 8601 timestamp: {value!r}") from None


class TestLrs:
    """Ralph + the document front end; what the browser and the test LMS talk to."""

    __test__ = False  # not a test class, despite the name

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.ralph: RalphLRS = start_ralph(workdir / "ralph")
        self.port = int(urlsplit(self.ralph.url).port)
        self.frontend = XapiFrontend(self.ralph.url, {self.ralph.auth_header()})

    @property
    def endpoint(self) -> str:
        """The xAPI endpoint learners and the LMS use (the front end, ends with /xAPI/)."""
        return self.frontend.endpoint

    @property
    def basic_token(self) -> str:
        """The base64 credentials of the LRS user: what the LMS hands out as auth-token."""
        return self.ralph.auth_header().removeprefix("Basic ")

    def headers(self) -> dict[str, str]:
        return self.ralph.headers()

    def stop_ralph(self) -> None:
        """Take the LRS down: Ralph stops, the document front end answers 503."""
        self.frontend.offline = True
        self.ralph.stop()

    def start_ralph(self) -> None:
        """Bring Ralph back on the same port with the same statements file."""
        self.ralph = start_ralph(self.workdir / "ralph", port=self.port)
        self.frontend.offline = False

    def close(self) -> None:
        self.frontend.close()
        self.ralph.stop()

    def statements(
        self, *, registration: str | None = None, agent: dict | None = None
    ) -> list[dict]:
        """Read statements back from Ralph (by registration or agent), oldest first."""
        query = {"limit": "500"}
        if registration:
            query["registration"] = registration
        if agent:
            query["agent"] = json.dumps(agent)
        url = f"{self.ralph.endpoint}statements?{urlencode(query)}"
        found: list[dict] = []
        while url:
            request = urllib.request.Request(url, headers=self.ralph.headers())
            with urllib.request.urlopen(request, timeout=10) as response:
                page = json.load(response)
            found += page["statements"]
            more = page.get("more")
            url = f"{self.ralph.url}{more}" if more else ""
        return sorted(found, key=lambda s: (s["timestamp"], s.get("stored", "")))

    def wait_for_statements(
        self, registration: str, predicate, timeout: float = 15.0
    ) -> list[dict]:
        """Poll until predicate(statements) is true; return the statements (or fail)."""
        deadline = time.monotonic() + timeout
        while True:
            statements = self.statements(registration=registration)
            if predicate(statements):
                return statements
            if time.monotonic() > deadline:
                verbs = [verb_name(s) for s in statements]
                raise AssertionError(f"statements never matched within {timeout}s; got {verbs}")
            time.sleep(0.2)

    def requests(self, resource: str | None = None) -> list[LoggedRequest]:
        return [r for r in self.frontend.log if resource is None or r.resource == resource]


def verb_name(statement: dict) -> str:
    return statement["verb"]["id"].rsplit("/", 1)[-1]


_shared: dict[str, TestLrs] = {}


def shared_lrs(tmp_path_factory, config) -> TestLrs:
    """Return the one TestLrs of this pytest run, started on first use, stopped at the end."""
    if "lrs" not in _shared:
        lrs = TestLrs(tmp_path_factory.mktemp("lrs"))
        _shared["lrs"] = lrs

        def stop() -> None:
            _shared.pop("lrs", None)
            lrs.close()

        config.add_cleanup(stop)
    return _shared["lrs"]


# Validate with Learning Locker's xapi-validation (npm, pinned in tests/js/package-lock.json).
_VALIDATE_JS = """
const validate = require(process.argv[1]).default;
let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const out = {};
  for (const statement of JSON.parse(input)) {
    const problems = validate(statement).map(
      (w) => `${w.path.join(".")}: ${w.typeName || w.name} (got ${JSON.stringify(w.data)})`
    );
    if (problems.length) out[statement.id] = problems;
  }
  process.stdout.write(JSON.stringify(out));
});
"""


def xapi_validation_problems(statements: Iterable[dict]) -> dict[str, list[str]]:
    """Run npm xapi-validation over statements; return {statement id: problems} (empty = all valid)."""
    module = NODE_MODULES / "xapi-validation"
    result = subprocess.run(
        ["node", "-e", _VALIDATE_JS, str(module)],
        input=json.dumps(list(statements)),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout)


def basic_auth(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()
