"""The build pipeline: load → render once → every target packages (`plan`) → one writer writes.

`plan()` does everything in memory and touches no disk; `write()` hands the planned outputs
to the one writer. Neither changes anything process-wide: pausing the cycle collector
(`cyclic_gc_paused`) is for the CLI and the benchmarks, which own their process.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from courseforge.build_cache import BuildCache
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
from courseforge.loader.lesson_references import shared_lesson_references
from courseforge.loader.yaml_source import shared_yaml_parses
from courseforge.markdown import shared_markdown_parses
from courseforge.model import Course
from courseforge.package import Output, OutputWriter
from courseforge.package.ownership import RECORD_FILE
from courseforge.package.size import package_size_warning
from courseforge.render import render_site
from courseforge.render.paths import shared_resolver
from courseforge.render.site import PageView
from courseforge.targets import target_class, target_names


@dataclass(frozen=True)
class PlannedOutput:
    """One product, in memory, with the seconds its target took to make it."""

    output: Output
    seconds: float  # measured: packaging, for the first output of its target; 0 for the rest


@dataclass
class BuildPlan:
    """Everything a build will write, held in memory; nothing is on disk yet."""

    course: Course
    outputs: list[PlannedOutput] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    pages: list[PageView] = field(default_factory=list)  # as rendered: the preview swaps them

    def output_of(self, target: str, kind: str = "zip") -> Output:
        """Return the target's product of that kind (each LMS target makes one zip)."""
        return next(
            p.output for p in self.outputs if p.output.target == target and p.output.kind == kind
        )


@dataclass(frozen=True)
class BuiltOutput:
    """One product on disk, for the summary table."""

    target: str
    path: Path
    size: int
    files: int
    seconds: float  # measured: its target's packaging (see PlannedOutput) + its own writing


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
        OutputError: out_dir cannot take the build (see `check_out_dir` and the writer).
    """
    started = time.perf_counter()
    check_out_dir(Path(course_dir), Path(out_dir))
    planned = plan(course_dir, target_names, progress=progress, strict=strict)
    result = write(planned, out_dir, progress=progress)
    result.seconds = time.perf_counter() - started
    return result


def plan(
    course_dir: Path | str,
    target_names: Sequence[str] = (),
    *,
    progress: ProgressCallback | None = None,
    strict: bool = False,
    cache: BuildCache | None = None,
) -> BuildPlan:
    """Load, render and package the course for its targets (or `target_names`), in memory.

    Args:
        cache: parses and lesson HTML kept from an earlier plan of the same course (the
            preview): only texts that changed are parsed and rendered again.

    Raises:
        CourseError: the sources have author errors.
        BuildError: a target cannot produce a correct package, or `strict` and warnings.
    """
    started = time.perf_counter()
    step = progress or (lambda _message: None)
    _check_target_names(target_names)
    # The loader, the lint and the renderer share parsed Markdown and YAML within this plan.
    with cache.shared_parses() if cache else _shared_parses():
        step("loading course")
        # Requested targets are checked like the course's own (their reserved page ids, located).
        course = load_course(course_dir, list(target_names) or None)
        names = list(dict.fromkeys(target_names or course.targets))
        warnings = [str(w) for w in course_warnings(course)]
        step("rendering pages")
        site = render_site(course, lesson_cache=cache.lessons if cache else None)
    result = BuildPlan(course=course, warnings=warnings, pages=site.pages)
    for name in names:
        step(f"packaging {name}")
        target_started = time.perf_counter()
        target = target_class(name)(course, site)
        outputs = target.outputs()
        seconds = time.perf_counter() - target_started
        for index, output in enumerate(outputs):
            result.outputs.append(PlannedOutput(output, seconds if index == 0 else 0.0))
            too_large = package_size_warning(output, course.package_size_limit_mb)
            if too_large:
                target.warnings.append(too_large)
        warnings.extend(f"{name}: {w}" for w in target.warnings)
    if strict and warnings:
        raise BuildError("\n".join(["warnings are errors with --strict:", *warnings]))
    result.seconds = time.perf_counter() - started
    return result


def write(
    planned: BuildPlan, out_dir: Path | str, *, progress: ProgressCallback | None = None
) -> BuildResult:
    """Write a plan's outputs into out_dir through the one writer: all of them, or none.

    Raises:
        OutputError: a path in the way is not courseforge's, or the filesystem refused.
    """
    started = time.perf_counter()
    (progress or (lambda _message: None))("writing")
    writer = OutputWriter(Path(out_dir))
    paths = writer.write(p.output for p in planned.outputs)
    result = BuildResult(course=planned.course, warnings=list(planned.warnings))
    for item, path in zip(planned.outputs, paths, strict=True):
        output = item.output
        size = path.stat().st_size if output.kind != "folder" else output.content_size()
        seconds = item.seconds + writer.staging_seconds[output.name]
        result.outputs.append(BuiltOutput(output.target, path, size, len(output.files), seconds))
    result.seconds = planned.seconds + time.perf_counter() - started
    return result


@contextmanager
def _shared_parses() -> Iterator[None]:
    """Parse each Markdown and YAML text once within one plan; freed after."""
    with (
        shared_markdown_parses(),
        shared_yaml_parses(),
        shared_lesson_references(),
        shared_resolver(),  # and resolve each course file once
    ):
        yield


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause the cycle collector: a build makes ~1M long-lived objects and almost no cycles, and
    re-scanning them took a fifth of a 1,000-lesson build (benchmarks/RESULTS.md).

    Process-wide, so only for callers that own the process: the CLI and the benchmarks.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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
