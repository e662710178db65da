"""Hostile course sources: each is one located error and exit 1, in bounded memory, nothing written.

Every case runs the real command in a child process (a traceback would show on stderr) and
checks the exact first error line, that `build` writes nothing, and for the bombs the child's
peak memory (ru_maxrss), as a generous multiple of a plain course's.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from tests.loader.course_factory import COURSE_YAML, LESSON_MD, MODULE_YAML, QUIZ_YAML, write_course

from courseforge.loader.limits import MAX_FILE_BYTES

ALIAS_BOMB = "id: check\ntitle: x\nlol: &a [x,x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"l{i}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 10)}]\n" for i in range(9)
)
NUMERIC = "  - id: q2\n    type: numeric\n    prompt: N\n    {field}\n"
QUIZ = "modules/intro/check.quiz.yaml"
LESSON = "modules/intro/hello.md"


def run(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess, int]:
    """Run courseforge in a child; return it and the child's peak memory in KiB."""
    code = (
        "import resource, sys\n"
        "from courseforge.cli import main\n"
        "try:\n    main(sys.argv[1:])\n"
        "finally:\n"
        "    sys.stderr.write(f'\\nPEAK {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,  # a hang guard only
    )
    peak = int(proc.stderr.rsplit("PEAK ", 1)[1])
    proc.stderr = proc.stderr.rsplit("\nPEAK", 1)[0]
    return proc, peak


@pytest.fixture(scope="module")
def baseline_peak(tmp_path_factory) -> int:
    root = tmp_path_factory.mktemp("plain")
    write_course(root)
    proc, peak = run(root, "validate", "course")
    assert proc.returncode == 0
    return peak


def _quiz_with(field: str) -> str:
    return QUIZ_YAML + NUMERIC.format(field=field)


CASES = {
    # name: (files, expected first error line)
    "alias bomb": (
        {QUIZ: ALIAS_BOMB},
        "course/modules/intro/check.quiz.yaml:3:12: YAML aliases (*name) expand to more than "
        "10,000 values; write the repeated values out, or repeat less",
    ),
    "recursive sequence alias": (
        {QUIZ: "id: check\nx: &a [*a]\n"},
        "course/modules/intro/check.quiz.yaml:2:4: recursive YAML alias: this value contains "
        "an alias (*name) of itself",
    ),
    "recursive mapping alias": (
        {"course.yaml": COURSE_YAML + "x: &a {k: *a}\n"},
        "course/course.yaml:8:4: recursive YAML alias: this value contains an alias (*name) "
        "of itself",
    ),
    "recursive alias in front matter": (
        {LESSON: "---\nid: hello\ntitle: &t [*t]\n---\nText\n"},
        "course/modules/intro/hello.md:3:8: recursive YAML alias: this value contains an "
        "alias (*name) of itself",
    ),
    "deep block nesting": (
        {QUIZ: "id: check\nx:\n" + "".join("  " * i + "- \n" for i in range(1, 40))},
        "course/modules/intro/check.quiz.yaml:35:67: expected at most 32 levels of nested lists "
        "and mappings, got more",
    ),
    "deep flow nesting": (
        {QUIZ: "id: check\nx: " + "[" * 200 + "]" * 200 + "\n"},
        "course/modules/intro/check.quiz.yaml:2:36: expected at most 32 levels of nested lists "
        "and mappings, got more",
    ),
    "nan answer": (
        {QUIZ: _quiz_with("answer: .nan")},
        "course/modules/intro/check.quiz.yaml:14:5: questions[1].answer: expected a finite "
        "number (JSON has no NaN or infinity), got nan",
    ),
    "infinite range": (
        {QUIZ: _quiz_with("range: {min: 0, max: .inf}")},
        "course/modules/intro/check.quiz.yaml:14:21: questions[1].range.max: expected a finite "
        "number (JSON has no NaN or infinity), got inf",
    ),
    "negative infinity": (
        {QUIZ: _quiz_with("range: {min: -.Inf, max: 0}")},
        "course/modules/intro/check.quiz.yaml:14:13: questions[1].range.min: expected a finite "
        "number (JSON has no NaN or infinity), got -inf",
    ),
    "5000-digit answer": (
        {QUIZ: _quiz_with("answer: " + "9" * 5000)},
        "course/modules/intro/check.quiz.yaml:14:5: questions[1].answer: expected a finite "
        "number (JSON has no NaN or infinity), got '9999999999999999999999999999999999999999999"
        "9999999999999...",
    ),
    "400-digit answer": (
        {QUIZ: _quiz_with("answer: 1" + "0" * 400)},
        "course/modules/intro/check.quiz.yaml:14:5: questions[1].answer: expected a number, "
        "got 100000000000000000000000000000000000000000000000000000000...",
    ),
    "overflowing float": (
        {QUIZ: _quiz_with("answer: 1e400")},
        "course/modules/intro/check.quiz.yaml:14:5: questions[1].answer: expected a finite "
        "number (JSON has no NaN or infinity), got '1e400'",
    ),
    "title over 200 characters": (
        {"course.yaml": COURSE_YAML.replace("Demo course", "T" * 201)},
        "course/course.yaml:2:1: title: expected at most 200 characters, got 201",
    ),
    "control character in title": (
        {"course.yaml": COURSE_YAML.replace("Demo course", '"Demo\\x1b]0;pwned\\x07"')},
        "course/course.yaml:2:1: title: expected text without control characters, got U+001B "
        "at character 5",
    ),
    "NUL in version": (
        {"course.yaml": COURSE_YAML + 'version: "1.0\\0"\n'},
        "course/course.yaml:8:1: version: expected text without control characters, got U+0000 "
        "at character 4",
    ),
    "U+FFFF in description": (
        {"course.yaml": COURSE_YAML.replace("A course for tests.", '"A \\uFFFF"')},
        "course/course.yaml:3:1: description: expected text without control characters, "
        "got U+FFFF at character 3",
    ),
    "control character in a choice": (
        {QUIZ: QUIZ_YAML.replace("{text: Wrong}", '{text: "Wr\\x0bong"}')},
        "course/modules/intro/check.quiz.yaml:10:10: questions[0].choices[1].text: expected "
        "text without control characters, got U+000B at character 3",
    ),
    "quotes and angle brackets in base_iri": (
        {"course.yaml": COURSE_YAML.replace("example.org/demo", 'example.org/"<x>"')},
        "course/course.yaml:4:1: base_iri: expected an IRI such as https://example.org/course, "
        "got 'https://example.org/\"<x>\"': an IRI holds no '\"' (character 21; nor spaces, "
        "quotes, <>, {}, |, \\, ^, `, and activity ids need it without ? or #)",
    ),
    "fragment in base_iri": (
        {"course.yaml": COURSE_YAML.replace("example.org/demo", "example.org/demo#x")},
        "course/course.yaml:4:1: base_iri: expected an IRI such as https://example.org/course, "
        "got 'https://example.org/demo#x': an IRI holds no '#' (character 25; nor spaces, "
        "quotes, <>, {}, |, \\, ^, `, and activity ids need it without ? or #)",
    ),
    "language that is not BCP 47": (
        {"course.yaml": COURSE_YAML + "language: en-toolongsubtag\n"},
        "course/course.yaml:8:1: language: expected a BCP 47 language tag such as en or pt-BR, "
        "got 'en-toolongsubtag'",
    ),
    "language with a repeated extension": (
        {"course.yaml": COURSE_YAML + "language: en-a-bbb-a-ccc\n"},
        "course/course.yaml:8:1: language: expected each extension once in a language tag, "
        "got 'en-a-bbb-a-ccc'",
    ),
    "lesson page by absolute path": (
        {"modules/intro/module.yaml": MODULE_YAML.replace("hello.md", "/etc/hostname.md")},
        "course/modules/intro/module.yaml:3:9: pages: file not found; expected "
        "/etc/hostname.md to exist",
    ),
    "deep Markdown quotes": (
        {LESSON: LESSON_MD + "\n" + ">" * 40 + " deep\n"},
        "course/modules/intro/hello.md:7:1: Markdown nested deeper than 32 levels (lists, "
        "quotes, emphasis inside one another); flatten it",
    ),
    "deep Markdown in a prompt": (
        {QUIZ: QUIZ_YAML.replace("prompt: Pick one", "prompt: '" + "- " * 40 + "x'")},
        "course/modules/intro/check.quiz.yaml:7:5: questions[0].prompt: Markdown nested deeper "
        "than 32 levels (lists, quotes, emphasis inside one another); flatten it",
    ),
    "file over the size limit": (
        {LESSON: LESSON_MD + "x" * MAX_FILE_BYTES},
        "course/modules/intro/hello.md:1:1: file is larger than the 1,048,576-byte limit for a "
        "course file; split it into several lessons or quizzes",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("command", ["validate", "build"])
def test_hostile_source_is_one_located_error(tmp_path, case, command, baseline_peak):
    files, expected = CASES[case]
    write_course(tmp_path, **files)
    proc, peak = run(tmp_path, command, "course")
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert lines[0] == expected
    assert lines[-1].endswith("found; nothing was built.")
    assert not (tmp_path / "dist").exists()
    assert peak < baseline_peak * 3, f"{case}: {peak} KiB vs {baseline_peak} KiB"


def _symlink_case(tmp_path: Path, kind: str) -> str:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(LESSON_MD.replace("Some text.", "SECRET"))
    (outside / "module.yaml").write_text(MODULE_YAML.replace("hello.md, ", ""))
    (outside / "check.quiz.yaml").write_text(QUIZ_YAML)
    course = write_course(tmp_path)
    intro = course / "modules/intro"
    if kind == "relative path out of the course":
        (intro / "module.yaml").write_text(
            MODULE_YAML.replace("hello.md", "../../../outside/secret.md")
        )
        return (
            "course/modules/intro/module.yaml:3:9: pages: expected a file inside the course folder"
        )
    if kind == "symlinked lesson":
        (intro / "hello.md").unlink()
        (intro / "hello.md").symlink_to(outside / "secret.md")
        return (
            "course/modules/intro/module.yaml:3:9: pages: expected a file inside the course folder"
        )
    if kind == "symlinked module folder":
        for path in intro.iterdir():
            path.unlink()
        intro.rmdir()
        intro.symlink_to(outside, target_is_directory=True)
        return "course/course.yaml:7:11: modules: expected a file inside the course folder"
    if kind == "symlinked course.yaml":
        (course / "course.yaml").rename(outside / "course.yaml")
        (course / "course.yaml").symlink_to(outside / "course.yaml")
        return "course/course.yaml: expected a file inside the course folder"
    if kind == "symlink loop":
        (intro / "hello.md").unlink()
        (intro / "hello.md").symlink_to(intro / "hello.md")
        return "course/modules/intro/module.yaml:3:9: pages: cannot read file: "
    if kind == "fifo as a lesson":
        (intro / "hello.md").unlink()
        os.mkfifo(intro / "hello.md")
        return "course/modules/intro/module.yaml:3:9: pages: expected a file, got"
    if kind == "symlinked asset":
        (outside / "pic.png").write_bytes(b"\x89PNG")
        (intro / "pic.png").symlink_to(outside / "pic.png")
        (intro / "hello.md").write_text(LESSON_MD + "\n![a picture](pic.png)\n")
        return "course/modules/intro/hello.md:7:1: image: expected a file inside the course folder"
    raise AssertionError(kind)


SYMLINK_CASES = [
    "relative path out of the course",
    "symlinked lesson",
    "symlinked module folder",
    "symlinked course.yaml",
    "symlink loop",
    "fifo as a lesson",
    "symlinked asset",
]


@pytest.mark.parametrize("kind", SYMLINK_CASES)
def test_every_file_read_stays_inside_the_course_folder(tmp_path, kind):
    expected_start = _symlink_case(tmp_path, kind)
    proc, _ = run(tmp_path, "build", "course")
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[0].startswith(expected_start), proc.stderr
    assert "SECRET" not in proc.stderr
    assert not (tmp_path / "dist").exists()


def test_the_size_limit_is_checked_before_reading(tmp_path, baseline_peak):
    """A 200 MB sparse lesson is refused from its size; the child never reads it."""
    course = write_course(tmp_path)
    with open(course / LESSON, "r+b") as handle:
        handle.truncate(200 * 1024 * 1024)
    proc, peak = run(tmp_path, "validate", "course")
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[0].startswith(
        "course/modules/intro/hello.md:1:1: file is larger"
    )
    assert peak < baseline_peak * 2


def test_memory_of_the_alias_bomb_is_bounded_in_process():
    import tracemalloc

    from courseforge.loader.yaml_source import YamlSyntaxError, load_yaml

    tracemalloc.start()
    with pytest.raises(YamlSyntaxError):
        load_yaml(ALIAS_BOMB, "bomb.yaml")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 20 * 1024 * 1024  # ~2 MB measured; the unbounded loader took 2 GB
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss > 0
