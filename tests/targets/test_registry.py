"""The target registry: every name maps to its class, and an unknown name says which."""

from __future__ import annotations

import pytest

from courseforge.targets import TARGET_NAMES, Target, target_class


@pytest.mark.parametrize("name", TARGET_NAMES)
def test_every_registered_name_gives_its_target(name):
    target = target_class(name)

    assert issubclass(target, Target)
    assert target.name == name


def test_an_unknown_name_is_a_key_error_naming_it():
    with pytest.raises(KeyError) as unknown:
        target_class("scorm3")

    assert unknown.value.args == ("scorm3",)
