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
        ("tests/package", "tests/cli/test_build_pipeline.py", *FAST),
    ),
    PythonGroup("loader", ("src/courseforge/loader/*",), ("tests/loader", *FAST)),
    PythonGroup(
        "model",
        ("src/courseforge/model/*",),
        ("tests/model", "tests/loader", "tests/render/test_state.py", *FAST),
    ),
    PythonGroup("inspect", ("src/courseforge/inspect/*",), ("tests/inspect", *FAST)),
    PythonGroup(
        "preview-requests",
        (
            "src/courseforge/preview/server.py",
            "src/courseforge/preview/builds.py",
            "src/courseforge/preview/session.py",
        ),
        ("tests/preview", *FAST),
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


_CONTRACT = "tests/runtime/test_tracking_contract.py"
# Proven on two functions so far (scoring, state encoding); add the adapters' functions here.
JS_GROUPS: tuple[JsGroup, ...] = (
    JsGroup(
        "courseforge.js",
        "isCorrect",
        (
            f"{_CONTRACT}::test_interactions_follow_the_contract_for_every_type",
            f"{_CONTRACT}::test_course_record_scores_best_attempt_and_completes_by_the_rule",
        ),
    ),
    JsGroup("courseforge.js", "encodeValue", ("tests/runtime/test_state_string.py",)),
)
