"""The starter's sample media are tiny and remade byte for byte by scripts/starter_media.py."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "starter_media.py"


def _generator():
    spec = importlib.util.spec_from_file_location("starter_media", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["talk.webm", "sound.mp3"])
def test_the_committed_sample_is_what_the_script_makes(name):
    generator = _generator()
    made = generator.STARTER_FILES[name]()
    assert made == generator.STARTER_FILES[name]()  # the same bytes on every run
    assert (generator.STARTER_MEDIA / name).read_bytes() == made
    assert len(made) < 8_000
