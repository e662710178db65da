"""The `xapi` target: a TinCan package (tincan.xml + the learner pages) that tracks to an LRS.

The learner pages load runtime/adapters/xapi.js, which reads the LRS endpoint, credentials
and learner from the launch URL, so nothing secret is ever written into the package.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

from courseforge.errors import BuildError
from courseforge.package.output import Output
from courseforge.targets.base import Target

# The ADL activity type of a whole course (http://adlnet.gov/expapi/activities/).
COURSE_ACTIVITY_TYPE = "http://adlnet.gov/expapi/activities/course"
# The xAPI adapter's parts (runtime/adapters/), in order: LRS client and queue, response
# patterns (shared with SCORM 2004), statements, sending (state document, session end), the
# contract. Shipped as one runtime/adapters/xapi.js for both xapi and cmi5.
XAPI_ADAPTER_PARTS = (
    "xapi-lrs.js",
    "patterns.js",
    "xapi-statements.js",
    "xapi-sync.js",
    "xapi.js",
)


def _packaged_runtime_file(path: str) -> bytes:
    return resources.files("courseforge.runtime").joinpath(path).read_bytes()


def xapi_adapter_source(read: Callable[[str], bytes | None] = _packaged_runtime_file) -> bytes:
    """Return the xAPI adapter: its parts in one function scope.

    Args:
        read: returns a runtime file's bytes by its path under runtime/ (the benchmark passes
            one reading an older git revision).
    """
    sources = {name: read(f"adapters/{name}") for name in XAPI_ADAPTER_PARTS}
    # An older revision (the benchmark's baseline) may lack a part that came later.
    parts = [source.decode("utf-8") for source in sources.values() if source is not None]
    return (
        f"/* courseforge xapi tracking adapter: {' + '.join(XAPI_ADAPTER_PARTS)} */\n"
        '(function () {\n"use strict";\n' + "\n".join(parts) + "\n})();\n"
    ).encode("utf-8")


@dataclass(frozen=True)
class TincanActivity:
    """The one launchable activity of tincan.xml."""

    id: str
    type: str
    name: str
    description: str
    lang: str
    launch: str


class XapiTarget(Target):
    """tincan.xml at the zip root, one launchable course activity."""

    name = "xapi"
    tracking = "xapi"
    package_kind = "tincan"

    def outputs(self) -> list[Output]:
        from courseforge.standards.tincan import check_tincan_xml  # late: lxml only when building

        files = self.learner_files()
        files["tincan.xml"] = self.tincan_xml()
        problems = check_tincan_xml(files["tincan.xml"], package_files=files)
        if problems:
            raise BuildError("tincan.xml is not valid:\n" + "\n".join(map(str, problems)))
        return [Output(self.package_name(), files, kind="zip", target=self.name)]

    def adapter_script(self) -> bytes:
        return xapi_adapter_source()

    def tincan_xml(self) -> bytes:
        course = self.course
        activity = TincanActivity(
            id=course.activity_iri(),
            type=COURSE_ACTIVITY_TYPE,
            name=course.title,
            description=course.description,
            lang=course.language,
            launch=self.site.launch_file,
        )
        from courseforge.templating import get_template

        template = get_template("xapi/tincan.xml.j2")
        return template.render(activity=activity).encode("utf-8")
