"""What the SCORM 1.2 and SCORM 2004 targets share: one SCO, the official XSDs, a checked manifest.

A SCORM target packages the learner site as one SCO, with `imsmanifest.xml` at the zip root,
the XSDs the manifest references beside it, and the tracking adapter for its SCORM version.
The build refuses a course whose saved state could outgrow the version's `suspend_data`, and
a manifest the official schemas reject.
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from courseforge.errors import BuildError
from courseforge.package.output import Output
from courseforge.targets.base import Target, percent_as_fraction

if TYPE_CHECKING:
    from courseforge.model import Course
    from courseforge.standards.xsd import ManifestKind

MANIFEST_FILE = "imsmanifest.xml"
ADAPTER_COMMON = "scorm-common.js"
# The response-pattern syntax SCORM 2004 shares with xAPI (runtime/adapters/patterns.js).
ADAPTER_PATTERNS = "patterns.js"


class ScormManifest(NamedTuple):
    """Everything a single-SCO manifest says, ready for its template."""

    identifier: str
    version: str | None
    title: str
    organization: str
    item: str
    resource: str
    launch: str  # the resource's href; files sit at the zip root, so no xml:base
    files: tuple[str, ...]  # every file of the package but the manifest itself, sorted
    mastery_score: int | None  # percent, None when the course has nothing to pass
    objective: str
    language: str  # the course's BCP 47 tag (LOM general.language in SCORM 2004)

    @property
    def scaled_passing_score(self) -> str:
        """Return the mastery share on SCORM 2004's -1..1 scale ("0.8" for 80)."""
        assert self.mastery_score is not None
        return percent_as_fraction(self.mastery_score)


class ScormTarget(Target):
    """A single-SCO SCORM package; subclasses name the version's limits, schemas and template."""

    standard: ClassVar[str]  # as people name it, for messages
    manifest_kind: ClassVar[ManifestKind]
    suspend_data_limit: ClassVar[int]
    version_max_length: ClassVar[int | None] = None
    roomier_target: ClassVar[str | None] = None  # suggested when suspend_data is too small
    schema_folder: ClassVar[str]  # below courseforge.schemas xsd/
    schema_files: ClassVar[tuple[str, ...]]  # shipped at the zip root, upstream bytes
    # runtime/adapters/ files shipped as this version's adapter, in order; the last is the dialect
    adapter_parts: ClassVar[tuple[str, ...]]

    def outputs(self) -> list[Output]:
        self.check_suspend_data()
        files = self.learner_files()
        files.update(self.schema_documents())
        manifest = self.render_manifest(self.manifest(files))
        self.check_manifest(manifest)
        files[MANIFEST_FILE] = manifest
        return [Output(self.package_name(), files, kind="zip", target=self.name)]

    def adapter_script(self) -> bytes:
        return adapter_source(self.tracking, self.adapter_parts, self.suspend_data_limit)

    def check_suspend_data(self) -> None:
        """Refuse a course whose state string can outgrow this version's suspend_data."""
        from courseforge.render.state import worst_case_state_length  # late: keeps import light

        longest = worst_case_state_length(self.course)
        if longest <= self.suspend_data_limit:
            return
        alternative = f", or build {self.roomier_target} instead" if self.roomier_target else ""
        raise BuildError(
            f"course {self.course.id!r} cannot be packaged as {self.name}: its saved state can "
            f"reach {longest} characters, more than the {self.suspend_data_limit} characters "
            f"cmi.suspend_data holds in {self.standard}. Every question adds to it (a fill-in "
            "answer up to 201 characters): split the course or use fewer or shorter-answer "
            f"questions{alternative}."
        )

    def schema_documents(self) -> dict[str, bytes]:
        """Return the XSDs the manifest's xsi:schemaLocation names, and what they import."""
        folder = resources.files("courseforge.schemas").joinpath("xsd", self.schema_folder)
        return {name: folder.joinpath(name).read_bytes() for name in self.schema_files}

    def manifest(self, files: dict[str, bytes]) -> ScormManifest:
        course = self.course
        # Identifiers are xs:ID (an NCName), and a course id may start with a digit.
        base = f"courseforge-{course.id}"
        version = course.version
        if self.version_max_length is not None and len(version) > self.version_max_length:
            version = None  # optional, and informative only: better absent than invalid
        return ScormManifest(
            identifier=base,
            version=version,
            title=course.title,
            organization=f"{base}-organization",
            item=f"{base}-item",
            resource=f"{base}-sco",
            launch=self.site.launch_file,
            files=tuple(sorted(name for name in files if name != MANIFEST_FILE)),
            mastery_score=mastery_score(course),
            objective=f"{course.activity_iri()}#mastery",
            language=course.language,
        )

    def render_manifest(self, manifest: ScormManifest) -> bytes:
        from courseforge.templating import get_template

        template = get_template(f"{self.name}/imsmanifest.xml.j2")
        return template.render(m=manifest).encode("utf-8")

    def check_manifest(self, manifest: bytes) -> None:
        """Refuse to ship a manifest the official XSDs reject (a courseforge bug)."""
        from courseforge.standards.xsd import validate_manifest  # late: lxml only when building

        problems = validate_manifest(manifest, self.manifest_kind)
        if problems:
            raise BuildError(
                f"course {self.course.id!r}: the {self.name} manifest does not validate against "
                "the official XSDs (please report this courseforge bug):\n  "
                + "\n  ".join(map(str, problems))
            )


def mastery_score(course: Course) -> int | None:
    """Return the percent to pass, or None when no graded quiz decides a pass."""
    if not course.has_graded_quiz or course.completion == "all_lessons":
        return None
    return course.mastery_score


def adapter_source(tracking: str, parts: tuple[str, ...], suspend_data_limit: int) -> bytes:
    """Return a SCORM adapter: the shared logic and one version's dialect in one scope.

    Args:
        tracking: the adapter's name.
        parts: files under runtime/adapters/, in order.
        suspend_data_limit: the version's limit, which the adapter enforces (SUSPEND_DATA_LIMIT).
    """
    adapters = resources.files("courseforge.runtime").joinpath("adapters")
    sources = "\n".join(adapters.joinpath(name).read_text(encoding="utf-8") for name in parts)
    return (
        f"/* courseforge {tracking} tracking adapter: {' + '.join(parts)} */\n"
        f'(function () {{\n"use strict";\nvar SUSPEND_DATA_LIMIT = {suspend_data_limit};\n'
        f"{sources}\n}})();\n"
    ).encode()
