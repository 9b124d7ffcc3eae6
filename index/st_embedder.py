"""A sentence-transformers model as an :class:`~index.embedders.Embedder`, with token vectors.

:meth:`SentenceTransformerEmbedder.encode` runs the transformer once per batch and returns, for
each text, the sentence vector (identical to ``model.encode``) together with unit token vectors
from an early and the last layer, which token-level matching (max-sim) uses.

The transformer pass runs in torch by default. :class:`Runtime` ``onnx`` runs the same weights in
ONNX Runtime (exported once into a cache folder; the same vectors to ~1e-6, about twice as fast
for one short question), and ``onnx-int8`` with int8 weights (per output channel) and dynamic
int8 activations (about four times as fast; vectors within ~0.996 cosine of fp32, so it has its
own model revision and indexes built with it are never mixed with fp32 ones).
"""

from __future__ import annotations

import enum
import json
import logging
import os
import uuid
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from .embedders import Embedder, Encoded, Kind, ModelLoadError, _unit_rows

log = logging.getLogger(__name__)
EXPORT_VERSION = 1


class Runtime(str, enum.Enum):
    """Where the transformer pass runs."""

    TORCH = "torch"
    ONNX = "onnx"
    ONNX_INT8 = "onnx-int8"


class SentenceTransformerEmbedder(Embedder):
    """A sentence-transformers model; ``prompts`` maps :class:`Kind` values to prefixes.

    Args:
        runtime: ``torch`` (default), ``onnx`` or ``onnx-int8``; ONNX needs ``onnx_dir``, where the
            exported graph is kept (exporting once takes ~10 s and needs the ``onnx`` package).
        threads: ONNX Runtime intra-op threads (``None``: one per core).
    """

    def __init__(self, model, model_id: str, revision: str, prompts: dict[str, str] | None = None,
                 batch_size: int = 32, *, runtime: Runtime | str = Runtime.TORCH, onnx_dir: Path | None = None,
                 threads: int | None = None) -> None:
        self.model = model
        self.model_id = model_id
        self.runtime = Runtime(runtime)
        self.revision = revision if self.runtime is not Runtime.ONNX_INT8 else f"{revision}+{self.runtime.value}"
        self.batch_size = batch_size
        dim_of = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        self.dim = int(dim_of())
        configured = dict(getattr(model, "prompts", None) or {})
        self.prompts = {k: v for k, v in {**configured, **(prompts or {})}.items() if v}
        modules = [type(m).__name__ for m in model]
        pooling = model[1].get_config_dict().get("pooling_mode") if len(modules) > 1 else None
        # Transformer -> mean Pooling (-> Normalize): the sentence vector can be pooled from the
        # same forward pass that yields token vectors; any other pipeline takes a second pass.
        self._mean_pooled = modules[:2] == ["Transformer", "Pooling"] and pooling == "mean" and \
            all(m in ("Normalize",) for m in modules[2:])
        config = model[0].auto_model.config
        self.early_layer = max(1, int(round(getattr(config, "num_hidden_layers", 12) / 3)))
        self._session = None
        if self.runtime is not Runtime.TORCH:
            if onnx_dir is None:
                raise ModelLoadError(f"the {self.runtime.value} runtime needs a folder for the exported model")
            folder = Path(onnx_dir) / f"{model_id.replace('/', '_')}-{revision}"
            self._session = _session(export_onnx(self, folder), threads)

    def embed_batch(self, texts: Sequence[str], kind: Kind, *, progress: bool = False) -> np.ndarray:
        if self._session is not None and self._mean_pooled:
            prompt = self.prompts.get(Kind(kind).value) or ""
            out = np.zeros((len(texts), self.dim), dtype=np.float32)
            for ids, _, _, _, _, vectors in self._batches(texts, prompt, progress):
                out[ids] = vectors
            return out
        vectors = self.model.encode(
            list(texts), prompt=self.prompts.get(Kind(kind).value), batch_size=self.batch_size,
            normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=progress)
        return np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)

    def encode(self, texts: Sequence[str], kind: Kind, *, progress: bool = False) -> list[Encoded]:
        prompt = self.prompts.get(Kind(kind).value) or ""
        results: dict[int, Encoded] = {}
        for chunk_ids, offsets, mask, early, last, vectors in self._batches(texts, prompt, progress):
            if vectors is None:
                vectors = self.embed_batch([texts[i] for i in chunk_ids], kind)
            for row, text_id in enumerate(chunk_ids):
                start, end = offsets[row, :, 0], offsets[row, :, 1]
                # content tokens: inside the text proper (not the prompt), not special/padding
                keep = mask[row] & (end > start) & (end > len(prompt))
                spans = np.stack([np.maximum(start[keep], len(prompt)), end[keep]], 1) - len(prompt)
                results[text_id] = Encoded(vectors[row], (_unit_rows(early[row][keep]), _unit_rows(last[row][keep])),
                                           spans.astype(np.int32))
        return [results[i] for i in range(len(texts))]

    def _batches(self, texts: Sequence[str], prompt: str, progress: bool) -> Iterator[tuple]:
        """Per batch of similar-length texts: ``(text ids, offsets, mask, early, last, vectors)``;
        ``vectors`` is ``None`` when the model does not pool by mean."""
        from tqdm.auto import tqdm

        tokenizer = self.model.tokenizer
        # batch texts of similar length together: less padding, as model.encode does
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        starts = range(0, len(texts), self.batch_size)
        for at in tqdm(starts, desc="embedding", unit="batch", disable=not progress or len(starts) < 2):
            chunk_ids = order[at:at + self.batch_size]
            enc = tokenizer([prompt + texts[i] for i in chunk_ids], padding=True, truncation=True,
                            max_length=self.model.max_seq_length, return_offsets_mapping=True,
                            return_tensors="np")
            mask = enc["attention_mask"].astype(bool)
            early, last = self._forward(enc["input_ids"], enc["attention_mask"])
            vectors = None
            if self._mean_pooled:
                vectors = _unit_rows((last * mask[..., None]).sum(1) / mask.sum(1, keepdims=True))
            yield chunk_ids, enc["offset_mapping"], mask, early, last, vectors

    def _forward(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Hidden states ``(early, last)``, each ``(batch, tokens, dim)`` float32."""
        ids, att = input_ids.astype(np.int64), attention_mask.astype(np.int64)
        if self._session is not None:
            early, last = self._session.run(None, {"input_ids": ids, "attention_mask": att})
            return early, last
        import torch

        with torch.inference_mode():
            result = self.model[0].auto_model(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(att),
                                              output_hidden_states=True)
        return result.hidden_states[self.early_layer].numpy(), result.hidden_states[-1].numpy()


def _session(path: Path, threads: int | None):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.inter_op_num_threads = 1
    if threads:
        options.intra_op_num_threads = int(threads)
    # Idle threads that spin steal the core other requests (and torch) need on a small machine.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def export_onnx(embedder: SentenceTransformerEmbedder, folder: Path) -> Path:
    """The ONNX graph of ``embedder``'s transformer for its runtime, exported (and, for
    ``onnx-int8``, quantized) into ``folder`` on first use, atomically and under a file lock.

    The graph maps ``input_ids``/``attention_mask`` ``(batch, tokens)`` to the early and last
    hidden states ``(batch, tokens, dim)``. Returns the ``.onnx`` path.
    Raises:
        ModelLoadError: the ``onnx`` package is missing or the export fails its check.
    """
    from filelock import FileLock

    name = "model-int8.onnx" if embedder.runtime is Runtime.ONNX_INT8 else "model.onnx"
    folder.mkdir(parents=True, exist_ok=True)
    with FileLock(str(folder / ".lock"), timeout=900):
        record = folder / f"{name}.json"
        if (folder / name).is_file() and record.is_file() and json.loads(record.read_text()).get(
                "version") == EXPORT_VERSION:
            return folder / name
        try:
            import onnx  # noqa: F401 - torch's exporter and the quantizer need it
        except ImportError as exc:
            raise ModelLoadError(f"the {embedder.runtime.value} runtime needs the onnx package to export the "
                                 "model once; fix: pip install onnx") from exc
        fp32 = folder / "model.onnx"
        if not fp32.is_file() or not (folder / "model.onnx.json").is_file():
            _export_fp32(embedder, fp32)
            (folder / "model.onnx.json").write_text(json.dumps({"version": EXPORT_VERSION}))
        if name != "model.onnx":
            from onnxruntime.quantization import QuantType, quantize_dynamic

            log.info("quantizing %s to int8 (one-time)", fp32)
            tmp = folder / f".{name}.{uuid.uuid4().hex}.tmp"
            logging.disable(logging.INFO)          # the quantizer logs one line per tensor on the root logger
            try:
                quantize_dynamic(str(fp32), str(tmp), weight_type=QuantType.QInt8, per_channel=True,
                                 op_types_to_quantize=["MatMul"])
            finally:
                logging.disable(logging.NOTSET)
            os.replace(tmp, folder / name)
        _check(embedder, folder / name)
        record.write_text(json.dumps({"version": EXPORT_VERSION, "runtime": embedder.runtime.value,
                                      "early_layer": embedder.early_layer}))
    return folder / name


def _export_fp32(embedder: SentenceTransformerEmbedder, path: Path) -> None:
    import torch

    class Hidden(torch.nn.Module):
        """Embeddings, then the layers one by one with an additive padding mask built here:
        transformers' own mask helpers branch in Python on shapes, which tracing would freeze."""

        def __init__(self, transformer, early: int) -> None:
            super().__init__()
            self.transformer, self.early = transformer, early

        def forward(self, input_ids, attention_mask):
            hidden = self.transformer.embeddings(input_ids=input_ids)
            additive = (1.0 - attention_mask[:, None, None, :].to(hidden.dtype)) * torch.finfo(hidden.dtype).min
            early = hidden
            for number, layer in enumerate(self.transformer.encoder.layer, 1):
                hidden = layer(hidden, additive)
                if number == self.early:
                    early = hidden
            return early, hidden

    log.info("exporting %s to ONNX in %s (one-time)", embedder.model_id, path.parent)
    enc = embedder.model.tokenizer(["query: a b", "passage: a longer probe text"], padding=True, return_tensors="pt")
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    axes = {0: "batch", 1: "tokens"}
    try:
        with warnings.catch_warnings():
            # the legacy (TorchScript) exporter warns about itself and about shape checks it
            # freezes; _check() compares the graph with torch on a padded batch of other lengths
            warnings.simplefilter("ignore")
            # eval() on the wrapper too: the exporter restores the wrapper's mode onto every
            # submodule afterwards, and a wrapper left in training mode would switch dropout on
            # in the live model
            torch.onnx.export(Hidden(embedder.model[0].auto_model, embedder.early_layer).eval(),
                              (enc["input_ids"], enc["attention_mask"]), str(tmp), dynamo=False, opset_version=17,
                              input_names=["input_ids", "attention_mask"], output_names=["early", "last"],
                              dynamic_axes={"input_ids": axes, "attention_mask": axes, "early": axes, "last": axes})
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _check(embedder: SentenceTransformerEmbedder, path: Path) -> None:
    """The exported graph must agree with torch on a padded batch (fp32: exactly; int8: closely)."""
    texts = ["query: Berapa peserta yang diundang?", "passage: Kegiatan ini mengundang 1.200 peserta dari "
             "negara-negara ASEAN dan Jepang, secara virtual dan langsung."]
    enc = embedder.model.tokenizer(texts, padding=True, return_tensors="np")
    ids, att = enc["input_ids"].astype(np.int64), enc["attention_mask"].astype(np.int64)
    want = embedder._forward(ids, att)[1]
    got = _session(path, 1).run(None, {"input_ids": ids, "attention_mask": att})[1]
    mask = att.astype(bool)
    cos = (_unit_rows(want[mask]) * _unit_rows(got[mask])).sum(-1).min()
    floor = 0.98 if path.name.endswith("int8.onnx") else 0.9999
    if not cos >= floor:
        path.unlink(missing_ok=True)
        raise ModelLoadError(f"the ONNX export of {embedder.model_id} disagrees with torch (token cosine {cos:.4f})")
