"""Raw HTTP/1.1 over a socket, for attacking the preview server the way a hostile client would.

urllib and http.client fix up what they send (Host, Content-Length); these helpers send the
bytes exactly as written and report what came back, including whether the server hung up.
"""

from __future__ import annotations

import http.client
import json
import socket
from dataclasses import dataclass

# Only a guard against a hang (the bug being tested): every answer comes in milliseconds.
HANG_GUARD_SECONDS = 10.0


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    closed: bool  # the server closed the connection after answering

    def json(self):
        return json.loads(self.body)


def request_bytes(
    method: str,
    path: str,
    port: int,
    *,
    host: str | None = None,
    headers: dict[str, str] | None = None,
    body: bytes = b"",
    content_length: str | None = "auto",
) -> bytes:
    lines = [f"{method} {path} HTTP/1.1"]
    if host is not None:
        lines.append(f"Host: {host}")
    for key, value in (headers or {}).items():
        lines.append(f"{key}: {value}")
    if content_length == "auto":
        if body or method in ("POST", "PUT"):
            lines.append(f"Content-Length: {len(body)}")
    elif content_length is not None:
        lines.append(f"Content-Length: {content_length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def exchange(port: int, raw: bytes) -> Answer:
    """Send raw bytes, read one answer, and find out whether the connection stays open."""
    with socket.create_connection(("127.0.0.1", port), timeout=HANG_GUARD_SECONDS) as sock:
        sock.sendall(raw)
        return read_answer(sock)


def read_answer(sock: socket.socket) -> Answer:
    response = http.client.HTTPResponse(sock)
    response.begin()
    body = response.read()
    headers = {key.lower(): value for key, value in response.getheaders()}
    closed = headers.get("connection", "").lower() == "close" or response.will_close
    if closed:
        sock.settimeout(HANG_GUARD_SECONDS)
        assert sock.recv(1) == b"", "the server said close but kept the connection open"
    return Answer(response.status, headers, body, closed)


def send(
    port: int,
    method: str,
    path: str,
    *,
    host: str = "auto",
    headers: dict[str, str] | None = None,
    body: bytes = b"",
    content_length: str | None = "auto",
) -> Answer:
    named = f"127.0.0.1:{port}" if host == "auto" else host
    raw = request_bytes(
        method,
        path,
        port,
        host=named,
        headers=headers,
        body=body,
        content_length=content_length,
    )
    return exchange(port, raw)
