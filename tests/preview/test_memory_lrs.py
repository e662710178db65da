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


# Bounds -----------------------------------------------------------------------------------------


def test_statements_beyond_the_count_limit_push_out_the_oldest(lrs):
    from courseforge.preview.lrs import MAX_STATEMENTS

    first = [statement() for _ in range(5)]
    assert post(lrs, first).status == 200
    for _batch in range(MAX_STATEMENTS // 1000):
        assert post(lrs, [statement() for _ in range(1000)]).status == 200
    assert len(lrs.statements) == MAX_STATEMENTS
    for gone in first:
        query = f"statementId={gone['id']}"
        assert lrs.handle("GET", "statements", query, HEADERS, b"").status == 404
    # A statement of the last batch is still there.
    assert lrs.statements[-1]["id"] not in {s["id"] for s in first}


def test_statements_beyond_the_byte_limit_push_out_the_oldest(lrs):
    from courseforge.preview.lrs import MAX_STATEMENT_BYTES

    padding = "x" * (900 * 1024)
    big = [
        statement(context={"extensions": {"https://example.com/pad": padding}}) for _ in range(40)
    ]
    for one in big:
        assert post(lrs, one).status == 200
    stored = len(json.dumps(lrs.statements))
    assert stored <= MAX_STATEMENT_BYTES
    assert lrs.statements[-1]["id"] == big[-1]["id"]
    assert len(lrs.statements) < len(big)


def state_query(state_id: str) -> str:
    return f"activityId=https%3A%2F%2Fexample.com%2Fa&agent={json.dumps(ACTOR)}&stateId={state_id}"


def test_documents_beyond_the_count_limit_are_refused_with_507_and_the_rest_kept(lrs):
    from courseforge.preview.lrs import MAX_DOCUMENTS

    for n in range(MAX_DOCUMENTS):
        assert (
            lrs.handle("PUT", "activities/state", state_query(f"s{n}"), HEADERS, b"{}").status
            == 204
        )
    refused = lrs.handle("PUT", "activities/state", state_query("one-more"), HEADERS, b"{}")
    assert refused.status == 507
    assert "1,000 documents" in json.loads(refused.body)["error"]
    assert lrs.statements_log()["rejected"][-1]["status"] == 507
    # Replacing a stored document still works, and what was stored is untouched.
    assert (
        lrs.handle("PUT", "activities/state", state_query("s0"), HEADERS, b'{"a": 1}').status == 204
    )
    assert json.loads(
        lrs.handle("GET", "activities/state", state_query("s0"), HEADERS, b"").body
    ) == {"a": 1}
    assert lrs.handle("GET", "activities/state", state_query("s999"), HEADERS, b"").status == 200


def test_documents_beyond_the_byte_limit_are_refused_and_deleting_makes_room(lrs):
    from courseforge.preview.lrs import MAX_DOCUMENT_BYTES

    one_mib = b'"' + b"x" * (1024 * 1024 - 2) + b'"'
    count = MAX_DOCUMENT_BYTES // len(one_mib)
    for n in range(count):
        assert (
            lrs.handle("PUT", "activities/state", state_query(f"b{n}"), HEADERS, one_mib).status
            == 204
        )
    assert (
        lrs.handle("PUT", "activities/state", state_query("over"), HEADERS, one_mib).status == 507
    )
    assert lrs.handle("DELETE", "activities/state", state_query("b0"), HEADERS, b"").status == 204
    assert (
        lrs.handle("PUT", "activities/state", state_query("over"), HEADERS, one_mib).status == 204
    )


def test_the_refusal_log_keeps_only_the_latest(lrs):
    from courseforge.preview.lrs import MAX_REJECTIONS_SHOWN

    for n in range(MAX_REJECTIONS_SHOWN + 50):
        post(lrs, statement(id=f"bad-{n}"))
    rejected = lrs.statements_log()["rejected"]
    assert len(rejected) == MAX_REJECTIONS_SHOWN
    assert f"bad-{MAX_REJECTIONS_SHOWN + 49}" in rejected[-1]["error"]


@pytest.mark.parametrize(
    "broken",
    [
        statement(context=[]),
        statement(context={"extensions": []}),
        statement(context={"contextActivities": "x"}),
        statement(result=[1]),
    ],
)
def test_statements_of_the_wrong_shape_are_a_400_not_a_crash(lrs, broken):
    assert post(lrs, broken).status == 400
    assert lrs.session_verbs("any") == set()  # nothing stored that later reads trip over
