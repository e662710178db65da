"""The output targets: one small class per package format."""

from __future__ import annotations

import importlib

from courseforge.targets.base import Target

# Registry by name; each module defines TARGET. Imported lazily so a build pays only for its targets.
TARGET_NAMES = ("web", "scorm12", "scorm2004", "xapi", "cmi5")


def target_class(name: str) -> type[Target]:
    """Return the Target class registered under `name`."""
    if name not in TARGET_NAMES:
        raise KeyError(name)
    return importlib.import_module(f"courseforge.targets.{name}").TARGET


__all__ = ["TARGET_NAMES", "Target", "target_class"]
