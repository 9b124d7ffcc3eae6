"""``article-qa serve``: the chat page, HTTP API and widget on one port.

Plugged into the core CLI through the ``article_qa.commands`` entry point; Gradio, FastAPI and
uvicorn are imported only when the command runs, so ``article-qa --help`` stays instant.

    article-qa serve --port 7860 --allowed-origin https://news.example.com

Every limit is an option with an environment variable behind it (the option wins) and a
documented default (:data:`LIMITS`; what happens over each limit):

- ``--max-question-chars`` / ``ARTICLE_QA_MAX_QUESTION_CHARS`` (2000): 422, chat "too long";
- ``--max-history-turns`` / ``ARTICLE_QA_MAX_HISTORY_TURNS`` (20): 422 (the chat sends the last 20);
- ``--max-body-bytes`` / ``ARTICLE_QA_MAX_BODY_BYTES`` (262144): 413, API and Gradio alike;
- ``--rate-limit`` / ``ARTICLE_QA_RATE_LIMIT`` (30 a minute per client, ``0`` = off) and
  ``--rate-burst`` / ``ARTICLE_QA_RATE_BURST`` (10): 429 with ``Retry-After``, chat "wait N s";
- ``--concurrency`` / ``ARTICLE_QA_CONCURRENCY`` (2) answered at once, ``--queue-size`` /
  ``ARTICLE_QA_QUEUE_SIZE`` (64) waiting: 503, chat "busy";
- ``--forwarded-allow-ips`` / ``FORWARDED_ALLOW_IPS`` (127.0.0.1): the reverse proxies whose
  ``X-Forwarded-For`` names the client the rate limit counts;
- ``--max-sessions`` / ``ARTICLE_QA_MAX_SESSIONS`` (500): conversations the chat and the widget
  each keep in memory (Gradio's session state); the least recently used beyond it are forgotten.
"""

from __future__ import annotations

import argparse
import logging
import os

from .settings import ServeSettings

log = logging.getLogger("article_qa")
ORIGINS_ENV = "ARTICLE_QA_ALLOWED_ORIGINS"
# option dest -> (environment variable, type, default); the defaults are ServeSettings' own
LIMITS: dict[str, tuple[str, type, object]] = {dest: (env, kind, getattr(ServeSettings, dest)) for dest, env, kind in (
    ("max_question_chars", "ARTICLE_QA_MAX_QUESTION_CHARS", int),
    ("max_history_turns", "ARTICLE_QA_MAX_HISTORY_TURNS", int),
    ("max_body_bytes", "ARTICLE_QA_MAX_BODY_BYTES", int),
    ("rate_limit", "ARTICLE_QA_RATE_LIMIT", float),
    ("rate_burst", "ARTICLE_QA_RATE_BURST", int),
    ("concurrency", "ARTICLE_QA_CONCURRENCY", int),
    ("queue_size", "ARTICLE_QA_QUEUE_SIZE", int),
    ("forwarded_allow_ips", "FORWARDED_ALLOW_IPS", str),
    ("max_sessions", "ARTICLE_QA_MAX_SESSIONS", int),
)}
_LIMIT_HELP = {
    "max_question_chars": "longer questions are refused",
    "max_history_turns": "longer conversation histories are refused",
    "max_body_bytes": "larger request bodies are refused with 413",
    "rate_limit": "questions a minute per client address, sustained; 0 turns the limit off",
    "rate_burst": "questions a client may ask at once before the rate limit applies",
    "concurrency": "questions answered at once",
    "queue_size": "questions allowed to wait; beyond it 503 / 'busy'",
    "forwarded_allow_ips": "reverse proxies whose X-Forwarded-For gives the client address (comma-separated, or *)",
    "max_sessions": "conversations the chat and the widget each keep in memory; the least recently used "
                    "beyond it are forgotten",
}


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
    limits = p.add_argument_group("limits (the option wins over the environment variable)")
    for dest, (env, kind, default) in LIMITS.items():
        limits.add_argument("--" + dest.replace("_", "-"), dest=dest, type=kind, default=None,
                            metavar=kind.__name__.upper(), help=f"{_LIMIT_HELP[dest]} [env {env}; default: {default}]")
    p.add_argument("--lang", choices=["id", "en"], default="id", help="interface language the page opens in")
    p.add_argument("--no-examples", action="store_true", help="do not pick example questions at start")
    p.set_defaults(handler=cmd_serve)


def limits_from(args: argparse.Namespace, env) -> dict[str, object]:
    """Each limit from its option, else its environment variable, else its default.

    Raises:
        ValueError: an environment variable that is not a number (naming it).
    """
    out: dict[str, object] = {}
    for dest, (name, kind, default) in LIMITS.items():
        value = getattr(args, dest, None)
        if value is None and env.get(name, "").strip():
            try:
                value = kind(env[name].strip())
            except ValueError:
                raise ValueError(f"{name}={env[name]!r} is not a valid {kind.__name__}") from None
        out[dest] = default if value is None else value
    return out


def settings_from_args(args: argparse.Namespace, environ: dict[str, str] | None = None):
    """The :class:`ServeSettings` the options describe. Raises ``ValueError`` (e.g.
    ``InvalidOriginError``) with a one-line message."""
    from index import user_dirs

    env = os.environ if environ is None else environ
    origins = [*args.allowed_origin, *([env[ORIGINS_ENV]] if env.get(ORIGINS_ENV) else [])]
    extra = {} if not args.no_examples else {"examples_file": None}
    return ServeSettings(host=args.host, port=args.port, root_path=args.root_path, allowed_origins=tuple(origins),
                         default_lang=args.lang, feedback_db=user_dirs(env).data / "feedback.sqlite3",
                         **limits_from(args, env), **extra)


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
    log.info("limits: questions of at most %d characters, %d history turns, %d-byte bodies; %s per client; "
             "%d answered at once, %d waiting; %d conversations kept", settings.max_question_chars,
             settings.max_history_turns, settings.max_body_bytes,
             f"{settings.rate_limit:g} questions/min (burst {settings.rate_burst})" if settings.rate_limit
             else "no rate limit", settings.concurrency, settings.queue_size, settings.max_sessions)
    level = logging.getLogger().getEffectiveLevel()
    uvicorn.run(app, host=settings.host, port=settings.port, root_path=settings.root_path, log_config=None,
                log_level=level, proxy_headers=True, forwarded_allow_ips=settings.forwarded_allow_ips,
                timeout_graceful_shutdown=3)
    return 0
