"""The xAPI adapter on its own, driven through the runtime contract in headless Chromium.

A harness page loads only runtime/adapters/xapi.js from the built package and calls the
contract's methods the way runtime/courseforge.js does, so each cmi5/TinCan rule is checked
directly, against the real LRS (Ralph behind the test document store, see
tests/support/docstore.py) and the test LMS (tests/support/lms_launcher.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.e2e.response_patterns import (
    DELIMITED_TEXTS,
    as_one_item,
    fill_in_interaction,
    fill_in_items,
    starter_cloze_interaction,
)

from courseforge.build import build
from courseforge.report.course_index import interaction_definition, statement_definition
from support.docstore import TestLrs, shared_lrs, verb_name, xapi_validation_problems
from support.lms_launcher import TestLms, learner
from support.messages import install_text_lookup

REPO = Path(__file__).resolve().parents[2]
COURSE = {
    "id": "ai-engineering-architect",
    "title": "AI Engineering Architect",
    "language": "en",
    "iri": "https://courses.example.org/ai-engineering-architect",
}
BASE = COURSE["iri"]
# The adapter alone, with the page lifecycle wired as the runtime wires it (the contract).
HARNESS = b"""<!doctype html><title>harness</title><script src='runtime/adapters/xapi.js'></script>
<script>
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "hidden") window.courseforgeTracking.flush();
});
addEventListener("pagehide", (event) => {
  if (event.persisted) window.courseforgeTracking.flush();
  else window.courseforgeTracking.dismiss();
});
</script>"""
CMI5 = "https://w3id.org/xapi/cmi5/context/"

pytestmark = pytest.mark.lrs


@pytest.fixture(scope="session")
def lrs(tmp_path_factory, request) -> TestLrs:
    return shared_lrs(tmp_path_factory, request.config)


@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    build(REPO / "course", out, ["xapi", "cmi5"])
    return out


@pytest.fixture(scope="module")
def cmi5_lms(packages, lrs):
    lms = TestLms(packages / "ai-engineering-architect-cmi5.zip", lrs)
    lms.files["harness.html"] = HARNESS
    yield lms
    lms.close()


@pytest.fixture(scope="module")
def tincan_lms(packages, lrs):
    lms = TestLms(packages / "ai-engineering-architect-xapi.zip", lrs)
    lms.files["harness.html"] = HARNESS
    yield lms
    lms.close()


def harness(url: str) -> str:
    return url.replace("/content/index.html?", "/content/harness.html?")


def start(page, url: str) -> dict:
    page.goto(harness(url))
    install_text_lookup(page)
    return page.evaluate(
        """async (course) => {
            window.statusLines = [];
            return await window.courseforgeTracking.start(course, (t) => window.statusLines.push(t));
        }""",
        COURSE,
    )


def call(page, method: str, *args):
    """Call a contract method; an interaction gets its timestamp now, as the runtime does."""
    return page.evaluate(
        """async ([method, args]) => {
            if (method === "answered") args[0].timestamp = new Date().toISOString();
            return await window.courseforgeTracking[method](...args);
        }""",
        [method, list(args)],
    )


INTERACTIONS = [
    {
        "id": "faq-phd",
        "quizId": "final-quiz",
        "type": "choice",
        "multiple": False,
        "prompt": "Do I need a PhD?",
        "choices": [{"id": "a", "text": "No"}, {"id": "b", "text": "Yes"}],
        "response": ["a"],
        "correct": ["a"],
        "result": "correct",
        "weighting": 1,
        "earned": 1,
        "latencyMs": 4200,
    },
    {
        "id": "tf",
        "quizId": "final-quiz",
        "type": "true-false",
        "prompt": "True?",
        "response": False,
        "correct": True,
        "result": "incorrect",
        "weighting": 1,
        "earned": 0,
        "latencyMs": 1000,
    },
    {
        "id": "fill",
        "quizId": "stage-1-check",
        "type": "fill-in",
        "prompt": "Container tool?",
        "response": "docker",
        "correct": {"answers": ["Docker", "Podman"], "caseSensitive": False},
        "result": "correct",
        "weighting": 2,
        "earned": 2,
        "latencyMs": 800,
    },
    {
        "id": "num",
        "quizId": "stage-1-check",
        "type": "numeric",
        "prompt": "How many stages?",
        "response": 4,
        "correct": {"min": 4, "max": 4},
        "result": "correct",
        "weighting": 1,
        "earned": 1,
        "latencyMs": 900,
    },
    {
        "id": "match",
        "quizId": "stage-2-check",
        "type": "matching",
        "prompt": "Match them",
        "sources": [{"id": "s1", "text": "AWS"}, {"id": "s2", "text": "GCP"}],
        "targets": [{"id": "t1", "text": "Amazon"}, {"id": "t2", "text": "Google"}],
        "response": [["s1", "t1"], ["s2", "t2"]],
        "correct": [["s1", "t1"], ["s2", "t2"]],
        "result": "correct",
        "weighting": 1,
        "earned": 1,
        "latencyMs": 700,
    },
    {
        "id": "seq",
        "quizId": "stage-2-check",
        "type": "sequencing",
        "prompt": "Order the stages",
        "choices": [{"id": "i1", "text": "One"}, {"id": "i2", "text": "Two"}],
        "response": ["i2", "i1"],
        "correct": ["i1", "i2"],
        "result": "incorrect",
        "weighting": 1,
        "earned": 0,
        "latencyMs": 600,
    },
]
for item in INTERACTIONS:
    item["iri"] = f"{BASE}/{item['quizId']}/{item['id']}"

LESSON = {
    "id": "what-the-role-is",
    "title": "What the role is",
    "kind": "lesson",
    "index": 0,
    "count": 12,
}
PASSED = {"completed": True, "passed": True, "scoreRaw": 90, "scoreScaled": 0.9, "progress": 1}


def console_errors(session) -> list[str]:
    """Console errors, minus the 404s a first launch gets for documents not written yet."""
    return [
        e
        for e in session.console_errors
        if not ("404" in e and ("agents/profile" in e or "activities/state" in e))
    ]


def cmi5_defined(statements: list[dict]) -> list[str]:
    return [
        verb_name(s)
        for s in statements
        if any(
            a["id"] == f"{CMI5}categories/cmi5"
            for a in s["context"].get("contextActivities", {}).get("category", [])
        )
    ]


def test_cmi5_session_follows_the_spec(new_browser_session, cmi5_lms, lrs):
    logged = len(lrs.frontend.log)  # the log is shared by the whole run
    session = new_browser_session()
    launch = cmi5_lms.launch_cmi5(learner("adapter-1"))
    begun = start(session.page, launch.url)
    assert begun == {
        "state": None,
        "location": None,
        "mode": "normal",
        "learnerName": "Ada Learner",
    }
    call(session.page, "pageViewed", LESSON)
    call(session.page, "save", "1~state", "what-the-role-is")
    for interaction in INTERACTIONS:
        call(session.page, "answered", interaction)
    call(session.page, "status", {**PASSED, "completed": False, "passed": None})
    call(session.page, "status", PASSED)
    call(session.page, "status", PASSED)  # repeated: nothing new
    call(session.page, "finish")
    statements = lrs.wait_for_statements(
        launch.registration, lambda s: "terminated" in map(verb_name, s)
    )

    verbs = [verb_name(s) for s in statements]
    assert verbs[:3] == ["launched", "initialized", "experienced"]
    assert sorted(verbs[3:9]) == ["answered"] * 6
    assert verbs[9:] == ["completed", "passed", "terminated"]
    assert cmi5_defined(statements) == [
        "launched",
        "initialized",
        "completed",
        "passed",
        "terminated",
    ]
    assert cmi5_lms.fetches.calls[launch.fetch_key] == 1
    assert xapi_validation_problems(statements) == {}

    by_verb = {verb_name(s): s for s in statements}
    for verb in ("initialized", "completed", "passed", "terminated", "experienced", "answered"):
        s = by_verb[verb]
        assert s["actor"]["account"] == learner("adapter-1")["account"]
        assert s["context"]["registration"] == launch.registration
        assert s["context"]["extensions"][f"{CMI5}extensions/sessionid"] == launch.session_id
        grouping = [a["id"] for a in s["context"]["contextActivities"]["grouping"]]
        assert f"{BASE}/au" in grouping  # the publisher id from the contextTemplate
    for verb in ("initialized", "completed", "passed", "terminated"):
        assert by_verb[verb]["object"]["id"] == launch.activity_id
    moveon = f"{CMI5}categories/moveon"

    def categories(verb):
        return [a["id"] for a in by_verb[verb]["context"]["contextActivities"].get("category", [])]

    assert moveon not in categories("initialized") and moveon not in categories("terminated")
    assert moveon in categories("completed") and moveon in categories("passed")
    assert by_verb["completed"]["result"]["completion"] is True
    assert "score" not in by_verb["completed"]["result"]
    assert by_verb["passed"]["result"]["success"] is True
    assert by_verb["passed"]["result"]["score"] == {"scaled": 0.9, "raw": 90, "min": 0, "max": 100}
    assert by_verb["passed"]["context"]["extensions"][f"{CMI5}extensions/masteryscore"] == 0.8
    assert by_verb["terminated"]["result"]["duration"].startswith("PT")
    assert set(by_verb["terminated"]["result"]) == {"duration"}
    for verb in ("experienced", "answered"):
        assert f"{CMI5}categories/cmi5" not in categories(verb)
    assert by_verb["experienced"]["object"]["id"] == f"{BASE}/what-the-role-is"

    answered = {
        s["object"]["id"].rsplit("/", 1)[-1]: s for s in statements if verb_name(s) == "answered"
    }
    definitions = {k: s["object"]["definition"] for k, s in answered.items()}
    assert definitions["faq-phd"]["interactionType"] == "choice"
    assert definitions["faq-phd"]["correctResponsesPattern"] == ["a"]
    assert [c["id"] for c in definitions["faq-phd"]["choices"]] == ["a", "b"]
    assert definitions["tf"]["correctResponsesPattern"] == ["true"]
    assert answered["tf"]["result"]["response"] == "false"
    assert answered["tf"]["result"]["success"] is False
    assert definitions["fill"]["correctResponsesPattern"] == [
        "{case_matters=false}Docker",
        "{case_matters=false}Podman",
    ]
    assert definitions["num"]["correctResponsesPattern"] == ["4"]
    assert definitions["match"]["correctResponsesPattern"] == ["s1[.]t1[,]s2[.]t2"]
    assert [c["id"] for c in definitions["match"]["source"]] == ["s1", "s2"]
    assert [c["id"] for c in definitions["match"]["target"]] == ["t1", "t2"]
    assert definitions["seq"]["correctResponsesPattern"] == ["i1[,]i2"]
    assert answered["seq"]["result"]["response"] == "i2[,]i1"
    assert answered["fill"]["result"]["score"] == {"raw": 2, "min": 0, "max": 2, "scaled": 1}
    assert answered["faq-phd"]["result"]["duration"] == "PT4.2S"
    assert (
        answered["faq-phd"]["context"]["contextActivities"]["parent"][0]["id"]
        == f"{BASE}/final-quiz"
    )

    # Every request carried the version header; documents were read before any statement.
    assert all(r.version == "1.0.3" for r in lrs.frontend.log[logged:])
    log = lrs.frontend.log
    put_at = next(
        r.at
        for r in log
        if r.method == "PUT"
        and r.params.get("stateId") == "LMS.LaunchData"
        and r.params.get("registration") == launch.registration
    )
    after = [r for r in log if r.at >= put_at]
    first_post = next(r.at for r in after if r.resource == "statements" and r.method == "POST")
    launch_data = next(
        r.at for r in after if r.method == "GET" and r.params.get("stateId") == "LMS.LaunchData"
    )
    preferences = next(r.at for r in after if r.method == "GET" and r.resource == "agents/profile")
    assert launch_data < preferences < first_post
    assert console_errors(session) == []


def test_cmi5_reload_ends_the_session_and_shows_its_last_state(new_browser_session, cmi5_lms, lrs):
    session = new_browser_session()
    launch = cmi5_lms.launch_cmi5(learner("adapter-2"))
    start(session.page, launch.url)
    call(session.page, "pageViewed", LESSON)
    call(session.page, "save", "1~saved", "what-the-role-is")
    call(session.page, "flush")
    lrs.wait_for_statements(launch.registration, lambda s: "experienced" in map(verb_name, s))
    # A reload is the page going away (pagehide, not persisted): the session ends there, and
    # the reloaded page shows its last state read-only, with no new fetch and no request.
    again = start(session.page, launch.url)
    assert again["state"] == "1~saved" and again["location"] == "what-the-role-is"
    assert again["mode"] == "review"
    call(session.page, "pageViewed", LESSON)
    assert call(session.page, "finish") == {"redirecting": False}
    statements = lrs.wait_for_statements(
        launch.registration, lambda s: "terminated" in map(verb_name, s)
    )
    assert [verb_name(s) for s in statements] == [
        "launched",
        "initialized",
        "experienced",
        "terminated",
    ]
    assert cmi5_lms.fetches.calls[launch.fetch_key] == 1


def test_a_second_fetch_is_refused_by_the_lms(new_browser_session, cmi5_lms):
    session = new_browser_session()
    launch = cmi5_lms.launch_cmi5(learner("adapter-3"))
    start(session.page, launch.url)
    other = new_browser_session()  # a new tab has no sessionStorage: it must POST again
    begun = start(other.page, launch.url)
    assert cmi5_lms.fetches.calls[launch.fetch_key] == 2
    assert begun["state"] is None
    lines = other.page.evaluate("window.statusLines")
    assert any("already been returned" in line for line in lines), lines


@pytest.mark.parametrize("mode", ["Browse", "Review"])
def test_browse_and_review_send_only_initialized_and_terminated(
    new_browser_session, cmi5_lms, lrs, mode
):
    session = new_browser_session()
    launch = cmi5_lms.launch_cmi5(learner("adapter-4"), launch_mode=mode)
    begun = start(session.page, launch.url)
    assert begun["mode"] == mode.lower()
    call(session.page, "pageViewed", LESSON)
    call(session.page, "answered", INTERACTIONS[0])
    call(session.page, "status", PASSED)
    call(session.page, "save", "1~x", "what-the-role-is")
    call(session.page, "finish")
    statements = lrs.wait_for_statements(
        launch.registration, lambda s: "terminated" in map(verb_name, s)
    )
    assert [verb_name(s) for s in statements] == ["launched", "initialized", "terminated"]


def test_the_lms_mastery_score_decides_passed_or_failed(new_browser_session, cmi5_lms, lrs):
    session = new_browser_session()
    launch = cmi5_lms.launch_cmi5(learner("adapter-5"), mastery_score=0.95)
    start(session.page, launch.url)
    call(session.page, "status", PASSED)  # the runtime thinks 0.9 passes (course mastery 0.8)
    call(session.page, "finish")  # a cmi5 failed waits for the end of the session
    statements = lrs.wait_for_statements(
        launch.registration, lambda s: "terminated" in map(verb_name, s)
    )
    assert [verb_name(s) for s in statements] == [
        "launched",
        "initialized",
        "completed",
        "failed",
        "terminated",
    ]
    failed = statements[3]
    assert failed["result"]["success"] is False
    assert failed["result"]["score"]["scaled"] == 0.9
    assert failed["context"]["extensions"][f"{CMI5}extensions/masteryscore"] == 0.95

    # The next session of the registration may pass (failed → passed across sessions is legal).
    relaunch = cmi5_lms.launch_cmi5(learner("adapter-5"), launch.registration, mastery_score=0.95)
    start(session.page, relaunch.url)
    call(session.page, "status", {**PASSED, "scoreRaw": 100, "scoreScaled": 1})
    call(session.page, "finish")
    statements = lrs.wait_for_statements(
        launch.registration, lambda s: [verb_name(x) for x in s].count("terminated") == 2
    )
    assert [verb_name(s) for s in statements][5:] == [
        "launched",
        "initialized",
        "passed",
        "terminated",
    ]
    assert xapi_validation_problems(statements) == {}


def test_a_retry_that_passes_in_the_same_session_sends_only_passed(
    new_browser_session, cmi5_lms, lrs
):
    session = new_browser_session()
    launch = cmi5_lms.launch_cmi5(learner("adapter-8"))
    start(session.page, launch.url)
    failing = {"completed": False, "passed": False, "scoreRaw": 50, "scoreScaled": 0.5}
    call(session.page, "status", failing)  # attempt 1 fails: nothing final yet
    call(session.page, "status", {**failing, "passed": True, "scoreRaw": 80, "scoreScaled": 0.8})
    call(session.page, "finish")
    statements = lrs.wait_for_statements(
        launch.registration, lambda s: "terminated" in map(verb_name, s)
    )
    verbs = [verb_name(s) for s in statements]
    assert verbs == ["launched", "initialized", "passed", "terminated"]


def test_statements_survive_an_lrs_outage_exactly_once(new_browser_session, cmi5_lms, lrs):
    session = new_browser_session()
    launch = cmi5_lms.launch_cmi5(learner("adapter-6"))
    start(session.page, launch.url)
    lrs.wait_for_statements(launch.registration, lambda s: "initialized" in map(verb_name, s))
    lrs.stop_ralph()
    try:
        for interaction in INTERACTIONS:
            call(session.page, "answered", interaction)
        call(session.page, "save", "1~offline", "final-quiz")
        session.page.wait_for_function(
            "() => window.statusLines.some((t) => t.startsWith('Offline'))", timeout=10000
        )
        queued = session.page.evaluate(
            "() => Object.keys(localStorage).filter((k) => k.startsWith('courseforge.xapi.queue:')).map((k) => JSON.parse(localStorage.getItem(k)).length)"
        )
        assert sum(queued) == len(INTERACTIONS)
    finally:
        lrs.start_ralph()
    call(session.page, "finish")
    statements = lrs.wait_for_statements(
        launch.registration, lambda s: "terminated" in map(verb_name, s), timeout=25
    )
    ids = [s["id"] for s in statements]
    assert len(ids) == len(set(ids))
    assert [verb_name(s) for s in statements] == [
        "launched",
        "initialized",
        *["answered"] * 6,
        "terminated",
    ]
    state = lrs.frontend.store.get(
        lrs.frontend.store.scope(
            "activities/state",
            {
                "activityId": launch.activity_id,
                "agent": json.dumps(learner("adapter-6")),
                "registration": launch.registration,
            },
        ),
        "courseforge.state",
    )
    assert json.loads(state.content)["state"] == "1~offline"


def test_pagehide_dismisses_with_keepalive(new_browser_session, cmi5_lms, lrs):
    session = new_browser_session()
    launch = cmi5_lms.launch_cmi5(learner("adapter-7"))
    start(session.page, launch.url)
    # All in one task, then close at once: most statements are still queued, not in flight.
    session.page.evaluate(
        """(items) => {
            const tracking = window.courseforgeTracking;
            tracking.save("1~closing", "stage-1-check");
            for (const item of items) tracking.answered({...item, timestamp: new Date().toISOString()});
        }""",
        INTERACTIONS,
    )
    session.page.close()  # pagehide: dismiss() sends it all in one keepalive request
    statements = lrs.wait_for_statements(
        launch.registration, lambda s: "terminated" in map(verb_name, s)
    )
    assert [verb_name(s) for s in statements] == [
        "launched",
        "initialized",
        *["answered"] * 6,
        "terminated",
    ]
    # cmi5: a state write could land after `terminated` (refused by a conformant LMS), so the
    # changed state stays in this browser; the next launch here writes it before anything else.
    query = {
        "activityId": launch.activity_id,
        "agent": json.dumps(learner("adapter-7")),
        "registration": launch.registration,
    }
    scope = lrs.frontend.store.scope("activities/state", query)
    assert lrs.frontend.store.get(scope, "courseforge.state") is None
    again = cmi5_lms.launch_cmi5(learner("adapter-7"), launch.registration)
    begun = start(session.context.new_page(), again.url)
    assert begun["state"] == "1~closing" and begun["location"] == "stage-1-check"
    assert json.loads(lrs.frontend.store.get(scope, "courseforge.state").content)["state"] == (
        "1~closing"
    )


def test_tincan_launch_records_the_same_learning_record(new_browser_session, tincan_lms, lrs):
    session = new_browser_session()
    actor = {"objectType": "Agent", "mbox": "mailto:ada@example.com", "name": "Ada"}
    url, registration = tincan_lms.launch_tincan(actor)
    begun = start(session.page, url)
    assert begun["mode"] == "normal" and begun["state"] is None
    call(session.page, "pageViewed", LESSON)
    call(session.page, "answered", INTERACTIONS[0])
    call(session.page, "save", "1~tincan", "final-quiz")
    call(session.page, "status", {**PASSED, "passed": False, "scoreRaw": 50, "scoreScaled": 0.5})
    call(session.page, "status", PASSED)  # TinCan has no one-verdict-per-session rule
    call(session.page, "finish")
    statements = lrs.wait_for_statements(registration, lambda s: "terminated" in map(verb_name, s))
    assert [verb_name(s) for s in statements] == [
        "attempted",
        "experienced",
        "answered",
        "completed",
        "failed",
        "passed",
        "terminated",
    ]
    assert statements[0]["object"]["id"] == BASE
    assert (
        statements[0]["object"]["definition"]["type"]
        == "http://adlnet.gov/expapi/activities/course"
    )
    assert all(s["context"]["registration"] == registration for s in statements)
    assert xapi_validation_problems(statements) == {}

    url, _ = tincan_lms.launch_tincan(actor, registration)
    again = start(session.page, url)
    assert again["state"] == "1~tincan" and again["location"] == "final-quiz"
    assert again["mode"] == "review"  # the attempt is over: TinCan reopens it for review
    call(session.page, "status", PASSED)
    call(session.page, "finish")
    statements = lrs.wait_for_statements(
        registration, lambda s: [verb_name(x) for x in s].count("terminated") == 2
    )
    assert [verb_name(s) for s in statements][7:] == ["initialized", "terminated"]


def test_fill_in_text_holding_pattern_syntax_reaches_the_lrs_as_one_item(
    new_browser_session, tincan_lms, lrs
):
    session = new_browser_session()
    actor = {"objectType": "Agent", "mbox": "mailto:delimiters@example.com", "name": "Dee"}
    url, registration = tincan_lms.launch_tincan(actor)
    start(session.page, url)
    for index, text in enumerate(DELIMITED_TEXTS):
        interaction = fill_in_interaction(index, text, quizId="final-quiz")
        interaction["iri"] = f"{BASE}/final-quiz/{interaction['id']}"
        call(session.page, "answered", interaction)
    call(session.page, "finish")
    statements = lrs.wait_for_statements(registration, lambda s: "terminated" in map(verb_name, s))

    answered = {
        s["object"]["id"].rsplit("/", 1)[-1]: s for s in statements if verb_name(s) == "answered"
    }
    assert len(answered) == len(DELIMITED_TEXTS)
    for index, text in enumerate(DELIMITED_TEXTS):
        stored = answered[f"delim-{index}"]
        patterns = stored["object"]["definition"]["correctResponsesPattern"]
        assert [fill_in_items(p, correct=True) for p in patterns] == [[as_one_item(text)]]
        assert patterns[0].startswith("{case_matters=false}")
        assert fill_in_items(stored["result"]["response"], correct=False) == [as_one_item(text)]
        # The report's copy of the patterns (course_index) reads the statement as this question.
        interaction = fill_in_interaction(index, text)
        assert statement_definition(stored["object"]["definition"]) == interaction_definition(
            interaction
        )
    assert xapi_validation_problems(statements) == {}


CLOZE_PATTERNS = [
    "{case_matters=false}{order_matters=true}.quiz.yaml[,]the build",
    "{case_matters=false}{order_matters=true}quiz.yaml[,]the build",
]


def test_a_cloze_is_one_fill_in_statement_in_tincan_and_cmi5(
    new_browser_session, tincan_lms, cmi5_lms, lrs
):
    session = new_browser_session()
    actor = {"objectType": "Agent", "mbox": "mailto:cloze@example.com", "name": "Cloe"}
    url, tincan_registration = tincan_lms.launch_tincan(actor)
    cmi5 = cmi5_lms.launch_cmi5(learner("cloze-1"))
    stored = {}
    for launch_url, registration in ((url, tincan_registration), (cmi5.url, cmi5.registration)):
        start(session.page, launch_url)
        interaction = starter_cloze_interaction(["[,]x", "the build"], "incorrect")
        interaction["iri"] = f"{BASE}/check/quiz-file"
        call(session.page, "answered", interaction)
        call(session.page, "finish")
        statements = lrs.wait_for_statements(
            registration, lambda s: "terminated" in map(verb_name, s)
        )
        (answered,) = [s for s in statements if verb_name(s) == "answered"]
        assert xapi_validation_problems(statements) == {}
        stored[registration] = answered

    for answered in stored.values():
        definition = answered["object"]["definition"]
        assert definition["interactionType"] == "fill-in"
        assert definition["correctResponsesPattern"] == CLOZE_PATTERNS
        # The typed "[,]" stays inside its blank's item.
        assert answered["result"]["response"] == "(,)x[,]the build"
        assert answered["result"]["success"] is False
        assert answered["result"]["score"] == {"raw": 0, "min": 0, "max": 2, "scaled": 0}
        assert statement_definition(definition) == interaction_definition(
            starter_cloze_interaction([])
        )


def test_without_launch_parameters_the_course_runs_standalone(new_browser_session, cmi5_lms):
    session = new_browser_session()
    begun = start(session.page, f"{cmi5_lms.url}/content/index.html?")
    assert begun["mode"] == "normal" and begun["state"] is None
    call(session.page, "save", "1~alone", "x")
    again = start(session.page, f"{cmi5_lms.url}/content/index.html?")
    assert again["state"] == "1~alone"
    assert any(
        "Not launched from an LMS" in line for line in session.page.evaluate("window.statusLines")
    )


def test_finish_returns_to_the_lms_return_url(new_browser_session, cmi5_lms, lrs):
    session = new_browser_session()
    launch = cmi5_lms.launch_cmi5(learner("adapter-9"), return_url=f"{cmi5_lms.url}/return")
    start(session.page, launch.url)
    with session.page.expect_navigation(url=f"{cmi5_lms.url}/return"):
        session.page.evaluate("() => { window.courseforgeTracking.finish(); }")
    statements = lrs.statements(registration=launch.registration)
    assert [verb_name(s) for s in statements] == ["launched", "initialized", "terminated"]
