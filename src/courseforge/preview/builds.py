"""Rebuild the course for preview; the last good build keeps serving while the sources are broken.

The preview plans the build in memory (`courseforge.build.plan`) and serves the planned
package's files as they are: nothing is written to disk, nothing read back. Lesson HTML is kept
from one plan to the next, so an edited lesson is the only one rendered again (an edited quiz
renders none: no lesson reads a quiz's file), and every open page is told at once (`events`)
what changed: a page's new HTML (and a quiz's new data) to swap in place, or a new build to
relaunch, or the errors of a broken one (`updates` says which).
"""

from __future__ import annotations

import io
import threading
import time
import traceback
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from courseforge.build import plan
from courseforge.build_cache import BuildCache
from courseforge.errors import BuildError, CourseError
from courseforge.inspect import Report, inspect_package
from courseforge.model import Course
from courseforge.model.glossary import GLOSSARY_ID
from courseforge.preview.events import BuildEvents
from courseforge.preview.updates import BuildChange, build_change
from courseforge.render.site import PageView
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
        self.events = BuildEvents()
        self.last_change: BuildChange | None = None  # how the latest good build differed
        self._cache = BuildCache()
        self._pages: list[PageView] = []  # of the current build
        self._course: Course | None = None  # of the current build
        self._page_files: frozenset[Path] = frozenset()
        self._lock = threading.Lock()

    @property
    def lessons_rendered(self) -> list[str]:
        """Ids of the lessons the latest build rendered rather than reused."""
        return list(self._cache.lessons.rendered)

    def rebuild(self, changed: Collection[Path] | None = None) -> None:
        """Build now; on failure keep serving the previous build and record the errors.

        Args:
            changed: the files that changed since the last build, when known: if they are all
                lessons' Markdown or quizzes' YAML, the unchanged lessons' HTML is reused.
        """
        with self._lock:
            self.attempts += 1
            started = time.perf_counter()
            if changed is None or not self._only_pages(changed):
                self._cache.clear()  # an asset, a YAML file: any lesson's HTML may differ
            try:
                planned = plan(self.course_dir, [self.target], cache=self._cache)
                package = planned.output_of(self.target)
            except CourseError as exc:
                return self._failed([str(e) for e in exc.errors])
            except BuildError as exc:
                return self._failed(str(exc).splitlines())
            except Exception:  # noqa: BLE001 - a half-saved file must not stop the preview
                return self._failed(traceback.format_exc().splitlines())
            previous = self.current
            change = (
                build_change(
                    previous.files,
                    package.files,
                    self._pages,
                    planned.pages,
                    (self._course, planned.course) if self._course else None,
                )
                if previous
                else BuildChange("relaunch")
            )
            self.last_change = change
            self._pages, self._course = planned.pages, planned.course
            # A lesson's HTML reads no other page's file, only where pages are (the lesson
            # cache's own key): a lesson's or a quiz's file changing leaves the others' as is.
            # The glossary's is read by every lesson (their terms link to it).
            self._page_files = frozenset(
                page.source.resolve() for page in planned.course.pages() if page.id != GLOSSARY_ID
            )
            self.failure = None
            if change.action == "none":
                self.events.publish("status", self.status())
                return None
            number = self.attempts
            if previous and change.action == "swap":
                # The page changes first; the package check (inspect) follows in a status event.
                self.current = PreviewBuild(
                    number, package.files, previous.report, self._since(started), time.time()
                )
                self.events.publish("swap", _swap_event(number, change))
            try:
                # inspect reads the zip an LMS would get, made in memory as the writer makes it.
                report = inspect_package(
                    io.BytesIO(package.data()), expect=self.kind, name=package.name
                )
            except Exception:  # noqa: BLE001 - as above
                return self._failed(traceback.format_exc().splitlines())
            self.current = PreviewBuild(
                number, package.files, report, self._since(started), time.time()
            )
            self.events.publish("status", self.status())
            return None

    @contextmanager
    def rebuilds_held(self) -> Iterator[None]:
        """Let no rebuild start inside the block; changes seen meanwhile make one rebuild after."""
        with self._lock:
            yield

    def status(self) -> dict:
        """Return what open pages are told: the build they should show and the latest errors."""
        current, failure = self.current, self.failure
        return {
            "build": current.number if current else 0,
            "seconds": round(current.seconds, 3) if current else None,
            "finishedAt": current.finished_at if current else None,
            "error": {"build": failure.number, "messages": failure.messages} if failure else None,
            "package": _package_summary(current.report) if current else None,
        }

    def close(self) -> None:
        """End every open page's event stream (builds live in memory: nothing else to clean)."""
        self.events.close()

    def _only_pages(self, changed: Collection[Path]) -> bool:
        try:
            return all(path.resolve() in self._page_files for path in changed)
        except (OSError, RuntimeError):
            return False

    def _failed(self, messages: list[str]) -> None:
        self.failure = BuildFailure(self.attempts, messages)
        self.events.publish("status", self.status())

    @staticmethod
    def _since(started: float) -> float:
        return time.perf_counter() - started


def _swap_event(number: int, change: BuildChange) -> dict:
    """Return the "swap" event's data: the build, its pages' new HTML, its changed quizzes."""
    pages = []
    for page in change.pages:
        update: dict = {"id": page.id, "html": page.html}
        if page.quiz:
            update["quiz"] = page.quiz.event_data()
        pages.append(update)
    return {"build": number, "pages": pages, "fingerprint": change.fingerprint}


def _package_summary(report: Report) -> dict:
    return {
        "kind": report.kind_name,
        "launch": report.launch,
        "problems": [str(problem) for problem in report.problems],
    }
