"""Example questions for the chat, drawn from the dev question set and checked live.

A dev item is offered as an example only if the loaded assistant answers it correctly right now:
it is answerable, needs no history, is not abstained on, and the first citation contains one of
its evidence strings. Items are tried in file order, preferring question types not yet picked,
until ``per_lang`` are found for each language (so a handful of questions is usually enough).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from corpus.errors import ArticleQAError

log = logging.getLogger("article_qa.ui")


def load_items(path: Path) -> list[dict]:
    """The JSONL question set at ``path`` (missing file: ``[]``, logged; bad lines skipped)."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        log.warning("no example questions: cannot read %s (%s)", path, exc.strerror or exc)
        return []
    items = []
    for n, line in enumerate(lines, 1):
        if line.strip():
            try:
                items.append(json.loads(line))
            except json.JSONDecodeError:
                log.warning("%s:%d: not JSON; skipped", path, n)
    return items


def candidates(items: Iterable[Mapping]) -> list[Mapping]:
    """Items that can be examples at all: answerable, no history, about the default article."""
    return [it for it in items if it.get("answerable") and not it.get("history") and it.get("evidence")
            and it.get("article_id") in (None, "") and isinstance(it.get("question"), str)]


def is_correct(answer, item: Mapping) -> bool:
    """Not abstained, and the first citation contains one of the item's evidence strings."""
    if answer.abstained or not answer.citations:
        return False
    first = answer.citations[0].text
    return any(ev in first for ev in item.get("evidence", []))


def pick_examples(ask: Callable[[str], object], items: Iterable[Mapping], per_lang: int = 3,
                  langs: tuple[str, ...] = ("id", "en")) -> dict[str, list[str]]:
    """Up to ``per_lang`` correctly answered questions per language.

    Args:
        ask: answers one question with no history (e.g. ``lambda q: bot.ask(q)``).
        items: question-set records (``question, history, lang, answerable, evidence, type``).
    Returns:
        ``{"id": [question, ...], "en": [...]}``, in the order picked.
    """
    pool = candidates(items)
    picked: dict[str, list[str]] = {lang: [] for lang in langs}
    tried: set[str] = set()
    for lang in langs:
        mine = [it for it in pool if it.get("lang") == lang]
        seen_types: set[str] = set()
        # first pass: one per question type; second pass: fill up with any type
        for first_pass in (True, False):
            for it in mine:
                if len(picked[lang]) >= per_lang:
                    break
                if it["question"] in tried or (first_pass and it.get("type") in seen_types):
                    continue
                tried.add(it["question"])
                try:
                    ok = is_correct(ask(it["question"]), it)
                except ArticleQAError as exc:
                    log.debug("example %s not usable: %s", it.get("id"), exc)
                    ok = False
                if ok:
                    picked[lang].append(it["question"])
                    seen_types.add(it.get("type"))
    return picked
