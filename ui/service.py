"""The one way ``ui/`` reaches the :class:`~assistant.Assistant`: a bounded, logged ``ask``.

Answering is CPU-bound, so at most ``concurrency`` questions are answered at once, whether they
come from the chat, the widget, ``gradio_client`` or ``POST /api/ask``: on a fixed pool of that
many threads, so that the model's large, varying allocations stay in a fixed set of threads (with
whichever of the server's many threads happened to ask, glibc's per-thread arenas made the
resident memory creep up for minutes under the real model). At most ``queue_size`` more may
wait, beyond which :class:`BusyError` is raised (the API turns it into 503). Each
client's questions are rate limited (:mod:`ui.ratelimit`), and text that is not valid Unicode
(lone surrogates, which JSON escapes such as ``"\\ud800"`` can carry but UTF-8 cannot) is refused
here, before it can reach a JSON encoder or the feedback log. The log line names the question and
the outcome, never the rest of the request.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from assistant import Answer, Assistant, InvalidQuestionError
from corpus import Article, Sentence

from .ratelimit import RateLimiter

log = logging.getLogger("article_qa.ui")


class BusyError(RuntimeError):
    """Too many questions are already waiting."""


class InvalidTextError(InvalidQuestionError):
    """A question, history entry or article id that is not valid Unicode text."""


def check_text(value: object, what: str) -> None:
    """Refuse strings with lone surrogates (``"\\ud800"``): they cannot be encoded as UTF-8, so
    no answer, log line or feedback row could carry them. Other values pass (the assistant checks
    types).

    Raises:
        InvalidTextError: naming ``what``.
    """
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidTextError(f"the {what} is not valid Unicode text (it has a lone surrogate); "
                                   "send it as UTF-8") from None


class QAService:
    """Wraps one loaded assistant for concurrent use.

    >>> service = QAService(Assistant.load(), concurrency=2, queue_size=64)
    >>> service.ask("Berapa peserta yang diundang?").highlight
    '1.200 peserta'
    """

    def __init__(self, assistant: Assistant, *, concurrency: int = 2, queue_size: int = 64,
                 limiter: RateLimiter | None = None) -> None:
        self.assistant = assistant
        self.concurrency = concurrency
        self.queue_size = queue_size
        self.limiter = limiter if limiter is not None else RateLimiter(0, 1)
        self._pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="article-qa-answer")
        self._waiting = 0
        self._count_lock = threading.Lock()

    # ------------------------------------------------------------------ articles
    @property
    def articles(self) -> list[Article]:
        return self.assistant.articles

    @property
    def default_article_id(self) -> str:
        return self.assistant.corpus.default_id

    def article(self, article_id: str | None = None) -> Article:
        """The article with that id (``None``: the default). Raises ``UnknownArticleError``."""
        return self.assistant.corpus.get(article_id)

    def sentences(self, article: Article) -> list[Sentence]:
        """The article's sentences as the assistant's index holds them (the ids citations use)."""
        index = self.assistant.index
        span = index.span(article.id)
        return index.sentences[span.first:span.stop]

    @property
    def model_id(self) -> str | None:
        embedder = self.assistant.embedder
        return embedder.model_id if embedder else None

    # ------------------------------------------------------------------ answering
    def ask(self, question: str, history: Sequence[str] | None = None, article_id: str | None = None,
            *, source: str = "api", client: str | None = None) -> Answer:
        """``Assistant.ask`` under the client's rate limit and the concurrency limit.

        Args:
            client: who asks (the client address), for the rate limit.
        Raises:
            RateLimitedError: ``client`` asked too often (``retry_after`` says when to retry).
            BusyError: ``queue_size`` questions are already waiting.
            InvalidQuestionError, UnknownArticleError: as ``Assistant.ask``; also text that is
                not valid Unicode (:class:`InvalidTextError`).
        """
        self.limiter.take(client)
        check_text(question, "question")
        check_text(article_id, "article id")
        if isinstance(history, (list, tuple)):
            for turn in history:
                check_text(turn, "history")
        with self._count_lock:
            if self._waiting >= self.queue_size + self.concurrency:
                raise BusyError(f"{self._waiting} questions are waiting; try again shortly")
            self._waiting += 1
        started = time.perf_counter()
        try:
            # history goes through as given: the assistant refuses what is not a list of questions
            answer = self._pool.submit(self.assistant.ask, question, history=history, article_id=article_id).result()
        except Exception as exc:
            log.info("%s question refused (%s): %.200r", source, type(exc).__name__, question)
            raise
        finally:
            with self._count_lock:
                self._waiting -= 1
        log.info("%s question %.200r on %s -> %s (confidence %.2f, %d ms)", source, question, answer.article_id,
                 "abstained" if answer.abstained else f"{len(answer.citations)} citation(s)", answer.confidence,
                 1000 * (time.perf_counter() - started))
        return answer
