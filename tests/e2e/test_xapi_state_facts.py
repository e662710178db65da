"""The once-per-registration facts (completed, passed) in the LRS state document: a learner who
passes and closes the tab at once is still passed once in the registration.

cmi5 9.3.0.0-7: passed at most once per registration. The adapter remembers what it sent in the
state document's flags; a cmi5 dismissal sends no state write (it could land after
`terminated`), so the flags must already be in this browser's copy of the document, or in the
LRS, when the tab goes. Same harness as test_xapi_adapter.py: the adapter a built cmi5 package
ships, called like the runtime calls it, against the LRS (Ralph).
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import NamedTuple

import pytest
from tests.e2e.test_xapi_adapter import BASE, call, cmi5_lms, packages, start, tincan_lms

from support.docstore import verb_name
from support.lms_launcher import learner

__all__ = ["cmi5_lms", "packages", "tincan_lms"]  # module fixtures: the packages and the LMSs

pytestmark = pytest.mark.lrs

# Passed on the retry, with pages still unseen: the attempt is not finished, so nothing but
# the verdict changes the flags.
FAILING = {"completed": True, "passed": False, "scoreRaw": 50, "scoreScaled": 0.5}
PASSING = {**FAILING, "passed": True, "scoreRaw": 80, "scoreScaled": 0.8}
NOT_FINISHED = {"progress": 0.5, "finished": False}


class TincanLaunch(NamedTuple):
    """Where a TinCan launch keeps its state: the course's activity, the registration."""

    activity_id: str
    registration: str


def state_flags(lrs, launch, actor) -> dict:
    query = {
        "activityId": launch.activity_id,
        "agent": json.dumps(actor),
        "registration": launch.registration,
    }
    found = lrs.frontend.store.get(
        lrs.frontend.store.scope("activities/state", query), "courseforge.state"
    )
    return json.loads(found.content)["flags"] if found else {}


def test_a_pass_right_before_the_tab_closes_is_not_passed_again(new_browser_session, cmi5_lms, lrs):
    actor = learner("state-facts-1")
    session = new_browser_session()
    launch = cmi5_lms.launch_cmi5(actor)
    start(session.page, launch.url)
    call(session.page, "status", {**FAILING, **NOT_FINISHED})  # completed; the retry is left
    # The LRS holds the completed registration and this browser got its answer (its copy goes).
    session.page.wait_for_function(
        "() => !Object.keys(localStorage).some((k) => k.startsWith('courseforge.xapi.state:'))"
    )
    assert state_flags(lrs, launch, actor).get("completed") is True

    call(session.page, "status", {**PASSING, **NOT_FINISHED})
    session.page.close()  # pagehide at once: the cmi5 dismissal sends no state write
    lrs.wait_for_statements(launch.registration, lambda s: "terminated" in map(verb_name, s))

    # The learner comes back in this browser: the runtime reports the same passed record.
    again = cmi5_lms.launch_cmi5(actor, launch.registration)
    page = session.context.new_page()
    start(page, again.url)
    call(page, "status", {**PASSING, **NOT_FINISHED})
    call(page, "finish")
    statements = lrs.wait_for_statements(
        launch.registration, lambda s: [verb_name(x) for x in s].count("terminated") == 2
    )
    verbs = [verb_name(s) for s in statements]
    assert verbs.count("passed") == 1 and verbs.count("completed") == 1
    assert state_flags(lrs, launch, actor).get("passed") is True


def wait_for_flag(lrs, launch, actor, flag: str, timeout: float = 10.0) -> dict:
    """Poll the LRS until its state document holds the flag (or fail)."""
    deadline = time.monotonic() + timeout
    while True:
        flags = state_flags(lrs, launch, actor)
        if flags.get(flag):
            return flags
        if time.monotonic() > deadline:
            raise AssertionError(f"the LRS state never held {flag!r}; it holds {flags}")
        time.sleep(0.2)


def test_a_pass_reaches_the_lrs_state_before_any_later_save(new_browser_session, cmi5_lms, lrs):
    """Another device opened while the first tab is still open sees the registration passed.

    The page's clock is held still after the pass (Playwright's clock), so no delayed write
    can carry the flag: only the write the pass itself makes at once."""
    actor = learner("state-facts-2")
    session = new_browser_session()
    session.page.clock.install()
    launch = cmi5_lms.launch_cmi5(actor)
    start(session.page, launch.url)
    call(session.page, "status", {**FAILING, **NOT_FINISHED})
    session.page.wait_for_function(
        "() => !Object.keys(localStorage).some((k) => k.startsWith('courseforge.xapi.state:'))"
    )
    page_now = session.page.evaluate("() => Date.now()") / 1000
    session.page.clock.pause_at(datetime.fromtimestamp(page_now + 0.01, tz=UTC))
    call(session.page, "status", {**PASSING, **NOT_FINISHED})
    session.page.clock.run_for(50)  # the timers due now; a delayed write stays waiting
    wait_for_flag(lrs, launch, actor, "passed")

    # The learner opens the registration on another device, the first tab still open.
    other = new_browser_session()
    again = cmi5_lms.launch_cmi5(actor, launch.registration)
    start(other.page, again.url)
    call(other.page, "status", {**PASSING, **NOT_FINISHED})
    call(other.page, "finish")
    statements = lrs.wait_for_statements(
        launch.registration, lambda s: "terminated" in map(verb_name, s)
    )
    assert [verb_name(s) for s in statements].count("passed") == 1


def test_a_finished_tincan_attempt_reaches_the_lrs_at_once(new_browser_session, tincan_lms, lrs):
    """The learner passed earlier and now views the last page: the attempt is over. Another
    device opened while this tab is still open reopens it for review, not as a new attempt.

    The page's clock is held still after the last status, as above."""
    actor = {"objectType": "Agent", "mbox": "mailto:state-facts-3@example.com"}
    session = new_browser_session()
    session.page.clock.install()
    url, registration = tincan_lms.launch_tincan(actor)
    start(session.page, url)
    call(session.page, "status", {**PASSING, **NOT_FINISHED})
    session.page.wait_for_function(
        "() => !Object.keys(localStorage).some((k) => k.startsWith('courseforge.xapi.state:'))"
    )
    page_now = session.page.evaluate("() => Date.now()") / 1000
    session.page.clock.pause_at(datetime.fromtimestamp(page_now + 0.01, tz=UTC))
    call(session.page, "status", {**PASSING, "progress": 1, "finished": True})
    session.page.clock.run_for(50)  # the timers due now; a delayed write stays waiting
    wait_for_flag(lrs, TincanLaunch(BASE, registration), actor, "finished")

    other = new_browser_session()
    again, _ = tincan_lms.launch_tincan(actor, registration)
    assert start(other.page, again)["mode"] == "review"
