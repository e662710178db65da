"""Check a cmi5.xml course structure: XSD, AUs, masteryScore, launch files."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from lxml import etree

from courseforge.inspect import rules
from courseforge.inspect.manifest_xml import (
    ManifestCheck,
    child,
    local_name,
    located_problems,
    package_path,
    text_of,
    without_repeats,
)
from courseforge.inspect.report import LaunchableUnit, Problem
from courseforge.standards.cmi5 import check_cmi5_xml
from courseforge.standards.xsd import validate_manifest

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
        self.findings.problems += without_repeats(self._general_problems(), self.findings.problems)

    def _where(self, element: etree._Element) -> str:
        return f"{CMI5_XML}:{element.sourceline or 1}"

    def _general_problems(self) -> list[Problem]:
        """Return the official XSD's findings, then the cmi5 spec rules the XSD cannot express."""
        xsd = validate_manifest(self.data, "cmi5")
        # check_cmi5_xml repeats the XSD messages first; keep each message once, under its rule.
        semantic = [m for m in check_cmi5_xml(self.data) if m not in set(xsd)]
        return located_problems(xsd, CMI5_XML, rules.XSD_INVALID) + located_problems(
            semantic, CMI5_XML, rules.CMI5_STRUCTURE
        )

    def _unit(self, au: etree._Element) -> LaunchableUnit:
        url_element = child(au, "url")
        url = text_of(url_element)
        mastery = {}
        for name in ("moveOn", "masteryScore", "launchMethod"):
            if au.get(name) is not None:
                mastery[name] = au.get(name, "")
        if au.get("masteryScore") is not None:
            self._check_mastery_score(au)
        path = package_path("", url)
        if path is not None and path not in self.zip_names:
            where = self._where(url_element if url_element is not None else au)
            self.findings.problems.append(
                rules.LAUNCH_FILE_MISSING.problem(
                    f"au {au.get('id', '')!r} launches {path}, which is not in the zip", where
                )
            )
        return LaunchableUnit(
            identifier=au.get("id", ""),
            title=langstring(child(au, "title")),
            launch=url,
            kind="au",
            mastery=mastery,
        )

    def _check_mastery_score(self, au: etree._Element) -> None:
        value = au.get("masteryScore", "")
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            number = None
        if number is not None and number.is_finite() and 0 <= number <= 1:
            return
        hint = ""
        if number is not None and number.is_finite() and 1 < number <= 100:
            hint = f"; for {value}% write {number / 100}"
        self.findings.problems.append(
            rules.CMI5_MASTERY_SCORE.problem(
                f"au {au.get('id', '')!r} has masteryScore={value!r}; cmi5 needs a decimal from "
                f"0 to 1 (a scaled score){hint}",
                self._where(au),
            )
        )
