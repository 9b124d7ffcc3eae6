"""Saving and loading a :class:`~index.store.SentenceIndex` so that nothing half-written is
ever served.

Layout of an index folder (a *slot*, one per model and corpus location)::

    manifest.json            <- the commit point: written last, atomically
    builds/<build_id>/       sentences.jsonl, dense.faiss, tokens_*.npy, lexical/,
                             background.npy, background_tokens_*.npy (the background sentences)

A build writes a fresh ``builds/<build_id>/`` folder, fsyncs it, then atomically replaces
``manifest.json`` to point at it (with each file's size and sha256). A build killed halfway
leaves a folder no manifest names, so it is never loaded (and is removed by the next open that
can take the lock); a file damaged later fails its checksum and is rebuilt. :func:`open_index`
loads when the manifest matches the corpus, model and settings, and rebuilds (logging why)
otherwise, re-embedding only changed articles.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
import uuid
from pathlib import Path

import numpy as np

from corpus import Corpus, Sentence
from corpus.errors import ArticleQAError

from .embedders import Embedder
from .lexical import LexicalIndex
from .store import (
    FORMAT,
    FORMAT_VERSION,
    ArticleSpan,
    EmbedContext,
    SentenceIndex,
    TokenStore,
    build,
    expected_settings,
    mismatch,
)

log = logging.getLogger("index.store")

MANIFEST = "manifest.json"
LOCK_TIMEOUT_S = 1800
_TOKEN_FILES = ("tokens_early.npy", "tokens_last.npy", "token_offsets.npy", "token_spans.npy")
_BACKGROUND_TOKEN_FILES = ("background_tokens_early.npy", "background_tokens_last.npy")


class IndexStoreError(ArticleQAError):
    """An index that cannot be built or saved (the message says why)."""


class CorruptIndexError(IndexStoreError):
    """A saved index that fails its checks: unreadable manifest, missing or damaged file."""


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
        if index.tokens is not None:
            for name, array in zip(_TOKEN_FILES, (index.tokens.early, index.tokens.last, index.tokens.offsets,
                                                 index.tokens.spans),
                                   strict=True):
                np.save(folder / name, array)
        if index.background is not None:
            np.save(folder / "background.npy", index.background)
        if index.background_tokens is not None:
            for name, array in zip(_BACKGROUND_TOKEN_FILES, index.background_tokens, strict=True):
                np.save(folder / name, array)
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
    index.slot = slot
    remove_orphan_builds(slot, build_id)


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
    try:
        for name, meta in files.items():
            p = folder / name
            if not p.is_file() or p.stat().st_size != meta["size"] or _sha256(p) != meta["sha256"]:
                raise CorruptIndexError(f"{p}: missing or damaged (size/checksum mismatch)")
    except (AttributeError, KeyError, TypeError, ValueError, OSError) as exc:    # a manifest of the wrong shape
        raise CorruptIndexError(f"{path}: malformed file list ({exc})") from exc
    try:
        with open(folder / "sentences.jsonl", encoding="utf-8") as fh:
            sentences = [Sentence(**json.loads(line)) for line in fh]
        spans = [ArticleSpan(**a) for a in manifest["articles"]]
        dense_index = faiss.read_index(str(folder / "dense.faiss")) if "dense.faiss" in files else None
        lexical = LexicalIndex.load(folder / "lexical")
        tokens = (TokenStore(*(np.load(folder / name, mmap_mode="r") for name in _TOKEN_FILES))
                  if _TOKEN_FILES[0] in files else None)
    except Exception as exc:  # noqa: BLE001 - any parse failure means the same thing here
        raise CorruptIndexError(f"{folder}: cannot read the index ({exc})") from exc
    if len(sentences) != manifest.get("n_sentences") or (
            dense_index is not None and dense_index.ntotal != len(sentences)):
        raise CorruptIndexError(f"{folder}: sentence count does not match the manifest")
    if tokens is not None and len(tokens.offsets) != len(sentences) + 1:
        raise CorruptIndexError(f"{folder}: token vectors do not match the sentences")
    index = SentenceIndex(sentences, spans, dense_index, lexical, manifest, tokens)
    index.slot = slot
    if "background.npy" in files:
        index.background = np.load(folder / "background.npy")
    if all(name in files for name in _BACKGROUND_TOKEN_FILES):
        index.background_tokens = tuple(np.load(folder / name) for name in _BACKGROUND_TOKEN_FILES)
    return index


def remove_orphan_builds(slot: Path, keep: str) -> list[str]:
    """Delete the build folders other than ``keep`` (the one the manifest names): what a build
    killed before its commit left behind. The caller must hold the slot's lock, so that no
    build in progress is removed. Returns the names removed."""
    removed = []
    builds = slot / "builds"
    for folder in sorted(builds.iterdir()) if builds.is_dir() else []:
        if folder.name != keep:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
    for tmp in slot.glob(f".{MANIFEST}.*.tmp"):          # a manifest write killed before its rename
        tmp.unlink(missing_ok=True)
        removed.append(tmp.name)
    if removed:
        log.info("removed %d unfinished or old build folder(s) from %s", len(removed), slot)
    return removed


def _tidy(slot: Path, keep: str) -> None:
    """:func:`remove_orphan_builds` if there is anything to remove and no build holds the lock."""
    from filelock import FileLock, Timeout

    builds = slot / "builds"
    if (not builds.is_dir() or all(f.name == keep for f in builds.iterdir())) and \
            not any(slot.glob(f".{MANIFEST}.*.tmp")):
        return
    try:
        with FileLock(str(slot / ".lock"), timeout=0):
            remove_orphan_builds(slot, keep)
    except (Timeout, OSError):
        pass                          # a build is running (or the folder is read-only): leave it


def update_extra(index: SentenceIndex, key: str, value: dict) -> None:
    """Store ``value`` under ``extra[key]`` of a saved index's manifest (e.g. the calibration the
    evaluation chose), atomically; the index data is untouched."""
    from filelock import FileLock

    if index.slot is None:
        raise IndexStoreError("this index was never saved, so there is no manifest to update")
    with FileLock(str(index.slot / ".lock"), timeout=LOCK_TIMEOUT_S):
        manifest = json.loads((index.slot / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("build_id") != index.manifest.get("build_id"):
            raise IndexStoreError(f"{index.slot} was rebuilt meanwhile; load it again and retry")
        manifest.setdefault("extra", {})[key] = value
        write_manifest(index.slot, manifest)
    index.manifest = manifest


def open_index(corpus: Corpus, embedder: Embedder | None, slot: Path, *,
               context: EmbedContext = EmbedContext.NONE, token_vectors: bool = True, progress: bool = False,
               force: bool = False) -> SentenceIndex:
    """Load the saved index in ``slot`` if it matches; else build (under a file lock) and save.

    Two processes opening the same slot at once build it once: the second waits for the lock,
    then finds the first one's index. A save that fails is logged and the index is served from
    memory.
    """
    from filelock import FileLock, Timeout

    expected = expected_settings(corpus, embedder, context, token_vectors)
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
            if first:
                _tidy(slot, found.manifest["build_id"])
            else:
                remove_orphan_builds(slot, found.manifest["build_id"])      # we hold the lock
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
            index = build(corpus, embedder, context=context, previous=previous, token_vectors=token_vectors,
                          progress=progress)
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
