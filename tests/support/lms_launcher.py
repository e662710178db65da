"""A test-side LMS: serves a TinCan or cmi5 package and launches it the way an LMS does.

For cmi5 (spec §8, §9.3.1, §10) a launch
  * makes a session id and keeps one LMS activity id per AU (never the publisher's AU id),
  * records "abandoned" for the registration's previous session if it never terminated,
  * writes the `LMS.LaunchData` State document (contextTemplate, launchMode, moveOn,
    masteryScore, returnURL),
  * records the `launched` statement,
  * hands out a one-time token at the `fetch` URL (a second POST gets error-code 1),
  * returns the launch URL with endpoint, fetch, actor, registration and activityId.
For TinCan (RusticiSoftware/launch, lms_lrs.md) it returns the URL with endpoint, auth
(basic credentials), actor, registration and activity_id.

The package is served from the LMS origin (the AU and the fetch URL share it); the LRS is
another origin, so the browser goes through CORS exactly as with a hosted LRS.
"""

from __future__ import annotations

import io
import json
import threading
import urllib.request
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler
from pathlib import Path, PurePosixPath
from urllib.parse import urlencode, urlsplit

from lxml import etree

from .docstore import QuietServer, TestLrs, verb_name
from .http import MIME_TYPES

CMI5_NS = {"c": "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"}
TINCAN_NS = {"t": "http://projecttincan.com/tincan.xsd"}
LMS_HOME = "https://lms.example.com"
CMI5 = "https://w3id.org/xapi/cmi5/"
ADL_VERBS = "http://adlnet.gov/expapi/verbs/"


def learner(name: str = "learner-1", display: str = "Ada Learner") -> dict:
    """An LMS actor as cmi5 §9.2 wants it: an Agent with an account."""
    return {"objectType": "Agent", "account": {"homePage": LMS_HOME, "name": name}, "name": display}


@dataclass
class Cmi5Launch:
    url: str
    registration: str
    session_id: str
    activity_id: str
    fetch_key: str
    launch_data: dict


@dataclass
class _Session:
    registration: str
    session_id: str
    activity_id: str
    actor: dict
    launched_at: datetime
    launch_mode: str = "Normal"


@dataclass
class FetchLog:
    """POSTs to fetch URLs: key → number of calls."""

    calls: dict[str, int] = field(default_factory=dict)


class TestLms:
    """Serve one package and launch it (cmi5 or TinCan) against a TestLrs."""

    __test__ = False

    def __init__(self, package: Path, lrs: TestLrs):
        self.lrs = lrs
        with zipfile.ZipFile(package) as archive:
            self.files = {name: archive.read(name) for name in archive.namelist()}
        self._tokens: dict[str, str] = {}
        self._used: set[str] = set()
        self.fetches = FetchLog()
        self._sessions: list[_Session] = []
        self.learner_endpoint = lrs.endpoint  # the xAPI endpoint launch URLs name
        handler = type("Handler", (_LmsHandler,), {"lms": self})
        self._httpd = QuietServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    # ---- cmi5 -----------------------------------------------------------------------------

    def au(self) -> dict:
        """Read the single AU of cmi5.xml: id, url, moveOn, masteryScore."""
        root = etree.fromstring(self.files["cmi5.xml"])
        au = root.find(".//c:au", CMI5_NS)
        mastery = au.get("masteryScore")
        return {
            "id": au.get("id"),
            "url": au.find("c:url", CMI5_NS).text.strip(),
            "moveOn": au.get("moveOn", "NotApplicable"),
            "masteryScore": float(mastery) if mastery is not None else None,
        }

    def au_activity_id(self, publisher_id: str) -> str:
        """The LMS's own activity id for an AU: stable, and unlike the publisher's id."""
        return f"{LMS_HOME}/cmi5/au/{uuid.uuid5(uuid.NAMESPACE_URL, publisher_id)}"

    def launch_cmi5(
        self,
        actor: dict,
        registration: str | None = None,
        *,
        launch_mode: str = "Normal",
        mastery_score: float | None | str = "course",
        return_url: str | None = None,
    ) -> Cmi5Launch:
        """Prepare a cmi5 launch of the AU and return its URL (mastery_score "course" = cmi5.xml's)."""
        au = self.au()
        registration = registration or str(uuid.uuid4())
        activity_id = self.au_activity_id(au["id"])
        self._abandon_open_session(registration, activity_id)
        session_id = str(uuid.uuid4())
        mastery = au["masteryScore"] if mastery_score == "course" else mastery_score
        launch_data: dict = {
            "contextTemplate": {
                "contextActivities": {"grouping": [{"objectType": "Activity", "id": au["id"]}]},
                "extensions": {f"{CMI5}context/extensions/sessionid": session_id},
            },
            "launchMode": launch_mode,
            "moveOn": au["moveOn"],
        }
        if mastery is not None:
            launch_data["masteryScore"] = mastery
        if return_url:
            launch_data["returnURL"] = return_url
        agent = json.dumps(actor)
        self._xapi(
            "PUT",
            "activities/state",
            {
                "stateId": "LMS.LaunchData",
                "activityId": activity_id,
                "agent": agent,
                "registration": registration,
            },
            launch_data,
        )
        au_url = f"{self.url}/content/{au['url']}"
        extensions = {
            f"{CMI5}context/extensions/sessionid": session_id,
            f"{CMI5}context/extensions/launchmode": launch_mode,
            f"{CMI5}context/extensions/launchurl": au_url,
            f"{CMI5}context/extensions/moveon": au["moveOn"],
        }
        if mastery is not None:
            extensions[f"{CMI5}context/extensions/masteryscore"] = mastery
        now = datetime.now(timezone.utc)
        self._statement(
            actor,
            "launched",
            activity_id,
            {
                "registration": registration,
                "contextActivities": {
                    "category": [
                        {"objectType": "Activity", "id": f"{CMI5}context/categories/cmi5"}
                    ],
                    "grouping": [{"objectType": "Activity", "id": au["id"]}],
                },
                "extensions": extensions,
            },
            now,
        )
        session = _Session(registration, session_id, activity_id, actor, now, launch_mode)
        self._sessions.append(session)
        key = uuid.uuid4().hex
        self._tokens[key] = self.issue_token(session)
        query = urlencode(
            {
                "endpoint": self.learner_endpoint,
                "fetch": f"{self.url}/fetch/{key}",
                "actor": agent,
                "registration": registration,
                "activityId": activity_id,
            }
        )
        return Cmi5Launch(
            f"{au_url}?{query}", registration, session_id, activity_id, key, launch_data
        )

    def issue_token(self, session: _Session) -> str:
        """The auth-token the fetch URL hands out for a session: here, the LRS's own."""
        return self.lrs.basic_token

    def _abandon_open_session(self, registration: str, activity_id: str) -> None:
        """cmi5 §9.3.6: a new launch abandons the registration's session that never terminated."""
        previous = [s for s in self._sessions if s.registration == registration]
        if not previous:
            return
        session = previous[-1]
        sid_key = f"{CMI5}context/extensions/sessionid"
        ours = [
            s
            for s in self.lrs.statements(registration=registration)
            if s.get("context", {}).get("extensions", {}).get(sid_key) == session.session_id
        ]
        if any(verb_name(s) in ("terminated", "abandoned") for s in ours):
            return
        last = max(datetime.fromisoformat(s["timestamp"].replace("Z", "+00:00")) for s in ours)
        seconds = max((last - session.launched_at).total_seconds(), 0)
        self._statement(
            session.actor,
            "abandoned",
            activity_id,
            {
                "registration": registration,
                "contextActivities": {
                    "category": [{"objectType": "Activity", "id": f"{CMI5}context/categories/cmi5"}]
                },
                "extensions": {sid_key: session.session_id},
            },
            datetime.now(timezone.utc),
            verb_id="https://w3id.org/xapi/adl/verbs/abandoned",
            result={"duration": f"PT{seconds:.2f}S"},
        )

    # ---- TinCan ---------------------------------------------------------------------------

    def launch_tincan(self, actor: dict, registration: str | None = None) -> tuple[str, str]:
        """Return (launch URL, registration) for the package's launchable activity."""
        root = etree.fromstring(self.files["tincan.xml"])
        activity = next(
            a
            for a in root.iterfind(".//t:activity", TINCAN_NS)
            if a.find("t:launch", TINCAN_NS) is not None
        )
        launch = activity.find("t:launch", TINCAN_NS).text.strip()
        registration = registration or str(uuid.uuid4())
        query = urlencode(
            {
                "endpoint": self.lrs.endpoint,
                "auth": f"Basic {self.lrs.basic_token}",
                "actor": json.dumps(actor),
                "registration": registration,
                "activity_id": activity.get("id"),
            }
        )
        return f"{self.url}/content/{launch}?{query}", registration

    # ---- talking to the LRS as the LMS ------------------------------------------------------

    def _xapi(self, method: str, resource: str, query: dict, body) -> None:
        request = urllib.request.Request(
            f"{self.lrs.endpoint}{resource}?{urlencode(query)}",
            data=json.dumps(body).encode(),
            method=method,
            headers=self.lrs.headers(),
        )
        with urllib.request.urlopen(request, timeout=10):
            pass

    def _statement(
        self,
        actor: dict,
        verb: str,
        activity_id: str,
        context: dict,
        when: datetime,
        *,
        verb_id: str | None = None,
        result: dict | None = None,
    ) -> None:
        statement = {
            "id": str(uuid.uuid4()),
            "actor": actor,
            "verb": {"id": verb_id or f"{ADL_VERBS}{verb}", "display": {"en-US": verb}},
            "object": {"objectType": "Activity", "id": activity_id},
            "context": context,
            "timestamp": when.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        }
        if result:
            statement["result"] = result
        self._xapi("PUT", "statements", {"statementId": statement["id"]}, statement)


class _LmsHandler(BaseHTTPRequestHandler):
    lms: TestLms

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == "/return":
            return self._send(
                200, b"<!doctype html><title>LMS</title><p>Back in the LMS.</p>", "text/html"
            )
        name = path.removeprefix("/content/")
        data = self.lms.files.get(name) if path.startswith("/content/") else None
        if data is None:
            return self._send(404, b"not found", "text/plain")
        content_type = MIME_TYPES.get(
            PurePosixPath(name).suffix.lower(), "application/octet-stream"
        )
        self._send(200, data, content_type)

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        if not path.startswith("/fetch/"):
            return self._send(404, b"not found", "text/plain")
        key = path.removeprefix("/fetch/")
        lms = self.lms
        lms.fetches.calls[key] = lms.fetches.calls.get(key, 0) + 1
        # cmi5 §8.2: always HTTP 200 with JSON; the token once, then error-code 1.
        if key not in lms._tokens:
            answer = {"error-code": "2", "error-text": "Unknown fetch URL."}
        elif key in lms._used:
            answer = {
                "error-code": "1",
                "error-text": "The authorization token has already been returned.",
            }
        else:
            lms._used.add(key)
            answer = {"auth-token": lms._tokens[key]}
        self._send(200, json.dumps(answer).encode(), "application/json")

    def _send(self, status: int, payload: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(payload)


def read_zip(path: Path) -> dict[str, bytes]:
    """Return every file of a zip by name."""
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


# ---- the LMS's check of an AU's statements (cmi5 §9: an LMS SHOULD reject violations) -------

CATEGORY_CMI5 = f"{CMI5}context/categories/cmi5"
CATEGORY_MOVEON = f"{CMI5}context/categories/moveon"
SESSION_ID = f"{CMI5}context/extensions/sessionid"
MASTERY_SCORE = f"{CMI5}context/extensions/masteryscore"
LMS_VERBS = {"launched", "abandoned", "waived", "satisfied"}


def _categories(statement: dict) -> list[str]:
    activities = statement.get("context", {}).get("contextActivities", {})
    return [a["id"] for a in activities.get("category", [])]


def cmi5_violations(statements: list[dict], au_publisher_id: str) -> list[str]:
    """Return every way one registration's statements break the cmi5 statement rules (§7.1, §9).

    Sessions are told apart by the session id extension; order is by timestamp (§9.3).
    """
    problems: list[str] = []
    sessions: dict[str, list[dict]] = {}
    for s in sorted(statements, key=lambda s: s["timestamp"]):
        sid = s.get("context", {}).get("extensions", {}).get(SESSION_ID)
        if sid is None:
            problems.append(f"{verb_name(s)} {s['id']}: no session id extension")
            continue
        sessions.setdefault(sid, []).append(s)
    passed_at: str | None = None
    completed = passed = 0
    for sid, in_session in sessions.items():
        launched = [s for s in in_session if verb_name(s) == "launched"]
        activity_id = launched[0]["object"]["id"] if launched else None
        au = [s for s in in_session if verb_name(s) not in LMS_VERBS]
        defined = [s for s in au if CATEGORY_CMI5 in _categories(s)]
        verbs = [verb_name(s) for s in defined]
        where = f"session {sid[:8]}"
        if au and verb_name(au[0]) != "initialized":
            problems.append(f"{where}: first AU statement is {verb_name(au[0])}, not initialized")
        if "terminated" in verbs and verb_name(au[-1]) != "terminated":
            problems.append(f"{where}: {verb_name(au[-1])} follows terminated")
        for verb in set(verbs):
            if verbs.count(verb) > 1:
                problems.append(f"{where}: {verb} sent {verbs.count(verb)} times")
        if "passed" in verbs and "failed" in verbs:
            problems.append(f"{where}: both passed and failed")
        mastery = next((s["context"]["extensions"].get(MASTERY_SCORE) for s in launched), None)
        for s in au:
            problems += _statement_violations(s, where, activity_id, au_publisher_id, mastery)
            verb = verb_name(s)
            if CATEGORY_CMI5 not in _categories(s):
                continue
            if verb == "completed":
                completed += 1
            if verb == "passed":
                passed += 1
                passed_at = passed_at or s["timestamp"]
            if verb == "failed" and passed_at and s["timestamp"] > passed_at:
                problems.append(f"{where}: failed after passed")
    if completed > 1:
        problems.append(f"registration: completed sent {completed} times")
    if passed > 1:
        problems.append(f"registration: passed sent {passed} times")
    return problems


def _statement_violations(
    s: dict, where: str, activity_id: str | None, publisher_id: str, mastery: float | None
) -> list[str]:
    verb = verb_name(s)
    what = f"{where} {verb}"
    problems = []
    categories = _categories(s)
    result = s.get("result", {})
    grouping = [a["id"] for a in s["context"].get("contextActivities", {}).get("grouping", [])]
    if publisher_id not in grouping:
        problems.append(f"{what}: the contextTemplate's publisher id is missing from grouping")
    if "account" not in s["actor"]:
        problems.append(f"{what}: actor has no account (§9.2)")
    if CATEGORY_CMI5 not in categories:  # "cmi5 allowed": any verb, template context
        return problems
    if activity_id and s["object"]["id"] != activity_id:
        problems.append(f"{what}: object is {s['object']['id']}, not the launch's activityId")
    has_flag = "success" in result or "completion" in result
    if has_flag != (CATEGORY_MOVEON in categories):
        problems.append(f"{what}: moveon category {'missing' if has_flag else 'not allowed'}")
    if "score" in result and verb not in ("passed", "failed"):
        problems.append(f"{what}: score on a statement other than passed/failed")
    expected_success = {"passed": True, "failed": False}.get(verb)
    if result.get("success") != expected_success:
        problems.append(f"{what}: success is {result.get('success')!r}")
    if result.get("completion") != (True if verb == "completed" else None):
        problems.append(f"{what}: completion is {result.get('completion')!r}")
    if verb in ("terminated", "completed", "passed", "failed") and "duration" not in result:
        problems.append(f"{what}: no duration")
    scaled = result.get("score", {}).get("scaled")
    if verb in ("passed", "failed") and mastery is not None:
        if s["context"].get("extensions", {}).get(MASTERY_SCORE) != mastery:
            problems.append(f"{what}: masteryScore extension is not the launch data's {mastery}")
        if scaled is not None and (scaled >= mastery) != (verb == "passed"):
            problems.append(f"{what}: scaled score {scaled} disagrees with masteryScore {mastery}")
    return problems


# The learner who drives the course pages lives with the other learner helpers; it is
# re-exported here for the xAPI/cmi5 tests that import it from this module.
from tests.runtime.learner import CourseLearner  # noqa: E402,F401

# An LMS page that shows the AU in a frame (the launch URL comes after the #), so a test can
# remove or navigate the frame the way an LMS replaces its content.
PLAYER = (
    b"<!doctype html><title>LMS player</title><iframe id='au' style='width:1200px;height:800px'>"
    b"</iframe><script>document.getElementById('au').src = "
    b"decodeURIComponent(location.hash.slice(1));</script>"
)
