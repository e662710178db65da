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
    """One runtime function (below src/courseforge/runtime/) and the browser tests for it."""

    file: str
    function: str
    tests: tuple[str, ...]

    @property
    def name(self) -> str:
        return f"js-{self.file.replace('/', '-').removesuffix('.js')}-{self.function}"


_SCORING = "tests/runtime/test_scoring_branches.py"
_SCORM = "tests/e2e/test_scorm_adapters.py::test_session_reports_answers_status_score_and_ends_once"
_PATTERNS = "tests/e2e/test_scorm_adapters.py::test_scorm2004_fill_in_text_holding_pattern_syntax_stays_one_item"
_CLOZE = "tests/runtime/test_cloze.py"
_CLOZE_LMS = (
    "tests/e2e/test_scorm_adapters.py::test_a_cloze_reaches_the_lms_as_one_fill_in_interaction"
)
_SCORM_RESUME = "tests/e2e/test_scorm_adapters.py::test_resume_hands_back_state_and_location"
# The runtime's scoring and state encoding, and the SCORM adapters' interaction records.
JS_GROUPS: tuple[JsGroup, ...] = (
    JsGroup("questions/choice.js", "isCorrect", (_SCORING,)),
    JsGroup("questions/choice.js", "decode", (_SCORING, "tests/runtime/test_resume.py")),
    JsGroup("questions/cloze.js", "read", (_CLOZE,)),
    JsGroup("questions/cloze.js", "decode", (_CLOZE,)),
    JsGroup("state-string.js", "decodeValue", (_SCORING, "tests/runtime/test_resume.py")),
    JsGroup("adapters/patterns.js", "clozeCorrect", (_CLOZE_LMS,)),
    JsGroup("adapters/scorm12.js", "response12", (_SCORM,)),
    JsGroup("adapters/scorm12.js", "correctPatterns12", (_SCORM,)),
    JsGroup("adapters/patterns.js", "patternText", (_SCORM, _PATTERNS)),
    JsGroup("adapters/scorm12.js", "interactionWrites", (_SCORM, _SCORM_RESUME)),
    JsGroup("adapters/scorm2004.js", "interactionWrites", (_SCORM, _SCORM_RESUME)),
)
