"""The HTTP API: ``POST /api/ask``, ``GET /api/articles[/{id}]``, ``GET /healthz``.

Errors are always ``{"error": "<one line>"}``: 400 body is not JSON, 404 unknown article or
endpoint, 405 wrong method, 413 body too large, 422 invalid question or fields, 429 too many
questions from this client (with ``Retry-After``), 503 too many questions waiting. Anything
unexpected is a 500 with a generic message (the traceback goes to the server log, without the
request body); bad input never causes a 5xx.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant import InvalidQuestionError, UnknownArticleError

from .ratelimit import RateLimitedError, client_of
from .schemas import AnswerOut, ArticleDetailOut, ArticleOut, AskRequest, ErrorOut, HealthOut
from .service import BusyError, QAService

log = logging.getLogger("article_qa.ui")
_ASK_ERRORS = {status: {"model": ErrorOut} for status in (400, 404, 413, 422, 429, 503)}
_NOT_FOUND = {404: {"model": ErrorOut}}


def error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> tuple[int, str]:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return 400, "the request body is not valid JSON"
    first = errors[0] if errors else {}
    where = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or "body"
    return 422, f"{where}: {first.get('msg', 'invalid value')}"


def router(service: QAService) -> APIRouter:
    """The API routes over one :class:`QAService`."""
    api = APIRouter()

    @api.post("/api/ask", response_model=AnswerOut, responses=_ASK_ERRORS, tags=["answers"],
              summary="Answer a question with cited sentences of the article")
    def ask(body: AskRequest, request: Request) -> JSONResponse:
        """Returns ``Answer.to_dict()``: the cited sentences (article offsets), the answer phrase,
        and the article's ``content_hash``; an abstention (``abstained: true``) is a normal answer."""
        try:
            answer = service.ask(body.question, body.history, body.article_id, source="api",
                                 client=client_of(request))
        except RateLimitedError as exc:
            return error(429, str(exc), headers={"Retry-After": str(exc.retry_after)})
        except InvalidQuestionError as exc:
            return error(422, str(exc).splitlines()[0])
        except UnknownArticleError as exc:
            return error(404, str(exc).splitlines()[0])
        except BusyError as exc:
            return error(503, str(exc), headers={"Retry-After": "5"})
        return JSONResponse(answer.to_dict())

    @api.get("/api/articles", response_model=list[ArticleOut], tags=["articles"], summary="List the articles")
    def articles() -> list[dict]:
        return [a.summary() for a in service.articles]

    @api.get("/api/articles/{article_id}", response_model=ArticleDetailOut, responses=_NOT_FOUND, tags=["articles"],
             summary="One article with its text and sentence offsets")
    def article(article_id: str) -> object:
        try:
            found = service.article(article_id)
        except UnknownArticleError as exc:
            return error(404, str(exc).splitlines()[0])
        sentences = [{"sentence_id": s.idx, "start": s.start, "end": s.end, "text": s.text}
                     for s in service.sentences(found)]
        return {**found.summary(), "text": found.text, "sentences": sentences}

    @api.get("/healthz", response_model=HealthOut, tags=["service"], summary="Liveness and what is loaded")
    def healthz() -> dict:
        return {"status": "ok", "articles": len(service.articles), "model": service.model_id,
                "retriever": service.assistant.config.retriever.value}

    @api.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
    def unknown(rest: str, request: Request) -> JSONResponse:
        if rest == "ask" or rest == "articles" or rest.startswith("articles/"):
            return error(405, f"{request.method} is not allowed on /api/{rest[:100]}; see /docs")
        return error(404, f"no API endpoint /api/{rest[:100]}; see /docs")

    return api


def install_errors(app: FastAPI) -> None:
    """Turn FastAPI's own error bodies into ``{"error": ...}`` (the app's routes only; Gradio's
    mounted app keeps its own)."""

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        status, message = _validation_message(exc)
        return error(status, message)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return error(exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected error on %s %s", request.method, request.url.path,
                  exc_info=(type(exc), exc, exc.__traceback__))
        return error(500, "internal error; the server log has the details")


class BodyLimitMiddleware:
    """Refuses request bodies over ``max_bytes`` with 413, before they are read whole: the API's and
    Gradio's alike (a chat question travels in a small JSON body too).

    A declared ``Content-Length`` is checked up front (the server holds the body to it); a body
    sent in chunks, without one, is read here up to the limit and then handed on.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, prefix: str = "/") -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.prefix = prefix

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        await error(413, f"the request body is larger than {self.max_bytes} bytes")(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope.get("path", "").startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            if not declared.strip().isdigit() or int(declared) > self.max_bytes:
                await self._too_large(scope, receive, send)
            else:
                await self.app(scope, receive, send)
            return
        if b"transfer-encoding" not in headers:          # no body at all
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        seen = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > self.max_bytes:
                await self._too_large(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        await self.app(scope, replaying(b"".join(chunks), receive), send)


def replaying(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands on ``body`` (already read whole by a middleware) as one message,
    then whatever ``receive`` brings (the disconnect)."""
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if not replayed:
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
