"""Write small courses into a temp folder, one file at a time, for loader tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

COURSE_YAML = """\
id: demo
title: Demo course
description: A course for tests.
base_iri: https://example.org/demo
targets: [web]
completion: all_lessons_and_pass
modules: [intro]
"""

MODULE_YAML = """\
id: intro
title: Introduction
pages: [hello.md, check.quiz.yaml]
"""

LESSON_MD = """\
---
id: hello
title: Hello
---
Some text.
"""

QUIZ_YAML = """\
id: check
title: Check
graded: true
questions:
  - id: q1
    type: single_choice
    prompt: Pick one
    choices:
      - {text: Right, correct: true}
      - {text: Wrong}
"""


def write_course(root: Path, **files: str) -> Path:
    """Write a valid course under root/course, replacing or adding files given by path.

    Keyword names use '__' for '/' and '_' before the suffix, e.g. modules__intro__hello_md.
    """
    course = root / "course"
    defaults = {
        "course.yaml": COURSE_YAML,
        "modules/intro/module.yaml": MODULE_YAML,
        "modules/intro/hello.md": LESSON_MD,
        "modules/intro/check.quiz.yaml": QUIZ_YAML,
    }
    for key, text in files.items():
        defaults[key] = text
    for relative, text in defaults.items():
        if text is None:
            continue
        path = course / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return course


def author_errors(course: str | Path) -> list[str]:
    """Load a course that must fail; return every error as the author reads it."""
    from courseforge.errors import CourseError
    from courseforge.loader import load_course

    try:
        load_course(course)
    except CourseError as error:
        return [str(e) for e in error.errors]
    raise AssertionError(f"{course}: loaded without an error")
