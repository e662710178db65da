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

from courseforge.standards.findings import (
    CMI5_MASTERY_SCORE,
    CMI5_STRUCTURE,
    LAUNCH_FILE_MISSING,
    Finding,
)
from courseforge.standards.xsd import validate_manifest

CMI5_NAMESPACE = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
# Names the LMS appends to an AU's url at launch (cmi5 §8.1); the AU's own query must avoid them.
LAUNCH_PARAMETERS = ("endpoint", "fetch", "actor", "registration", "activityId")
_NS = {"c": CMI5_NAMESPACE}
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


def check_cmi5_xml(xml_bytes: bytes, package_files: Collection[str] | None = None) -> list[Finding]:
    """Report every problem of a cmi5.xml: XSD errors first, then the spec's semantic rules.

    Args:
        xml_bytes: the cmi5.xml document.
        package_files: names of every file in the package, if known; then each AU's relative
            `url` must name one of them.

    Returns:
        One finding per problem: the XSD's (xsd-invalid), then cmi5-mastery-score,
        launch-file-missing and cmi5-structure ones; empty when the course structure is fine.
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
        problems.append(
            Finding(CMI5_STRUCTURE, root.sourceline, "the course structure has no <au>", "au")
        )
    return problems


def _check_ids(root: etree._Element) -> list[Finding]:
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
                Finding(
                    CMI5_STRUCTURE,
                    element.sourceline,
                    f"<{name}> id must be an absolute IRI, got {value!r}",
                    "id",
                )
            )
        if value in seen:
            problems.append(
                Finding(
                    CMI5_STRUCTURE,
                    element.sourceline,
                    f"<{name}> id {value!r} is already used on line {seen[value]}; ids must be "
                    "unique in the course structure",
                    "id",
                )
            )
        else:
            seen[value] = element.sourceline
    return problems


def _check_objective_references(root: etree._Element) -> list[Finding]:
    declared = {
        (o.get("id") or "").strip() for o in root.xpath("c:objectives/c:objective", namespaces=_NS)
    }
    problems = []
    for reference in root.xpath("(.//c:au | .//c:block)/c:objectives/c:objective", namespaces=_NS):
        idref = (reference.get("idref") or "").strip()
        if idref not in declared:
            problems.append(
                Finding(
                    CMI5_STRUCTURE,
                    reference.sourceline,
                    f"objective idref {idref!r} does not match any objective declared under "
                    "<objectives>",
                    "idref",
                )
            )
    return problems


def _check_mastery_score(au: etree._Element) -> list[Finding]:
    """The one check of an AU's masteryScore (the XSD's own finding yields to it in inspect)."""
    raw = au.get("masteryScore")
    if raw is None:
        return []
    try:
        value: Decimal | None = Decimal(raw.strip())
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or not Decimal(0) <= value <= Decimal(1):
        hint = ""
        if value is not None and value.is_finite() and 1 < value <= 100:
            hint = f"; for {raw}% write {value / 100}"
        message = (
            f"au {au.get('id', '')!r} has masteryScore={raw!r}; cmi5 needs a decimal from 0 to 1 "
            f"(a scaled score){hint}"
        )
    elif -value.as_tuple().exponent > 4:  # type: ignore[operator]
        message = f"masteryScore has more than 4 decimal places: {raw!r}"
    else:
        return []
    return [Finding(CMI5_MASTERY_SCORE, au.sourceline, message, "masteryScore")]


def _check_url(au: etree._Element, package_files: Collection[str] | None) -> list[Finding]:
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
            Finding(
                CMI5_STRUCTURE,
                line,
                f"<url> query uses the launch parameter name(s) {', '.join(clashing)}, which "
                "the LMS appends at launch",
                "url",
            )
        )
    if parts.scheme or parts.netloc:
        return problems
    path = PurePosixPath(parts.path)
    if parts.path.startswith("/") or ".." in path.parts:
        problems.append(
            Finding(
                CMI5_STRUCTURE, line, f"<url> must stay inside the package, got {target!r}", "url"
            )
        )
    elif package_files is not None and path.as_posix() not in set(package_files):
        problems.append(
            Finding(
                LAUNCH_FILE_MISSING,
                line,
                f"<url> names {path.as_posix()!r}, which is not in the package",
                "url",
            )
        )
    return problems
