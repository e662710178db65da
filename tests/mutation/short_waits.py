"""pytest plugin for mutation runs (`-p tests.mutation.short_waits`): shorter Playwright waits.

A mutant that breaks the page makes a test wait for something that never shows; at
Playwright's default of 30 s per wait that dominates a run. Every browser context waits at most
COURSEFORGE_MUTATION_WAIT_MS instead (the clean run must still pass with it).
"""

from __future__ import annotations

import os

from playwright.sync_api import Browser

WAIT_MS = float(os.environ.get("COURSEFORGE_MUTATION_WAIT_MS", "8000"))
_new_context = Browser.new_context


def _new_context_with_short_waits(self: Browser, *args, **kwargs):
    context = _new_context(self, *args, **kwargs)
    context.set_default_timeout(WAIT_MS)
    return context


Browser.new_context = _new_context_with_short_waits
