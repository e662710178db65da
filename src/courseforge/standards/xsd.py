"""Validate package manifests against the official XSDs shipped in courseforge.schemas.

The schema files are read through importlib.resources and fed to libxml2 from memory under a
private base URL, so validation never touches the network, never writes to disk and works
from a zipped install too. Two SCORM 1.2 schemas need patches libxml2 insists on (applied in
memory only; see schemas/xsd/SOURCES.md).

On top of the XSDs, a name entering one of the validated namespaces (adlcp, imsss, …) must be
declared by that namespace's schema: SCORM 2004's lax wildcards would otherwise let a misspelt
extension through, which LMSs then ignore without a word.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from importlib import resources
from typing import Literal

from lxml import etree

from courseforge.standards.findings import XML_ENTITY, XSD_INVALID, Finding, malformed

ManifestKind = Literal["scorm12", "scorm2004", "cmi5", "qti21", "qti21_manifest"]
MANIFEST_KINDS: tuple[ManifestKind, ...] = ("scorm12", "scorm2004", "cmi5")
# QTI 2.1 documents (items and tests; the content package manifest) for the question banks.
QTI_KINDS: tuple[ManifestKind, ...] = ("qti21", "qti21_manifest")

# Every schema is loaded under this base so relative imports resolve back to the resolver.
_BASE = "file:///courseforge-xsd/"
_W3C_XML_XSD = "http://www.w3.org/2001/xml.xsd"

# Schema file → in-memory replacements libxml2 needs; the files on disk stay upstream bytes.
_PATCHES: dict[str, tuple[tuple[bytes, bytes], ...]] = {
    # It binds the XML namespace as the default namespace, which libxml2 rejects.
    "scorm12/ims_xml.xsd": ((b'xmlns="http://www.w3.org/XML/1998/namespace"', b""),),
    # `##any` after optional imsmd elements is non-deterministic (a UPA violation).
    "scorm12/imsmd_rootv1p2p1.xsd": ((b'namespace="##any"', b'namespace="##other"'),),
}


@dataclass(frozen=True)
class _Driver:
    """A tiny schema importing every namespace a manifest of one kind may use."""

    imports: tuple[tuple[str, str], ...]  # (namespace, schema path below xsd/)

    def source(self) -> bytes:
        lines = [
            '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"'
            ' targetNamespace="urn:courseforge:xsd-driver">'
        ]
        lines += [
            f'<xs:import namespace="{namespace}" schemaLocation="{_BASE}{path}"/>'
            for namespace, path in self.imports
        ]
        lines.append("</xs:schema>")
        return "\n".join(lines).encode()


# lxml ignores xsi:schemaLocation, and imscp alone lets a wrong adlcp element pass silently:
# import every extension namespace so the `##other strict/lax` wildcards get checked.
_DRIVERS: dict[ManifestKind, _Driver] = {
    "scorm12": _Driver(
        (
            ("http://www.imsproject.org/xsd/imscp_rootv1p1p2", "scorm12/imscp_rootv1p1p2.xsd"),
            ("http://www.adlnet.org/xsd/adlcp_rootv1p2", "scorm12/adlcp_rootv1p2.xsd"),
            ("http://www.imsglobal.org/xsd/imsmd_rootv1p2p1", "scorm12/imsmd_rootv1p2p1.xsd"),
        )
    ),
    "scorm2004": _Driver(
        (
            ("http://www.imsglobal.org/xsd/imscp_v1p1", "scorm2004_4th/imscp_v1p1.xsd"),
            ("http://www.adlnet.org/xsd/adlcp_v1p3", "scorm2004_4th/adlcp_v1p3.xsd"),
            ("http://www.adlnet.org/xsd/adlseq_v1p3", "scorm2004_4th/adlseq_v1p3.xsd"),
            ("http://www.adlnet.org/xsd/adlnav_v1p3", "scorm2004_4th/adlnav_v1p3.xsd"),
            ("http://www.imsglobal.org/xsd/imsss", "scorm2004_4th/imsss_v1p0.xsd"),
            ("http://ltsc.ieee.org/xsd/LOM", "scorm2004_4th/lom.xsd"),
        )
    ),
    "cmi5": _Driver(
        (
            (
                "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd",
                "cmi5/CourseStructure.xsd",
            ),
        )
    ),
    "qti21": _Driver(
        (("http://www.imsglobal.org/xsd/imsqti_v2p1", "qti21/qtiv2p1/imsqti_v2p1.xsd"),)
    ),
    "qti21_manifest": _Driver(
        (
            ("http://www.imsglobal.org/xsd/imscp_v1p1", "qti21/imscp_v1p1.xsd"),
            ("http://www.imsglobal.org/xsd/imsmd_v1p2", "qti21/imsmd_v1p2p4.xsd"),
        )
    ),
}


class SchemaLoadError(RuntimeError):
    """The shipped XSDs could not be compiled (a packaging bug, not an author mistake)."""


def schema_bytes(path: str) -> bytes:
    """Return a shipped schema file (path below xsd/), with the in-memory patches applied."""
    data = resources.files("courseforge.schemas").joinpath("xsd", *path.split("/")).read_bytes()
    for old, new in _PATCHES.get(path, ()):
        if old not in data:
            raise SchemaLoadError(f"expected text to patch is missing from {path}: {old!r}")
        data = data.replace(old, new)
    return data


class _ShippedSchemaResolver(etree.Resolver):
    """Serve schema imports from the package; refuse anything else."""

    def resolve(self, system_url, public_id, context):
        if system_url == _W3C_XML_XSD:
            path = "scorm2004_4th/xml.xsd"
        elif system_url.startswith(_BASE):
            path = system_url[len(_BASE) :]
        else:
            raise SchemaLoadError(f"schema import outside the shipped XSDs: {system_url}")
        return self.resolve_string(schema_bytes(path), context, base_url=_BASE + path)


_compiled: dict[ManifestKind, etree.XMLSchema] = {}
_lock = threading.Lock()


def manifest_schema(kind: ManifestKind) -> etree.XMLSchema:
    """Return the compiled schema for one manifest kind (compiled once per process)."""
    if kind not in _DRIVERS:
        raise ValueError(f"unknown manifest kind {kind!r}; expected one of {MANIFEST_KINDS}")
    with _lock:
        if kind not in _compiled:
            parser = etree.XMLParser(no_network=True, resolve_entities=False)
            parser.resolvers.add(_ShippedSchemaResolver())
            driver = etree.fromstring(
                _DRIVERS[kind].source(), parser, base_url=f"{_BASE}driver-{kind}.xsd"
            )
            try:
                _compiled[kind] = etree.XMLSchema(driver)
            except etree.XMLSchemaParseError as exc:
                raise SchemaLoadError(f"cannot compile the {kind} XSDs: {exc}") from exc
        return _compiled[kind]


def validate_manifest(xml_bytes: bytes, kind: ManifestKind) -> list[Finding]:
    """Validate a manifest against the official XSDs of its kind.

    Args:
        xml_bytes: the manifest document (imsmanifest.xml or cmi5.xml).
        kind: "scorm12", "scorm2004" or "cmi5".

    Returns:
        One xsd-invalid finding per problem (xml-malformed when the bytes are not XML), each
        naming the element or attribute it is about; empty when the manifest is valid.
    """
    schema = manifest_schema(kind)
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    try:
        document = etree.fromstring(xml_bytes, parser)
    except etree.XMLSyntaxError as exc:
        return [malformed(exc)]
    # Entities are never expanded (no file reads, no billion laughs), and libxml2's validator
    # fails with an internal error on an unexpanded reference: report each one instead.
    entities = [
        Finding(
            XML_ENTITY, entity.sourceline or 0, f"entity reference {entity.text} is not allowed"
        )
        for entity in document.iter(etree.Entity)
    ]
    if entities:
        return entities
    with _lock:  # an XMLSchema object keeps its error log, so one validation at a time
        schema.validate(document)
        problems = [(error.line, error.message) for error in schema.error_log]
    # A strict wildcard already reports some undeclared names: one message per name and line.
    reported = {(line, _subject(message)) for line, message in problems}
    problems += [
        p for p in _undeclared_names(document, kind) if (p[0], _subject(p[1])) not in reported
    ]
    return [
        Finding(XSD_INVALID, line, message, _subject_name(message)) for line, message in problems
    ]


_SUBJECT = re.compile(r"^Element '[^']*'(?:, attribute '[^']*')?")
# libxml2's "Element '{ns}e', attribute '{ns}a': …" and "… The attribute '{ns}a' is required".
_SUBJECT_NAME = re.compile(
    r"^Element '(?P<element>[^']*)'(?:, attribute '(?P<attribute>[^']*)'"
    r"|: The attribute '(?P<required>[^']*)' is required)?"
)


def _subject_name(message: str) -> str:
    """Return the local name of the attribute a libxml2 message is about, else of its element."""
    match = _SUBJECT_NAME.match(message)
    if not match:
        return ""
    name = match["attribute"] or match["required"] or match["element"]
    return name.rpartition("}")[2].rpartition(":")[2]


def _subject(message: str) -> str:
    """Return the "Element '...'[, attribute '...']" part libxml2 starts its messages with."""
    match = _SUBJECT.match(message)
    return match.group(0) if match else message


def _undeclared_names(document: etree._Element, kind: ManifestKind) -> list[tuple[int, str]]:
    """Report elements and attributes no official schema declares in a validated namespace.

    SCORM 2004 content packaging takes extensions through *lax* wildcards, so the XSDs
    skip a misspelt `adlcp:completionThresold` or `adlcp:scormtype` and SCORM readers then
    ignore it silently. Every name entering one of the kind's namespaces must be declared.
    """
    declared = _declared_names(kind)
    problems: list[tuple[int, str]] = []
    for element in document.iter(etree.Element):
        qname = etree.QName(element)
        names = declared.get(qname.namespace or "")
        parent = element.getparent()
        # Children of an element in the same namespace are checked strictly by its type;
        # only an element entering a namespace (through a wildcard) needs a global declaration.
        entering = parent is None or etree.QName(parent).namespace != qname.namespace
        if entering and names is not None and qname.localname not in names[0]:
            problems.append(
                (
                    element.sourceline,
                    f"Element '{element.tag}': not declared by the official schema of its "
                    "namespace",
                )
            )
        for attribute in element.attrib:
            attr = etree.QName(attribute)
            names = declared.get(attr.namespace or "")
            if attr.namespace and names is not None and attr.localname not in names[1]:
                problems.append(
                    (
                        element.sourceline,
                        f"Element '{element.tag}', attribute '{attribute}': not declared by "
                        "the official schema of its namespace",
                    )
                )
    return problems


_declared: dict[ManifestKind, dict[str, tuple[frozenset[str], frozenset[str]]]] = {}


def _declared_names(kind: ManifestKind) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Return namespace → (global element names, global attribute names) for a kind."""
    if kind not in _declared:
        table = {}
        for namespace, path in _DRIVERS[kind].imports:
            elements: set[str] = set()
            attributes: set[str] = set()
            pending, seen = [path], set()
            while pending:
                current = pending.pop()
                if current in seen:
                    continue
                seen.add(current)
                root = etree.fromstring(schema_bytes(current))
                elements.update(root.xpath("xs:element/@name", namespaces=_XS))
                attributes.update(root.xpath("xs:attribute/@name", namespaces=_XS))
                folder = current.rpartition("/")[0]
                for include in root.xpath("xs:include/@schemaLocation", namespaces=_XS):
                    pending.append(f"{folder}/{include}")
            table[namespace] = (frozenset(elements), frozenset(attributes))
        _declared[kind] = table
    return _declared[kind]


_XS = {"xs": "http://www.w3.org/2001/XMLSchema"}
