"""Courses and expectations shared by the question-bank target tests (moodle-xml, gift, qti21)."""

from __future__ import annotations

import json
import os
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

GOLDEN = Path(__file__).parent / "golden"


def every_type_course(root: Path) -> Path:
    """A small course of every question type, with an intro, images and feedback variants.

    Its banks are kept byte for byte in tests/targets/golden/ (see `check_golden`).
    """
    questions = [
        # The same image twice, then another: each file is embedded once.
        {
            "id": "tf",
            "type": "true_false",
            "prompt": "Is it? ![a](dot.png) ![b](dot.png) ![c](img/two.png)",
            "answer": True,
        },
        {
            "id": "tf-wrong-only",
            "type": "true_false",
            "prompt": "Is it not?",
            "answer": False,
            "feedback": {"incorrect": "No."},
        },
        {
            "id": "fill",
            "type": "fill_in",
            "prompt": "Name?",
            "answers": ["Ada", "a->b"],
            "feedback": {"correct": "Yes.", "incorrect": "No."},
        },
        {
            "id": "num",
            "type": "numeric",
            "prompt": "How many?",
            "range": {"min": 2, "max": 4},
            "feedback": {"incorrect": "No."},
        },
        {
            "id": "one",
            "type": "single_choice",
            "prompt": "Pick",
            "choices": [{"text": "a", "correct": True, "feedback": "Good."}, {"text": "b"}],
            "feedback": {"correct": "Yes.", "incorrect": "No."},
        },
        {
            "id": "many",
            "type": "multiple_response",
            "prompt": "Pick all",
            "choices": [
                {"text": "a", "correct": True},
                {"text": "b", "correct": True},
                {"text": "c"},
                {"text": "d"},
            ],
        },
        {
            "id": "pairs",
            "type": "matching",
            "prompt": "Match",
            "pairs": [{"source": "s1", "target": "t1"}, {"source": "s2", "target": "t2"}],
        },
        {"id": "order", "type": "sequencing", "prompt": "Order", "order": ["x", "y", "z"]},
        # 4 points over 2 blanks: 2 each (one in a paragraph's text, one after <em>). A '~' Moodle cannot hold; images that are missing.
        {
            "id": "gap",
            "type": "cloze",
            "prompt": "Fill ![pic](gone.png)",
            "points": 4,
            "passage": "A {{one}} B *em* {{two}} C ![dot](lost.png)",
            "blanks": {
                "one": {"answers": ["x~y"]},
                "two": {"choices": ["p", "q"], "answer": "q"},
            },
        },
    ]
    files = {"dot.png": PNG, "img/two.png": PNG + b"2"}
    return write_course(root, questions, quiz={"intro": "Read *this*."}, files=files)


def check_golden(name: str, data: bytes) -> None:
    """`data` is the golden file `name`; COURSEFORGE_UPDATE_GOLDEN=1 rewrites it instead."""
    path = GOLDEN / name
    if os.environ.get("COURSEFORGE_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    assert data == path.read_bytes(), f"{name} differs from its golden file"
