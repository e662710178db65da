"""The output targets: one class per package format, found through an entry-point group.

Every target, built-in or from another distribution, is registered in the entry-point group
`courseforge.targets` (pyproject.toml), name → class, as MkDocs plugins and Sphinx builders
are. Names are read from the installed metadata without importing anything; a class is
imported only when something asks for it, so a build pays only for its own targets. The CLI,
the preview, `inspect` and the loader all ask this module, never a list of their own.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import EntryPoint, entry_points
from typing import TYPE_CHECKING, Any

from courseforge.errors import BuildError
from courseforge.targets.base import Target, percent_as_fraction

if TYPE_CHECKING:
    from collections.abc import Iterable

ENTRY_POINT_GROUP = "courseforge.targets"


class RegistryError(BuildError):
    """A target is registered wrongly (a packaging bug, not an author mistake): one line."""


@cache
def _entry_points() -> dict[str, EntryPoint]:
    found: dict[str, EntryPoint] = {}
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        found.setdefault(entry.name, entry)  # the first distribution that claims a name wins
    if not found:
        raise RegistryError(
            f"no targets are registered in the entry-point group {ENTRY_POINT_GROUP!r}: "
            "courseforge must be installed (pip install -e . in a checkout) for its targets "
            "to be found"
        )
    return dict(sorted(found.items()))


def target_names() -> tuple[str, ...]:
    """Return every registered target name, sorted (no target module is imported)."""
    return tuple(_entry_points())


@cache
def target_class(name: str) -> type[Target]:
    """Import and return the Target class registered under `name`.

    Raises:
        KeyError: no target has that name.
        RegistryError: the entry point names something that is not that target's class.
    """
    entry = _entry_points()[name]
    try:
        loaded = entry.load()
    except Exception as exc:  # noqa: BLE001 - another distribution's module: say which, once
        raise RegistryError(
            f"target {name!r} ({entry.value}) cannot be loaded: {type(exc).__name__}: {exc}"
        ) from exc
    if not (isinstance(loaded, type) and issubclass(loaded, Target)):
        raise RegistryError(f"target {name!r} ({entry.value}) is not a Target subclass")
    if loaded.name != name:
        raise RegistryError(
            f"target {name!r} ({entry.value}) calls itself {loaded.name!r}; the entry-point name "
            "and the class's `name` must agree"
        )
    return loaded


def target_classes(names: Iterable[str] | None = None) -> list[type[Target]]:
    """Return the classes of `names` (default: every registered target), in that order."""
    return [target_class(name) for name in (target_names() if names is None else names)]


def lms_targets() -> list[type[Target]]:
    """Return the targets whose product an LMS or a browser launches (not question banks)."""
    return [cls for cls in target_classes() if cls.package_kind is not None]


def reserved_page_ids(names: Iterable[str]) -> dict[str, tuple[str, str]]:
    """Return page id → (target name, why) for the page ids the named targets keep for themselves.

    Names no target is registered under are skipped (the caller reports them).
    """
    registered = set(target_names())
    reserved: dict[str, tuple[str, str]] = {}
    for name in names:
        if name in registered:
            for page_id, why in target_class(name).reserved_page_ids.items():
                reserved.setdefault(page_id, (name, why))
    return reserved


def __getattr__(attribute: str) -> Any:
    # TARGET_NAMES reads the metadata on first use rather than on import.
    if attribute == "TARGET_NAMES":
        return target_names()
    raise AttributeError(f"module {__name__!r} has no attribute {attribute!r}")


__all__ = [
    "ENTRY_POINT_GROUP",
    "TARGET_NAMES",
    "RegistryError",
    "Target",
    "lms_targets",
    "percent_as_fraction",
    "reserved_page_ids",
    "target_class",
    "target_classes",
    "target_names",
]
