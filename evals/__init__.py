"""Stage 4 of the pipeline (beside ``ui/``): question sets, the runner, metrics and reports.

Light names are imported here; the numpy-based ones load on first use (PEP 562), so that
``article-qa --help``, which imports :mod:`evals.cli`, stays instant.
"""

from importlib import import_module

from .configs import ConfigSpecError, RunConfig
from .datasets import Question, QuestionSetError, load_questions

_LAZY = {
    "run_questions": "runner", "write_results": "runner",
    "Outcomes": "metrics", "outcomes": "metrics", "summarize": "metrics",
    "bootstrap_intervals": "stats", "mcnemar_exact": "stats", "paired_bootstrap": "stats",
    "ConfigRun": "scorecard", "build_document": "scorecard",
    "write_report": "report",
}

__all__ = ["ConfigRun", "ConfigSpecError", "Outcomes", "Question", "QuestionSetError", "RunConfig",
           "bootstrap_intervals", "build_document", "load_questions", "mcnemar_exact", "outcomes",
           "paired_bootstrap", "run_questions", "summarize", "write_report", "write_results"]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
