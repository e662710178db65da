#!/usr/bin/env bash
# Make .venv with courseforge installed (editable), if not done already.  Used by
# `make build` and `make bench`; `scripts/setup-test-env.sh` does a superset of this.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
export PIP_DISABLE_PIP_VERSION_CHECK=1

log() { printf '[setup-build] %s\n' "$*" >&2; }

if ! { [[ -x .venv/bin/python ]] && .venv/bin/python -c 'import sys' 2>/dev/null; }; then
    log "creating virtualenv .venv"
    rm -rf .venv
    if ! "$PYTHON" -m venv .venv; then
        log "venv creation failed; installing python3-venv"
        rm -rf .venv
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -q python3-venv || { apt-get update -q && apt-get install -y -q python3-venv; }
        "$PYTHON" -m venv .venv
    fi
fi

# Reinstall when pyproject.toml changed since the last install (or never installed).
STAMP=.venv/.courseforge-build
KEY="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$KEY" ]] && [[ -x .venv/bin/courseforge ]] \
    && .venv/bin/python -c 'import courseforge' 2>/dev/null; then
    log ".venv: up to date"
else
    log ".venv: pip install -e ."
    .venv/bin/python -m pip install -q -e .
    echo "$KEY" > "$STAMP"
fi
