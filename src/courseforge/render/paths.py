"""Path.resolve() for the many files of one course folder, each folder resolved once."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path


def folder_resolver() -> Callable[[Path], Path]:
    """Return a function equal to Path.resolve() (not strict) that remembers what it resolved.

    A course's pages and assets sit in a few folders: each folder is resolved once, then only
    the file itself is looked at (and resolved in full when it is a symlink). For one pass over
    a course (a build's checks, its rendering): the answers are kept, not looked up again.
    """
    folders: dict[Path, Path] = {}
    files: dict[Path, Path] = {}

    def resolve(path: Path) -> Path:
        found = files.get(path)
        if found is not None:
            return found
        # Climb to the nearest known folder, then resolve back down: a loop, not recursion,
        # since a lesson's link may name thousands of folders.
        unknown = [path]
        while (top := unknown[-1]).name not in ("", ".", "..") and not (
            top.parent in folders or top.parent in files
        ):
            unknown.append(top.parent)
        for step in reversed(unknown):
            files[step] = resolve_step(step)
        return files[path]

    def resolve_step(path: Path) -> Path:
        """Resolve one path whose folder is known (or that resolve() must do whole)."""
        name = path.name
        if name in ("", ".", ".."):
            return path.resolve()
        parent = path.parent
        folder = folders.get(parent)
        if folder is None:
            folder = folders[parent] = files[parent]
        found = folder / name
        try:
            is_link = stat.S_ISLNK(os.lstat(found).st_mode)
        except OSError:  # missing, or not reachable: resolve() keeps the name as it is
            is_link = False
        return found.resolve() if is_link else found

    return resolve


def is_file(path: Path) -> bool:
    """Path.is_file(), with a path the system refuses (a name past its length limit) read as
    no file: a lesson may name any path, and that is the author's error, not a crash."""
    try:
        return path.is_file()
    except OSError:
        return False
