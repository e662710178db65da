"""The `web` target: the learner pages on their own, progress kept in localStorage."""

from __future__ import annotations

from courseforge.package.output import Output
from courseforge.targets.base import Target


class WebTarget(Target):
    """A folder to open or host as is, and a zip of it."""

    name = "web"
    tracking = "local"
    package_kind = "web"
    plain_pages = True

    def outputs(self) -> list[Output]:
        files = self.learner_files()
        return [
            Output(f"{self.course.id}-web", files, kind="folder", target=self.name),
            Output(self.package_name(), files, kind="zip", target=self.name),
        ]
