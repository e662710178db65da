"""The course verdict: in cmi5 `passed` once per registration, however many sessions report it;
in TinCan each new failing score a `failed` statement when it happens.

(cmi5 9.3.5: an AU sends passed at most once per registration.) Same harness as
test_xapi_adapter.py: the adapter a built cmi5 package ships, called like the runtime calls it,
against the LRS (Ralph).
"""

from __future__ import annotations

import pytest
from tests.e2e.test_xapi_adapter import PASSED, call, cmi5_lms, packages, start, tincan_lms

from support.docstore import verb_name, xapi_validation_problems
from support.lms_launcher import learner

__all__ = ["cmi5_lms", "packages", "tincan_lms"]  # module fixtures: the packages and the LMSs

pytestmark = pytest.mark.lrs


def test_a_passed_registration_is_not_passed_again_in_a_later_session(
    new_browser_session, cmi5_lms, lrs
):
    session = new_browser_session()
    launch = cmi5_lms.launch_cmi5(learner("verdict-1"))
    start(session.page, launch.url)
    call(session.page, "status", PASSED)
    call(session.page, "finish")
    lrs.wait_for_statements(launch.registration, lambda s: "terminated" in map(verb_name, s))

    # The learner comes back: the runtime reports the same passed record again.
    relaunch = cmi5_lms.launch_cmi5(learner("verdict-1"), launch.registration)
    start(session.page, relaunch.url)
    call(session.page, "status", PASSED)
    call(session.page, "finish")
    statements = lrs.wait_for_statements(
        launch.registration, lambda s: [verb_name(x) for x in s].count("terminated") == 2
    )
    verbs = [verb_name(s) for s in statements]
    assert verbs.count("passed") == 1 and verbs.count("completed") == 1
    assert verbs[verbs.index("terminated") + 1 :] == ["launched", "initialized", "terminated"]
    assert xapi_validation_problems(statements) == {}


def test_tincan_reports_each_new_failing_score_when_it_happens(
    new_browser_session, tincan_lms, lrs
):
    session = new_browser_session()
    actor = {"objectType": "Agent", "mbox": "mailto:verdict-2@example.com"}
    url, registration = tincan_lms.launch_tincan(actor)
    start(session.page, url)
    failing = {"completed": False, "passed": False, "finished": False, "progress": 1}
    verdicts = lambda s: [x for x in s if verb_name(x) == "failed"]  # noqa: E731

    # Attempts are left, yet TinCan has no session verdict to wait for: failed goes at once.
    call(session.page, "status", {**failing, "scoreRaw": 40, "scoreScaled": 0.4})
    lrs.wait_for_statements(registration, lambda s: len(verdicts(s)) == 1)
    call(session.page, "status", {**failing, "scoreRaw": 60, "scoreScaled": 0.6})
    statements = lrs.wait_for_statements(registration, lambda s: len(verdicts(s)) == 2)
    scores = sorted(s["result"]["score"]["scaled"] for s in verdicts(statements))
    assert scores == [0.4, 0.6]
    # The learner views the rest of the course: completed, and the same score is no new verdict.
    call(session.page, "status", {**failing, "completed": True, "scoreRaw": 60, "scoreScaled": 0.6})
    call(session.page, "finish")
    statements = lrs.wait_for_statements(registration, lambda s: "terminated" in map(verb_name, s))
    assert len(verdicts(statements)) == 2
    assert xapi_validation_problems(statements) == {}
