"""What ``article-qa serve`` is configured with: a frozen dataclass of defaults.

Only the CLI reads the environment (``ARTICLE_QA_ALLOWED_ORIGINS``, the limits' ``ARTICLE_QA_*``
variables, see :mod:`ui.cli`); everything below it takes a :class:`ServeSettings`. Origins are
checked and normalised here, once, so the CORS middleware, the ``frame-ancestors`` header and the
widget's ``postMessage`` targets all see the same list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_EXAMPLES_FILE = Path(__file__).resolve().parents[1] / "evals" / "questions" / "dev.jsonl"
_DEFAULT_PORTS = {"http": 80, "https": 443}


class InvalidOriginError(ValueError):
    """An ``--allowed-origin`` value that is not ``scheme://host[:port]``."""


def normalize_origin(value: str) -> str:
    """The origin as browsers send it in the ``Origin`` header: lowercase scheme and host, no
    default port, no path.

    >>> normalize_origin("HTTPS://News.Example.com:443/")
    'https://news.example.com'

    Raises:
        InvalidOriginError: a wildcard, a path, a query, credentials or a non-http(s) scheme.
    """
    text = str(value).strip()
    if text in ("*", "null") or "*" in text:
        raise InvalidOriginError(f"allowed origin {text!r}: wildcards are not accepted; name each site, "
                                 "e.g. https://news.example.com")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise InvalidOriginError(f"allowed origin {text!r}: {exc}") from None
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if scheme not in _DEFAULT_PORTS or not host:
        raise InvalidOriginError(f"allowed origin {text!r} must look like https://news.example.com "
                                 "(http or https, a host, an optional port)")
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username or parts.password:
        raise InvalidOriginError(f"allowed origin {text!r} must not have a path, query or user: "
                                 f"use {scheme}://{parts.netloc.rsplit('@', 1)[-1]}")
    if any(c in host for c in " ;,'\"<>\\"):
        raise InvalidOriginError(f"allowed origin {text!r}: invalid host")
    shown_host = f"[{host}]" if ":" in host else host
    return f"{scheme}://{shown_host}" + (f":{port}" if port and port != _DEFAULT_PORTS[scheme] else "")


def parse_origins(values: Iterable[str]) -> tuple[str, ...]:
    """Normalise each origin (comma-separated values are split), dropping duplicates, keeping order."""
    out: list[str] = []
    for value in values:
        for item in str(value).split(","):
            if item.strip():
                origin = normalize_origin(item)
                if origin not in out:
                    out.append(origin)
    return tuple(out)


@dataclass(frozen=True)
class ServeSettings:
    """Args:
        host, port: where uvicorn listens (loopback by default).
        root_path: the public path prefix when served behind a reverse proxy that strips it
            (``"/qa"``); empty when served at the root.
        allowed_origins: other sites that may embed the widget (``frame-ancestors``) and call the
            API from a browser (CORS); normalised by :func:`parse_origins`. The server's own
            origin is always allowed.
        concurrency: questions answered at once (CPU-bound: about one per core).
        queue_size: questions allowed to wait; beyond it the API answers 503 and the chat says
            the queue is full.
        feedback_db: the SQLite file thumbs up/down are recorded in (``None``: no feedback log).
        examples_file: the dev question set examples are drawn from (``None``: no examples).
        examples_per_lang: example questions shown per language.
        default_lang: the interface language the page opens in (``"id"`` or ``"en"``).
        max_body_bytes: larger request bodies (API and Gradio) are refused with 413.
        max_question_chars: longer questions are refused (422 / a translated chat message);
            applied to the assistant's config.
        max_history_turns: longer ``history`` lists are refused; the chat sends at most this many.
        rate_limit: questions a minute each client may ask, sustained (``0``: no limit); over it
            the API answers 429 with ``Retry-After`` and the chat says to wait.
        rate_burst: questions a client may ask at once before ``rate_limit`` applies.
        forwarded_allow_ips: proxies whose ``X-Forwarded-For``/``-Proto`` uvicorn believes (the
            client address the rate limit uses); comma-separated IPs, or ``*``.
        max_sessions: conversations (Gradio sessions) the chat page and the widget each keep in
            memory; beyond it the least recently used is forgotten (its visitor's next question
            starts a new conversation). Memory grows with this: about 150 KB a full session.
    """

    host: str = "127.0.0.1"
    port: int = 7860
    root_path: str = ""
    allowed_origins: tuple[str, ...] = ()
    concurrency: int = 2
    queue_size: int = 64
    feedback_db: Path | None = None
    examples_file: Path | None = DEFAULT_EXAMPLES_FILE
    examples_per_lang: int = 3
    default_lang: str = "id"
    max_body_bytes: int = 256 * 1024
    max_question_chars: int = 2000          # AssistantConfig's defaults (not imported: --help stays fast)
    max_history_turns: int = 20
    rate_limit: float = 30.0
    rate_burst: int = 10
    forwarded_allow_ips: str = "127.0.0.1"
    max_sessions: int = 500

    def __post_init__(self) -> None:
        object.__setattr__(self, "allowed_origins", parse_origins(self.allowed_origins))
        root = "/" + self.root_path.strip().strip("/") if self.root_path.strip().strip("/") else ""
        object.__setattr__(self, "root_path", root)
        if self.default_lang not in ("id", "en"):
            raise ValueError(f"default_lang must be 'id' or 'en', not {self.default_lang!r}")
        if self.concurrency < 1 or self.queue_size < 1:
            raise ValueError("concurrency and queue_size must be at least 1")
        if self.max_body_bytes < 1024:
            raise ValueError(f"max_body_bytes must be at least 1024, not {self.max_body_bytes}")
        if self.max_question_chars < 1 or self.max_history_turns < 0:
            raise ValueError("max_question_chars must be at least 1 and max_history_turns at least 0")
        if self.rate_limit < 0 or self.rate_burst < 1:
            raise ValueError("rate_limit must be >= 0 (0: no limit) and rate_burst at least 1")
        if self.max_sessions < 1:
            raise ValueError(f"max_sessions must be at least 1, not {self.max_sessions}")
