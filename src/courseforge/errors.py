"""Author-facing errors: each carries the file, line and column it is about."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class SourceLocation:
    """A place in a course file, 1-based line and column."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, order=True)
class AuthorError:
    """One mistake in the course sources, phrased for the author."""

    location: SourceLocation
    field: str
    message: str

    def __str__(self) -> str:
        field = f" {self.field}:" if self.field else ""
        return f"{self.location}:{field} {self.message}"


class CourseError(Exception):
    """Every author error of a run, raised together so none hides another."""

    def __init__(self, errors: list[AuthorError]):
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(e) for e in self.errors))


def not_utf8(path: Path, exc: UnicodeDecodeError) -> AuthorError:
    """A course text file that is not UTF-8, in the same words wherever it is read."""
    message = f"expected UTF-8 text, got an undecodable byte at offset {exc.start}"
    return AuthorError(SourceLocation(display_path(path), 1, 1), "", message)


class BuildError(Exception):
    """A build that cannot produce a correct package (e.g. a limit a target cannot meet)."""


class OutputError(BuildError):
    """The output folder cannot take the build: a path in the way, or the filesystem refused."""


def display_path(path: Path) -> str:
    """Show a path relative to the working directory when it lies below it."""
    # abspath is string work only: this runs for every file a build reads.
    absolute = os.path.abspath(path)
    cwd = os.getcwd()
    if absolute.startswith(cwd.rstrip(os.sep) + os.sep):
        return absolute[len(cwd.rstrip(os.sep)) + 1 :]
    return str(path)
