"""Check a cmi5 course structure (cmi5.xml): the official XSD plus the spec's rules it cannot express.

The XSD (CourseStructure.xsd) checks shape and value ranges. The cmi5 specification adds rules
an LMS relies on at import (sections 13 and 14): ids are absolute IRIs unique in the
structure, masteryScore has at most four decimal places, objective references point at
declared objectives, and an AU's `url` does not use the launch parameter names and, when
relative, names a file of the package.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from decimal import Decimal, InvalidOperation
from pathlib import PurePosixPath
from urllib.parse import parse_qsl, urlsplit

from lxml import etree

from courseforge.standards.xsd import validate_manifest

CMI5_NAMESPACE = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
# Names the LMS appends to an AU's url at launch (cmi5 §8.1); the AU's own query must avoid them.
LAUNCH_PARAMETERS = ("endpoint", "fetch", "actor", "registration", "activityId")
_NS = {"c": CMI5_NAMESPACE}
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


def check_cmi5_xml(xml_bytes: bytes, package_files: Collection[str] | None = None) -> list[str]:
    """Report every problem of a cmi5.xml: XSD errors first, then the spec's semantic rules.

    Args:
        xml_bytes: the cmi5.xml document.
        package_files: names of every file in the package, if known; then each AU's relative
            `url` must name one of them.

    Returns:
        One message per problem ("line N: ..."), empty when the course structure is fine.
    """
    problems = validate_manifest(xml_bytes, "cmi5")
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    try:
        root = etree.fromstring(xml_bytes, parser)
    except etree.XMLSyntaxError:
        return problems  # validate_manifest already said so
    if root.tag != f"{{{CMI5_NAMESPACE}}}courseStructure":
        return problems
    problems += _check_ids(root)
    problems += _check_objective_references(root)
    for au in root.iter(f"{{{CMI5_NAMESPACE}}}au"):
        problems += _check_mastery_score(au)
        problems += _check_url(au, package_files)
    if not any(True for _ in root.iter(f"{{{CMI5_NAMESPACE}}}au")):
        problems.append(f"line {root.sourceline}: the course structure has no <au>")
    return problems


def _check_ids(root: etree._Element) -> list[str]:
    problems = []
    seen: dict[str, int] = {}
    declared = root.xpath(
        "c:course | .//c:block | .//c:au | c:objectives/c:objective", namespaces=_NS
    )
    for element in declared:
        name = etree.QName(element).localname
        value = (element.get("id") or "").strip()
        if not value:
            continue  # the XSD reports a missing id
        if not _SCHEME.match(value):
            problems.append(
                f"line {element.sourceline}: <{name}> id must be an absolute IRI, got {value!r}"
            )
        if value in seen:
            problems.append(
                f"line {element.sourceline}: <{name}> id {value!r} is already used on line "
                f"{seen[value]}; ids must be unique in the course structure"
            )
        else:
            seen[value] = element.sourceline
    return problems


def _check_objective_references(root: etree._Element) -> list[str]:
    declared = {
        (o.get("id") or "").strip() for o in root.xpath("c:objectives/c:objective", namespaces=_NS)
    }
    problems = []
    for reference in root.xpath("(.//c:au | .//c:block)/c:objectives/c:objective", namespaces=_NS):
        idref = (reference.get("idref") or "").strip()
        if idref not in declared:
            problems.append(
                f"line {reference.sourceline}: objective idref {idref!r} does not match any "
                "objective declared under <objectives>"
            )
    return problems


def _check_mastery_score(au: etree._Element) -> list[str]:
    raw = au.get("masteryScore")
    if raw is None:
        return []
    line = au.sourceline
    try:
        value = Decimal(raw.strip())
    except InvalidOperation:
        return []  # the XSD reports a value that is not a decimal
    if not value.is_finite():
        return []
    if not Decimal(0) <= value <= Decimal(1):
        hint = f" (write {value / 100} for {raw.strip()}%)" if Decimal(1) < value <= 100 else ""
        return [f"line {line}: masteryScore is a fraction from 0 to 1, got {raw!r}{hint}"]
    if -value.as_tuple().exponent > 4:
        return [f"line {line}: masteryScore has more than 4 decimal places: {raw!r}"]
    return []


def _check_url(au: etree._Element, package_files: Collection[str] | None) -> list[str]:
    url = au.find("c:url", _NS)
    if url is None or not (url.text or "").strip():
        return []  # the XSD reports it
    target = url.text.strip()
    line = url.sourceline
    parts = urlsplit(target)
    problems = []
    clashing = sorted(
        {name for name, _ in parse_qsl(parts.query, keep_blank_values=True)}
        & set(LAUNCH_PARAMETERS)
    )
    if clashing:
        problems.append(
            f"line {line}: <url> query uses the launch parameter name(s) {', '.join(clashing)}, "
            "which the LMS appends at launch"
        )
    if parts.scheme or parts.netloc:
        return problems
    path = PurePosixPath(parts.path)
    if parts.path.startswith("/") or ".." in path.parts:
        problems.append(f"line {line}: <url> must stay inside the package, got {target!r}")
    elif package_files is not None and path.as_posix() not in set(package_files):
        problems.append(
            f"line {line}: <url> names {path.as_posix()!r}, which is not in the package"
        )
    return problems
