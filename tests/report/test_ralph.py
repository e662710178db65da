"""Real data: learners take the seed course's TinCan package in Chromium, tracked to Ralph;
`courseforge report --lrs` reads the statements back from Ralph and reports them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from courseforge.build import build
from courseforge.cli import main
from support.docstore import shared_lrs, verb_name
from support.lms_launcher import CourseLearner, TestLms

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.lrs
PASSER = {"objectType": "Agent", "mbox": "mailto:pat@example.com", "name": "Pat Passer"}
FAILER = {"objectType": "Agent", "mbox": "mailto:fay@example.com", "name": "Fay Failer"}


@pytest.fixture(scope="module")
def lrs(tmp_path_factory, request):
    return shared_lrs(tmp_path_factory, request.config)


@pytest.fixture(scope="module")
def lms(tmp_path_factory, lrs):
    out = tmp_path_factory.mktemp("dist")
    build(REPO / "course", out, ["xapi"])
    lms = TestLms(out / "ai-engineering-architect-xapi.zip", lrs)
    yield lms
    lms.close()


def finished(statements: list[dict]) -> bool:
    return any(verb_name(s) == "terminated" for s in statements)


def test_report_from_statements_read_back_from_ralph(new_browser_session, lms, lrs, tmp_path):
    for actor, answers in ((PASSER, True), (FAILER, {"final-quiz": False})):
        url, registration = lms.launch_tincan(actor)
        learner = CourseLearner(new_browser_session().page)
        learner.open(url)
        learner.walk(answers=answers)
        learner.exit()
        lrs.wait_for_statements(registration, finished)
    ralph = lrs.ralph
    out = tmp_path / "report"
    result = CliRunner().invoke(
        main,
        [
            "report",
            str(REPO / "course"),
            "--lrs",
            ralph.endpoint,
            "--auth",
            f"{ralph.username}:{ralph.password}",
            "--out",
            str(out),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads((out / "report.json").read_text())
    # Other tests of the run may have sent statements to the same Ralph: count ours.
    stored = lrs.statements()
    mine = [s for s in stored if s["actor"].get("mbox") in (PASSER["mbox"], FAILER["mbox"])]
    assert len(mine) >= 2 * (27 + 9)
    final = next(q for q in data["quizzes"] if q["id"] == "final-quiz")
    questions = {q["question_id"]: q for q in final["questions"]}
    assert all(
        q["where"].startswith("course/modules/final/final-quiz.quiz.yaml:")
        for q in questions.values()
    )
    assert final["judged"] >= 2 and final["passed"] >= 1 and final["passed"] < final["judged"]
    assert "pat@example.com" not in (out / "report.html").read_text()
    assert data["pages"][0]["reached"] >= 2 and data["learners"] >= 2
    # Resumable: a second run reads the cached pages and fetches only what is new.
    again = CliRunner().invoke(
        main,
        [
            "report",
            str(REPO / "course"),
            "--lrs",
            ralph.endpoint,
            "--auth",
            f"{ralph.username}:{ralph.password}",
            "--out",
            str(out),
        ],
    )
    assert again.exit_code == 0, again.output
