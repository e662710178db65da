"""The `courseforge` command line. Messages go to stderr, results to stdout.

Exit codes: 0 success; 1 the course or package has problems (all reported); 2 usage error.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path

import click

from courseforge import __version__
from courseforge.errors import BuildError, CourseError, display_path
from courseforge.targets import target_names

EXIT_PROBLEMS = 1


class RegistryChoice(click.Choice):
    """A choice among what the target registry offers, asked only when the option is used.

    `--expect` and `--standard` depend on what each target declares, which means importing
    every target class: done when the command runs or shows its help, never on `--version`.
    """

    def __init__(self, choices_of: Callable[[], Sequence[str]]):
        self._choices_of = choices_of
        super().__init__(())

    @property
    def choices(self) -> Sequence[str]:
        from courseforge.targets import RegistryError

        try:
            return tuple(self._choices_of())
        except RegistryError as exc:  # a broken target registration: one line, exit 1
            raise click.ClickException(str(exc)) from None

    @choices.setter
    def choices(self, _value: Sequence[str]) -> None:
        pass  # always read from the registry

    def convert(self, value, param, ctx):
        if param is not None and value == param.default:
            return value  # valid by construction (a test checks): no need to load every target
        return super().convert(value, param, ctx)


def package_expectations() -> tuple[str, ...]:
    from courseforge.inspect import expectations

    return expectations()


def preview_standards() -> tuple[str, ...]:
    from courseforge.preview import preview_standards as standards

    return tuple(standards())


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


def _find_course(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    """COURSE_DIR as MkDocs finds its config: this folder if it holds course.yaml, else ./course."""
    if value is not None:
        return value
    if Path("course.yaml").is_file():
        return Path(".")
    if Path("course", "course.yaml").is_file():
        return Path("course")
    raise click.UsageError(
        "no course here: neither ./course.yaml nor ./course/course.yaml exists; "
        "name the course folder (courseforge build DIR) or start one with `courseforge new DIR`"
    )


def course_dir_argument(*, must_exist: bool = False):
    """The optional COURSE_DIR argument every course command takes."""
    return click.argument(
        "course_dir",
        required=False,
        callback=_find_course,
        type=click.Path(exists=must_exist, file_okay=not must_exist, path_type=Path),
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="courseforge")
def main() -> None:
    """Compile a course kept as Markdown and YAML into SCORM, xAPI and cmi5 packages."""


@main.command()
@course_dir_argument()
@click.option(
    "--expect",
    type=RegistryChoice(package_expectations),
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
@course_dir_argument()
@click.option(
    "--target",
    "-t",
    "targets",
    multiple=True,
    metavar="NAME",
    help=f"Build only this target (repeatable): {', '.join(target_names())}. "
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
    from courseforge.build import cyclic_gc_paused

    progress = BuildProgress(enabled=not quiet and sys.stderr.isatty())
    try:
        with cyclic_gc_paused():  # this process does nothing but the build
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
@click.option(
    "--language",
    default="en",
    show_default=True,
    help="BCP 47 tag of the course's language, e.g. de, pt-BR, ar: the learner interface "
    "speaks it (24 languages ship; any other starts in English, to translate in course.yaml).",
)
def new(directory: Path, language: str) -> None:
    """Create a small course in DIRECTORY that shows every question type."""
    from courseforge.i18n.catalog import catalog_for, shipped_languages
    from courseforge.model.identifiers import language_tag

    try:
        language_tag(language)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--language") from None
    if directory.exists() and any(directory.iterdir()):
        _fail([f"{directory}: folder exists and is not empty"], "Nothing was created.")
    starter = resources.files("courseforge").joinpath("starter")
    with resources.as_file(starter) as starter_path:
        shutil.copytree(starter_path, directory, dirs_exist_ok=True)
    course_yaml = directory / "course.yaml"
    text = course_yaml.read_text(encoding="utf-8")
    course_yaml.write_text(
        text.replace("\nlanguage: en\n", f"\nlanguage: {language}\n", 1), encoding="utf-8"
    )
    if catalog_for(language) is None:
        click.secho(
            f"note: courseforge ships no interface in {language!r} (it has "
            f"{', '.join(shipped_languages())}); translate it under messages: in course.yaml, "
            "or learners see English.",
            err=True,
            fg="yellow",
        )
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
    type=RegistryChoice(package_expectations),
    default=None,
    help="The package kind it must be (lms = any LMS package; web = a plain site). "
    "Default: any LMS package, or a plain web site when the zip has no LMS manifest.",
)
def inspect(package: Path, as_json: bool, expect: str | None) -> None:
    """Report what a SCORM 1.2/2004, cmi5 or TinCan zip is and what LMSs will reject.

    Works on any tool's package and never unpacks it to disk. Prints the kind, launch file,
    SCOs/AUs, mastery settings, sizes by file type and every problem (XSD, Moodle's import
    rules, missing and undeclared files, unsafe entry names). Exit codes: 0 no problems,
    1 problems found, 2 usage error.
    """
    from courseforge.inspect import inspect_package
    from courseforge.inspect.text_report import full_report

    report = inspect_package(package, expect=expect or "any", name=display_path(package))
    if as_json:
        click.echo(report.to_json())
    else:
        click.echo(full_report(report))
    if not report.ok:
        sys.exit(EXIT_PROBLEMS)


@main.command()
@course_dir_argument(must_exist=True)
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1 (0: any free).")
@click.option(
    "--standard",
    type=RegistryChoice(preview_standards),
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
    import threading

    from courseforge.preview import PreviewSession

    # `kill` (SIGTERM) stops the preview as cleanly as Ctrl+C, from the moment it has a port
    # (and a temporary folder) until it has removed them: installed before anything exists.
    # The handler raises SystemExit; one raised inside a finalizer is swallowed by Python, so
    # the flag makes the main thread stop at its next check instead of serving on.
    stopping = threading.Event()

    def stop(*_: object) -> None:
        stopping.set()
        sys.exit(0)

    previous_sigterm = signal.signal(signal.SIGTERM, stop)
    # That swallowed SystemExit would still print "Exception ignored in …" with a traceback:
    # the flag already stops the preview, so it is not news for the author.
    previous_unraisable = sys.unraisablehook

    def quiet_stop(unraisable: sys.UnraisableHookArgs) -> None:
        if not isinstance(unraisable.exc_value, SystemExit):
            previous_unraisable(unraisable)

    sys.unraisablehook = quiet_stop
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
        if stopping.is_set():
            sys.exit(0)
        click.echo(f"Previewing {display_path(course_dir)} ({standard}) at {url}")
        click.echo("Watching for changes; press Ctrl+C to stop.", err=True)
        while not stopping.wait(3600):
            pass
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
            sys.unraisablehook = previous_unraisable


@main.command()
@course_dir_argument()
@click.option(
    "--statements",
    "statements",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="xAPI statements: JSON array, NDJSON or LRS pages (repeatable).",
)
@click.option("--lrs", metavar="URL", help="An LRS's xAPI endpoint to fetch statements from.")
@click.option("--auth", metavar="USER:PASS", help="Basic-auth credentials for --lrs.")
@click.option("--since", metavar="T", help="With --lrs: only statements stored after T (ISO 8601).")
@click.option(
    "--scorm-interactions",
    "scorm_interactions",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Moodle's SCORM Interactions report, CSV download (repeatable).",
)
@click.option(
    "--clickhouse",
    metavar="URL",
    help="Read Ralph's ClickHouse table: chdb:PATH or clickhouse://USER:PASS@HOST:PORT/DB.",
)
@click.option(
    "--out",
    "out_dir",
    default="report",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the report files.",
)
@click.option("--json", "as_json", is_flag=True, help="Also write report.json.")
@click.option("--csv", "as_csv", is_flag=True, help="Also write questions.csv.")
@click.option(
    "--names", is_flag=True, help="Include learner identities (default: aggregates only)."
)
def report(course_dir: Path, out_dir: Path, as_json: bool, as_csv: bool, **source) -> None:
    """Item analysis of what learners did, each finding with the question's file:line.

    Writes report.html (and report.json, questions.csv) into --out and prints a summary.
    """
    from courseforge.report.command import run_report

    sys.exit(run_report(course_dir, out_dir, as_json=as_json, as_csv=as_csv, **source))
