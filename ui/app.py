"""The web application: a FastAPI app with the HTTP API, the chat page at ``/`` and the widget at
``/widget/``, both Gradio apps mounted in it, behind the allowed-origins policy.

``create_app(assistant, settings)`` is everything ``article-qa serve`` runs; tests start it on a
loopback port with the fast test embedder.
"""

from __future__ import annotations

import asyncio
import importlib.resources
import logging
from collections.abc import Mapping
from contextlib import asynccontextmanager
from dataclasses import replace

import gradio as gr
from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse

from assistant import Assistant

from . import security
from .api import BodyLimitMiddleware, install_errors, router
from .apidocs import render_docs
from .chat import build_page
from .controller import ChatController
from .examples import load_items, pick_examples
from .feedback import FeedbackLog
from .gradio_guard import GradioGuardMiddleware
from .housekeeping import keep_tidy
from .ratelimit import RateLimiter
from .service import QAService
from .settings import ServeSettings
from .theme import css_files, make_theme
from .widget import build_widget

log = logging.getLogger("article_qa.ui")
_GRADIO_JS = importlib.resources.files("gradio").joinpath("templates/frontend/gradio.js")


def create_app(assistant: Assistant, settings: ServeSettings | None = None, *,
               examples: Mapping[str, list[str]] | None = None) -> FastAPI:
    """Build the app around one loaded assistant.

    Args:
        assistant: answers every question (loaded once, shared by all requests).
        settings: allowed origins, limits, feedback file ... (default: :class:`ServeSettings`).
        examples: example questions per language; ``None`` picks them from
            ``settings.examples_file`` with this assistant (see :mod:`ui.examples`).
    Returns:
        The FastAPI app; ``app.state`` holds ``service``, ``feedback``, ``settings`` and the
        ``controller`` whose methods the Gradio events call.

    The settings' input limits (question length, history turns) replace the assistant's own.
    """
    settings = settings or ServeSettings()
    assistant.config = replace(assistant.config, max_question_chars=settings.max_question_chars,
                               max_history_turns=settings.max_history_turns)
    service = QAService(assistant, concurrency=settings.concurrency, queue_size=settings.queue_size,
                        limiter=RateLimiter(settings.rate_limit, settings.rate_burst))
    feedback = FeedbackLog(settings.feedback_db) if settings.feedback_db else None
    if examples is None:
        items = load_items(settings.examples_file) if settings.examples_file else []
        examples = pick_examples(lambda q: assistant.ask(q), items, settings.examples_per_lang)
        log.info("example questions: %d Indonesian, %d English", len(examples.get("id", [])),
                 len(examples.get("en", [])))

    mounts: dict[str, gr.Blocks] = {}          # filled in below, once the Blocks exist

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.loop = asyncio.get_running_loop()                 # the loop Gradio's queue runs in
        tidy = asyncio.create_task(keep_tidy(mounts.values()))      # see ui/housekeeping.py
        try:
            yield
        finally:
            tidy.cancel()

    app = FastAPI(title="article-qa", version="1", docs_url=None, redoc_url=None, openapi_url="/openapi.json",
                  description="Extractive, cited answers about news articles (Indonesian and English).",
                  lifespan=lifespan)
    app.state.service, app.state.feedback, app.state.settings = service, feedback, settings
    # middleware added first runs innermost: origin guard > CORS > body limit > Gradio guard > routes
    app.add_middleware(GradioGuardMiddleware, mounts=mounts)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    security.install(app, security.OriginPolicy(settings.allowed_origins))   # before Gradio is mounted
    install_errors(app)
    app.include_router(router(service))

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(render_docs(app.openapi()))

    @app.get("/widget", include_in_schema=False)
    def widget_redirect(request: Request) -> RedirectResponse:
        # the widget is mounted at /widget/; keep ?article=... and any proxy prefix
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(f"{request.scope.get('root_path', '')}/widget/{query}", status_code=307)

    @app.get("/gradio.js", include_in_schema=False)
    def web_component() -> FileResponse:
        """The ``<gradio-app>`` loader, served here instead of from a CDN (it imports ./assets/)."""
        return FileResponse(str(_GRADIO_JS), media_type="text/javascript")

    controller = app.state.controller = ChatController(service, settings, feedback, examples)
    # show_error=False: a gr.Error (our translated messages) is still shown, internal errors are not
    mount = dict(footer_links=[], theme=make_theme(), css_paths=list(css_files()), show_error=False,
                 ssr_mode=False, mcp_server=False, pwa=False, run_history=False)
    for blocks, path in ((build_widget(controller), "/widget"), (build_page(controller), "/")):
        blocks.queue(default_concurrency_limit=settings.concurrency, max_size=settings.queue_size)
        blocks.state_session_capacity = settings.max_sessions       # read when the Gradio app is made
        gr.mount_gradio_app(app, blocks, path=path, **mount)
        mounts[path.rstrip("/")] = blocks
    return app
