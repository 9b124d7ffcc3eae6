"""Who may embed the widget and call the API from a browser: the allowed-origins policy.

Gradio on its own answers any origin, so we enforce the site owner's list ourselves, in three
places that share one :class:`OriginPolicy`:

- **requests**: a browser request whose ``Origin`` is neither this server nor an allowed site is
  refused with ``403 {"error": ...}`` before it reaches the API or Gradio (a CORS preflight
  included), so a disallowed page can neither read nor trigger anything;
- **CORS**: allowed sites get ``Access-Control-Allow-Origin`` (Starlette's ``CORSMiddleware``,
  which also makes Gradio leave CORS to us);
- **framing**: every response says ``Content-Security-Policy: frame-ancestors 'self' <origins>``.

Requests without an ``Origin`` header (curl, a same-origin page load) are not browser
cross-origin requests and pass: this is about browsers, not authentication.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .settings import InvalidOriginError, normalize_origin, parse_origins


class OriginPolicy:
    """The allowed origins and the checks and headers derived from them.

    >>> policy = OriginPolicy(["https://news.example.com"])
    >>> policy.frame_ancestors
    "frame-ancestors 'self' https://news.example.com"
    """

    def __init__(self, allowed: Iterable[str] = ()) -> None:
        self.allowed: tuple[str, ...] = parse_origins(allowed)

    @property
    def frame_ancestors(self) -> str:
        return " ".join(["frame-ancestors", "'self'", *self.allowed])

    def allows(self, origin: str | None, own: Iterable[str] = ()) -> bool:
        """Whether a browser request with this ``Origin`` header may go on: no header, this
        server's own origin(s), or an allowed site."""
        if origin is None:
            return True
        try:
            origin = normalize_origin(origin)
        except InvalidOriginError:          # "null", garbage: never allowed
            return False
        return origin in self.allowed or origin in set(own)


def own_origins(headers: Headers, scheme: str) -> set[str]:
    """The origins this request reached the server under: its ``Host``, and behind a reverse
    proxy also ``X-Forwarded-Host``/``X-Forwarded-Proto``."""
    hosts = {headers.get("host", "")}
    schemes = {scheme.replace("ws", "http")}
    for host in headers.get("x-forwarded-host", "").split(","):
        hosts.add(host.strip())
    for proto in headers.get("x-forwarded-proto", "").split(","):
        if proto.strip() in ("http", "https"):
            schemes.add(proto.strip())
    out = set()
    for host in filter(None, hosts):
        for sch in schemes:
            try:
                out.add(normalize_origin(f"{sch}://{host}"))
            except InvalidOriginError:
                continue
    return out


class OriginGuardMiddleware:
    """Refuses cross-origin browser requests from sites not allowed, and adds the framing and
    hardening headers to every response (plain ASGI, so streaming responses stay streaming)."""

    def __init__(self, app: ASGIApp, policy: OriginPolicy) -> None:
        self.app = app
        self.policy = policy
        self.headers = {
            "Content-Security-Policy": policy.frame_ancestors,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "strict-origin-when-cross-origin",
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if not self.policy.allows(origin, own_origins(headers, scope.get("scheme", "http"))):
            await self._refuse(scope, send, origin)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                for key, value in self.headers.items():
                    out[key] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)

    async def _refuse(self, scope: Scope, send: Send, origin: str | None) -> None:
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        body = json.dumps({"error": f"origin {origin[:100]!r} is not allowed to use this service; the site "
                                    "owner can add it with --allowed-origin"}).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                   (b"vary", b"Origin")]
        headers += [(k.lower().encode(), v.encode()) for k, v in self.headers.items()]
        await send({"type": "http.response.start", "status": 403, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def install(app, policy: OriginPolicy) -> None:
    """Add CORS for the allowed origins and, outside it, the origin guard, to a FastAPI app.

    Must be called before Gradio is mounted: Gradio then sees our ``CORSMiddleware`` and leaves
    CORS to it.
    """
    app.add_middleware(CORSMiddleware, allow_origins=list(policy.allowed), allow_credentials=True,
                       allow_methods=["GET", "POST", "OPTIONS"], allow_headers=["*"], max_age=600)
    app.add_middleware(OriginGuardMiddleware, policy=policy)
