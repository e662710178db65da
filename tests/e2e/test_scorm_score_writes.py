"""The score the SCORM adapters hand scorm-again: none while the course has none, then the
course's own figures (a two-decimal score, as the runtime's course record holds it); and a
session that ends before any status is suspended, so the learner resumes it.

Same harness as test_scorm_adapters.py: the adapter a built package ships, called like the
runtime calls it, against scorm-again.
"""

from __future__ import annotations

import pytest
from tests.e2e.test_scorm_adapters import TARGETS, _status, failed_calls, launch, served

__all__ = ["served"]  # the module fixture: one build of both packages for these tests too

SCORE_ELEMENTS = {
    "scorm12": ("cmi.core.score.raw", "cmi.core.score.min", "cmi.core.score.max"),
    "scorm2004": ("cmi.score.raw", "cmi.score.min", "cmi.score.max", "cmi.score.scaled"),
}


def score_writes(session, target: str) -> list:
    calls = session.page.evaluate("() => testLms.calls")
    return [c[1] for c in calls if c[0].endswith("SetValue") and c[1][0] in SCORE_ELEMENTS[target]]


@pytest.mark.parametrize("target", TARGETS)
def test_no_score_reaches_the_lms_until_the_course_has_one(new_browser_session, served, target):
    session = new_browser_session()
    lms, adapter = launch(session, served, target)
    adapter.start()
    adapter.call("status", _status(False, None, progress=0.5))  # no graded quiz taken yet
    adapter.call("flush")
    assert score_writes(session, target) == []

    # 5 of 6 points: the runtime's record holds 83.33, and 83.33 / 100 as the scaled score.
    adapter.call("status", {**_status(True, True, 83.33, 1), "scoreScaled": 83.33 / 100})
    adapter.call("finish")
    written = dict(score_writes(session, target))
    if target == "scorm12":
        assert written == {
            "cmi.core.score.raw": "83.33",
            "cmi.core.score.min": "0",
            "cmi.core.score.max": "100",
        }
        assert lms.terminations()[0]["core"]["score"]["raw"] == "83.33"
    else:
        assert written == {
            "cmi.score.raw": "83.33",
            "cmi.score.min": "0",
            "cmi.score.max": "100",
            "cmi.score.scaled": "0.8333",
        }
        score = lms.terminations()[0]["score"]
        assert (score["raw"], score["scaled"]) == ("83.33", "0.8333")
    assert failed_calls(session) == []


@pytest.mark.parametrize("target", TARGETS)
def test_a_session_ending_before_any_status_is_suspended(new_browser_session, served, target):
    session = new_browser_session()
    lms, adapter = launch(session, served, target)
    adapter.start()
    adapter.call("save", "1~abc~0", "intro")  # the first page, then the tab closes
    session.page.evaluate("() => { document.querySelector('#sco').remove(); }")
    session.page.wait_for_function("() => testLms.terminations.length === 1")

    cmi = lms.terminations()[0]
    core = cmi["core"] if target == "scorm12" else cmi
    assert (core["exit"], cmi["suspend_data"]) == ("suspend", "1~abc~0")  # resumed next time
    assert score_writes(session, target) == []
    assert failed_calls(session) == []
