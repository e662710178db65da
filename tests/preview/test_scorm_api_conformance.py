"""The simulator's SCORM API answers like the standards, checked against scorm-again in Chromium.

Every row of scorm_cases.CASES runs on a fresh API object of both implementations, in the
same page; both must give the standard's error code. SCORM_AGAIN_DIFFERS pins the few places
where scorm-again is laxer than the standard, so a change on either side is noticed.
"""

from __future__ import annotations

import pytest
from scorm_cases import CASES, SCORM_AGAIN_DIFFERS

from courseforge.preview.server import static_file_path

RUNNER = """
(cases) => {
  const names = {
    "1.2": {init: "LMSInitialize", finish: "LMSFinish", commit: "LMSCommit", get: "LMSGetValue", set: "LMSSetValue", error: "LMSGetLastError"},
    "2004": {init: "Initialize", finish: "Terminate", commit: "Commit", get: "GetValue", set: "SetValue", error: "GetLastError"},
  };
  const run = (api, c) => {
    const n = names[c.version];
    for (const [op, ...args] of c.steps) api[n[op]](...args);
    return String(api[n.error]());
  };
  return cases.map((c) => ({
    simulator: run(window.CourseforgeScorm.createApi(c.version, {}), c),
    scormAgain: run(c.version === "1.2" ? new window.Scorm12API({logLevel: 5}) : new window.Scorm2004API({logLevel: 5}), c),
  }));
}
"""


@pytest.fixture(scope="module")
def answers(chromium, js_deps):
    """Run every case in both implementations; map case label → {simulator, scormAgain}."""
    from support.browser import open_session

    session = open_session(chromium)
    try:
        page = session.page
        page.set_content("<!doctype html><title>SCORM API cases</title>")
        page.add_script_tag(path=str(js_deps / "scorm-again/dist/scorm12.js"))
        page.add_script_tag(path=str(js_deps / "scorm-again/dist/scorm2004.js"))
        page.add_script_tag(path=str(static_file_path("scorm_api.js")))
        every = CASES + [case for case, _, _ in SCORM_AGAIN_DIFFERS]
        results = page.evaluate(RUNNER, [case.to_json() for case in every])
        session.assert_no_console_errors()
    finally:
        session.close()
    return dict(zip((case.label for case in every), results, strict=True))


def test_the_table_is_big_enough_to_mean_something():
    assert len(CASES) >= 200
    assert {case.version for case in CASES} == {"1.2", "2004"}
    assert len({case.label for case in CASES}) == len(CASES), "duplicate cases"


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.label)
def test_simulator_and_scorm_again_give_the_standard_error_code(answers, case):
    answer = answers[case.label]
    assert (answer["simulator"], answer["scormAgain"]) == (case.code, case.code)


@pytest.mark.parametrize(
    ("case", "scorm_again_code", "why"), SCORM_AGAIN_DIFFERS, ids=lambda v: getattr(v, "label", "")
)
def test_where_scorm_again_is_laxer_the_simulator_follows_the_standard(
    answers, case, scorm_again_code, why
):
    answer = answers[case.label]
    assert answer["simulator"] == case.code, why
    assert answer["scormAgain"] == scorm_again_code, "scorm-again changed: " + why
