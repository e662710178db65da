"""A minimal Server-Sent Events reader over http.client, for the preview's event stream."""

from __future__ import annotations

import http.client
import json
import time
from collections.abc import Callable
from dataclasses import dataclass

HANG_GUARD_SECONDS = 30.0  # only against a hang: every event comes within milliseconds


@dataclass
class ServerEvent:
    name: str
    data: dict


class EventStream:
    """GET /__courseforge/events and read its events one at a time."""

    def __init__(self, port: int, headers: dict[str, str] | None = None):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=HANG_GUARD_SECONDS)
        self.connection.request("GET", "/__courseforge/events", headers=headers or {})
        self.response = self.connection.getresponse()

    def next(self, deadline: float | None = None) -> ServerEvent:
        deadline = deadline or time.monotonic() + HANG_GUARD_SECONDS
        name, data = "message", []
        while True:
            if time.monotonic() > deadline:  # keep-alive comments reset the socket's timeout
                raise TimeoutError("no event came")
            line = self.response.readline()
            if not line:
                raise EOFError("the event stream ended")
            line = line.decode("utf-8").rstrip("\n")
            if not line:
                if data:
                    return ServerEvent(name, json.loads("\n".join(data)))
                name = "message"
                continue
            field, _, value = line.partition(":")
            if field == "event":
                name = value.strip()
            elif field == "data":
                data.append(value.removeprefix(" "))

    def until(self, wanted: Callable[[ServerEvent], bool]) -> ServerEvent:
        """Read events until one is `wanted`; return it (or fail after HANG_GUARD_SECONDS)."""
        deadline = time.monotonic() + HANG_GUARD_SECONDS
        while True:
            event = self.next(deadline)
            if wanted(event):
                return event

    def close(self) -> None:
        self.connection.close()
