"""Stage 2 of the pipeline: embeddings, the FAISS and BM25 indexes, and their persistence."""

from .embedders import DEFAULT_MODEL, ENGLISH_MODEL, Embedder, HashEmbedder, Kind, ModelLoadError, load_embedder
from .paths import Dirs, user_dirs
from .store import (CorruptIndexError, EmbedContext, IndexStoreError, SentenceIndex, build, load, open_index, save,
                    slot_dir)

__all__ = ["DEFAULT_MODEL", "ENGLISH_MODEL", "CorruptIndexError", "Dirs", "EmbedContext", "Embedder",
           "HashEmbedder", "IndexStoreError", "Kind", "ModelLoadError", "SentenceIndex", "build", "load",
           "load_embedder", "open_index", "save", "slot_dir", "user_dirs"]
