"""Write a synthetic course of any size, byte-identical for the same seed.

A course of N modules × M lessons, one quiz per module sharing K questions of all seven types,
realistic Markdown (headings, lists, emphasis, code, a table, links between lessons) and one
small PNG and one SVG per module. Every generated course passes `courseforge validate`.

    python benchmarks/synthetic_course.py OUT --modules 50 --lessons-per-module 20 --questions 500
"""

from __future__ import annotations

import argparse
import random
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from courseforge.model.questions import QUESTION_TYPES

# The baseline revision a benchmark compares with predates cloze: keep the workload comparable.
SYNTHETIC_TYPES = tuple(kind for kind in QUESTION_TYPES if kind != "cloze")


def _vocabulary(text: str) -> tuple[str, ...]:
    """Return the distinct words of `text`, in order (samples of them must be distinct)."""
    return tuple(dict.fromkeys(text.split()))


# Technical vocabulary; sentences are drawn from it so pages read like (dull) course text.
WORDS = _vocabulary(
    """
model pipeline dataset feature latency throughput inference training evaluation metric
container cluster scheduler queue cache replica shard index schema migration contract
service gateway endpoint request response token budget quota policy audit trace span log
alert dashboard incident review rollout canary rollback release artifact registry image
vector embedding retrieval prompt context window batch stream window checkpoint gradient
optimizer regularization drift monitoring governance lineage provenance reproducibility
architecture boundary interface adapter module package dependency version build test
deployment environment staging production capacity budget forecast cost reliability
availability durability consistency partition replication failover recovery backup security
identity secret encryption permission role tenant isolation compliance risk
"""
)
VERBS = _vocabulary(
    """
designs measures deploys reviews tunes monitors scales documents validates compares isolates
caches replicates schedules traces secures versions migrates profiles audits
"""
)
ADJECTIVES = _vocabulary(
    """
reliable scalable observable reproducible secure efficient resilient portable modular
consistent durable cheap fast simple explicit stable predictable auditable
"""
)
LANGUAGES = ("python", "yaml", "bash")


@dataclass(frozen=True)
class CourseShape:
    """How big a synthetic course is."""

    modules: int
    lessons_per_module: int
    questions: int
    seed: int = 7

    @property
    def lessons(self) -> int:
        return self.modules * self.lessons_per_module

    @property
    def course_id(self) -> str:
        return f"synthetic-{self.lessons}-lessons"


class _Writer:
    """Deterministic text from one seeded generator."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def words(self, n: int) -> list[str]:
        return [self.rng.choice(WORDS) for _ in range(n)]

    def sentence(self, low: int = 8, high: int = 18) -> str:
        words = self.words(self.rng.randint(low, high))
        # Sprinkle inline Markdown: emphasis, strong and code spans.
        i = self.rng.randrange(1, len(words))  # never the first word, which is capitalised
        style = self.rng.randrange(4)
        if style == 0:
            words[i] = f"*{words[i]}*"
        elif style == 1:
            words[i] = f"**{words[i]}**"
        elif style == 2:
            words[i] = f"`{words[i]}_{self.rng.randint(1, 99)}`"
        words.insert(1, self.rng.choice(VERBS))
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, sentences: int = 4) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def title(self, n: int = 4) -> str:
        text = " ".join(self.words(n))
        return text[0].upper() + text[1:]

    def distinct(self, pool: Sequence[str], n: int) -> list[str]:
        return self.rng.sample(pool, n)


def _lesson_id(module: int, lesson: int) -> str:
    return f"m{module:03d}-lesson-{lesson:03d}"


def _module_id(module: int) -> str:
    return f"module-{module:03d}"


def _lesson_file(lesson: int) -> str:
    return f"lesson-{lesson:03d}.md"


def tiny_png(seed: int, size: int = 24) -> bytes:
    """Return a small, valid RGB PNG with a pattern derived from `seed`."""
    rng = random.Random(seed)
    base = [rng.randrange(256) for _ in range(3)]
    rows = []
    for y in range(size):
        row = bytearray([0])  # filter: none
        for x in range(size):
            shade = ((x // 4 + y // 4) % 2) * 64
            row += bytes((c + shade) % 256 for c in base)
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def tiny_svg(seed: int, label: str) -> bytes:
    """Return a small SVG diagram: three boxes joined by arrows."""
    rng = random.Random(seed)
    fill = f"#{rng.randrange(0x1000000):06x}"
    boxes = "".join(
        f'<rect x="{10 + i * 70}" y="20" width="50" height="30" rx="4" fill="{fill}"/>'
        f'<text x="{35 + i * 70}" y="40" font-size="9" text-anchor="middle">{label} {i + 1}</text>'
        for i in range(3)
    )
    arrows = "".join(
        f'<path d="M{60 + i * 70} 35h20" stroke="#333" marker-end="url(#a)"/>' for i in range(2)
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 220 70" width="220" height="70">'
        '<defs><marker id="a" markerWidth="6" markerHeight="6" refX="5" refY="3" orient="auto">'
        '<path d="M0 0L6 3L0 6z"/></marker></defs>'
        f"{boxes}{arrows}</svg>\n"
    ).encode()


def _lesson_markdown(w: _Writer, shape: CourseShape, module: int, lesson: int) -> str:
    """Return one lesson file (about 3–4 KB, like a real reading page)."""
    lesson_id = _lesson_id(module, lesson)
    title = w.title()
    parts = [f"---\nid: {lesson_id}\ntitle: {title}\n---\n", w.paragraph(3), ""]
    parts += [f"## {w.title(3)}", "", w.paragraph(4), ""]
    parts += [f"- {w.sentence(4, 9)}" for _ in range(w.rng.randint(3, 5))]
    parts += ["", f"### {w.title(2)}", "", w.paragraph(3), ""]
    parts += [f"{n}. {w.sentence(4, 9)}" for n in range(1, w.rng.randint(3, 5) + 1)]
    parts += ["", "| Concern | Choice | Why |", "|---|---|---|"]
    for _ in range(3):
        a, b = w.words(2)
        parts.append(f"| {a} | `{b}` | {w.sentence(4, 7)} |")
    parts.append("")
    if lesson == 1:
        parts += [f"![Diagram of the {w.title(2).lower()} flow](diagram.svg)", ""]
    if lesson == 2 or shape.lessons_per_module == 1:
        parts += [f"![Screenshot of the {w.title(2).lower()} panel](screenshot.png)", ""]
    language = w.rng.choice(LANGUAGES)
    code = {
        "python": f"def {w.rng.choice(WORDS)}(batch):\n    return [item for item in batch if item]",
        "yaml": f"{w.rng.choice(WORDS)}:\n  replicas: {w.rng.randint(1, 9)}\n  cache: true",
        "bash": f"courseforge build course --target {w.rng.choice(('web', 'scorm12'))}",
    }[language]
    parts += [f"```{language}", code, "```", "", f"## {w.title(3)}", "", w.paragraph(5), ""]
    # Links: the previous and next lesson (across modules), and an external reference.
    links = []
    if lesson > 1:
        links.append(f"[the previous lesson]({_lesson_file(lesson - 1)})")
    elif module > 1:
        prev = f"../{_module_id(module - 1)}/{_lesson_file(shape.lessons_per_module)}"
        links.append(f"[the previous module]({prev})")
    if lesson < shape.lessons_per_module:
        links.append(f"[the next lesson]({_lesson_file(lesson + 1)})")
    elif module < shape.modules:
        links.append(f"[the next module](../{_module_id(module + 1)}/{_lesson_file(1)})")
    links.append(f"[the reference](https://example.org/docs/{w.rng.choice(WORDS)})")
    parts += [f"See {', '.join(links)}.", ""]
    return "\n".join(parts)


def _question(w: _Writer, number: int, kind: str) -> dict:
    """Return one question of `kind` as authored YAML data."""
    qid = f"q-{number:04d}"
    prompt = w.sentence(6, 12).rstrip(".") + "?"
    question: dict = {"id": qid, "type": kind, "prompt": prompt}
    if kind in ("single_choice", "multiple_response"):
        count = w.rng.randint(3, 5)
        correct = {0} if kind == "single_choice" else {0, 1 + w.rng.randrange(count - 1)}
        choices = []
        for i in range(count):
            choice: dict = {"text": w.sentence(4, 8)}
            if i in correct:
                choice["correct"] = True
            if w.rng.random() < 0.3:
                choice["feedback"] = w.sentence(5, 10)
            choices.append(choice)
        w.rng.shuffle(choices)
        question["choices"] = choices
    elif kind == "true_false":
        question["answer"] = w.rng.random() < 0.5
    elif kind == "fill_in":
        question["prompt"] = (
            f"The lesson names the ____ that {w.rng.choice(VERBS)} the {w.words(1)[0]}."
        )
        question["answers"] = w.distinct(WORDS, 2)
    elif kind == "numeric":
        if w.rng.random() < 0.5:
            question["answer"] = w.rng.randint(1, 50)
        else:
            low = w.rng.randint(1, 40)
            question["range"] = {"min": low, "max": low + w.rng.randint(1, 9)}
    elif kind == "matching":
        sources = w.distinct(WORDS, w.rng.randint(3, 5))
        targets = w.distinct(ADJECTIVES, len(sources))
        question["pairs"] = [
            {"source": s.capitalize(), "target": t} for s, t in zip(sources, targets, strict=True)
        ]
    elif kind == "sequencing":
        question["order"] = [
            f"{v.capitalize()} the {n}"
            for v, n in zip(w.distinct(VERBS, 4), w.distinct(WORDS, 4), strict=True)
        ]
    else:
        raise ValueError(f"no generator for question type {kind!r}")
    if w.rng.random() < 0.5:
        question["points"] = w.rng.randint(1, 3)
    if w.rng.random() < 0.6:
        question["feedback"] = {"correct": w.sentence(4, 8), "incorrect": w.sentence(6, 12)}
    return question


def _dump(data: dict, schema: str) -> str:
    header = f"# yaml-language-server: $schema={schema}\n"
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def generate(dest: Path | str, shape: CourseShape) -> Path:
    """Write the course for `shape` into `dest` (which must not exist or be empty)."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    if any(dest.iterdir()):
        raise FileExistsError(f"{dest} is not empty")
    w = _Writer(shape.seed)
    per_module, extra = divmod(shape.questions, shape.modules)
    number = 0
    for module in range(1, shape.modules + 1):
        folder = dest / "modules" / _module_id(module)
        folder.mkdir(parents=True)
        pages = []
        for lesson in range(1, shape.lessons_per_module + 1):
            (folder / _lesson_file(lesson)).write_text(
                _lesson_markdown(w, shape, module, lesson), encoding="utf-8"
            )
            pages.append(_lesson_file(lesson))
        (folder / "diagram.svg").write_bytes(tiny_svg(shape.seed * 1000 + module, "step"))
        (folder / "screenshot.png").write_bytes(tiny_png(shape.seed * 1000 + module))
        count = per_module + (1 if module <= extra else 0)
        if count:
            questions = []
            for _ in range(count):
                questions.append(
                    _question(w, number, SYNTHETIC_TYPES[number % len(SYNTHETIC_TYPES)])
                )
                number += 1
            quiz_id = f"m{module:03d}-check"
            quiz = {
                "id": quiz_id,
                "title": f"Check: {w.title(3).lower()}",
                # Every fifth quiz and the last one count towards the course score.
                "graded": module % 5 == 0 or module == shape.modules,
                "attempts": w.rng.choice((0, 2, 3)),
                "shuffle": w.rng.random() < 0.5,
                "shuffle_choices": w.rng.random() < 0.5,
                "questions": questions,
            }
            (folder / "check.quiz.yaml").write_text(
                _dump(quiz, "../../../schemas/quiz.schema.json"), encoding="utf-8"
            )
            pages.append("check.quiz.yaml")
        module_data = {"id": _module_id(module), "title": w.title(3), "pages": pages}
        (folder / "module.yaml").write_text(
            _dump(module_data, "../../../schemas/module.schema.json"), encoding="utf-8"
        )
    course = {
        "id": shape.course_id,
        "title": f"Synthetic course, {shape.lessons} lessons",
        "language": "en",
        "version": "1.0.0",
        "description": w.paragraph(2),
        "audience": w.sentence(),
        "objectives": [w.sentence(6, 10) for _ in range(3)],
        "completion": "all_lessons_and_pass" if shape.questions else "all_lessons",
        "mastery_score": 80,
        "targets": ["web", "scorm12", "scorm2004", "xapi", "cmi5"],
        "base_iri": f"https://courses.example.org/{shape.course_id}",
        "modules": [_module_id(m) for m in range(1, shape.modules + 1)],
    }
    (dest / "course.yaml").write_text(
        _dump(course, "../schemas/course.schema.json"), encoding="utf-8"
    )
    return dest


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to create (must be empty)")
    parser.add_argument("--modules", type=int, default=10)
    parser.add_argument("--lessons-per-module", type=int, default=10)
    parser.add_argument("--questions", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    shape = CourseShape(args.modules, args.lessons_per_module, args.questions, args.seed)
    generate(args.out, shape)
    print(f"{args.out}: {shape.lessons} lessons, {shape.questions} questions")


if __name__ == "__main__":
    main()
