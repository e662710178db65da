"""Courses and expectations shared by the question-bank target tests (moodle-xml, gift, qti21)."""

from __future__ import annotations

import json
from pathlib import Path

from courseforge.render.markdown_html import plain_text, render_block, render_inline

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "course"
STARTER = REPO / "src" / "courseforge" / "starter"
COURSES = {"seed": SEED, "starter": STARTER}

# Every character GIFT reserves, a backslash, a newline, markup that must stay inert, CDATA's
# end, GIFT's matching arrow and weight syntax, and a format prefix.
NASTY = 'a ~ b = c # d { e } f : g \\ h\n\nnext <script>alert("x")</script> ]]> %50% [html] q'
NASTY_PLAIN = "t ~ u = v # w { x } y : z \\ end ]]> %25%"


def block_html(markdown: str) -> str:
    """What every format must carry for a block text: the learner pages' sanitized HTML."""
    return render_block(markdown).strip()


def inline_html(markdown: str) -> str:
    return render_inline(markdown.strip())


def plain(markdown: str) -> str:
    return plain_text(markdown)


def hostile_questions() -> list[dict]:
    """All seven types, every text field holding NASTY (or NASTY_PLAIN where text is plain)."""
    feedback = {"correct": "right " + NASTY, "incorrect": "wrong " + NASTY}
    return [
        {
            "id": "nasty-single",
            "type": "single_choice",
            "prompt": NASTY,
            "points": 3,
            "feedback": feedback,
            "choices": [
                {"text": "one " + NASTY_PLAIN, "correct": True, "feedback": "fb1 " + NASTY},
                {"text": "two " + NASTY_PLAIN, "feedback": "fb2 " + NASTY},
            ],
        },
        {
            "id": "nasty-multi",
            "type": "multiple_response",
            "prompt": NASTY,
            "feedback": feedback,
            "choices": [
                {"text": "one " + NASTY_PLAIN, "correct": True},
                {"text": "two " + NASTY_PLAIN, "correct": True, "feedback": "fb2 " + NASTY},
                {"text": "three " + NASTY_PLAIN, "correct": True},
                {"text": "four " + NASTY_PLAIN, "feedback": "fb4 " + NASTY},
                {"text": "five " + NASTY_PLAIN},  # two wrong: the quiz lint stays quiet
            ],
        },
        {
            "id": "nasty-tf",
            "type": "true_false",
            "prompt": NASTY,
            "answer": False,
            "feedback": feedback,
        },
        {
            "id": "nasty-fill",
            "type": "fill_in",
            "prompt": NASTY,
            "answers": [NASTY_PLAIN, "star * literal", "plain"],
            "feedback": feedback,
        },
        {
            "id": "nasty-number",
            "type": "numeric",
            "prompt": NASTY,
            "range": {"min": -2.5, "max": 0.1},
            "feedback": feedback,
        },
        {
            "id": "nasty-match",
            "type": "matching",
            "prompt": NASTY,
            "feedback": feedback,
            "pairs": [
                {"source": "s1 " + NASTY_PLAIN, "target": "t1 " + NASTY_PLAIN},
                {"source": "s2 " + NASTY_PLAIN, "target": "t2 " + NASTY_PLAIN},
                {"source": "s3 " + NASTY_PLAIN, "target": "t1 " + NASTY_PLAIN},
            ],
        },
        {
            "id": "nasty-order",
            "type": "sequencing",
            "prompt": NASTY,
            "order": [
                "first " + NASTY_PLAIN,
                "// second " + NASTY_PLAIN,
                "0",
                "C:\\new\\\\share \\: \\# \\{",  # GIFT escapes, which the ordering reader keeps
            ],
            "feedback": feedback,
        },
    ]


def write_course(
    root: Path,
    questions: list[dict],
    *,
    files: dict[str, bytes] | None = None,
    quiz: dict | None = None,
    title: str = "Nasty / course: {x}",
) -> Path:
    """Write a one-quiz course; JSON is YAML, so every string goes in exactly as given."""
    module = root / "modules" / "m"
    module.mkdir(parents=True)
    (root / "course.yaml").write_text(
        json.dumps(
            {
                "id": "nasty",
                "title": title,
                "description": "A course of hostile questions.",
                "base_iri": "https://example.org/nasty",
                "modules": ["m"],
            }
        ),
        encoding="utf-8",
    )
    (module / "module.yaml").write_text(
        json.dumps({"id": "m", "title": "M", "pages": ["intro.md", "check.quiz.yaml"]}),
        encoding="utf-8",
    )
    (module / "intro.md").write_text("---\nid: intro\ntitle: Intro\n---\nHello.\n", "utf-8")
    body = {"id": "check", "title": "Check / quiz: {1}", "graded": True, "questions": questions}
    body.update(quiz or {})
    (module / "check.quiz.yaml").write_text(json.dumps(body, indent=1), encoding="utf-8")
    for name, data in (files or {}).items():
        (module / name).parent.mkdir(parents=True, exist_ok=True)
        (module / name).write_bytes(data)
    return root


# A 1x1 PNG, enough for an image a question shows.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
