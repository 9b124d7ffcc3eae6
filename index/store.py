"""The sentence index in memory: sentences, their FAISS vectors, their token vectors and a BM25
index, plus the manifest that says what they were built from. :func:`build` makes one,
re-embedding only the articles that changed since a previous build; ``persist`` saves and loads.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from corpus import Article, Corpus, Sentence, split_sentences
from corpus.articles import slugify
from corpus.sentences import SPLITTER_VERSION

from . import dense
from .acronyms import definitions, spelled_out
from .embedders import Embedder, Kind
from .lexical import ANALYZER_VERSION, LexicalIndex

log = logging.getLogger(__name__)

FORMAT = "article-qa-index"
FORMAT_VERSION = 3


class EmbedContext(str, enum.Enum):
    """What is embedded for a sentence: the sentence alone, prefixed with the article title, or
    followed by the long forms of the acronyms the article defined elsewhere (:mod:`index.acronyms`)."""

    NONE = "none"
    TITLE = "title"
    ACRONYMS = "acronyms"


def passage_text(article: Article, sentence: Sentence, context: EmbedContext) -> str:
    if context is EmbedContext.TITLE and sentence.idx > 0:
        return f"{article.title}. {sentence.text}"
    if context is EmbedContext.ACRONYMS:
        return spelled_out(sentence.text, definitions(article.text))
    return sentence.text


# Sentences on unrelated topics (weather, sport, cooking, politics ...), in Indonesian and English.
# How much closer a question is to the article than to these tells an off-topic question from
# an on-topic one better than a raw cosine, whose scale varies by model and language.
BACKGROUND_FILE = Path(__file__).resolve().parent / "background.txt"
BACKGROUND_HASH = hashlib.sha256(BACKGROUND_FILE.read_bytes()).hexdigest()[:16]


def background_sentences() -> list[str]:
    return [line.strip() for line in BACKGROUND_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]


def encode_background(embedder: Embedder) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
    """The background sentences' vectors and their token vectors stacked (early, last layer)."""
    encoded = embedder.encode(background_sentences(), Kind.PASSAGE)
    return (np.stack([e.vector for e in encoded]).astype(np.float32),
            (np.concatenate([e.layers[0] for e in encoded]), np.concatenate([e.layers[-1] for e in encoded])))


TokenBlock = tuple[np.ndarray, np.ndarray, np.ndarray]      # early vectors, last vectors, char spans


@dataclass(frozen=True)
class ArticleSpan:
    """Where an article's sentences sit in the index: ids ``first..stop-1``."""

    article_id: str
    content_hash: str
    first: int
    stop: int


_RECENT_RANGES = 8          # token-vector ranges (articles) TokenStore.blocks keeps widened to float32


class TokenStore:
    """Per-sentence token vectors (an early and the last layer) and each token's character span in
    its sentence, concatenated row-wise; ``offsets[i]:offsets[i+1]`` are sentence ``i``'s rows.
    Vectors are stored as float16 to halve the size."""

    def __init__(self, early: np.ndarray, last: np.ndarray, offsets: np.ndarray, spans: np.ndarray) -> None:
        self.early, self.last, self.offsets, self.spans = early, last, offsets, spans
        self._recent: dict[tuple[int, int], list[TokenBlock]] = {}     # see blocks()

    @classmethod
    def from_blocks(cls, blocks: list[TokenBlock], dim: int) -> TokenStore:
        lengths = [len(b[0]) for b in blocks]
        offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)

        def stack(i: int, width: int, dtype) -> np.ndarray:
            return np.concatenate([b[i] for b in blocks]).astype(dtype) if blocks else np.zeros((0, width), dtype)
        return cls(stack(0, dim, np.float16), stack(1, dim, np.float16), offsets, stack(2, 2, np.int32))

    def get(self, i: int) -> TokenBlock:
        """Sentence ``i``'s ``(early, last, spans)``: vectors as float32, spans as ``(n, 2)`` ints."""
        a, b = int(self.offsets[i]), int(self.offsets[i + 1])
        return (np.asarray(self.early[a:b], dtype=np.float32), np.asarray(self.last[a:b], dtype=np.float32),
                np.asarray(self.spans[a:b]))

    def blocks(self, first: int, stop: int) -> list[TokenBlock]:
        """Sentences ``first..stop-1``, as :meth:`get` gives them (read-only arrays). Their rows are
        contiguous, so each array is read and widened to float32 once, not once per sentence; the
        last few ranges are kept, since answering one question reads its article several times."""
        recent = self._recent
        found = recent.get((first, stop))
        if found is not None:
            return list(found)
        a, b = int(self.offsets[first]), int(self.offsets[stop])
        early, last = (np.asarray(x[a:b], dtype=np.float32) for x in (self.early, self.last))
        spans = np.array(self.spans[a:b])
        for array in (early, last, spans):
            array.flags.writeable = False
        bounds = (self.offsets[first:stop + 1] - a).tolist()
        found = [(early[i:j], last[i:j], spans[i:j]) for i, j in zip(bounds[:-1], bounds[1:], strict=True)]
        recent[(first, stop)] = found
        while len(recent) > _RECENT_RANGES:         # oldest first (dicts keep insertion order)
            try:
                del recent[next(iter(recent))]
            except (KeyError, StopIteration, RuntimeError):    # another thread trimmed it meanwhile
                break
        return list(found)


class SentenceIndex:
    """Sentences of a corpus with their dense and lexical indexes; ids are positions in
    :attr:`sentences`. ``tokens`` is ``None`` when the index was built without token vectors."""

    def __init__(self, sentences: list[Sentence], spans: list[ArticleSpan], dense_index,
                 lexical: LexicalIndex, manifest: dict, tokens: TokenStore | None = None) -> None:
        self.sentences = sentences
        self.spans = {s.article_id: s for s in spans}
        self.dense = dense_index
        self.lexical = lexical
        self.manifest = manifest
        self.tokens = tokens
        self.slot: Path | None = None          # where it is saved, once it is
        self.background: np.ndarray | None = None   # vectors of BACKGROUND sentences (see below)
        # their token vectors stacked (early, last layer): how well a question word is matched by
        # text on other topics, the baseline its match in an article is measured against
        self.background_tokens: tuple[np.ndarray, np.ndarray] | None = None

    @property
    def model_id(self) -> str | None:
        return self.manifest.get("model_id")

    @property
    def extra(self) -> dict:
        """Settings other stages keep with the index (e.g. the abstention calibration)."""
        return self.manifest.setdefault("extra", {})

    def span(self, article_id: str) -> ArticleSpan:
        return self.spans[article_id]

    def vectors(self, article_id: str) -> np.ndarray:
        span = self.spans[article_id]
        return dense.vectors_of(self.dense, span.first, span.stop)


def slot_dir(root: Path, model_id: str | None, corpus: Corpus) -> Path:
    """The index folder for a model and a corpus location under ``root``."""
    where = "|".join(str(Path(p).resolve()) for p in corpus.sources)
    return root / f"{slugify(model_id or 'lexical-only')}-{hashlib.sha1(where.encode()).hexdigest()[:10]}"


def expected_settings(corpus: Corpus, embedder: Embedder | None, context: EmbedContext,
                      token_vectors: bool = True) -> dict:
    """The manifest fields an index must match to be served for this corpus and model."""
    return {"token_vectors": bool(token_vectors and embedder is not None),
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "model_id": embedder.model_id if embedder else None,
        "model_revision": embedder.revision if embedder else None,
        "dim": embedder.dim if embedder else None,
        "embed_context": context.value, "corpus_hash": corpus.fingerprint,
        "splitter_version": SPLITTER_VERSION, "analyzer_version": ANALYZER_VERSION,
        "background_hash": BACKGROUND_HASH if embedder is not None else None,
    }


def mismatch(manifest: dict, expected: dict) -> str | None:
    """Why a saved manifest cannot serve ``expected`` (``None`` when it can)."""
    for key, want in expected.items():
        if manifest.get(key) != want:
            what = "corpus changed" if key == "corpus_hash" else f"{key} {manifest.get(key)!r} != {want!r}"
            return what
    return None


def _appended_to(previous: SentenceIndex, spans: list[ArticleSpan]) -> int:
    """How many sentences at the start of ``spans`` are ``previous``'s, unchanged and in place
    (0 when any of its articles changed, moved or went away)."""
    old = list(previous.spans.values())
    if not old or len(old) > len(spans) or spans[:len(old)] != old:
        return 0
    return old[-1].stop if previous.dense.ntotal == old[-1].stop else 0


def build(corpus: Corpus, embedder: Embedder | None, *, context: EmbedContext = EmbedContext.NONE,
          previous: SentenceIndex | None = None, dense_kind: str = "auto", token_vectors: bool = True,
          progress: bool = False) -> SentenceIndex:
    """Split and index every article; vectors of articles unchanged since ``previous`` are reused.

    Args:
        token_vectors: also keep per-token vectors (for token-level matching); large archives
            may turn this off to save space.
    Returns:
        An in-memory :class:`SentenceIndex` (``persist.save`` writes it).
    """
    keep_tokens = token_vectors and embedder is not None
    sentences: list[Sentence] = []
    spans: list[ArticleSpan] = []
    vector_blocks: list[np.ndarray] = []
    token_blocks: list[list[TokenBlock]] = []
    to_embed: list[tuple[int, list[str]]] = []          # (block position, passages)
    reusable = previous is not None and previous.dense is not None and (
        previous.tokens is not None or not keep_tokens)
    for article in corpus:
        own = split_sentences(article.text, article.id)
        spans.append(ArticleSpan(article.id, article.content_hash, len(sentences), len(sentences) + len(own)))
        sentences.extend(own)
        if embedder is None:
            continue
        old = previous.spans.get(article.id) if reusable else None
        if old is not None and old.content_hash == article.content_hash:
            vector_blocks.append(previous.vectors(article.id))
            token_blocks.append(previous.tokens.blocks(old.first, old.stop) if keep_tokens else [])
        else:
            vector_blocks.append(np.zeros((0, embedder.dim), dtype=np.float32))
            token_blocks.append([])
            to_embed.append((len(vector_blocks) - 1, [passage_text(article, s, context) for s in own]))
    dense_index, tokens = None, None
    if embedder is not None:
        texts = [t for _, passages in to_embed for t in passages]
        log.info("embedding %d sentences of %d articles with %s (%d articles reused)",
                 len(texts), len(to_embed), embedder.model_id, len(corpus) - len(to_embed))
        if texts and keep_tokens:
            encoded = embedder.encode(texts, Kind.PASSAGE, progress=progress)
            fresh = np.stack([e.vector for e in encoded])
            fresh_tokens = [(e.layers[0], e.layers[-1], e.spans) for e in encoded]
        elif texts:
            fresh, fresh_tokens = embedder.embed_passages(texts, progress=progress), []
        at = 0
        for pos, passages in to_embed:
            vector_blocks[pos] = fresh[at:at + len(passages)]
            if keep_tokens:
                token_blocks[pos] = fresh_tokens[at:at + len(passages)]
            at += len(passages)
        vectors = (np.concatenate(vector_blocks) if vector_blocks
                   else np.zeros((0, embedder.dim), dtype=np.float32))
        # articles only appended since ``previous`` (their ids sort after the others): grow a copy of
        # its FAISS index instead of rebuilding it, which for a large (IVF) index means retraining
        kept = _appended_to(previous, spans) if reusable else 0
        if kept and dense.can_extend(previous.dense, len(vectors), dense_kind):
            dense_index = dense.extend(previous.dense, vectors[kept:])
        else:
            dense_index = dense.make_index(vectors, dense_kind)
        if keep_tokens:
            tokens = TokenStore.from_blocks([t for block in token_blocks for t in block], embedder.dim)
    lexical = LexicalIndex.build([s.text for s in sentences])
    background, background_tokens = None, None
    if embedder is not None:
        reuse = previous is not None and previous.background is not None and \
            previous.manifest.get("background_hash") == BACKGROUND_HASH and \
            (previous.background_tokens is not None or not keep_tokens)
        if reuse:
            background, background_tokens = previous.background, previous.background_tokens if keep_tokens else None
        elif keep_tokens:
            background, background_tokens = encode_background(embedder)
        else:
            background = embedder.embed_passages(background_sentences())
    manifest = {**expected_settings(corpus, embedder, context, token_vectors),
                "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                "n_sentences": len(sentences),
                "dense_type": type(dense_index).__name__ if dense_index is not None else None,
                "articles": [s.__dict__ for s in spans],
                "extra": dict(previous.extra) if previous is not None else {}}
    index = SentenceIndex(sentences, spans, dense_index, lexical, manifest, tokens)
    index.background = background
    index.background_tokens = background_tokens
    return index
