"""Where article-qa keeps what it builds: the one place that reads environment variables.

- ``ARTICLE_QA_CACHE_DIR``: converted models and indexes (default: the user's cache dir).
- ``ARTICLE_QA_INDEX_DIR``: indexes only (default: ``<cache>/indexes``).
- ``ARTICLE_QA_DATA_DIR``: what users make: added articles, feedback (default: the user's data dir).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Dirs:
    cache: Path
    index: Path
    data: Path

    @property
    def models(self) -> Path:
        return self.cache / "models"

    @property
    def articles(self) -> Path:
        """Where ``article-qa add`` puts articles when no ``--corpus`` is given."""
        return self.data / "articles"


def user_dirs(environ: dict[str, str] | None = None) -> Dirs:
    """Resolve the directories from the environment (or ``environ``), falling back to platform dirs."""
    import platformdirs

    env = os.environ if environ is None else environ
    cache = Path(env.get("ARTICLE_QA_CACHE_DIR") or platformdirs.user_cache_dir("article-qa"))
    index = Path(env.get("ARTICLE_QA_INDEX_DIR") or cache / "indexes")
    data = Path(env.get("ARTICLE_QA_DATA_DIR") or platformdirs.user_data_dir("article-qa"))
    return Dirs(cache=cache.expanduser(), index=index.expanduser(), data=data.expanduser())
