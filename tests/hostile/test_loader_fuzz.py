"""Fuzz: YAML with anchors, aliases, deep nesting and odd numbers never crashes the loader;
and whatever `validate` accepts, `build` builds for every target."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.loader.course_factory import COURSE_YAML, QUIZ_YAML, write_course

from courseforge.build import build
from courseforge.errors import BuildError, CourseError
from courseforge.loader import load_course
from courseforge.targets import TARGET_NAMES

SCALARS = st.sampled_from(
    [
        "x",
        "1",
        "-0.5",
        ".nan",
        ".inf",
        "-.Inf",
        "9" * 400,
        "1e400",
        "~",
        "true",
        '"\\x00"',
        '"\\x1b"',
        '"\\uFFFE"',
        "single_choice",
        "numeric",
        "''",
    ]
)


@st.composite
def yaml_with_aliases(draw, depth: int = 0, anchors: list[str] | None = None) -> str:
    """A flow-style YAML value that may define anchors and use aliases, including cycles."""
    anchors = anchors if anchors is not None else []
    choice = draw(st.integers(0, 5 if depth < 6 else 1))
    prefix = ""
    if draw(st.booleans()) and len(anchors) < 6:
        name = f"a{len(anchors)}"
        anchors.append(name)
        prefix = f"&{name} "
    if choice == 0:
        return prefix + draw(SCALARS)
    if choice == 1 and anchors:
        return f"*{draw(st.sampled_from(anchors))}"  # may point at an enclosing node: a cycle
    count = draw(st.integers(0, 4))
    items = [draw(yaml_with_aliases(depth + 1, anchors)) for _ in range(count)]
    if choice in (2, 3):
        return prefix + "[" + ", ".join(items) + "]"
    keys = draw(
        st.lists(
            st.sampled_from(
                [
                    "id",
                    "title",
                    "answer",
                    "range",
                    "min",
                    "max",
                    "questions",
                    "type",
                    "prompt",
                    "choices",
                    "text",
                ]
            ),
            min_size=count,
            max_size=count,
        )
    )
    return prefix + "{" + ", ".join(f"{k}: {v}" for k, v in zip(keys, items, strict=True)) + "}"


def mutated_quiz(value: str, where: int) -> str:
    lines = QUIZ_YAML.splitlines()
    key = ["title", "questions", "x"][where]
    return (
        "\n".join(line for line in lines if not line.startswith(key + ":")) + f"\n{key}: {value}\n"
    )


def _load(course_dir: Path):
    try:
        return load_course(course_dir)
    except CourseError as exc:
        assert exc.errors
        for error in exc.errors:
            assert error.location.line >= 1 and error.location.col >= 1
            assert error.message
        return None


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=yaml_with_aliases(), where=st.integers(0, 2), bomb=st.booleans())
def test_yaml_with_anchors_and_aliases_never_crashes_the_loader(value, where, bomb):
    quiz = mutated_quiz(value, where)
    if bomb:  # a multiplying alias on top: must stop at the limit, whatever surrounds it
        quiz += "b0: &b0 [1,1,1,1,1,1,1,1,1,1]\n" + "".join(
            f"b{i}: &b{i} [{', '.join([f'*b{i - 1}'] * 10)}]\n" for i in range(1, 7)
        )
    root = Path(tempfile.mkdtemp())
    try:
        _load(write_course(root, **{"modules/intro/check.quiz.yaml": quiz}))
    finally:
        shutil.rmtree(root)


TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40
)
NUMBERS = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-(10**30), 10**30))


def _course_yaml(title: str, description: str, language: str, base: str, version: str) -> str:
    import json

    lines = [
        line
        for line in COURSE_YAML.splitlines()
        if not line.startswith(("title:", "description:", "base_iri:", "targets:"))
    ]
    return "\n".join(
        [
            *lines,
            f"title: {json.dumps(title)}",
            f"description: {json.dumps(description)}",
            f"language: {json.dumps(language)}",
            f"base_iri: {json.dumps(base)}",
            f"version: {json.dumps(version)}",
            "targets: [" + ", ".join(TARGET_NAMES) + "]",
        ]
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=st.one_of(TEXT, st.text(min_size=195, max_size=205)),
    description=TEXT,
    language=st.sampled_from(
        [
            "en",
            "pt-BR",
            "zh-Hant-TW",
            "x-private",
            "i-klingon",
            "en-GB-oed",
            "sl-rozaj-biske",
            "de-CH-1996",
            "en-a-bbb-x-a-ccc",
            "1e",
            "en--US",
        ]
    ),
    base=st.sampled_from(
        [
            "https://example.org/c",
            "urn:x:y",
            "https://é.example/ü",
            "https://x.org/a b",
            "https://x.org/<a>",
            "http://x.org/%20",
        ]
    ),
    version=st.one_of(TEXT, st.sampled_from(["1.0", "1" * 25, "a\x00"])),
    answer=NUMBERS,
)
def test_whatever_validate_accepts_every_target_builds(
    title, description, language, base, version, answer
):
    quiz = QUIZ_YAML + (
        f"  - id: q2\n    type: numeric\n    prompt: N\n    answer: {answer!r}\n".replace(
            "answer: nan", "answer: .nan"
        )
        .replace("answer: inf", "answer: .inf")
        .replace("answer: -inf", "answer: -.inf")
    )
    root = Path(tempfile.mkdtemp())
    try:
        course_dir = write_course(
            root,
            **{
                "course.yaml": _course_yaml(title, description, language, base, version),
                "modules/intro/check.quiz.yaml": quiz,
            },
        )
        if _load(course_dir) is None:
            return
        try:
            build(course_dir, root / "dist", TARGET_NAMES)
        except BuildError as exc:  # validate said OK: build must not refuse
            raise AssertionError(f"validate accepted, build refused: {exc}") from None
        # The single-file question banks are named <id>-questions.<format>; the rest are zips.
        single_files = {"moodle-xml": "demo-questions.xml", "gift": "demo-questions.gift"}
        assert {p.name for p in (root / "dist").iterdir()} >= {
            single_files.get(name, f"demo-{name}.zip") for name in TARGET_NAMES
        }
    finally:
        shutil.rmtree(root)
