"""How the simulator launches the course for each standard: the URL, and for xAPI/cmi5 the LMS side."""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
import uuid
from urllib.parse import urlencode

from courseforge.preview.builds import PreviewBuild
from courseforge.preview.lrs import MemoryLrs, agent_key, now_iso

COURSE_PREFIX = "/course/"
LRS_PATH = "/__courseforge/lrs/"
FETCH_PATH = "/__courseforge/fetch/"
LEARNER_NAME = "Preview Learner"
CMI5 = "https://w3id.org/xapi/cmi5/context/"
ADL_TERMINATED = "http://adlnet.gov/expapi/verbs/terminated"
ADL_ABANDONED = "https://w3id.org/xapi/adl/verbs/abandoned"


class PlainLauncher:
    """web and SCORM: open the launch file; the simulator page holds the SCORM API."""

    def __init__(self) -> None:
        self.attempt = 1

    def launch(self, build: PreviewBuild, *, new_attempt: bool, origin: str) -> dict:
        if new_attempt:
            self.attempt += 1
        return {"url": COURSE_PREFIX + build.report.launch, "attempt": self.attempt}


class TincanLauncher:
    """A TinCan launch (RusticiSoftware/launch lms_lrs.md): endpoint, auth, actor, registration."""

    def __init__(self, lrs: MemoryLrs):
        self.lrs = lrs
        self.attempt = 1
        self.registration = str(uuid.uuid4())
        self.authorization = (
            "Basic " + base64.b64encode(f"preview:{secrets.token_urlsafe(12)}".encode()).decode()
        )
        lrs.allow(self.authorization)

    def launch(self, build: PreviewBuild, *, new_attempt: bool, origin: str) -> dict:
        if new_attempt:
            self.attempt += 1
            self.registration = str(uuid.uuid4())
        unit = build.report.units[0]
        query = urlencode(
            {
                "endpoint": origin + LRS_PATH,
                "auth": self.authorization,
                "actor": json.dumps({"name": LEARNER_NAME, "mbox": "mailto:learner@example.com"}),
                "registration": self.registration,
                "activity_id": unit.identifier,
            }
        )
        return {
            "url": f"{COURSE_PREFIX}{unit.launch}?{query}",
            "attempt": self.attempt,
            "registration": self.registration,
        }


class Cmi5Launcher:
    """The LMS side of a cmi5 launch (§8, §10): LaunchData, a one-time fetch URL, "launched"."""

    def __init__(self, lrs: MemoryLrs):
        self.lrs = lrs
        self.attempt = 1
        self.registration = str(uuid.uuid4())
        self._tokens: dict[str, str | None] = {}  # fetch id → Authorization value, None once used
        self._lock = threading.Lock()
        self._open: dict | None = None  # the session launched last: to abandon if left open

    def launch(self, build: PreviewBuild, *, new_attempt: bool, origin: str) -> dict:
        self._abandon_open_session()
        if new_attempt:
            self.attempt += 1
            self.registration = str(uuid.uuid4())
        unit = build.report.units[0]
        # cmi5 §8.1.5: the LMS's own activity id for the AU, never the publisher's id.
        activity_id = f"{origin}/__courseforge/au/{uuid.uuid5(uuid.NAMESPACE_URL, unit.identifier)}"
        actor = {
            "objectType": "Agent",
            "name": LEARNER_NAME,
            "account": {"homePage": origin, "name": "preview-learner"},
        }
        session = str(uuid.uuid4())
        launch_data = {
            "contextTemplate": {
                "contextActivities": {
                    "grouping": [{"id": unit.identifier, "objectType": "Activity"}]
                },
                "extensions": {CMI5 + "extensions/sessionid": session},
            },
            "launchMode": "Normal",
            "launchMethod": unit.mastery.get("launchMethod", "AnyWindow"),
            "moveOn": unit.mastery.get("moveOn", "NotApplicable"),
            "returnURL": origin + "/__courseforge/returned",
        }
        if "masteryScore" in unit.mastery:
            launch_data["masteryScore"] = float(unit.mastery["masteryScore"])
        scope = ("state", activity_id, agent_key(actor), self.registration)
        self.lrs.put_document(scope, "LMS.LaunchData", launch_data)
        fetch_id = secrets.token_urlsafe(12)
        authorization = (
            "Basic " + base64.b64encode(f"cmi5:{secrets.token_urlsafe(12)}".encode()).decode()
        )
        with self._lock:
            self._tokens[fetch_id] = authorization
        self.lrs.allow(authorization)
        url = f"{COURSE_PREFIX}{unit.launch}?" + urlencode(
            {
                "endpoint": origin + LRS_PATH,
                "fetch": origin + FETCH_PATH + fetch_id,
                "actor": json.dumps(actor),
                "registration": self.registration,
                "activityId": activity_id,
            }
        )
        launched = self._launched(actor, activity_id, unit.identifier, session, launch_data, url)
        self.lrs.record(launched)
        self._open = {"statement": launched, "session": session, "started": time.monotonic()}
        return {
            "url": url,
            "attempt": self.attempt,
            "registration": self.registration,
            "session": session,
        }

    def _abandon_open_session(self) -> None:
        """cmi5 §9.3.9: a session that ends without "terminated" is recorded as abandoned."""
        previous, self._open = self._open, None
        if previous is None or ADL_TERMINATED in self.lrs.session_verbs(previous["session"]):
            return
        launched = previous["statement"]
        seconds = round(time.monotonic() - previous["started"], 2)
        self.lrs.record(
            {
                "id": str(uuid.uuid4()),
                "actor": launched["actor"],
                "verb": {"id": ADL_ABANDONED, "display": {"en-US": "Abandoned"}},
                "object": launched["object"],
                "result": {"duration": f"PT{seconds}S"},
                "context": {
                    "registration": launched["context"]["registration"],
                    "contextActivities": launched["context"]["contextActivities"],
                    "extensions": {
                        CMI5 + "extensions/sessionid": previous["session"],
                    },
                },
                "timestamp": now_iso(),
            }
        )

    def fetch(self, fetch_id: str) -> dict:
        """Answer a POST to the fetch URL: the token once, then cmi5 §8.2.3 error 1."""
        with self._lock:
            if fetch_id not in self._tokens:
                return {"error-code": "2", "error-text": "Unknown fetch URL."}
            authorization = self._tokens[fetch_id]
            self._tokens[fetch_id] = None
        if authorization is None:
            return {
                "error-code": "1",
                "error-text": "The authorization token has already been returned.",
            }
        return {"auth-token": authorization.removeprefix("Basic ")}

    def _launched(self, actor, activity_id, publisher_id, session, launch_data, url) -> dict:
        extensions = {
            CMI5 + "extensions/sessionid": session,
            CMI5 + "extensions/launchmode": launch_data["launchMode"],
            CMI5 + "extensions/launchurl": url,
            CMI5 + "extensions/moveon": launch_data["moveOn"],
        }
        if "masteryScore" in launch_data:
            extensions[CMI5 + "extensions/masteryscore"] = launch_data["masteryScore"]
        return {
            "id": str(uuid.uuid4()),
            "actor": actor,
            "verb": {
                "id": "http://adlnet.gov/expapi/verbs/launched",
                "display": {"en-US": "Launched"},
            },
            "object": {"id": activity_id, "objectType": "Activity"},
            "context": {
                "registration": self.registration,
                "contextActivities": {
                    "grouping": [{"id": publisher_id, "objectType": "Activity"}],
                    "category": [{"id": CMI5 + "categories/cmi5", "objectType": "Activity"}],
                },
                "extensions": extensions,
            },
            "timestamp": now_iso(),
        }
