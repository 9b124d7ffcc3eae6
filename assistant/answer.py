"""The records an answer is made of: :class:`Citation` and :class:`Answer`.

Every citation is a verbatim span of its article: ``text == article.text[start:end]``.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Citation:
    """One cited sentence: which article, which sentence (0-based), its offsets and score."""

    article_id: str
    sentence_id: int
    start: int
    end: int
    text: str
    score: float

    def to_dict(self) -> dict:
        out = asdict(self)
        out["score"] = round(float(self.score), 4)
        return out


@dataclass
class Answer:
    """What :meth:`assistant.Assistant.ask` returns.

    ``citations`` are the sentences that answer (empty when ``abstained``), numbered ``[1]``,
    ``[2]`` ... in :attr:`text`; ``candidates`` are the top retrieved sentences, ranked, used or
    not; ``related`` are the closest sentences shown with an abstention (not an answer).
    ``query`` is the text retrieval used (a follow-up borrows its earlier question) and
    ``signals`` the features the confidence was computed from.
    ``highlight`` is the answer phrase inside ``citations[0]`` and ``highlight_start``/``_end``
    its offsets in the article.
    """

    question: str
    lang: str
    abstained: bool
    confidence: float
    citations: list[Citation]
    text: str
    article_id: str
    article_title: str
    content_hash: str
    highlight: str | None = None
    highlight_start: int | None = None
    highlight_end: int | None = None
    question_type: str = "other"
    candidates: list[Citation] = field(default_factory=list)
    related: list[Citation] = field(default_factory=list)
    query: str = ""
    signals: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        """A JSON-ready dict with every field above (citations as dicts; a non-finite number, such
        as the missing score of a list item ranked outside the candidates, as ``None``)."""
        out = asdict(self)
        out["confidence"] = round(float(self.confidence), 4)
        for key in ("citations", "candidates", "related"):
            out[key] = [c.to_dict() for c in getattr(self, key)]
        return json_safe(out)

    def ranked_citations(self, at_least: int = 5) -> list[Citation]:
        """The answer's own citations first, then the other candidates in rank order."""
        seen = {(c.article_id, c.sentence_id) for c in self.citations}
        rest = [c for c in self.candidates if (c.article_id, c.sentence_id) not in seen]
        return list(self.citations) + rest[:max(at_least, len(rest))]


def json_safe(value: object) -> object:
    """``value`` with non-finite floats as ``None``, so that it is valid JSON."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value
