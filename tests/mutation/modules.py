"""What `make mutation` mutates, and the narrowest tests that can notice each module break.

A group is run by mutmut in its own scratch folder; within a group mutmut runs, for every
mutant, only the selected tests that call the mutated function.
"""

from __future__ import annotations

from dataclasses import dataclass

# Browser and LRS tests are left to the JS step: they take seconds each. mutmut runs every
# test of a file that calls the mutated function (run_python.py: widen_to_test_files), so each
# group names the few files that test its modules, not whole areas that merely call them.
FAST = ("-m", "not browser and not lrs")
_ENOSPC = (
    "tests/package/test_atomic_switch.py::"
    "test_real_enospc_while_staging_beside_out_leaves_the_old_build"
)


@dataclass(frozen=True)
class PythonGroup:
    """Source files mutated together, and the pytest arguments that select their tests."""

    name: str
    sources: tuple[str, ...]  # globs below the repository root
    tests: tuple[str, ...]  # pytest arguments: folders, files, node ids, -m/-k


PYTHON_GROUPS: tuple[PythonGroup, ...] = (
    PythonGroup(
        "render-state", ("src/courseforge/render/state.py",), ("tests/render/test_state.py", *FAST)
    ),
    PythonGroup("targets", ("src/courseforge/targets/*",), ("tests/targets", *FAST)),
    PythonGroup(
        "standards",
        ("src/courseforge/standards/*",),
        ("tests/standards", "tests/targets/test_cmi5.py", "tests/targets/test_xapi.py", *FAST),
    ),
    PythonGroup("package-zip", ("src/courseforge/package/zip.py",), ("tests/package", *FAST)),
    # tests/hostile/test_hostile_output.py, test_hostile_sources.py and test_crash_safe_switch.py
    # run the command in a child process, which imports the unmutated package: they cannot
    # kill a mutant (tests/package/test_interrupted_write.py does their writer part in process).
    # tests/hostile/test_loader_fuzz.py is left out too: ~18 s of random examples per mutant.
    # So is the real-ENOSPC test, a child process too (2 s of the group's 4 s of tests).
    PythonGroup(
        "package-writer",
        (
            "src/courseforge/package/writer.py",
            "src/courseforge/package/staging.py",
            "src/courseforge/package/exchange.py",
            "src/courseforge/package/journal.py",
            "src/courseforge/package/ownership.py",
            "src/courseforge/package/output.py",
        ),
        ("tests/package", "tests/cli/test_build_pipeline.py", *FAST, "--deselect", _ENOSPC),
    ),
    PythonGroup("loader", ("src/courseforge/loader/*",), ("tests/loader", *FAST)),
    PythonGroup(
        "model",
        ("src/courseforge/model/*",),
        ("tests/model", "tests/loader", "tests/render/test_state.py", *FAST),
    ),
    # The inspect fuzz is left out as the loader's is: ~7 s of random packages per mutant.
    PythonGroup(
        "inspect",
        ("src/courseforge/inspect/*",),
        ("tests/inspect", *FAST, "--deselect", "tests/inspect/test_inspect_fuzz.py"),
    ),
    # The preview runs in the test process's threads (PreviewSession on a free port: the real
    # handler, real sockets and builds), so its HTTP tests reach mutated code:
    # tests/preview/test_*_inprocess.py drive every route, the event stream and the session;
    # tests/hostile/test_preview_requests.py the guard's refusals. test_preview_cli.py and
    # tests/hostile/test_preview_process.py run the command as a child process (unmutated):
    # mutmut never credits them with a call, so they do not slow the group down.
    PythonGroup(
        "preview-requests",
        (
            "src/courseforge/preview/server.py",
            "src/courseforge/preview/builds.py",
            "src/courseforge/preview/session.py",
            "src/courseforge/preview/guard.py",
        ),
        ("tests/preview", "tests/hostile/test_preview_requests.py", *FAST),
    ),
)


def python_group(name: str) -> PythonGroup:
    for group in PYTHON_GROUPS:
        if group.name == name:
            return group
    known = ", ".join(g.name for g in PYTHON_GROUPS)
    raise SystemExit(f"unknown mutation group {name!r}; expected one of {known}")


@dataclass(frozen=True)
class JsGroup:
    """Runtime functions (file below src/courseforge/runtime/ : function) and their browser tests.

    A function is named as js_mutants.function_span finds it: "outer.name" for the entry `name`
    of the table key `outer` (patterns.js's RESPONSE_PATTERNS repeats its method names).
    """

    name: str
    functions: tuple[str, ...]  # "questions/choice.js:isCorrect"
    tests: tuple[str, ...]  # pytest arguments: files, node ids, -k


def js_group(name: str) -> JsGroup:
    for group in JS_GROUPS:
        if group.name == name:
            return group
    known = ", ".join(g.name for g in JS_GROUPS)
    raise SystemExit(f"unknown JS mutation group {name!r}; expected one of {known}")


_SCORING = "tests/runtime/test_scoring_branches.py"
_TRACKING = "tests/runtime/test_tracking_contract.py"
_SCORM = "tests/e2e/test_scorm_adapters.py"
_SCORM_SESSION = f"{_SCORM}::test_session_reports_answers_status_score_and_ends_once"
_PATTERNS = f"{_SCORM}::test_scorm2004_fill_in_text_holding_pattern_syntax_stays_one_item"
_CLOZE_LMS = f"{_SCORM}::test_a_cloze_reaches_the_lms_as_one_fill_in_interaction"
_SCORM_RESUME = f"{_SCORM}::test_resume_hands_back_state_and_location"
_XAPI = "tests/e2e/test_xapi_adapter.py"


def _question_type(kind: str, *functions: str, cases: str) -> JsGroup:
    """A question type's scoring and saved value, checked by the scoring cases of that type."""
    file = f"questions/{kind}.js"
    return JsGroup(f"js-{kind}", tuple(f"{file}:{f}" for f in functions), (_SCORING, "-k", cases))


# In the order `make mutation` runs them: scoring, state encoding, score and status reporting,
# then the adapters' interaction records.
JS_GROUPS: tuple[JsGroup, ...] = (
    _question_type("choice", "isCorrect", "encode", "decode", cases="single or many"),
    _question_type("true-false", "isCorrect", "encode", "decode", cases="judge"),
    _question_type("fill-in", "isCorrect", cases="fill"),
    _question_type("numeric", "isCorrect", "parseNumber", cases="numeric"),
    _question_type("matching", "isCorrect", "encode", "decode", cases="match"),
    _question_type("sequencing", "isCorrect", "encode", "decode", cases="order"),
    JsGroup(
        "js-cloze",
        tuple(
            f"questions/cloze.js:{f}"
            for f in ("read", "encode", "decode", "blankRight", "isCorrect", "response")
        ),
        # The axe check of the quiz page is left out: it does not score or save anything.
        (
            "tests/runtime/test_cloze_edges.py",
            "tests/runtime/test_cloze.py",
            _SCORING,
            "-k",
            "cloze and not axe",
        ),
    ),
    JsGroup(
        "js-course-score",
        ("quiz.js:normalText", "quiz.js:pointsOf", "courseforge.js:courseRecord"),
        (
            "tests/runtime/test_course_record.py",
            _TRACKING,
            _SCORING,
            "-k",
            "course_record or finished_when or fill or many",
        ),
    ),
    JsGroup(
        "js-state-string",
        (
            "state-string.js:decodeValue",
            "state-string.js:encodeState",
            "state-string.js:decodeState",
        ),
        (
            "tests/runtime/test_state_round_trip.py",
            "tests/runtime/test_state_string.py",
            "tests/runtime/test_resume.py",
        ),
    ),
    JsGroup(
        "js-scorm-status",
        (
            "adapters/scorm-common.js:isFinished",
            "adapters/scorm12.js:recordWrites",
            "adapters/scorm2004.js:recordWrites",
        ),
        (
            _SCORM,
            "tests/e2e/test_scorm_score_writes.py",
            "-k",
            "outcome_per_completion_rule or reports_answers_status_score or no_score_reaches"
            " or before_any_status",
        ),
    ),
    JsGroup(
        "js-xapi-scores",
        (
            "adapters/xapi-statements.js:scoreOf",
            "adapters/xapi-statements.js:responseText",
            "adapters/xapi.js:answered",
            "adapters/xapi.js:verdict",
            "adapters/xapi.js:isFinished",
            "adapters/xapi.js:status",
        ),
        (
            "tests/e2e/test_statement_scores.py",
            "tests/e2e/test_xapi_adapter.py",
            "tests/e2e/test_xapi_verdicts.py",
            "tests/e2e/test_xapi_state_facts.py",
            "tests/e2e/test_xapi_responses.py",
            "tests/e2e/test_cmi5_lrs.py",
            "tests/e2e/test_xapi_lrs.py",
            "-k",
            "answers_score or mastery_score or retry_that_passes or not_passed_again"
            " or failing_score or any_later_save or range_pattern or tincan_launch_records"
            " or finished_tincan or session_follows_the_spec or browse_and_review"
            " or completed_and_passed or (test_xapi_lrs and stop_mid_course)",
        ),
    ),
    JsGroup(
        "js-scorm-interactions",
        (
            "adapters/scorm12.js:response12",
            "adapters/scorm12.js:correctPatterns12",
            "adapters/scorm12.js:interactionWrites",
            "adapters/scorm2004.js:interactionWrites",
        ),
        (_SCORM_SESSION, _SCORM_RESUME, _CLOZE_LMS, "tests/e2e/test_scorm12_long_texts.py"),
    ),
    JsGroup(
        "js-patterns",
        (
            "adapters/patterns.js:patternText",
            "adapters/patterns.js:clozeCorrect",
            "adapters/patterns.js:numeric.response",
            "adapters/patterns.js:numeric.correct",
            "adapters/patterns.js:fill-in.correct",
        ),
        # The xAPI dialect (no text limit, {case_matters=} always, an exact number as one value)
        # is checked against the LRS.
        (
            _SCORM_SESSION,
            _PATTERNS,
            _CLOZE_LMS,
            f"{_XAPI}::test_cmi5_session_follows_the_spec",
            f"{_XAPI}::test_fill_in_text_holding_pattern_syntax_reaches_the_lrs_as_one_item",
            f"{_XAPI}::test_a_cloze_is_one_fill_in_statement_in_tincan_and_cmi5",
            "tests/e2e/test_xapi_responses.py",
            "tests/e2e/test_scorm_cloze_patterns.py",
        ),
    ),
)
