"""The :class:`Assistant`: a question (and the questions before it) in, a cited extractive
:class:`Answer` out.

Steps of :meth:`Assistant.ask`: check the input; tell the language and question type; fold a
follow-up together with the earlier question it leans on; rank the article's sentences; score
confidence and abstain below the calibrated threshold; otherwise pick the answering sentence(s)
and highlight the answer phrase.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from corpus import Article, Corpus, load_corpus
from index import Embedder, SentenceIndex, load_embedder, open_index, slot_dir, user_dirs
from index.lexical import analyze
from index.paths import Dirs
from index.search import Hit, Retriever

from . import confidence as conf
from . import messages, rerank
from .answer import Answer, Citation
from .config import AssistantConfig
from .errors import EmptyQuestionError, InvalidHistoryError, InvalidQuestionError, QuestionTooLongError
from .highlight import CONJUNCTIONS, TYPED, asked_english_noun, extract, type_match
from .questions import detect_language, is_follow_up, question_type, turn_type
from .rerank import Ranker
from .retrieval import Ranked, SentenceRanker
from .selection import keep_first, merge_duplicates, select_list
from .structure import ASKS_OUTCOME, asked_item, next_edition, other_edition, unmentioned_acronym

log = logging.getLogger(__name__)

ALL_ARTICLES = "*"
# a phrase that lists: items joined by a comma or a conjunction
_ITEMS = re.compile(rf",|\b(?:{'|'.join(sorted(CONJUNCTIONS))})\b", re.I)
_POOL = 12                     # candidates ranked per question before choosing what to cite
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_question(question: object, max_chars: int = AssistantConfig.max_question_chars) -> str:
    """The question as it will be answered: control characters blanked, NFC, stripped.

    Raises:
        InvalidQuestionError: not text; EmptyQuestionError: nothing left;
        QuestionTooLongError: over ``max_chars`` characters.
    """
    if not isinstance(question, str):
        raise InvalidQuestionError(f"the question must be text, not {type(question).__name__}")
    text = unicodedata.normalize("NFC", _CONTROL.sub(" ", question)).strip()
    if not text:
        raise EmptyQuestionError("the question is empty: type a question about the article")
    if len(text) > max_chars:
        raise QuestionTooLongError(f"the question has {len(text):,} characters; the limit is {max_chars:,}: "
                                   "shorten it")
    return text


class Assistant:
    """Answers questions about the articles of a corpus, citing their sentences.

    >>> bot = Assistant.load()
    >>> answer = bot.ask("Berapa peserta yang diundang?")
    >>> answer.citations[0].text
    'Kegiatan ini mengundang 1.200 peserta ...'
    """

    def __init__(self, corpus: Corpus, index: SentenceIndex, embedder: Embedder | None,
                 config: AssistantConfig | None = None,
                 calibration: conf.Calibration | None = None, ranker: Ranker | None = None) -> None:
        self.corpus = corpus
        self.index = index
        self.embedder = embedder
        self.config = config = config or AssistantConfig()
        self.calibration = calibration or self._stored_calibration()
        self.ranking = SentenceRanker(corpus, index, embedder, config.retriever, ranker or self._stored_ranker(),
                                      config.fusion)
        self._turns: OrderedDict[tuple, list[int]] = OrderedDict()

    @classmethod
    def load(cls, corpus_dirs: Sequence[Path] | Path | None = None, *, model: str | None = None,
             runtime: str | None = None,
             retriever: Retriever | str | None = None, index_dir: Path | None = None,
             config: AssistantConfig | None = None, embedder: Embedder | None = None,
             dirs: Dirs | None = None, progress: bool = False, rebuild: bool = False) -> Assistant:
        """Load the corpus, the model and the saved index (building it on first use).

        Args:
            corpus_dirs: article folders (default: the bundled article plus articles added with
                ``article-qa add``).
            model: embedding model name or path (default: the multilingual model).
            runtime: ``torch``, ``onnx`` or ``onnx-int8`` (default: the model's own default).
            retriever: ``"dense"``, ``"lexical"`` or ``"hybrid"``.
            index_dir: root folder for saved indexes (default: the user cache).
            embedder: an already loaded embedder (``model`` is then ignored).
        Raises:
            CorpusError, ModelLoadError, IndexStoreError: with a message that names the problem.
        """
        config = config or AssistantConfig()
        if model is not None:
            config = replace(config, model=model)
        if runtime is not None:
            config = replace(config, runtime=runtime)
        if retriever is not None:
            config = replace(config, retriever=Retriever(retriever))
        dirs = dirs or user_dirs()
        if corpus_dirs is None:
            from corpus import BUNDLED_DIR
            folders = [BUNDLED_DIR] + ([dirs.articles] if dirs.articles.is_dir() else [])
        else:
            folders = [Path(corpus_dirs)] if isinstance(corpus_dirs, (str, Path)) else [Path(p) for p in corpus_dirs]
        corpus = load_corpus(*folders)
        if config.retriever is Retriever.LEXICAL:
            embedder = None
        elif embedder is None:
            embedder = load_embedder(config.model, dirs.models, runtime=config.runtime)
        root = Path(index_dir) if index_dir is not None else dirs.index
        index = open_index(corpus, embedder, slot_dir(root, embedder.model_id if embedder else None, corpus),
                           context=config.embed_context, progress=progress, force=rebuild)
        return cls(corpus, index, embedder, config)

    # ------------------------------------------------------------------ public surface
    @property
    def articles(self) -> list[Article]:
        return list(self.corpus)

    @property
    def calibration_key(self) -> str:
        return f"{self.embedder.model_id if self.embedder else 'none'}/{self.config.retriever.value}"

    def ask(self, question: str, history: Sequence[str] | None = None, article_id: str | None = None,
            top_k: int | None = None) -> Answer:
        """Answer ``question`` from one article, extractively.

        Args:
            question: the question, in Indonesian or English.
            history: earlier questions of the conversation, oldest first.
            article_id: which article (``None``: the default one; ``"*"``: all articles).
            top_k: how many ranked candidates to return (default ``config.top_k``).
        Returns:
            An :class:`Answer`; an abstention is a normal answer with ``abstained=True``.
        Raises:
            InvalidQuestionError (a ``ValueError``): empty, too long or malformed input.
            UnknownArticleError (a ``LookupError``): no such article.
        """
        question = self._clean_question(question)
        history = self._clean_history(history)
        top_k = self.config.top_k if top_k is None else max(1, int(top_k))
        scope = None if article_id == ALL_ARTICLES else self.corpus.get(article_id).id
        article = self.corpus.get(scope)
        lang = detect_language(question, default=article.lang or "id")
        qtype = turn_type(question, history)
        query = self._resolve(question, history)
        ranked = self._rank(question, query, scope, qtype, history, max(_POOL, top_k))
        hits = ranked.hits
        candidates = [self._citation(h) for h in hits]
        if not hits:
            return self._abstain(question, lang, qtype, query, article, [], top_k)
        top = self.index.sentences[hits[0].id]
        chosen = self._choose(hits, qtype, ranked, query, question)
        # a list of names, dates, places or amounts: its first item is highlighted as the type says,
        # and a top sentence holding no such phrase ("Siapa saja pembicaranya?") is no evidence
        item_type = question_type(question, lists=False) if qtype == "list" else qtype
        typed = item_type if item_type in TYPED else qtype
        echo = self.ranking.aligned_spans(hits[0].id, ranked)
        matched = type_match(top.text, typed, question, echo)
        article_text = self.corpus.get(top.article_id).text
        if (qtype != "yes_no" and other_edition(question, article_text)) or (
                typed in TYPED and next_edition(question, article_text)):
            matched = 0.0           # "Kapan pertemuan kedua?" of an article on the third: no sentence answers
        span = self.index.span(top.article_id)
        if unmentioned_acronym(question, [self.index.sentences[h.id].text for h in chosen],
                               [s.text for s in self.index.sentences[span.first:span.stop]]):
            matched = 0.0           # "When was ASCN founded?" answered by a date of something else
        x = conf.features(ranked, query, top.text, matched, lang, list_items=len(chosen) if qtype == "list" else 0)
        confidence = self.calibration.confidence(x)
        threshold = self.config.abstain_threshold
        if confidence < (self.calibration.threshold if threshold is None else threshold):
            answer = self._abstain(question, lang, qtype, query, self.corpus.get(top.article_id),
                                   candidates, top_k, confidence)
            answer.signals = x
            return answer
        citations = [self._citation(h) for h in chosen]
        owner = self.corpus.get(citations[0].article_id)
        phrase = None
        # a list of other things given inside one sentence ("Apa saja acara di hari pertama?"): the
        # phrase after the question's words, as for a what-question, if it holds several items
        # ("... upacara pembukaan serta diskusi panel"); else nothing rather than a guess
        listing = qtype == "list" and item_type not in TYPED
        if len(citations) == 1 or not listing:
            kind = "what" if listing else item_type
            noun = asked_english_noun(question, kind)
            if chosen[0].id != hits[0].id:
                echo = self.ranking.aligned_spans(chosen[0].id, ranked)
            phrase = extract(citations[0].text, kind, question, echo,
                             self.ranking.word_similarities(chosen[0].id, ranked, noun) if noun else ())
            if phrase is not None and listing and not _ITEMS.search(phrase.text):
                phrase = None
        answer = Answer(
            question=question, lang=lang, abstained=False, confidence=confidence, citations=citations,
            text=messages.answer_text(lang, owner.title, [c.text for c in citations]),
            article_id=owner.id, article_title=owner.title, content_hash=owner.content_hash,
            question_type=qtype, candidates=candidates[:top_k], query=query, signals=x)
        if phrase is not None:
            answer.highlight = phrase.text
            answer.highlight_start = citations[0].start + phrase.start
            answer.highlight_end = citations[0].start + phrase.end
        return answer

    def rank(self, question: str, history: Sequence[str] | None = None, article_id: str | None = None,
             k: int | None = None) -> Ranked:
        """The ranked candidates behind :meth:`ask`, with their feature table (for tuning and
        debugging). ``k=None`` keeps every candidate."""
        question = self._clean_question(question)
        history = self._clean_history(history)
        scope = None if article_id == ALL_ARTICLES else self.corpus.get(article_id).id
        query = self._resolve(question, history)
        return self._rank(question, query, scope, turn_type(question, history), history, k or len(self.index.sentences))

    def use(self, *, ranker: Ranker | None = None, calibration: conf.Calibration | None = None) -> None:
        """Swap in a (freshly fitted) ranker or calibration."""
        if ranker is not None:
            self.ranking.ranker = ranker
            self._turns.clear()
        if calibration is not None:
            self.calibration = calibration

    # ------------------------------------------------------------------ steps
    def _clean_question(self, question: object) -> str:
        return clean_question(question, self.config.max_question_chars)

    def _clean_history(self, history: object) -> list[str]:
        if history is None:
            return []
        if isinstance(history, (str, bytes)) or not isinstance(history, Sequence):
            raise InvalidHistoryError("history must be a list of earlier questions (oldest first)")
        if len(history) > self.config.max_history_turns:
            raise InvalidHistoryError(f"history has {len(history)} turns; the limit is "
                                      f"{self.config.max_history_turns}")
        cleaned = []
        for turn in history:
            if isinstance(turn, dict):          # {"question": ...} as chat front-ends send it
                turn = turn.get("question")
            if not isinstance(turn, str):
                raise InvalidHistoryError("each history entry must be an earlier question (text)")
            turn = _CONTROL.sub(" ", turn).strip()
            if turn:
                cleaned.append(turn)
        if sum(map(len, cleaned)) > self.config.max_history_chars:
            raise InvalidHistoryError(f"history is longer than {self.config.max_history_chars:,} characters")
        return cleaned

    def _resolve(self, question: str, history: list[str]) -> str:
        """The text to retrieve with: a follow-up borrows the earlier question it leans on."""
        if history and is_follow_up(question):
            return f"{question} {history[-1]}"
        return question

    def _rank(self, question: str, query: str, scope: str | None, qtype: str, history: list[str],
              k: int) -> Ranked:
        previous = self._previous_turn(history, scope) if history and query != question else []
        ranked = self.ranking.rank(question, query, scope, k=k, qtype=qtype, previous=previous)
        keep = self._distinct(ranked.hits)
        if len(keep) < len(ranked.hits):
            ranked.hits = [ranked.hits[i] for i in keep]
            ranked.table = ranked.table[keep] if len(ranked.table) else ranked.table
        return ranked

    def _distinct(self, hits: list[Hit]) -> list[int]:
        """Positions of ``hits`` left after merging near-duplicate sentences (the best-ranked of
        each kept); within one article, from the article's duplicate relation, computed once."""
        articles = {self.index.sentences[h.id].article_id for h in hits}
        if len(articles) == 1:
            article_id = articles.pop()
            first = self.index.span(article_id).first
            return keep_first([h.id - first for h in hits], self.ranking.duplicates(article_id))
        return merge_duplicates([(self.index.sentences[h.id].text, h.score) for h in hits])

    def _previous_turn(self, history: list[str], scope: str | None) -> list[int]:
        """Index ids of what the previous question would have cited (cached, as a chat asks it
        just before). History guides retrieval; it is never itself the answer."""
        key = (scope, tuple(history[-2:]))
        if key not in self._turns:
            earlier, last = history[:-1][-1:], history[-1]
            query = self._resolve(last, earlier)
            kind = turn_type(last, earlier)
            ranked = self._rank(last, query, scope, kind, [], _POOL)
            cited = self._choose(ranked.hits, kind, ranked, query, last) if ranked.hits else []
            self._turns[key] = [h.id for h in cited]
            if len(self._turns) > 512:
                self._turns.popitem(last=False)
        return self._turns[key]

    def _choose(self, hits: list[Hit], qtype: str, ranked: Ranked, query: str, question: str) -> list[Hit]:
        """The hits to cite, in the order to show them: one sentence, or a whole list when the
        question asks for the list the article enumerates (its intro shares the question's words:
        "Apa saja rekomendasinya?" and "...beberapa rekomendasi, yaitu:"), not for things inside
        one item of it ("Di negara mana saja ... menurut rekomendasi keempat?"); the intro and its
        list for what an event produced ("Apa hasil pertemuan ini?"); an asked item whole."""
        top = self.index.sentences[hits[0].id]
        article = self.corpus.get(top.article_id)
        shape = self.ranking.shape(article)
        span = self.index.span(article.id)
        local = {self.index.sentences[h.id].idx: h for h in hits if span.first <= h.id < span.stop}

        def cite(indices: Sequence[int]) -> list[Hit]:
            # sentences ranked outside the candidate pool are cited too, with no score
            return [local.get(i) or Hit(span.first + i, 0.0, float("nan"), float("nan"), 0.0) for i in indices]

        item = asked_item(question, shape)
        if item is not None and shape.item_number[top.idx] == item:
            # "Apa rekomendasi ketiga?": an item written in two sentences is cited whole, in order
            return cite(np.flatnonzero(shape.item_number == item).tolist())
        # "Apa hasil pertemuan ini?" ranked into a list the article introduces as what the event
        # produced: that introduction, then the list
        outcome = qtype in ("what", "other") and item is None and ASKS_OUTCOME.search(question) is not None
        if (qtype == "list" and item is None) or outcome:
            block = select_list(list(local), shape.blocks, window=1 if outcome else 3)
            intro = block[0] - 1 if block and block[0] > 0 else None
            said = self.index.sentences[span.first + intro].text if intro is not None else ""
            # both speak of what came out: "What were the outcomes?" / "... menghasilkan ..., yaitu:"
            named = bool(ASKS_OUTCOME.search(question) and ASKS_OUTCOME.search(said))
            if outcome:
                block = [intro, *block] if named else None
            elif intro is not None and not named and not set(analyze(query)) & set(analyze(said)) \
                    and not self.ranking.aligned_spans(span.first + intro, ranked):
                block = None              # a list, but not the one asked about
            if block is not None:
                return cite(block)
        return hits[:1]

    def _citation(self, hit: Hit) -> Citation:
        s = self.index.sentences[hit.id]
        return Citation(s.article_id, s.idx, s.start, s.end, s.text, hit.score)

    def _abstain(self, question: str, lang: str, qtype: str, query: str, article: Article,
                 candidates: list[Citation], top_k: int, confidence: float = 0.0) -> Answer:
        related = candidates[:3]
        return Answer(question=question, lang=lang, abstained=True, confidence=confidence, citations=[],
                      text=messages.abstain_text(lang, [c.text for c in related]),
                      article_id=article.id, article_title=article.title, content_hash=article.content_hash,
                      question_type=qtype, candidates=candidates[:top_k], related=related, query=query)

    def _stored_ranker(self) -> Ranker:
        """The ranker saved with the index, else the one shipped for this model, else a hand-set
        mix (logged); only hybrid retrieval uses it."""
        model = self.embedder.model_id if self.embedder else "none"
        saved = self.index.extra.get("ranker", {}).get(model)
        if saved:
            return Ranker.from_dict(saved)
        shipped = rerank.load_shipped(model)
        if shipped is not None:
            return shipped
        if self.config.retriever is Retriever.HYBRID and self.embedder is not None:
            log.warning("no fitted ranker for %s: using a hand-set mix of signals; run 'article-qa tune' "
                        "on a dev question set to fit one", model)
        return rerank.FALLBACK

    def _stored_calibration(self) -> conf.Calibration:
        """The calibration saved with the index, else the shipped one for this model, else the
        hand-set fallback (logged, since its confidences are not fitted)."""
        key = self.calibration_key
        saved = self.index.extra.get("calibration", {}).get(key)
        if saved:
            return conf.Calibration.from_dict(saved)
        shipped = conf.shipped(key)
        if shipped is not None:
            return shipped
        log.warning("no fitted calibration for %s: using a hand-set confidence rule; run "
                    "'article-qa tune' on a dev question set to fit one", key)
        return conf.FALLBACK
