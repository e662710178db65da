"""Per-answer scores in the `answered` statements the real course sends (cmi5 and TinCan).

A learner in Chromium answers a quiz whose questions are worth 0 to 3 points, some right and
some wrong; the statements are read back from the LRS (Ralph, tests/support/docstore.py).
Each `answered` statement must carry the verdict (result.success) and the points earned out of
the question's worth (result.score), and the course verdict its course score.
"""

from __future__ import annotations

import pytest
from tests.loader.course_factory import write_course

from courseforge.build import build
from support.docstore import verb_name, xapi_validation_problems
from support.lms_launcher import CourseLearner, TestLms, learner

pytestmark = pytest.mark.lrs

COURSE_YAML = """\
id: scores
title: Scores
description: Per-answer scores.
base_iri: https://example.org/scores
targets: [cmi5, xapi]
completion: all_lessons_and_pass
mastery_score: 50
modules: [intro]
"""

QUIZ_YAML = """\
id: check
title: Check
graded: true
questions:
  - id: count
    type: numeric
    points: 3
    prompt: How many stages?
    answer: 4
  - id: pairs
    type: matching
    points: 2
    prompt: Match each cloud to its maker.
    pairs:
      - {source: AWS, target: Amazon}
      - {source: Azure, target: Microsoft}
  - id: tool
    type: fill_in
    prompt: Which tool runs containers?
    answers: [Docker]
  - id: many
    type: multiple_response
    points: 2
    prompt: Pick the first and third.
    choices:
      - {text: One, correct: true}
      - {text: Two}
      - {text: Three, correct: true}
  - id: order
    type: sequencing
    prompt: Put them in order.
    order: [First, Second, Third]
  - id: bonus
    type: true_false
    points: 0
    prompt: This question counts for nothing.
    answer: true
"""
# question: (points, answered right)
ANSWERS = {
    "count": (3, True),
    "pairs": (2, False),
    "tool": (1, True),
    "many": (2, False),
    "order": (1, False),
    "bonus": (0, True),
}
TOTAL = sum(points for points, _ in ANSWERS.values())
EARNED = sum(points for points, right in ANSWERS.values() if right)  # 4 of 9: 44.44 %


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    root = tmp_path_factory.mktemp("statement-scores")
    source = write_course(
        root / "src",
        **{"course.yaml": COURSE_YAML, "modules/intro/check.quiz.yaml": QUIZ_YAML},
    )
    build(source, root / "dist", ["cmi5", "xapi"])
    return root / "dist"


@pytest.fixture(scope="module", params=["cmi5", "xapi"])
def launcher(request, packages, lrs):
    lms = TestLms(packages / f"scores-{request.param}.zip", lrs)
    yield request.param, lms
    lms.close()


def launch(target: str, lms: TestLms, name: str) -> tuple[str, str]:
    if target == "cmi5":
        started = lms.launch_cmi5(learner(name))
        return started.url, started.registration
    return lms.launch_tincan({"objectType": "Agent", "mbox": f"mailto:{name}@example.com"})


def test_answered_statements_carry_each_answers_score(new_browser_session, launcher, lrs):
    target, lms = launcher
    url, registration = launch(target, lms, f"scores-{target}")
    you = CourseLearner(new_browser_session().page)
    you.open(url)
    you.goto("check")
    you.answer_quiz("check", right=lambda question: ANSWERS[question][1])
    you.goto("_results")
    you.exit()
    statements = lrs.wait_for_statements(registration, lambda s: "terminated" in map(verb_name, s))
    assert xapi_validation_problems(statements) == {}

    answered = {
        s["object"]["id"].rsplit("/", 1)[-1]: s["result"]
        for s in statements
        if verb_name(s) == "answered"
    }
    assert set(answered) == set(ANSWERS)
    for question, (points, right) in ANSWERS.items():
        result = answered[question]
        assert result["success"] is right, question
        if points:
            earned = points if right else 0
            assert result["score"] == {
                "raw": earned,
                "min": 0,
                "max": points,
                "scaled": 1 if right else 0,
            }, question
        else:  # nothing to score out of: no score at all rather than 0 of 0
            assert "score" not in result, question

    [verdict] = [s for s in statements if verb_name(s) in ("passed", "failed")]
    assert verb_name(verdict) == "failed"  # 44.44 % against a mastery score of 50 %
    percent = round(EARNED / TOTAL * 100, 2)
    # cmi5 §9.5.1 wants raw an integer with min and max: 44.44 is none, so scaled stands alone.
    assert verdict["result"]["score"] == {"scaled": round(percent / 100, 4)}
    assert verdict["result"]["success"] is False
