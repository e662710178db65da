"""The typed result of inspecting a package: what it is, how it launches, what is wrong."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Literal

PackageKind = Literal["scorm12", "scorm2004", "cmi5", "tincan", "web", "qti21", "unknown"]

KIND_NAMES: dict[str, str] = {
    "scorm12": "SCORM 1.2",
    "scorm2004": "SCORM 2004",
    "cmi5": "cmi5",
    "tincan": "xAPI (TinCan)",
    "web": "plain web site",
    "qti21": "QTI 2.1 question package",
    "unknown": "unknown",
}

# Bumped when a field of the JSON report changes meaning, so CI scripts can check it.
REPORT_FORMAT = 1


class Severity(str, Enum):
    """How bad a problem is; both count as problems (exit 1)."""

    ERROR = "error"  # an LMS rejects the package or tracking breaks
    WARNING = "warning"  # the package deviates from its standard; some LMSs tolerate it


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the package, with the rule that found it and where."""

    severity: Severity
    rule: str
    message: str
    where: str = ""  # "imsmanifest.xml:12", a zip entry name, or "" for the whole package
    # The element or attribute it is about, for precedence between rules (rules.py); internal.
    subject: str = field(default="", compare=False, repr=False)

    def __str__(self) -> str:
        where = f"{self.where}: " if self.where else ""
        return f"{where}{self.severity.value}: {self.message} [{self.rule}]"


@dataclass(frozen=True)
class LaunchableUnit:
    """A SCO, an asset item, a cmi5 AU, a TinCan activity or a QTI test: what a learner takes."""

    identifier: str
    title: str
    launch: str  # the URL the LMS opens, relative to the package root unless absolute
    kind: str = ""  # "sco", "asset", "au", "activity", "test"
    mastery: dict[str, str] = field(default_factory=dict)  # setting name → value as written


@dataclass
class ManifestFindings:
    """What one manifest says about the package, and what is wrong with it."""

    identifier: str = ""
    title: str = ""
    version: str = ""
    units: list[LaunchableUnit] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    parsed: bool = False  # the manifest was read as XML, so the kind's own rules ran


@dataclass(frozen=True)
class SizeByType:
    """Files of one type (lower-case extension) in the zip."""

    extension: str
    files: int
    size: int  # uncompressed bytes
    compressed: int


@dataclass
class Report:
    """Everything `inspect` learned about one package."""

    package: str
    kind: PackageKind = "unknown"
    version: str = ""  # SCORM schemaversion, cmi5/TinCan namespace version, as written
    title: str = ""
    identifier: str = ""
    launch: str = ""  # what launches first
    units: list[LaunchableUnit] = field(default_factory=list)
    files: int = 0
    size: int = 0
    compressed: int = 0
    sizes: list[SizeByType] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rules_checked: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def kind_name(self) -> str:
        return KIND_NAMES[self.kind]

    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    def to_dict(self) -> dict:
        """Return the JSON form of the report (stable keys, see REPORT_FORMAT)."""
        data = asdict(self)
        data["problems"] = [
            {"severity": p.severity.value, "rule": p.rule, "message": p.message, "where": p.where}
            for p in self.problems
        ]
        return {"format": REPORT_FORMAT, "ok": self.ok, "kind_name": self.kind_name, **data}

    def to_json(self) -> str:
        """Return the JSON report as printed: indented, no control or bidi character raw."""
        from courseforge.inspect.printable import printable_json

        return printable_json(self.to_dict())
