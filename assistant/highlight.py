"""The answer phrase inside a cited sentence: a number for "berapa", a date for "kapan", a name for
"siapa", a place for "di mana" ... found with patterns and the sentence's own tokens, never
generated. When nothing fits, nothing is highlighted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.lexical import analyze

MONTHS = (r"Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember|"
          r"January|February|March|May|June|July|August|October|December|Jan|Feb|Mar|Apr|Jun|Jul|Agu|Aug|"
          r"Sep|Sept|Okt|Oct|Nov|Des|Dec")
DAYS = r"Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
NUMBER_WORDS = (r"satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|puluhan|ratusan|"
                r"ribuan|seratus|seribu|belasan|beberapa|one|two|three|four|five|six|seven|eight|nine|ten|dozens|"
                r"hundreds|thousands")
_NUM = r"\d+(?:[.,]\d+)*"
_UNIT = (r"(?:\s+(?:(?:persen|juta|miliar|triliun|ribu|orang|peserta|negara|kota|poin|hari|tahun|jam|menit|km|%)\b"
         r"|[a-z]{3,}))?")

PATTERNS: dict[str, list[re.Pattern[str]]] = {
    "when": [
        re.compile(rf"\b(?:{DAYS}),?\s*\(\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\)"),
        re.compile(rf"\b\d{{1,2}}(?:\s*(?:-|–|hingga|sampai|s\.d\.?|dan|to|until)\s*\d{{1,2}})?\s+(?:{MONTHS})\b(?:\s+\d{{4}})?"),
        re.compile(rf"\b(?:{MONTHS})\s+\d{{4}}\b"),
        re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b"),
        re.compile(r"\b(?:pukul\s+)?\d{1,2}[.:]\d{2}\s*(?:WIB|WITA|WIT)\b"),
        re.compile(r"\b(?:pada\s+)?(?:awal|pertengahan|akhir)\s+(?:tahun|bulan|pekan|minggu)(?:\s+(?:ini|depan|lalu|\d{4}))?\b"),
        re.compile(r"\b(?:tahun|bulan|pekan|minggu)\s+(?:ini|depan|lalu)\b|\b(?:19|20)\d{2}\b"),
        re.compile(r"\bhari\s+(?:pertama|kedua|ketiga|terakhir)\b"),
    ],
    "how_many": [
        re.compile(rf"\b{_NUM}{_UNIT}", re.I),
        re.compile(rf"\b(?:{NUMBER_WORDS})\b(?:\s+[a-z]{{3,}})?", re.I),
    ],
}
# A run of capitalized words (names, organisations), allowing inner particles, academic titles
# and a parenthesized acronym: "Dr Drs Thomas Umbu Pati T.B, M.Si", "Kementerian Dalam Negeri (Kemdagri)".
_CAP = r"(?:[A-Z][\w'.-]*|[A-Z]{2,})"
_NAME = re.compile(
    rf"{_CAP}(?:(?:\s+(?:dan|dari|untuk|bin|binti|van|de|of|and|the)\s+|\s+|,\s+(?=M\.|S\.|Ph\.))"
    rf"{_CAP})*(?:\s+\([A-Z][\w-]*\))?")
_PLACE_CUE = re.compile(r"\b(?:di|ke|dari|in|at)\s+(" + _CAP + r"(?:\s+" + _CAP + r")*)")
_TITLE_WORDS = {"dr", "drs", "dra", "prof", "ir", "h", "hj", "m.si", "t.b", "s.h", "mr", "mrs", "ms"}


@dataclass(frozen=True)
class Phrase:
    """A highlighted phrase: offsets relative to the sentence text."""

    start: int
    end: int
    text: str


def _new_terms(span: str, question_terms: set[str]) -> bool:
    """Whether ``span`` says something the question did not (it is an answer, not an echo)."""
    terms = set(analyze(span))
    return bool(terms - question_terms) or not terms


def _nearest(candidates: list[re.Match[str]], sentence: str, question_terms: set[str]) -> re.Match[str] | None:
    """Among candidate matches, the one closest to where the question's terms occur."""
    if not candidates:
        return None
    anchors = [m.start() for m in re.finditer(r"[^\W_]+", sentence) if set(analyze(m.group(0))) & question_terms]
    if not anchors:
        return candidates[0]
    return min(candidates, key=lambda m: min(abs(m.start() - a) for a in anchors))


def _names(sentence: str, question_terms: set[str]) -> list[re.Match[str]]:
    found = []
    for m in _NAME.finditer(sentence):
        span = m.group(0)
        if m.start() == 0 and " " not in span:      # a lone sentence-initial capital is not a name
            continue
        if _new_terms(span, question_terms):
            found.append(m)
    return found


def _strip_echo(sentence: str, m: re.Match[str], question_terms: set[str]) -> Phrase:
    """Drop leading words the question already contains ("Dirjen Bina Adwil DR Drs Safrizal" for
    "Siapa Dirjen Bina Adwil?" -> "DR Drs Safrizal ...")."""
    start, end = m.start(), m.end()
    for w in re.finditer(r"\S+", m.group(0)):
        token = w.group(0).strip(",")
        terms = set(analyze(token))
        if terms and terms <= question_terms and token.lower() not in _TITLE_WORDS:
            start = m.start() + w.end()
            continue
        break
    while start < end and sentence[start] in " ,":
        start += 1
    return Phrase(start, end, sentence[start:end]) if start < end else Phrase(m.start(), end, m.group(0))


def extract(sentence: str, qtype: str, question: str) -> Phrase | None:
    """The answer phrase for a question of type ``qtype`` inside ``sentence``, or ``None``.

    Example: ``extract("Kegiatan ini mengundang 1.200 peserta.", "how_many", "Berapa peserta?")``
    gives ``Phrase(24, 37, "1.200 peserta")``.
    """
    question_terms = set(analyze(question))
    if qtype in PATTERNS:
        for pattern in PATTERNS[qtype]:
            found = [m for m in pattern.finditer(sentence) if _new_terms(m.group(0), question_terms)]
            best = _nearest(found, sentence, question_terms)
            if best:
                return Phrase(best.start(), best.end(), best.group(0).rstrip(" ,."))
        return None
    if qtype == "who":
        best = _nearest(_names(sentence, question_terms), sentence, question_terms)
        return _strip_echo(sentence, best, question_terms) if best else None
    if qtype == "where":
        places = [m for m in _PLACE_CUE.finditer(sentence) if _new_terms(m.group(1), question_terms)]
        best = _nearest(places, sentence, question_terms)
        if best:
            return Phrase(best.start(1), best.end(1), best.group(1))
        virtual = re.search(r"secara\s+(?:hibrida|virtual|daring|luring|langsung)(?:,\s*\w+\s+dan\s+\w+)?", sentence)
        return Phrase(virtual.start(), virtual.end(), virtual.group(0)) if virtual else None
    if qtype in ("what", "which", "other"):
        quoted = re.search(r"['\"“‘]([^'\"”’]{2,80})['\"”’]", sentence)
        if quoted and _new_terms(quoted.group(1), question_terms):
            return Phrase(quoted.start(1), quoted.end(1), quoted.group(1))
        best = _nearest(_names(sentence, question_terms), sentence, question_terms)
        return _strip_echo(sentence, best, question_terms) if best else None
    return None


def type_match(sentence: str, qtype: str, question: str) -> float:
    """1.0 if ``sentence`` holds a phrase of the asked type, 0.5 if the type has none, else 0.0."""
    if qtype in ("why", "how", "list", "yes_no"):
        return 0.5
    return 1.0 if extract(sentence, qtype, question) is not None else 0.0
