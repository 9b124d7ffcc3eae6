"""What the chat page and the widget do when someone asks, votes, switches language or article:
Gradio callbacks over a :class:`~ui.service.QAService`, with the assistant's errors turned into
translated ``gr.Error`` messages. Layout lives in :mod:`ui.chat` and :mod:`ui.widget`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping

import gradio as gr

from assistant import InvalidQuestionError, UnknownArticleError

from .conversation import citation_message, feedback_values, history_for, messages_for, turn_of_message
from .feedback import RATINGS, Feedback, FeedbackError, FeedbackLog
from .labels import LANGS, error_message, t
from .ratelimit import RateLimitedError, client_of
from .render import esc, render_article, render_header
from .service import BusyError, QAService
from .settings import ServeSettings

log = logging.getLogger("article_qa.ui")
# A session keeps its last 20 turns, each without what only evaluations use: Gradio holds every
# session's state in memory (up to ServeSettings.max_sessions), so its size is what memory scales with.
MAX_TURNS = 20
_NOT_KEPT = ("candidates", "signals", "query")


class ChatController:
    """Callbacks shared by the page and the widget. State is passed in and out (``turns``)."""

    def __init__(self, service: QAService, settings: ServeSettings, feedback: FeedbackLog | None = None,
                 examples: Mapping[str, list[str]] | None = None) -> None:
        self.service = service
        self.settings = settings
        self.feedback = feedback
        self.examples = {lang: list(qs) for lang, qs in (examples or {}).items()}

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def lang(value: str | None) -> str:
        return value if value in LANGS else "id"

    def article_html(self, article_id: str | None, answer: Mapping | None = None, lang: str = "id") -> str:
        """The article panel. Raises a translated ``gr.Error`` for an unknown article."""
        try:
            article = self.service.article(article_id)
        except UnknownArticleError:
            raise _error(t(self.lang(lang), "err_article")) from None
        return render_article(article, self.service.sentences(article), answer, self.lang(lang))

    def example_questions(self) -> list[str]:
        """The examples, Indonesian first."""
        return [q for lang in LANGS for q in self.examples.get(lang, [])]

    @staticmethod
    def example_question(sample: object) -> str:
        """The question of a clicked example (``[question]``); ``""`` for anything else."""
        first = sample[0] if isinstance(sample, (list, tuple)) and sample else None
        return first if isinstance(first, str) else ""

    def _answer(self, question: str, article_id: str | None, turns: list, lang: str, source: str,
                request: gr.Request | None) -> tuple[list, dict]:
        article_id = self.service.default_article_id if article_id in (None, "") else article_id
        limit = self.service.assistant.config.max_history_turns
        try:
            answer = self.service.ask(question, history_for(turns, article_id, limit), article_id, source=source,
                                      client=client_of(request))
        except (InvalidQuestionError, UnknownArticleError, RateLimitedError) as exc:
            raise _error(error_message(lang, exc, self.service.assistant.config.max_question_chars)) from None
        except BusyError:
            raise _error(t(lang, "err_busy")) from None
        record = {k: v for k, v in answer.to_dict().items() if k not in _NOT_KEPT}
        turns = (list(turns) + [{"question": answer.question, "answer": record, "rating": None}])[-MAX_TURNS:]
        return turns, record

    # ------------------------------------------------------------------ page callbacks
    def ask_page(self, question: str, article_id: str | None, turns: list, lang: str,
                 request: gr.Request | None = None):
        """Chat page: answer, then show it in the chat and mark it in the article panel.

        Returns: (chat messages, article panel HTML, turns, cleared question box).
        """
        lang = self.lang(lang)
        turns, record = self._answer(question, article_id, turns or [], lang, "page", request)
        chat = gr.Chatbot(value=messages_for(turns, lang), feedback_value=feedback_values(turns))
        return chat, self.article_html(record["article_id"], record, lang), turns, ""

    def select_article(self, article_id: str | None, lang: str):
        """A new article starts a new conversation; the examples (about the default article) show
        only with it. Returns: (chat, article HTML, turns, examples update)."""
        is_default = (article_id or self.service.default_article_id) == self.service.default_article_id
        return ([], self.article_html(article_id, None, self.lang(lang)), [],
                gr.Dataset(visible=is_default and bool(self.example_questions())))

    def clear(self, article_id: str | None, lang: str):
        """The chat's clear button. Returns: (article HTML without marks, turns)."""
        return self.article_html(article_id, None, self.lang(lang)), []

    def switch_language(self, lang: str, turns: list, article_id: str | None):
        """Relabel the page and redraw the chat and the article in ``lang``."""
        lang = self.lang(lang)
        turns = turns or []
        last = turns[-1]["answer"] if turns else None
        return (
            render_header(lang),
            gr.Chatbot(value=messages_for(turns, lang), feedback_value=feedback_values(turns),
                       label=t(lang, "conversation"), placeholder=t(lang, "empty_chat")),
            gr.Textbox(label=t(lang, "question"), placeholder=t(lang, "placeholder")),
            gr.Button(value=t(lang, "ask")),
            gr.Dataset(label=t(lang, "examples")),
            gr.Dropdown(label=t(lang, "article")),
            self.article_html(article_id, last if last and last.get("article_id") == (
                article_id or self.service.default_article_id) else None, lang),
        )

    # ------------------------------------------------------------------ widget callbacks
    def widget_load(self, article_param: str | None, lang_param: str | None, request: gr.Request):
        """Widget: which article (``?article=`` or ``<gradio-app data-article>``) and language.

        Returns: (article id state, language state, header HTML, chat placeholder update).
        """
        params = dict(getattr(request, "query_params", {}) or {}) if request else {}
        article_id = (_text(article_param) or _text(params.get("article"))).strip() or self.service.default_article_id
        lang = self.lang((_text(lang_param) or _text(params.get("lang")) or self.settings.default_lang).strip())
        try:
            title = self.service.article(article_id).title
            head = (f'<div class="aqa-widget-head"><span class="aqa-widget-kicker">{esc(t(lang, "widget_title"))}'
                    f'</span><span class="aqa-widget-title">{esc(title)}</span></div>')
        except UnknownArticleError:
            head = f'<div class="aqa-widget-head aqa-widget-error">{esc(t(lang, "err_article"))}</div>'
        return (article_id, lang, head, gr.Chatbot(placeholder=t(lang, "empty_chat")),
                gr.Textbox(label=t(lang, "question"), placeholder=t(lang, "placeholder")),
                gr.Button(value=t(lang, "ask")))

    def ask_widget(self, question: str, article_id: str | None, turns: list, lang: str,
                   request: gr.Request | None = None):
        """Widget: answer, and hand the citation message to the bridge that posts it to the host.

        Returns: (chat messages, bridge JSON, turns, cleared question box).
        """
        lang = self.lang(lang)
        turns, record = self._answer(question, article_id, turns or [], lang, "widget", request)
        bridge = json.dumps({"seq": len(turns), "message": citation_message(record)}, ensure_ascii=False)
        chat = gr.Chatbot(value=messages_for(turns, lang), feedback_value=feedback_values(turns))
        return chat, bridge, turns, ""

    # ------------------------------------------------------------------ both
    def vote(self, turns: list, lang: str, data: gr.LikeData, request: gr.Request, source: str = "page") -> list:
        """A thumbs up/down on an answer (or the same thumb again, taking it back): recorded
        durably, then thanked."""
        lang = self.lang(lang)
        turns = list(turns or [])
        index = turn_of_message(data.index)
        liked = data.liked if data.liked in (True, False) else None      # "" when a vote is taken back
        if not 0 <= index < len(turns):
            return turns
        if self.feedback is not None:
            session = str(getattr(request, "session_hash", None) or "unknown")[:64]       # sent by the browser
            vote = Feedback.from_answer(turns[index]["answer"], liked=liked, session_id=session, source=source,
                                        ui_lang=lang)
            try:
                self.feedback.record(vote)
            except FeedbackError as exc:
                log.error("%s", exc)
                raise _error(t(lang, "err_feedback")) from None
        turns[index] = {**turns[index], "rating": RATINGS[liked] if liked is not None else None}
        if liked is not None:
            gr.Info(t(lang, "thanks"), duration=3)
        return turns

    def vote_widget(self, turns: list, lang: str, data: gr.LikeData, request: gr.Request) -> list:
        """:meth:`vote` for the widget's thumbs."""
        return self.vote(turns, lang, data, request, source="widget")

    def api_ask(self, question: str, history: list[str] | None = None, article_id: str | None = None,
                request: gr.Request | None = None) -> dict:
        """Answer one question about an article; returns ``Answer.to_dict()``.

        Args:
            question: the question, in Indonesian or English.
            history: earlier questions of the conversation, oldest first.
            article_id: the article (default: the default article).
        """
        try:
            # values go on as sent (wrong types are refused by the assistant); "" means the default
            answer = self.service.ask(question, history, None if article_id == "" else article_id,
                                      source="gradio-api", client=client_of(request))
        except (InvalidQuestionError, UnknownArticleError, BusyError, RateLimitedError) as exc:
            raise _error(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
        return answer.to_dict()


def _text(value: object) -> str:
    """``value`` if it is a string, else ``""`` (a URL parameter or hidden field sent as anything)."""
    return value if isinstance(value, str) else ""


def _error(message: str) -> gr.Error:
    """A ``gr.Error`` for a user (Gradio renders its message as HTML, so it is escaped here)."""
    return gr.Error(esc(message), print_exception=False)
