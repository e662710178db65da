"""loader/pydantic_errors.py: each rewording of a pydantic error, at its line and field.

The course models use only some constraints today (ge/le, the id pattern); a model field may
take any of them tomorrow, and its author must then read a message in words, not pydantic's.
"""

from __future__ import annotations

import datetime

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from courseforge.loader.pydantic_errors import located_errors
from courseforge.loader.yaml_source import load_yaml


class Limits(BaseModel):
    """One field per constraint whose error `_reword` words."""

    model_config = ConfigDict(extra="forbid")

    least: int = Field(0, ge=1)
    above: int = Field(1, gt=0)
    most: int = Field(0, le=9)
    below: int = Field(0, lt=1)
    code: str = Field("ABC", pattern=r"^[A-Z]{3}$")
    steps: list[str] = Field(["a", "b"], min_length=2)
    day: datetime.date = datetime.date(2026, 1, 1)  # an error with no words of ours


def errors_of(text: str) -> list[str]:
    data, source_map, _ = load_yaml(text, "limits.yaml")
    with pytest.raises(ValidationError) as caught:
        Limits.model_validate(data)
    return [str(e) for e in located_errors(caught.value, Limits, data, source_map)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("least: 0\n", "limits.yaml:1:1: least: expected a number >= 1, got 0"),
        ("above: 0\n", "limits.yaml:1:1: above: expected a number > 0, got 0"),
        ("most: 10\n", "limits.yaml:1:1: most: expected a number <= 9, got 10"),
        ("below: 1\n", "limits.yaml:1:1: below: expected a number < 1, got 1"),
        ("code: abc\n", "limits.yaml:1:1: code: expected text matching ^[A-Z]{3}$, got 'abc'"),
        ("steps: [one]\n", "limits.yaml:1:1: steps: expected at least 2 item(s), got 1"),
    ],
    ids=["ge", "gt", "le", "lt", "pattern", "min_length"],
)
def test_each_constraint_is_told_in_words_at_its_field(text, expected):
    assert errors_of(text) == [expected]


def test_every_error_of_a_file_is_told_each_at_its_line():
    text = "least: 0\nabove: -1\nmost: 10\nbelow: 2\ncode: x\nsteps:\n  - one\n"
    assert errors_of(text) == [
        "limits.yaml:1:1: least: expected a number >= 1, got 0",
        "limits.yaml:2:1: above: expected a number > 0, got -1",
        "limits.yaml:3:1: most: expected a number <= 9, got 10",
        "limits.yaml:4:1: below: expected a number < 1, got 2",
        "limits.yaml:5:1: code: expected text matching ^[A-Z]{3}$, got 'x'",
        "limits.yaml:6:1: steps: expected at least 2 item(s), got 1",
    ]


def test_an_error_with_no_words_of_ours_is_told_in_pydantic_s_with_the_value():
    assert errors_of("day: soon\n") == [
        "limits.yaml:1:1: day: Input should be a valid date or datetime, input is too short; "
        "got 'soon'"
    ]
