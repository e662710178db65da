"""Every rule `inspect` checks, by id: the ids are stable so CI scripts and tests can rely on them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from courseforge.inspect.report import Problem, Severity
from courseforge.standards import findings
from courseforge.standards.findings import Finding

# Moodle's own strings (mod/scorm/lang/en/scorm.php: nomanifest, badimsmanifestlocation).
MOODLE_NO_MANIFEST = "Incorrect file package - missing imsmanifest.xml or AICC structure"
MOODLE_MANIFEST_NOT_AT_ROOT = (
    "An imsmanifest.xml file was found but it was not in the root of your zip file, "
    "please re-package your SCORM"
)


SCORM = ("scorm12", "scorm2004")
MANIFESTED = (*SCORM, "cmi5", "tincan")  # the kinds with a manifest file to read
QTI = "qti21"  # a QTI 2.1 question package: imported into an item bank, not launched


@dataclass(frozen=True)
class Rule:
    """One check: its id, how bad a failure is, what it is about, and where it applies.

    `kinds`: the package kinds it checks (inspect/report.py PackageKind); None for the whole
    zip, whatever it holds. `supersedes`: ids of more general rules whose problem about the
    same subject at the same place this rule's problem replaces (it says it better).
    """

    id: str
    severity: Severity
    summary: str
    kinds: tuple[str, ...] | None = None
    supersedes: tuple[str, ...] = ()

    def problem(self, message: str, where: str = "", subject: str = "") -> Problem:
        return Problem(self.severity, self.id, message, where, subject)


E, W = Severity.ERROR, Severity.WARNING

ZIP_INVALID = Rule("zip-invalid", E, "the file is a readable zip archive")
ZIP_UNSAFE_NAME = Rule(
    "zip-unsafe-name", E, "no entry name is absolute, contains `..`, a backslash or a drive letter"
)
ZIP_DUPLICATE_NAME = Rule("zip-duplicate-name", E, "no two entries share a name")
ZIP_CASE_COLLISION = Rule(
    "zip-case-collision",
    W,
    "no two entry names differ only in letter case (one replaces the other on Windows and macOS)",
)
ZIP_NAME_CHARACTERS = Rule(
    "zip-name-characters", E, "no entry name contains control characters or bidi overrides"
)
ZIP_SYMLINK = Rule("zip-symlink", E, "no entry is a symbolic link (zip external attributes)")
ZIP_ENTRY_CORRUPT = Rule(
    "zip-entry-corrupt", E, "every entry unpacks and matches its CRC-32 (each one is read through)"
)
ZIP_TOO_LARGE = Rule(
    "zip-too-large",
    E,
    "the zip has at most 50,000 entries unpacking to at most 2 GiB (beyond that it is not read)",
)
PACKAGE_KIND_UNKNOWN = Rule(
    "package-kind-unknown", E, "imsmanifest.xml, cmi5.xml or tincan.xml sits at the zip root"
)
PACKAGE_KIND_MISMATCH = Rule("package-kind-mismatch", E, "the package is of the --expect kind")
MANIFEST_NOT_AT_ROOT = Rule(
    "manifest-not-at-root", E, "the manifest is at the zip root, not in a subfolder"
)
MANIFEST_NAME_CASE = Rule(
    "manifest-name-case", E, "the manifest's name has exactly the right case (imsmanifest.xml)"
)
XML_MALFORMED = Rule(
    findings.XML_MALFORMED,
    E,
    "the manifest (and each QTI item and test) is well-formed XML of a sane size",
    (*MANIFESTED, QTI),
)
XML_ENTITY = Rule(
    "xml-entity",
    E,
    "the manifest declares no entities and names no external DTD",
    (*MANIFESTED, QTI),
)
XSD_INVALID = Rule(
    findings.XSD_INVALID,
    E,
    "the manifest (and each QTI item and test) is valid against the official XSDs",
    (*SCORM, "cmi5", QTI),
)

SCORM_PREFIX = Rule(
    "scorm-prefix",
    E,
    "extension elements use the prefixes adlcp/imsss/adlseq/adlnav; content-packaging elements "
    "use the default namespace (Moodle matches literal names)",
    SCORM,
)
SCORM_SCHEMAVERSION = Rule(
    "scorm-schemaversion",
    E,
    "metadata/schemaversion is one of the exact strings Moodle maps to the package's version",
    SCORM,
)
SCORM_SCORMTYPE = Rule(
    "scorm-scormtype",
    E,
    "every resource has adlcp:scormtype (1.2) / adlcp:scormType (2004), spelt exactly",
    SCORM,
    supersedes=(findings.XSD_INVALID,),
)
SCORM_MASTERYSCORE = Rule(
    "scorm-masteryscore",
    E,
    "SCORM 1.2 adlcp:masteryscore is a number from 0 to 100",
    ("scorm12",),
    supersedes=(findings.XSD_INVALID,),
)
SCORM_ORGANIZATION = Rule(
    "scorm-organization", E, "organizations@default names an organization that has items", SCORM
)
SCORM_ITEM_REFERENCE = Rule(
    "scorm-item-reference", E, "every item@identifierref names a resource of the manifest", SCORM
)
SCORM_XML_BASE = Rule(
    "scorm-xml-base",
    E,
    "launch URLs do not depend on xml:base on <manifest>/<resources>, which Moodle ignores",
    SCORM,
)
LAUNCH_FILE_MISSING = Rule(
    findings.LAUNCH_FILE_MISSING,
    E,
    "every launch file is in the zip",
    (*MANIFESTED, "web"),
    supersedes=(findings.CMI5_STRUCTURE, findings.TINCAN_STRUCTURE),
)
FILE_MISSING = Rule(
    "file-missing", E, "every file the manifest declares is in the zip", (*SCORM, QTI)
)
FILE_UNDECLARED = Rule(
    "file-undeclared",
    W,
    "every file in the zip is declared by a resource of the manifest",
    (*SCORM, QTI),
)
CMI5_MASTERY_SCORE = Rule(
    findings.CMI5_MASTERY_SCORE,
    E,
    "cmi5 au@masteryScore is a decimal from 0 to 1",
    ("cmi5",),
    supersedes=(findings.XSD_INVALID, findings.CMI5_STRUCTURE),
)
CMI5_STRUCTURE = Rule(
    findings.CMI5_STRUCTURE, E, "cmi5.xml follows the cmi5 course structure rules", ("cmi5",)
)
TINCAN_NAMESPACE = Rule(
    "tincan-namespace",
    E,
    "tincan.xml uses the namespace http://projecttincan.com/tincan.xsd",
    ("tincan",),
    supersedes=(findings.TINCAN_STRUCTURE,),
)
TINCAN_LAUNCH_COUNT = Rule(
    "tincan-launch-count",
    E,
    "tincan.xml has exactly one activity with a <launch>",
    ("tincan",),
    supersedes=(findings.TINCAN_STRUCTURE,),
)
TINCAN_STRUCTURE = Rule(
    findings.TINCAN_STRUCTURE, E, "tincan.xml follows the TinCan package format", ("tincan",)
)
QTI_REFERENCE = Rule(
    "qti-reference",
    E,
    "each QTI item/test resource holds an assessmentItem/assessmentTest, and every "
    "assessmentItemRef of a test names a file in the zip",
    (QTI,),
)
INSPECT_FAILED = Rule(
    "inspect-failed", E, "inspect read the whole package (a failure here is a courseforge bug)"
)

RULES: tuple[Rule, ...] = tuple(value for value in globals().values() if isinstance(value, Rule))
RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}


def rules_for(kind: str) -> tuple[Rule, ...]:
    """Return the rules that check a package of this kind beyond the zip itself."""
    return tuple(rule for rule in RULES if rule.kinds is not None and kind in rule.kinds)


def problems_of(found: Iterable[Finding], file_name: str) -> list[Problem]:
    """Turn a standards check's findings into problems at file_name:line, under their rules."""
    return [
        RULES_BY_ID[f.rule].problem(
            f.message, f"{file_name}:{f.line}" if f.line else file_name, f.subject
        )
        for f in found
    ]


def with_precedence(problems: list[Problem]) -> list[Problem]:
    """Drop each problem a more specific rule's problem replaces: same place, same subject.

    Explicit (each Rule's `supersedes`), so a specific rule never hides a problem about
    something else on its line.
    """
    replaced = {
        (general, p.where, p.subject.lower())
        for p in problems
        if p.subject
        for general in RULES_BY_ID[p.rule].supersedes
    }
    return [p for p in problems if (p.rule, p.where, p.subject.lower()) not in replaced]
