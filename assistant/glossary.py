"""English question words as the Indonesian stems a news article says them ("welcome" ->
"sambut", "took part" -> "ikut"), so that an English question's words are found in an Indonesian
sentence when the encoder's token alignment misses them (it ties names and nouns well, verbs less).

A small hand-made glossary of general news vocabulary, not of one article: common verbs of
reporting, meeting, deciding and building, and the nouns around them. Used where the answer
phrase is found (which words of the sentence the question already says), never for ranking.
"""

from __future__ import annotations

import re
from functools import lru_cache

from index.lexical import analyze

# english lemma or phrase: Indonesian words (analyzed to stems on first use)
_ENTRIES = """
accompany: damping sertai temani
acknowledge: akui mengakui diakui
admit: akui mengakui diakui
agree: sepakat disepakati
announce: umum
appoint: tunjuk angkat
arrange: atur
attend: hadir hadiri ikut
begin: mulai
build: bangun bentuk
ceremony: upacara
challenge: tantang
choose: pilih
close: tutup
confirm: tegas
continue: lanjut terus
contribute: kontribusi sumbang
contribution: kontribusi sumbang
decide: putus
develop: kembang
development: kembang
discuss: bahas diskusi
draft: rumus susun
encourage: dorong
end: akhir
expect: harap
face: hadap
facilitate: fasilitas
form: bentuk
formulate: rumus
give: beri
hold: gelar adakan mengadakan diadakan selenggara
hope: harap
implement: terap laksana
improve: tingkat
increase: tingkat
introduce: kenal
invite: undang
join: ikut gabung
launch: luncur
lead: pimpin
meet: temu penuh
need: butuh
open: buka terbuka
opening: buka
organise: selenggara
organize: selenggara
participant: peserta
participate: ikut
plan: rencana
promote: promosi
propose: usul
publish: terbit
raise: angkat
realise: wujud realisasi
realize: wujud realisasi
receive: terima
recognise: akui mengakui diakui
recognize: akui mengakui diakui
recommend: rekomendasi
report: lapor
represent: wakil
say: mengatakan sebut
send: kirim utus
sign: tandatangani menandatangani ditandatangani
speak: bicara
strengthen: kuat
support: dukung
take part: ikut
visit: kunjung
welcome: sambut
"""


# the entries that are nouns; the rest are verbs
NOUNS = frozenset("ceremony challenge contribution development end opening participant".split())


@lru_cache(maxsize=1)
def _glossary() -> dict[str, frozenset[str]]:
    table = {}
    for line in _ENTRIES.strip().splitlines():
        english, _, indonesian = line.partition(":")
        table[english.strip()] = frozenset(t for word in indonesian.split() for t in analyze(word))
    return table


_IRREGULAR = {"took": "take", "taken": "take", "taking": "take", "held": "hold", "met": "meet", "said": "say",
              "gave": "give", "given": "give", "began": "begin", "begun": "begin", "led": "lead", "sent": "send",
              "built": "build", "spoke": "speak", "spoken": "speak", "chose": "choose", "chosen": "choose",
              "founded": "found"}


def _lemmas(word: str) -> list[str]:
    """The word and what it may be inflected from ("welcomed" -> "welcome", "faces" -> "face")."""
    if word in _IRREGULAR:
        return [_IRREGULAR[word]]
    out = [word]
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""),
                         ("ing", ""), ("ing", "e")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            out.append(word[: -len(suffix)] + repl)
    return out


@lru_cache(maxsize=1024)
def glossed(question: str, *, verbs: bool = False) -> tuple[tuple[str, frozenset[str]], ...]:
    """Each English word (or two-word phrase) of ``question`` the glossary knows, in question
    order, as ``(lemma, Indonesian stems)``; with ``verbs``, only its verbs. Cached: the answer
    phrase asks it of one question several times.

    Example: ``glossed("What did they agree to keep holding?")`` is
    ``(("agree", {"sepakat", "pakat"}), ("hold", {"helat", "selenggara"}))`` (stems as the
    analyzer gives them, synonyms folded: "digelar" -> "helat").
    """
    table = _glossary()
    words = re.findall(r"[a-z]+", question.lower())
    found = []
    for i, word in enumerate(words):
        lemmas = _lemmas(word)
        pair = next((f"{lemma} {words[i + 1]}" for lemma in lemmas if i + 1 < len(words)
                     and f"{lemma} {words[i + 1]}" in table), None)     # "took part", "taking part"
        lemma = pair or next((lemma for lemma in lemmas if lemma in table), None)
        if lemma is not None and not (verbs and lemma in NOUNS):
            found.append((lemma, table[lemma]))
    return tuple(found)


def indonesian_terms(question: str, *, verbs: bool = False) -> frozenset[str]:
    """The Indonesian stems for the English words of ``question`` the glossary knows (with
    ``verbs``, only those of its verbs).

    Example: ``indonesian_terms("What did ASEAN and Japan welcome?")`` is ``{"sambut"}``.
    """
    return frozenset(t for _, terms in glossed(question, verbs=verbs) for t in terms)
