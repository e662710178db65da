"""Check an imsmanifest.xml the way ADL's schemas and Moodle's importer read it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import PurePosixPath
from xml.parsers import expat

from lxml import etree

from courseforge.inspect import rules
from courseforge.inspect.manifest_xml import (
    ManifestCheck,
    attribute,
    child,
    children,
    local_name,
    namespace,
    not_in_zip,
    package_path,
    text_of,
)
from courseforge.inspect.report import LaunchableUnit, ManifestFindings, Problem
from courseforge.standards.xsd import validate_manifest

MANIFEST = "imsmanifest.xml"

CP_12 = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
CP_2004 = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP_12 = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
ADLCP_2004 = "http://www.adlnet.org/xsd/adlcp_v1p3"
IMSSS = "http://www.imsglobal.org/xsd/imsss"
ADLSEQ = "http://www.adlnet.org/xsd/adlseq_v1p3"
ADLNAV = "http://www.adlnet.org/xsd/adlnav_v1p3"
XML_NS = "http://www.w3.org/XML/1998/namespace"

# Moodle upper-cases literal names and matches "ADLCP:…", "IMSSS:…": only these prefixes work.
EXPECTED_PREFIX = {
    ADLCP_12: "adlcp",
    ADLCP_2004: "adlcp",
    IMSSS: "imsss",
    ADLSEQ: "adlseq",
    ADLNAV: "adlnav",
}
SCORM_2004_ONLY = {ADLCP_2004, IMSSS, ADLSEQ, ADLNAV}

# mod/scorm/datamodels/scormlib.php: these exact strings mean 2004, anything else 1.2.
_MOODLE_2004_VERSION = re.compile(r"^(?:(?:CAM )?1\.3|2004 (?:3rd|4th) Edition)$")
MOODLE_2004_VERSIONS = ('"CAM 1.3"', '"2004 3rd Edition"', '"2004 4th Edition"')


def moodle_version(schemaversion: str | None) -> str:
    """Return the SCORM version Moodle runs a manifest with ("scorm12" or "scorm2004")."""
    if schemaversion is not None and _MOODLE_2004_VERSION.match(schemaversion):
        return "scorm2004"
    return "scorm12"


@dataclass
class ScormFindings(ManifestFindings):
    """A manifest's findings, plus its SCORM version and every file it declares."""

    kind: str = "scorm12"
    declared: set[str] = field(default_factory=set)


def prefix_problems(data: bytes) -> list[Problem]:
    """Find extension names written with another prefix, and prefixed content-packaging elements."""
    # expat without namespace processing reports names exactly as written, like Moodle reads them.
    parser = expat.ParserCreate()
    scopes: list[dict[str, str]] = [{"xml": XML_NS}]
    found: dict[tuple[str, str], list] = {}  # (written prefix, namespace) → [line, count, name]

    def note(qname: str, scope: dict[str, str], is_attribute: bool) -> None:
        prefix, _, _ = qname.rpartition(":")
        # Unprefixed attributes are in no namespace; unprefixed elements in the default one.
        default = "" if is_attribute else scope.get("", "")
        uri = scope.get(prefix, "") if prefix else default
        wrong = (uri in EXPECTED_PREFIX and prefix != EXPECTED_PREFIX[uri]) or (
            uri in (CP_12, CP_2004) and prefix and not is_attribute
        )
        if wrong:
            entry = found.setdefault((prefix, uri), [parser.CurrentLineNumber, 0, qname])
            entry[1] += 1

    def start(name: str, attrs: dict[str, str]) -> None:
        scope = dict(scopes[-1])
        for key, value in attrs.items():
            if key == "xmlns":
                scope[""] = value
            elif key.startswith("xmlns:"):
                scope[key[6:]] = value
        scopes.append(scope)
        note(name, scope, False)
        # Declarations too: "xmlns" and "xmlns:…" are in no namespace (lxml refuses xmlns:xmlns).
        for key in attrs:
            note(key, scope, True)

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda _name: scopes.pop()
    try:
        parser.Parse(data, True)
    except expat.ExpatError:
        return []  # reported as xml-malformed by the lxml parse
    problems = []
    for (prefix, uri), (line, count, example) in sorted(found.items(), key=lambda i: i[1][0]):
        expected = EXPECTED_PREFIX.get(uri)
        if expected:
            wanted = f"the prefix `{expected}:`"
            shown = f"`{prefix}:`" if prefix else "no prefix"
        else:
            wanted = "no prefix (the default namespace)"
            shown = f"`{prefix}:`"
        times = f"{count} names use" if count > 1 else "1 name uses"
        problems.append(
            rules.SCORM_PREFIX.problem(
                f"{times} {shown} for {uri}, e.g. `{example}`; Moodle matches literal names and "
                f"needs {wanted}, so it will not see them",
                f"{MANIFEST}:{line}",
            )
        )
    return problems


class ScormManifestCheck(ManifestCheck):
    """Reads one imsmanifest.xml: version, launch, SCOs, mastery, files, and Moodle's rules."""

    file_name = MANIFEST
    findings: ScormFindings

    def __init__(self, data: bytes, zip_names: set[str]):
        super().__init__(data, zip_names)
        self._launched_resources: set[str] = set()

    def new_findings(self) -> ScormFindings:
        return ScormFindings()

    def read(self, root: etree._Element) -> None:
        found = self.findings
        found.identifier = root.get("identifier", "")
        schemaversion = self._schemaversion(root)
        found.version = schemaversion or ""
        found.kind = self._intended_kind(root, schemaversion)
        found.problems += self._schemaversion_problems(root, schemaversion)
        found.problems += prefix_problems(self.data)
        resources = self._resources(root)
        found.problems += self._scormtype_problems(resources)
        found.units = self._units(root, resources)
        found.problems += self._file_problems(root, resources)
        found.problems += self._xsd_problems()

    @staticmethod
    def _where(element: etree._Element) -> str:
        # lxml numbers every parsed element from 1 (past line 65,535 too): no fallback needed.
        return f"{MANIFEST}:{element.sourceline}"

    @staticmethod
    def _schemaversion_element(root: etree._Element) -> etree._Element | None:
        metadata = child(root, "metadata")
        return child(metadata, "schemaversion") if metadata is not None else None

    def _schemaversion(self, root: etree._Element) -> str | None:
        version = self._schemaversion_element(root)
        return None if version is None else text_of(version)

    @staticmethod
    def _intended_kind(root: etree._Element, schemaversion: str | None) -> str:
        """Tell 1.2 from 2004 by the namespaces in use, falling back on schemaversion."""
        used = {namespace(element) for element in root.iter()}
        for element in root.iter():
            used.update(etree.QName(key).namespace or "" for key in element.attrib)
        if used & SCORM_2004_ONLY:
            return "scorm2004"
        if ADLCP_12 in used or CP_12 in used:
            return "scorm12"
        return moodle_version(schemaversion)

    def _schemaversion_problems(
        self, root: etree._Element, schemaversion: str | None
    ) -> list[Problem]:
        kind = self.findings.kind
        element = self._schemaversion_element(root)
        where = self._where(element if element is not None else root)
        if schemaversion is None:
            if kind == "scorm12":
                return []  # Moodle runs it as 1.2 anyway; the 1.2 XSD decides if it is required
            return [
                rules.SCORM_SCHEMAVERSION.problem(
                    "no <metadata><schemaversion>: Moodle runs this SCORM 2004 package as "
                    "SCORM 1.2, so its SCOs never find API_1484_11",
                    where,
                )
            ]
        read_as = moodle_version(schemaversion)
        if read_as == kind:
            return []
        if kind == "scorm2004":
            hint = next(
                (
                    f"; did you mean {known}?"
                    for known in MOODLE_2004_VERSIONS
                    if known.strip('"').lower() == schemaversion.lower()
                ),
                "",
            )
            message = (
                f"schemaversion {schemaversion!r} is not one Moodle knows for SCORM 2004 "
                f"({', '.join(MOODLE_2004_VERSIONS)}, exact case): it runs the package as "
                f"SCORM 1.2, so its SCOs never find API_1484_11{hint}"
            )
        else:
            message = (
                f"schemaversion {schemaversion!r} makes Moodle run this SCORM 1.2 package as "
                'SCORM 2004, so its SCOs never find window.API; use "1.2"'
            )
        return [rules.SCORM_SCHEMAVERSION.problem(message, where)]

    def _xsd_problems(self) -> list[Problem]:
        return rules.problems_of(validate_manifest(self.data, self.findings.kind), MANIFEST)

    @staticmethod
    def _resources(root: etree._Element) -> dict[str, etree._Element]:
        holder = child(root, "resources")
        if holder is None:
            return {}
        return {res.get("identifier", ""): res for res in children(holder, "resource")}

    def _scormtype_problems(self, resources: dict[str, etree._Element]) -> list[Problem]:
        adlcp = ADLCP_2004 if self.findings.kind == "scorm2004" else ADLCP_12
        expected = "scormType" if self.findings.kind == "scorm2004" else "scormtype"
        problems = []
        for identifier, resource in resources.items():
            names = [
                etree.QName(key)
                for key in resource.attrib
                if etree.QName(key).localname.lower() == "scormtype"
            ]
            if any(name.namespace == adlcp and name.localname == expected for name in names):
                continue
            if names:
                written = ", ".join(
                    f"{{{n.namespace}}}{n.localname}" if n.namespace else n.localname for n in names
                )
                detail = (
                    f"has {written} instead of adlcp:{expected} in {adlcp}; "
                    "the schema skips unknown attributes, so this passes XSD but LMSs "
                    "cannot tell a SCO from an asset"
                )
            else:
                detail = f"has no adlcp:{expected}; LMSs cannot tell a SCO from an asset"
            problems.append(
                rules.SCORM_SCORMTYPE.problem(
                    f"resource {identifier!r} {detail}", self._where(resource), "scormtype"
                )
            )
        return problems

    def _default_organization(self, root: etree._Element) -> etree._Element | None:
        holder = child(root, "organizations")
        organizations = children(holder, "organization") if holder is not None else []
        default = holder.get("default") if holder is not None else None
        if not organizations:
            self.findings.problems.append(
                rules.SCORM_ORGANIZATION.problem(
                    "no <organization>: there is no course structure for an LMS to launch",
                    self._where(holder if holder is not None else root),
                )
            )
            return None
        if default is None:
            return organizations[0]
        for organization in organizations:
            if organization.get("identifier") == default:
                return organization
        self.findings.problems.append(
            rules.SCORM_ORGANIZATION.problem(
                f"organizations@default is {default!r} but no organization has that identifier",
                self._where(holder),
            )
        )
        return organizations[0]

    def _units(
        self, root: etree._Element, resources: dict[str, etree._Element]
    ) -> list[LaunchableUnit]:
        organization = self._default_organization(root)
        if organization is None:
            return []
        self.findings.title = text_of(child(organization, "title"))
        referring = [
            item
            for item in organization.iter()
            if local_name(item) == "item" and item.get("identifierref") is not None
        ]
        if not referring:
            self.findings.problems.append(
                rules.SCORM_ORGANIZATION.problem(
                    "the default organization has no item that refers to a resource: "
                    "nothing to launch",
                    self._where(organization),
                )
            )
        units = []
        for item in referring:
            reference = item.attrib["identifierref"]
            resource = resources.get(reference)
            if resource is None:
                self.findings.problems.append(
                    rules.SCORM_ITEM_REFERENCE.problem(
                        f"item {item.get('identifier', '')!r} refers to resource {reference!r}, "
                        "which the manifest does not have",
                        self._where(item),
                    )
                )
                continue
            self._launched_resources.add(reference)
            units.append(
                LaunchableUnit(
                    identifier=item.get("identifier", ""),
                    title=text_of(child(item, "title")),
                    launch=self._moodle_launch(item, resource),
                    kind=(
                        attribute(resource, "scormType") or attribute(resource, "scormtype") or ""
                    ).lower(),
                    mastery=self._mastery(item),
                )
            )
        return units

    @staticmethod
    def _moodle_launch(item: etree._Element, resource: etree._Element) -> str:
        """Return the URL Moodle opens: the resource's own xml:base + href, then parameters."""
        launch = resource.get(f"{{{XML_NS}}}base", "") + resource.get("href", "")
        parameters = item.get("parameters", "")
        if parameters:
            parameters = parameters.lstrip("?&")
            launch += ("&" if "?" in launch else "?") + parameters
        return launch

    def _mastery(self, item: etree._Element) -> dict[str, str]:
        settings: dict[str, str] = {}
        if self.findings.kind == "scorm12":
            score = child(item, "masteryscore")
            if score is not None:
                settings["masteryscore"] = text_of(score)
                self._check_masteryscore(score)
            return settings
        threshold = child(item, "completionThreshold")
        if threshold is not None:
            value = text_of(threshold) or threshold.get("minProgressMeasure", "")
            settings["completionThreshold"] = value
        sequencing = child(item, "sequencing")
        objectives = child(sequencing, "objectives") if sequencing is not None else None
        primary = child(objectives, "primaryObjective") if objectives is not None else None
        if primary is not None:
            if primary.get("satisfiedByMeasure") is not None:
                settings["satisfiedByMeasure"] = primary.get("satisfiedByMeasure", "")
            measure = child(primary, "minNormalizedMeasure")
            if measure is not None:
                settings["minNormalizedMeasure"] = text_of(measure)
        return settings

    def _check_masteryscore(self, score: etree._Element) -> None:
        value = text_of(score)
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or not 0 <= number <= 100:
            self.findings.problems.append(
                rules.SCORM_MASTERYSCORE.problem(
                    f"adlcp:masteryscore is {value!r}; SCORM 1.2 needs a number from 0 to 100 "
                    "(the XSD accepts any string, LMSs compare it with cmi.core.score.raw)",
                    self._where(score),
                    "masteryscore",
                )
            )

    def _file_problems(
        self, root: etree._Element, resources: dict[str, etree._Element]
    ) -> list[Problem]:
        holder = child(root, "resources")
        outer_base = root.get(f"{{{XML_NS}}}base", "") + (
            holder.get(f"{{{XML_NS}}}base", "") if holder is not None else ""
        )
        problems: list[Problem] = []
        declared = self.findings.declared
        reported: set[str] = set()
        for identifier, resource in resources.items():
            own_base = resource.get(f"{{{XML_NS}}}base", "")
            base = outer_base + own_base
            href = resource.get("href")
            if href:
                path = package_path(base, href)
                if path is not None:
                    declared.add(path)
                if identifier in self._launched_resources:
                    problems += self._launch_problems(identifier, resource, base, own_base, href)
                    reported.add(path or "")
            for file in children(resource, "file"):
                path = package_path(base, file.get("href", ""))
                if path is None:
                    continue
                declared.add(path)
                if path not in self.zip_names and path not in reported:
                    reported.add(path)
                    problems.append(
                        rules.FILE_MISSING.problem(
                            f"resource {identifier!r} declares {path}, {not_in_zip(path)}",
                            self._where(file),
                        )
                    )
        problems += self._undeclared_problems()
        return problems

    def _launch_problems(
        self, identifier: str, resource: etree._Element, base: str, own_base: str, href: str
    ) -> list[Problem]:
        where = self._where(resource)
        by_spec = package_path(base, href)
        by_moodle = package_path(own_base, href)
        problems = []
        if by_spec != by_moodle:
            problems.append(
                rules.SCORM_XML_BASE.problem(
                    f"resource {identifier!r} launches {by_spec} by the xml:base of <manifest> or "
                    f"<resources>, which Moodle ignores: Moodle opens {by_moodle} instead; put "
                    "xml:base on the resource itself",
                    where,
                )
            )
        # When the two differ the xml:base problem names Moodle's path; check the intended one.
        if by_spec is not None and by_spec not in self.zip_names:
            problems.append(
                rules.LAUNCH_FILE_MISSING.problem(
                    f"resource {identifier!r} launches {by_spec}, {not_in_zip(by_spec)}", where
                )
            )
        return problems

    def _undeclared_problems(self) -> list[Problem]:
        problems = []
        for name in sorted(self.zip_names - self.findings.declared - {MANIFEST}):
            # Schemas are package infrastructure that conformant packages ship undeclared.
            if PurePosixPath(name).suffix.lower() in {".xsd", ".dtd"}:
                continue
            problems.append(
                rules.FILE_UNDECLARED.problem(
                    f"{name} is in the zip but no resource declares it (<file href>); "
                    "SCORM content packaging lists every file (ADL's test suite checks it)",
                    name,
                )
            )
        return problems
