"""Stage 2 of the pipeline: embeddings, the FAISS and BM25 indexes, and their persistence."""

from .embedders import (
                        DEFAULT_MODEL,
                        ENGLISH_MODEL,
                        Embedder,
                        Encoded,
                        HashEmbedder,
                        Kind,
                        ModelLoadError,
                        load_embedder,
)
from .paths import Dirs, user_dirs
from .persist import CorruptIndexError, IndexStoreError, load, open_index, save
from .store import EmbedContext, SentenceIndex, build, slot_dir

__all__ = ["DEFAULT_MODEL", "ENGLISH_MODEL", "CorruptIndexError", "Dirs", "EmbedContext", "Embedder", "Encoded",
           "HashEmbedder", "IndexStoreError", "Kind", "ModelLoadError", "SentenceIndex", "build", "load",
           "load_embedder", "open_index", "save", "slot_dir", "user_dirs"]
