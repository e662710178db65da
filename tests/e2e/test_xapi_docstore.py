"""The test LRS's document store behaves as xAPI 1.0.3 says (Part Three §7.3–7.6).

The cmi5 and bookmark tests rely on it, so its rules are checked here over HTTP: ETags and
preconditions, the JSON merge on POST, document lists, the version header and credentials,
and statements passed through to Ralph unchanged.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from urllib.parse import urlencode

import pytest

pytestmark = pytest.mark.lrs

AGENT = json.dumps(
    {"objectType": "Agent", "account": {"homePage": "https://lms.example.com", "name": "doc"}}
)


def call(lrs, method, resource, query=None, body=None, headers=None, *, version=True):
    all_headers = dict(lrs.headers())
    if not version:
        del all_headers["X-Experience-API-Version"]
    all_headers.update(headers or {})
    data = (
        None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    )
    url = f"{lrs.endpoint}{resource}" + (f"?{urlencode(query)}" if query else "")
    request = urllib.request.Request(url, data=data, method=method, headers=all_headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def state(**extra):
    return {
        "activityId": "https://example.org/a",
        "agent": AGENT,
        "registration": str(uuid.uuid4()),
        "stateId": "s",
        **extra,
    }


def test_put_then_get_gives_the_document_with_an_etag(lrs):
    query = state()
    assert call(lrs, "PUT", "activities/state", query, {"a": 1})[0] == 204
    status, headers, body = call(lrs, "GET", "activities/state", query)
    assert status == 200 and json.loads(body) == {"a": 1}
    assert headers["ETag"].startswith('"') and headers["X-Experience-API-Version"] == "1.0.3"
    assert call(lrs, "GET", "activities/state", {**query, "stateId": "other"})[0] == 404
    other_registration = {**query, "registration": str(uuid.uuid4())}
    assert call(lrs, "GET", "activities/state", other_registration)[0] == 404


def test_post_merges_json_objects_and_refuses_anything_else(lrs):
    query = state()
    call(lrs, "PUT", "activities/state", query, {"a": 1, "b": 1})
    assert call(lrs, "POST", "activities/state", query, {"b": 2, "c": 3})[0] == 204
    assert json.loads(call(lrs, "GET", "activities/state", query)[2]) == {"a": 1, "b": 2, "c": 3}
    text = {"Content-Type": "text/plain"}
    assert call(lrs, "POST", "activities/state", query, b"plain", text)[0] == 400


def test_preconditions(lrs):
    query = state()
    call(lrs, "PUT", "activities/state", query, {"v": 1})
    etag = call(lrs, "GET", "activities/state", query)[1]["ETag"]
    assert call(lrs, "PUT", "activities/state", query, {"v": 2}, {"If-None-Match": "*"})[0] == 412
    assert call(lrs, "PUT", "activities/state", query, {"v": 2}, {"If-Match": '"nope"'})[0] == 412
    assert call(lrs, "PUT", "activities/state", query, {"v": 2}, {"If-Match": etag})[0] == 204
    profile = {"agent": AGENT, "profileId": f"p-{uuid.uuid4()}"}
    assert call(lrs, "PUT", "agents/profile", profile, {"x": 1})[0] == 204
    # A profile that exists needs a precondition to be replaced (concurrency control).
    assert call(lrs, "PUT", "agents/profile", profile, {"x": 2})[0] == 409
    assert call(lrs, "PUT", "agents/profile", profile, {"x": 2}, {"If-Match": "*"})[0] == 204


def test_lists_ids_and_deletes(lrs):
    query = state()
    for state_id in ("one", "two"):
        call(lrs, "PUT", "activities/state", {**query, "stateId": state_id}, {})
    scope = {k: v for k, v in query.items() if k != "stateId"}
    assert json.loads(call(lrs, "GET", "activities/state", scope)[2]) == ["one", "two"]
    assert call(lrs, "DELETE", "activities/state", {**query, "stateId": "one"})[0] == 204
    assert json.loads(call(lrs, "GET", "activities/state", scope)[2]) == ["two"]
    assert call(lrs, "DELETE", "activities/state", scope)[0] == 204
    assert json.loads(call(lrs, "GET", "activities/state", scope)[2]) == []


def test_bad_requests(lrs):
    query = state()
    assert call(lrs, "GET", "activities/state", query, version=False)[0] == 400
    assert (
        call(lrs, "GET", "activities/state", query, headers={"Authorization": "Basic eDp5"})[0]
        == 401
    )
    assert call(lrs, "GET", "activities/state", {**query, "agent": "{}"})[0] == 400
    assert call(lrs, "GET", "activities/state", {**query, "registration": "nope"})[0] == 400


def test_statements_pass_through_to_ralph(lrs):
    registration = str(uuid.uuid4())
    statement = {
        "id": str(uuid.uuid4()),
        "actor": json.loads(AGENT),
        "verb": {
            "id": "http://adlnet.gov/expapi/verbs/experienced",
            "display": {"en-US": "experienced"},
        },
        "object": {"objectType": "Activity", "id": "https://example.org/a"},
        "context": {"registration": registration},
        "timestamp": "2026-01-01T00:00:00.000Z",
    }
    status, _, body = call(lrs, "POST", "statements", None, [statement])
    assert status == 200 and json.loads(body) == [statement["id"]]
    stored = lrs.statements(registration=registration)
    assert [s["id"] for s in stored] == [statement["id"]]
    assert stored[0]["verb"] == statement["verb"] and stored[0]["object"] == statement["object"]
