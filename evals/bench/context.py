"""What every part of the benchmark shares: the options, a scratch folder, the question set, the
loaded embedders (one per runtime, the model weights shared) and assistants built on them."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger("article_qa.bench")

SHIPPED = "shipped"                   # the embedder as load_embedder returns it
RUNTIMES = ("torch", "onnx", "onnx-int8")


@dataclass
class Context:
    """Args:
        model: model name as for ``--model`` (``None``: the default; ``"hash"``: no real model).
        runtime: the runtime the whole benchmark runs the assistant with (``shipped`` or one of
            :data:`RUNTIMES`); part 1 compares all of them anyway.
        work: scratch folder for indexes, synthetic corpora and the compiled peer.
    """

    model: str | None
    runtime: str
    threads: int | None
    quick: bool
    progress: bool
    work: Path
    out_dir: Path
    corpus_dirs: list[Path] | None = None
    rounds: int = 3
    seed: int = 0
    _embedders: dict = field(default_factory=dict)
    _questions: list | None = None

    @property
    def dirs(self):
        from index import user_dirs
        from index.paths import Dirs

        return Dirs(cache=user_dirs().cache, index=self.work / "index", data=self.work / "data")

    @property
    def real_model(self) -> bool:
        return not (self.model or "").lower().startswith("hash")

    def questions(self):
        """The dev question set (the first 12 with ``--quick``)."""
        if self._questions is None:
            from evals.datasets import load_questions

            found = load_questions(Path(__file__).resolve().parents[1] / "questions" / "dev.jsonl")
            self._questions = list(found[:12] if self.quick else found)
        return self._questions

    def corpus(self):
        from corpus import BUNDLED_DIR, load_corpus

        return load_corpus(*(self.corpus_dirs or [BUNDLED_DIR]))

    def embedder(self, runtime: str | None = None, threads: int | None = None):
        """The embedder for ``runtime`` (default: the benchmark's), built once; ONNX runtimes
        reuse the shipped embedder's model and tokenizer."""
        from index import load_embedder
        from index.st_embedder import SentenceTransformerEmbedder

        runtime = runtime or self.runtime
        key = (runtime, threads if runtime != SHIPPED else None)
        if key in self._embedders:
            return self._embedders[key]
        if (SHIPPED, None) not in self._embedders:
            self._embedders[(SHIPPED, None)] = load_embedder(self.model, self.dirs.models)
        shipped = self._embedders[(SHIPPED, None)]
        if runtime == SHIPPED or not isinstance(shipped, SentenceTransformerEmbedder):
            self._embedders[key] = shipped
        else:
            self._embedders[key] = on_runtime(shipped, runtime, self.dirs.models, threads)
        return self._embedders[key]

    def runtime_of(self, embedder) -> str:
        return getattr(getattr(embedder, "runtime", None), "value", None) or "n/a"

    def assistant(self, runtime: str | None = None, threads: int | None = None):
        """An :class:`Assistant` over the benchmark corpus whose index lives in the scratch folder."""
        from assistant import Assistant
        from corpus import BUNDLED_DIR

        embedder = self.embedder(runtime, threads)
        folder = self.work / "index" / f"{(runtime or self.runtime)}"
        return Assistant.load(self.corpus_dirs or [BUNDLED_DIR], embedder=embedder, index_dir=folder, dirs=self.dirs)


def on_runtime(shipped, runtime: str, models_dir: Path, threads: int | None = None):
    """``shipped`` (a :class:`~index.st_embedder.SentenceTransformerEmbedder`) on another runtime,
    sharing its loaded model; the ONNX export is kept under ``models_dir/onnx``."""
    from index.st_embedder import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(shipped.model, shipped.model_id, shipped.revision.split("+")[0],
                                       shipped.prompts, runtime=runtime, onnx_dir=models_dir / "onnx",
                                       threads=threads)


def ask(bot, question) -> object:
    """Ask an evals :class:`~evals.datasets.Question` (with its history and article)."""
    return bot.ask(question.question, history=list(question.history), article_id=question.article_id)
