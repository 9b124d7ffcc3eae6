"""The ONNX Runtime path of the sentence-transformers embedder (a lever the benchmark measures):
fp32 gives torch's vectors and token spans; int8 stays close and is a different model revision."""

from __future__ import annotations

import numpy as np
import pytest

from index import Kind

pytestmark = pytest.mark.model
TEXTS = ["Berapa peserta yang diundang?", "Kegiatan ini mengundang 1.200 peserta dari negara-negara ASEAN.", "x"]


@pytest.fixture(scope="module")
def torch_embedder(shared_cache):
    from index import load_embedder

    return load_embedder(None, shared_cache / "models")


def _onnx(embedder, runtime, folder):
    pytest.importorskip("onnx")
    pytest.importorskip("onnxruntime")
    from index.st_embedder import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(embedder.model, embedder.model_id, embedder.revision, embedder.prompts,
                                       runtime=runtime, onnx_dir=folder)


def test_onnx_fp32_gives_the_torch_vectors_and_spans(torch_embedder, tmp_path):
    onnx = _onnx(torch_embedder, "onnx", tmp_path)
    assert onnx.revision == torch_embedder.revision
    for want, got in zip(torch_embedder.encode(TEXTS, Kind.PASSAGE), onnx.encode(TEXTS, Kind.PASSAGE), strict=True):
        assert float(want.vector @ got.vector) > 0.9999
        assert np.array_equal(want.spans, got.spans)
        np.testing.assert_allclose(want.layers[-1], got.layers[-1], atol=1e-3)
    np.testing.assert_allclose(onnx.embed_batch(TEXTS, Kind.QUERY), torch_embedder.embed_batch(TEXTS, Kind.QUERY),
                               atol=1e-4)


def test_onnx_int8_is_close_and_has_its_own_revision(torch_embedder, tmp_path):
    int8 = _onnx(torch_embedder, "onnx-int8", tmp_path)
    assert int8.revision != torch_embedder.revision
    cos = (int8.embed_batch(TEXTS, Kind.PASSAGE) * torch_embedder.embed_batch(TEXTS, Kind.PASSAGE)).sum(axis=1)
    assert cos.min() > 0.98
