"""The SCORM tracking adapters, driven directly against scorm-again (a real LMS-side runtime).

A harness page stands in for the learner runtime: it loads the adapter a built package ships
and the test calls the contract's methods (docs/runtime-contract.md) the way the runtime does.
The whole course, runtime included, runs against the same LMS in test_scorm_lms.py.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from tests.e2e.lms.scorm_lms import (
    SCORM12_TIMESPAN,
    SCORM2004_DURATION,
    correct_patterns,
    interaction_problems,
    interactions,
    open_lms,
    serve_root,
)
from tests.e2e.response_patterns import (
    DELIMITED_TEXTS,
    as_one_item,
    fill_in_interaction,
    fill_in_items,
    starter_cloze_interaction,
)

from courseforge.build import build
from courseforge.render.state import runtime_constants
from support.http import StaticServer
from support.messages import install_text_lookup

REPO_COURSE = __import__("pathlib").Path(__file__).resolve().parents[2] / "course"
TARGETS = ("scorm12", "scorm2004")
COURSE = {
    "id": "demo",
    "language": "en",
    "completion": "all_lessons_and_pass",
    "masteryScore": 80,
    "runtime": runtime_constants(),  # as every course's data carries it
}
STAMP = "2026-11-26T14:03:05.123Z"
COMMIT_INTERVAL_MS = 2000  # README: "commit throttled to one per 2 s"


def _interaction(question_id, kind, response, correct, result="correct", **extra):
    base = {
        "id": question_id,
        "quizId": "final",
        "iri": f"https://example.org/demo/final/{question_id}",
        "type": kind,
        "multiple": False,
        "prompt": f"Question {question_id}",
        "response": response,
        "correct": correct,
        "result": result,
        "weighting": 2,
        "earned": 2 if result == "correct" else 0,
        "latencyMs": 8123,
        "timestamp": STAMP,
    }
    base.update(extra)
    return base


ABC = [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}, {"id": "c", "text": "C"}]
YES_NO = [{"id": "yes", "text": "Yes"}, {"id": "no", "text": "No"}]
ITEMS = [{"id": "i1", "text": "One"}, {"id": "i2", "text": "Two"}, {"id": "i3", "text": "Three"}]
PAIRS = {
    "sources": [{"id": "s1", "text": "A"}, {"id": "s2", "text": "B"}],
    "targets": [{"id": "t1", "text": "X"}, {"id": "t2", "text": "Y"}],
}
ANSWERS = [
    _interaction("many", "choice", ["a", "c"], ["a", "c"], multiple=True, choices=ABC),
    _interaction("single", "choice", ["no"], ["yes"], "incorrect", choices=YES_NO),
    _interaction("judge", "true-false", False, True, "incorrect"),
    _interaction(
        "word",
        "fill-in",
        "docker",
        {"answers": ["Docker", "docker engine"], "caseSensitive": False},
    ),
    _interaction("exact-word", "fill-in", "Docker", {"answers": ["Docker"], "caseSensitive": True}),
    _interaction("count", "numeric", 4, {"min": 4, "max": 4}),
    _interaction("about", "numeric", "5.5", {"min": 3, "max": 6}),
    _interaction(
        "pairs",
        "matching",
        [["s1", "t2"], ["s2", "t1"]],
        [["s1", "t1"], ["s2", "t2"]],
        "incorrect",
        **PAIRS,
    ),
    _interaction(
        "order", "sequencing", ["i2", "i1", "i3"], ["i1", "i2", "i3"], "incorrect", choices=ITEMS
    ),
]
# (learner response, correct patterns) each version must record for ANSWERS, in order.
EXPECTED = {
    "scorm12": [
        ("a,c", ["a,c"]),
        ("b", ["a"]),
        ("f", ["t"]),
        ("docker", ["Docker", "docker engine"]),
        ("Docker", ["Docker"]),
        ("4", ["4"]),
        ("5.5", []),  # SCORM 1.2 has no syntax for a range
        ("a.b,b.a", ["a.a,b.b"]),
        ("b,a,c", ["a,b,c"]),
    ],
    "scorm2004": [
        ("a[,]c", ["a[,]c"]),
        ("no", ["yes"]),
        ("false", ["true"]),
        ("docker", ["Docker", "docker engine"]),
        ("Docker", ["{case_matters=true}Docker"]),
        ("4", ["4[:]4"]),
        ("5.5", ["3[:]6"]),
        ("s1[.]t2[,]s2[.]t1", ["s1[.]t1[,]s2[.]t2"]),
        ("i2[,]i1[,]i3", ["i1[,]i2[,]i3"]),
    ],
}


@pytest.fixture(scope="module")
def served(tmp_path_factory, js_deps):
    root = tmp_path_factory.mktemp("scorm-adapters")
    result = build(REPO_COURSE, root / "dist", TARGETS)
    packages = {output.target: output.path for output in result.outputs}
    server = StaticServer(serve_root(root / "www", packages, js_deps))
    yield server.url
    server.close()


class Harness:
    """The adapter inside the SCO frame, called like the runtime calls it."""

    def __init__(self, frame):
        self.frame = frame

    def start(self, course=COURSE):
        install_text_lookup(self.frame, course["language"])
        return self.frame.evaluate(
            """async course => {
                window.statusLines = [];
                const session = await courseforgeTracking.start(course, line => statusLines.push(line));
                window.harnessStarted = true;
                return session;
            }""",
            course,
        )

    def call(self, method, *args):
        self.frame.evaluate(
            "([method, args]) => courseforgeTracking[method](...args)", [method, list(args)]
        )

    def status_lines(self) -> list[str]:
        return self.frame.evaluate("() => statusLines")


def launch(session, served, target, **lms_options):
    adapter = f"../{target}/runtime/adapters/{target}.js"
    lms = open_lms(
        session.page, served, target, f"lms/harness.html?adapter={adapter}", **lms_options
    )
    session.page.wait_for_function(
        "() => document.querySelector('#sco').contentWindow.courseforgeTracking"
    )
    return lms, Harness(session.page.main_frame.child_frames[0])


def _status(completed, passed, score=None, progress=0.5, finished=None):
    return {
        "completed": completed,
        "passed": passed,
        "finished": completed if finished is None else finished,
        "scoreRaw": score,
        "scoreScaled": None if score is None else score / 100,
        "progress": progress,
    }


def failed_calls(session) -> list:
    """The SCO's calls that returned "false" (an error) to it."""
    calls = session.page.evaluate("() => testLms.calls")
    return [c[:3] for c in calls if c[2] == "false"]


def _core(target, cmi, name):
    """Read an element by its 2004 name from either version's snapshot."""
    if target == "scorm2004":
        return cmi[name]
    return {
        "location": cmi["core"]["lesson_location"],
        "suspend_data": cmi["suspend_data"],
        "exit": cmi["core"]["exit"],
        "session_time": cmi["core"]["session_time"],
        "status": cmi["core"]["lesson_status"],
        "raw": cmi["core"]["score"]["raw"],
    }[name]


@pytest.mark.parametrize("target", TARGETS)
def test_session_reports_answers_status_score_and_ends_once(new_browser_session, served, target):
    session = new_browser_session()
    lms, adapter = launch(session, served, target)

    assert adapter.start() == {
        "state": None,
        "location": None,
        "mode": "normal",
        "learnerName": None,
    }
    adapter.call("status", _status(False, None, progress=0.1))
    adapter.call("save", "1~abc~0", "intro")
    for answer in ANSWERS:
        adapter.call("answered", answer)
    adapter.call("flush")

    cmi = lms.snapshot()  # flush hands the LMS every value; the commit follows on the throttle
    assert _core(target, cmi, "location") == "intro"
    assert _core(target, cmi, "suspend_data") == "1~abc~0"
    assert _core(target, cmi, "exit") == "suspend"
    entries = interactions(cmi)
    got = [
        (e["student_response" if target == "scorm12" else "learner_response"], correct_patterns(e))
        for e in entries
    ]
    assert got == EXPECTED[target]
    assert [p for e in entries for p in interaction_problems(target, e)] == []
    first = entries[0]
    if target == "scorm12":
        assert cmi["core"]["lesson_status"] == "incomplete"
        assert (first["id"], first["result"], entries[1]["result"]) == (
            "final.many",
            "correct",
            "wrong",
        )
        assert (first["latency"], first["time"], first["weighting"]) == (
            "00:00:08.12",
            "14:03:05",
            "2",
        )
    else:
        assert (cmi["completion_status"], cmi["success_status"]) == ("incomplete", "unknown")
        assert (first["id"], entries[1]["result"]) == (
            "https://example.org/demo/final/many",
            "incorrect",
        )
        assert (first["latency"], first["timestamp"]) == ("PT8.12S", "2026-11-26T14:03:05.12Z")
        assert first["description"] == "Question many"

    # Checking a question again updates its entry instead of adding one.
    adapter.call("answered", {**ANSWERS[1], "response": ["yes"], "result": "correct"})
    adapter.call("status", _status(True, True, 90, 1))
    adapter.call("finish")
    adapter.call("finish")
    adapter.call("dismiss")
    adapter.call("flush")

    assert lms.calls("terminate") == 1
    cmi = lms.terminations()[0]
    entries = interactions(cmi)
    assert len(entries) == len(ANSWERS)
    assert entries[1]["result"] == "correct"
    if target == "scorm12":
        core = cmi["core"]
        assert (core["lesson_status"], core["exit"]) == ("passed", "")
        assert (core["score"]["raw"], core["score"]["min"], core["score"]["max"]) == (
            "90",
            "0",
            "100",
        )
        assert SCORM12_TIMESPAN.match(core["session_time"])
    else:
        assert (cmi["completion_status"], cmi["success_status"], cmi["exit"]) == (
            "completed",
            "passed",
            "normal",
        )
        score = cmi["score"]
        assert (score["raw"], score["scaled"], score["min"], score["max"]) == (
            "90",
            "0.9",
            "0",
            "100",
        )
        assert cmi["progress_measure"] == "1"
        assert SCORM2004_DURATION.match(cmi["session_time"])
    # The score reaches the LMS before the status that depends on it.
    sets = [
        c[1][0] for c in session.page.evaluate("() => testLms.calls") if c[0].endswith("SetValue")
    ]
    raw = "cmi.core.score.raw" if target == "scorm12" else "cmi.score.raw"
    status = "cmi.core.lesson_status" if target == "scorm12" else "cmi.success_status"
    assert sets.index(raw) < len(sets) - 1 - sets[::-1].index(status)
    session.assert_no_console_errors()


def test_scorm2004_fill_in_text_holding_pattern_syntax_stays_one_item(new_browser_session, served):
    session = new_browser_session()
    lms, adapter = launch(session, served, "scorm2004")
    adapter.start()
    for index, text in enumerate(DELIMITED_TEXTS):
        adapter.call(
            "answered",
            fill_in_interaction(
                index, text, quizId="final", iri=f"https://example.org/demo/final/d{index}"
            ),
        )
    adapter.call("flush")

    entries = interactions(lms.snapshot())
    assert len(entries) == len(DELIMITED_TEXTS)  # scorm-again refused none of them
    for text, entry in zip(DELIMITED_TEXTS, entries, strict=True):
        assert fill_in_items(entry["learner_response"], correct=False) == [as_one_item(text)]
        assert [fill_in_items(p, correct=True) for p in correct_patterns(entry)] == [
            [as_one_item(text)]
        ]
    assert failed_calls(session) == []
    session.assert_no_console_errors()


# A cloze is one fill-in interaction, one item per blank in passage order (docs/question-types.md).
CLOZE_EXPECTED = {
    "scorm12": ("fill-in", "  .Quiz.yaml ,the build", [".quiz.yaml,the build"]),
    "scorm2004": (
        "fill-in",
        "  .Quiz.yaml [,]the build",
        [
            "{order_matters=true}.quiz.yaml[,]the build",
            "{order_matters=true}quiz.yaml[,]the build",
        ],
    ),
}


@pytest.mark.parametrize("target", TARGETS)
def test_a_cloze_reaches_the_lms_as_one_fill_in_interaction(new_browser_session, served, target):
    session = new_browser_session()
    lms, adapter = launch(session, served, target)
    adapter.start()
    adapter.call("answered", starter_cloze_interaction(["  .Quiz.yaml ", "the build"]))
    adapter.call("flush")

    (entry,) = interactions(lms.snapshot())
    response = entry["student_response" if target == "scorm12" else "learner_response"]
    assert (entry["type"], response, correct_patterns(entry)) == CLOZE_EXPECTED[target]
    assert entry["result"] == "correct" and entry["weighting"] == "2"
    assert interaction_problems(target, entry) == []
    assert failed_calls(session) == []
    session.assert_no_console_errors()


# The session lifecycle (README table): what each version reports for each completion rule
# when the session ends after each outcome. All lessons are viewed except in "tab closed".
OUTCOMES = {
    # outcome: (completed under all_lessons, completed otherwise, passed, score, finished)
    "passed": (True, True, True, 100, True),
    "failed, attempts left": (True, False, False, 40, False),
    "failed, no attempts left": (True, False, False, 60, True),
    "tab closed mid-course": (False, False, None, None, False),
}
GRADED_RULES = {
    "passed": (("passed", ""), (("completed", "passed"), "normal")),
    "failed, attempts left": (("incomplete", "suspend"), (("incomplete", "failed"), "suspend")),
    "failed, no attempts left": (("failed", ""), (("completed", "failed"), "normal")),
    "tab closed mid-course": (
        ("incomplete", "suspend"),
        (("incomplete", "unknown"), "suspend"),
    ),
}
LIFECYCLE = {
    "all_lessons": {
        "passed": (("completed", ""), (("completed", "passed"), "normal")),
        "failed, attempts left": (("completed", "suspend"), (("completed", "failed"), "suspend")),
        "failed, no attempts left": (("completed", ""), (("completed", "failed"), "normal")),
        "tab closed mid-course": GRADED_RULES["tab closed mid-course"],
    },
    "pass": GRADED_RULES,
    "all_lessons_and_pass": GRADED_RULES,
}


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("completion", LIFECYCLE)
@pytest.mark.parametrize("outcome", OUTCOMES)
def test_session_outcome_per_completion_rule(
    new_browser_session, served, target, completion, outcome
):
    lessons_done, rule_done, passed, score, finished = OUTCOMES[outcome]
    completed = lessons_done if completion == "all_lessons" else rule_done
    progress = 1 if lessons_done else 0.5
    session = new_browser_session()
    lms, adapter = launch(session, served, target)
    adapter.start({**COURSE, "completion": completion})
    adapter.call("status", _status(completed, passed, score, progress, finished))
    adapter.call("save", "1~abc~2", "p")
    session.page.evaluate("() => { document.querySelector('#sco').remove(); }")
    session.page.wait_for_function("() => testLms.terminations.length === 1")

    cmi = lms.terminations()[0]
    if target == "scorm12":
        got = (cmi["core"]["lesson_status"], cmi["core"]["exit"])
        assert cmi["core"]["score"]["raw"] == ("" if score is None else str(score))
    else:
        got = ((cmi["completion_status"], cmi["success_status"]), cmi["exit"])
        done = got[0][0] == "completed"
        assert cmi["progress_measure"] == ("1" if done else {1: "0.99", 0.5: "0.5"}[progress])
    assert got == LIFECYCLE[completion][outcome][TARGETS.index(target)]
    assert lms.calls("terminate") == 1
    assert failed_calls(session) == []


@pytest.mark.parametrize("target", TARGETS)
def test_resume_hands_back_state_and_location(new_browser_session, served, target):
    if target == "scorm12":
        cmi = {
            "core": {
                "entry": "resume",
                "lesson_location": "stage-2",
                "student_name": "Lovelace, Ada",
            },
            "suspend_data": "1~abc~3",
            # An earlier session's answer: SCORM 1.2's ids are write-only, so only
            # cmi.interactions._count keeps this session from writing over it.
            "interactions": [{"id": "final.many", "type": "choice", "result": "wrong"}],
        }
    else:
        cmi = {
            "entry": "resume",
            "location": "stage-2",
            "suspend_data": "1~abc~3",
            "learner_name": "Ada Lovelace",
            "interactions": [{"id": ANSWERS[0]["iri"], "type": "choice"}],
        }
    lms, adapter = launch(new_browser_session(), served, target, cmi=cmi)

    assert adapter.start() == {
        "state": "1~abc~3",
        "location": "stage-2",
        "mode": "normal",
        "learnerName": "Ada Lovelace",
    }
    adapter.call("answered", ANSWERS[0])
    adapter.call("flush")
    entries = interactions(lms.commits()[-1])
    # SCORM 2004 finds the earlier entry by id; SCORM 1.2's ids are write-only, so it appends.
    assert len(entries) == (1 if target == "scorm2004" else 2)
    assert entries[-1]["type"] == "choice"
    if target == "scorm12":  # the earlier answer is kept; this session's follows it
        assert [(e["id"], e["result"]) for e in entries] == [
            ("final.many", "wrong"),
            ("final.many", "correct"),
        ]


@pytest.mark.parametrize("target", TARGETS)
def test_new_attempt_ignores_stale_data(new_browser_session, served, target):
    if target == "scorm12":
        cmi = {"core": {"entry": "ab-initio", "lesson_location": "old"}, "suspend_data": "stale"}
    else:
        cmi = {"entry": "ab-initio", "location": "old", "suspend_data": "stale"}
    _, adapter = launch(new_browser_session(), served, target, cmi=cmi)

    session = adapter.start()
    assert (session["state"], session["location"]) == (None, None)


@pytest.mark.parametrize("target", TARGETS)
def test_review_hands_back_the_saved_attempt_although_entry_is_ab_initio(
    new_browser_session, served, target
):
    # What Moodle sends when it reopens a finished attempt.
    if target == "scorm12":
        cmi = {
            "core": {"lesson_mode": "review", "entry": "ab-initio", "lesson_location": "_results"},
            "suspend_data": "1~abc~f",
        }
    else:
        cmi = {
            "mode": "review",
            "entry": "ab-initio",
            "location": "_results",
            "suspend_data": "1~abc~f",
        }
    lms, adapter = launch(new_browser_session(), served, target, cmi=cmi)

    session = adapter.start()
    assert (session["mode"], session["state"], session["location"]) == (
        "review",
        "1~abc~f",
        "_results",
    )


@pytest.mark.parametrize(("target", "mode"), [("scorm12", "browse"), ("scorm2004", "review")])
def test_browse_and_review_record_nothing(new_browser_session, served, target, mode):
    cmi = {"core": {"lesson_mode": mode}} if target == "scorm12" else {"mode": mode}
    lms, adapter = launch(new_browser_session(), served, target, cmi=cmi)

    assert adapter.start()["mode"] == mode
    adapter.call("save", "1~abc~0", "intro")
    adapter.call("answered", ANSWERS[0])
    adapter.call("status", _status(True, True, 100))
    adapter.call("flush")
    adapter.call("finish")

    assert (lms.calls("set"), lms.calls("commit"), lms.calls("terminate")) == (0, 0, 1)


@pytest.mark.parametrize(
    ("target", "hops", "found"),
    [("scorm12", 7, True), ("scorm12", 8, False), ("scorm2004", 12, True)],
)
def test_api_is_found_up_to_the_versions_parent_limit(
    new_browser_session, served, target, hops, found
):
    session = new_browser_session()
    harness = f"{served}/lms/harness.html?adapter=../{target}/runtime/adapters/{target}.js"
    # The harness sits `hops` parents below the LMS page: hops - 1 nest.html levels between.
    nested = "lms/nest.html?" + urlencode({"depth": hops - 2, "src": harness})
    lms = open_lms(session.page, served, target, nested)
    adapter = Harness(_frame_with(session.page, "harness.html"))

    adapter.start()
    if found:
        assert lms.calls("initialize") == 1 and adapter.status_lines() == []
    else:
        assert lms.calls("initialize") == 0
        assert adapter.status_lines() == ["No LMS found: this session is not recorded."]


@pytest.mark.parametrize("target", TARGETS)
def test_api_is_found_through_the_opener(new_browser_session, served, target):
    session = new_browser_session()
    lms = open_lms(session.page, served, target, "about:blank")
    harness = f"{served}/lms/harness.html?adapter=../{target}/runtime/adapters/{target}.js"
    with session.page.expect_popup() as popup:
        session.page.evaluate("url => { window.open(url); }", harness)
    popup.value.wait_for_function("() => window.courseforgeTracking")

    Harness(popup.value.main_frame).start()
    assert lms.calls("initialize") == 1


def _frame_with(page, url_part):
    """The frame at url_part, once the adapter has loaded in it (all frames are same-origin)."""
    page.wait_for_function(
        """part => {
            const loaded = (w) => (w.location.href.includes(part) && !!w.courseforgeTracking)
                || Array.from(w.frames).some(loaded);
            return loaded(window);
        }""",
        arg=url_part,
    )
    # The nest.html frames carry url_part in their query string too.
    return next(
        f
        for f in page.frames
        if url_part in f.url and f.evaluate("() => !!window.courseforgeTracking")
    )


@pytest.mark.parametrize("target", TARGETS)
def test_no_lms_runs_standalone_and_says_so(new_browser_session, served, target):
    session = new_browser_session()
    session.page.goto(f"{served}/lms/harness.html?adapter=../{target}/runtime/adapters/{target}.js")
    adapter = Harness(session.page.main_frame)

    assert adapter.start() == {
        "state": None,
        "location": None,
        "mode": "normal",
        "learnerName": None,
    }
    for method, args in [
        ("save", ("1~a", "p")),
        ("answered", (ANSWERS[0],)),
        ("status", (_status(True, True, 90),)),
    ]:
        adapter.call(method, *args)
    adapter.call("flush")
    adapter.call("finish")

    assert adapter.status_lines() == ["No LMS found: this session is not recorded."]
    session.assert_no_console_errors()


@pytest.mark.parametrize("target", TARGETS)
def test_refused_initialize_runs_standalone(new_browser_session, served, target):
    session = new_browser_session()
    lms, adapter = launch(session, served, target, failures={"initialize": True})

    assert adapter.start()["mode"] == "normal"
    adapter.call("save", "1~a", "p")
    adapter.call("finish")

    assert adapter.status_lines() == [
        "The LMS did not start a session: this session is not recorded."
    ]
    assert (lms.calls("set"), lms.calls("terminate")) == (0, 0)
    assert any(
        "error 101" in text and "refuses to initialize" in text
        for _, text in session.console_messages
    )


@pytest.mark.parametrize("target", TARGETS)
def test_refused_commits_are_logged_and_retried(new_browser_session, served, target):
    session = new_browser_session()
    lms, adapter = launch(session, served, target, failures={"commit": 2})
    adapter.start()
    adapter.call("save", "1~abc~0", "intro")
    adapter.call("flush")

    warnings = [text for kind, text in session.console_messages if kind == "warning"]
    assert any(
        re.search(r"Commit\(\"\"\) failed: error 101 .*test LMS refuses the commit", t)
        for t in warnings
    )
    assert adapter.status_lines() == ["The LMS did not save your progress; retrying."]
    # Retried without any new call from the runtime: 1 s, then 2 s later it goes through.
    cmi = lms.wait_for_commit(0, timeout=10000)
    assert _core(target, cmi, "suspend_data") == "1~abc~0"
    assert adapter.status_lines()[-1] == ""


@pytest.mark.parametrize("target", TARGETS)
def test_refused_value_does_not_block_the_others(new_browser_session, served, target):
    session = new_browser_session()
    lms, adapter = launch(session, served, target, failures={"set": ["cmi.suspend_data"]})
    adapter.start()
    for n in range(4):
        adapter.call("save", f"1~abc~{n}", f"page-{n}")
        adapter.call("flush")

    cmi = lms.snapshot()
    assert _core(target, cmi, "location") == "page-3"
    assert _core(target, cmi, "suspend_data") == ""
    calls = session.page.evaluate("() => testLms.calls")
    tries = [c for c in calls if c[0].endswith("SetValue") and c[1][0] == "cmi.suspend_data"]
    assert len(tries) == 3  # then it gives up on that element, and says so
    assert any("giving up on cmi.suspend_data" in text for _, text in session.console_messages)


@pytest.mark.parametrize("target", TARGETS)
def test_commits_are_throttled_but_follow_every_answer(new_browser_session, served, target):
    session = new_browser_session()
    session.page.clock.install()  # the adapter's timers run only when the test moves the clock
    lms, adapter = launch(session, served, target)
    adapter.start()
    session.page.clock.pause_at(session.page.evaluate("() => Date.now()") + 1000)
    # All nine answers inside one evaluation, so no timer can run between them.
    adapter.frame.evaluate(
        """answers => answers.forEach((answer) => {
            courseforgeTracking.answered(answer);
            courseforgeTracking.save("1~abc~0", answer.id);
        })""",
        ANSWERS,
    )
    session.page.clock.run_for(0)  # a first change commits at once: one commit for all nine
    assert lms.calls("commit") == 1
    assert len(interactions(lms.commits()[-1])) == len(ANSWERS)

    for n in range(5):  # more changes soon after: held back for the interval, then committed
        adapter.call("save", f"1~abc~{n}", f"page-{n}")
    session.page.clock.run_for(COMMIT_INTERVAL_MS - 1)
    assert lms.calls("commit") == 1
    session.page.clock.run_for(1)
    assert lms.calls("commit") == 2
    assert _core(target, lms.commits()[-1], "location") == "page-4"
    session.page.clock.run_for(10 * COMMIT_INTERVAL_MS)  # nothing changed since: no commit
    assert lms.calls("commit") == 2


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("how", ["frame navigated", "frame removed"])
def test_closing_the_page_terminates_once_without_a_commit(
    new_browser_session, served, target, how
):
    session = new_browser_session()
    lms, adapter = launch(session, served, target)
    adapter.start()
    adapter.call("status", _status(False, None))
    adapter.call("save", "1~abc~2", "stage-1")

    script = "src = 'about:blank'" if how == "frame navigated" else "remove()"
    session.page.evaluate(f"() => {{ document.querySelector('#sco').{script}; }}")
    session.page.wait_for_function("() => testLms.terminations.length === 1")

    cmi = lms.terminations()[0]
    assert _core(target, cmi, "exit") == "suspend"
    assert (_core(target, cmi, "location"), _core(target, cmi, "suspend_data")) == (
        "stage-1",
        "1~abc~2",
    )
    assert lms.calls("terminate") == 1
    assert failed_calls(session) == []


@pytest.mark.parametrize("target", TARGETS)
def test_flush_hands_over_values_and_commits_only_later(new_browser_session, served, target):
    session = new_browser_session()
    lms, adapter = launch(session, served, target)
    adapter.start()
    adapter.call("save", "1~abc~0", "intro")
    lms.wait_for_commit(0)
    adapter.call("save", "1~abc~1", "next")
    # One evaluation: flush, then see what the LMS had before any timer could run.
    seen = adapter.frame.evaluate(
        """() => {
            const commits = parent.testLms.commits.length;
            courseforgeTracking.flush();
            return [parent.testLms.commits.length - commits, parent.testLms.snapshot()];
        }"""
    )
    assert seen[0] == 0, "flush must not commit"
    assert (_core(target, seen[1], "location"), _core(target, seen[1], "suspend_data")) == (
        "next",
        "1~abc~1",
    )
    cmi = lms.wait_for_commit(1)  # the throttle commits while the page stays open
    assert _core(target, cmi, "suspend_data") == "1~abc~1"
