"""The one inspection engine behind `courseforge inspect` and `courseforge validate PACKAGE.zip`."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import BinaryIO

from courseforge.inspect import entry_checks, rules
from courseforge.inspect.cmi5_rules import CMI5_XML, Cmi5StructureCheck
from courseforge.inspect.package_reader import ControlFile, PackageReader, UnreadablePackage
from courseforge.inspect.printable import printable
from courseforge.inspect.qti_rules import QTI_RESOURCE, QtiPackageCheck
from courseforge.inspect.report import KIND_NAMES, ManifestFindings, Problem, Report
from courseforge.inspect.rules import Rule
from courseforge.inspect.scorm_rules import MANIFEST, ScormManifestCheck
from courseforge.inspect.tincan_rules import TINCAN_XML, TincanPackageCheck

ANY_LMS_PACKAGE = "lms"
# `inspect` without --expect: any LMS package, or a plain site when the zip has no LMS manifest.
ANY_PACKAGE = "any"
WEB_LAUNCH = "index.html"
_SCORM_TYPE = re.compile(rb"scormtype\s*=", re.IGNORECASE)

# Where each package format keeps its manifest, and which LMS-side reader needs it at the root.
CONTROL_FILES = {
    MANIFEST: "Moodle",
    CMI5_XML: "mod_cmi5launch",
    TINCAN_XML: "mod_tincanlaunch",
}

# What ran on a manifest that could not be read as XML: the reading itself.
_READING_RULES = (rules.XML_MALFORMED, rules.XML_ENTITY)


def expected_kinds() -> dict[str, str]:
    """Return each `--expect` value → the package kind it asks for, from the target registry.

    Every launched target's package kind is accepted, and its target name when the two differ
    (xapi → tincan); "lms" accepts any LMS package.
    """
    from courseforge.targets import lms_targets  # late: the registry is metadata until asked

    kinds: dict[str, str] = {ANY_LMS_PACKAGE: ANY_LMS_PACKAGE}
    for cls in lms_targets():
        assert cls.package_kind is not None
        kinds.setdefault(cls.package_kind, cls.package_kind)
        kinds.setdefault(cls.name, cls.package_kind)
    kinds[rules.QTI] = rules.QTI  # the one question bank that is a package (the qti21 target)
    return kinds


def expectations() -> tuple[str, ...]:
    """Return every value `--expect` accepts."""
    return tuple(expected_kinds())


def inspect_package(
    source: Path | str | BinaryIO, *, expect: str = ANY_LMS_PACKAGE, name: str | None = None
) -> Report:
    """Inspect a SCORM 1.2/2004, cmi5, TinCan or QTI 2.1 zip without unpacking it.

    Args:
        source: the zip file (a path or a binary file object).
        expect: "lms" accepts any LMS package; a kind name also fails on any other kind;
            "web" accepts a plain site with index.html at the root (see `expectations()`);
            "any" accepts an LMS package, a QTI 2.1 question package, or a plain site
            when no manifest is there; "qti21" asks for a QTI 2.1 question package.

    Raises:
        ValueError: `expect` is none of `expectations()`.
        name: how to call the package in the report (default: the path).

    Returns:
        The report; `report.ok` is False when any rule found a problem.
    """
    if expect not in (ANY_LMS_PACKAGE, ANY_PACKAGE) and expect not in expected_kinds():
        raise ValueError(f"expect must be one of {', '.join(expectations())}, got {expect!r}")
    report = Report(package=name or str(source))
    try:
        reader = PackageReader(source)
    except UnreadablePackage as exc:
        report.problems.append(exc.rule.problem(str(exc)))
        report.rules_checked = [rules.ZIP_TOO_LARGE.id, rules.ZIP_INVALID.id]
        return report
    inspection = PackageInspection(reader, report, expect)
    with reader:
        try:
            inspection.run()
        except Exception as exc:  # noqa: BLE001 - a hostile zip gets a report, never a traceback
            report.problems.append(
                rules.INSPECT_FAILED.problem(
                    f"inspect stopped early on {type(exc).__name__}: {printable(str(exc))}; "
                    "please report this courseforge bug with the package"
                )
            )
        report.rules_checked = inspection.rules_checked()
    report.problems.sort(key=_problem_order)
    return report


def _problem_order(problem: Problem) -> tuple:
    where, _, line = problem.where.partition(":")
    return (where, int(line) if line.isdigit() else 0, problem.rule, problem.message)


class PackageInspection:
    """Decides what kind of package a zip is, then runs that kind's checks."""

    def __init__(self, reader: PackageReader, report: Report, expect: str):
        self.reader = reader
        self.report = report
        self.expect = (
            expect if expect in (ANY_LMS_PACKAGE, ANY_PACKAGE) else expected_kinds()[expect]
        )
        self.names: set[str] = set()
        self.ran: list[Rule] = []  # the kind's rules that ran, beyond the zip's own

    def run(self) -> None:
        reader, report = self.reader, self.report
        report.files = len(reader.infos)
        report.sizes = reader.sizes_by_type()
        report.size = sum(row.size for row in report.sizes)
        report.compressed = sum(row.compressed for row in report.sizes)
        report.problems += reader.name_problems()
        report.problems += reader.data_problems()
        self.names = reader.safe_names()
        self._identify_and_check()

    def rules_checked(self) -> list[str]:
        """Return the ids of the rules that ran: the zip's own, then the kind's that ran.

        A rule that reported a problem ran, whatever else stopped.
        """
        reported = {problem.rule for problem in self.report.problems}
        ran = {rule.id for rule in self.ran} | reported
        return [rule.id for rule in rules.RULES if rule.kinds is None or rule.id in ran]

    def _identify_and_check(self) -> None:
        if self.reader.at_root(MANIFEST):
            self._scorm()
        elif self.reader.at_root(CMI5_XML):
            self._cmi5()
        elif self.reader.at_root(TINCAN_XML):
            self._tincan()
        elif self._plain_site_wanted() and not self._misplaced_control_files(report=False):
            self._web()
        else:
            self._misplaced_control_files(report=True)
        self._check_expectation()

    def _plain_site_wanted(self) -> bool:
        if self.expect == ANY_PACKAGE:
            return self.reader.at_root(WEB_LAUNCH)  # without index.html, say it is no package
        return self.expect == "web"

    def _read(self, name: str) -> bytes | None:
        control = self._read_control_file(name)
        if control.problem:
            self.report.problems.append(control.problem)
        return control.data

    def _read_control_file(self, name: str) -> ControlFile:
        """Read a manifest, telling why it could not be unpacked when the data check did not.

        The data check skips a zip that unpacks too large; its manifests are still read.
        """
        control = self.reader.read_control_file(name)
        if control.unreadable and not self.reader.data_checked:
            problem = entry_checks.corrupt_entry_problem(name, control.unreadable)
            return dataclasses.replace(control, problem=problem)
        return control

    def _scorm(self) -> None:
        data = self._read(MANIFEST)
        self.report.kind = "scorm12"
        if data is None:
            return
        if QTI_RESOURCE.search(data) and not _SCORM_TYPE.search(data):
            self._qti(data)
            return
        found = ScormManifestCheck(data, self.names).run()
        self.report.kind = found.kind  # type: ignore[assignment]
        self._take(found)

    def _qti(self, manifest: bytes) -> None:
        self.report.kind = rules.QTI  # type: ignore[assignment]
        found = QtiPackageCheck(manifest, self.names, self._read_control_file).run()
        self._take(found)
        self.report.launch = ""  # imported into an item bank; nothing is launched from the zip

    def _cmi5(self) -> None:
        self.report.kind = "cmi5"
        data = self._read(CMI5_XML)
        if data is not None:
            self._take(Cmi5StructureCheck(data, self.names).run())

    def _tincan(self) -> None:
        self.report.kind = "tincan"
        data = self._read(TINCAN_XML)
        if data is not None:
            self._take(TincanPackageCheck(data, self.names).run())

    def _web(self) -> None:
        self.report.kind = "web"
        self.report.launch = WEB_LAUNCH
        self.ran += rules.rules_for("web")
        if WEB_LAUNCH not in self.names:
            self.report.problems.append(
                rules.LAUNCH_FILE_MISSING.problem(f"a web package needs {WEB_LAUNCH} at the root")
            )

    def _take(self, found: ManifestFindings) -> None:
        self.ran += rules.rules_for(self.report.kind) if found.parsed else _READING_RULES
        self.report.identifier = found.identifier
        self.report.title = found.title
        self.report.units = found.units
        self.report.launch = found.units[0].launch if found.units else ""
        self.report.version = found.version
        self.report.problems += found.problems

    def _misplaced_control_files(self, *, report: bool) -> bool:
        """Find manifests in a subfolder or with the wrong case; report them or Moodle's refusal."""
        misplaced = False
        for control, reader_name in CONTROL_FILES.items():
            for entry in self.reader.find_elsewhere(control):
                misplaced = True
                if not report:
                    continue
                if "/" not in entry:
                    problem = rules.MANIFEST_NAME_CASE.problem(
                        f"{entry} is not named exactly {control}; {reader_name} matches the "
                        "name case-sensitively and will not find it",
                        entry,
                    )
                elif control == MANIFEST:
                    problem = rules.MANIFEST_NOT_AT_ROOT.problem(
                        f"{entry} is in a subfolder; Moodle says: "
                        f'"{rules.MOODLE_MANIFEST_NOT_AT_ROOT}"',
                        entry,
                    )
                else:
                    problem = rules.MANIFEST_NOT_AT_ROOT.problem(
                        f"{entry} is in a subfolder; {reader_name} reads {control} only at the "
                        "zip root; zip the folder's contents, not the folder",
                        entry,
                    )
                self.report.problems.append(problem)
        if report and not misplaced:
            self.report.problems.append(
                rules.PACKAGE_KIND_UNKNOWN.problem(
                    "no imsmanifest.xml, cmi5.xml or tincan.xml at the zip root, so this is not "
                    f'an LMS package; Moodle says: "{rules.MOODLE_NO_MANIFEST}" '
                    "(for a plain web site, pass --expect web)"
                )
            )
        return misplaced

    def _check_expectation(self) -> None:
        if self.expect == ANY_LMS_PACKAGE and self.report.kind == rules.QTI:
            self.report.problems.append(
                rules.PACKAGE_KIND_MISMATCH.problem(
                    "expected an LMS package, found a QTI 2.1 question package: import it into "
                    "the question bank of an LMS that reads QTI 2.1, not as a SCORM activity"
                )
            )
            return
        if self.expect in (ANY_LMS_PACKAGE, ANY_PACKAGE) or self.report.kind in (
            self.expect,
            "unknown",
        ):
            return
        self.report.problems.append(
            rules.PACKAGE_KIND_MISMATCH.problem(
                f"expected a {KIND_NAMES[self.expect]} package, found {self.report.kind_name}"
            )
        )
