"""Check a TinCan package's tincan.xml against the reference structure.

There is no official tincan.xsd anywhere public (see schemas/xsd/SOURCES.md), so these are the
rules of the TinCan packaging document (RusticiSoftware/launch, lms_lrs.md) and the shape of its
reference instance: root `tincan` in the namespace below, `activities/activity[@id][@type]`
with `name`, `description` and `launch`, and exactly one activity that can be launched.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from lxml import etree

from courseforge.standards.findings import (
    LAUNCH_FILE_MISSING,
    TINCAN_STRUCTURE,
    Finding,
    malformed,
)

TINCAN_NAMESPACE = "http://projecttincan.com/tincan.xsd"
_NS = {"t": TINCAN_NAMESPACE}
# An absolute IRI starts with a scheme (RFC 3987); activity ids must be absolute.
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
# What an activity holds in the reference instance and the TinCan activity definition.
_ACTIVITY_CHILDREN = {
    "name",
    "description",
    "launch",
    "resource",
    "interactionType",
    "correctResponsePatterns",
    "choices",
    "scale",
    "source",
    "target",
    "steps",
    "extensions",
}


def _found(line: int, subject: str, message: str, rule: str = TINCAN_STRUCTURE) -> Finding:
    return Finding(rule, line, message, subject)


def check_tincan_xml(
    xml_bytes: bytes, package_files: Collection[str] | None = None
) -> list[Finding]:
    """Report every way tincan.xml departs from the TinCan package rules.

    Args:
        xml_bytes: the tincan.xml document.
        package_files: names of every file in the package, if known; then a relative
            `launch` must name one of them.

    Returns:
        One finding per problem (tincan-structure; launch-file-missing for a launch file the
        package lacks), empty when the file is fine.
    """
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    try:
        root = etree.fromstring(xml_bytes, parser)
    except etree.XMLSyntaxError as exc:
        return [malformed(exc)]
    if root.tag != f"{{{TINCAN_NAMESPACE}}}tincan":
        return [
            _found(
                root.sourceline,
                etree.QName(root).localname,
                f"root element must be 'tincan' in the namespace {TINCAN_NAMESPACE}, "
                f"got {root.tag!r}",
            )
        ]
    problems: list[Finding] = []
    activities = root.findall("t:activities/t:activity", _NS)
    if not activities:
        problems.append(_found(root.sourceline, "activities", "no <activities>/<activity> element"))
    seen_ids: dict[str, int] = {}
    launchable = []
    for activity in activities:
        problems += _check_activity(activity, seen_ids)
        if (
            activity.find("t:launch", _NS) is not None
            or activity.find("t:resource", _NS) is not None
        ):
            launchable.append(activity)
    if activities and not launchable:
        problems.append(_found(root.sourceline, "launch", "no activity has a <launch> element"))
    if len(launchable) > 1:
        lines = ", ".join(str(a.sourceline) for a in launchable)
        problems.append(
            _found(
                launchable[1].sourceline,
                "launch",
                f"only one activity may have <launch> or <resource>, found {len(launchable)} "
                f"(lines {lines})",
            )
        )
    for activity in launchable[:1]:
        launch = activity.find("t:launch", _NS)
        if launch is not None:
            problems += _check_launch(launch, package_files)
    return problems


def _check_activity(activity: etree._Element, seen_ids: dict[str, int]) -> list[Finding]:
    line = activity.sourceline
    problems = []
    activity_id = (activity.get("id") or "").strip()
    if not activity_id:
        problems.append(_found(line, "id", "<activity> needs an 'id' attribute"))
    elif not _SCHEME.match(activity_id):
        problems.append(
            _found(line, "id", f"activity id must be an absolute IRI, got {activity_id!r}")
        )
    elif activity_id in seen_ids:
        problems.append(
            _found(
                line,
                "id",
                f"activity id {activity_id!r} repeats the one on line {seen_ids[activity_id]}",
            )
        )
    else:
        seen_ids[activity_id] = line
    if not (activity.get("type") or "").strip():
        problems.append(_found(line, "type", "<activity> needs a 'type' attribute"))
    name = activity.find("t:name", _NS)
    if name is None or not (name.text or "").strip():
        problems.append(_found(line, "name", "<activity> needs a non-empty <name>"))
    for child in activity:
        if not isinstance(child.tag, str):
            continue  # comments and processing instructions
        qname = etree.QName(child)
        if qname.namespace != TINCAN_NAMESPACE:
            problems.append(
                _found(
                    child.sourceline,
                    qname.localname,
                    f"element {child.tag!r} is not in the TinCan namespace",
                )
            )
        elif qname.localname not in _ACTIVITY_CHILDREN:
            problems.append(
                _found(
                    child.sourceline,
                    qname.localname,
                    f"unknown element <{qname.localname}> in <activity>",
                )
            )
    return problems


def _check_launch(launch: etree._Element, package_files: Collection[str] | None) -> list[Finding]:
    target = (launch.text or "").strip()
    line = launch.sourceline
    if not target:
        return [_found(line, "launch", "<launch> is empty")]
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return []  # an absolute URL: content hosted elsewhere
    path = PurePosixPath(parts.path)
    if parts.path.startswith("/") or ".." in path.parts:
        return [_found(line, "launch", f"<launch> must stay inside the package, got {target!r}")]
    if package_files is not None and path.as_posix() not in set(package_files):
        message = f"<launch> names {path.as_posix()!r}, which is not in the package"
        return [_found(line, "launch", message, LAUNCH_FILE_MISSING)]
    return []
