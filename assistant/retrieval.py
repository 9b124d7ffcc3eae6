"""Ranking sentences for a question with the configured retriever.

``dense`` and ``lexical`` rank by one score; ``hybrid`` builds the feature table of
:mod:`assistant.rerank` for every candidate (all sentences of the article in scope, or a
dense+BM25 shortlist of the corpus) and orders them by the fitted ranker. The question is
encoded once: its sentence vector and token vectors come from the same forward pass.
"""

from __future__ import annotations

import logging
import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from corpus import Article, Corpus
from index import Embedder, Kind, SentenceIndex
from index.embedders import Encoded
from index.search import Hit, Retriever, search
from index.store import TokenBlock, encode_background

from .highlight import (
    TYPED,
    asked_manner,
    asked_relation,
    asks_duration,
    asks_release,
    expands,
    expansion_terms,
    type_match,
)
from .questions import detect_language
from .rerank import (
    FEATURES,
    WORD,
    CharSimilarity,
    Ranker,
    centered,
    content_token_mask,
    content_words,
    match_matrix,
    mix_own_words,
    rarity_weighted,
)
from .selection import duplicates
from .structure import (
    ASKS_BYLINE,
    ASKS_SOURCE,
    ASKS_TITLE,
    ArticleShape,
    article_shape,
    asked_item,
    asked_occurrence,
    asks_outlet,
    speaks_of_occurrence,
)

log = logging.getLogger(__name__)

SHORTLIST = 64            # corpus-wide questions: candidates kept before the ranker
ALIGN_THRESHOLD = 0.6     # early-layer token cosine above which two words count as the same
_CACHE_ARTICLES = 256     # per-article caches (shape, char model, token vectors) kept in memory


@dataclass
class Ranked:
    """Ranked candidates for one question: ``hits`` best first, ``table`` their feature rows."""

    hits: list[Hit]
    table: np.ndarray = field(default_factory=lambda: np.zeros((0, len(FEATURES)), dtype=np.float32))
    maxsim_top: float = 0.0
    question_tokens: np.ndarray | None = None     # early-layer vectors of the question's content tokens
    signals: dict[str, float] = field(default_factory=dict)   # answerability evidence for the confidence
    query: str = ""                                  # the text that was encoded (the question, or with history)
    encoded: Encoded | None = None                   # its encoding (token vectors of every layer, spans)


def _word_match(early: np.ndarray, last: np.ndarray) -> float:
    """How well one question word is matched by a set of tokens, at either layer, given the
    tokens' cosines with its tokens (``(tokens, word tokens)`` per layer)."""
    if not len(early):
        return 0.0
    return max(float(early.max(axis=0).mean()), float(last.max(axis=0).mean()))


def _question_tokens(text: str, encoded: Encoded) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which tokens of ``text`` are content tokens, and their vectors at the early and the last
    layer (all tokens' when the text has no content word)."""
    mask = content_token_mask(text, encoded.spans)
    q_early, q_last = (layer[mask] if mask.any() else layer for layer in (encoded.layers[0], encoded.layers[-1]))
    return mask, q_early, q_last


class _LRU(OrderedDict):
    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def get_or(self, key, make):
        if key in self:
            self.move_to_end(key)
            return self[key]
        value = self[key] = make()
        if len(self) > self.size:
            self.popitem(last=False)
        return value


class SentenceRanker:
    """Ranks an index's sentences for questions; holds the per-article caches."""

    def __init__(self, corpus: Corpus, index: SentenceIndex, embedder: Embedder | None, retriever: Retriever,
                 ranker: Ranker, fusion) -> None:
        self.corpus, self.index, self.embedder = corpus, index, embedder
        self.retriever, self.ranker, self.fusion = retriever, ranker, fusion
        self._shapes = _LRU(_CACHE_ARTICLES)
        self._chars = _LRU(_CACHE_ARTICLES)
        self._tokens = _LRU(_CACHE_ARTICLES)
        self._duplicates = _LRU(_CACHE_ARTICLES)
        self._stacked = _LRU(_CACHE_ARTICLES)
        self._types = _LRU(200_000)
        self._languages: dict[str, str] = {}
        self._background: tuple[np.ndarray, np.ndarray] | None = None

    # ------------------------------------------------------------------ caches
    def shape(self, article: Article) -> ArticleShape:
        span = self.index.span(article.id)
        return self._shapes.get_or(article.id, lambda: article_shape(
            article, self.index.sentences[span.first:span.stop]))

    def _char(self, article_id: str) -> CharSimilarity:
        span = self.index.span(article_id)
        return self._chars.get_or(article_id, lambda: CharSimilarity(
            [s.text for s in self.index.sentences[span.first:span.stop]]))

    def duplicates(self, article_id: str) -> list[frozenset[int]]:
        """Per sentence of the article (by position), the positions of its near-duplicates."""
        span = self.index.span(article_id)
        return self._duplicates.get_or(article_id, lambda: duplicates(
            [s.text for s in self.index.sentences[span.first:span.stop]]))

    def _article_tokens(self, article_id: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The article's token vectors stacked (early, last) and each sentence's first row (plus
        the end): the whole article in two matrices, for one product per question."""
        def stack():
            blocks = self._token_vectors(article_id)
            starts = np.concatenate([[0], np.cumsum([len(b[0]) for b in blocks])]).astype(np.int64)
            return np.concatenate([b[0] for b in blocks]), np.concatenate([b[1] for b in blocks]), starts
        return self._stacked.get_or(article_id, stack)

    def _token_vectors(self, article_id: str) -> list[TokenBlock]:
        span = self.index.span(article_id)
        if self.index.tokens is not None:
            return self.index.tokens.blocks(span.first, span.stop)

        def compute():
            # an index built without token vectors: encode this article once, keep it cached
            texts = [s.text for s in self.index.sentences[span.first:span.stop]]
            return [(e.layers[0], e.layers[-1], e.spans) for e in self.embedder.encode(texts, Kind.PASSAGE)]
        return self._tokens.get_or(article_id, compute)

    def _background_tokens(self) -> tuple[np.ndarray, np.ndarray] | None:
        """Token vectors (early, last) of the background sentences: from the index, else (an
        index built without token vectors) encoded here once."""
        if self.index.background_tokens is not None:
            return self.index.background_tokens
        if self._background is None and self.embedder is not None:
            self._background = encode_background(self.embedder)[1]
        return self._background

    def _language(self, article: Article) -> str:
        """The article's language: its metadata's, else told from its text (once per article)."""
        if article.id not in self._languages:
            self._languages[article.id] = article.lang or detect_language(article.text[:3000], default="id")
        return self._languages[article.id]

    def _has_type(self, sentence_id: int, qtype: str, duration: bool = False, release: bool = False) -> float:
        """1.0 if the sentence holds a phrase of the type (a number, date, name, place; for "berapa
        lama", a duration or a range of dates; the date of a press release only when ``release``):
        a property of the sentence alone, so it is computed once per sentence and type."""
        asked = " ".join(w for w, on in (("berapa lama", duration), ("siaran pers", release)) if on)
        return self._types.get_or((sentence_id, qtype, duration, release), lambda: float(
            type_match(self.index.sentences[sentence_id].text, qtype, asked) == 1.0))

    # ------------------------------------------------------------------ ranking
    def rank(self, question: str, query: str, scope: str | None, *, k: int, qtype: str,
             previous: Sequence[int] = ()) -> Ranked:
        """Rank sentences for ``question`` (retrieval uses ``query``, which may carry history).

        Args:
            scope: an article id, or ``None`` for the whole corpus.
            previous: index ids of the sentences cited for the previous turn of a conversation.
        """
        if self.retriever is not Retriever.HYBRID or self.embedder is None:
            hits = search(self.index, query, retriever=self.retriever, article_id=scope, k=k,
                          embedder=self.embedder, fusion=self.fusion)
            return Ranked(hits)
        encoded = self.embedder.encode([query], Kind.QUERY)[0]
        lexical_all = self.index.lexical.scores(query)      # one BM25 pass for the shortlist and the features
        if scope is not None:
            span = self.index.span(scope)
            ids = np.arange(span.first, span.stop)
        else:
            shortlist = search(self.index, query, retriever=Retriever.HYBRID, article_id=None, k=SHORTLIST,
                               query_vector=encoded.vector, fusion=self.fusion, lexical_scores=lexical_all)
            ids = np.array(sorted(h.id for h in shortlist), dtype=np.int64)
        mask, q_early, q_last = _question_tokens(query, encoded)
        table, dense, lexical, lexical_norm, raw_maxsim, sims = self._features(
            question, query, encoded, q_early, q_last, ids, qtype, set(previous), lexical_all)
        scores = self.ranker.score(table)
        if query != question and self.ranker.own_weight > 0:
            scores = mix_own_words(scores, self._own_scores(question, ids, qtype), self.ranker.own_weight)
        # a headline repeats the body in teaser form ("..., Ini Hasilnya"): it answers only a question
        # about the title (its "title" column is set then); for others the body's sentences come first
        teaser = (table[:, FEATURES.index("headline")] > 0) & (table[:, FEATURES.index("title")] == 0)
        if teaser.any():
            scores = np.where(teaser, np.minimum(scores, scores.min() - 1.0), scores).astype(np.float32)
        order = np.argsort(-scores, kind="stable")[:k]
        hits = [Hit(int(ids[i]), float(scores[i]), float(dense[i]), float(lexical[i]), float(lexical_norm[i]))
                for i in order]
        ranked = Ranked(hits, table[order], float(raw_maxsim[order[0]]) if len(order) else 0.0, q_early,
                        query=query, encoded=encoded)
        if hits:
            ranked.signals = self._answerability(query, encoded, hits[0], mask, sims)
        return ranked

    def _own_scores(self, question: str, ids: np.ndarray, qtype: str) -> np.ndarray:
        """The ranker's scores for candidates ``ids`` from a follow-up's own words, no history."""
        encoded = self.embedder.encode([question], Kind.QUERY)[0]
        _, q_early, q_last = _question_tokens(question, encoded)
        table = self._features(question, question, encoded, q_early, q_last, ids, qtype, set(),
                               self.index.lexical.scores(question))[0]
        return self.ranker.score(table)

    def _matches(self, article_id: str, local: list[int], q_early: np.ndarray, q_last: np.ndarray,
                 many: bool) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray] | None]:
        """Each question token's best cosine within each sentence ``local`` (positions in the
        article), at the last and the early layer: ``(len(local), n_question_tokens)`` each. A
        whole article is one product per layer over its stacked tokens; those cosines (early,
        last; article tokens by question tokens) come back too, else ``None``."""
        span = self.index.span(article_id)
        if not many and local == list(range(span.stop - span.first)):
            early_cat, last_cat, starts = self._article_tokens(article_id)
            if len(q_last) and len(local) and (np.diff(starts) > 0).all():
                early_all, last_all = early_cat @ q_early.T, last_cat @ q_last.T     # (article tokens, question tokens)
                return (np.maximum.reduceat(last_all, starts[:-1], axis=0),
                        np.maximum.reduceat(early_all, starts[:-1], axis=0), (early_all, last_all))
        tokens = (dict(zip(local, (self.index.tokens.get(span.first + i) for i in local), strict=True))
                  if many and self.index.tokens is not None else self._token_vectors(article_id))
        return (match_matrix(q_last, [tokens[i][1] for i in local]),
                match_matrix(q_early, [tokens[i][0] for i in local]), None)

    def _answerability(self, query: str, encoded: Encoded, top: Hit, mask: np.ndarray,
                       sims: dict[str, tuple[np.ndarray, np.ndarray]]) -> dict[str, float]:
        """How well the question's own words are covered by the top sentence and by its article,
        and how much closer the question is to the article than to unrelated text: as a whole,
        and word by word (``word_min_background``: the least any word is matched better in the
        article than in the background sentences; a word the article never speaks of, "pidato"
        or "host", is matched no better there than in text on other topics).

        ``mask``: the question's content tokens; ``sims``: per article, the cosines of all of its
        tokens with them (early, last layer) where the feature table already computed them."""
        sentence = self.index.sentences[top.id]
        span = self.index.span(sentence.article_id)
        in_top, in_article, over_background = [], [], []
        background = None
        if mask.any():
            article_early, article_last, starts = self._article_tokens(sentence.article_id)
            position = top.id - span.first
            top_cols = slice(int(starts[position]), int(starts[position + 1]))
            # the content tokens against every article token, once; each word then reads its rows
            early_all, last_all = sims.get(sentence.article_id) or (
                article_early @ encoded.layers[0][mask].T, article_last @ encoded.layers[-1][mask].T)
            row_of = np.cumsum(mask) - 1
            tokens = self._background_tokens()
            if tokens is not None:          # the background's tokens against the content tokens, once
                background = (tokens[0] @ encoded.layers[0][mask].T, tokens[1] @ encoded.layers[-1][mask].T)
        for word in content_words(query):
            rows = (encoded.spans[:, 0] < word[1]) & (encoded.spans[:, 1] > word[0])
            if not rows.any():
                continue
            early, last = early_all[:, row_of[rows]], last_all[:, row_of[rows]]
            in_top.append(_word_match(early[top_cols], last[top_cols]))
            in_article.append(_word_match(early, last))
            if background is not None:
                over_background.append(in_article[-1] - _word_match(background[0][:, row_of[rows]],
                                                                    background[1][:, row_of[rows]]))
        signals = {"word_min_top": min(in_top, default=1.0), "word_min_article": min(in_article, default=1.0),
                   "word_min_background": min(over_background, default=0.0)}
        if self.index.background is not None and len(self.index.background):
            signals["background_margin"] = top.dense - float((self.index.background @ encoded.vector).max())
        return signals

    def word_similarities(self, sentence_id: int, ranked: Ranked, word: str) -> list[tuple[int, int, float]]:
        """Each word of a sentence (character span) with the last-layer cosine between its tokens'
        mean vector and that of ``word`` in the question: which Indonesian word an English noun
        translates ("ceremony" -> "upacara", "document" -> "Panduan"). Empty when ``word`` is not in
        the encoded question."""
        if ranked.encoded is None:
            return []
        found = re.search(rf"\b{re.escape(word)}\b", ranked.query, re.I)
        spans = ranked.encoded.spans
        if not found or not len(spans):
            return []
        pieces = (spans[:, 0] < found.end()) & (spans[:, 1] > found.start())
        if not pieces.any():
            return []
        target = ranked.encoded.layers[-1][pieces].mean(axis=0)
        target /= np.linalg.norm(target) + 1e-9
        sentence = self.index.sentences[sentence_id]
        first = self.index.span(sentence.article_id).first
        _, last, token_spans = self._token_vectors(sentence.article_id)[sentence_id - first]
        out = []
        for m in WORD.finditer(sentence.text):
            inside = (token_spans[:, 0] < m.end()) & (token_spans[:, 1] > m.start())
            if inside.any():
                vector = last[inside].mean(axis=0)
                out.append((m.start(), m.end(), float(vector @ target / (np.linalg.norm(vector) + 1e-9))))
        return out

    def aligned_spans(self, sentence_id: int, ranked: Ranked, threshold: float | None = None
                      ) -> list[tuple[int, int]]:
        """Character spans of a sentence whose tokens match one of the question's content tokens
        (early-layer cosine >= ``threshold``): how an English question finds its Indonesian words."""
        if ranked.question_tokens is None or not len(ranked.question_tokens):
            return []
        sentence = self.index.sentences[sentence_id]
        span = self.index.span(sentence.article_id)
        early, _, spans = self._token_vectors(sentence.article_id)[sentence_id - span.first]
        if not len(early):
            return []
        best = (early @ ranked.question_tokens.T).max(axis=1)
        limit = ALIGN_THRESHOLD if threshold is None else threshold
        return [(int(a), int(b)) for (a, b), score in zip(spans, best, strict=True) if score >= limit]

    def _features(self, question: str, query: str, encoded: Encoded, q_early: np.ndarray, q_last: np.ndarray,
                  ids: np.ndarray, qtype: str, previous: set[int], lexical_all: np.ndarray):
        """The feature table for candidate sentences ``ids`` (grouped by article); ``q_early`` and
        ``q_last`` are the question's content-token vectors. Also returns, per article whose every
        sentence is a candidate, those tokens' cosines with all of its tokens (early, last)."""
        n = len(ids)
        table = np.zeros((n, len(FEATURES)), dtype=np.float32)
        col = {name: i for i, name in enumerate(FEATURES)}
        lexical = lexical_all[ids]
        best = float(lexical.max()) if n else 0.0
        lexical_norm = lexical / best if best > 0 else np.zeros(n, dtype=np.float32)
        dense_raw = np.zeros(n, dtype=np.float32)
        maxsim_raw = np.zeros(n, dtype=np.float32)
        sims: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        asks = {"title": ASKS_TITLE.search(question.lower()) is not None,
                "byline": ASKS_BYLINE.search(question.lower()) is not None,
                "outlet": asks_outlet(question, qtype),
                "source": ASKS_SOURCE.search(question.lower()) is not None}
        expansion = expansion_terms(question)     # "Apa kepanjangan JAMP?": sentences spelling it out
        relation = asked_relation(question)       # "Who hosted it?": sentences naming a host
        manner = asked_manner(question, qtype) if qtype not in TYPED else None
        by_article: dict[str, list[int]] = {}
        for row, sid in enumerate(ids):
            by_article.setdefault(self.index.sentences[sid].article_id, []).append(row)
        # corpus-wide: one character model over the candidates, not one per article they come from
        many = len(by_article) > 1
        char_all = CharSimilarity([self.index.sentences[int(i)].text for i in ids]).scores(query) if many else None
        language = detect_language(question, default="")
        cross = np.zeros(n, dtype=np.float32)
        for article_id, rows in by_article.items():
            article = self.corpus.get(article_id)
            cross[rows] = float(bool(language) and language != self._language(article))
            span = self.index.span(article_id)
            local = [int(ids[r]) - span.first for r in rows]
            vectors = self.index.vectors(article_id)[local]
            dense_raw[rows] = vectors @ encoded.vector
            last_matches, early_matches, whole = self._matches(article_id, local, q_early, q_last, many)
            if whole is not None:
                sims[article_id] = whole
            maxsim_raw[rows] = last_matches.mean(axis=1) if last_matches.size else 0.0
            table[rows, col["maxsim_early"]] = early_matches.mean(axis=1) if early_matches.size else 0.0
            table[rows, col["maxsim_idf"]] = rarity_weighted(last_matches)
            table[rows, col["maxsim_early_idf"]] = rarity_weighted(early_matches)
            table[rows, col["char"]] = char_all[rows] if many else self._char(article_id).scores(query)[local]
            shape = self.shape(article)
            item = asked_item(question, shape)
            occurrence = asked_occurrence(question, article.text)
            texts = [self.index.sentences[span.first + i].text for i in local]
            if expansion:
                table[rows, col["type"]] = [expands(text, expansion) for text in texts]
            elif qtype in TYPED:
                duration = qtype == "how_many" and asks_duration(question)
                release = qtype == "when" and asks_release(question)
                table[rows, col["type"]] = [self._has_type(span.first + i, qtype, duration, release) for i in local]
            elif manner is not None:      # "How often ...?": "secara terus menerus"; "format?": "secara hibrida"
                table[rows, col["type"]] = [manner.search(text) is not None for text in texts]
            if relation is not None and not expansion:
                said = [relation.search(text) is not None for text in texts]
                table[rows, col["type"]] = said if qtype not in TYPED else table[rows, col["type"]] * said
            is_list = float(qtype == "list")
            table[rows, col["title"]] = shape.headline[local] * asks["title"]
            table[rows, col["byline"]] = shape.byline[local] * asks["byline"]
            table[rows, col["outlet"]] = shape.dateline[local] * asks["outlet"]
            table[rows, col["source"]] = shape.attribution[local] * asks["source"]
            table[rows, col["headline"]] = shape.headline[local]
            table[rows, col["lead"]] = shape.lead[local]
            table[rows, col["list_item"]] = shape.list_item[local] * is_list
            table[rows, col["list_intro"]] = shape.list_intro[local] * is_list
            if item is not None:
                table[rows, col["ordinal"]] = shape.item_number[local] == item
            elif occurrence is not None:    # "hari pertama": the sentence about that day, not one comparing with it
                table[rows, col["ordinal"]] = [speaks_of_occurrence(text, occurrence) for text in texts]
            if previous:
                table[rows, col["previous"]] = [float(span.first + i in previous) for i in local]
        table[:, col["dense"]] = centered(dense_raw)
        table[:, col["maxsim"]] = centered(maxsim_raw)
        for name in ("maxsim_early", "maxsim_idf", "maxsim_early_idf"):
            table[:, col[name]] = centered(table[:, col[name]])
        table[:, col["char"]] = centered(table[:, col["char"]])
        table[:, col["bm25"]] = lexical_norm
        table[:, col["bm25_cross"]] = lexical_norm * cross
        table[:, col["char_cross"]] = table[:, col["char"]] * cross
        return table, dense_raw, lexical, lexical_norm, maxsim_raw, sims
