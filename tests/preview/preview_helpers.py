"""Shared helpers for the preview tests: a copy of the seed course and a running preview."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from courseforge.preview import PreviewSession

REPO = Path(__file__).resolve().parents[2]
FIRST_LESSON = Path("modules/overview/what-the-role-is.md")
FIRST_SENTENCE = "The AI revolution is accelerating"
# The built file that carries that lesson's text (pages load when needed, from their own files)
FIRST_LESSON_FILE = "pages/what-the-role-is.js"


def copy_seed_course(destination: Path) -> Path:
    """Copy course/ so a test can edit it freely."""
    course = destination / "course"
    shutil.copytree(REPO / "course", course)
    return course


@contextmanager
def running_preview(course: Path, standard: str = "web") -> Iterator[PreviewSession]:
    """Start a preview on a free port in this process's threads; stop it afterwards."""
    session = PreviewSession(course, standard=standard, port=0)
    session.start()
    try:
        yield session
    finally:
        session.close()
