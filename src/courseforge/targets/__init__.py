"""The output targets: one small class per package format."""

from __future__ import annotations

import importlib

from courseforge.targets.base import Target

# Registry by name; each module defines TARGET. Imported lazily so a build pays only for its targets.
# The question banks (moodle-xml, gift, qti21) are for teachers, not learners: opt-in by name.
TARGET_NAMES = ("web", "scorm12", "scorm2004", "xapi", "cmi5", "moodle-xml", "gift", "qti21")


def target_class(name: str) -> type[Target]:
    """Return the Target class registered under `name`."""
    if name not in TARGET_NAMES:
        raise KeyError(name)
    module = name.replace("-", "_")  # moodle-xml lives in moodle_xml.py
    return importlib.import_module(f"courseforge.targets.{module}").TARGET


__all__ = ["TARGET_NAMES", "Target", "target_class"]
