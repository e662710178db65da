"""What every question-bank target shares: a course without a quiz builds an empty bank, with
a warning at its course.yaml."""

from __future__ import annotations

import pytest
from tests.loader.course_factory import COURSE_YAML, write_course

from courseforge.build import build


@pytest.mark.parametrize("target", ["gift", "moodle-xml", "qti21"])
def test_a_course_without_a_quiz_warns_that_its_bank_is_empty(tmp_path, target):
    course = write_course(
        tmp_path,
        **{
            "course.yaml": COURSE_YAML.replace("all_lessons_and_pass", "all_lessons"),
            "modules/intro/module.yaml": "id: intro\ntitle: Introduction\npages: [hello.md]\n",
            "modules/intro/check.quiz.yaml": None,
        },
    )
    result = build(course, tmp_path / "out", [target])
    assert result.warnings == [
        f"{target}: {course}/course.yaml: the course has no quiz, so its question bank is empty"
    ]
    (output,) = result.outputs
    assert output.path.exists()
