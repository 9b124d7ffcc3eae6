"""The shape of a news article and what a question asks of it: which sentence is the headline,
the lead, the dateline or the byline, which sentences form an enumerated list, and whether the
question asks for the title, the editor, the outlet, or the n-th item of a list.

These are ranking features: a reader asking "Siapa editornya?" wants the byline, and "What was
the fourth recommendation?" wants item 4, which no similarity score knows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from corpus import Article, Sentence

from .questions import normalize
from .selection import ITEM, list_blocks

_BYLINE = re.compile(r"^(?:editor|penyunting|penulis|reporter|pewarta|wartawan|writer|author|editing by|"
                     r"reporting by|written by|ditulis oleh)\s*:", re.I)
_DATELINE = re.compile(r"^[A-Z][A-Za-z .'-]{1,40},\s*\S+\s+[-–—]\s")
_ITEM_NUMBER = re.compile(r"^\s*\(?(\d{1,3})[.)]\s")

# ("What title was given to the directorate?", "What is his title?": a designation, not the headline)
# (nor the title of another work: "Apa judul buku panduan itu?", "the guidebook's title")
_WORK = (r"(?:buku|panduan|program|programme|proyek|project|acara|film|lagu|dokumen|document|makalah|guidebook|"
         r"handbook|book)")
ASKS_TITLE = re.compile(rf"^(?!.*\b{_WORK}'s title\b).*?\b(judul(?!\s+{_WORK})\w*|headline|(?<!job )(?<!official )"
                        rf"(?<!his )(?<!her )(?<!their )(?<!its )title(?! of (?:his|her|the) (?:job|post))"
                        rf"(?! of (?:the |this |that )?{_WORK})"
                        r"(?!\s+(?:was |is |were )?(?:given|held|hold|holds|does|did|do)\b)|tajuk|kepala berita)\b")
# "Apa hasil pertemuan ini?", "What was the outcome?": what the event produced, which an article
# enumerating it introduces ("... kegiatan ini menghasilkan beberapa rekomendasi, yaitu:")
ASKS_OUTCOME = re.compile(r"\b(hasil(?:nya)?|menghasilkan|dihasilkan|keluaran\w*|capaian\w*|dicapai|outcomes?|results?|"
                          r"produced?|yielded|achieved?|accomplish(?:ed)?|came out of|come out of|"
                          r"kesimpulan\w*|menyimpulkan|disimpulkan|conclu(?:de|ded|sions?)|takeaways?)\b", re.I)
# (writing itself only asks the byline of a who-question or one about the story: "Which handbook
# will be written by the end of the year?" asks a handbook)
ASKS_BYLINE = re.compile(rf"\b(editor\w*|disunting|penyunting|menyunting|sunting\w*|edited|editing|"
                         rf"penulis\w*(?!\s+{_WORK}\b)|author(?! of (?:the |this |that )?{_WORK})|"
                         r"reporter|wartawan\w*|pewarta\w*|journalist|redaktur\w*|redaksi\w*)\b|"
                         r"^(?=.*\b(?:siapa\w*|who|berita\w*|artikel\w*|article|story|news|tulisan\w*)\b)"
                         rf"(?!.*\b{_WORK}\w*\b).*\b(?:ditulis|menulis|wrote|written)\b")
ASKS_OUTLET = re.compile(r"\b(media|outlet|portal|dateline|publikasi|publication|situs\w*|website|news site|"
                         r"dilaporkan dari|reported from|diberitakan|kantor berita|news agency|filed|ditulis di)\b")


def asks_outlet(question: str, qtype: str) -> bool:
    """Whether a question asks for the outlet of the dateline ("Media apa yang memuat berita ini?");
    a when- or how-many question that mentions the media ("Kapan kabar ini disampaikan ke media?")
    asks for a date or a number instead."""
    return qtype not in ("when", "how_many") and ASKS_OUTLET.search(question.lower()) is not None


# "Dari mana informasi ini?", "Where did the story come from?": the sentence saying where the
# article's information came from (a press release, another outlet), not the dateline's outlet
ASKS_SOURCE = re.compile(r"\b(sumber\w*|source[sd]?|bersumber)\b|\b(dari ?mana|darimana|where)\b.*"
                         r"\b(info\w*|berita\w*|kabar\w*|news|story|report|article|artikel\w*)\b|"
                         r"\b(info\w*|berita\w*|kabar\w*|news|story|report)\b.*"
                         r"\b(dari ?mana|darimana|from where|come from|came from)\b")
_ATTRIBUTION = re.compile(r"\b(siaran pers|press release|rilis|keterangan (?:pers|tertulis)|dikutip|mengutip|dilansir|"
                          r"melansir|seperti diterima|quoted from|cited from|statement from)\b", re.I)
_ORDINALS = {"pertama": 1, "kesatu": 1, "kedua": 2, "ketiga": 3, "keempat": 4, "kelima": 5, "keenam": 6,
             "ketujuh": 7, "kedelapan": 8, "kesembilan": 9, "kesepuluh": 10, "first": 1, "second": 2, "third": 3,
             "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
             "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5}
_ORDINAL = re.compile(r"\b(" + "|".join(_ORDINALS) + r")\b|\bke-?(\d{1,2})\b|\b(?:nomor|no|number|#)\s*(\d{1,2})\b")
# an ordinal said in words ("ketiga", "the second", "ke-4"), not a list number or "nomor 2"
_ORDINAL_SAID = re.compile(r"\b(" + "|".join(k for k in _ORDINALS if not k[0].isdigit()) + r")\b|\bke-(\d{1,2})\b",
                           re.I)
_COLLECTIVE = re.compile(r"ke(?:dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh)\s+(?!(?:yang|itu|ini|"
                         r"tersebut|apa|apakah|siapa|mana|dan|serta|atau|adalah|ialah|isinya|berisi|bunyinya)\b)"
                         r"[^\W\d_]{3,}")
_LAST = re.compile(r"\b(terakhir(?:nya)?|last|final)\b")
# "hari kedua", "the first day": ordinals of time, not of list items
_TIME_ORDINAL = re.compile(r"\b(hari|day|tahun|year|bulan|month|minggu|pekan|week|sesi|session|kali|time|edisi|"
                           r"edition|pertemuan|meeting|summit)\s+(ke-?\w+|pertama|kedua|ketiga|keempat|kelima)\b|"
                           r"\b(first|second|third|fourth|fifth|last)\s+(?:[\w-]+\s+){0,4}?(day|year|month|week|session|"
                           r"time|edition|meeting|summit|conference|forum)s?\b")
# An English ordinal points at an item after "the" ("the fourth recommendation", "the third one"), not
# as an adverb ("formed first") and not before a name ("the last FIFA World Cup")
_EN_ORDINAL_WORD = r"(?i:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final)"
_EN_ORDINAL = re.compile(rf"\b{_EN_ORDINAL_WORD}\b")
_EN_ITEM = re.compile(rf"\b[Tt]he\s+{_EN_ORDINAL_WORD}(?:\s+(?![A-Z])\w|\s*[?.!]*$)")


@dataclass(frozen=True)
class ArticleShape:
    """Per-sentence roles of one article, as 0/1 arrays indexed by sentence idx."""

    headline: np.ndarray
    lead: np.ndarray
    dateline: np.ndarray
    byline: np.ndarray
    list_item: np.ndarray
    list_intro: np.ndarray
    attribution: np.ndarray          # says where the article's information came from ("dari siaran pers")
    item_number: np.ndarray          # 1-based number of the list item a sentence belongs to, 0 if none
    blocks: list[list[int]]


def article_shape(article: Article, sentences: list[Sentence]) -> ArticleShape:
    """Find the headline, lead, dateline, byline and enumerated lists of an article.

    Example: in the default article, sentence 0 is the headline, sentence 1 the lead (and the
    dateline "JAKARTA, iNews.id - ..."), sentence 3 says the news came "dari siaran pers Kemdagri",
    sentence 17 is the byline "Editor: Anton Suhartono", and sentences 11-15 the four
    recommendations (14 continues item 3).
    """
    n = len(sentences)
    headline, lead, dateline, byline = (np.zeros(n) for _ in range(4))
    attribution = np.array([float(_ATTRIBUTION.search(s.text) is not None) for s in sentences])
    if n and (normalize(sentences[0].text) == normalize(article.title) or "\n" in article.text[sentences[0].end:
                                                                                              sentences[0].end + 2]):
        headline[0] = 1.0
    for s in sentences:
        if _BYLINE.match(s.text):
            byline[s.idx] = 1.0
        elif _DATELINE.match(s.text) or (article.source and s.idx <= 2 and article.source in s.text[:60]):
            dateline[s.idx] = 1.0
    body = [s.idx for s in sentences if not headline[s.idx] and not byline[s.idx]]
    if body:
        lead[body[0]] = 1.0
    blocks = list_blocks(article.text, sentences)
    list_item, list_intro, item_number = np.zeros(n), np.zeros(n), np.zeros(n, dtype=np.int32)
    for block in blocks:
        list_item[block] = 1.0
        if block[0] > 0:
            list_intro[block[0] - 1] = 1.0
        number = 0
        for i in block:
            numbered = _ITEM_NUMBER.match(sentences[i].text)
            if numbered:
                number = int(numbered.group(1))
            elif ITEM.match(sentences[i].text) or i == block[0]:     # a bullet starts the next item
                number += 1
            item_number[i] = number       # else: a sentence continuing the current item
    return ArticleShape(headline, lead, dateline, byline, list_item, list_intro, attribution, item_number, blocks)


def ordinals(text: str) -> set[int]:
    """The ordinal numbers a text says in words ("ketiga", "the second", "ke-4"); list numbering
    ("2. Jepang ...") is not one."""
    return {_ORDINALS[w.lower()] if w else int(n) for w, n in _ORDINAL_SAID.findall(text)}


def ordinal_conflict(question: str, sentence: str) -> bool:
    """The question asks about one occurrence ("pertemuan keempat", "the second summit") and the
    sentence speaks of others only ("... ASEAN-Jepang ketiga"): its answer is not about the asked one."""
    asked, said = ordinals(question), ordinals(sentence)
    return bool(asked and said and not asked & said)


def asked_item(question: str, shape: ArticleShape) -> int | None:
    """The list item number a question points at ("rekomendasi keempat", "the last one"), if any."""
    q = normalize(question)
    if not shape.blocks or _TIME_ORDINAL.search(q) or _LAST_PART.search(q):     # "hari terakhir" is a day
        return None
    if _EN_ORDINAL.search(question) and not _EN_ITEM.search(question):
        return None
    if _LAST.search(q):
        return int(shape.item_number.max())
    # "ketiga poin itu" is all three points ("poin ketiga" the third one): before a noun, an
    # Indonesian ordinal counts
    found = next((m for m in _ORDINAL.finditer(q) if not _COLLECTIVE.match(q, m.start())), None)
    if not found:
        return None
    word, ke, number = found.groups()
    return _ORDINALS.get(word) if word else int(ke or number)


# "hari kedua", "day one", "the first day": which day (or session) of an event a text speaks of
_COUNT_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "satu": 1, "dua": 2, "tiga": 3, "empat": 4,
                "lima": 5}
_PART = r"(?:hari|day|sesi|session|pekan|minggu|week)"
_OCCURRENCE = re.compile(rf"\b{_PART}\s+(?:ke-?\s?(\d{{1,2}})\b|(\d{{1,2}})\b|({'|'.join(_ORDINALS)}|"
                         rf"{'|'.join(_COUNT_WORDS)})\b)|\b({'|'.join(k for k in _ORDINALS if not k[0].isdigit())})"
                         rf"\s+{_PART}s?\b", re.I)


def _occurrences(text: str) -> list[int]:
    out = []
    for ke, number, after, before in _OCCURRENCE.findall(text):
        word = (after or before).lower()
        out.append(int(ke or number) if ke or number else _ORDINALS.get(word) or _COUNT_WORDS[word])
    return out


# "hari terakhir", "the final day", "hari pembukaan": a day named by its place in the event
_LAST_PART = re.compile(rf"\b{_PART}\s+(?:terakhir|penutupan|penutup)\b|\b(?:last|final|closing)\s+{_PART}\b", re.I)
_FIRST_PART = re.compile(rf"\b{_PART}\s+(?:pembukaan|pembuka|awal)\b|\b(?:opening|first)\s+{_PART}\b", re.I)


def asked_occurrence(question: str, article_text: str = "") -> int | None:
    """Which day or session of an event the question asks about ("Bagaimana dengan hari pertama?",
    "What about day two?"), if it names one, and only one ("Temanya sama dengan hari pertama,
    forum di hari kedua?" compares two). "Hari terakhir" / "the final day" is the last one the
    article (``article_text``) names; "hari pembukaan" / "the opening day" is the first."""
    found = set(_occurrences(question))
    if not found and _FIRST_PART.search(question):
        found = {1}
    if not found and _LAST_PART.search(question):
        said = _occurrences(article_text)
        found = {max(said)} if said else set()
    return found.pop() if len(found) == 1 else None


def speaks_of_occurrence(sentence: str, n: int) -> bool:
    """Whether the first day or session the sentence names is the ``n``-th: "Pada hari pertama, ..."
    is about day 1; "Sementara hari kedua digelar ... berbeda daripada hari pertama" is about day 2."""
    found = _occurrences(sentence)
    return bool(found) and found[0] == n



# "Pertemuan Tingkat Tinggi ... ASEAN-Jepang ketiga", "the second ASEAN-Japan summit": which
# edition of an event a text speaks of (the ordinal after an Indonesian event noun, before an English one)
_EVENT_ID = r"(?:pertemuan|ktt|konferensi|konperensi|muktamar|kongres|forum|festival|pameran|edisi)"
_EVENT_EN = r"(?:meeting|summit|conference|congress|forum|festival|exhibition|edition|gathering)"
_ID_ORDINALS = "|".join(k for k in _ORDINALS if k.startswith("ke") or k == "pertama")
_EN_ORDINALS = "|".join(k for k in _ORDINALS if not (k.startswith("ke") or k == "pertama"))
_PART_WORDS = rf"(?:{_PART}|tahun|year|bulan|month)"
# the words between may not be a day ("pertemuan pada hari kedua", "forum ... daripada hari pertama"
# are days) or cross a clause
EDITION = re.compile(
    rf"\b{_EVENT_ID}\b(?:\s+\(?(?!{_PART_WORDS}\b)[\w-]+\)?){{0,10}}?\s+(?:yang\s+)?({_ID_ORDINALS}|ke-?\d{{1,2}})\b"
    rf"(?!\s+kali)|\b({_EN_ORDINALS})\s+(?:(?!{_PART_WORDS}\b)[\w()-]+\s+){{0,6}}?{_EVENT_EN}s?\b"
    rf"(?!\s+(?:session|day|part))", re.I)


@lru_cache(maxsize=1024)
def editions(text: str) -> frozenset[int]:
    """The editions of an event a text names: ``{3}`` for "Pertemuan Tingkat Tinggi ... ASEAN-Jepang
    ketiga" and for "the third ASEAN-Japan summit"; not a day ("hari kedua"), a list item
    ("rekomendasi keempat") or a count ("pertama kali")."""
    found = set()
    for clause in re.split(r"[,;:.?!]\s", text):
        for m in EDITION.finditer(clause):
            word = (m.group(1) or m.group(2)).lower()
            number = re.sub(r"\D", "", word)
            found.add(int(number) if number else _ORDINALS[word])
    return frozenset(found)


def other_edition(question: str, article_text: str) -> bool:
    """The question asks about an edition of an event ("Kapan pertemuan kedua?", "Who attended the
    fifth meeting?") and the article names only others (it reports the third): it does not say.
    A yes/no question ("Was this the first meeting?") is answered by the edition it names, so the
    caller leaves those out."""
    asked = editions(question)
    said = editions(article_text)
    return bool(asked and said and not asked & said)


# "the next meeting", "pertemuan berikutnya": an edition still to come
_NEXT_EVENT = re.compile(
    rf"\b(?:next|upcoming|following|future)\s+(?:[\w-]+\s+){{0,3}}?{_EVENT_EN}s?\b|"
    rf"\b{_EVENT_ID}\b(?:\s+[\w-]+){{0,4}}?\s+(?:berikut(?:nya)?|selanjutnya|mendatang|tahun depan|yang akan datang)\b",
    re.I)


def next_edition(question: str, article_text: str) -> bool:
    """The question asks when, where or by whom the next edition of an event will be held ("When
    will the next ASEAN-Japan meeting take place?") of an article reporting a numbered one: the
    dates and places it gives are that one's. (The caller asks it only of such questions: "Will
    there be a next meeting?" is answered by a sentence saying the meetings will go on.)"""
    return bool(_NEXT_EVENT.search(question) and editions(article_text))


_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,9}\b")


def unmentioned_acronym(question: str, cited: list[str], sentences: list[str]) -> bool:
    """The question names something by an acronym the article uses in one or two sentences only
    ("When was ASCN founded?", "Kapan Smart JAMP diluncurkan?"), and no cited sentence says it:
    what the cited sentence tells (a date, a name) belongs to something else. An acronym the
    article repeats ("ASEAN") is its running topic, which an answer need not repeat; a question
    typed in capitals names nothing this way."""
    letters = [c for c in question if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) > len(letters) / 2:
        return False
    for acronym in set(_ACRONYM.findall(question)):
        word = re.compile(rf"\b{re.escape(acronym)}\b")
        said = sum(1 for text in sentences if word.search(text))
        if 1 <= said <= 2 and not any(word.search(text) for text in cited):
            return True
    return False
