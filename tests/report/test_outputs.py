"""The files and the summary: HTML (self-contained, axe-clean, printable), JSON, CSV, privacy."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

from courseforge.cli import main
from report import simulator

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


@pytest.fixture(scope="module")
def written(tmp_path_factory, sim_course, statements_file):
    out = tmp_path_factory.mktemp("out") / "report"
    result = CliRunner().invoke(
        main,
        [
            "report",
            str(sim_course),
            "--statements",
            str(statements_file),
            "--out",
            str(out),
            "--json",
            "--csv",
        ],
    )
    assert result.exit_code == 0, result.output
    return out, result.output


def test_terminal_summary(written):
    _, output = written
    lines = output.splitlines()
    assert lines[0].startswith("Simulated course (sim-course 1.0.0): 2000 learners")
    assert re.search(r"final: 1803 complete first attempts, mean \d\.\d\d/8", output)
    wrong = [line for line in lines if "[negative-discrimination]" in line]
    line = simulator.QUIZ_LINES[simulator.MISKEYED]
    assert len(wrong) == 1
    assert f"final.quiz.yaml:{line}: error: {simulator.MISKEYED}:" in wrong[0]


def test_json_output(written):
    out, _ = written
    data = json.loads((out / "report.json").read_text())
    assert data["format"] == 1 and data["course"]["id"] == "sim-course"
    assert data["learners"] == 2000
    quiz = data["quizzes"][0]
    assert [q["question_id"] for q in quiz["questions"]] == list(simulator.DIFFICULTIES)
    miskeyed = quiz["questions"][-1]
    assert miskeyed["discrimination"] < 0 and "negative-discrimination" in miskeyed["flags"]
    assert {p["id"] for p in data["pages"]} == {"intro", "details", "final"}
    assert any(f["rule"] == "negative-discrimination" for f in data["flags"])


def test_csv_output(written):
    out, _ = written
    rows = list(csv.DictReader(io.StringIO((out / "questions.csv").read_text())))
    assert [r["question"] for r in rows] == list(simulator.DIFFICULTIES)
    easy = rows[0]
    assert float(easy["facility"]) > 0.9 and "easy" in easy["flags"].split()
    assert rows[-1]["where"].endswith(f":{simulator.QUIZ_LINES[simulator.MISKEYED]}")


def test_no_identities_unless_names(written, tmp_path, sim_course, statements_file):
    out, output = written
    for text in [output] + [p.read_text() for p in out.iterdir() if p.is_file()]:
        assert "learner1@example.com" not in text and "Learner 1" not in text
    named = tmp_path / "named"
    result = CliRunner().invoke(
        main,
        [
            "report",
            str(sim_course),
            "--statements",
            str(statements_file),
            "--out",
            str(named),
            "--json",
            "--names",
        ],
    )
    assert result.exit_code == 0
    data = json.loads((named / "report.json").read_text())
    assert {"name": "Learner 1", "learner": "mailto:learner1@example.com"}.items() <= next(
        e for e in data["learner_scores"] if e["name"] == "Learner 1"
    ).items()
    assert "Learner 1" in (named / "report.html").read_text()


def test_html_is_self_contained(written):
    out, _ = written
    html = (out / "report.html").read_text()
    assert "<script" not in html and "<link" not in html
    assert not re.search(r'(src|href)="https?:', html)
    assert html.count("<svg") == 3  # score distribution, facility, reach
    assert "@media print" in html


def test_html_is_axe_clean_on_screen_and_printed(written, browser_page, js_deps):
    out, _ = written
    page = browser_page.page
    page.goto((out / "report.html").as_uri())
    page.add_script_tag(path=str(js_deps / "axe-core" / "axe.min.js"))
    for media in ("screen", "print"):
        page.emulate_media(media=media)
        violations = page.evaluate("(o) => axe.run(document, o)", AXE_OPTIONS)["violations"]
        assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == [], media
    page.emulate_media(media="print")
    # Printed, nothing is cut off sideways: every table fits the page width.
    widths = page.evaluate(
        "() => [...document.querySelectorAll('table')].map(t => t.scrollWidth - t.parentElement.clientWidth)"
    )
    assert max(widths) <= 1
