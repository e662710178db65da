"""Shared pytest fixtures.  The helpers themselves live in tests/support/.

Fixtures:
    chromium               (session)  playwright Browser: Debian's /usr/bin/chromium, headless
    new_browser_session    (function) factory(viewport=(w, h), color_scheme="light"|"dark",
                                      reduced_motion="no-preference"|"reduce", **ctx_kwargs)
                                      -> support.browser.BrowserSession, closed at teardown
    browser_page           (function) a BrowserSession with the defaults (1280x800, light)
    static_server          (function) factory(directory) -> base URL "http://127.0.0.1:PORT"
                                      (no trailing slash), stopped at teardown
    artifacts_dir          (session)  <repo>/test-artifacts/ (created), for screenshots
    js_deps                (session)  Path to tests/js/node_modules (fails if npm ci not run)
    tool_cache             (session, autouse) the tool's cache folder ($COURSEFORGE_CACHE_DIR),
                                      a temporary one

Tests that use a browser fixture are marked ``browser`` automatically.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Make `support` importable however pytest was started (rootdir/conftest import modes).
_TESTS_DIR = str(Path(__file__).resolve().parent)
if _TESTS_DIR not in sys.path:
    sys.path.insert(0, _TESTS_DIR)

from support import ARTIFACTS_DIR, NODE_MODULES, SETUP_HINT  # noqa: E402
from support.browser import (  # noqa: E402
    BrowserSession,
    ChromiumMissingError,
    check_chromium,
    launch_chromium,
    open_session,
)
from support.http import StaticServer  # noqa: E402

_BROWSER_FIXTURES = {"chromium", "new_browser_session", "browser_page"}


@pytest.fixture(scope="session", autouse=True)
def tool_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tool's cache of its own compiled files (shipped_cache.py), kept inside the session's
    temporary folder rather than the user's; builds in child processes inherit it."""
    folder = tmp_path_factory.mktemp("tool-cache")
    os.environ["COURSEFORGE_CACHE_DIR"] = str(folder)
    return folder


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _BROWSER_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    """A headless Chromium (playwright.sync_api.Browser) shared by the whole session."""
    from playwright.sync_api import sync_playwright

    try:
        check_chromium()
    except ChromiumMissingError as exc:
        message = str(exc)
    else:
        message = None
    if message:
        pytest.fail(message, pytrace=False)

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def new_browser_session(chromium) -> Iterator[Callable[..., BrowserSession]]:
    sessions: list[BrowserSession] = []

    def factory(
        viewport: tuple[int, int] | None = (1280, 800),
        color_scheme: str = "light",
        reduced_motion: str = "no-preference",
        **context_kwargs,
    ) -> BrowserSession:
        session = open_session(
            chromium,
            viewport=viewport,
            color_scheme=color_scheme,
            reduced_motion=reduced_motion,
            **context_kwargs,
        )
        sessions.append(session)
        return session

    yield factory
    for session in sessions:
        session.close()


@pytest.fixture
def browser_page(new_browser_session) -> BrowserSession:
    return new_browser_session()


@pytest.fixture
def static_server() -> Iterator[Callable[[Path | str], str]]:
    servers: list[StaticServer] = []

    def serve(directory: Path | str) -> str:
        server = StaticServer(directory)
        servers.append(server)
        return server.url

    yield serve
    for server in servers:
        server.close()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS_DIR


@pytest.fixture(scope="session")
def js_deps() -> Path:
    if not (NODE_MODULES / ".package-lock.json").is_file():
        pytest.fail(f"{NODE_MODULES} is missing or incomplete: {SETUP_HINT}", pytrace=False)
    return NODE_MODULES
