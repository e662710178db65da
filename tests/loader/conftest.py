"""Fixtures shared by the loader's tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    """Run in tmp_path, so messages name files as the author sees them: course/..."""
    monkeypatch.chdir(tmp_path)
