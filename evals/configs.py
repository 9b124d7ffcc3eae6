"""Run configurations: which model and retriever answer the questions.

``article-qa eval --model M --retriever R`` is the *base* configuration; every
``--compare "model=all-MiniLM-L6-v2,retriever=dense"`` adds one more, inheriting what it does not
name from the base. Lexical retrieval uses no embedding model, so all lexical specs are one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from corpus.errors import ArticleQAError

RETRIEVERS = ("dense", "lexical", "hybrid")
SPEC_KEYS = ("model", "retriever", "name")


class ConfigSpecError(ArticleQAError, ValueError):
    """A ``--compare`` spec that cannot be parsed (the message shows the expected form)."""


@dataclass(frozen=True)
class RunConfig:
    """One configuration. ``model`` is a name ``index.load_embedder`` resolves; ``name`` an
    optional label (default ``"retriever:model"``, or ``"lexical"``)."""

    model: str
    retriever: str
    name: str = ""

    @property
    def label(self) -> str:
        if self.name:
            return self.name
        return "lexical" if self.retriever == "lexical" else f"{self.retriever}:{self.model}"

    @property
    def key(self) -> tuple[str, str | None]:
        """What makes two configurations the same run (the model is moot for lexical)."""
        return self.retriever, None if self.retriever == "lexical" else self.model.lower()

    @property
    def slug(self) -> str:
        """A file-name-safe form of the label: ``"dense:all-MiniLM-L6-v2"`` -> ``"dense-all-MiniLM-L6-v2"``."""
        return re.sub(r"[^A-Za-z0-9._-]+", "-", self.label).strip("-") or "config"


def base_config(model: str | None = None, retriever: str | None = None) -> RunConfig:
    """The configuration the common ``--model``/``--retriever`` options describe (``None``: defaults)."""
    from assistant.config import AssistantConfig
    from index.embedders import DEFAULT_MODEL

    return RunConfig(model or DEFAULT_MODEL, retriever or AssistantConfig().retriever.value)


def parse_spec(spec: str, base: RunConfig) -> RunConfig:
    """Parse ``"key=value,key=value"`` (keys: model, retriever, name) on top of ``base``.

    Example: ``parse_spec("retriever=dense", RunConfig("multilingual-e5-small", "hybrid"))`` is
    ``RunConfig("multilingual-e5-small", "dense")``.
    Raises:
        ConfigSpecError: an empty spec, an unknown key or retriever, a missing ``=``.
    """
    fields: dict[str, str] = {}
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        key, eq, value = part.partition("=")
        key, value = key.strip().lower(), value.strip()
        if not eq or not value:
            raise ConfigSpecError(f"bad --compare spec {spec!r}: expected key=value pairs such as "
                                  "'model=all-MiniLM-L6-v2,retriever=dense'")
        if key not in SPEC_KEYS:
            raise ConfigSpecError(f"bad --compare spec {spec!r}: unknown key {key!r} (use {', '.join(SPEC_KEYS)})")
        fields[key] = value
    if not fields:
        raise ConfigSpecError("empty --compare spec: expected e.g. 'model=all-MiniLM-L6-v2,retriever=dense'")
    if fields.get("retriever", base.retriever) not in RETRIEVERS:
        raise ConfigSpecError(f"bad --compare spec {spec!r}: retriever must be one of {', '.join(RETRIEVERS)}")
    return replace(base, **{"name": "", **fields})


def build_configs(base: RunConfig, specs: Sequence[str] = ()) -> list[RunConfig]:
    """The base configuration first, then one per spec; repeats of an earlier one are dropped.

    Raises:
        ConfigSpecError: a bad spec, or two different configurations with the same label.
    """
    configs = [base]
    for spec in specs:
        config = parse_spec(spec, base)
        if all(config.key != c.key for c in configs):
            configs.append(config)
    labels = [c.label for c in configs]
    if len(set(labels)) != len(labels):
        raise ConfigSpecError(f"two configurations share a name: {labels}")
    return configs
