"""The assistant's settings: a frozen dataclass of defaults. Only the edges (CLI, server) read
environment variables and turn them into one of these."""

from __future__ import annotations

from dataclasses import dataclass, field

from index.search import Fusion, FusionParams, Retriever
from index.store import EmbedContext


@dataclass(frozen=True)
class AssistantConfig:
    """Args:
        model: embedding model name or path (``None``: the multilingual default).
        runtime: ``torch``, ``onnx`` or ``onnx-int8`` (``None``: the model's default).
        retriever: dense, lexical or hybrid ranking.
        top_k: candidates kept per question (shown as ranked citations in evaluations).
        max_question_chars: longer questions are rejected with :class:`QuestionTooLongError`.
        max_history_turns: longer histories are rejected with :class:`InvalidHistoryError`.
        abstain_threshold: override the calibrated threshold (``None``: use the calibration).
        embed_context: what is embedded with each sentence.
        fusion: how hybrid retrieval mixes the two rankings.
    """

    model: str | None = None
    runtime: str | None = None
    retriever: Retriever = Retriever.HYBRID
    top_k: int = 5
    max_question_chars: int = 2000
    max_history_turns: int = 20
    max_history_chars: int = 20_000
    abstain_threshold: float | None = None
    embed_context: EmbedContext = EmbedContext.ACRONYMS
    fusion: FusionParams = field(default_factory=lambda: FusionParams(Fusion.WEIGHTED, 0.6))
