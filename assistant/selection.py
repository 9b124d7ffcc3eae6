"""Which ranked sentences make the answer: one for a factoid, a whole enumerated list for a list
question, near-duplicates merged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from corpus import Sentence

from .questions import normalize

ITEM = re.compile(r"^\s*(?:\(?\d{1,3}[.)]|\(?[a-zA-Z][.)]|[-•*–])\s")


def list_blocks(text: str, sentences: Sequence[Sentence]) -> list[list[int]]:
    """Runs of consecutive enumerated lines ("1. ...", "2. ...", "- ..."), as lists of sentence
    indices; a sentence that continues an item on the same line belongs to that item.

    Example: the default article's four recommendations (sentences 11 to 15) form one block.
    """
    blocks: list[list[int]] = []
    current: list[int] = []
    previous_line = -2
    item_line = -1
    for s in sentences:
        line_start = text.rfind("\n", 0, s.start) + 1
        line_no = text.count("\n", 0, s.start)
        starts_item = not text[line_start:s.start].strip() and bool(ITEM.match(s.text))
        if starts_item and (previous_line in (line_no - 1, line_no) or not current):
            current.append(s.idx)
            item_line = line_no
        elif current and line_no == item_line:
            current.append(s.idx)              # the rest of an item's line
        else:
            if len(current) >= 2:
                blocks.append(current)
            current = [s.idx] if starts_item else []
            item_line = line_no if starts_item else -1
        previous_line = line_no
    if len(current) >= 2:
        blocks.append(current)
    return blocks


def select_list(ranked: Sequence[int], blocks: list[list[int]], window: int = 3) -> list[int] | None:
    """For a list question: the enumerated block that one of the top ``window`` hits falls in, or
    introduces (the sentence right before a block, e.g. "... beberapa rekomendasi, yaitu:").
    Returns the block's sentence indices in article order, or ``None`` when no block fits.
    """
    for idx in ranked[:window]:
        for block in blocks:
            if idx in block or idx == block[0] - 1:
                return list(block)
    return None


def merge_duplicates(items: Sequence[tuple[str, float]], threshold: float = 0.9) -> list[int]:
    """Positions to keep from ``(text, score)`` items (ranked) after merging near-duplicates:
    items whose word sets overlap by ``threshold`` (Jaccard) or that contain one another keep
    only their first (best-ranked) occurrence.
    """
    return keep_first(range(len(items)), duplicates([text for text, _score in items], threshold))


def duplicates(texts: Sequence[str], threshold: float = 0.9) -> list[frozenset[int]]:
    """For each text, the positions of the other texts it near-duplicates (the relation is
    symmetric): they contain one another or their word sets overlap by ``threshold`` (Jaccard).
    A property of the texts alone, so an article's is computed once."""
    norms = [normalize(t) for t in texts]
    bags = [set(n.split()) for n in norms]
    out: list[set[int]] = [set() for _ in texts]
    for i in range(len(texts)):
        for j in range(i):
            union = bags[i] | bags[j]
            if norms[i] in norms[j] or norms[j] in norms[i] or \
                    (union and len(bags[i] & bags[j]) / len(union) >= threshold):
                out[i].add(j)
                out[j].add(i)
    return [frozenset(d) for d in out]


def keep_first(order: Iterable[int], duplicate_of: Sequence[frozenset[int]]) -> list[int]:
    """Positions in ``order`` (best first) that duplicate no earlier kept one."""
    kept: list[int] = []
    taken: set[int] = set()
    for pos, item in enumerate(order):
        if not (duplicate_of[item] & taken):
            kept.append(pos)
            taken.add(item)
    return kept
