"""Every rule `inspect` checks, by id: the ids are stable so CI scripts and tests can rely on them."""

from __future__ import annotations

from dataclasses import dataclass

from courseforge.inspect.report import Problem, Severity

# Moodle's own strings (mod/scorm/lang/en/scorm.php: nomanifest, badimsmanifestlocation).
MOODLE_NO_MANIFEST = "Incorrect file package - missing imsmanifest.xml or AICC structure"
MOODLE_MANIFEST_NOT_AT_ROOT = (
    "An imsmanifest.xml file was found but it was not in the root of your zip file, "
    "please re-package your SCORM"
)


@dataclass(frozen=True)
class Rule:
    """One check: its id, how bad a failure is, and what it is about."""

    id: str
    severity: Severity
    summary: str

    def problem(self, message: str, where: str = "") -> Problem:
        return Problem(self.severity, self.id, message, where)


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
XML_MALFORMED = Rule("xml-malformed", E, "the manifest is well-formed XML of a sane size")
XML_ENTITY = Rule("xml-entity", E, "the manifest declares no entities and names no external DTD")
XSD_INVALID = Rule("xsd-invalid", E, "the manifest is valid against the official XSDs")

SCORM_PREFIX = Rule(
    "scorm-prefix",
    E,
    "extension elements use the prefixes adlcp/imsss/adlseq/adlnav; content-packaging elements "
    "use the default namespace (Moodle matches literal names)",
)
SCORM_SCHEMAVERSION = Rule(
    "scorm-schemaversion",
    E,
    "metadata/schemaversion is one of the exact strings Moodle maps to the package's version",
)
SCORM_SCORMTYPE = Rule(
    "scorm-scormtype",
    E,
    "every resource has adlcp:scormtype (1.2) / adlcp:scormType (2004), spelt exactly",
)
SCORM_MASTERYSCORE = Rule(
    "scorm-masteryscore", E, "SCORM 1.2 adlcp:masteryscore is a number from 0 to 100"
)
SCORM_ORGANIZATION = Rule(
    "scorm-organization", E, "organizations@default names an organization that has items"
)
SCORM_ITEM_REFERENCE = Rule(
    "scorm-item-reference", E, "every item@identifierref names a resource of the manifest"
)
SCORM_XML_BASE = Rule(
    "scorm-xml-base",
    E,
    "launch URLs do not depend on xml:base on <manifest>/<resources>, which Moodle ignores",
)
LAUNCH_FILE_MISSING = Rule("launch-file-missing", E, "every launch file is in the zip")
FILE_MISSING = Rule("file-missing", E, "every file the manifest declares is in the zip")
FILE_UNDECLARED = Rule(
    "file-undeclared", W, "every file in the zip is declared by a resource of the manifest"
)
CMI5_MASTERY_SCORE = Rule("cmi5-mastery-score", E, "cmi5 au@masteryScore is a decimal from 0 to 1")
CMI5_STRUCTURE = Rule("cmi5-structure", E, "cmi5.xml follows the cmi5 course structure rules")
TINCAN_NAMESPACE = Rule(
    "tincan-namespace", E, "tincan.xml uses the namespace http://projecttincan.com/tincan.xsd"
)
TINCAN_LAUNCH_COUNT = Rule(
    "tincan-launch-count", E, "tincan.xml has exactly one activity with a <launch>"
)
TINCAN_STRUCTURE = Rule("tincan-structure", E, "tincan.xml follows the TinCan package format")
INSPECT_FAILED = Rule(
    "inspect-failed", E, "inspect read the whole package (a failure here is a courseforge bug)"
)

RULES: tuple[Rule, ...] = tuple(value for value in globals().values() if isinstance(value, Rule))
