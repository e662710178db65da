"""Base model: unknown keys are errors, so a typo never becomes a silent default."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$"),
    Field(description="Stable id: lowercase letters, digits and '-', at most 64 characters."),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class SourceModel(BaseModel):
    """A model read from an author's file."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)
