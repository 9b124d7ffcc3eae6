"""A sentence-transformers model as an :class:`~index.embedders.Embedder`, with token vectors.

:meth:`SentenceTransformerEmbedder.encode` runs the transformer once per batch and returns, for
each text, the sentence vector (identical to ``model.encode``) together with unit token vectors
from an early and the last layer, which token-level matching (max-sim) uses.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .embedders import Embedder, Encoded, Kind, _unit_rows


class SentenceTransformerEmbedder(Embedder):
    """A sentence-transformers model; ``prompts`` maps :class:`Kind` values to prefixes."""

    def __init__(self, model, model_id: str, revision: str, prompts: dict[str, str] | None = None,
                 batch_size: int = 32) -> None:
        self.model = model
        self.model_id = model_id
        self.revision = revision
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

    def embed_batch(self, texts: Sequence[str], kind: Kind, *, progress: bool = False) -> np.ndarray:
        vectors = self.model.encode(
            list(texts), prompt=self.prompts.get(Kind(kind).value), batch_size=self.batch_size,
            normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=progress)
        return np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)

    def encode(self, texts: Sequence[str], kind: Kind, *, progress: bool = False) -> list[Encoded]:
        import torch
        from tqdm.auto import tqdm

        prompt = self.prompts.get(Kind(kind).value) or ""
        tokenizer = self.model.tokenizer
        # batch texts of similar length together: less padding, as model.encode does
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        results: dict[int, Encoded] = {}
        starts = range(0, len(texts), self.batch_size)
        for at in tqdm(starts, desc="embedding", unit="batch", disable=not progress or len(starts) < 2):
            chunk_ids = order[at:at + self.batch_size]
            chunk = [texts[i] for i in chunk_ids]
            enc = tokenizer([prompt + t for t in chunk], padding=True, truncation=True,
                            max_length=self.model.max_seq_length, return_offsets_mapping=True,
                            return_tensors="pt")
            offsets = enc.pop("offset_mapping").numpy()
            with torch.inference_mode():
                result = self.model[0].auto_model(**enc, output_hidden_states=True)
            hidden = result.hidden_states
            mask = enc["attention_mask"].numpy().astype(bool)
            last = hidden[-1].numpy()
            early = hidden[self.early_layer].numpy()
            if self._mean_pooled:
                pooled = (last * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
                vectors = _unit_rows(pooled)
            else:
                vectors = self.embed_batch(chunk, kind)
            for row, text_id in enumerate(chunk_ids):
                start, end = offsets[row, :, 0], offsets[row, :, 1]
                # content tokens: inside the text proper (not the prompt), not special/padding
                keep = mask[row] & (end > start) & (end > len(prompt))
                spans = np.stack([np.maximum(start[keep], len(prompt)), end[keep]], 1) - len(prompt)
                results[text_id] = Encoded(vectors[row], (_unit_rows(early[row][keep]), _unit_rows(last[row][keep])),
                                           spans.astype(np.int32))
        return [results[i] for i in range(len(texts))]
