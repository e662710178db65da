#!/usr/bin/env bash
# Install everything the test suite needs, idempotently.
#
#   bash scripts/setup-test-env.sh        # from anywhere; works on a fresh Debian 12 (root)
#
# What it does (each step is skipped when its stamp says it is already done):
#   1. Debian's `chromium` (+ fonts) when /usr/bin/chromium is missing.  Playwright's own
#      browser download (`playwright install`) is never used: no network for it.
#   2. .venv (project virtualenv) with `pip install -e '.[test]'`; redone when
#      pyproject.toml changes.
#   3. `npm ci` in tests/js (scorm-again, axe-core, xapi-validation pinned in
#      package-lock.json); redone when the lockfile changes.
#   4. .cache/ralph-venv: a separate virtualenv with Ralph, the real LRS used by the xAPI
#      tests (kept apart because its pinned deps clash with ours).  See
#      tests/support/README.md for how to run it.
#
# Environment knobs: PYTHON (interpreter used to create the venvs, default python3),
# FORCE=1 (ignore stamps and redo every step).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PYTHON="${PYTHON:-python3}"
FORCE="${FORCE:-0}"
RALPH_SPEC='ralph-malph[cli,lrs]==5.1.0'
# ralph-malph 5.1.0 imports `requests` (ralph.api.auth.oidc) without declaring it.
RALPH_EXTRA_DEPS=(requests)
export DEBIAN_FRONTEND=noninteractive
export PIP_DISABLE_PIP_VERSION_CHECK=1

log() { printf '[setup-test-env] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

hash_of() { cat "$@" | sha256sum | cut -d' ' -f1; }

# A step is done when its stamp file holds the expected key.
stamp_ok() { [[ "$FORCE" != 1 && -f "$1" && "$(cat "$1")" == "$2" ]]; }

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
    SUDO=(sudo)
fi

APT_UPDATED=0
apt_install() {
    # Try without `apt-get update` first (fast when the lists are fresh); update and
    # retry once on failure.
    if ! "${SUDO[@]}" apt-get install -y -q "$@"; then
        if [[ $APT_UPDATED == 0 ]]; then
            log "apt-get install failed; running apt-get update and retrying"
            "${SUDO[@]}" apt-get update -q
            APT_UPDATED=1
            "${SUDO[@]}" apt-get install -y -q "$@"
        else
            return 1
        fi
    fi
}

# --- 1. Chromium --------------------------------------------------------------------
if [[ -x /usr/bin/chromium ]]; then
    log "chromium: present ($(/usr/bin/chromium --version 2>/dev/null || echo '?'))"
else
    log "chromium: installing Debian's package"
    apt_install chromium fonts-liberation fonts-dejavu-core
    [[ -x /usr/bin/chromium ]] || die "/usr/bin/chromium still missing after apt-get install"
fi

# --- 2. Project virtualenv ------------------------------------------------------------
make_venv() {  # make_venv DIR
    local dir="$1"
    if [[ -x "$dir/bin/python" ]] && "$dir/bin/python" -c 'import sys' 2>/dev/null; then
        return 0
    fi
    log "creating virtualenv $dir"
    rm -rf "$dir"
    if ! "$PYTHON" -m venv "$dir"; then
        log "venv creation failed; installing python3-venv"
        rm -rf "$dir"
        apt_install python3-venv
        "$PYTHON" -m venv "$dir"
    fi
}

VENV_STAMP=.venv/.courseforge-test-env
VENV_KEY="$(hash_of pyproject.toml)"
make_venv .venv
if stamp_ok "$VENV_STAMP" "$VENV_KEY" \
    && .venv/bin/python -c 'import courseforge, playwright.sync_api, pytest' 2>/dev/null; then
    log ".venv: up to date"
else
    log ".venv: pip install -e '.[test]'"
    .venv/bin/python -m pip install -q -e '.[test]'
    echo "$VENV_KEY" > "$VENV_STAMP"
fi

# --- 3. Node test dependencies ------------------------------------------------------
if ! command -v npm >/dev/null 2>&1; then
    log "npm: missing, installing Debian's nodejs + npm"
    apt_install nodejs npm
fi
NODE_STAMP=tests/js/node_modules/.courseforge-test-env
NODE_KEY="$(hash_of tests/js/package.json tests/js/package-lock.json)"
if stamp_ok "$NODE_STAMP" "$NODE_KEY" \
    && [[ -f tests/js/node_modules/axe-core/axe.min.js ]]; then
    log "tests/js/node_modules: up to date"
else
    log "tests/js: npm ci"
    (cd tests/js && npm ci --no-audit --no-fund --loglevel=error)
    echo "$NODE_KEY" > "$NODE_STAMP"
fi

# --- 4. Ralph LRS virtualenv --------------------------------------------------------
RALPH_VENV=.cache/ralph-venv
RALPH_STAMP="$RALPH_VENV/.courseforge-test-env"
RALPH_KEY="$RALPH_SPEC ${RALPH_EXTRA_DEPS[*]}"
mkdir -p .cache
make_venv "$RALPH_VENV"
if stamp_ok "$RALPH_STAMP" "$RALPH_KEY" && [[ -x "$RALPH_VENV/bin/ralph" ]]; then
    log "$RALPH_VENV: up to date"
else
    log "$RALPH_VENV: pip install $RALPH_SPEC ${RALPH_EXTRA_DEPS[*]}"
    "$RALPH_VENV/bin/python" -m pip install -q "$RALPH_SPEC" "${RALPH_EXTRA_DEPS[@]}"
    # Smoke check: the LRS app (fs backend) and our APPEND-mode launcher import cleanly.
    RALPH_RUNSERVER_BACKEND=fs \
    RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH="$ROOT/.cache/ralph-smoke" \
    RALPH_HISTORY_FILE="$ROOT/.cache/ralph-smoke/history.json" \
        "$RALPH_VENV/bin/python" -c '
import ralph.api, ralph.cli, bcrypt, uvicorn
from ralph.backends.lrs.fs import FSLRSBackend
' || die "Ralph LRS does not import in $RALPH_VENV"
    rm -rf .cache/ralph-smoke
    echo "$RALPH_KEY" > "$RALPH_STAMP"
fi

log "done"
