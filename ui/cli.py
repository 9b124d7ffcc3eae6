"""``article-qa serve``: the chat page, HTTP API and widget on one port.

Plugged into the core CLI through the ``article_qa.commands`` entry point; Gradio, FastAPI and
uvicorn are imported only when the command runs, so ``article-qa --help`` stays instant.

    article-qa serve --port 7860 --allowed-origin https://news.example.com
"""

from __future__ import annotations

import argparse
import logging
import os

log = logging.getLogger("article_qa")
ORIGINS_ENV = "ARTICLE_QA_ALLOWED_ORIGINS"


def register(subparsers, common: argparse.ArgumentParser) -> None:
    """Add the ``serve`` subcommand (called by ``assistant.cli.build_parser``)."""
    p = subparsers.add_parser("serve", parents=[common], help="start the web chat, HTTP API and embeddable widget",
                              description="Serve the chat page (/), the widget (/widget?article=ID), the HTTP "
                                          "API (/api/ask, /api/articles, /healthz) and its docs (/docs).")
    p.add_argument("--host", default="127.0.0.1", help="interface to listen on (default: 127.0.0.1; "
                                                       "0.0.0.0 for every interface)")
    p.add_argument("--port", type=int, default=7860, help="port (default: 7860)")
    p.add_argument("--root-path", default="", metavar="PREFIX",
                   help="public path prefix when a reverse proxy serves this under e.g. /qa and strips it")
    p.add_argument("--allowed-origin", action="append", default=[], metavar="ORIGIN",
                   help="a site that may embed the widget and call the API from the browser, e.g. "
                        f"https://news.example.com (repeatable) [env {ORIGINS_ENV}, comma-separated]")
    p.add_argument("--concurrency", type=int, default=2, help="questions answered at once (default: 2)")
    p.add_argument("--queue-size", type=int, default=64, help="questions allowed to wait (default: 64)")
    p.add_argument("--lang", choices=["id", "en"], default="id", help="interface language the page opens in")
    p.add_argument("--no-examples", action="store_true", help="do not pick example questions at start")
    p.set_defaults(handler=cmd_serve)


def settings_from_args(args: argparse.Namespace, environ: dict[str, str] | None = None):
    """The :class:`ServeSettings` the options describe. Raises ``InvalidOriginError`` (a ValueError)."""
    from index import user_dirs

    from .settings import ServeSettings

    env = os.environ if environ is None else environ
    origins = [*args.allowed_origin, *([env[ORIGINS_ENV]] if env.get(ORIGINS_ENV) else [])]
    extra = {} if not args.no_examples else {"examples_file": None}
    return ServeSettings(host=args.host, port=args.port, root_path=args.root_path, allowed_origins=tuple(origins),
                         concurrency=args.concurrency, queue_size=args.queue_size, default_lang=args.lang,
                         feedback_db=user_dirs(env).data / "feedback.sqlite3", **extra)


def cmd_serve(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)          # bad origins fail before the model loads
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import uvicorn

    from assistant.cli import load_assistant

    from .app import create_app

    bot = load_assistant(args)
    app = create_app(bot, settings)
    base = f"http://{settings.host}:{settings.port}{settings.root_path}"
    log.info("serving %d article(s) on %s/ (widget %s/widget?article=%s, API docs %s/docs); allowed origins: %s",
             len(bot.articles), base, base, bot.corpus.default_id, base, ", ".join(settings.allowed_origins) or "none")
    log.info("feedback is recorded in %s", settings.feedback_db)
    level = logging.getLogger().getEffectiveLevel()
    uvicorn.run(app, host=settings.host, port=settings.port, root_path=settings.root_path, log_config=None,
                log_level=level, proxy_headers=True, timeout_graceful_shutdown=3)
    return 0
