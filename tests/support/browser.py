"""Headless Chromium (Debian's package, driven by Playwright) for the browser tests.

Playwright's own browser builds are never downloaded (`playwright install` is not
possible here): we always launch the system Chromium at /usr/bin/chromium.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from . import SETUP_HINT

if TYPE_CHECKING:
    from playwright.sync_api import (
        Browser,
        BrowserContext,
        ConsoleMessage,
        Page,
        Playwright,
        Request,
    )

#: Override with COURSEFORGE_CHROMIUM=/path/to/chromium if ever needed.
CHROMIUM_PATH = Path(os.environ.get("COURSEFORGE_CHROMIUM", "/usr/bin/chromium"))

#: Needed when running as root in a container, and to keep Chromium off the network.
CHROMIUM_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)

ColorScheme = Literal["light", "dark", "no-preference"]
ReducedMotion = Literal["reduce", "no-preference"]

DEFAULT_VIEWPORT = (1280, 800)


class ChromiumMissingError(RuntimeError):
    pass


def check_chromium(path: Path = CHROMIUM_PATH) -> Path:
    """Return `path` if it is an executable Chromium, else raise with a helpful message."""
    if not (path.is_file() and os.access(path, os.X_OK)):
        raise ChromiumMissingError(
            f"Chromium not found at {path}: {SETUP_HINT} "
            "(it apt-installs Debian's `chromium`; `playwright install` is never used)."
        )
    return path


def launch_chromium(playwright: Playwright, *, extra_args: tuple[str, ...] = ()) -> Browser:
    """Launch the system Chromium headless with the flags needed as root."""
    executable = check_chromium()
    return playwright.chromium.launch(
        executable_path=str(executable),
        headless=True,
        args=[*CHROMIUM_ARGS, *extra_args],
    )


@dataclass
class BrowserSession:
    """One browser context + page, with what the page logged and fetched.

    ``console_errors`` holds ``console.error(...)`` messages (prefixed ``console:``) and
    uncaught exceptions (prefixed ``pageerror:``); ``requests`` every request URL in
    order; ``console_messages`` every console message as ``(type, text)``.
    """

    context: BrowserContext
    page: Page
    console_errors: list[str] = field(default_factory=list)
    console_messages: list[tuple[str, str]] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    def assert_no_console_errors(self) -> None:
        assert not self.console_errors, "browser console errors:\n" + "\n".join(self.console_errors)

    def screenshot(self, path: Path | str, *, full_page: bool = True) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def close(self) -> None:
        self.context.close()


def _format_console(msg: ConsoleMessage) -> str:
    loc = msg.location or {}
    where = loc.get("url") or ""
    if where and loc.get("lineNumber") is not None:
        where = f"{where}:{loc['lineNumber']}"
    return f"console: {msg.text}" + (f" ({where})" if where else "")


def _is_favicon_noise(msg: ConsoleMessage) -> bool:
    """Chromium's own implicit /favicon.ico fetch 404s on pages that declare no icon."""
    url = (msg.location or {}).get("url") or ""
    return msg.text.startswith("Failed to load resource") and url.endswith("/favicon.ico")


def open_session(
    browser: Browser,
    *,
    viewport: tuple[int, int] | None = DEFAULT_VIEWPORT,
    color_scheme: ColorScheme = "light",
    reduced_motion: ReducedMotion = "no-preference",
    **context_kwargs,
) -> BrowserSession:
    """Open a fresh context and page on `browser` and start recording its activity.

    Extra keyword arguments go to ``browser.new_context`` (e.g. ``locale``,
    ``device_scale_factor``, ``base_url``).
    """
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]} if viewport else None,
        color_scheme=color_scheme,
        reduced_motion=reduced_motion,
        **context_kwargs,
    )
    page = context.new_page()
    session = BrowserSession(context=context, page=page)

    def on_console(msg: ConsoleMessage) -> None:
        session.console_messages.append((msg.type, msg.text))
        if msg.type == "error" and not _is_favicon_noise(msg):
            session.console_errors.append(_format_console(msg))

    def on_pageerror(error: Exception) -> None:
        session.console_errors.append(f"pageerror: {error}")

    def on_request(request: Request) -> None:
        session.requests.append(request.url)

    def on_requestfailed(request: Request) -> None:
        session.failed_requests.append(f"{request.url} ({request.failure})")

    # Listen on the context so pages opened later (popups, window.open) count too.
    context.on("console", on_console)
    context.on("weberror", lambda web_error: on_pageerror(web_error.error))
    context.on("request", on_request)
    context.on("requestfailed", on_requestfailed)
    return session


SessionFactory = Callable[..., BrowserSession]
