"""The simulator's in-memory LRS and cmi5 launcher refuse what real ones refuse."""

from __future__ import annotations

import json
import uuid

import pytest

from courseforge.preview.launch import Cmi5Launcher
from courseforge.preview.lrs import MemoryLrs

AUTH = "Basic cHJldmlldzp0ZXN0"
HEADERS = {"authorization": AUTH, "x-experience-api-version": "1.0.3"}
ACTOR = {"objectType": "Agent", "account": {"homePage": "http://127.0.0.1", "name": "learner"}}


def statement(**changes) -> dict:
    data = {
        "id": str(uuid.uuid4()),
        "actor": ACTOR,
        "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
        "object": {"id": "https://example.com/activity"},
    }
    data.update(changes)
    return data


@pytest.fixture
def lrs() -> MemoryLrs:
    store = MemoryLrs()
    store.allow(AUTH)
    return store


def post(lrs, body, headers=HEADERS):
    return lrs.handle("POST", "statements", "", headers, json.dumps(body).encode())


def test_statements_are_stored_and_listed(lrs):
    answer = post(lrs, [statement(), statement()])
    assert answer.status == 200
    assert len(json.loads(answer.body)) == 2
    listed = json.loads(lrs.handle("GET", "statements", "", HEADERS, b"").body)
    assert len(listed["statements"]) == 2
    assert all("stored" in s and "authority" in s for s in listed["statements"])


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"authorization": AUTH}, 400),  # no X-Experience-API-Version
        ({"authorization": "Basic nope", "x-experience-api-version": "1.0.3"}, 401),
    ],
)
def test_requests_without_version_or_credentials_are_refused(lrs, headers, status):
    assert post(lrs, statement(), headers).status == status
    assert lrs.statements_log()["rejected"][0]["status"] == status


@pytest.mark.parametrize(
    "broken",
    [
        statement(id="not-a-uuid"),
        statement(actor={"name": "no identifier"}),
        statement(verb={"id": "experienced"}),
        statement(result={"score": {"scaled": 80}}),
        statement(context={"registration": "nope"}),
    ],
)
def test_malformed_statements_are_refused(lrs, broken):
    assert post(lrs, broken).status == 400
    assert lrs.statements == []


def test_a_different_statement_with_a_known_id_conflicts(lrs):
    first = statement()
    assert post(lrs, first).status == 200
    assert post(lrs, first).status == 200  # the same statement again is fine
    assert (
        post(lrs, {**first, "verb": {"id": "http://adlnet.gov/expapi/verbs/passed"}}).status == 409
    )


def test_state_documents_put_get_merge_and_404(lrs):
    query = f"activityId=https%3A%2F%2Fexample.com%2Fa&agent={json.dumps(ACTOR)}&stateId=s"
    assert lrs.handle("GET", "activities/state", query, HEADERS, b"").status == 404
    assert lrs.handle("PUT", "activities/state", query, HEADERS, b'{"a": 1}').status == 204
    assert lrs.handle("POST", "activities/state", query, HEADERS, b'{"b": 2}').status == 204
    answer = lrs.handle("GET", "activities/state", query, HEADERS, b"")
    assert json.loads(answer.body) == {"a": 1, "b": 2}


def test_the_cmi5_fetch_url_answers_once():
    launcher = Cmi5Launcher(MemoryLrs())
    launcher._tokens["abc"] = "Basic dG9rZW4="
    assert launcher.fetch("abc") == {"auth-token": "dG9rZW4="}
    assert launcher.fetch("abc")["error-code"] == "1"
    assert launcher.fetch("unknown")["error-code"] == "2"
