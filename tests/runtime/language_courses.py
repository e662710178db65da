"""Courses for the interface-language tests: the starter in any language, and a course whose
own words all start with "§", so a page's text splits cleanly into author text, catalog text
(bracketed in the pseudo-locale) and anything else, which must not exist."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from courseforge.build import build

PSEUDO_COURSE = {
    "course.yaml": """\
id: pseudo
title: §Course §title
language: en-XA
description: §Description
base_iri: https://example.org/pseudo
completion: all_lessons_and_pass
mastery_score: 80
targets: [web]
modules: [m]
""",
    "modules/m/module.yaml": """\
id: m
title: §Module
pages: [lesson.md, graded.quiz.yaml, check.quiz.yaml, fill.quiz.yaml]
""",
    "modules/m/lesson.md": """\
---
id: lesson
title: §Lesson
---
§Words §and §more §words.[^a] [§Away](https://example.org/x) [§Sheet](§data.csv) [§Blob](§blob)

> [!NOTE]
> §Noted.

> [!CAUTION]
> §Careful.

[^a]: §Footnote.

§Media §and §embeds, §glossary §term §gloss §here:

![§Talk](§talk.webm "§Caption")

![§Clip](https://www.youtube.com/watch?v=dQw4w9WgXcQ)

<iframe src="https://example.org/widget" title="§Frame"></iframe>
""",
    "modules/m/§talk.en-XA.vtt": "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n§Cue\n",
    "modules/m/§talk.transcript.md": "§Said §this.\n",
    "glossary.yaml": """\
terms:
  - term: §gloss
    definition: §Meaning.
""",
    "modules/m/§data.csv": "a,b\n1,2\n",
    "modules/m/§blob": "x" * 1500,
    "modules/m/graded.quiz.yaml": """\
id: graded
title: §Graded
intro: |
  §Intro

  > [!TIP]
  > §Hint
graded: true
attempts: 2
questions:
  - id: one
    type: single_choice
    prompt: §Pick
    choices:
      - {text: §Right, correct: true, feedback: §Yes}
      - {text: §Wrong, feedback: §No}
  - id: many
    type: multiple_response
    prompt: §Several
    choices:
      - {text: §A, correct: true}
      - {text: §B}
      - {text: §C, correct: true}
  - id: tf
    type: true_false
    prompt: §Truth
    answer: true
    feedback: {correct: §Good, incorrect: §Bad}
  - id: word
    type: fill_in
    prompt: §Type
    answers: [§word]
  - id: number
    type: numeric
    prompt: §Count
    answer: 1500
  - id: pairs
    type: matching
    prompt: §Match
    pairs:
      - {source: §s1, target: §t1}
      - {source: §s2, target: §t2}
  - id: order
    type: sequencing
    prompt: §Order
    order: [§first, §second, §third]
""",
    "modules/m/check.quiz.yaml": """\
id: check
title: §Check
questions:
  - id: lone
    type: true_false
    prompt: §Alone
    answer: false
    points: 2
""",
    # Its own page: the learner helpers answer no cloze question; the test checks this one.
    "modules/m/fill.quiz.yaml": """\
id: fill
title: §Fill
questions:
  - id: gaps
    type: cloze
    prompt: §Blanks
    passage: §Before {{a}} §middle {{b}}.
    blanks:
      a: {answers: [§aa]}
      b: {choices: [§b1, §b2], answer: §b1}
""",
}
# Binary files, copied from the starter: path in the course → path in the starter.
PSEUDO_COPIES = {"modules/m/§talk.webm": "modules/basics/talk.webm"}


def write_pseudo_course(root: Path) -> Path:
    course = root / "pseudo"
    for name, text in PSEUDO_COURSE.items():
        path = course / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    with resources.as_file(resources.files("courseforge").joinpath("starter")) as starter:
        for name, original in PSEUDO_COPIES.items():
            shutil.copyfile(starter / original, course / name)
    return course


def build_web(course_dir: Path, out: Path) -> Path:
    """Build the web target; return the site folder."""
    result = build(course_dir, out, ["web"])
    return next(o.path for o in result.outputs if o.path.is_dir())


def starter_in(language: str, root: Path) -> Path:
    """Copy the starter course with its course.yaml set to `language`."""
    course = root / f"starter-{language}"
    with resources.as_file(resources.files("courseforge").joinpath("starter")) as starter:
        shutil.copytree(starter, course)
    course_yaml = course / "course.yaml"
    text = course_yaml.read_text(encoding="utf-8").replace(
        "\nlanguage: en\n", f"\nlanguage: {language}\n"
    )
    course_yaml.write_text(text, encoding="utf-8")
    return course
