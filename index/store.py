"""The persisted sentence index: sentences, a FAISS index and a BM25 index under one manifest.

Layout of an index folder (a *slot*, one per model and corpus location)::

    manifest.json            <- the commit point: written last, atomically
    builds/<build_id>/       sentences.jsonl, dense.faiss, lexical/

A build writes a fresh ``builds/<build_id>/`` folder, fsyncs it, then atomically replaces
``manifest.json`` to point at it (with each file's size and sha256). A build killed halfway
leaves a folder no manifest names, so it is never loaded; a file damaged later fails its
checksum and is rebuilt. :func:`open_index` loads when the manifest matches the corpus, model
and settings, and rebuilds (logging why) otherwise, re-embedding only changed articles.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
import logging
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from corpus import Article, Corpus, Sentence, split_sentences
from corpus.articles import slugify
from corpus.errors import ArticleQAError
from corpus.sentences import SPLITTER_VERSION

from . import dense
from .embedders import Embedder
from .lexical import ANALYZER_VERSION, LexicalIndex

log = logging.getLogger(__name__)

FORMAT = "article-qa-index"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
LOCK_TIMEOUT_S = 1800


class IndexStoreError(ArticleQAError):
    """An index that cannot be built or saved (the message says why)."""


class CorruptIndexError(IndexStoreError):
    """A saved index that fails its checks: unreadable manifest, missing or damaged file."""


class EmbedContext(str, enum.Enum):
    """What is embedded for a sentence: the sentence alone, or prefixed with the article title."""

    NONE = "none"
    TITLE = "title"


def passage_text(article: Article, sentence: Sentence, context: EmbedContext) -> str:
    if context is EmbedContext.TITLE and sentence.idx > 0:
        return f"{article.title}. {sentence.text}"
    return sentence.text


@dataclass(frozen=True)
class ArticleSpan:
    """Where an article's sentences sit in the index: ids ``first..stop-1``."""

    article_id: str
    content_hash: str
    first: int
    stop: int


class SentenceIndex:
    """Sentences of a corpus with their dense and lexical indexes; ids are positions in
    :attr:`sentences`."""

    def __init__(self, sentences: list[Sentence], spans: list[ArticleSpan], dense_index,
                 lexical: LexicalIndex, manifest: dict) -> None:
        self.sentences = sentences
        self.spans = {s.article_id: s for s in spans}
        self.dense = dense_index
        self.lexical = lexical
        self.manifest = manifest

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


def expected_settings(corpus: Corpus, embedder: Embedder | None, context: EmbedContext) -> dict:
    """The manifest fields an index must match to be served for this corpus and model."""
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "model_id": embedder.model_id if embedder else None,
        "model_revision": embedder.revision if embedder else None,
        "dim": embedder.dim if embedder else None,
        "embed_context": context.value, "corpus_hash": corpus.fingerprint,
        "splitter_version": SPLITTER_VERSION, "analyzer_version": ANALYZER_VERSION,
    }


def mismatch(manifest: dict, expected: dict) -> str | None:
    """Why a saved manifest cannot serve ``expected`` (``None`` when it can)."""
    for key, want in expected.items():
        if manifest.get(key) != want:
            what = "corpus changed" if key == "corpus_hash" else f"{key} {manifest.get(key)!r} != {want!r}"
            return what
    return None


def build(corpus: Corpus, embedder: Embedder | None, *, context: EmbedContext = EmbedContext.NONE,
          previous: SentenceIndex | None = None, dense_kind: str = "auto",
          progress: bool = False) -> SentenceIndex:
    """Split and index every article; vectors of articles unchanged since ``previous`` are reused.

    Returns an in-memory :class:`SentenceIndex` (see :func:`save`).
    """
    sentences: list[Sentence] = []
    spans: list[ArticleSpan] = []
    blocks: list[np.ndarray] = []
    to_embed: list[tuple[int, list[str]]] = []          # (block position, passages)
    reused = 0
    for article in corpus:
        own = split_sentences(article.text, article.id)
        spans.append(ArticleSpan(article.id, article.content_hash, len(sentences), len(sentences) + len(own)))
        sentences.extend(own)
        if embedder is None:
            continue
        old = previous.spans.get(article.id) if previous is not None else None
        if old is not None and old.content_hash == article.content_hash and previous.dense is not None:
            blocks.append(previous.vectors(article.id))
            reused += 1
        else:
            blocks.append(np.zeros((0, embedder.dim), dtype=np.float32))
            to_embed.append((len(blocks) - 1, [passage_text(article, s, context) for s in own]))
    dense_index = None
    if embedder is not None:
        texts = [t for _, passages in to_embed for t in passages]
        log.info("embedding %d sentences of %d articles with %s (%d articles reused)",
                 len(texts), len(to_embed), embedder.model_id, reused)
        fresh = embedder.embed_passages(texts, progress=progress) if texts else None
        at = 0
        for pos, passages in to_embed:
            blocks[pos] = fresh[at:at + len(passages)]
            at += len(passages)
        vectors = np.concatenate(blocks) if blocks else np.zeros((0, embedder.dim), dtype=np.float32)
        dense_index = dense.make_index(vectors, dense_kind)
    lexical = LexicalIndex.build([s.text for s in sentences])
    manifest = {**expected_settings(corpus, embedder, context),
                "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                "n_sentences": len(sentences),
                "dense_type": type(dense_index).__name__ if dense_index is not None else None,
                "articles": [s.__dict__ for s in spans],
                "extra": dict(previous.extra) if previous is not None else {}}
    return SentenceIndex(sentences, spans, dense_index, lexical, manifest)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _fsync_tree(folder: Path) -> None:
    for path in sorted(folder.rglob("*"), reverse=True):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_manifest(slot: Path, manifest: dict) -> None:
    """Atomically replace ``slot/manifest.json`` (temp file, fsync, rename, fsync the folder)."""
    tmp = slot / f".{MANIFEST}.{uuid.uuid4().hex}.tmp"
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(manifest, fh, ensure_ascii=False, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, slot / MANIFEST)
    finally:
        tmp.unlink(missing_ok=True)
    fd = os.open(slot, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def save(index: SentenceIndex, slot: Path) -> None:
    """Persist ``index`` into ``slot`` atomically; older builds are removed afterwards.

    Raises:
        IndexStoreError: the files could not be written (e.g. disk full); the previous saved
            index, if any, is left untouched and still loads.
    """
    import faiss

    build_id = f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
    folder = slot / "builds" / build_id
    try:
        folder.mkdir(parents=True)
        with open(folder / "sentences.jsonl", "w", encoding="utf-8") as fh:
            for s in index.sentences:
                fh.write(json.dumps(s.to_dict(), ensure_ascii=False) + "\n")
        if index.dense is not None:
            faiss.write_index(index.dense, str(folder / "dense.faiss"))
        index.lexical.save(folder / "lexical")
        _fsync_tree(folder)
        files = {str(p.relative_to(folder)): {"size": p.stat().st_size, "sha256": _sha256(p)}
                 for p in sorted(folder.rglob("*")) if p.is_file()}
        manifest = {**index.manifest, "build_id": build_id, "files": files}
        write_manifest(slot, manifest)
    except (OSError, RuntimeError) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise IndexStoreError(f"cannot save the index in {slot}: {exc}") from exc
    index.manifest = manifest
    for old in (slot / "builds").iterdir():
        if old.name != build_id:
            shutil.rmtree(old, ignore_errors=True)


def load(slot: Path) -> SentenceIndex:
    """Load the index the manifest in ``slot`` names, verifying every file.

    Raises:
        FileNotFoundError: no manifest (nothing saved yet).
        CorruptIndexError: the manifest or a file is unreadable, missing or damaged.
    """
    import faiss

    path = slot / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        folder = slot / "builds" / manifest["build_id"]
        files = manifest["files"]
    except FileNotFoundError:
        raise
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CorruptIndexError(f"{path}: unreadable manifest ({exc})") from exc
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise CorruptIndexError(f"{path}: format {manifest.get('format_version')!r}, expected {FORMAT_VERSION}")
    for name, meta in files.items():
        p = folder / name
        if not p.is_file() or p.stat().st_size != meta["size"] or _sha256(p) != meta["sha256"]:
            raise CorruptIndexError(f"{p}: missing or damaged (size/checksum mismatch)")
    try:
        with open(folder / "sentences.jsonl", encoding="utf-8") as fh:
            sentences = [Sentence(**json.loads(line)) for line in fh]
        spans = [ArticleSpan(**a) for a in manifest["articles"]]
        dense_index = faiss.read_index(str(folder / "dense.faiss")) if "dense.faiss" in files else None
        lexical = LexicalIndex.load(folder / "lexical")
    except Exception as exc:  # noqa: BLE001 - any parse failure means the same thing here
        raise CorruptIndexError(f"{folder}: cannot read the index ({exc})") from exc
    if len(sentences) != manifest["n_sentences"] or (
            dense_index is not None and dense_index.ntotal != len(sentences)):
        raise CorruptIndexError(f"{folder}: sentence count does not match the manifest")
    return SentenceIndex(sentences, spans, dense_index, lexical, manifest)


def open_index(corpus: Corpus, embedder: Embedder | None, slot: Path, *,
               context: EmbedContext = EmbedContext.NONE, progress: bool = False,
               force: bool = False) -> SentenceIndex:
    """Load the saved index in ``slot`` if it matches; else build (under a file lock) and save.

    Two processes opening the same slot at once build it once: the second waits for the lock,
    then finds the first one's index. A save that fails is logged and the index is served from
    memory.
    """
    from filelock import FileLock, Timeout

    expected = expected_settings(corpus, embedder, context)
    previous: SentenceIndex | None = None

    def attempt(first: bool) -> SentenceIndex | None:
        nonlocal previous
        try:
            found = load(slot)
        except FileNotFoundError:
            if first:
                log.info("no saved index in %s: building it", slot)
            return None
        except CorruptIndexError as exc:
            log.warning("the saved index is unusable, rebuilding it: %s", exc)
            return None
        reason = "rebuild requested" if force else mismatch(found.manifest, expected)
        if reason is None:
            log.info("loaded the saved index from %s (%d sentences, model %s): nothing re-embedded",
                     slot, len(found.sentences), found.model_id)
            return found
        if first:
            log.info("the saved index in %s is out of date (%s): rebuilding", slot, reason)
        if found.model_id == expected["model_id"] and found.manifest.get("model_revision") == expected[
                "model_revision"] and found.manifest.get("embed_context") == expected["embed_context"]:
            previous = found
        return None

    if (ready := attempt(first=True)) is not None:
        return ready
    if force:
        previous = None               # a forced rebuild re-embeds everything
    slot.mkdir(parents=True, exist_ok=True)
    try:
        with FileLock(str(slot / ".lock"), timeout=LOCK_TIMEOUT_S):
            if not force and (ready := attempt(first=False)) is not None:
                return ready              # another process built it while we waited
            started = time.perf_counter()
            index = build(corpus, embedder, context=context, previous=previous, progress=progress)
            try:
                save(index, slot)
            except IndexStoreError as exc:
                log.warning("%s; answering from memory, the next start rebuilds", exc)
            log.info("built the index in %.1f s (%d sentences)", time.perf_counter() - started,
                     len(index.sentences))
            return index
    except Timeout as exc:
        raise IndexStoreError(f"another process has been building {slot} for over "
                              f"{LOCK_TIMEOUT_S} s; remove {slot / '.lock'} if it died") from exc
