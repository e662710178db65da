"""A numeric answer in the LRS: the number the learner gave as the statement's response, and a
range of accepted numbers as one "min[:]max" pattern (xAPI 1.0.3 interaction patterns).

The runtime reports a numeric answer as a number (docs/runtime-contract.md; the quiz does not
check a typed text that is no number). Same harness as test_xapi_adapter.py: the adapter a
built package ships, called like the runtime calls it, against the LRS (Ralph).
"""

from __future__ import annotations

import pytest
from tests.e2e.test_xapi_adapter import BASE, call, packages, start, tincan_lms

from support.docstore import verb_name, xapi_validation_problems

__all__ = ["packages", "tincan_lms"]  # module fixtures: the package and the LMS

pytestmark = pytest.mark.lrs


def numeric(item_id: str, typed, correct: dict) -> dict:
    return {
        "id": item_id,
        "iri": f"{BASE}/final-quiz/{item_id}",
        "quizId": "final-quiz",
        "type": "numeric",
        "prompt": "How many stages?",
        "response": typed,
        "correct": correct,
        "result": "incorrect",
        "weighting": 1,
        "earned": 0,
        "latencyMs": 900,
    }


def test_a_numeric_answer_is_its_number_against_a_range_pattern(
    new_browser_session, tincan_lms, lrs
):
    session = new_browser_session()
    actor = {"objectType": "Agent", "mbox": "mailto:numbers@example.com", "name": "Num"}
    url, registration = tincan_lms.launch_tincan(actor)
    start(session.page, url)
    given = {"decimal": 4.5, "whole": 7, "negative": -2}
    for item_id, number in given.items():
        call(session.page, "answered", numeric(item_id, number, {"min": 3, "max": 6}))
    call(session.page, "finish")
    statements = lrs.wait_for_statements(registration, lambda s: "terminated" in map(verb_name, s))

    answered = {
        s["object"]["id"].rsplit("/", 1)[-1]: s for s in statements if verb_name(s) == "answered"
    }
    responses = {item_id: s["result"]["response"] for item_id, s in answered.items()}
    assert responses == {"decimal": "4.5", "whole": "7", "negative": "-2"}
    for stored in answered.values():
        assert stored["object"]["definition"]["correctResponsesPattern"] == ["3[:]6"]
    assert xapi_validation_problems(statements) == {}
