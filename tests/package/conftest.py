"""Every package test runs in a working folder of its own.

A writer broken on purpose (mutation testing) once moved everything in the working directory
into a test's output folder: mutmut's own copy of the sources went with it. With this, the
worst a broken writer can reach through a relative path is a throwaway folder.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _a_working_folder_of_its_own(tmp_path_factory, monkeypatch):
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))
