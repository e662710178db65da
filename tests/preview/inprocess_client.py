"""Real HTTP requests to a preview served by this process's threads (see running_preview).

The server, its handler class and routing are the real ones, on a real socket on 127.0.0.1:
only the process is shared, so a test sees the code it imports, mutated or not.
"""

from __future__ import annotations

import http.client
import json
import socket
from dataclasses import dataclass

# Only against a hang: every answer here comes within milliseconds.
HANG_GUARD_SECONDS = 10.0
SAFETY_HEADERS = {
    "x-content-type-options": "nosniff",
    "cross-origin-resource-policy": "same-origin",
    "content-security-policy": "frame-ancestors 'self'",
}


@dataclass
class Reply:
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes

    def json(self):
        assert self.headers["content-type"] == "application/json", self.headers
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def call(
    port: int,
    method: str,
    path: str,
    *,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
) -> Reply:
    """One request on a fresh connection (http.client sends Host and Content-Length)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=HANG_GUARD_SECONDS)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, data)
    finally:
        connection.close()


def own_page(port: int) -> dict[str, str]:
    """The headers Chromium sends with a fetch from the preview's own page."""
    return {
        "Origin": f"http://127.0.0.1:{port}",
        "Sec-Fetch-Site": "same-origin",
        "Content-Type": "application/json",
    }


def launch(port: int, attempt: str = "first") -> Reply:
    return call(
        port,
        "POST",
        "/__courseforge/launch",
        headers=own_page(port),
        body=json.dumps({"attempt": attempt}).encode(),
    )


def raw_exchange(port: int, raw: bytes) -> bytes:
    """Send bytes exactly as written; return everything the server sends until it hangs up."""
    with socket.create_connection(("127.0.0.1", port), timeout=HANG_GUARD_SECONDS) as sock:
        sock.sendall(raw)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
        return received


@dataclass
class WireAnswer:
    """One answer read off a raw socket, and whether the connection ended with it."""

    status_line: bytes
    headers: dict[str, str]  # lower-case names, values exactly as sent
    body: bytes
    closed: bool  # a request sent after this answer got nothing: the server had hung up

    def json(self):
        assert self.headers["content-type"] == "application/json", self.headers
        return json.loads(self.body)


def wire_exchange(port: int, raw: bytes) -> WireAnswer:
    """Send bytes exactly as written, read one answer, then send a second request on the same
    connection: it is answered only if the server kept the connection (and did not take what
    followed the first request's head, such as a refused body, for a request of its own)."""
    with socket.create_connection(("127.0.0.1", port), timeout=HANG_GUARD_SECONDS) as sock:
        sock.sendall(raw)
        received = b""
        while b"\r\n\r\n" not in received:
            chunk = sock.recv(65536)
            assert chunk, f"the server hung up without an answer: {received!r}"
            received += chunk
        head, _, body = received.partition(b"\r\n\r\n")
        status_line, *lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in lines:
            name, _, value = line.partition(":")
            assert name.lower() not in headers, f"{name} sent twice"
            headers[name.lower()] = value.strip()
        length = int(headers["content-length"])
        while len(body) < length:
            chunk = sock.recv(65536)
            assert chunk, "the answer's body ended early"
            body += chunk
        assert len(body) == length, "more bytes than the answer's Content-Length"
        probe = f"GET /__courseforge/status HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        try:
            sock.sendall(probe.encode())
            after = b""
            while chunk := sock.recv(65536):
                after += chunk
        except ConnectionError:  # the server closed with the probe unread: a reset
            after = b""
        return WireAnswer(status_line.encode("latin-1"), headers, body, closed=after == b"")
