"""A cloze with more accepted combinations than SCORM 2004 must store: the LMS gets the first
five correct patterns (RTE 4.2.9: a fill-in's smallest permitted maximum of correct_responses),
in passage order, and refuses none of the writes.

Same harness as test_scorm_adapters.py: the adapter a built package ships, against scorm-again.
"""

from __future__ import annotations

from tests.e2e.lms.scorm_lms import correct_patterns, interaction_problems, interactions
from tests.e2e.response_patterns import starter_cloze_interaction
from tests.e2e.test_scorm_adapters import failed_calls, launch, served

__all__ = ["served"]  # module fixture: the built packages, served


def test_a_cloze_with_many_accepted_answers_keeps_the_first_five_patterns(
    new_browser_session, served
):
    cloze = starter_cloze_interaction(["quiz.yaml", "the build", "lint"])
    cloze["blanks"].append({"id": "tool", "maxLength": 40})
    cloze["correct"][1]["answers"] = ["the build", "nobody"]
    cloze["correct"].append({"answers": ["lint", "check"], "caseSensitive": False})
    session = new_browser_session()
    lms, adapter = launch(session, served, "scorm2004")
    adapter.start()
    adapter.call("answered", cloze)
    adapter.call("flush")

    (entry,) = interactions(lms.snapshot())
    assert correct_patterns(entry) == [
        "{order_matters=true}.quiz.yaml[,]the build[,]lint",
        "{order_matters=true}.quiz.yaml[,]the build[,]check",
        "{order_matters=true}.quiz.yaml[,]nobody[,]lint",
        "{order_matters=true}.quiz.yaml[,]nobody[,]check",
        "{order_matters=true}quiz.yaml[,]the build[,]lint",
    ]
    assert entry["learner_response"] == "quiz.yaml[,]the build[,]lint"
    assert interaction_problems("scorm2004", entry) == []
    assert failed_calls(session) == []
