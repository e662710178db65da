"""A course whose author text tries every way in: script tags, event handlers, javascript: URLs."""

from __future__ import annotations

from pathlib import Path

from tests.loader.course_factory import write_course

HOSTILE_LESSON = """\
---
id: hello
title: Hello
---
Plain text first.

<script>window.pwned = "script"</script>

<img src="/" onerror="window.pwned = 'onerror'" alt="broken">

[markdown link](javascript:window.pwned='markdown-link')

<a href="javascript:window.pwned='html-link'">html link</a>
<a href="#" onclick="window.pwned='onclick'">onclick link</a>
<a href="JaVaScRiPt&colon;window.pwned='entity-link'">entity link</a>

<svg onload="window.pwned='svg'"><circle r="5"></circle></svg>

<iframe src="javascript:window.pwned='iframe'"></iframe>

<div style="background: url(javascript:window.pwned='style')" onmouseover="window.pwned='hover'">hover me</div>

<form action="javascript:window.pwned='form'"><button>send</button></form>
"""

HOSTILE_QUIZ = """\
id: check
title: Check
graded: true
intro: "<script>window.pwned = 'intro'</script>Read first."
questions:
  - id: q1
    type: single_choice
    prompt: "Pick one <img src='/' onerror=\\"window.pwned='prompt'\\">"
    choices:
      - text: "Right <script>window.pwned='choice'</script>"
        correct: true
        feedback: "[see](javascript:window.pwned='choice-feedback') <b onclick=\\"window.pwned='b'\\">bold</b>"
      - {text: Wrong}
    feedback:
      correct: "<a href=\\"javascript:window.pwned='feedback'\\">feedback link</a>"
"""

HOSTILE_COURSE_YAML = """\
id: demo
title: "Demo </script><script>window.pwned = 'title'</script>"
description: "<img src=/ onerror=\\"window.pwned='description'\\">"
base_iri: https://example.org/demo
targets: [web]
completion: all_lessons_and_pass
modules: [intro]
"""


def write_hostile_course(root: Path) -> Path:
    return write_course(
        root,
        **{
            "course.yaml": HOSTILE_COURSE_YAML,
            "modules/intro/hello.md": HOSTILE_LESSON,
            "modules/intro/check.quiz.yaml": HOSTILE_QUIZ,
        },
    )
