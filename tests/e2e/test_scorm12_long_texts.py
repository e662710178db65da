"""SCORM 1.2 holds at most 255 characters in an interaction's student_response and each correct
pattern (CMIString255): a longer typed answer or a cloze's long accepted answers reach the LMS
as their first 255 characters, and the LMS refuses none of the writes.

Same harness as test_scorm_adapters.py: the adapter a built package ships, against scorm-again.
"""

from __future__ import annotations

from tests.e2e.lms.scorm_lms import correct_patterns, interactions
from tests.e2e.response_patterns import fill_in_interaction, starter_cloze_interaction
from tests.e2e.test_scorm_adapters import failed_calls, launch, served

__all__ = ["served"]  # module fixture: the built packages, served

LONG = "".join(str(n % 10) for n in range(300))


def test_long_answers_reach_a_scorm12_lms_as_their_first_255_characters(
    new_browser_session, served
):
    typed = fill_in_interaction(0, LONG, quizId="final", iri="https://example.org/demo/final/d0")
    first, second = "a" * 200, "b" * 200
    cloze = starter_cloze_interaction([first, second])
    cloze["blanks"][1] = {"id": "checker", "maxLength": 250}
    cloze["correct"] = [
        {"answers": [first, "other"], "caseSensitive": False},
        {"answers": [second], "caseSensitive": False},
    ]
    session = new_browser_session()
    lms, adapter = launch(session, served, "scorm12")
    adapter.start()
    adapter.call("answered", typed)
    adapter.call("answered", cloze)
    adapter.call("flush")

    fill_in, blanks = interactions(lms.snapshot())
    assert fill_in["student_response"] == LONG[:255]
    assert correct_patterns(fill_in) == [LONG[:255]]
    joined = f"{first},{second}"[:255]
    assert blanks["student_response"] == joined
    assert correct_patterns(blanks) == [joined]
    assert failed_calls(session) == []
