"""Answers and articles as HTML: pure functions, testable without a browser.

Every piece of text that comes from a user or an article (questions, answers, titles, sentences)
is HTML-escaped here and nowhere else; the markup around it is ours. The output has no line
breaks, so the chat's Markdown renderer keeps each fragment as one raw HTML block (escaped text
stays text: ``<img onerror=...>`` in a question is shown, never parsed).

Sentence elements carry ``id="aqa-<article id>-s-<sentence id>"`` (:func:`sentence_anchor`), with
the sentence ids of :func:`corpus.split_sentences` and of citations; a citation marker ``[n]`` in
the chat links to that id.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence

from corpus import Article, Sentence

from .labels import t

_MONTHS = {
    "id": ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
           "November", "Desember"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}


def esc(text: object) -> str:
    """HTML-escape any text (quotes included), with line breaks as ``<br>``."""
    return html.escape("" if text is None else str(text), quote=True).replace("\r", "").replace("\n", "<br>")


def sentence_anchor(article_id: str, sentence_id: int) -> str:
    """The element id of a sentence in the article panel: ``aqa-<article id>-s-<n>``."""
    return f"aqa-{esc(article_id)}-s-{int(sentence_id)}"


def format_date(iso: str | None, lang: str) -> str:
    """``"2021-10-22"`` -> ``"22 Oktober 2021"`` (or ``"22 October 2021"``); other text unchanged."""
    if not iso:
        return ""
    parts = iso.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts) and 1 <= int(parts[1]) <= 12:
        return f"{int(parts[2])} {_MONTHS.get(lang, _MONTHS['id'])[int(parts[1]) - 1]} {parts[0]}"
    return iso


def render_question(question: str) -> str:
    """A user's question as a chat bubble body (escaped)."""
    return f'<div class="aqa-q">{esc(question)}</div>'


def _with_highlight(text: str, start: int | None, end: int | None, css: str = "aqa-hl") -> str:
    """``text`` escaped, with ``text[start:end]`` wrapped in ``<mark class="{css}">``."""
    if start is None or end is None or not 0 <= start < end <= len(text):
        return esc(text)
    return f'{esc(text[:start])}<mark class="{css}">{esc(text[start:end])}</mark>{esc(text[end:])}'


def _percent(value: object) -> str:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    return f"{round(100 * number)}%" if math.isfinite(number) else ""


def render_answer(answer: Mapping, lang: str = "id") -> str:
    """One answer (``Answer.to_dict()``) as the body of a chat message.

    An answer shows the answer phrase, then each cited sentence with its ``[n]`` marker linking to
    the sentence in the article panel. An abstention looks different (``aqa-abstain``): the
    article does not say, and the closest sentences are listed as *not an answer*.
    """
    article_id = str(answer.get("article_id", ""))
    word = t(lang, "sentence")
    if answer.get("abstained"):
        parts = [f'<div class="aqa-abstain" lang="{esc(lang)}">',
                 f'<div class="aqa-abstain-title"><span class="aqa-abstain-icon" aria-hidden="true">?</span>'
                 f'{esc(t(lang, "abstain"))}</div>']
        related = list(answer.get("related") or [])
        if related:
            parts.append(f'<div class="aqa-related-label">{esc(t(lang, "related"))}</div><ul class="aqa-related">')
            for c in related:
                anchor = sentence_anchor(c["article_id"], c["sentence_id"])
                parts.append(f'<li><span class="aqa-related-text">{esc(c["text"])}</span> '
                             f'<a class="aqa-ref aqa-ref-related" href="#{anchor}">{esc(word)} '
                             f'{int(c["sentence_id"]) + 1}</a></li>')
            parts.append("</ul>")
        else:
            parts.append(f'<div class="aqa-abstain-hint">{esc(t(lang, "abstain_hint"))}</div>')
        parts.append("</div>")
        return "".join(parts)

    citations = list(answer.get("citations") or [])
    parts = [f'<div class="aqa-answer" lang="{esc(lang)}">']
    if answer.get("highlight"):
        parts.append(f'<div class="aqa-phrase"><span class="aqa-phrase-label">{esc(t(lang, "answer"))}</span>'
                     f'<mark class="aqa-hl">{esc(answer["highlight"])}</mark></div>')
    parts.append(f'<div class="aqa-quoted">{esc(t(lang, "quoted"))}</div><ol class="aqa-cites">')
    for n, c in enumerate(citations, 1):
        start = end = None
        if n == 1 and answer.get("highlight_start") is not None and answer.get("highlight_end") is not None:
            offset = int(c["start"])
            start, end = int(answer["highlight_start"]) - offset, int(answer["highlight_end"]) - offset
        anchor = sentence_anchor(c.get("article_id", article_id), c["sentence_id"])
        parts.append(f'<li class="aqa-cite"><a class="aqa-ref" href="#{anchor}" '
                     f'title="{esc(t(lang, "jump", n=int(c["sentence_id"]) + 1))}">[{n}]</a> '
                     f'<span class="aqa-cite-text">{_with_highlight(str(c["text"]), start, end)}</span> '
                     f'<span class="aqa-where">{esc(word)} {int(c["sentence_id"]) + 1}</span></li>')
    parts.append("</ol>")
    confidence = _percent(answer.get("confidence"))
    if confidence:
        parts.append(f'<div class="aqa-meta">{esc(t(lang, "confidence"))} {confidence}</div>')
    parts.append("</div>")
    return "".join(parts)


def _marks(answer: Mapping | None, article_id: str) -> tuple[dict[int, int], set[int], tuple[int, int] | None]:
    """Which sentences to mark: ``{sentence_id: citation number}``, related sentence ids, and the
    highlighted phrase's article offsets."""
    if not answer or answer.get("article_id") != article_id:
        return {}, set(), None
    if answer.get("abstained"):
        return {}, {int(c["sentence_id"]) for c in answer.get("related") or []
                    if c.get("article_id", article_id) == article_id}, None
    cited = {int(c["sentence_id"]): n for n, c in enumerate(answer.get("citations") or [], 1)
             if c.get("article_id", article_id) == article_id}
    span = None
    if answer.get("highlight_start") is not None and answer.get("highlight_end") is not None:
        span = (int(answer["highlight_start"]), int(answer["highlight_end"]))
    return cited, set(), span


def _sentence_html(article: Article, s: Sentence, cited: dict[int, int], related: set[int],
                   span: tuple[int, int] | None) -> str:
    anchor = sentence_anchor(article.id, s.idx)
    if s.idx in cited:
        start = end = None
        if span and s.start <= span[0] < span[1] <= s.end:
            start, end = span[0] - s.start, span[1] - s.start
        body = _with_highlight(s.text, start, end, css="aqa-hl aqa-hl-strong")
        return (f'<mark class="aqa-s aqa-cited" id="{anchor}">{body}'
                f'<sup class="aqa-badge">{cited[s.idx]}</sup></mark>')
    css = "aqa-s aqa-near" if s.idx in related else "aqa-s"
    return f'<span class="{css}" id="{anchor}">{esc(s.text)}</span>'


def render_article(article: Article, sentences: Sequence[Sentence], answer: Mapping | None = None,
                   lang: str = "id") -> str:
    """The article panel: metadata, then the text as paragraphs of sentence elements; the current
    answer's cited sentences are ``<mark class="aqa-cited">`` with their citation number, the
    answer phrase is ``<mark class="aqa-hl">`` inside, an abstention's closest sentences are
    ``aqa-near``. The headline line becomes the ``<h2>``.

    ``sentences`` must be ``split_sentences(article.text, article.id)`` (offsets into the text).
    """
    cited, related, span = _marks(answer, article.id)
    text = article.text
    paragraphs: list[list[str]] = [[]]
    first_sentence_para: dict[int, int] = {}

    def gap(chunk: str) -> None:
        pieces = chunk.split("\n")
        paragraphs[-1].append(esc(pieces[0]))
        for piece in pieces[1:]:
            paragraphs.append([esc(piece)])

    pos = 0
    for s in sentences:
        gap(text[pos:s.start])
        first_sentence_para.setdefault(s.idx, len(paragraphs) - 1)
        paragraphs[-1].append(_sentence_html(article, s, cited, related, span))
        pos = s.end
    gap(text[pos:])

    meta = [m for m in (article.source, format_date(article.date, lang)) if m]
    head = [f'<article class="aqa-article" id="aqa-article-{esc(article.id)}" lang="{esc(article.lang or "id")}">',
            '<header class="aqa-article-head">']
    if meta:
        head.append(f'<div class="aqa-kicker">{" · ".join(esc(m) for m in meta)}</div>')
    head.append('</header><div class="aqa-article-body" tabindex="0">')
    headline = first_sentence_para.get(0) if sentences and sentences[0].text.strip() == article.title.strip() else None
    body = []
    for i, para in enumerate(paragraphs):
        inner = "".join(para)
        if not inner.strip():
            continue
        body.append(f'<h2 class="aqa-headline">{inner}</h2>' if i == headline else f"<p>{inner}</p>")
    return "".join(head + body + ["</div></article>"])


def render_header(lang: str) -> str:
    """The page's masthead: the product name and what it promises."""
    return (f'<div class="aqa-masthead"><div class="aqa-brand">{esc(t(lang, "title"))}</div>'
            f'<div class="aqa-tagline">{esc(t(lang, "tagline"))}</div></div>')
