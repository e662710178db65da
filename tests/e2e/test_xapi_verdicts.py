"""The course verdict in cmi5: `passed` once per registration, however many sessions report it.

(cmi5 9.3.5: an AU sends passed at most once per registration.) Same harness as
test_xapi_adapter.py: the adapter a built cmi5 package ships, called like the runtime calls it,
against the LRS (Ralph).
"""

from __future__ import annotations

import pytest
from tests.e2e.test_xapi_adapter import PASSED, call, cmi5_lms, packages, start

from support.docstore import verb_name, xapi_validation_problems
from support.lms_launcher import learner

__all__ = ["cmi5_lms", "packages"]  # module fixtures: the built packages and the cmi5 LMS

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
