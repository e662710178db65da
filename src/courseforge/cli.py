"""The `courseforge` command line. Messages go to stderr, results to stdout.

Exit codes: 0 success; 1 the course or package has problems (all reported); 2 usage error.
"""

from __future__ import annotations

import shutil
import sys
from importlib import resources
from pathlib import Path

import click

from courseforge import __version__
from courseforge.errors import BuildError, CourseError, display_path
from courseforge.targets import TARGET_NAMES

EXIT_PROBLEMS = 1
# Kept here (not imported) so `--help` does not load lxml; tests check it matches the engine's.
PACKAGE_EXPECTATIONS = ("lms", "scorm12", "scorm2004", "cmi5", "tincan", "xapi", "web")
PREVIEW_STANDARDS = ("web", "scorm12", "scorm2004", "cmi5", "xapi")


def _fail(lines: list[str], summary: str) -> None:
    for line in lines:
        click.echo(line, err=True)
    click.secho(summary, err=True, fg="red")
    sys.exit(EXIT_PROBLEMS)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _report_course_error(exc: CourseError) -> None:
    _fail(
        [str(e) for e in exc.errors],
        f"{_count(len(exc.errors), 'error')} found; nothing was built.",
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="courseforge")
def main() -> None:
    """Compile a course kept as Markdown and YAML into SCORM, xAPI and cmi5 packages."""


@main.command()
@click.argument("course_dir", default="course", type=click.Path(path_type=Path))
@click.option(
    "--expect",
    type=click.Choice(PACKAGE_EXPECTATIONS),
    default="lms",
    show_default=True,
    help="For a .zip: the package kind it must be (lms = any LMS package; web = a plain site).",
)
@click.option("--strict", is_flag=True, help="For a course: treat warnings as errors (exit 1).")
def validate(course_dir: Path, expect: str, strict: bool) -> None:
    """Check a course folder and report every problem with its file and line.

    Given a .zip instead, check the package with the same engine as `inspect` and print only
    the verdict and the problems (exit 1 when there are any).
    """
    if _is_package(course_dir):
        _validate_package(course_dir, expect)
        return
    from courseforge.loader import load_course

    try:
        course = load_course(course_dir)
    except CourseError as exc:
        _report_course_error(exc)
        return
    from courseforge.loader.course_checks import course_warnings

    warnings = [str(w) for w in course_warnings(course)]
    for warning in warnings:
        click.secho(f"warning: {warning}", err=True, fg="yellow")
    if strict and warnings:
        _fail([], f"{_count(len(warnings), 'warning')} found; --strict makes them errors.")
    pages = course.pages()
    questions = sum(len(q.questions) for q in course.quizzes())
    noted = f", {_count(len(warnings), 'warning')}" if warnings else ""
    click.echo(
        f"{display_path(course_dir)}: OK — {_count(len(course.modules), 'module')}, "
        f"{_count(len(pages), 'page')}, {_count(questions, 'question')}{noted}"
    )


@main.command()
@click.argument("course_dir", default="course", type=click.Path(path_type=Path))
@click.option(
    "--target",
    "-t",
    "targets",
    multiple=True,
    metavar="NAME",
    help=f"Build only this target (repeatable): {', '.join(TARGET_NAMES)}. "
    "Default: the course's `targets`.",
)
@click.option(
    "--out",
    "out_dir",
    default="dist",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the packages into.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (nothing is written).")
def build(
    course_dir: Path, targets: tuple[str, ...], out_dir: Path, quiet: bool, strict: bool
) -> None:
    """Build the course's packages into dist/ (nothing is written if anything fails).

    Prints a summary table (target, file, size, time) on stdout; progress, warnings and errors
    go to stderr. Exit codes: 0 built, 1 course errors or a failed build, 2 usage error.
    """
    from courseforge.build import build as run_build

    progress = BuildProgress(enabled=not quiet and sys.stderr.isatty())
    try:
        result = run_build(course_dir, out_dir, targets, progress=progress.step, strict=strict)
    except CourseError as exc:
        progress.clear()
        _report_course_error(exc)
        return
    except BuildError as exc:
        progress.clear()
        _fail(
            [f"error: {line}" for line in str(exc).splitlines()],
            "Build failed; nothing was written.",
        )
        return
    except OSError as exc:  # a file of the course that could not be read, past the loader
        progress.clear()
        where = display_path(Path(exc.filename)) if exc.filename else display_path(course_dir)
        _fail([f"error: {where}: {exc.strerror or exc}"], "Build failed; nothing was written.")
        return
    except KeyboardInterrupt:
        progress.clear()
        click.echo(f"Interrupted; {display_path(out_dir)} holds one complete build.", err=True)
        sys.exit(130)
    progress.clear()
    if quiet:
        return
    for warning in result.warnings:
        click.secho(f"warning: {warning}", err=True, fg="yellow")
    click.echo(summary_table(result))


class BuildProgress:
    """One self-erasing status line on a terminal, so long builds show they are moving."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.width = 0

    def step(self, message: str) -> None:
        if self.enabled:
            line = f"courseforge: {message}…"
            click.echo("\r" + line.ljust(self.width), err=True, nl=False)
            self.width = len(line)

    def clear(self) -> None:
        if self.enabled and self.width:
            click.echo("\r" + " " * self.width + "\r", err=True, nl=False)


def summary_table(result) -> str:
    """Return the build summary: one row per product, then the total."""
    rows = [("target", "file", "size", "time")]
    for built in result.outputs:
        rows.append(
            (built.target, display_path(built.path), _size(built.size), f"{built.seconds:.2f} s")
        )
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:>{widths[2]}}  {r[3]:>{widths[3]}}"
        for r in rows
    ]
    total = f"{_count(len(result.outputs), 'output')} in {result.seconds:.2f} s"
    if result.warnings:
        total += f", {_count(len(result.warnings), 'warning')}"
    return "\n".join([*lines, total])


def _size(size: int) -> str:
    return f"{size / 1024:.1f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.2f} MB"


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def new(directory: Path) -> None:
    """Create a small course in DIRECTORY that shows every question type."""
    if directory.exists() and any(directory.iterdir()):
        _fail([f"{directory}: folder exists and is not empty"], "Nothing was created.")
    starter = resources.files("courseforge").joinpath("starter")
    with resources.as_file(starter) as starter_path:
        shutil.copytree(starter_path, directory, dirs_exist_ok=True)
    from courseforge.model.json_schemas import write_schemas

    # Editors find the JSON Schemas the starter files point at next to them.
    write_schemas(directory / "schemas")
    click.echo(f"Created a course in {display_path(directory)}.")
    click.echo(f"Next: courseforge validate {directory} && courseforge build {directory}")


def _is_package(path: Path) -> bool:
    return path.suffix.lower() == ".zip" and not path.is_dir()


def _validate_package(path: Path, expect: str) -> None:
    from courseforge.inspect import inspect_package
    from courseforge.inspect.text_report import problem_lines, verdict

    if not path.is_file():
        raise click.BadParameter(f"{path}: no such file", param_hint="COURSE_DIR")
    report = inspect_package(path, expect=expect, name=display_path(path))
    if not report.ok:
        _fail(problem_lines(report), verdict(report))
    click.echo(verdict(report))


@main.command()
@click.argument("package", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON (for CI).")
@click.option(
    "--expect",
    type=click.Choice(PACKAGE_EXPECTATIONS),
    default="lms",
    show_default=True,
    help="The package kind it must be (lms = any LMS package; web = a plain site).",
)
def inspect(package: Path, as_json: bool, expect: str) -> None:
    """Report what a SCORM 1.2/2004, cmi5 or TinCan zip is and what LMSs will reject.

    Works on any tool's package and never unpacks it to disk. Prints the kind, launch file,
    SCOs/AUs, mastery settings, sizes by file type and every problem (XSD, Moodle's import
    rules, missing and undeclared files, unsafe entry names). Exit codes: 0 no problems,
    1 problems found, 2 usage error.
    """
    from courseforge.inspect import inspect_package
    from courseforge.inspect.text_report import full_report

    report = inspect_package(package, expect=expect, name=display_path(package))
    if as_json:
        click.echo(report.to_json())
    else:
        click.echo(full_report(report))
    if not report.ok:
        sys.exit(EXIT_PROBLEMS)


@main.command()
@click.argument(
    "course_dir", default="course", type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1 (0: any free).")
@click.option(
    "--standard",
    type=click.Choice(PREVIEW_STANDARDS),
    default="web",
    show_default=True,
    help="Run the course in an LMS simulator for this standard.",
)
def preview(course_dir: Path, port: int, standard: str) -> None:
    """Serve the course on 127.0.0.1, rebuilding and reloading whenever a course file changes.

    Build errors show in the page with their file and line while the last good build keeps
    working. With --standard scorm12/scorm2004 a side panel shows every data-model value the
    course sets; with cmi5/xapi every statement it sends to the simulator's in-memory LRS.
    Stop with Ctrl+C.
    """
    import signal
    import time

    from courseforge.preview import PreviewSession

    # `kill` (SIGTERM) stops the preview as cleanly as Ctrl+C, from the moment it has a port
    # (and a temporary folder) until it has removed them: installed before anything exists.
    previous_sigterm = signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    session = None
    try:
        try:
            session = PreviewSession(course_dir, standard=standard, port=port)
        except OSError as exc:
            _fail(
                [f"error: cannot listen on 127.0.0.1:{port}: {exc.strerror}"], "Try another --port."
            )
            return
        url = session.start()
        click.echo(f"Previewing {display_path(course_dir)} ({standard}) at {url}")
        click.echo("Watching for changes; press Ctrl+C to stop.", err=True)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)
    finally:
        # A second signal must not cut the cleanup short.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        previous_sigint = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            if session is not None:
                session.close()
        finally:
            signal.signal(signal.SIGTERM, previous_sigterm)
            signal.signal(signal.SIGINT, previous_sigint)
