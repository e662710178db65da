"""Start/stop Ralph (the real xAPI LRS) for tests.  See tests/support/README.md.

Ralph lives in its own virtualenv (.cache/ralph-venv, made by scripts/setup-test-env.sh)
and is run as a subprocess through tests/support/ralph_lrs.py, which writes statements
in APPEND mode (stock ralph-malph 5.1.0 fails every POST after the first with HTTP 500).
"""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

from . import RALPH_LAUNCHER, RALPH_PYTHON, SETUP_HINT
from .http import free_port, wait_for_http

XAPI_VERSION = "1.0.3"

# bcrypt with few rounds: these are throwaway credentials, and it keeps start-up quick.
_HASH_SCRIPT = (
    "import bcrypt,sys; print(bcrypt.hashpw(sys.argv[1].encode(), "
    "bcrypt.gensalt(rounds=4)).decode())"
)


def ralph_env(workdir: Path) -> dict[str, str]:
    """Environment for Ralph with everything (auth, history, statements) under workdir."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RALPH_")}
    env.update(
        RALPH_RUNSERVER_BACKEND="fs",
        RALPH_AUTH_FILE=str(workdir / "auth.json"),
        RALPH_HISTORY_FILE=str(workdir / "history.json"),
        RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH=str(workdir / "statements"),
        RALPH_BACKENDS__LRS__FS__DEFAULT_LRS_FILE="fs_lrs.jsonl",
    )
    return env


def write_auth_file(
    path: Path,
    username: str,
    password: str,
    *,
    scopes: tuple[str, ...] = ("all",),
    mbox: str = "mailto:lrs@example.com",
) -> None:
    """Write Ralph's basic-auth users file (same format as `ralph auth -w`).

    Note: Ralph validates mboxes with email-validator, which rejects reserved TLDs such
    as ``.test``/``.local``; use ``example.com`` addresses.
    """
    hashed = subprocess.run(
        [str(RALPH_PYTHON), "-c", _HASH_SCRIPT, password],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    users = [
        {
            "agent": {"mbox": mbox, "objectType": "Agent"},
            "scopes": list(scopes),
            "hash": hashed,
            "username": username,
        }
    ]
    path.write_text(json.dumps(users, indent=2), encoding="utf-8")


@dataclass
class RalphLRS:
    """A running Ralph; ``endpoint`` is the xAPI base URL ending in ``/xAPI/``."""

    process: subprocess.Popen
    url: str
    username: str
    password: str
    workdir: Path
    log_path: Path

    @property
    def endpoint(self) -> str:
        return f"{self.url}/xAPI/"

    @property
    def statements_file(self) -> Path:
        return self.workdir / "statements" / "fs_lrs.jsonl"

    def auth_header(self) -> str:
        token = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
        return f"Basic {token}"

    def headers(self) -> dict[str, str]:
        return {
            "Authorization": self.auth_header(),
            "X-Experience-API-Version": XAPI_VERSION,
            "Content-Type": "application/json",
        }

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def start_ralph(
    workdir: Path,
    *,
    username: str = "courseforge",
    password: str = "courseforge-secret",
    port: int | None = None,
    cors_origins: list[str] | tuple[str, ...] = (),
    extra_env: dict[str, str] | None = None,
    timeout: float = 30.0,
) -> RalphLRS:
    """Start Ralph on 127.0.0.1 with the fs backend and one basic-auth user.

    `cors_origins` are exact origins (e.g. a static_server URL) allowed to call the LRS
    from a browser; `extra_env` adds/overrides RALPH_* settings.
    """
    if not RALPH_PYTHON.is_file():
        raise RuntimeError(f"Ralph's virtualenv is missing ({RALPH_PYTHON}): {SETUP_HINT}")
    workdir.mkdir(parents=True, exist_ok=True)
    write_auth_file(workdir / "auth.json", username, password)
    port = port or free_port()
    log_path = workdir / "ralph.log"
    env = ralph_env(workdir)
    if cors_origins:
        env["RALPH_RUNSERVER_CORS_ALLOW_ORIGINS"] = json.dumps(list(cors_origins))
    env.update(extra_env or {})
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                str(RALPH_PYTHON),
                "-I",
                str(RALPH_LAUNCHER),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            env=env,
            cwd=workdir,  # Ralph also reads a `.env` file from its working directory
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    lrs = RalphLRS(process, f"http://127.0.0.1:{port}", username, password, workdir, log_path)
    try:
        wait_for_http(f"{lrs.url}/__heartbeat__", timeout=timeout)
    except TimeoutError:
        lrs.stop()
        raise RuntimeError(
            f"Ralph did not start; log:\n{log_path.read_text(errors='replace')}"
        ) from None
    if process.poll() is not None:
        raise RuntimeError(f"Ralph exited early; log:\n{log_path.read_text(errors='replace')}")
    return lrs
