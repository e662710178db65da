"""Watch the course folder and call back with the paths that changed (a thread around watchfiles).

watchfiles waits on inotify (FSEvents, ReadDirectoryChangesW elsewhere) in Rust and hands over
what changed once no new change has come for `STEP_MS`; changes made while the callback runs
are held and handed over together afterwards, so a burst of saves during a rebuild is one more
rebuild, of the latest files.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import watchfiles

# An editor's save (truncate, write, rename, chmod) is a few system calls a millisecond or two
# apart: 5 ms of quiet ends it, and costs at most 10 ms of the preview's 100 ms (RESULTS.md).
STEP_MS = 5
# Hand over changes after this long even if they keep coming (a checkout of many files).
MAX_WAIT_MS = 200

ChangeCallback = Callable[[set[Path]], None]


class CourseWatcher:
    """Runs `on_change(paths)` after files under the course folder change, until stopped."""

    def __init__(self, course_dir: Path, on_change: ChangeCallback):
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
        for changes in watchfiles.watch(
            self.course_dir,
            stop_event=self._stop,
            step=STEP_MS,
            debounce=MAX_WAIT_MS,
            ignore_permission_denied=True,
        ):
            self.on_change({Path(path) for _change, path in changes})
