"""The push channel from the builder to open preview pages (served as Server-Sent Events)."""

from __future__ import annotations

import json
import queue
import threading
from dataclasses import dataclass

# Each open page holds one connection; a few tabs are normal, dozens are an attack on the
# server's connection slots (guard.MAX_CONNECTIONS), so the rest are turned away.
MAX_SUBSCRIBERS = 8
# A page that reads nothing while this many events wait is dropped; it reconnects and is sent
# the current status, which is all it needs.
BACKLOG = 32


@dataclass(frozen=True)
class Event:
    name: str  # the SSE event type: "status" or "swap"
    data: dict

    def encoded(self) -> bytes:
        """Return the event as the SSE wire format (JSON on one data line)."""
        return f"event: {self.name}\ndata: {json.dumps(self.data)}\n\n".encode()


class TooManySubscribers(Exception):
    """More pages listen than MAX_SUBSCRIBERS."""


class Subscription:
    """One open page's queue of events; `None` in it means the channel closed."""

    def __init__(self, hub: BuildEvents):
        self._hub = hub
        self._queue: queue.Queue[Event | None] = queue.Queue(BACKLOG)
        self.dropped = False

    def put(self, event: Event | None) -> None:
        try:
            self._queue.put_nowait(event)
        except queue.Full:
            self.dropped = True

    def next(self, timeout: float) -> Event | None:
        """Return the next event, or None when closed, dropped, or after `timeout` seconds.

        Raises:
            TimeoutError: nothing came within `timeout` (time for a keep-alive comment).
        """
        if self.dropped:
            return None
        try:
            return self._queue.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError from None

    def close(self) -> None:
        self._hub.unsubscribe(self)


class BuildEvents:
    """Fans each event out to every subscribed page; closing wakes and ends them all."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: list[Subscription] = []
        self.closed = False

    def subscribe(self) -> Subscription:
        """Return a new subscription.

        Raises:
            TooManySubscribers: MAX_SUBSCRIBERS pages listen already.
        """
        with self._lock:
            if len(self._subscribers) >= MAX_SUBSCRIBERS:
                raise TooManySubscribers
            subscription = Subscription(self)
            if self.closed:
                subscription.put(None)
            else:
                self._subscribers.append(subscription)
            return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        with self._lock:
            if subscription in self._subscribers:
                self._subscribers.remove(subscription)

    def publish(self, name: str, data: dict) -> None:
        event = Event(name, data)
        with self._lock:
            for subscription in self._subscribers:
                subscription.put(event)

    def close(self) -> None:
        with self._lock:
            self.closed = True
            for subscription in self._subscribers:
                subscription.put(None)
            self._subscribers.clear()
