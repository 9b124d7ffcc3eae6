"""An Indonesian-aware sentence splitter that keeps exact character offsets.

Every :class:`Sentence` satisfies ``text == article_text[start:end]``; sentences are ordered,
do not overlap, carry no surrounding whitespace, and together cover every non-space character.

Rules, in order:
- a line break ends a sentence (headlines, bylines like ``Editor: ...`` and list items are
  lines of their own in news text);
- inside a line, ``.``, ``!``, ``?`` or ``…`` (plus closing quotes/brackets) followed by space
  and an upper-case letter, digit or opening quote ends a sentence, unless the period belongs to
  a title or abbreviation (``Dr.``, ``Drs.``, ``Jl.``, ``No.``, ``M.Si.``), an initial (``T.B.``)
  or the number of a list item (``1. ASEAN ...``);
- periods with no space after them never split (``1.200``, ``10.30``, ``iNews.id``).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

SPLITTER_VERSION = 2

# Titles, ranks and words that are followed by a name, number or place: never a sentence end.
PREFIX_ABBREVIATIONS = frozenset("""
    dr drs dra prof ir h hj kh st sdr sdri bpk bp ibu tn ny nn yth mr mrs ms mx jl jln gg no nomor
    kol letjen mayjen brigjen jend jen laksda laksdya marsda irjen kapt serka kompol akbp kombes
    dt pdt rm kec kab kel prov ds ps pt cv tbk ud kpt hlm tel telp fax vol ed tgl bln thn
    rt rw apt rp
""".split())
# Abbreviations that end a phrase: a sentence may end on them, but only before a capital letter.
SUFFIX_ABBREVIATIONS = frozenset("""
    dkk dll dsb dst tsb sbb dgn yg utk spt krn tdk ttg sd msi mpd mkes msc mba mm mt mh mhum
    sh se si sp spd skom skm sked ssos sip ssi sag shi phd jr sr etc vs al cs
""".split())
_ENUMERATOR = re.compile(r"(?:\(?\d{1,3}[.)]|\(?[a-zA-Z][.)]|[-•*–])\s")
_TERMINATOR = re.compile(r"(?:\.{3}|…|[.!?]+)[\"'”’»)\]]*(?=\s)")
_NEXT_STARTS = re.compile(r"\s+[\"'“‘«(\[]*[A-Z0-9\u00C0-\u024F]")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article: ``text == article.text[start:end]``; ``idx`` counts from 0."""

    article_id: str
    idx: int
    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        return asdict(self)


def _is_abbreviation(line: str, dot: int, next_char: str) -> bool:
    """Whether the period at ``line[dot]`` belongs to the word before it, not to a sentence end."""
    match = _WORD_BEFORE.search(line, 0, dot)
    if not match:
        return False
    word = match.group(1)
    bare = word.replace(".", "").lower()
    if len(word) == 1 and word.isupper():          # an initial: "A. Yani", "T.B."
        return True
    if bare in PREFIX_ABBREVIATIONS:
        return True
    if bare in SUFFIX_ABBREVIATIONS:                # "dkk.", "dll.", "M.Si.", "S.H."
        return not next_char.isupper()
    # other dotted short forms: initials "T.B." or "H.M." before a name, "a.n." before anything
    return "." in word and all(len(part) <= 3 for part in word.split(".") if part)


def _split_line(line: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) inside one line, which has no surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    start = 0
    enum = _ENUMERATOR.match(line)
    scan_from = enum.end() if enum else 0
    for term in _TERMINATOR.finditer(line, scan_from):
        nxt = _NEXT_STARTS.match(line, term.end())
        if not nxt:
            continue
        mark = term.group(0)
        if mark.startswith(".") and not mark.startswith("...") and mark.rstrip("\"'”’»)]") == ".":
            if _is_abbreviation(line, term.start(), line[nxt.end() - 1]):
                continue
        spans.append((start, term.end()))
        start = nxt.start() + len(nxt.group(0)) - len(nxt.group(0).lstrip())
        # a new sentence may itself open with an enumerator ("... . 2. Jepang ...")
        enum = _ENUMERATOR.match(line, start)
    spans.append((start, len(line)))
    return [(a, b) for a, b in spans if line[a:b].strip()]


def split_sentences(text: str, article_id: str = "") -> list[Sentence]:
    """Split an article's text into sentences with exact offsets.

    Args:
        text: the article text (offsets refer to it).
        article_id: copied into every sentence.
    Returns:
        Sentences in text order, e.g. ``split_sentences("Halo dunia. Apa kabar?")`` gives
        ``[Sentence('', 0, 0, 11, 'Halo dunia.'), Sentence('', 1, 12, 22, 'Apa kabar?')]``.
    """
    sentences: list[Sentence] = []
    for line_match in re.finditer(r"[^\n]+", text):
        raw = line_match.group(0)
        lead = len(raw) - len(raw.lstrip())
        line = raw.strip()
        if not line:
            continue
        base = line_match.start() + lead
        for a, b in _split_line(line):
            chunk = line[a:b]
            a += len(chunk) - len(chunk.lstrip())
            b -= len(chunk) - len(chunk.rstrip())
            sentences.append(Sentence(article_id, len(sentences), base + a, base + b, text[base + a:base + b]))
    return sentences
