"""Faults under the saved index, on real files: every file damaged in every way, malformed
manifests, a manifest from another model or corpus, builds killed with SIGKILL at each step, two
processes building at once, and a full disk while saving (simulated, and a real tiny tmpfs when
this runs as root). Each is detected and rebuilt or refused clearly; a half-written index is never
loaded. (tests/test_store.py has the basic save/load/rebuild cases.)"""

from __future__ import annotations

import errno
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest

from corpus import BUNDLED_DIR, load_corpus
from index import CorruptIndexError, HashEmbedder, IndexStoreError, open_index, persist
from index.persist import MANIFEST, load, save
from index.store import build

REPO = Path(__file__).resolve().parents[1]
N_SENTENCES = 18


@pytest.fixture()
def saved(tmp_path):
    """A slot with a saved index of the bundled article; returns (slot, build folder, manifest)."""
    index = open_index(load_corpus(BUNDLED_DIR), HashEmbedder(64), tmp_path / "slot")
    slot = tmp_path / "slot"
    return slot, slot / "builds" / index.manifest["build_id"], index.manifest


def assert_valid(index) -> None:
    """A whole index: every sentence, vectors and tokens for each."""
    assert len(index.sentences) == N_SENTENCES and index.dense.ntotal == N_SENTENCES
    assert len(index.tokens.offsets) == N_SENTENCES + 1


def only_committed_build_left(slot: Path) -> None:
    manifest = json.loads((slot / MANIFEST).read_text())
    assert [p.name for p in (slot / "builds").iterdir()] == [manifest["build_id"]]
    assert not list(slot.glob(".manifest.json.*.tmp"))


def damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "flip":
        middle = len(data) // 2
        path.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1:])
    elif how == "append":
        path.write_bytes(data + b"\x00garbage")
    else:
        path.unlink()


HOW = ["truncate", "empty", "flip", "append", "delete"]


@pytest.mark.parametrize("how", HOW)
def test_any_damaged_file_is_refused_then_rebuilt(saved, caplog, how):
    """Every file the manifest names (vectors, tokens, sentences, the lexical index ...), in turn."""
    slot, folder, manifest = saved
    names = sorted(manifest["files"])
    assert {"sentences.jsonl", "dense.faiss", "tokens_last.npy"} <= set(names) and len(names) >= 10
    for name in names:
        target = folder / name
        if how == "flip" and target.stat().st_size == 0:
            continue
        damage(target, how)
        with pytest.raises(CorruptIndexError):
            load(slot)
        with caplog.at_level(logging.WARNING, logger="index.store"):
            again = open_index(load_corpus(BUNDLED_DIR), HashEmbedder(64), slot)
        assert "unusable, rebuilding" in caplog.text, name
        assert_valid(again)
        assert again.manifest["build_id"] != manifest["build_id"]
        only_committed_build_left(slot)
        folder, manifest = slot / "builds" / again.manifest["build_id"], again.manifest
        caplog.clear()


MANIFESTS = {
    "empty": "", "not-json": "{", "null": "null", "list": "[]", "string": '"x"', "no-build": "{}",
    "missing-build-folder": {"build_id": "gone"},
    "files-as-list": {"files": ["sentences.jsonl"]},
    "file-entry-not-an-object": {"files": {"sentences.jsonl": 5}},
    "file-entry-without-size": {"files": {"sentences.jsonl": {"sha256": "x"}}},
    "file-outside-the-build": {"files": {"../../../../etc/passwd": {"size": 1, "sha256": "x"}}},
    "future-format": {"format_version": 999},
    "other-format": {"format": "something-else"},
    "no-sentence-count": {"n_sentences": None},
    "wrong-sentence-count": {"n_sentences": 5},
    "build-id-not-text": {"build_id": 7},
    "articles-wrong": {"articles": [{"nope": 1}]},
}


@pytest.mark.parametrize("variant", sorted(MANIFESTS))
def test_a_malformed_manifest_is_corrupt_never_a_crash(saved, variant):
    slot, _, manifest = saved
    change = MANIFESTS[variant]
    text = change if isinstance(change, str) else json.dumps({**manifest, **change})
    (slot / MANIFEST).write_text(text, encoding="utf-8")
    with pytest.raises(CorruptIndexError):
        load(slot)
    assert_valid(open_index(load_corpus(BUNDLED_DIR), HashEmbedder(64), slot))
    only_committed_build_left(slot)


def write_article(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.md").write_text(f"---\nid: {name}\ntitle: {name}\n---\n{text}", encoding="utf-8")


def test_an_index_from_another_corpus_is_never_served(tmp_path, caplog):
    other = tmp_path / "other"
    write_article(other, "lain", "Berita lain sama sekali. Dua kalimat saja.")
    open_index(load_corpus(other), HashEmbedder(64), tmp_path / "a")
    shutil.copytree(tmp_path / "a", tmp_path / "b")                 # that slot, where ours should be
    with caplog.at_level(logging.INFO, logger="index.store"):
        index = open_index(load_corpus(BUNDLED_DIR), HashEmbedder(64), tmp_path / "b")
    assert "out of date" in caplog.text and "corpus" in caplog.text
    assert_valid(index) and {s.article_id for s in index.sentences} == {load_corpus().default_id}


def test_an_index_from_another_model_is_never_served(tmp_path, caplog):
    open_index(load_corpus(BUNDLED_DIR), HashEmbedder(32), tmp_path / "a")
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    with caplog.at_level(logging.INFO, logger="index.store"):
        index = open_index(load_corpus(BUNDLED_DIR), HashEmbedder(64), tmp_path / "b")
    assert "out of date" in caplog.text
    assert index.dense.d == 64 and index.model_id == "hash-64"


def test_a_manifest_edited_to_another_model_still_fails_its_checks(saved):
    slot, _, manifest = saved
    (slot / MANIFEST).write_text(json.dumps({**manifest, "model_id": "hash-32", "dim": 32}), encoding="utf-8")
    index = open_index(load_corpus(BUNDLED_DIR), HashEmbedder(64), slot)     # mismatch: rebuilt for hash-64
    assert index.dense.d == 64 and index.manifest["model_id"] == "hash-64"


# ---------------------------------------------------------------------- builds killed with SIGKILL
KILLED_BUILD = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    sys.path.insert(0, {repo!r})
    point, slot, mode = sys.argv[1:4]
    from corpus import BUNDLED_DIR, load_corpus
    from index import HashEmbedder
    import index.persist as persist

    def pause(label):
        print("PAUSED", label, flush=True)
        time.sleep(3600)

    class Embedder(HashEmbedder):
        def encode(self, texts, kind, *, progress=False):
            if point == "embedding":
                pause(point)
            return super().encode(texts, kind, progress=progress)

    def pausing(real, label):
        def wrapper(*args, **kwargs):
            pause(label)
        return wrapper

    if point == "writing":                 # sentences.jsonl and dense.faiss written, tokens not
        persist.np.save = pausing(persist.np.save, point)
    elif point == "before-commit":         # every file written and fsynced, manifest untouched
        persist.write_manifest = pausing(persist.write_manifest, point)
    elif point == "mid-manifest":          # the new manifest's temp file written, not renamed
        persist.os.replace = pausing(os.replace, point)
    elif point == "after-commit":          # manifest switched, the old build not yet removed
        persist.shutil.rmtree = pausing(persist.shutil.rmtree, point)
    persist.open_index(load_corpus(BUNDLED_DIR), Embedder(64), Path(slot), force=(mode == "rebuild"))
    print("FINISHED", flush=True)
""")


def run_until_paused(point: str, slot: Path, mode: str) -> subprocess.Popen:
    script = KILLED_BUILD.format(repo=str(REPO))
    proc = subprocess.Popen([sys.executable, "-c", script, point, str(slot), mode], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    assert line.strip() == f"PAUSED {point}", (line, proc.stderr.read() if proc.poll() is not None else "")
    return proc


@pytest.mark.parametrize(("point", "mode"), [
    ("embedding", "first"), ("writing", "first"), ("before-commit", "first"), ("mid-manifest", "first"),
    ("embedding", "rebuild"), ("writing", "rebuild"), ("before-commit", "rebuild"), ("mid-manifest", "rebuild"),
    ("after-commit", "rebuild"),
])
def test_a_build_killed_at_any_step_never_leaves_a_half_index(tmp_path, point, mode):
    slot = tmp_path / "slot"
    old = open_index(load_corpus(BUNDLED_DIR), HashEmbedder(64), slot).manifest["build_id"] if mode == "rebuild" \
        else None
    proc = run_until_paused(point, slot, mode)
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    # what is on disk now: the old index, the new one whole, or nothing; never a mix
    try:
        found = load(slot)
    except FileNotFoundError:
        assert mode == "first"
    else:
        assert_valid(found)
        assert found.manifest["build_id"] == old if point != "after-commit" else found.manifest["build_id"] != old
    started = time.perf_counter()
    again = open_index(load_corpus(BUNDLED_DIR), HashEmbedder(64), slot)
    assert time.perf_counter() - started < 10, "the dead builder's lock was released with it"
    assert_valid(again)
    only_committed_build_left(slot)


TWO_BUILDERS = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    sys.path.insert(0, {repo!r})
    from corpus import BUNDLED_DIR, load_corpus
    from index import HashEmbedder, open_index
    from index.store import background_sentences

    BACKGROUND = set(background_sentences())

    class Slow(HashEmbedder):
        embedded = 0                       # article sentences (the background is encoded too)
        def encode(self, texts, kind, *, progress=False):
            if kind == "passage":
                Slow.embedded += sum(t not in BACKGROUND for t in texts)
                time.sleep(1.5)            # long enough that the other process arrives meanwhile
            return super().encode(texts, kind, progress=progress)

    start = float(sys.argv[2])
    time.sleep(max(0.0, start - time.time()))
    began = time.time()
    index = open_index(load_corpus(BUNDLED_DIR), Slow(64), Path(sys.argv[1]))
    print(json.dumps({{"embedded": Slow.embedded, "build_id": index.manifest["build_id"],
                      "sentences": len(index.sentences), "began": began, "ended": time.time()}}), flush=True)
""")


def test_two_processes_building_at_once_build_once_and_both_get_the_index(tmp_path):
    slot = tmp_path / "slot"
    script = TWO_BUILDERS.format(repo=str(REPO))
    start = time.time() + 4                             # both import first, then start together
    procs = [subprocess.Popen([sys.executable, "-c", script, str(slot), str(start)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    assert max(r["began"] for r in results) < min(r["ended"] for r in results), "they did overlap"
    assert sorted(r["embedded"] for r in results) == [0, N_SENTENCES], results       # exactly one built
    assert results[0]["build_id"] == results[1]["build_id"] and all(r["sentences"] == N_SENTENCES for r in results)
    assert_valid(load(slot))
    only_committed_build_left(slot)


# ---------------------------------------------------------------------- disk full while saving
def enospc(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("where", ["sentences", "faiss", "tokens", "lexical", "fsync", "manifest-write",
                                   "manifest-rename"])
def test_a_full_disk_while_saving_leaves_the_previous_index_whole(saved, monkeypatch, caplog, where):
    slot, _, manifest = saved
    import builtins

    import faiss

    from index.lexical import LexicalIndex

    real_open = builtins.open
    if where == "sentences":
        monkeypatch.setattr(builtins, "open", lambda f, mode="r", *a, **k: enospc() if "sentences.jsonl" in str(f)
                            and "w" in mode else real_open(f, mode, *a, **k))
    elif where == "faiss":
        monkeypatch.setattr(faiss, "write_index", lambda *a: (_ for _ in ()).throw(
            RuntimeError("Error in faiss::FileIOWriter: No space left on device")))
    elif where == "tokens":
        monkeypatch.setattr(persist.np, "save", enospc)
    elif where == "lexical":
        monkeypatch.setattr(LexicalIndex, "save", enospc)
    elif where == "fsync":
        monkeypatch.setattr(persist.os, "fsync", enospc)
    elif where == "manifest-write":
        monkeypatch.setattr(persist.json, "dump", enospc)
    else:
        monkeypatch.setattr(persist.os, "replace", enospc)
    fresh = build(load_corpus(BUNDLED_DIR), HashEmbedder(64))
    with pytest.raises(IndexStoreError, match="cannot save the index"):
        save(fresh, slot)
    monkeypatch.undo()
    assert load(slot).manifest["build_id"] == manifest["build_id"]           # the old index, whole
    only_committed_build_left(slot)
    # open_index answers from memory when it cannot save, and says so
    monkeypatch.setattr(persist.np, "save", enospc)
    with caplog.at_level(logging.WARNING, logger="index.store"):
        index = open_index(load_corpus(BUNDLED_DIR), HashEmbedder(64), slot, force=True)
    assert "answering from memory" in caplog.text
    assert_valid(index)


@contextmanager
def tmpfs(mount: Path, size: str):
    """A tmpfs of ``size`` at ``mount`` (needs root; the test is skipped otherwise)."""
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_really_full_disk_while_building(tmp_path, caplog):
    with tmpfs(tmp_path / "tiny", "96k") as disk, caplog.at_level(logging.WARNING, logger="index.store"):
        index = open_index(load_corpus(BUNDLED_DIR), HashEmbedder(64), disk / "slot")
        assert "cannot save the index" in caplog.text and "answering from memory" in caplog.text
        assert_valid(index)
        assert not (disk / "slot" / MANIFEST).exists() and not list((disk / "slot" / "builds").iterdir())
        with pytest.raises(FileNotFoundError):
            load(disk / "slot")


def test_a_really_full_disk_under_the_feedback_log(tmp_path):
    from ui.feedback import Feedback, FeedbackError, FeedbackLog

    with tmpfs(tmp_path / "tiny", "1m") as disk:
        filler = disk / "filler"
        filler.write_bytes(b"\0" * 600 * 1024)          # most of the disk, to give back later
        log = FeedbackLog(disk / "feedback.sqlite3")
        acked = []
        with pytest.raises(FeedbackError, match="cannot record feedback"):
            for i in range(100_000):
                acked.append((log.record(Feedback("up", f"Q{i} " + "x" * 500, "A" * 500, "art", "h", "s")), f"Q{i}"))
        log.close()
        assert len(acked) > 10
        filler.unlink()                                 # space again: the log carries on, nothing lost
        log = FeedbackLog(disk / "feedback.sqlite3")
        assert [v.question.split()[0] for v in log.entries()] == [q for _, q in acked]
        assert log.pragma("integrity_check") == "ok"
        assert log.record(Feedback("down", "after", "A", "art", "h", "s")) == acked[-1][0] + 1
        log.close()


def test_vectors_survive_the_round_trip_exactly(saved):
    slot, _, _ = saved
    fresh = build(load_corpus(BUNDLED_DIR), HashEmbedder(64))
    loaded = load(slot)
    np.testing.assert_array_equal(loaded.dense.reconstruct_n(0, N_SENTENCES), fresh.dense.reconstruct_n(0, N_SENTENCES))
