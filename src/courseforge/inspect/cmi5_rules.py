"""Check a cmi5.xml course structure: XSD, AUs, masteryScore, launch files."""

from __future__ import annotations

from lxml import etree

from courseforge.inspect import rules
from courseforge.inspect.manifest_xml import (
    ManifestCheck,
    child,
    local_name,
    not_in_zip,
    package_path,
    text_of,
)
from courseforge.inspect.report import LaunchableUnit
from courseforge.standards.cmi5 import check_cmi5_xml

CMI5_XML = "cmi5.xml"


def langstring(element: etree._Element | None) -> str:
    """Return the first <langstring> of a title or description."""
    if element is None:
        return ""
    strings = [text_of(node) for node in element if local_name(node) == "langstring"]
    return strings[0] if strings else text_of(element)


class Cmi5StructureCheck(ManifestCheck):
    """Reads one cmi5.xml: course id, AUs with their moveOn/masteryScore, and their files."""

    file_name = CMI5_XML

    def read(self, root: etree._Element) -> None:
        course = child(root, "course")
        if course is not None:
            self.findings.identifier = course.get("id", "")
            self.findings.title = langstring(child(course, "title"))
        for au in root.iter():
            if local_name(au) == "au":
                self.findings.units.append(self._unit(au))
        # The official XSD's findings and the cmi5 spec's (masteryScore among them), each
        # under its own rule; inspect checks the launch files itself, against the zip.
        self.findings.problems += rules.problems_of(check_cmi5_xml(self.data), CMI5_XML)

    def _where(self, element: etree._Element) -> str:
        # lxml numbers every parsed element from 1 (past line 65,535 too): no fallback needed.
        return f"{CMI5_XML}:{element.sourceline}"

    def _unit(self, au: etree._Element) -> LaunchableUnit:
        url_element = child(au, "url")
        url = text_of(url_element)
        mastery = {}
        for name in ("moveOn", "masteryScore", "launchMethod"):
            if au.get(name) is not None:
                mastery[name] = au.get(name, "")
        path = package_path("", url)
        if path is not None and path not in self.zip_names:
            where = self._where(url_element if url_element is not None else au)
            self.findings.problems.append(
                rules.LAUNCH_FILE_MISSING.problem(
                    f"au {au.get('id', '')!r} launches {path}, {not_in_zip(path)}",
                    where,
                    "url",
                )
            )
        return LaunchableUnit(
            identifier=au.get("id", ""),
            title=langstring(child(au, "title")),
            launch=url,
            kind="au",
            mastery=mastery,
        )
