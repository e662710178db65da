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
        name = path.name
        if name in ("", ".", ".."):
            found = path.resolve()
        else:
            parent = path.parent
            folder = folders.get(parent)
            if folder is None:
                folder = folders[parent] = resolve(parent)
            found = folder / name
            try:
                is_link = stat.S_ISLNK(os.lstat(found).st_mode)
            except OSError:  # missing, or not reachable: resolve() keeps the name as it is
                is_link = False
            if is_link:
                found = found.resolve()
        files[path] = found
        return found

    return resolve
