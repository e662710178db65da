"""The command line: exit codes, messages on stderr, nothing written on failure."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner
from tests.loader.course_factory import QUIZ_YAML, write_course

from courseforge import __version__
from courseforge.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert __version__ in result.output


def test_every_command_has_help():
    for command in main.commands:
        result = run(command, "--help")
        assert result.exit_code == 0, command
        assert "Usage:" in result.output


def test_validate_reports_ok(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_course(tmp_path)
    result = run("validate", "course")
    assert result.exit_code == 0
    assert result.stdout == "course: OK — 1 module, 2 pages, 1 question\n"


def test_bad_course_exits_1_with_every_error_and_no_traceback(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    quiz = QUIZ_YAML.replace("graded: true", "graded: true\npass_mark: 9\nshufle: true")
    write_course(tmp_path, **{"modules/intro/check.quiz.yaml": quiz})
    # A real process, so a traceback would show on stderr.
    proc = subprocess.run(
        [sys.executable, "-m", "courseforge", "validate", "course"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.splitlines() == [
        "course/modules/intro/check.quiz.yaml:5:1: shufle: unknown key (did you mean 'shuffle'?); "
        "expected one of attempts, graded, id, intro, pass_mark, questions, shuffle, "
        "shuffle_choices, title, got 'shufle'",
        "1 error found; nothing was built.",
    ]
    assert "Traceback" not in proc.stderr


def test_failed_build_leaves_dist_as_it_was(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_course(tmp_path)
    assert run("build", "course", "--target", "web").exit_code == 0
    before = {p: p.read_bytes() for p in (tmp_path / "dist").rglob("*") if p.is_file()}
    assert before
    (tmp_path / "course/modules/intro/hello.md").write_text("---\nid: hello\n---\n")
    result = run("build", "course", "--target", "web")
    assert result.exit_code == 1
    after = {p: p.read_bytes() for p in (tmp_path / "dist").rglob("*") if p.is_file()}
    assert after == before


def test_unknown_target_option(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_course(tmp_path)
    result = run("build", "course", "--target", "scorm3")
    assert result.exit_code == 1
    assert (
        "--target: unknown target; expected one of cmi5, gift, moodle-xml, qti21, scorm12, "
        "scorm2004, web, xapi, got 'scorm3'" in result.stderr
    )
    assert not (tmp_path / "dist").exists()


def test_new_course_validates_and_builds(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("new", "starter").exit_code == 0
    assert run("validate", "starter").exit_code == 0
    result = run("build", "starter", "--out", "out")
    assert result.exit_code == 0, result.stderr
    from courseforge.loader import load_course

    types = {q.type for quiz in load_course("starter").quizzes() for q in quiz.questions}
    assert types == {
        "single_choice",
        "multiple_response",
        "true_false",
        "fill_in",
        "numeric",
        "matching",
        "sequencing",
        "cloze",
    }


def test_new_refuses_a_folder_with_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    result = run("new", "taken")
    assert result.exit_code == 1
    assert (tmp_path / "taken" / "notes.txt").read_text() == "mine"


def test_build_prints_a_summary_table_on_stdout(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_course(tmp_path)
    result = run("build", "course", "--target", "web")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["target", "file", "size", "time"]
    assert [line.split()[:2] for line in lines[1:3]] == [
        ["web", "dist/demo-web"],
        ["web", "dist/demo-web.zip"],
    ]
    assert lines[3].startswith("2 outputs in ")


def test_quiet_build_prints_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_course(tmp_path)
    result = run("build", "course", "--target", "web", "--quiet")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert (tmp_path / "dist/demo-web.zip").is_file()


def test_strict_turns_warnings_into_a_failed_build(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    quiz = QUIZ_YAML.replace("graded: true", "graded: true\npass_mark: 0")
    write_course(tmp_path, **{"modules/intro/check.quiz.yaml": quiz})
    warning = (
        "course/modules/intro/check.quiz.yaml: pass_mark: passing this graded quiz takes 0 of 1 "
        "points, but the course mastery_score (80%) takes 1"
    )
    relaxed = run("build", "course", "--target", "web", "--out", "relaxed")
    assert relaxed.exit_code == 0
    assert f"warning: {warning}" in relaxed.stderr
    assert "1 warning" in relaxed.stdout
    strict = run("build", "course", "--target", "web", "--strict")
    assert strict.exit_code == 1
    assert f"error: {warning}" in strict.stderr
    assert not (tmp_path / "dist").exists()


def test_remote_image_is_a_warning(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    lesson = (
        "---\nid: hello\ntitle: Hello\n---\nText\n\n![Logo](https://cdn.example.org/logo.png)\n"
    )
    write_course(tmp_path, **{"modules/intro/hello.md": lesson})
    result = run("build", "course", "--target", "web")
    assert result.exit_code == 0
    assert (
        "warning: course/modules/intro/hello.md:7:1: image: image loads from another site "
        "('https://cdn.example.org/logo.png'); it is missing offline and may be blocked inside "
        "an LMS: put the file next to the lesson"
    ) in result.stderr


def test_the_course_is_found_where_mkdocs_would_look(tmp_path, monkeypatch):
    # `courseforge new DIR && cd DIR && courseforge build` works: the folder holds course.yaml.
    monkeypatch.chdir(tmp_path)
    assert run("new", "mine").exit_code == 0
    monkeypatch.chdir(tmp_path / "mine")
    built = run("build", "--quiet")
    assert built.exit_code == 0, built.output
    assert (tmp_path / "mine" / "dist" / "my-course-scorm12.zip").is_file()
    # Else ./course, as before.
    (tmp_path / "repo").mkdir()
    (tmp_path / "mine").rename(tmp_path / "repo" / "course")
    monkeypatch.chdir(tmp_path / "repo")
    assert run("validate").output.startswith("course: OK")


def test_no_course_here_says_where_it_looked_and_what_to_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for command in ("validate", "build", "preview", "report"):
        result = CliRunner().invoke(main, [command])
        assert result.exit_code == 2, command
        assert "neither ./course.yaml nor ./course/course.yaml exists" in result.output
        assert "courseforge new DIR" in result.output
        assert "Traceback" not in result.output
