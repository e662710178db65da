"""Fuzz: whatever an author types (raw text, YAML with anchors, aliases, tags, deep nesting and
odd numbers, valid files with junk inserted) the loader returns a course or located errors,
never a traceback; and whatever `validate` accepts, `build` builds for every target."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.loader.course_factory import COURSE_YAML, LESSON_MD, QUIZ_YAML, write_course

from courseforge.build import build
from courseforge.errors import BuildError, CourseError
from courseforge.loader import load_course
from courseforge.targets import TARGET_NAMES

SCALARS = st.one_of(
    st.sampled_from(
        [
            "x",
            "1",
            "-0.5",
            ".nan",
            ".inf",
            "-.Inf",
            "9" * 400,
            "1e400",
            "0x1F",
            "0o17",
            "2026-11-29",
            "~",
            "true",
            '"\\x00"',
            '"\\x1b"',
            '"\\uFFFE"',
            "single_choice",
            "numeric",
            "matching",
            "https://x.org",
            "''",
        ]
    ),
    st.text(max_size=12).map(json.dumps),  # any text, quoted: JSON strings are YAML strings
)
# Tags YAML's safe loader knows, ones it refuses, and a local one.
TAGS = st.sampled_from(
    [
        "!!str",
        "!!int",
        "!!float",
        "!!bool",
        "!!null",
        "!!binary",
        "!!timestamp",
        "!!set",
        "!!omap",
        "!!pairs",
        "!!map",
        "!!seq",
        "!!python/object:os.system",
        "!!python/name:os.system",
        "!custom",
        "!<tag:yaml.org,2002:str>",
    ]
)
KEYS = st.sampled_from(
    [
        "id",
        "title",
        "type",
        "prompt",
        "choices",
        "questions",
        "pairs",
        "order",
        "answer",
        "answers",
        "range",
        "min",
        "max",
        "points",
        "text",
        "correct",
        "feedback",
        "pages",
        "modules",
        "x",
        "<<",  # the merge key: merges an aliased mapping in
    ]
)


@st.composite
def yaml_nodes(draw, depth: int = 0, anchors: list[str] | None = None) -> str:
    """A flow-style YAML value that may carry tags, define anchors and use aliases (cycles too)."""
    anchors = anchors if anchors is not None else []
    choice = draw(st.integers(0, 5 if depth < 6 else 1))
    prefix = ""
    if draw(st.integers(0, 5)) == 0:
        prefix += draw(TAGS) + " "
    if draw(st.booleans()) and len(anchors) < 6:
        name = f"a{len(anchors)}"
        anchors.append(name)
        prefix += f"&{name} "
    if choice == 0:
        return prefix + draw(SCALARS)
    if choice == 1 and anchors:
        return f"*{draw(st.sampled_from(anchors))}"  # may point at an enclosing node: a cycle
    count = draw(st.integers(0, 4))
    items = [draw(yaml_nodes(depth + 1, anchors)) for _ in range(count)]
    if choice in (2, 3):
        return prefix + "[" + ", ".join(items) + "]"
    keys = draw(st.lists(KEYS, min_size=count, max_size=count))
    return prefix + "{" + ", ".join(f"{k}: {v}" for k, v in zip(keys, items, strict=True)) + "}"


def replaced_key(source: str, key: str, value: str) -> str:
    """A valid file with one top-level key's value replaced (or added) by a generated one."""
    kept = [line for line in source.splitlines() if not line.startswith(key + ":")]
    return "\n".join(kept) + f"\n{key}: {value}\n"


def with_junk(source: str, cut: int, junk: str) -> str:
    return source[: cut % (len(source) + 1)] + junk + source[cut % (len(source) + 1) :]


QUIZ_TEXTS = st.one_of(
    st.text(max_size=200),
    yaml_nodes(),  # a whole document: any shape at the top
    st.builds(
        replaced_key, st.just(QUIZ_YAML), st.sampled_from(["title", "questions", "x"]), yaml_nodes()
    ),
    st.builds(with_junk, st.just(QUIZ_YAML), st.integers(0, 10**4), st.text(max_size=12)),
)
LESSON_TEXTS = st.one_of(
    st.text(max_size=200),
    st.builds(lambda front, body: f"---\n{front}\n---\n{body}", yaml_nodes(), st.text(max_size=80)),
    st.builds(
        lambda key, value: (
            "---\n" + replaced_key("id: hello\ntitle: Hello", key, value) + "---\nText.\n"
        ),
        st.sampled_from(["id", "title", "x"]),
        yaml_nodes(),
    ),
    st.builds(with_junk, st.just(LESSON_MD), st.integers(0, 10**4), st.text(max_size=12)),
)
# A multiplying alias (10^7 nodes if expanded): must stop at the limit, whatever surrounds it.
ALIAS_BOMB = "b0: &b0 [1,1,1,1,1,1,1,1,1,1]\n" + "".join(
    f"b{i}: &b{i} [{', '.join([f'*b{i - 1}'] * 10)}]\n" for i in range(1, 7)
)


def _load(course_dir: Path):
    """Return the course, or None after checking every error is located and worded."""
    try:
        return load_course(course_dir)
    except CourseError as exc:
        assert exc.errors
        for error in exc.errors:
            assert error.location.path.endswith((".yaml", ".md"))
            assert error.location.line >= 1 and error.location.col >= 1
            assert error.message
        return None


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(quiz=QUIZ_TEXTS, lesson=LESSON_TEXTS, bomb=st.booleans())
def test_any_quiz_or_lesson_text_gives_a_course_or_located_errors(quiz, lesson, bomb):
    if bomb:
        quiz += "\n" + ALIAS_BOMB
    root = Path(tempfile.mkdtemp())
    try:
        course = _load(
            write_course(
                root, **{"modules/intro/check.quiz.yaml": quiz, "modules/intro/hello.md": lesson}
            )
        )
        assert course is None or course.id == "demo"
    finally:
        shutil.rmtree(root)


def test_the_generator_writes_anchors_aliases_and_tags():
    """The fuzz above can only find alias and tag bugs if it writes them (json.dumps never did)."""
    from hypothesis import find

    assert "*a0" in find(yaml_nodes(), lambda text: "*a0" in text and "&a0" in text)
    assert "!!python/object" in find(yaml_nodes(), lambda text: "!!python/object" in text)
    cycle = find(yaml_nodes(), lambda text: text.startswith("&a0 [") and "*a0" in text)
    assert cycle.startswith("&a0 [")


TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40
)
NUMBERS = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-(10**30), 10**30))


def _course_yaml(title: str, description: str, language: str, base: str, version: str) -> str:
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
