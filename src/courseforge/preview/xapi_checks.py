"""The xAPI 1.0.3 rules the preview's LRS applies to statements and agents (§2.4, §2.4.2)."""

from __future__ import annotations

import json
import re
from typing import Any

_UUID = re.compile(
    r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", re.I
)
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
# The properties that identify an agent (its IFI); a state or profile belongs to that agent.
_AGENT_IFIS = ("mbox", "mbox_sha1sum", "openid", "account")


def agent_key(agent: Any) -> str:
    """Return a stable key for an agent: its IFI as canonical JSON, or "" when it has none."""
    if not isinstance(agent, dict):
        return ""
    ifis = {name: agent[name] for name in _AGENT_IFIS if name in agent}
    return json.dumps(ifis, sort_keys=True) if len(ifis) == 1 else ""


def statement_problems(statement: Any) -> list[str]:
    """Return why a statement is not acceptable (the parts of xAPI §2.4 an AU gets wrong)."""
    if not isinstance(statement, dict):
        return ["a statement must be a JSON object"]
    problems = []
    if "id" in statement and not (
        isinstance(statement["id"], str) and _UUID.match(statement["id"])
    ):
        problems.append(f"id must be a UUID, got {statement['id']!r}")
    if not agent_key(statement.get("actor")) and not _is_group(statement.get("actor")):
        problems.append("actor needs exactly one of mbox, mbox_sha1sum, openid or account")
    verb = statement.get("verb")
    if not isinstance(verb, dict) or not _IRI.match(str(verb.get("id", ""))):
        problems.append("verb.id must be an IRI")
    target = statement.get("object")
    if not isinstance(target, dict):
        problems.append("object is required")
    elif target.get("objectType", "Activity") == "Activity" and not _IRI.match(
        str(target.get("id", ""))
    ):
        problems.append("object.id must be an IRI")
    result = statement.get("result")
    score = result.get("score") if isinstance(result, dict) else None
    if isinstance(score, dict) and "scaled" in score:
        scaled = score["scaled"]
        if not isinstance(scaled, (int, float)) or not -1 <= scaled <= 1:
            problems.append(f"result.score.scaled must be a number from -1 to 1, got {scaled!r}")
    for part in ("context", "result"):
        if part in statement and not isinstance(statement[part], dict):
            problems.append(f"{part} must be a JSON object")
    context = statement.get("context")
    if isinstance(context, dict):
        registration = context.get("registration", "")
        if registration and not (isinstance(registration, str) and _UUID.match(registration)):
            problems.append("context.registration must be a UUID")
        for part in ("extensions", "contextActivities"):
            if part in context and not isinstance(context[part], dict):
                problems.append(f"context.{part} must be a JSON object")
    return problems


def _is_group(actor: Any) -> bool:
    return isinstance(actor, dict) and actor.get("objectType") == "Group" and "member" in actor
