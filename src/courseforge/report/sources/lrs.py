"""Fetch statements from an LRS (xAPI Statements API), following `more`, resumable.

Pages are written as NDJSON files into a cache folder with a progress file naming the next
`more` URL, so an interrupted fetch continues where it stopped; the statement files are then
read like any exported file. Every statement since `--since` is fetched: cmi5 statements about
a course's questions need not name the course in their context, so filtering happens in SQL.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from courseforge.report.errors import ReportError

XAPI_VERSION = "1.0.3"
PAGE_LIMIT = 500
TIMEOUT_S = 30


def fetch_statements(
    endpoint: str,
    auth: str,
    cache_dir: Path,
    since: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Path]:
    """Fetch every statement (since `since`) into NDJSON files; return the files."""
    if not endpoint.startswith(("http://", "https://")):
        raise ReportError(f"--lrs: expected the LRS's http(s) endpoint URL, got {endpoint!r}")
    if ":" not in auth:
        raise ReportError("--auth: expected USER:PASS (the LRS's basic-auth key and secret)")
    base = endpoint if endpoint.endswith("/") else endpoint + "/"
    query = {"limit": str(PAGE_LIMIT), "ascending": "true"}
    if since:
        query["since"] = since
    first_url = base + "statements?" + urllib.parse.urlencode(query)
    folder = cache_dir / hashlib.sha256(first_url.encode()).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    progress_file = folder / "progress.json"
    state = {"next": first_url, "pages": 0, "statements": 0, "done": False}
    if progress_file.is_file():
        with contextlib.suppress(OSError, ValueError):  # a damaged progress file: start over
            state = json.loads(progress_file.read_text(encoding="utf-8"))
    if state["done"] and state.get("last_stored"):
        # Fetched before: ask only for what was stored since, appending pages.
        query["since"] = state["last_stored"]
        state = {
            **state,
            "next": base + "statements?" + urllib.parse.urlencode(query),
            "done": False,
        }
    headers = {
        "Authorization": "Basic " + base64.b64encode(auth.encode()).decode(),
        "X-Experience-API-Version": XAPI_VERSION,
        "Accept": "application/json",
    }
    while not state["done"]:
        page = _get(state["next"], headers, endpoint)
        statements = page.get("statements")
        if not isinstance(statements, list):
            raise ReportError(
                f'--lrs {endpoint}: expected a StatementResult ({{"statements": [...]}}), '
                f"got {str(page)[:80]!r}"
            )
        name = folder / f"page-{state['pages'] + 1:06d}.ndjson"
        temporary = name.with_suffix(".part")
        with open(temporary, "w", encoding="utf-8") as handle:
            for statement in statements:
                handle.write(json.dumps(statement, ensure_ascii=False) + "\n")
        temporary.replace(name)
        more = page.get("more") or ""
        stored = [s.get("stored") for s in statements if isinstance(s, dict) and s.get("stored")]
        state = {
            "next": urllib.parse.urljoin(state["next"], more) if more else "",
            "pages": state["pages"] + 1,
            "statements": state["statements"] + len(statements),
            "done": not more or not statements,
            "last_stored": max(stored + [state.get("last_stored") or ""]) or None,
        }
        progress_file.write_text(json.dumps(state), encoding="utf-8")
        if progress:
            progress(state["statements"])
    return [p for p in sorted(folder.glob("page-*.ndjson")) if p.stat().st_size > 0]


def _get(url: str, headers: dict[str, str], endpoint: str) -> dict:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            body = response.read()
    except urllib.error.HTTPError as exc:
        if exc.code in (401, 403):
            raise ReportError(
                f"--lrs {endpoint}: the LRS refused the credentials (HTTP {exc.code}); "
                "check --auth USER:PASS"
            ) from None
        raise ReportError(f"--lrs {endpoint}: the LRS answered HTTP {exc.code} to {url}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ReportError(f"--lrs {endpoint}: cannot reach the LRS ({reason})") from None
    try:
        data = json.loads(body)
    except ValueError:
        raise ReportError(
            f"--lrs {endpoint}: expected JSON from the Statements API, got {body[:60]!r}"
        ) from None
    if not isinstance(data, dict):
        raise ReportError(f"--lrs {endpoint}: expected a JSON object, got {body[:60]!r}")
    return data
