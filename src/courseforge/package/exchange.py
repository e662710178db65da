"""Swap two folders in one step, where the system offers it (Linux `renameat2`).

`exchange(a, b)` is `renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE)`: both names exist
before and after, and no instant exists at which either points at a mix or at nothing. glibc
exports `renameat2` from 2.28 on; it is called through ctypes so no compiled part is needed.
Where the call or the flag is missing (not Linux, an old C library, a filesystem that does not
implement it, two mounts of one filesystem) the callers get `SwapUnavailable` and fall back.
"""

from __future__ import annotations

import ctypes
import errno
import os
import sys
from collections.abc import Callable
from pathlib import Path

AT_FDCWD = -100
RENAME_NOREPLACE = 1
RENAME_EXCHANGE = 2
# What the kernel answers when it cannot do the swap here (as opposed to a real failure).
_NOT_HERE = {errno.EINVAL, errno.ENOSYS, errno.EXDEV, errno.EOPNOTSUPP, errno.ENOTSUP}


class SwapUnavailable(Exception):
    """The output folder cannot be swapped in one step here; use the journaled switch."""


def _load_renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # glibc < 2.28, musl without it
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function


# None where the system has no renameat2; tests set it to None to force the fallback.
renameat2: Callable[..., int] | None = _load_renameat2()


def available() -> bool:
    return renameat2 is not None


def exchange(first: Path, second: Path) -> None:
    """Swap two existing paths atomically, or raise `SwapUnavailable` (nothing moved)."""
    _renameat2(first, second, RENAME_EXCHANGE)


def move_to_new_name(source: Path, destination: Path) -> None:
    """Rename `source` to `destination`, which must not exist (one step on every system)."""
    try:
        _renameat2(source, destination, RENAME_NOREPLACE)
    except SwapUnavailable:
        os.rename(source, destination)  # still atomic; only the no-replace check is lost


def _renameat2(first: Path, second: Path, flags: int) -> None:
    if renameat2 is None:
        raise SwapUnavailable("renameat2 is not available")
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), flags) == 0:
        return
    code = ctypes.get_errno()
    if code in _NOT_HERE:
        raise SwapUnavailable(os.strerror(code))
    raise OSError(code, os.strerror(code), str(first), None, str(second))
