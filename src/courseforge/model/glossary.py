"""The course glossary: terms defined once, in `glossary.yaml` beside course.yaml."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from courseforge.model.base import SourceModel, Text

GLOSSARY_FILE = "glossary.yaml"
# The glossary page's id and its module's: a course page or module with either is an error.
GLOSSARY_ID = "glossary"
GLOSSARY_MODULE_ID = "course-glossary"
MAX_TERM_LENGTH = 100


class GlossaryTerm(SourceModel):
    """One term: its first use in each lesson links to this definition."""

    term: Annotated[Text, StringConstraints(max_length=MAX_TERM_LENGTH)]
    definition: Text = Field(description="Markdown, one paragraph.")
    aliases: list[Annotated[Text, StringConstraints(max_length=MAX_TERM_LENGTH)]] = Field(
        default_factory=list, description="Other forms of the term that link to it (plurals…)."
    )

    def forms(self) -> list[str]:
        """The term and its aliases: every text that links to this definition."""
        return [self.term, *self.aliases]


class GlossaryFile(SourceModel):
    """The contents of glossary.yaml."""

    terms: list[GlossaryTerm] = Field(min_length=1)
