"""Watch the course folder and call back once per burst of changes (a thread around watchfiles)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import watchfiles


class CourseWatcher:
    """Runs `on_change` after files under the course folder change, until stopped."""

    def __init__(self, course_dir: Path, on_change: Callable[[], None]):
        self.course_dir = Path(course_dir)
        self.on_change = on_change
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="courseforge-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():  # not started when stopped during the first build
            self._thread.join(timeout=5)

    def _run(self) -> None:
        # step=50: yield 50 ms after the last change, so an editor's save burst is one rebuild.
        for _changes in watchfiles.watch(
            self.course_dir,
            stop_event=self._stop,
            step=50,
            debounce=1600,
            ignore_permission_denied=True,
        ):
            self.on_change()
