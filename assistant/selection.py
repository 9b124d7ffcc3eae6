"""Which ranked sentences make the answer: one for a factoid, a whole enumerated list for a list
question, near-duplicates merged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

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
    kept: list[int] = []
    seen: list[tuple[str, set[str]]] = []
    for pos, (text, _score) in enumerate(items):
        norm = normalize(text)
        bag = set(norm.split())
        duplicate = any(norm in other or other in norm or
                        (bag and len(bag & other_bag) / len(bag | other_bag) >= threshold)
                        for other, other_bag in seen)
        if not duplicate:
            kept.append(pos)
            seen.append((norm, bag))
    return kept
