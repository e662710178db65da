"""What the preview server accepts, so that no other web page can use it.

The preview listens on 127.0.0.1, but any page the author opens in the same browser can send it
requests: a DNS-rebinding page reaches it under its own host name, a cross-site form posts to
it. So every request must name the server by the loopback name it printed (Host), every request
that changes state must come from the preview's own pages (Origin, Sec-Fetch-Site) or carry the
session's token, and request bodies are framed and bounded before a byte of them is read.
"""

from __future__ import annotations

import hmac
import json
import re
from dataclasses import dataclass
from email.message import Message
from typing import Any

# Documented in README.md ("Live preview"): the limits a request must fit.
MAX_BODY_BYTES = 1024 * 1024  # the largest xAPI batch or state document a course sends is ~100 KB
MAX_JSON_DEPTH = 32  # statements nest about 6 deep; deeper is an attack on the parser
IDLE_TIMEOUT_SECONDS = 15.0  # a connection that sends nothing for this long is closed
MAX_CONNECTIONS = 64  # Chromium opens at most 6 per host; the rest wait for a free one
TOKEN_HEADER = "X-Courseforge-Token"
STATE_CHANGING = frozenset({"POST", "PUT", "DELETE", "PATCH"})
_DIGITS = re.compile(r"\d{1,15}")


@dataclass
class Refusal(Exception):
    """A request the server answers with an error status instead of handling it."""

    status: int
    message: str

    def __str__(self) -> str:
        return f"{self.status} {self.message}"


class RequestGuard:
    """The checks for one server: its loopback names, and the session token of its pages."""

    def __init__(self, host: str, port: int, token: str):
        names = {host, "localhost"} if host == "127.0.0.1" else {host}
        hosts = {f"{name}:{port}" for name in names}
        if port == 80:
            hosts |= names
        self.hosts = frozenset(hosts)
        self.origins = frozenset(f"http://{name}" for name in hosts)
        self.token = token

    def origin(self, headers: Message) -> str:
        """Return this server's origin as the request names it; refuse any other Host.

        Launch URLs are built from the result, never from the raw header.
        """
        values = headers.get_all("Host") or []
        if len(values) != 1:
            raise Refusal(400, "exactly one Host header is required")
        host = values[0].strip().lower()
        if host not in self.hosts:
            raise Refusal(
                421, f"this preview answers only to {', '.join(sorted(self.hosts))}, not {host!r}"
            )
        return f"http://{host}"

    def check_state_change(self, method: str, headers: Message) -> None:
        """Refuse a request that changes state unless it comes from the preview's own pages."""
        if method not in STATE_CHANGING:
            return
        site = headers.get("Sec-Fetch-Site")
        if site is not None and site != "same-origin":
            raise Refusal(403, f"cross-site request refused (Sec-Fetch-Site: {site})")
        origin = headers.get("Origin")
        if origin is not None:
            if origin.strip().lower() not in self.origins:
                raise Refusal(403, f"request from another origin refused ({origin!r})")
            return
        self.check_token(headers)

    def check_own_page(self, headers: Message) -> None:
        """Refuse a read that a browser says comes from another site's page (the event stream).

        EventSource cannot send the token header; browsers send Sec-Fetch-Site on every request
        and Origin on a cross-origin one, so a page elsewhere is recognised by either.
        """
        site = headers.get("Sec-Fetch-Site")
        if site is not None and site not in ("same-origin", "none"):
            raise Refusal(403, f"cross-site request refused (Sec-Fetch-Site: {site})")
        origin = headers.get("Origin")
        if origin is not None and origin.strip().lower() not in self.origins:
            raise Refusal(403, f"request from another origin refused ({origin!r})")

    def check_token(self, headers: Message) -> None:
        given = headers.get(TOKEN_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            raise Refusal(403, f"this request needs the preview session's {TOKEN_HEADER} header")


def body_length(method: str, headers: Message) -> int:
    """Return how many body bytes follow the headers, checked before any is read.

    Raises:
        Refusal: chunked or unframed bodies (411), a Content-Length that is not one decimal
            number (400), or a body over MAX_BODY_BYTES (413).
    """
    if headers.get("Transfer-Encoding") is not None:
        raise Refusal(411, "send the body with a Content-Length (chunked bodies are not accepted)")
    values = {value.strip() for value in headers.get_all("Content-Length") or []}
    if not values:
        if method in ("POST", "PUT", "PATCH"):
            raise Refusal(411, "a Content-Length header is required")
        return 0
    if len(values) > 1:
        raise Refusal(400, "conflicting Content-Length headers")
    (value,) = values
    if not _DIGITS.fullmatch(value):
        raise Refusal(400, f"Content-Length must be a number of bytes, not {value[:40]!r}")
    length = int(value)
    if length > MAX_BODY_BYTES:
        raise Refusal(413, f"the body is {length:,} bytes; the preview accepts {MAX_BODY_BYTES:,}")
    return length


class BadJson(ValueError):
    """A request body or parameter that is not acceptable JSON."""


def _reject_constant(name: str) -> Any:
    raise BadJson(f"{name} is not JSON (JSON has no NaN or Infinity)")


def parse_json(data: bytes | str, what: str = "the body") -> Any:
    """Parse JSON from a request, refusing non-standard numbers and deep nesting.

    Raises:
        BadJson: with a message fit for a 400 answer.
    """
    try:
        value = json.loads(data, parse_constant=_reject_constant)
    except RecursionError:
        raise BadJson(f"{what} is nested too deeply") from None
    except BadJson:
        raise
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, int too long
        raise BadJson(f"{what} is not JSON: {exc}") from None
    if _depth(value) > MAX_JSON_DEPTH:
        raise BadJson(f"{what} nests more than {MAX_JSON_DEPTH} levels deep")
    return value


def _depth(value: Any) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (list, dict)):
            deepest = max(deepest, depth)
            stack.extend(
                (child, depth + 1) for child in (item.values() if isinstance(item, dict) else item)
            )
    return deepest
