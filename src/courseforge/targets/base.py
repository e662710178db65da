"""What every target has in common: it turns the shared learner site into packages."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar

from courseforge.package.output import FileData, Output

if TYPE_CHECKING:
    from courseforge.model import Course
    from courseforge.render import LearnerSite


class Target:
    """One package format. Subclasses set the class attributes and implement `outputs`.

    The class attributes are what the rest of courseforge asks the registry about a target,
    so nothing outside a target's own module names it.
    """

    name: ClassVar[str]  # as registered in the `courseforge.targets` entry-point group
    tracking: ClassVar[str]  # the runtime adapter the learner pages load (runtime/adapters/)
    # The kind `inspect` finds in the package (inspect/report.py PackageKind): the preview
    # serves and inspects it. None: a question bank, imported by teachers, never launched.
    package_kind: ClassVar[str | None] = None
    # Page ids this target's own identifiers take → why; the loader refuses them, located.
    reserved_page_ids: ClassVar[Mapping[str, str]] = {}
    # Ship pages/<id>.html for readers and crawlers without JavaScript (a site, not an LMS SCO).
    plain_pages: ClassVar[bool] = False

    def __init__(self, course: Course, site: LearnerSite):
        self.course = course
        self.site = site
        self.warnings: list[str] = []  # reported after the build; --strict makes them fatal

    def outputs(self) -> list[Output]:
        """Return the build products of this target, in memory."""
        raise NotImplementedError

    def package_name(self, suffix: str = ".zip") -> str:
        return f"{self.course.id}-{self.name}{suffix}"

    def learner_files(self) -> dict[str, FileData]:
        """Return the learner pages wired to this target's tracking adapter."""
        return self.site.files_for(
            self.tracking, self.adapter_script(), plain_pages=self.plain_pages
        )

    def adapter_script(self) -> bytes | None:
        """Return the adapter file's content, or None for runtime/adapters/<tracking>.js as is."""
        return None


def percent_as_fraction(percent: int) -> str:
    """Return a 0–100 percentage as the 0–1 decimal SCORM 2004 and cmi5 write (80 → "0.8")."""
    return format((Decimal(percent) / 100).normalize(), "f")
