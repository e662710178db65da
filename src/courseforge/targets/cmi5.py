"""The `cmi5` target: cmi5.xml (one AU: the whole course) + the learner pages, for cmi5 LMSs.

The AU learns everything session-specific (endpoint, token, learner, launch mode, the LMS's
own masteryScore) from the launch, so the package holds no credentials.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from courseforge.errors import BuildError
from courseforge.package.output import Output
from courseforge.targets.base import Target, percent_as_fraction

if TYPE_CHECKING:
    from courseforge.model import Course

# course.completion → the AU's moveOn (cmi5 §13.1.4): which verbs satisfy the AU.
MOVE_ON = {
    "all_lessons": "Completed",
    "pass": "Passed",
    "all_lessons_and_pass": "CompletedAndPassed",
}
# The AU's publisher id is the course IRI plus this segment, so no page id may take it.
AU_SEGMENT = "au"


@dataclass(frozen=True)
class Cmi5Objective:
    id: str
    text: str


@dataclass(frozen=True)
class Cmi5Au:
    id: str
    move_on: str
    mastery_score: str | None
    launch_method: str
    url: str


@dataclass(frozen=True)
class Cmi5Structure:
    course_id: str
    title: str
    description: str
    lang: str
    objectives: tuple[Cmi5Objective, ...]


def au_id(course: Course) -> str:
    """Return the publisher id of the course's single AU."""
    return course.activity_iri(AU_SEGMENT)


class Cmi5Target(Target):
    """cmi5.xml at the zip root, valid against the official CourseStructure.xsd."""

    name = "cmi5"
    tracking = "xapi"
    package_kind = "cmi5"
    reserved_page_ids = {
        AU_SEGMENT: f"the course IRI followed by /{AU_SEGMENT} is the id of the cmi5 AU"
    }

    def outputs(self) -> list[Output]:
        from courseforge.standards.cmi5 import check_cmi5_xml  # late: lxml only when building

        files = self.learner_files()
        files["cmi5.xml"] = self.cmi5_xml()
        problems = check_cmi5_xml(files["cmi5.xml"], package_files=files)
        if problems:
            raise BuildError("cmi5.xml is not valid:\n" + "\n".join(map(str, problems)))
        return [Output(self.package_name(), files, kind="zip", target=self.name)]

    def adapter_script(self) -> bytes:
        from courseforge.targets.xapi import xapi_adapter_source

        return xapi_adapter_source()

    def cmi5_xml(self) -> bytes:
        course = self.course
        structure = Cmi5Structure(
            course_id=course.activity_iri(),
            title=course.title,
            description=course.description,
            lang=course.language,
            objectives=tuple(
                Cmi5Objective(course.activity_iri("objectives", str(n)), text)
                for n, text in enumerate(course.objectives, start=1)
            ),
        )
        au = Cmi5Au(
            id=au_id(course),
            move_on=MOVE_ON[course.completion],
            # Without graded quizzes there is nothing to judge, so no passed/failed either.
            mastery_score=percent_as_fraction(course.mastery_score)
            if course.has_graded_quiz
            else None,
            launch_method="AnyWindow",
            url=self.site.launch_file,
        )
        from courseforge.templating import get_template

        template = get_template("cmi5/cmi5.xml.j2")
        return template.render(structure=structure, au=au).encode("utf-8")
