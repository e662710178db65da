"""Shared XML reading for package manifests: safe parsing, local names, URL resolution."""

from __future__ import annotations

import posixpath
import re
from typing import ClassVar
from urllib.parse import unquote

from lxml import etree

from courseforge.inspect import rules
from courseforge.inspect.printable import printable
from courseforge.inspect.report import ManifestFindings, Problem
from courseforge.standards.findings import syntax_message

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class ManifestSyntaxError(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


class ManifestCheck:
    """Reads one manifest file of a package: parsed safely first, then each kind's own reading."""

    file_name: ClassVar[str]

    def __init__(self, data: bytes, zip_names: set[str]):
        self.data = data
        self.zip_names = zip_names
        self.findings = self.new_findings()

    def new_findings(self) -> ManifestFindings:
        return ManifestFindings()

    def run(self) -> ManifestFindings:
        try:
            root = parse_manifest(self.data, self.file_name)
        except ManifestSyntaxError as exc:
            self.findings.problems.append(exc.problem)
            return self.findings
        self.findings.parsed = True
        self.read(root)
        self.findings.problems = rules.with_precedence(self.findings.problems)
        return self.findings

    def read(self, root: etree._Element) -> None:
        """Fill self.findings from the parsed manifest."""
        raise NotImplementedError


def parse_manifest(data: bytes, name: str) -> etree._Element:
    """Parse manifest bytes without DTDs, entities or network access.

    Raises:
        ManifestSyntaxError: the bytes are not well-formed XML.
    """
    parser = etree.XMLParser(
        no_network=True, resolve_entities=False, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ManifestSyntaxError(
            rules.XML_MALFORMED.problem(
                f"{name} is not well-formed XML: {printable(syntax_message(exc))}",
                f"{name}:{exc.lineno or 1}",
            )
        ) from None
    except (etree.LxmlError, ValueError) as exc:
        raise ManifestSyntaxError(
            rules.XML_MALFORMED.problem(f"{name} cannot be parsed: {printable(str(exc))}", name)
        ) from None
    _refuse_entities(root, name)
    return root


def _refuse_entities(root: etree._Element, name: str) -> None:
    """Stop at a DTD that declares entities or is fetched from elsewhere (nothing was read).

    LMS parsers differ on these (some expand them, some fetch the file or URL they name), so
    the rest of the manifest means different things to different readers.
    """
    info = root.getroottree().docinfo
    dtd = info.internalDTD
    entities = [entity.name for entity in dtd.iterentities()] if dtd is not None else []
    if not entities and not info.system_url and not info.public_id:
        return
    what = (
        f"declares the entities {', '.join(printable(e or '') for e in entities)}"
        if entities
        else f"names the external DTD {(info.system_url or info.public_id or '')!r}"
    )
    raise ManifestSyntaxError(
        rules.XML_ENTITY.problem(
            f"{name} {what}; LMS parsers expand or fetch these differently (or read local "
            "files through them), so it was not read further",
            name,
        )
    )


def local_name(element: etree._Element) -> str:
    """Return an element's name without namespace, as LMS parsers that ignore namespaces see it."""
    tag = element.tag
    if not isinstance(tag, str):  # comments and processing instructions
        return ""
    return etree.QName(tag).localname


def namespace(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).namespace or "" if isinstance(tag, str) else ""


def children(element: etree._Element, name: str) -> list[etree._Element]:
    """Return the child elements called `name` in any namespace."""
    return [child for child in element if local_name(child) == name]


def child(element: etree._Element, name: str) -> etree._Element | None:
    found = children(element, name)
    return found[0] if found else None


def text_of(element: etree._Element | None) -> str:
    return "" if element is None else "".join(element.itertext()).strip()


def attribute(element: etree._Element, name: str) -> str | None:
    """Return the attribute called `name` (no namespace, or any namespace when `name` has none)."""
    if name in element.attrib:
        return element.attrib[name]
    for key, value in element.attrib.items():
        if etree.QName(key).localname == name:
            return value
    return None


def is_external(url: str) -> bool:
    """Return True for URLs that point outside the package (a scheme, or host-relative)."""
    return bool(_SCHEME.match(url)) or url.startswith("/")


def not_in_zip(path: str) -> str:
    """Say why `path` (from package_path) is not in the zip: above the package root, or absent."""
    if path == ".." or path.startswith("../"):
        return "which points above the package root: an LMS serves only what is inside the zip"
    return "which is not in the zip"


def package_path(base: str, href: str) -> str | None:
    """Resolve `href` against `base` to a path inside the package.

    Returns:
        The normalised path without query or fragment, None for external URLs, or a path
        starting with "../" when it points above the package root.
    """
    reference = href.partition("#")[0].partition("?")[0]
    if not reference or is_external(reference) or is_external(base):
        return None
    # "a/b/" and "a/b/page.html" both lie in the folder a/b; "page.html" in the root.
    folder = posixpath.dirname(base)
    normalised = posixpath.normpath(unquote(posixpath.join(folder, reference)))
    if normalised == ".":
        return None
    return normalised
