"""Course, module, lesson and quiz models."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AnyUrl,
    BeforeValidator,
    Field,
    StringConstraints,
    field_validator,
)

from courseforge.model.base import Identifier, SourceModel, Text, xml_safe
from courseforge.model.glossary import GlossaryTerm
from courseforge.model.identifiers import iri_base, language_tag
from courseforge.model.questions import Question

# SCORM 1.2's titleType (imscp_rootv1p1p2.xsd) and SCORM 2004's smallest permitted maximum.
MAX_TITLE_LENGTH = 200
TargetName = str  # checked against the target registry, so new targets need no model change
CompletionRule = Literal["all_lessons", "pass", "all_lessons_and_pass"]
PluralCategory = Literal["zero", "one", "two", "few", "many", "other"]
# One text, or for a plural message its forms by CLDR category ({one: ..., other: ...}).
MessageText = Text | dict[PluralCategory, Text]
LESSON_SUFFIX = ".md"
QUIZ_SUFFIX = ".quiz.yaml"


def is_page_file(path: Path) -> bool:
    """Whether a file is a course page (lesson or quiz), so a link to it navigates in the course."""
    return path.name.endswith((LESSON_SUFFIX, QUIZ_SUFFIX))


class CourseSettings(SourceModel):
    """The contents of course.yaml."""

    id: Identifier
    title: Annotated[Text, StringConstraints(max_length=MAX_TITLE_LENGTH)]
    language: Annotated[str, AfterValidator(language_tag)] = Field(
        "en", description="BCP 47 language tag, e.g. en or pt-BR."
    )
    version: Annotated[str, AfterValidator(xml_safe)] = "1.0.0"
    description: Text
    audience: Text | None = None
    objectives: list[Text] = Field(default_factory=list)
    completion: CompletionRule = Field(
        "all_lessons_and_pass",
        description="all_lessons: visit every lesson; pass: pass the graded quizzes; both.",
    )
    mastery_score: int = Field(80, ge=0, le=100, description="Percent of graded points to pass.")
    targets: list[TargetName] = Field(default_factory=lambda: ["web"], min_length=1)
    base_iri: Annotated[AnyUrl, BeforeValidator(iri_base)] = Field(
        description="Activity ids are this IRI plus the stable ids."
    )
    modules: list[Identifier] = Field(min_length=1, description="Module folders, in order.")
    package_size_limit_mb: int = Field(
        100,
        ge=1,
        le=1_000_000,
        description="Warn when a package's files pass this many MB (LMS upload limits).",
    )
    messages: dict[str, MessageText] = Field(
        default_factory=dict,
        description="Interface texts for the course's language by message id (see "
        "src/courseforge/i18n/catalogs/en.po): overrides, or a language courseforge does not ship.",
    )

    @field_validator("version", mode="before")
    @classmethod
    def _version_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, (int, float)) else value


class ModuleFile(SourceModel):
    """The contents of a module.yaml."""

    id: Identifier
    title: Text
    pages: list[str] = Field(min_length=1, description="Lesson (.md) and quiz (.quiz.yaml) files.")


class LessonFrontMatter(SourceModel):
    """The YAML front matter of a lesson."""

    id: Identifier
    title: Text


class Lesson(LessonFrontMatter):
    """A page of reading."""

    kind: Literal["lesson"] = "lesson"
    body: str = ""
    body_line: int = Field(1, exclude=True, description="File line where the Markdown starts.")
    source: Path = Field(exclude=True)


class QuizFile(SourceModel):
    """The contents of a *.quiz.yaml file."""

    id: Identifier
    title: Text
    intro: Text | None = Field(None, description="Markdown shown above the questions.")
    graded: bool = Field(False, description="Graded quizzes make the course score.")
    pass_mark: int | None = Field(None, ge=0, description="Points needed to pass this quiz.")
    attempts: int = Field(0, ge=0, le=99, description="Attempts allowed; 0 = unlimited.")
    shuffle: bool = False
    shuffle_choices: bool = False
    questions: list[Question] = Field(min_length=1)


class Quiz(QuizFile):
    """A quiz page."""

    kind: Literal["quiz"] = "quiz"
    source: Path = Field(exclude=True)

    @property
    def total_points(self) -> int:
        return sum(q.points for q in self.questions)

    def points_to_pass(self, mastery_score: int) -> int:
        """Return the pass mark in points (authored, or the course mastery share)."""
        if self.pass_mark is not None:
            return self.pass_mark
        return -(-self.total_points * mastery_score // 100)


Page = Lesson | Quiz


class Module(SourceModel):
    """A module with its pages loaded."""

    id: Identifier
    title: Text
    pages: list[Page]
    source: Path = Field(exclude=True)


class Course(CourseSettings):
    """A whole, validated course."""

    modules: list[Module]  # type: ignore[assignment]
    root: Path = Field(exclude=True)
    assets: dict[str, Path] = Field(default_factory=dict, exclude=True)
    glossary: list[GlossaryTerm] = Field(default_factory=list, exclude=True)

    def pages(self) -> list[Page]:
        """Return every page in reading order."""
        return [page for module in self.modules for page in module.pages]

    def quizzes(self) -> list[Quiz]:
        return [p for p in self.pages() if isinstance(p, Quiz)]

    @property
    def has_graded_quiz(self) -> bool:
        """Whether a score decides passed/failed (otherwise there is nothing to pass)."""
        return any(quiz.graded for quiz in self.quizzes())

    def lessons(self) -> list[Lesson]:
        return [p for p in self.pages() if isinstance(p, Lesson)]

    def activity_iri(self, *ids: str) -> str:
        """Return the activity IRI for a path of stable ids below the course."""
        base = str(self.base_iri).rstrip("/")
        return "/".join([base, *ids])
