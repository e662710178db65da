"""Check an IMS QTI 2.1 content package: the manifest, every item and test, every file named.

The manifest is IMS CP 1.1 and each `imsqti_item_xmlv2p1` / `imsqti_test_xmlv2p1` resource a
QTI 2.1 document (QTI 2.1 Final, section "Packaging"); all are validated against the official
IMS schemas shipped in courseforge.schemas (kinds `qti21_manifest` and `qti21`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import PurePosixPath

from lxml import etree

from courseforge.inspect import rules
from courseforge.inspect.manifest_xml import (
    ManifestCheck,
    ManifestSyntaxError,
    child,
    children,
    local_name,
    not_in_zip,
    package_path,
    parse_manifest,
    text_of,
)
from courseforge.inspect.package_reader import ControlFile
from courseforge.inspect.report import LaunchableUnit, Problem
from courseforge.inspect.scorm_rules import MANIFEST
from courseforge.standards.xsd import validate_manifest

# A resource of either type makes the manifest a QTI package (unless it also has SCOs).
QTI_RESOURCE = re.compile(rb"""type\s*=\s*["']imsqti_(?:item|test)_xmlv2p\d""")
# Resource type → the root element its file must have.
QTI_ROOTS = {"imsqti_item_xmlv2p1": "assessmentItem", "imsqti_test_xmlv2p1": "assessmentTest"}


class QtiPackageCheck(ManifestCheck):
    """Reads imsmanifest.xml, then each QTI document it declares, the way an item bank would."""

    file_name = MANIFEST

    def __init__(self, data: bytes, zip_names: set[str], read_file: Callable[[str], ControlFile]):
        super().__init__(data, zip_names)
        self.read_file = read_file
        self.declared: set[str] = set()
        self.read_documents: set[tuple[str, str]] = set()  # (path, root it must have)

    def read(self, root: etree._Element) -> None:
        findings = self.findings
        findings.identifier = root.get("identifier", "")
        findings.title = _lom_title(root)
        findings.problems += rules.problems_of(
            validate_manifest(self.data, "qti21_manifest"), MANIFEST
        )
        holder = child(root, "resources")
        for resource in children(holder, "resource") if holder is not None else []:
            self._resource(resource)
        findings.problems += self._undeclared_problems()

    def _where(self, element: etree._Element) -> str:
        # lxml numbers every parsed element from 1 (past line 65,535 too): no fallback needed.
        return f"{MANIFEST}:{element.sourceline}"

    def _resource(self, resource: etree._Element) -> None:
        identifier = resource.get("identifier", "")
        missing: set[str] = set()
        named = [(resource, resource.get("href", ""))]
        named += [(file, file.get("href", "")) for file in children(resource, "file")]
        for element, href in named:
            path = package_path("", href)
            if path is None:
                continue
            self.declared.add(path)
            if path not in self.zip_names and path not in missing:
                missing.add(path)
                self.findings.problems.append(
                    rules.FILE_MISSING.problem(
                        f"resource {identifier!r} declares {path}, {not_in_zip(path)}",
                        self._where(element),
                    )
                )
        root_name = QTI_ROOTS.get(resource.get("type", ""))
        path = package_path("", resource.get("href", ""))
        if root_name and path in self.zip_names and (path, root_name) not in self.read_documents:
            self.read_documents.add((path, root_name))
            self._document(identifier, path, root_name)

    def _document(self, identifier: str, path: str, root_name: str) -> None:
        """Validate one item or test file; a test's item references must name files here."""
        control = self.read_file(path)
        if control.problem:
            self.findings.problems.append(control.problem)
        if control.data is None:
            return  # too big (reported above) or corrupt (zip-entry-corrupt reports it)
        try:
            root = parse_manifest(control.data, path)
        except ManifestSyntaxError as exc:
            self.findings.problems.append(exc.problem)
            return
        if local_name(root) != root_name:
            self.findings.problems.append(
                rules.QTI_REFERENCE.problem(
                    f"resource {identifier!r} is typed for an <{root_name}>, but {path} holds "
                    f"<{local_name(root)}>; QTI importers read it by its resource type",
                    f"{path}:{root.sourceline}",
                )
            )
        self.findings.problems += rules.problems_of(validate_manifest(control.data, "qti21"), path)
        if root_name != "assessmentTest" or local_name(root) != root_name:
            return
        self.findings.units.append(
            LaunchableUnit(identifier, root.get("title", ""), path, kind="test")
        )
        for reference in root.iter(etree.Element):
            if local_name(reference) != "assessmentItemRef":
                continue
            target = package_path(path, reference.get("href", ""))
            if target is not None and target not in self.zip_names:
                self.findings.problems.append(
                    rules.QTI_REFERENCE.problem(
                        f"item {reference.get('identifier', '')!r} of the test is {target}, "
                        f"{not_in_zip(target)}",
                        f"{path}:{reference.sourceline}",
                    )
                )

    def _undeclared_problems(self) -> list[Problem]:
        problems = []
        for name in sorted(self.zip_names - self.declared - {MANIFEST}):
            if PurePosixPath(name).suffix.lower() in {".xsd", ".dtd"}:
                continue  # schemas travel with packages undeclared
            problems.append(
                rules.FILE_UNDECLARED.problem(
                    f"{name} is in the zip but no resource declares it (<file href>); IMS "
                    "content packaging lists every file a resource uses",
                    name,
                )
            )
        return problems


def _lom_title(root: etree._Element) -> str:
    """Return the package title the manifest's IMS metadata gives (metadata/lom/general/title)."""
    node: etree._Element | None = root
    for name in ("metadata", "lom", "general", "title"):
        node = child(node, name) if node is not None else None
    return text_of(node)
