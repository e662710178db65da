"""Fill-in matching: the runtime in Chromium and the Python rule agree on one table of cases.

The rule (README, "fill_in"): case is ignored unless `case_sensitive`; quotes, brackets and
sentence marks at either end, and repeated spaces inside, do not count; `answers` lists every
accepted variant. Each case is its own question in a purpose-built course, typed into the real
runtime and judged by what the runtime reports to the tracking adapter.
"""

from __future__ import annotations

import json

import pytest
from tests.loader.course_factory import write_course
from tests.runtime.learner import open_course, use_recording_adapter

from courseforge.build import build
from courseforge.model.text_answer import normalize_text_answer, text_answer_matches

# (accepted answers, case_sensitive, typed, right?)
CASES = [
    (["SageMaker"], False, "sagemaker", True),
    (["SageMaker"], False, "SAGEMAKER", True),
    (["SageMaker"], False, "SageMaker.", True),
    (["SageMaker"], False, "  \u201cSageMaker\u201d!  ", True),
    (["SageMaker"], False, "(SageMaker)", True),
    (["SageMaker"], False, "'SageMaker',", True),
    (["SageMaker"], False, "\u00bfSageMaker?", True),
    (["Amazon SageMaker"], False, "Amazon    SageMaker", True),
    (["Amazon SageMaker"], False, "Amazon\u00a0\tSageMaker", True),
    (["Amazon SageMaker"], False, "Amazon SageMaker\ufeff", True),
    (["SageMaker"], False, "Sage Maker", False),  # not a listed variant
    (["SageMaker", "Sage Maker", "AWS SageMaker"], False, "sage maker", True),
    (["SageMaker", "Sage Maker", "AWS SageMaker"], False, "aws  sagemaker.", True),
    (["SageMaker"], False, "SageMakers", False),
    (["SageMaker"], False, "Sage-Maker", False),  # punctuation inside counts
    (["SageMaker"], False, "Sage.Maker", False),
    (["Docker"], True, "docker", False),
    (["Docker"], True, "Docker.", True),
    (["C#"], False, "C", False),  # '#' and '+' are not sentence marks
    (["C#"], False, "c#", True),
    (["C++"], False, "C", False),
    ([".NET"], False, "NET", False),  # a leading '.' is kept
    ([".NET"], False, ".net", True),
    (["?"], False, "!", False),  # all punctuation: compared as written
    (["?"], False, " ? ", True),
    (["caf\u00e9"], False, "cafe\u0301", True),  # composed and decomposed é
    (["Docker."], False, "docker", True),  # an author's own trailing mark does not count
]


@pytest.mark.parametrize(("accepted", "case_sensitive", "typed", "right"), CASES)
def test_python_rule(accepted, case_sensitive, typed, right):
    assert text_answer_matches(accepted, typed, case_sensitive=case_sensitive) is right


def test_python_rule_keeps_text_that_is_only_marks_and_never_matches_empty():
    assert normalize_text_answer("?!") == "?!"
    assert not text_answer_matches(["Docker"], "", case_sensitive=False)
    assert not text_answer_matches(["Docker"], " . ", case_sensitive=False)


def _cases_course(tmp_path):
    questions = [
        {
            "id": f"case-{index}",
            "type": "fill_in",
            "prompt": f"Case {index}",
            "answers": accepted,
            "case_sensitive": case_sensitive,
        }
        for index, (accepted, case_sensitive, _typed, _right) in enumerate(CASES)
    ]
    quiz = {"id": "check", "title": "Check", "graded": True, "questions": questions}
    return write_course(tmp_path, **{"modules/intro/check.quiz.yaml": json.dumps(quiz)})


def test_runtime_in_chromium_follows_the_same_rule(new_browser_session, static_server, tmp_path):
    build(_cases_course(tmp_path), tmp_path / "dist", ["web"])
    session = new_browser_session()
    use_recording_adapter(session)
    page = session.page
    open_course(page, static_server(tmp_path / "dist" / "demo-web") + "/index.html")
    page.click("#cf-menu a[href='#page-check']")
    for index, (_accepted, _case, typed, _right) in enumerate(CASES):
        page.fill(f"#q-case-{index}-answer", typed)
        page.click(f"[data-question=case-{index}] .cf-check")
    answered = {
        call[1]["id"]: call[1] for call in page.evaluate("window.recorded") if call[0] == "answered"
    }
    got = [
        (answered[f"case-{i}"]["response"], answered[f"case-{i}"]["result"])
        for i in range(len(CASES))
    ]
    expected = [(typed, "correct" if right else "incorrect") for _a, _c, typed, right in CASES]
    assert got == expected
    session.assert_no_console_errors()
