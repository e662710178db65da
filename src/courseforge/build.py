"""The build pipeline: load → render once → every target packages → one writer writes."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from courseforge.errors import (
    AuthorError,
    BuildError,
    CourseError,
    OutputError,
    SourceLocation,
    display_path,
)
from courseforge.loader import load_course
from courseforge.loader.course_checks import course_warnings
from courseforge.markdown import parse_markdown
from courseforge.model import Course
from courseforge.package import Output, OutputWriter
from courseforge.package.ownership import RECORD_FILE
from courseforge.render import render_site
from courseforge.targets import target_class, target_names


@dataclass(frozen=True)
class BuiltOutput:
    """One product on disk, for the summary table."""

    target: str
    path: Path
    size: int
    files: int
    seconds: float


@dataclass
class BuildResult:
    course: Course
    outputs: list[BuiltOutput] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


ProgressCallback = Callable[[str], None]


def build(
    course_dir: Path | str,
    out_dir: Path | str,
    target_names: Sequence[str] = (),
    *,
    progress: ProgressCallback | None = None,
    strict: bool = False,
) -> BuildResult:
    """Build the course's packages into out_dir; nothing is written unless every step succeeds.

    Raises:
        CourseError: the sources have author errors.
        BuildError: a target cannot produce a correct package, or `strict` and warnings.
    """
    with _cyclic_gc_paused():
        return _build(course_dir, out_dir, target_names, progress, strict)


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause the cycle collector: a build makes ~1M long-lived objects and almost no cycles, and
    re-scanning them took a fifth of a 1,000-lesson build (benchmarks/RESULTS.md)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _build(
    course_dir: Path | str,
    out_dir: Path | str,
    target_names: Sequence[str],
    progress: ProgressCallback | None,
    strict: bool,
) -> BuildResult:
    started = time.perf_counter()
    step = progress or (lambda _message: None)
    check_out_dir(Path(course_dir), Path(out_dir))
    _check_target_names(target_names)
    step("loading course")
    # Requested targets are checked like the course's own (their reserved page ids, located).
    course = load_course(course_dir, list(target_names) or None)
    names = list(dict.fromkeys(target_names or course.targets))
    warnings = [str(w) for w in course_warnings(course)]
    step("rendering pages")
    site = render_site(course)
    # Every lesson is rendered: free the parsed Markdown (preview rebuilds on every edit).
    parse_markdown.cache_clear()
    planned: list[tuple[Output, float]] = []
    for name in names:
        step(f"packaging {name}")
        target_started = time.perf_counter()
        target = target_class(name)(course, site)
        for output in target.outputs():
            planned.append((output, time.perf_counter() - target_started))
        warnings.extend(f"{name}: {w}" for w in target.warnings)
    if strict and warnings:
        raise BuildError("\n".join(["warnings are errors with --strict:", *warnings]))
    step("writing")
    write_started = time.perf_counter()
    paths = OutputWriter(Path(out_dir)).write(output for output, _ in planned)
    write_share = (time.perf_counter() - write_started) / max(len(planned), 1)
    result = BuildResult(course=course, warnings=warnings)
    for (output, seconds), path in zip(planned, paths, strict=True):
        size = (
            path.stat().st_size
            if output.kind != "folder"
            else sum(len(b) for b in output.files.values())
        )
        result.outputs.append(
            BuiltOutput(output.target, path, size, len(output.files), seconds + write_share)
        )
    result.seconds = time.perf_counter() - started
    return result


def check_out_dir(course_dir: Path, out_dir: Path) -> None:
    """Refuse an output folder inside the course unless it is new, empty or a build's own.

    Raises:
        OutputError: `out_dir` is, or lies inside, the course folder and holds other files.
    """
    try:
        course = course_dir.resolve()
        out = out_dir.resolve()
    except (OSError, RuntimeError):  # a symlink loop: the writer reports the path
        return
    if not out.is_relative_to(course):
        return
    if not out.exists() or (out / RECORD_FILE).is_file():
        return
    if out.is_dir() and not any(out.iterdir()):
        return
    raise OutputError(
        f"{display_path(out_dir)}: --out is inside the course folder {display_path(course_dir)} "
        "and holds files courseforge did not write; choose a folder outside the course "
        "(the default is dist/ next to it)"
    )


def _check_target_names(requested: Sequence[str]) -> None:
    known = target_names()
    unknown = [name for name in requested if name not in known]
    if unknown:
        where = SourceLocation("--target")
        raise CourseError(
            [
                AuthorError(
                    where,
                    "",
                    f"unknown target; expected one of {', '.join(known)}, got {n!r}",
                )
                for n in unknown
            ]
        )
