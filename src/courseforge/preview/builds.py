"""Rebuild the course for preview; the last good build keeps serving while the sources are broken.

The preview plans the build in memory (`courseforge.build.plan`) and serves the planned
package's files as they are: nothing is written to disk, nothing read back.
"""

from __future__ import annotations

import io
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from courseforge.build import plan
from courseforge.errors import BuildError, CourseError
from courseforge.inspect import Report, inspect_package
from courseforge.targets import lms_targets


def preview_standards() -> dict[str, str]:
    """Return `--standard` name → package kind: every target an LMS or a browser launches."""
    return {cls.name: cls.package_kind for cls in lms_targets() if cls.package_kind}


@dataclass(frozen=True)
class PreviewBuild:
    """One successful build, held in memory: the package's files and what `inspect` says of it."""

    number: int
    files: dict[str, bytes]
    report: Report
    seconds: float
    finished_at: float


@dataclass(frozen=True)
class BuildFailure:
    """Why the latest build failed, one "file:line:col: message" per line."""

    number: int
    messages: list[str] = field(default_factory=list)


class PreviewBuilder:
    """Builds one target of a course in memory, keeping the last good result."""

    def __init__(self, course_dir: Path, standard: str):
        self.course_dir = Path(course_dir)
        self.target, self.kind = standard, preview_standards()[standard]
        self.attempts = 0
        self.current: PreviewBuild | None = None
        self.failure: BuildFailure | None = None
        self._lock = threading.Lock()

    def rebuild(self) -> None:
        """Build now; on failure keep serving the previous build and record the errors."""
        with self._lock:
            self.attempts += 1
            started = time.perf_counter()
            try:
                package = plan(self.course_dir, [self.target]).output_of(self.target)
                # inspect reads the zip an LMS would get, made in memory as the writer makes it.
                report = inspect_package(
                    io.BytesIO(package.data()), expect=self.kind, name=package.name
                )
            except CourseError as exc:
                self.failure = BuildFailure(self.attempts, [str(e) for e in exc.errors])
                return
            except BuildError as exc:
                self.failure = BuildFailure(self.attempts, str(exc).splitlines())
                return
            except Exception:  # noqa: BLE001 - a half-saved file must not stop the preview
                self.failure = BuildFailure(self.attempts, traceback.format_exc().splitlines())
                return
            self.failure = None
            self.current = PreviewBuild(
                self.attempts, package.files, report, time.perf_counter() - started, time.time()
            )

    def status(self) -> dict:
        """Return what the preview page polls: the build it should show and the latest errors."""
        current, failure = self.current, self.failure
        return {
            "build": current.number if current else 0,
            "seconds": round(current.seconds, 3) if current else None,
            "finishedAt": current.finished_at if current else None,
            "error": {"build": failure.number, "messages": failure.messages} if failure else None,
            "package": _package_summary(current.report) if current else None,
        }

    def close(self) -> None:
        """Nothing to clean up: builds live in memory (kept for the session's life cycle)."""


def _package_summary(report: Report) -> dict:
    return {
        "kind": report.kind_name,
        "launch": report.launch,
        "problems": [str(problem) for problem in report.problems],
    }
