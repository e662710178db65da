"""What every target has in common: it turns the shared learner site into packages."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from courseforge.package.output import Output

if TYPE_CHECKING:
    from courseforge.model import Course
    from courseforge.render import LearnerSite


class Target:
    """One package format. Subclasses set the class attributes and implement `outputs`."""

    name: ClassVar[str]
    tracking: ClassVar[str]  # the runtime adapter the learner pages load (runtime/adapters/)

    def __init__(self, course: Course, site: LearnerSite):
        self.course = course
        self.site = site
        self.warnings: list[str] = []  # reported after the build; --strict makes them fatal

    def outputs(self) -> list[Output]:
        """Return the build products of this target, in memory."""
        raise NotImplementedError

    def package_name(self, suffix: str = ".zip") -> str:
        return f"{self.course.id}-{self.name}{suffix}"

    def learner_files(self) -> dict[str, bytes]:
        """Return the learner pages wired to this target's tracking adapter."""
        return self.site.files_for(self.tracking, self.adapter_script())

    def adapter_script(self) -> bytes | None:
        """Return the adapter file's content, or None for runtime/adapters/<tracking>.js as is."""
        return None
