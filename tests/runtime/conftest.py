"""One build of the seed course's web target, served once, for every browser test here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from courseforge.build import build
from courseforge.loader import load_course
from courseforge.model import Course
from support.http import StaticServer

REPO = Path(__file__).resolve().parents[2]
SEED_COURSE = REPO / "course"
STARTER_COURSE = REPO / "src" / "courseforge" / "starter"  # shows every rich lesson block once


@pytest.fixture(scope="session")
def seed_course() -> Course:
    return load_course(SEED_COURSE)


@pytest.fixture(scope="session")
def seed_web_dir(tmp_path_factory) -> Path:
    """The seed course built with the web target (folder form)."""
    out = tmp_path_factory.mktemp("seed-web")
    build(SEED_COURSE, out, ["web"])
    return out / "ai-engineering-architect-web"


@pytest.fixture(scope="session")
def seed_server(seed_web_dir) -> Iterator[str]:
    """Base URL of a static server for the built seed course, shared by the session."""
    server = StaticServer(seed_web_dir)
    yield server.url
    server.close()


@pytest.fixture(scope="session")
def starter_course() -> Course:
    return load_course(STARTER_COURSE)


@pytest.fixture(scope="session")
def starter_server(tmp_path_factory) -> Iterator[str]:
    """Base URL of a static server for the starter course built with the web target."""
    out = tmp_path_factory.mktemp("starter-web")
    build(STARTER_COURSE, out, ["web"])
    server = StaticServer(out / "my-course-web")
    yield server.url
    server.close()
