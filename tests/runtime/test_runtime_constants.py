"""The state format's constants live in Python once; the runtime reads them from the course data.

The runtime JS and the adapters hold none of them (the grep below), and a build made with other
values in Python produces a runtime that follows them (the browser test).
"""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest
from tests.runtime.learner import open_course, saved_state

from courseforge.build import build
from courseforge.model import CHOICE_ID_ALPHABET
from courseforge.questions import kind
from courseforge.render import state
from courseforge.render.site import RUNTIME_PARTS, render_site
from courseforge.targets.scorm12 import Scorm12Target
from courseforge.targets.scorm2004 import Scorm2004Target
from courseforge.targets.scorm_common import adapter_source
from support.http import StaticServer

SEED_COURSE = __import__("pathlib").Path(__file__).resolve().parents[2] / "course"


def runtime_sources() -> dict[str, str]:
    """Every JavaScript file the learner pages and adapters are made of."""
    root = resources.files("courseforge.runtime")
    files = {}
    for folder in (root, root.joinpath("adapters"), root.joinpath("questions")):
        if not folder.is_dir():
            continue
        for entry in folder.iterdir():
            if entry.name.endswith(".js"):
                files[f"{folder.name}/{entry.name}"] = entry.read_text(encoding="utf-8")
    return files


def test_the_runtime_sources_hold_none_of_the_python_constants():
    constants = {
        "results page id": f'"{state.RESULTS_PAGE_ID}"',
        "attempt cap": rf"(?<![.\d]){state.ATTEMPTS_STORED_MAX}\b",  # not 0.99
        "seed range": r"36 \*\* 4|\b1679616\b",
        "SCORM 1.2 suspend_data limit": rf"\b{Scorm12Target.suspend_data_limit}\b",
        "SCORM 2004 suspend_data limit": rf"\b{Scorm2004Target.suspend_data_limit}\b",
        "choice-id alphabet": re.escape(CHOICE_ID_ALPHABET[:10]),
        "escape table": "|".join(
            re.escape(f'"{e}"') for e in state.runtime_constants()["textEscapes"].values()
        ),
        "state version": r'\[\s*"1"\s*,|!== "1"',
    }
    sources = runtime_sources()
    assert {"courseforge.js", "quiz.js", "state-string.js"} <= {n.split("/")[-1] for n in sources}
    assert set(RUNTIME_PARTS) <= {n.removeprefix("runtime/") for n in sources}
    found = {
        (what, name)
        for what, pattern in constants.items()
        for name, text in sources.items()
        if re.search(pattern, text)
    }
    assert found == set()


@pytest.fixture
def other_constants(monkeypatch):
    """Python's state constants changed: a new escaped character, one seed, two attempts stored."""
    monkeypatch.setattr(kind, "TEXT_ESCAPES", {**kind.TEXT_ESCAPES, "#": "!h"})
    monkeypatch.setattr(state, "SEED_RANGE", 1)
    monkeypatch.setattr(state, "STATE_VERSION", "7")


def test_the_runtime_follows_the_python_constants(new_browser_session, tmp_path, other_constants):
    from courseforge.loader import load_course

    build(SEED_COURSE, tmp_path, ["web"])
    course = load_course(SEED_COURSE)
    server = StaticServer(tmp_path / "ai-engineering-architect-web")
    try:
        session = new_browser_session()
        page = session.page
        open_course(page, server.url + "/index.html")
        quiz = course.quizzes()[0]
        first = quiz.questions[0]
        assert first.type == "fill_in"
        page.click(f"#cf-menu a[href='#page-{quiz.id}']")
        page.locator(f"[data-question={first.id}] input").fill("a#b!c")
        page.wait_for_function(
            "() => localStorage.length && /!h/.test(localStorage.getItem(localStorage.key(0)))"
        )
        saved = saved_state(page)
    finally:
        server.close()

    fields = saved.split("~")
    assert (fields[0], fields[4]) == ("7", "0")  # the version and the only seed below 1
    assert "a!hb!!c" in fields[5]
    decoded = state.decode_state(course, saved)
    assert decoded is not None and decoded.quizzes[0].answers[0].value == "a#b!c"
    assert state.encode_state(course, decoded) == saved
    session.assert_no_console_errors()


def test_the_course_data_and_the_scorm_adapters_carry_the_python_values(browser_page):
    from courseforge.loader import load_course

    site = render_site(load_course(SEED_COURSE))
    data = json.loads(str(site.page_context["course_data"]))
    assert data["runtime"] == {
        "stateVersion": state.STATE_VERSION,
        "resultsPage": state.RESULTS_PAGE_ID,
        "attemptsStoredMax": state.ATTEMPTS_STORED_MAX,
        "seedRange": state.SEED_MAX + 1,
        "textEscapes": kind.TEXT_ESCAPES,
        "choiceIds": CHOICE_ID_ALPHABET,
    }
    for target in (Scorm12Target, Scorm2004Target):
        script = adapter_source(target.tracking, target.adapter_parts, target.suspend_data_limit)
        # The adapter's limit, as the browser evaluates the shipped script.
        limit = browser_page.page.evaluate(
            """source => {
                const capture = source.replace('"use strict";', '"use strict"; window.limit = () => SUSPEND_DATA_LIMIT;');
                new Function(capture)();
                return window.limit();
            }""",
            script.decode(),
        )
        assert limit == target.suspend_data_limit
