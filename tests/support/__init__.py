"""Pure helpers shared by the test suite (no pytest fixtures here: see tests/conftest.py).

- :mod:`tests.support.browser` -- launching Debian's Chromium through Playwright and
  recording console errors / requests per page.
- :mod:`tests.support.http` -- a throwaway static file server and small HTTP utilities.
- ``tests/support/ralph_lrs.py`` -- launcher for the Ralph LRS (run with Ralph's own venv).
"""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
JS_DIR = REPO_ROOT / "tests" / "js"
NODE_MODULES = JS_DIR / "node_modules"
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts"
RALPH_VENV = REPO_ROOT / ".cache" / "ralph-venv"
RALPH_PYTHON = RALPH_VENV / "bin" / "python"
RALPH_LAUNCHER = Path(__file__).resolve().parent / "ralph_lrs.py"

SETUP_HINT = "run `bash scripts/setup-test-env.sh` (or `make test`) first"
