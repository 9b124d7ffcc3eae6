"""Per-client rate limiting of questions: a token bucket per client address, in bounded memory.

Every question, whether it comes from ``POST /api/ask``, the chat page, the widget or
``gradio_client``, takes one token from its client's bucket; a bucket holds ``burst`` tokens and
refills at ``per_minute`` tokens a minute. An empty bucket refuses with :class:`RateLimitedError`,
which says when the next token arrives (the API turns it into ``429`` with ``Retry-After``, the
chat into a translated message).

The client is the connection's address as uvicorn reports it: behind a reverse proxy that uvicorn
trusts (``--forwarded-allow-ips``), that is the visitor's address from ``X-Forwarded-For``.
At most ``max_clients`` buckets are kept (least recently used are dropped), so a flood of
addresses cannot grow memory without bound.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable


class RateLimitedError(RuntimeError):
    """A client asked more often than the rate limit allows.

    ``retry_after`` is the number of whole seconds until its next question is accepted.
    """

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many questions from this address; try again in {retry_after} s")
        self.retry_after = retry_after


def client_of(request: object) -> str | None:
    """The client a request's questions count against: its address as uvicorn reports it (with
    ``X-Forwarded-For`` from trusted proxies applied). ``request`` is a Starlette ``Request`` or a
    ``gr.Request``; ``None`` without a request or an address."""
    return getattr(getattr(request, "client", None), "host", None)


class RateLimiter:
    """Token buckets keyed by client.

    Args:
        per_minute: sustained questions a minute per client (``0``: no limit).
        burst: questions a client may ask at once before the sustained rate applies.
        max_clients: buckets kept in memory (least recently used are forgotten).
        clock: seconds, monotonic (tests pass a fake one).

    >>> limiter = RateLimiter(per_minute=30, burst=2)
    >>> limiter.take("203.0.113.9"); limiter.take("203.0.113.9")
    >>> limiter.take("203.0.113.9")
    Traceback (most recent call last):
    RateLimitedError: too many questions from this address; try again in 2 s
    """

    def __init__(self, per_minute: float, burst: int, *, max_clients: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if per_minute < 0 or burst < 1 or max_clients < 1:
            raise ValueError("per_minute must be >= 0, burst and max_clients >= 1")
        self.per_second = per_minute / 60.0
        self.burst = burst
        self.max_clients = max_clients
        self.clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()   # key -> (tokens, when)
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.per_second > 0

    def take(self, client: str | None) -> None:
        """Spend one of ``client``'s tokens.

        Raises:
            RateLimitedError: the client's bucket is empty.
        """
        if not self.enabled:
            return
        key = client or "unknown"
        now = self.clock()
        with self._lock:
            tokens, then = self._buckets.pop(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - then) * self.per_second)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                raise RateLimitedError(max(1, math.ceil((1.0 - tokens) / self.per_second)))
            self._buckets[key] = (tokens - 1.0, now)
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)

    def __len__(self) -> int:
        return len(self._buckets)
