"""Path.resolve() for the many files of one course folder, each folder resolved once."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

# The resolver shared by one build's checks, asset list and rendering (see shared_resolver).
_shared: ContextVar[Callable[[Path], Path] | None] = ContextVar(
    "courseforge_shared_resolver", default=None
)


@contextmanager
def shared_resolver() -> Iterator[None]:
    """Inside the block, folder_resolver() gives one resolver: a build's checks, its asset list
    and its rendering look at each file once (they resolved every page three times before).
    Scoped to the block and to the calling thread's context; a fresh one each time."""
    token = _shared.set(_remembering_resolver())
    try:
        yield
    finally:
        _shared.reset(token)


def folder_resolver() -> Callable[[Path], Path]:
    """Return a function equal to Path.resolve() (not strict) that remembers what it resolved.

    A course's pages and assets sit in a few folders: each folder is resolved once, then only
    the file itself is looked at (and resolved in full when it is a symlink). For one pass over
    a course (a build's checks, its rendering): the answers are kept, not looked up again.
    """
    shared = _shared.get()
    return shared if shared is not None else _remembering_resolver()


def _remembering_resolver() -> Callable[[Path], Path]:
    folders: dict[Path, Path] = {}
    files: dict[Path, Path] = {}

    def resolve(path: Path) -> Path:
        found = files.get(path)
        if found is not None:
            return found
        # Climb to the nearest known folder, then resolve back down: a loop, not recursion,
        # since a lesson's link may name thousands of folders.
        chain: list[tuple[Path, Path | None]] = []  # (path, its folder; None: resolve whole)
        step = path
        while True:
            if step.name in ("", ".", ".."):
                chain.append((step, None))
                break
            parent = step.parent
            chain.append((step, parent))
            if parent in folders or parent in files:
                break
            step = parent
        for step, parent in reversed(chain):
            found = files[step] = resolve_step(step, parent)
        return found

    def resolve_step(path: Path, parent: Path | None) -> Path:
        """Resolve one path whose folder is already resolved (or, parent None, in full)."""
        if parent is None:
            return path.resolve()
        folder = folders.get(parent)
        if folder is None:
            folder = folders[parent] = files[parent]
        found = folder / path.name
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


@lru_cache(maxsize=8192)  # the loader's checks and the rendering both ask, for every link
def linked_file(ref: str, source: Path) -> Path | None:
    """Return the local file a link or image of the file `source` names, or None for another
    site's address, an in-page anchor or an empty path (path arithmetic only: no file is looked
    at, so the answer never goes stale)."""
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return source.parent / unquote(parts.path)
