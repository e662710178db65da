"""One preview: build, serve, watch and rebuild, until closed."""

from __future__ import annotations

from pathlib import Path

from courseforge.preview.builds import PreviewBuilder
from courseforge.preview.guard import IDLE_TIMEOUT_SECONDS
from courseforge.preview.server import PreviewApp, PreviewServer
from courseforge.preview.watcher import CourseWatcher


class PreviewSession:
    """Builds the course once, then serves it and rebuilds whenever a course file changes."""

    def __init__(
        self,
        course_dir: Path | str,
        *,
        standard: str = "web",
        port: int = 0,
        idle_timeout: float = IDLE_TIMEOUT_SECONDS,
    ):
        self.course_dir = Path(course_dir)
        self.builder = PreviewBuilder(self.course_dir, standard)
        # A taken port, or SIGTERM right now (it raises SystemExit): no temporary folder stays.
        try:
            self.app = PreviewApp(self.builder, standard)
            self.server = PreviewServer(self.app, port, idle_timeout=idle_timeout)
        except BaseException:
            self.builder.close()
            raise
        try:
            self.watcher = CourseWatcher(self.course_dir, self.builder.rebuild)
        except BaseException:
            self.server.close()
            self.builder.close()
            raise

    @property
    def url(self) -> str:
        return self.server.url

    def start(self) -> str:
        """Build, start serving and watching; return the URL to open."""
        self.builder.rebuild()
        self.server.start()
        self.watcher.start()
        return self.url

    def close(self) -> None:
        self.watcher.stop()
        self.builder.close()  # ends the open pages' event streams first
        self.server.close()

    def __enter__(self) -> PreviewSession:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()
