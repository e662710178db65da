"""Base model: unknown keys are errors, so a typo never becomes a silent default.

Text an author writes ends up in XML manifests and HTML pages, so it is checked here, where the
author wrote it: only characters XML 1.0 can hold (no control characters, no NUL).
"""

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

# Everything outside XML 1.0's Char production: C0 controls but tab/newline/return, lone
# surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(value: str) -> str:
    """Refuse text with characters XML (so SCORM, cmi5 and TinCan manifests) cannot hold."""
    bad = _NOT_XML.search(value)
    if bad:
        raise ValueError(
            f"expected text without control characters, got U+{ord(bad.group()):04X} "
            f"at character {bad.start() + 1}"
        )
    return value


Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$"),
    Field(description="Stable id: lowercase letters, digits and '-', at most 64 characters."),
]
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(xml_safe)
]
# A number a page's JSON can hold: JSON has no NaN or Infinity.
FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]


class SourceModel(BaseModel):
    """A model read from an author's file."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)
