"""Check a TinCan package's tincan.xml: namespace, the one launchable activity, its file."""

from __future__ import annotations

from lxml import etree

from courseforge.inspect import rules
from courseforge.inspect.manifest_xml import (
    ManifestCheck,
    child,
    children,
    local_name,
    namespace,
    not_in_zip,
    package_path,
    text_of,
)
from courseforge.inspect.report import LaunchableUnit
from courseforge.standards.tincan import TINCAN_NAMESPACE, check_tincan_xml

TINCAN_XML = "tincan.xml"


class TincanPackageCheck(ManifestCheck):
    """Reads one tincan.xml the way launchers do (RusticiSoftware/launch, mod_tincanlaunch)."""

    file_name = TINCAN_XML

    def read(self, root: etree._Element) -> None:
        if local_name(root) != "tincan" or namespace(root) != TINCAN_NAMESPACE:
            self.findings.problems.append(
                rules.TINCAN_NAMESPACE.problem(
                    f"the root element is {root.tag!r}; expected <tincan> in {TINCAN_NAMESPACE}",
                    self._where(root),
                    local_name(root),
                )
            )
        holder = child(root, "activities")
        activities = children(holder, "activity") if holder is not None else []
        launchable = [activity for activity in activities if child(activity, "launch") is not None]
        if len(launchable) != 1:
            shown = ", ".join(repr(a.get("id", "")) for a in launchable)
            # On the second launchable activity, or the root when there is none.
            where = self._where(launchable[1] if launchable else root)
            self.findings.problems.append(
                rules.TINCAN_LAUNCH_COUNT.problem(
                    f"{len(launchable)} activities have a <launch>{': ' + shown if shown else ''}; "
                    "exactly one must (launchers and mod_tincanlaunch use the first only)",
                    where,
                    "launch",
                )
            )
        for activity in launchable:
            self.findings.units.append(self._unit(activity))
        if self.findings.units:
            self.findings.identifier = self.findings.units[0].identifier
            self.findings.title = self.findings.units[0].title
        self.findings.problems += rules.problems_of(check_tincan_xml(self.data), TINCAN_XML)

    def _where(self, element: etree._Element) -> str:
        # lxml numbers every parsed element from 1 (past line 65,535 too): no fallback needed.
        return f"{TINCAN_XML}:{element.sourceline}"

    def _unit(self, activity: etree._Element) -> LaunchableUnit:
        launch = child(activity, "launch")
        url = text_of(launch)
        path = package_path("", url)
        if path is not None and path not in self.zip_names:
            self.findings.problems.append(
                rules.LAUNCH_FILE_MISSING.problem(
                    f"activity {activity.get('id', '')!r} launches {path}, {not_in_zip(path)}",
                    self._where(launch),
                    "launch",
                )
            )
        return LaunchableUnit(
            identifier=activity.get("id", ""),
            title=text_of(child(activity, "name")),
            launch=url,
            kind="activity",
        )
