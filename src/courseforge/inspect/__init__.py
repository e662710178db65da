"""Inspect any SCORM 1.2/2004, cmi5 or TinCan zip in memory: what it is and what LMSs will reject."""

from courseforge.inspect.inspector import expectations, inspect_package
from courseforge.inspect.report import LaunchableUnit, Problem, Report, Severity, SizeByType
from courseforge.inspect.rules import RULES, Rule

__all__ = [
    "RULES",
    "LaunchableUnit",
    "Problem",
    "Report",
    "Rule",
    "Severity",
    "SizeByType",
    "expectations",
    "inspect_package",
]
