"""A tiny in-memory LRS for previews: statements, state, agent and activity profiles.

It answers the xAPI 1.0.3 resources an AU uses and rejects what a real LRS rejects (no version
header, unknown credentials, malformed statements), so adapter mistakes show up in preview.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qs

from courseforge.preview.guard import BadJson, parse_json
from courseforge.preview.xapi_checks import agent_key, statement_problems

__all__ = ["MemoryLrs", "LrsResponse", "agent_key", "now_iso", "statement_problems"]

XAPI_VERSION = "1.0.3"
# Documented in README.md ("Live preview"). Statements beyond the limits push out the oldest:
# a preview left running for hours keeps working, and the panel shows the newest. Documents are
# the course's saved state, so one that does not fit is refused (507), never dropped unseen.
MAX_STATEMENTS = 10_000
MAX_STATEMENT_BYTES = 32 * 1024 * 1024
MAX_DOCUMENTS = 1_000
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024
MAX_REJECTIONS_SHOWN = 200


@dataclass(frozen=True)
class LrsResponse:
    status: int
    body: bytes = b""
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


def _json(status: int, data: Any) -> LrsResponse:
    return LrsResponse(status, json.dumps(data).encode())


def _error(status: int, message: str) -> LrsResponse:
    return _json(status, {"error": message})


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class Document:
    data: bytes
    content_type: str
    updated: str


class MemoryLrs:
    """Statements and documents in memory, guarded by one lock; credentials issued by the launcher."""

    def __init__(self) -> None:
        self.statements: list[dict] = []  # oldest first
        # Requests refused, shown in the simulator panel: the latest ones.
        self.rejected: deque[dict] = deque(maxlen=MAX_REJECTIONS_SHOWN)
        self._by_id: dict[str, dict] = {}
        self._sizes: dict[str, int] = {}  # statement id → its size as JSON
        self._statement_bytes = 0
        self._documents: OrderedDict[tuple, Document] = OrderedDict()
        self._document_bytes = 0
        self._credentials: set[str] = set()
        self._lock = threading.Lock()

    def allow(self, authorization: str) -> None:
        """Accept requests carrying this Authorization header value."""
        with self._lock:
            self._credentials.add(authorization)

    def record(self, statement: dict) -> str:
        """Store a statement the simulator itself sends (e.g. cmi5 "launched")."""
        with self._lock:
            return self._store(statement)

    def session_verbs(self, session_id: str) -> set[str]:
        """Return the verb ids sent in one cmi5 session (by its sessionid extension)."""
        key = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
        with self._lock:
            return {
                s["verb"]["id"]
                for s in self.statements
                if ((s.get("context") or {}).get("extensions") or {}).get(key) == session_id
            }

    def statements_log(self) -> dict:
        with self._lock:
            return {"statements": list(self.statements), "rejected": list(self.rejected)}

    def clear(self) -> None:
        with self._lock:
            self.statements.clear()
            self.rejected.clear()
            self._by_id.clear()
            self._sizes.clear()
            self._statement_bytes = 0
            self._documents.clear()
            self._document_bytes = 0

    def handle(
        self, method: str, resource: str, query: str, headers: dict[str, str], body: bytes
    ) -> LrsResponse:
        """Answer one request to <endpoint>/<resource>."""
        try:
            fields = parse_qs(query, keep_blank_values=True, max_num_fields=50)
        except ValueError:
            return self._refuse(method, resource, 400, "more than 50 query parameters")
        params = {key: values[-1] for key, values in fields.items()}
        if resource == "about" and method == "GET":
            return _json(200, {"version": [XAPI_VERSION, "1.0.0"]})
        if not headers.get("x-experience-api-version", "").startswith("1.0"):
            return self._refuse(method, resource, 400, "X-Experience-API-Version header missing")
        if headers.get("authorization", "") not in self._credentials:
            return self._refuse(method, resource, 401, "unknown credentials")
        routes = {
            "statements": self._statements,
            "activities/state": self._state,
            "agents/profile": self._agent_profile,
            "activities/profile": self._activity_profile,
        }
        route = routes.get(resource)
        if route is None:
            return _error(404, f"no xAPI resource {resource!r}")
        with self._lock:
            try:
                response = route(method, params, headers, body)
            except BadJson as exc:
                response = _error(400, str(exc))
            if response.status >= 400:
                self._note_rejection(method, resource, response)
        return response

    def _refuse(self, method: str, resource: str, status: int, message: str) -> LrsResponse:
        response = _error(status, message)
        with self._lock:
            self._note_rejection(method, resource, response)
        return response

    def _note_rejection(self, method: str, resource: str, response: LrsResponse) -> None:
        if response.status != 404:  # a missing document is a normal answer
            detail = json.loads(response.body or b"{}").get("error", "")
            self.rejected.append(
                {"request": f"{method} {resource}", "status": response.status, "error": detail}
            )

    # statements -----------------------------------------------------------------------------

    def _statements(self, method, params, headers, body) -> LrsResponse:
        if method == "GET":
            return self._get_statements(params)
        if method not in ("POST", "PUT"):
            return _error(405, f"{method} is not allowed on statements")
        data = parse_json(body or b"null")
        batch = data if isinstance(data, list) else [data]
        if method == "PUT":
            if not isinstance(data, dict) or "statementId" not in params:
                return _error(400, "PUT statements needs ?statementId= and one statement")
            data.setdefault("id", params["statementId"])
            if data["id"] != params["statementId"]:
                return _error(400, "statementId and the statement's id differ")
        for statement in batch:
            problems = statement_problems(statement)
            if problems:
                return _error(400, "; ".join(problems))
            existing = self._by_id.get(statement.get("id", ""))
            if existing is not None and _core(existing) != _core(statement):
                return _error(409, f"a different statement with id {statement['id']} exists")
        ids = [self._store(statement) for statement in batch]
        return LrsResponse(204) if method == "PUT" else _json(200, ids)

    def _store(self, statement: dict) -> str:
        statement = dict(statement)
        statement.setdefault("id", str(uuid.uuid4()))
        if statement["id"] in self._by_id:
            return statement["id"]
        stored = now_iso()
        statement.setdefault("timestamp", stored)
        statement["stored"] = stored
        statement.setdefault("version", "1.0.0")
        statement["authority"] = {
            "objectType": "Agent",
            "name": "courseforge preview",
            "account": {"homePage": "https://courseforge.invalid", "name": "preview"},
        }
        size = len(json.dumps(statement))
        self.statements.append(statement)
        self._by_id[statement["id"]] = statement
        self._sizes[statement["id"]] = size
        self._statement_bytes += size
        while len(self.statements) > MAX_STATEMENTS or (
            self._statement_bytes > MAX_STATEMENT_BYTES and len(self.statements) > 1
        ):
            oldest = self.statements.pop(0)
            self._by_id.pop(oldest["id"], None)
            self._statement_bytes -= self._sizes.pop(oldest["id"], 0)
        return statement["id"]

    def _get_statements(self, params) -> LrsResponse:
        if "statementId" in params:
            statement = self._by_id.get(params["statementId"])
            return _json(200, statement) if statement else _error(404, "no such statement")
        chosen = self.statements
        if "registration" in params:
            chosen = [
                s
                for s in chosen
                if (s.get("context") or {}).get("registration") == params["registration"]
            ]
        if "verb" in params:
            chosen = [s for s in chosen if s["verb"].get("id") == params["verb"]]
        if "activity" in params:
            chosen = [s for s in chosen if s["object"].get("id") == params["activity"]]
        if "agent" in params:
            key = agent_key(parse_json(params["agent"], "the agent parameter"))
            chosen = [s for s in chosen if agent_key(s.get("actor")) == key]
        if "since" in params:
            chosen = [s for s in chosen if s["stored"] > params["since"]]
        ordered = chosen if params.get("ascending") == "true" else list(reversed(chosen))
        limit_text = params.get("limit") or "0"
        if not limit_text.isascii() or not limit_text.isdigit():
            return _error(400, f"limit must be a whole number of statements, not {limit_text!r}")
        limit = int(limit_text[:9])
        return _json(200, {"statements": ordered[:limit] if limit else ordered, "more": ""})

    # documents ------------------------------------------------------------------------------

    def _state(self, method, params, headers, body) -> LrsResponse:
        missing = [p for p in ("activityId", "agent") if p not in params]
        if missing:
            return _error(400, f"activities/state needs {', '.join(missing)}")
        agent = agent_key(parse_json(params["agent"], "the agent parameter"))
        if not agent:
            return _error(400, "agent must be JSON with exactly one identifier")
        scope = ("state", params["activityId"], agent, params.get("registration", ""))
        return self._document(method, scope, params.get("stateId"), headers, body)

    def _agent_profile(self, method, params, headers, body) -> LrsResponse:
        agent = agent_key(parse_json(params.get("agent", "null"), "the agent parameter"))
        if not agent:
            return _error(400, "agents/profile needs agent: JSON with exactly one identifier")
        return self._document(method, ("agent", agent), params.get("profileId"), headers, body)

    def _activity_profile(self, method, params, headers, body) -> LrsResponse:
        if "activityId" not in params:
            return _error(400, "activities/profile needs activityId")
        scope = ("activity", params["activityId"])
        return self._document(method, scope, params.get("profileId"), headers, body)

    def _document(self, method, scope: tuple, doc_id: str | None, headers, body) -> LrsResponse:
        if doc_id is None:
            if method == "GET":
                ids = [key[-1] for key in self._documents if key[:-1] == scope]
                return _json(200, ids)
            if method == "DELETE":
                for key in [k for k in self._documents if k[:-1] == scope]:
                    self._drop_document(key)
                return LrsResponse(204)
            return _error(400, "the document id parameter is missing")
        key = (*scope, doc_id)
        if method == "GET":
            document = self._documents.get(key)
            if document is None:
                return _error(404, "no such document")
            return LrsResponse(
                200, document.data, document.content_type, {"Last-Modified": document.updated}
            )
        if method == "DELETE":
            self._drop_document(key)
            return LrsResponse(204)
        content_type = headers.get("content-type", "application/octet-stream")[:200]
        if method == "PUT":
            return self._keep_document(key, Document(body, content_type, now_iso()))
        if method == "POST":
            return self._merge(key, body, content_type)
        return _error(405, f"{method} is not allowed on documents")

    def _merge(self, key: tuple, body: bytes, content_type: str) -> LrsResponse:
        """POST merges JSON objects (xAPI 1.0.3 §2.2); anything else is a 400."""
        try:
            incoming = parse_json(body)
        except BadJson as exc:
            return _error(400, f"POST merges JSON documents; {exc}")
        existing = self._documents.get(key)
        merged = incoming
        if existing is not None:
            try:
                current = parse_json(existing.data, "the stored document")
            except BadJson:
                return _error(400, "the stored document is not JSON; use PUT")
            if not isinstance(current, dict) or not isinstance(incoming, dict):
                return _error(400, "POST merges JSON objects only")
            merged = {**current, **incoming}
        document = Document(json.dumps(merged).encode(), "application/json", now_iso())
        return self._keep_document(key, document)

    def _keep_document(self, key: tuple, document: Document) -> LrsResponse:
        """Store a document if the limits allow it; otherwise 507 and the old one stays."""
        old = self._documents.get(key)
        count = len(self._documents) + (old is None)
        size = self._document_bytes - (len(old.data) if old else 0) + len(document.data)
        if count > MAX_DOCUMENTS or size > MAX_DOCUMENT_BYTES:
            return _error(
                507,
                f"the preview LRS holds at most {MAX_DOCUMENTS:,} documents and "
                f"{MAX_DOCUMENT_BYTES:,} bytes; restart the preview to clear them",
            )
        self._documents[key] = document
        self._document_bytes = size
        return LrsResponse(204)

    def _drop_document(self, key: tuple) -> None:
        old = self._documents.pop(key, None)
        if old is not None:
            self._document_bytes -= len(old.data)

    def put_document(self, scope: tuple, doc_id: str, data: Any) -> None:
        """Write a JSON document as the LMS (e.g. cmi5's LMS.LaunchData)."""
        with self._lock:
            key = (*scope, doc_id)
            self._drop_document(key)  # the LMS's own write always fits: make room for it
            document = Document(json.dumps(data).encode(), "application/json", now_iso())
            self._documents[key] = document
            self._document_bytes += len(document.data)


def _core(statement: dict) -> dict:
    """Return the part of a statement that identifies it (what the LRS did not add)."""
    return {
        k: v
        for k, v in statement.items()
        if k not in ("stored", "authority", "version", "timestamp")
    }
