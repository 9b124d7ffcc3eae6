"""A bounded soak of ``article-qa serve`` on loopback: many clients asking for minutes, the server's
memory sampled throughout; the figures go to ``evals/reports/soak/``.

    python -m evals.soak --questions 20000 --clients 32 --model hash

Not a test (it runs for minutes): :mod:`evals.soak.cli` starts the real server in its own process
(:mod:`~evals.soak.server`), drives it from asyncio clients (:mod:`~evals.soak.load`) through the
HTTP API and the widget's Gradio queue, and writes a Markdown and a JSON report
(:mod:`~evals.soak.report`). Zero errors and memory growth under 10% after warm-up pass.
"""

from .load import LoadConfig, Tally, run_load
from .report import summarize, write_report
from .server import ServerProcess

__all__ = ["LoadConfig", "ServerProcess", "Tally", "run_load", "summarize", "write_report"]
