"""Fixtures shared by the xAPI/cmi5 end-to-end tests."""

from __future__ import annotations

import pytest

from support.docstore import TestLrs, shared_lrs


@pytest.fixture(scope="session")
def lrs(tmp_path_factory, request) -> TestLrs:
    """The one real LRS of the run (Ralph behind the test document store)."""
    return shared_lrs(tmp_path_factory, request.config)
