"""What courseforge makes from its own shipped files, kept between processes.

Only the tool's own files go here (its compiled templates, its minified runtime scripts), never
anything made from a course: every build still reads and renders the course from scratch. An
entry is named by the digest of everything it is made from, written whole or not at all, and
read back only if its own digest matches: a cache folder that is missing, unwritable or holds
damaged files costs the work it would have saved, nothing else.

The folder is $COURSEFORGE_CACHE_DIR, else $XDG_CACHE_HOME/courseforge, else
~/.cache/courseforge. Deleting it at any time is safe. An entry can be compiled code, so a folder
another user could write to (not ours, or open to group or others) is not used at all.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

# An entry: this header, the SHA-256 of the payload, the payload.
_HEADER = b"courseforge-cache-1\n"
_DIGEST_SIZE = hashlib.sha256().digest_size


def cache_folder() -> Path | None:
    """Return the cache folder (not created), or None if no home tells where it goes."""
    explicit = os.environ.get("COURSEFORGE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg, "courseforge")
    try:
        return Path.home() / ".cache" / "courseforge"
    except RuntimeError:  # no home directory known
        return None


def entry_name(kind: str, *parts: bytes) -> str:
    """Return the file name of an entry made from these parts (and this Python: code objects
    and the libraries that make an entry change with it)."""
    digest = hashlib.sha256(sys.version.encode())
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return f"{kind}-{digest.hexdigest()[:40]}"


def _only_ours(folder: Path) -> bool:
    """Whether no other user can put a file in the folder."""
    try:
        status = folder.stat()
    except OSError:
        return False
    getuid = getattr(os, "getuid", None)  # POSIX only; elsewhere the folder's ACLs decide
    return getuid is None or (status.st_uid == getuid() and not status.st_mode & 0o022)


def read_entry(name: str) -> bytes | None:
    """Return an entry's payload, or None if it is missing, unreadable or damaged, or the
    folder is not only ours."""
    folder = cache_folder()
    if folder is None or not _only_ours(folder):
        return None
    try:
        data = (folder / name).read_bytes()
    except (OSError, ValueError):
        return None
    start = len(_HEADER) + _DIGEST_SIZE
    if not data.startswith(_HEADER):
        return None
    payload = data[start:]
    if hashlib.sha256(payload).digest() != data[len(_HEADER) : start]:
        return None
    return payload


def write_entry(name: str, payload: bytes) -> None:
    """Store an entry whole (a temporary file renamed into place); any failure is ignored."""
    folder = cache_folder()
    if folder is None:
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _only_ours(folder):
            return
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
    except (OSError, ValueError):
        return
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(_HEADER + hashlib.sha256(payload).digest() + payload)
        os.replace(temporary, folder / name)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def cached(name: str, make: Callable[[], bytes]) -> bytes:
    """Return the entry's payload, made (and stored) if the cache does not hold it."""
    payload = read_entry(name)
    if payload is None:
        payload = make()
        write_entry(name, payload)
    return payload
