"""A chat session as plain data: the turns, the chat messages drawn from them, and the message the
widget sends its host page. No Gradio here, so all of it is testable as functions.

A *turn* is ``{"question": str, "answer": Answer.to_dict() (JSON-safe), "rating": None|"up"|"down"}``.
Each turn is two chat messages (the question, then the answer), so chat message ``i`` belongs to
turn ``i // 2``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .render import render_answer, render_question

MESSAGE_TYPE = "article-qa:answer"
MESSAGE_VERSION = 1
_FEEDBACK_OPTION = {"up": "Like", "down": "Dislike"}


def history_for(turns: Sequence[Mapping], article_id: str, limit: int = 20) -> list[str]:
    """The earlier questions about ``article_id``, oldest first (at most ``limit``)."""
    questions = [turn["question"] for turn in turns if turn["answer"].get("article_id") == article_id]
    return questions[-limit:] if limit > 0 else []


def messages_for(turns: Sequence[Mapping], lang: str) -> list[dict]:
    """The chat's messages (``{"role", "content"}``) for these turns, rendered in ``lang``."""
    out = []
    for turn in turns:
        out.append({"role": "user", "content": render_question(turn["question"])})
        out.append({"role": "assistant", "content": render_answer(turn["answer"], lang)})
    return out


def feedback_values(turns: Sequence[Mapping]) -> list[str | None]:
    """The chat's thumbs state per answer (``"Like"``, ``"Dislike"`` or ``None``)."""
    return [_FEEDBACK_OPTION.get(turn.get("rating") or "") for turn in turns]


def turn_of_message(index: object) -> int:
    """The turn a chat message index (``3`` or ``[3, 0]``) belongs to; ``-1`` for anything else
    (the index comes from the browser)."""
    first = index[0] if isinstance(index, (list, tuple)) and index else index
    if isinstance(first, bool) or not isinstance(first, int):
        return -1
    return first // 2 if first >= 0 else -1


def citation_message(answer: Mapping) -> dict:
    """What the widget posts to its host page after an answer, so the host can highlight the
    cited sentences in its own copy of the article.

    >>> citation_message(answer)
    {'type': 'article-qa:answer', 'version': 1, 'article_id': 'inews-...', 'content_hash': '9f2c...',
     'abstained': False, 'sentences': [{'n': 1, 'sentence_id': 6, 'start': 808, 'end': 919, 'text': '...'}],
     'highlight': {'start': 832, 'end': 845, 'text': '1.200 peserta'}}

    Offsets are character offsets into the article text (as in ``GET /api/articles/{id}``);
    ``content_hash`` tells the host whether its copy is the revision quoted.
    """
    highlight = None
    if answer.get("highlight") and answer.get("highlight_start") is not None:
        highlight = {"start": answer["highlight_start"], "end": answer["highlight_end"], "text": answer["highlight"]}
    return {
        "type": MESSAGE_TYPE, "version": MESSAGE_VERSION,
        "article_id": answer.get("article_id"), "content_hash": answer.get("content_hash"),
        "abstained": bool(answer.get("abstained")),
        "sentences": [{"n": n, "sentence_id": c["sentence_id"], "start": c["start"], "end": c["end"],
                       "text": c["text"]} for n, c in enumerate(answer.get("citations") or [], 1)],
        "highlight": highlight,
    }
