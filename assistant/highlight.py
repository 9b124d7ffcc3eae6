"""The answer phrase inside a cited sentence, found with patterns and the sentence's own words,
never generated. When nothing fits, nothing is highlighted.

By question type: a number (with its unit) for "berapa / how many"; a date or time for
"kapan / when"; a name for "siapa / who" (a titled person for people, an organisation for
"kementerian mana / which ministry"); a place for "di mana / where"; an acronym's expansion for
"NR artinya apa?"; the source after "dari" for "dari mana"; a whole name for "namanya apa?";
otherwise the phrase that follows the words the question echoes ("Apa yang dilaporkan Jepang?" ->
the object after "Jepang melaporkan"), headed by the noun the question asks a kind of ("kasus
apa?" -> "beberapa kasus domestik"). A name the question already says (by its words or its
acronym) is not an answer. Words the question echoes are found by stem, and for other languages
by token alignment passed in as ``echo`` spans.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from statistics import median

from index.lexical import STOPWORDS, analyze

from .glossary import glossed, indonesian_terms
from .questions import PLACE_MODIFIER, QUESTION_WORDS
from .structure import ASKS_BYLINE, ASKS_SOURCE, ASKS_TITLE, EDITION, asks_outlet, editions, ordinal_conflict

TYPED = ("how_many", "when", "who", "where")   # question types whose answer is a recognizable phrase

MONTHS = (r"Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember|"
          r"January|February|March|May|June|July|August|October|December|Jan|Feb|Mar|Apr|Jun|Jul|Agu|Aug|"
          r"Sep|Sept|Okt|Oct|Nov|Des|Dec")
DAYS = r"Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
NUMBER_WORDS = (r"satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|puluhan|ratusan|ribuan|"
                r"seratus|seribu|belasan|one|two|three|four|five|six|seven|eight|nine|ten|dozens|hundreds|thousands")
_DATE_PATTERNS = [
    re.compile(rf"\b(?:{DAYS}),?\s*\(\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\)"),
    re.compile(rf"\b\d{{1,2}}(?:\s*(?:-|–|hingga|sampai|s\.d\.?|dan|to|until)\s*\d{{1,2}})?\s+(?:{MONTHS})\b"
               rf"(?:\s+\d{{4}})?"),
    re.compile(rf"\b(?:{MONTHS})\s+\d{{4}}\b"),
    re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b"),
    re.compile(r"\b(?:pukul\s+)?\d{1,2}[.:]\d{2}\s*(?:WIB|WITA|WIT)\b"),
    re.compile(r"\b(?:awal|pertengahan|akhir)\s+(?:tahun|bulan|pekan|minggu)(?:\s+(?:ini|depan|lalu|\d{4}))?\b"),
    re.compile(r"\b(?:tahun|bulan|pekan|minggu)\s+(?:ini|depan|lalu)\b|\b(?:19|20)\d{2}\b"),
    re.compile(r"\bhari\s+(?:pertama|kedua|ketiga|terakhir)\b"),
]
# "jam berapa / what time": a time of day, not a day
_ASKS_CLOCK = re.compile(r"\b(jam berapa|pukul berapa|jam brp|what time|which time|time of day)\b", re.I)
_CLOCK = re.compile(r"\b(?:pukul|jam)\s+\d{1,2}(?:[.:]\d{2})?(?:\s*(?:WIB|WITA|WIT))?\b|"
                    r"\b\d{1,2}[.:]\d{2}\s*(?:WIB|WITA|WIT|[ap]\.?m\b\.?)|\b\d{1,2}\s*[ap]\.?m\b\.?", re.I)
_LENGTH = r"(?:berapa|brp) lama|how long"                  # a length of time; "berapa hari" counts days
_ASKS_LENGTH = re.compile(rf"\b(?:{_LENGTH})\b", re.I)
_ASKS_DURATION = re.compile(rf"\b((?:berapa|brp) hari|how many days|{_LENGTH})\b", re.I)
_DURATION = re.compile(rf"\b(?:\d+|{NUMBER_WORDS})\s+(?:hari|pekan|minggu|bulan|tahun|jam|days?|weeks?|months?|years?|"
                       r"hours?)\b", re.I)
_RANGE = re.compile(r"\d\s*(?:-|–|hingga|sampai|s\.d\.?|to|until)\s*\d")
# "berapa negara": the noun counted (Indonesian); a count of people or times may come with any noun
# ("berapa banyak / jumlah kesepakatan": the noun after those)
_COUNTED = re.compile(r"\b(?:berapa|brp)\s+(?:(?:banyak|jumlah|total)\s+)?([^\W\d_]+)", re.I)
# "how many countries": the English noun counted, and the Indonesian nouns that can count it. Concrete
# units of news counts only (people, places, time, bodies); items of a text ("points",
# "recommendations", "cases") are named interchangeably, and a noun not listed puts no condition.
_COUNTED_EN = re.compile(r"\bhow many\s+(?:of\s+the\s+)?((?:[a-z-]+\s+){0,2}[a-z-]+)", re.I)
_UNITS_EN = {word: frozenset(f"{en} {idn}".split()) for en, idn in {
    "people persons participants attendees guests invitees delegates visitors residents":
        "orang peserta tamu undangan delegasi warga pengunjung pejabat pemimpin anggota",
    "countries nations states": "negara", "cities towns": "kota", "days": "hari", "years": "tahun",
    "months": "bulan", "weeks": "minggu pekan", "hours": "jam", "sessions": "sesi", "projects": "proyek",
    "companies firms": "perusahaan", "members": "anggota", "regions provinces": "daerah wilayah provinsi",
    "ministries": "kementerian", "meetings summits": "pertemuan", "officials": "pejabat", "ministers": "menteri",
}.items() for word in en.split()}          # an English article counts in English: "300 delegates"
_PEOPLE_UNITS = frozenset(analyze(" ".join(_UNITS_EN["people"])))   # any noun for people counts people
_GENERIC_COUNTS = frozenset("""orang jumlah banyak buah kali lama jauh besar kah sih ya saja yang sebenarnya
    sebetulnya total""".split())
_ASKS_MONEY = re.compile(r"\b(anggaran\w*|biaya\w*|dana\w*|harga\w*|nilai\w*|investasi\w*|modal\w*|budget\w*|cost\w*|"
                         r"fund\w*|price\w*|spend\w*|paid|pay\w*|money|uang)\b", re.I)
_MONEY = re.compile(r"(?:\bRp\.?\s?|\bUS\$\s?|\$\s?|\bUSD\s?|\bIDR\s?)\d[\d.,]*"
                    r"(?:\s+(?:juta|miliar|triliun|ribu|million|billion|trillion))?|\b\d[\d.,]*\s+(?:juta|miliar|triliun|ribu|million|billion|trillion)?\s*"
                    r"(?:rupiah|dolar|dollars?|yen|euro|ringgit|won)\b", re.I)
_NUMBER = re.compile(rf"(?<![\w.])(?<![^\W\d_]-)(?:\d+(?:[.,]\d+)*|(?:{NUMBER_WORDS}))\b(?:\s+[^\W\d_]+){{0,2}}", re.I)
_ENUMERATOR = re.compile(r"^\s*\(?\d{1,3}[.)]\s")
_CAP = r"(?:(?<![\w.])[A-Z][\w'.-]*)"
_NAME = re.compile(rf"{_CAP}(?:(?:\s+(?:dan|serta|maupun|dari|untuk|bin|binti|van|de|of|and|the)\s+|\s+|"
                   rf",\s+(?=M\.|S\.|Ph\.)){_CAP})*(?:\s+\([A-Z][\w-]*(?:\s+[A-Z][\w-]*)*\)(?:\s+{_CAP})*)?"
                   r"(?:\s+(?:kedua|ketiga|keempat|kelima|keenam|ketujuh|kedelapan|kesembilan|kesepuluh|ke-\d+)\b)?")
_TITLE = r"(?:DR|Dr|Drs|Dra|Prof|Ir|H|Hj|KH|Bapak|Ibu|Pak|Bu|Mr|Mrs|Ms)"
_PERSON_TITLE = re.compile(rf"\b{_TITLE}\b\.?\s+[A-Z]")
_ORG_WORD = re.compile(r"\b(?:Kementerian|Direktorat|Badan|Dinas|Kantor|Lembaga|Komisi|Pemerintah|Dewan|Universitas|"
                       r"Bank|PT|Perusahaan|Ministry|Agency|Department|Directorate|Office|Council|Government|Company|"
                       r"Corporation|Inc|Ltd|Corp|Tbk)\b")
_ASKS_ORG = re.compile(r"\b(kementerian|lembaga|instansi|unit|badan|direktorat|organisasi|pihak|ministry|agency|"
                       r"institution|organi[sz]ation|department|directorate|unit|body|government|pemerintah|perusahaan|"
                       r"company|companies|firm|corporation|korporasi|universitas|university|universities|komisi|"
                       r"commission|dewan|council)s?\b", re.I)
_ORG_KINDS = {k: frozenset(v.split()) for k, v in {
    "kementerian": "kementerian ministry kemendagri kemdagri", "direktorat": "direktorat directorate ditjen unit units",
    "badan": "badan agency body", "dinas": "dinas office", "pemerintah": "pemerintah government",
    "komisi": "komisi commission", "dewan": "dewan council", "lembaga": "lembaga institution",
    "universitas": "universitas university",
    "perusahaan": "perusahaan pt tbk company companies corporation corp inc ltd firm firms korporasi"}.items()}
# kinds asked for by a word no other organisation answers: "Which Japanese ministry ...?" is not
# answered by a meeting's name or a country, "Which companies ...?" not by a ministry
# (by its common noun: "Kemdagri diwakili oleh direktorat apa?" asks for a directorate)
_STRICT_NOUN = (r"(?:kementerian|ministry|ministries|komisi|commission|dewan|council|universitas|universit(?:y|ies)|"
                r"perusahaan|compan(?:y|ies)|firms?|corporation|korporasi)")
_ASKS_STRICT_KIND = re.compile(
    rf"\b(?:which|what)\s+(?:(?!(?:is|are|was|were|did|does|do|has|have|had|will|would|can|could|the|a|an)\b)"
    rf"[\w-]+\s+){{0,2}}(?:{_STRICT_NOUN})\b|\bname\s+(?:of\s+)?(?:the\s+|a\s+)?(?:[\w-]+\s+)?(?:{_STRICT_NOUN})\b|"
    rf"\b(?:{_STRICT_NOUN})(?:nya)?(?:\s+[\w-]+)?\s+(?:apa|mana)\b|\bnama\s+(?:{_STRICT_NOUN})", re.I)
# a place: a name after "di/ke/dari/in/at", or a common noun of place ("di [setiap negara anggota
# ASEAN]", "ke [daerah-daerah perbatasan]") with its quantifier and what qualifies it
_PLACE_NOUN = (r"(?:negara|kota|daerah|wilayah|provinsi|kabupaten|desa|kawasan|kecamatan|pulau|benua)"
               r"(?:-(?:negara|kota|daerah|wilayah|provinsi|kabupaten|desa|kawasan|pulau))?")
_PLACE = re.compile(rf"\b(?:di|ke|dari|in|at)\s+({_CAP}(?:\s+(?:dan|serta|maupun|atau|and|or)\s+{_CAP}|\s+{_CAP})*|"
                    rf"(?:(?:setiap|tiap|seluruh|semua|masing-masing|berbagai|beberapa)\s+)?{_PLACE_NOUN}"
                    rf"(?:\s+(?:anggota|mitra|tetangga|perbatasan|besar|kecil|terpencil|{_CAP}))*)")
# a place named with its kind, whatever precedes it ("... dan [Kota ASCN]"); not inside a longer
# name ("Jaringan Kota Pintar" is a network)
_KIND_NAME = re.compile(rf"\b(?:Kota|Provinsi|Kabupaten|Pulau|Negara|City of|Province of)\s+{_CAP}(?:\s+{_CAP})*")
_BARE_PLACE = re.compile(rf"\b{_PLACE_NOUN}(?:\s+(?:anggota|mitra))?(?:\s+{_CAP})+")   # "negara-negara ASEAN"
# "What do they have in common?", "Apa kesamaan ...?": the thing said to be the same ("[tantangan yang sama]")
_ASKS_COMMON = re.compile(r"\b(in common|share[sd]?|kesamaan\w*|persamaan\w*|sama-sama)\b", re.I)
_SAME = re.compile(r"\b([^\W\d_]+)\s+yang\s+sama\b")
# "Apa harapan dari ...?", "What was it expected to do?": what the sentence says is hoped for
_ASKS_HOPE = re.compile(r"\b(harapan\w*|diharapkan|berharap|expected|expectations?|hoped?)\b", re.I)
_HOPED = re.compile(r"\b(?:diharapkan|berharap|expected to|hoped to|hopes to)(?:\s+(?:bisa|dapat|akan|mampu))?", re.I)
_MODE_WORD = r"(?:hibrida|virtual|daring|luring|langsung|online|offline|tatap muka)"
_MODE = re.compile(rf"secara\s+{_MODE_WORD}(?:,?\s+{_MODE_WORD})*(?:,?\s+(?:dan|atau)\s+{_MODE_WORD})?")
_POSITION = re.compile(r"\b(?:Direktur Jenderal|Direktur|Dirjen|Menteri|Wakil Menteri|Kepala|Ketua|Sekretaris Jenderal|"
                       r"Sekretaris|Gubernur|Bupati|Wali Kota|Walikota|Presiden|Wakil Presiden|Duta Besar|Camat|"
                       r"Editor|Director|Minister|Head|Chairman|Chair|Secretary|Governor|Mayor|President)"
                       r"(?:,?\s+(?:dan\s+|and\s+)?(?!(?:DR|Dr|Drs|Dra|Prof|Ir|H|Hj|KH|Mr|Mrs|Ms)\b)[A-Z][\w-]*)*")
# A question asking who holds a position ("Siapa wali kota ...?", "Who is its minister?", "Who will
# chair ...?") is answered by a person, not by an organisation or a place
_ROLE = (r"(?:wali ?kota|menteri|presiden|gubernur|bupati|camat|direktur|dirjen|ketua|kepala|pimpinan|pemimpin|"
         r"pejabat|duta besar|dubes|juru bicara|jubir|mayor|minister|president|governor|director|chair\w*|head|"
         r"leader|official|ambassador|spokes\w+|secretary)")
_ASKS_HOLDER = re.compile(rf"^siapa(?:kah)?\s+(?:nama\s+)?{_ROLE}\w*\b|\b{_ROLE}\w*\s+(?:[\w-]+\s+){{0,4}}siapa\b|"
                          rf"\bwho\s+(?:is|was|are|were)\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+)?(?:[\w-]+\s+)?{_ROLE}s?\b|"
                          r"\bwho\s+(?:will\s+|would\s+|is\s+going\s+to\s+)?(?:chair(?:s|ed)?|head(?:s|ed)?|leads?|led)\b|"
                          r"\bsiapa(?:kah)?\s+yang\s+(?:memimpin|mengetuai|mengepalai)\b|"
                          rf"\b(?:which|what)\s+(?:[\w-]+\s+)?{_ROLE}s?\b", re.I)
# What a reason or a purpose is said with ("karena", "guna", "diharapkan bisa ...", "in order to"):
# a sentence saying none does not answer "Kenapa ...?" / "Why ...?" ("diundang menghadiri kegiatan
# secara virtual" says how Safrizal attended, not why)
REASON = re.compile(r"\b(karena|sebab|akibat|lantaran|untuk|guna|agar|supaya|sehingga|demi|bertujuan|tujuan\w*|"
                     r"diharapkan|harapan\w*|berharap|mengingat|dalam rangka|maka|because|since|due to|owing to|"
                     r"as a result|so that|in order|so as to|aim(?:s|ed)?|purpose|goal|expected to|hopes? to|"
                     r"intended|reasons?|to (?:help|promote|support|boost|improve|ensure|achieve))\b", re.I)
# ("Will it be held regularly / again?", "Apakah akan digelar lagi?": whether it recurs)
_ASKS_FREQUENCY = re.compile(r"\b(how often|how frequently|seberapa sering|berapa sering|sesering apa|berkala(kah)?|"
                             r"regularly|routinely|rutin(?:kah)?|secara teratur|"
                             r"(?:digelar|diadakan|dilaksanakan|diselenggarakan|berlangsung|held|take place|happen|"
                             r"meet)\s+(?:\w+\s+)?(?:lagi|kembali|again))\b", re.I)
_FREQUENCY = re.compile(r"\bsecara\s+(?:terus[ -]menerus|berkala|rutin|reguler|teratur|berkelanjutan)\b|"
                        r"\b(?:setiap|tiap|sekali|dua kali)\s+(?:tahun|bulan|minggu|pekan|hari|semester)\b|"
                        r"\b(?:every|each|once a|twice a)\s+(?:year|month|week|day)\b|"
                        r"\b(?:tahunan|bulanan|mingguan|annually|monthly|weekly|daily|regularly)\b", re.I)
# "How often / how open / how important ...": a degree, not the manner of an event
_HOW_DEGREE = re.compile(r"\bhow\s+(?!is\b|was\b|were\b|are\b|will\b|would\b|did\b|does\b|do\b|can\b|could\b|"
                         r"should\b|has\b|have\b|had\b)\w+|\bseberapa\b|\bsesering\b", re.I)
_ASKS_POSITION = re.compile(r"\b(jabatan\w*|posisi\w*|position|job|title|role|menjabat|sebutan)\b", re.I)
_ASKS_MODE = re.compile(r"\b(online|offline|daring|luring|virtual|tatap muka|langsung|hibrida|hybrid|in person|"
                        r"format\w*|bentuk(?:nya)?|in what form|attend\w*|hadir|menghadiri|take part|took part|"
                        r"taking part)\b", re.I)
# those counted from one place ("peserta dari Indonesia", "participants from ASEAN countries"): a
# count of all, in a sentence not naming the place, is not theirs
_COUNTED_FROM = re.compile(r"\b(?:dari|from)\s+(?:the\s+)?([A-Z][\w.-]*[\w])")
_ASKS_ORDINAL = re.compile(r"\b(keberapa|ke berapa|yang ke-?\s?berapa|which edition|how many times|what number)\b",
                           re.I)
_ORDINAL_WORD = re.compile(r"\b(?:pertama|kedua|ketiga|keempat|kelima|keenam|ketujuh|kedelapan|kesembilan|kesepuluh|"
                           r"ke-\d+|first|second|third|fourth|fifth|\d+(?:st|nd|rd|th))\b", re.I)
_DATELINE = re.compile(r"^([A-Z][A-Z .'-]{1,40}),\s*(\S+)\s+[-–—]\s")
# the dateline's city is where the story was filed: it answers "Berita ini ditulis di kota apa?", not
# "Di kota mana pertemuan ini digelar?"
_ASKS_STORY = re.compile(r"\b(berita\w*|artikel\w*|news|story|article|report\w*|laporan\w*|dilaporkan|ditulis|"
                         r"written|filed|dateline\w*)\b", re.I)
_ASKS_NAMED_PLACE = re.compile(r"\b(kota|negara|provinsi|gedung|hotel|tempat) (mana|apa)\b|"
                               rf"\b(which|what) (?:{PLACE_MODIFIER} )?(city|cities|town|country|countries|province|"
                               r"building|venue)\b", re.I)
_ASKS_CITY = re.compile(r"\b(kota (mana|apa)|which city|what city|dateline\w*|dilaporkan dari|reported from)\b", re.I)
_PROGRAMME_WORD = r"program\w*|proyek|project|inisiatif|initiative|skema|scheme"
_ASKS_PROGRAMME = re.compile(rf"{_PROGRAMME_WORD}|nama|name|judul|title", re.I)     # the asked noun, whole
_PROGRAMME = re.compile(rf"\b(?:{_PROGRAMME_WORD})s?\b", re.I)                        # named anywhere
_ASKS_NAME = re.compile(r"\b(nama\w*|name[sd]?|called|disebut|dinamakan|judul\w*)\b", re.I)
# "dari mana", "where ... from": where something comes from, answered by the phrase after "dari"
# (with ASKS_SOURCE, "where did the story come from", also without the word "from")
_ASKS_ORIGIN = re.compile(r"\b(dari mana|darimana|where\b.*\bfrom)\b", re.I)
# "Siaran persnya dari siapa?", "Who issued the press release?": who it came from, after "dari"
_ASKS_FROM_WHOM = re.compile(r"\b(dari siapa|from whom|who (?:issued|released|sent|published|put out)|"
                             r"(?:dikeluarkan|diterbitkan|dirilis|disebarkan|dikirim) oleh siapa|"
                             r"siapa yang (?:mengeluarkan|menerbitkan|merilis|menyebarkan|mengirim))\b", re.I)
CONJUNCTIONS = frozenset("dan serta atau maupun and or".split())   # a phrase does not begin with one
_AUX = frozenset("is are was were do does did will would can could should has have had kind type sort".split())
_QUANTIFIERS = frozenset("beberapa berbagai seluruh semua para sejumlah banyak segala masing-masing".split())
_QUOTED = re.compile(r"['\"“‘]([^'\"”’]{2,80})['\"”’]")
_WORD = re.compile(r"[^\W_]+(?:[-'.][^\W_]+)*")
# Words that end an answer phrase: they open a new clause or a modifier.
_STOP = frozenset("""untuk guna agar supaya karena sehingga melalui mealui dengan dalam sebagai bagi pada sejak yakni
    yaitu yang oleh bahwa namun tetapi ketika saat di ke dari menuju terhadap sebagaimana seperti for to with which
    that who because in at from by as""".split())
_MAX_WORDS = 8
# Words that link a verb to how or by what it is done: "secara apa?" is answered by what follows "secara"
_LINKS = frozenset("secara melalui lewat dengan menggunakan via".split())
# "by way of": a question asking "lewat apa?" / "dengan cara apa?" is answered by what follows any of them
_MEANS = frozenset("melalui lewat via".split())
_ASKS_MEANS = re.compile(r"\b(?:(?:melalui|lewat|via|dengan)\s+cara|cara)\s+apa\b", re.I)
# (a means, "Lewat cara apa ... diharapkan ...?", is not asking what is hoped for)
_ASKS_BY_WHAT = re.compile(rf"\b(?:{'|'.join(sorted(_MEANS))}|cara|through|by what|by which|by means)\b", re.I)
# Nouns that name people by role or group: a who-question's answer when no one is named.
_PEOPLE = frozenset("""pemimpin pimpinan pejabat menteri kepala ketua perwakilan wakil delegasi delegasinya utusan
    peserta warga masyarakat tokoh pengusaha pelaku ahli pakar akademisi mahasiswa pelajar siswa petugas pegawai
    leaders leader officials official ministers minister delegates delegation representatives representative
    participants residents experts""".split())


@lru_cache(maxsize=65_536)
def _terms(text: str) -> frozenset[str]:
    """The analyzed terms (stems) of ``text``; an article's words and a question's recur on every
    call, so they are worked out once."""
    return frozenset(analyze(text))


@dataclass(frozen=True)
class Phrase:
    """A highlighted phrase: offsets relative to the sentence text."""

    start: int
    end: int
    text: str


def _phrase(sentence: str, start: int, end: int) -> Phrase | None:
    while start < end and sentence[start] in " ,;:('\"‘“":
        start += 1
    while end > start and sentence[end - 1] in " ,;:.'\"’”":
        end -= 1
    return Phrase(start, end, sentence[start:end]) if end > start else None


def _echo_mask(sentence: str, words: list[re.Match[str]], question: str, echo: Sequence[tuple[int, int]]) -> list[bool]:
    """Per word of the sentence: does the question already say it (same stem, its glossary
    translation, or aligned)?"""
    terms = _terms(question) | indonesian_terms(question)
    out = []
    for w in words:
        stems = _terms(w.group(0))
        aligned = any(a < w.end() and b > w.start() for a, b in echo)
        out.append(bool(stems & terms) or (aligned and w.group(0).lower() not in STOPWORDS))
    return out


def _new(span: str, question: str) -> bool:
    """Whether ``span`` says something the question does not (an answer, not an echo)."""
    terms = _terms(span)
    return bool(terms - _terms(question))


def _anchor_distance(m_start: int, anchors: list[int]) -> int:
    return min((abs(m_start - a) for a in anchors), default=0)


def _nearest(sentence: str, found: Iterable[re.Match[str]], anchors: list[int], group: int = 0) -> Phrase | None:
    """The match (its ``group``) closest to where the question's words occur; the first of equals."""
    # ties (the question's word inside each: "hari kedua", "hari pertama") go to the nearest outside it
    best = min(found, key=lambda m: (_anchor_distance(m.start(), anchors), _anchor_distance(
        m.start(), [a for a in anchors if not m.start() <= a < m.end()] or anchors)), default=None)
    return _phrase(sentence, best.start(group), best.end(group)) if best else None


# "How tall / far / old ...?", "Seberapa jauh ...?": a measure with its unit, not a count of things
_ASKS_MEASURE = re.compile(r"\bhow (tall|high|far|heavy|old|deep|wide)\b|"
                           r"\b(seberapa|berapa) (tinggi|jauh|berat|dalam|lebar|tua|umur\w*|usia\w*|luas)\b", re.I)
_MEASURE = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*\s*(?:km|kilometers?|kilometres?|meters?|metres?|m|cm|mdpl|mil|miles?|"
                      r"feet|ft|kaki|kg|kilograms?|ton|tons|tonnes?|hektare|hektar|ha|tahun|years?|lantai|floors?|"
                      r"persen|percent|%)(?![\w])", re.I)


def _reason(sentence: str, question: str, anchors: list[int]) -> Phrase | None:
    """The reason or purpose a sentence gives, from its word to the end of the clause: "[akibat
    pandemi Covid-19 yang panjang] serta ...", "[untuk mempromosikan pengembangan kota pintar]"."""
    found = []
    for m in REASON.finditer(sentence):
        end = re.search(r"[,;:.!?]\s|[,;:.!?]$|\s(?:serta|sedangkan|while|and then)\s|$", sentence[m.end():])
        clause = (m.start(), m.end() + end.start())
        if _new(sentence[m.end():clause[1]], question):
            found.append((clause, m.start()))
    if not found:
        return None
    (start, end), _ = min(found, key=lambda f: (_anchor_distance(f[1], anchors), f[1]))
    return _phrase(sentence, start, end)


def _numbers(sentence: str, question: str, anchors: list[int]) -> Phrase | None:
    if _ASKS_MONEY.search(question):       # "Berapa anggarannya?" wants an amount of money, not any number
        return _nearest(sentence, _MONEY.finditer(sentence), anchors)
    if _ASKS_MEASURE.search(question):
        return _nearest(sentence, _MEASURE.finditer(sentence), anchors)
    dates = [(d.start(), d.end()) for pattern in _DATE_PATTERNS for d in pattern.finditer(sentence)]
    counted = _COUNTED.search(question)
    counted_terms = _terms(counted.group(1)) if counted and counted.group(1).lower() not in _GENERIC_COUNTS else None
    if counted_terms and counted_terms & _PEOPLE_UNITS:    # "berapa undangan?": "1.200 peserta" counts them
        counted_terms = _PEOPLE_UNITS
    counted_en = _COUNTED_EN.search(question)
    if counted_terms is None and counted_en:            # "How many countries ...?": "negara", not "peserta"
        unit = next((_UNITS_EN[w] for w in counted_en.group(1).lower().split() if w in _UNITS_EN), None)
        counted_terms = _terms(" ".join(unit)) if unit else None
    found = []
    for m in _NUMBER.finditer(sentence):
        if m.start() == 0 and _ENUMERATOR.match(sentence):
            continue                                    # "3. Jepang ..." is a list number
        if any(a <= m.start() < b for a, b in dates):
            continue                                    # "18 hingga 19 Oktober": a day of the month is no count
        text = m.group(0)
        words = text.split()
        while len(words) > 1 and (words[-1].lower() in _STOP or words[-1].lower() in STOPWORDS):
            words.pop()
        text = " ".join(words)
        unit_echo = len(words) > 1 and bool(_terms(" ".join(words[1:])) & _terms(question))
        if counted_terms and len(words) > 1 and not _terms(" ".join(words[1:])) & counted_terms:
            continue                                    # "Berapa negara ...?" is not answered by "tiga poin"
        found.append((not unit_echo, _anchor_distance(m.start(), anchors), m.start(), m.start() + len(text)))
    if not found:
        return None
    _, _, a, b = min(found)
    return _phrase(sentence, a, b)


def asks_duration(question: str) -> bool:
    """"Berapa hari ...?", "How long ...?": answered by a duration or by the dates something ran."""
    return _ASKS_DURATION.search(question) is not None


# "... seperti diterima iNews.id dari siaran pers Kemdagri, Jumat (22/10/2021)": the date the article's
# information came out, which answers only a question about that release or the story itself
_RELEASE_DATE = re.compile(r"\b(?:siaran pers|press release|rilis|keterangan (?:pers|tertulis)|dikutip|dilansir|"
                           r"seperti diterima|quoted|statement)\b[^.;:]{0,40}$", re.I)
_ASKS_RELEASE = re.compile(r"\b(siaran pers|press release|pers|rilis\w*|dirilis|merilis|released?|issued|diterima|"
                           r"received|terbit\w*|published|dimuat|diterbitkan|berita\w*|news|story|article|artikel\w*|"
                           r"report\w*|statement|keterangan|kabar\w*|media|diberitakan|dipublikasikan|publikasi\w*|"
                           r"diumumkan|announced)(?:nya)?\b", re.I)      # "siaran persnya"


def asks_release(question: str) -> bool:
    """Whether a when-question is about the article's source or the story ("Kapan siaran pers itu
    diterima?"), which the date of the release answers, rather than about the events."""
    return _ASKS_RELEASE.search(question) is not None


def _dates(sentence: str, question: str, anchors: list[int]) -> Phrase | None:
    """A date or time; for "berapa lama / how long" a stated duration first, else the dates
    ("18 hingga 19 Oktober" answers "Berapa hari pertemuan berlangsung?"). The date of a press
    release answers only questions about the release."""
    patterns = [_CLOCK] if _ASKS_CLOCK.search(question) else \
        ([_DURATION] if asks_duration(question) else []) + _DATE_PATTERNS
    release = asks_release(question)
    for pattern in patterns:
        found = [m for m in pattern.finditer(sentence) if _new(m.group(0), question) and
                 (release or not _RELEASE_DATE.search(sentence[:m.start()]))]
        if found:
            return _nearest(sentence, found, anchors)
    return None


def _strip_echo(sentence: str, start: int, end: int, question: str) -> tuple[int, int]:
    """Drop leading words the question already contains ("Dirjen Bina Adwil DR Drs Safrizal ..."
    for "Siapa Dirjen Bina Adwil?" -> "DR Drs Safrizal ...")."""
    terms = _terms(question)
    original = start
    for w in _WORD.finditer(sentence, start, end):
        stems = _terms(w.group(0))
        # keep a title ("Dr"), and an organisation's head word ("Kementerian mana?" asks for one)
        if stems and stems <= terms and not _PERSON_TITLE.match(sentence, w.start()) and \
                not _ORG_WORD.match(w.group(0)):
            start = w.end()
            continue
        break
    following = _WORD.match(sentence, start + 1) if start < end else None
    if following and following.group(0).lower() in CONJUNCTIONS:
        return original, end            # "ASEAN dan Jepang": the echoed word is half of the answer
    return start, end


def _names(sentence: str, question: str, anchors: list[int], wants: str = "person") -> Phrase | None:
    """The name that answers: of the ``wants`` kind ("person": a titled name; "org": an
    organisation; "name": any) before others, a whole name before the rest of one the question
    began ("Buku panduan ... oleh siapa?" is not answered by "[Buku Panduan] Perencanaan ..."),
    then the one nearest the question's words. ``anchors``: start offsets of the sentence's words
    the question says (by stem or aligned); a name made of those only is the question's own."""
    echoed = set(anchors)
    asked = {w.lower() for w in _WORD.findall(question)}
    holder = wants == "person" and _ASKS_HOLDER.search(question) is not None
    kinds = {kind for kind, words in _ORG_KINDS.items() if asked & words}
    strict = wants == "org" and _strict_kind(question)
    if len(kinds) > 1:
        kinds.discard("pemerintah")                     # "which government ministry": a ministry
    scored = []
    for m in _NAME.finditer(sentence):
        if (m.start() == 0 and " " not in m.group(0)) or not _new(m.group(0), question) or all(
                w.start() in echoed for w in _WORD.finditer(sentence, m.start(), m.end())
                if w.group(0).lower() not in STOPWORDS):
            continue                                    # a lone sentence-initial capital; an echo
        acronym = re.search(r"\(([A-Z][\w-]*)\)$", m.group(0))
        if acronym and acronym.group(1).lower() in asked:
            continue                                    # "... sebagai NR?": the NR is the question's own
        # a name asked for by what it is called is answered whole, the words the question began included
        a, b = (m.start(), m.end()) if wants == "name" else _strip_echo(sentence, m.start(), m.end(), question)
        text = sentence[a:b]
        if not text or re.search(r"\d", text):           # "Covid-19" names a thing, not who
            continue
        if wants == "org":
            org = _ORG_WORD.search(text)
            named = {w.lower() for w in _WORD.findall(text)}
            rank = 0 if any(named & _ORG_KINDS[k] for k in kinds) else 2 if org is None else 1
            if rank and strict:
                continue                                # "Which companies ...?": a country or a ministry is none
        elif wants == "name":
            rank = 0
        else:                                           # a person; failing that, an organisation
            rank = 0 if _PERSON_TITLE.search(text) else 1 if _ORG_WORD.search(text) else 2
            if rank and holder and not _POSITION.search(text):
                continue                                # "Siapa wali kota Jakarta?": a person, nothing else
        if wants != "name" and re.search(r"['\"“‘]$", sentence[:m.start()]):
            rank = 3                                    # a quoted name is a title or a programme, not who
        place = wants != "name" and re.search(r"\b(?:di|ke|in|at)\s+$", sentence[:m.start()]) is not None
        # "Siapa yang merumuskan ...?": among names alike, the one opening the sentence is who acts
        subject = wants == "person" and re.fullmatch(r"\s*(?:\d{1,3}[.)]\s+)?", sentence[:m.start()]) is not None
        scored.append((rank, place, not subject, a > m.start(), _anchor_distance(a, anchors), a, b))
    if not scored:
        return None
    *_, a, b = min(scored)
    # a name that ends the noun phrase opening the sentence, or the one after "dengan"/"oleh",
    # answers with all of it: "[Negara-negara anggota] ASEAN dan Jepang mengakui ...", "sepakat
    # dengan [masing-masing negara anggota] ASEAN dan Kota ASCN" (no verb or link word before it)
    opening = re.search(r"(?:^(?:\d{1,3}[.)]\s+)?|\b(?:dengan|oleh|kepada|bersama|antara|with|by)\s+)"
                        r"((?:[^\W\d_][\w-]*\s+){1,3})$", sentence[:a])
    if wants != "name" and opening and not any(
            (w.lower() in STOPWORDS and w.lower() not in _QUANTIFIERS) or w.lower() in _STOP or _verb(w.lower())
            for w in opening.group(1).split()):
        a = opening.start(1)
    return _phrase(sentence, a, b)


def _strict_kind(question: str) -> bool:
    """Whether the question asks for an organisation of a kind only such a name answers: "Which
    (Japanese) ministry ...?", "Apa nama perusahaan ...?", "Universitas apa ...?" (not "What did
    the ministry do?" or "Apa tugas kementerian ...?", which ask something of one)."""
    return _ASKS_STRICT_KIND.search(question) is not None


def _source(sentence: str, words: list[re.Match[str]], question: str, anchors: list[int]) -> Phrase | None:
    """"Dari mana iNews dapat info ini?" -> the phrase after "dari" ("siaran pers Kemdagri")."""
    found = []
    for i, w in enumerate(words):
        if w.group(0).lower() not in ("dari", "from"):
            continue
        taken = []
        for v in words[i + 1:i + 1 + _MAX_WORDS]:
            gap = sentence[(taken[-1] if taken else w).end():v.start()]
            if v.group(0).lower() in _STOP or re.search(r"[,;:()]", gap):
                break
            taken.append(v)
        if taken and _new(sentence[taken[0].start():taken[-1].end()], question):
            found.append((_anchor_distance(w.start(), anchors), taken[0].start(), taken[-1].end()))
    if not found:
        return None
    _, a, b = min(found)
    return _phrase(sentence, a, b)


def _acronym(sentence: str, question: str) -> Phrase | None:
    """"NR artinya apa?" with "National Representative (NR)" in the sentence -> the expansion;
    "Kemdagri (Kementerian Dalam Negeri)" gives it too. Only when the question asks what the
    acronym stands for ("Kemdagri ikut pertemuan apa?" asks about something else)."""
    content = [w for w in _WORD.findall(question) if w.lower() not in STOPWORDS and w.lower() not in QUESTION_WORDS]
    acronyms = re.findall(r"\b[A-Z][A-Za-z]{1,7}\b", question) + expansion_terms(question)   # + "kemdagri"
    if not (_ASKS_EXPANSION.search(question) or (content and all(w in acronyms for w in content))):
        return None
    for acronym in acronyms:
        m = re.search(rf"((?:{_CAP}\s+){{0,6}}{_CAP})\s+\((?i:{re.escape(acronym)})\)", sentence) or \
            re.search(rf"\b(?i:{re.escape(acronym)})\s+\(((?:{_CAP}\s+){{0,6}}{_CAP})\)", sentence)
        if m:
            return _phrase(sentence, m.start(1), m.end(1))
    return None


# "Apa kepanjangan JAMP?", "What does NR stand for?", "Apa singkatan dari National Representative?":
# answered only where the article spells the short form out beside the long one, in brackets.
# "arti" / "mean" ask that only of a word written as an acronym ("What does ASCN mean?", not
# "Apa arti kota pintar?").
_EXPANSION_CUE = re.compile(r"\b(singkatan\w*|kepanjangan\w*|kependekan\w*|akronim\w*|stand\w* for|short for|"
                            r"abbreviat\w*|acronym\w*|full form)\b", re.I)
_MEANING_CUE = re.compile(r"\b(arti\w*|mean\w*|maksud\w*)\b", re.I)
_ASKS_EXPANSION = re.compile(f"{_EXPANSION_CUE.pattern}|{_MEANING_CUE.pattern}", re.I)   # either kind of cue
_EXPANSION_WORDS = frozenset("""singkatan singkatannya kepanjangan kepanjangannya kependekan kependekannya akronim
    akronimnya stand stands short abbreviation abbreviated acronym full form arti artinya mean means meant
    maksud maksudnya dari for of""".split())


def expansion_terms(question: str) -> list[str]:
    """The words a question asks the short or long form of (``[]`` when it asks nothing of the kind).

    Example: ``expansion_terms("JAMP itu kepanjangannya apa?")`` is ``["JAMP"]``.
    """
    content = [w for w in _WORD.findall(question) if w.lower() not in STOPWORDS and
               w.lower() not in QUESTION_WORDS and w.lower() not in _EXPANSION_WORDS]
    if _EXPANSION_CUE.search(question):
        return content
    if _MEANING_CUE.search(question):
        return [w for w in content if sum(c.isupper() for c in w) >= 2]
    return []


# Roles an article states in so many words or not at all: who hosted, who moderated, who spoke (and
# what was said), who sponsored. A question asking for one is answered only by a sentence naming the
# role ("menjadi tuan rumah", "dipandu oleh", "mengatakan", "didanai"); no other sentence about the
# event answers it, however close ("Who hosted the meeting?" is not answered by who attended it).
_SPEECH = (r"\b(?:ber)?pidato\w*|\bspeech\w*|\bsambutan\w*|\bpembicara\w*|\bspeakers?\b|\bkeynote\b|\bceramah\w*|"
           r"\bspoke\b|\bspeak(?:s|ing)?\b|\bberbicara\b|\bremarks\b")
_SAID = (r"\bmengatakan\b|\bmenyampaikan\b|\bberkata\b|\bujar\w*|\btutur\w*|\bungkap\w*|\bmenyatakan\b|\bsaid\b|"
         r"\bsays\b|\bstated\b|\bannounced\b|\bmengumumkan\b|[\"“]")
_ACCOMPANY = (r"\b(?:di|men)?damping\w*|\bpendamping\w*|\b(?:di|me)nyerta\w*|\bmenyertai\w*|\b(?:di|me)nemani\w*|"
              r"\bditemani\w*|\baccompan\w*|\bescort\w*")
_TAKING_OFFICE = r"\bdilantik\b|\b(?:took|taken|take|takes|assumed) office\b|\bsworn in\b"
_OFFICE = rf"\bmenjabat\b|{_TAKING_OFFICE}"
_HOLDING_SINCE = r"\b(?:mulai|sejak|lama|kapan)\b[^?]*\bmenjabat\b|\bmenjabat\b[^?]*\b(?:sejak|kapan)\b"
_FOUNDING = (r"\bpenggagas\w*|\b(?:meng|di)gagas\w*|\bpendiri\w*|\b(?:men|di)dirikan\b|\bfound(?:ed|er|ers|ing)\b|"
             r"\binitiat\w*|\bestablish\w*")
# when something was formed or launched ("Kapan jaringan itu dibentuk?", "When was it launched?")
_FORMING = (r"\b(?:di|mem|ter)bentuk(?:nya)?\b|\bformed\b|\blaunch(?:ed)?\b|\b(?:di|me)luncurkan\b|\bpeluncuran\b|"
            r"\b(?:di|men)canangkan\b")
_TRANSLATING = r"\btranslat\w*|\b(?:men|di)?terjemah\w*|\bpenerjemah\w*"
_AWARD = r"\baward\w*|\bpenghargaan\b|\bprize\w*|\bjuara\b|\bwon\b|\bmemenangkan\b"
_RELATIONS = [(re.compile(asked, re.I), re.compile(said, re.I)) for asked, said in (
    (r"\bhost\w*|\btuan rumah\b|\bpenyelenggara\w*",
     r"\bhost\w*|\btuan rumah\b|\bpenyelenggara\w*|\bdiselenggarakan oleh\b|\borgani[sz]ed by\b|\bvenue\b|"
     r"\bbertempat\b"),
    (r"\bmoderat\w*|\bdipandu\b|\bmemandu\b|\bpemandu\b",
     r"\bmoderat\w*|\bdipandu\b|\bmemandu\b|\bpemandu\b|\bchaired by\b"),
    # where someone studied, was born, lives or has an office: a place the sentence ties to that
    # ("Di mana kantornya?" is not answered by "kota-kota pintar di Indonesia")
    # (an office or a home only when asked where: "Which office issued it?" asks for an organisation)
    (r"\b(?:stud(?:y|ied|ies)|kuliah|bersekolah|graduat\w*|alumn\w*|born|lahir)\b|"
     r"^(?=.*\b(?:where|di\s*mana|dimana|kota mana|negara mana)\b).*\b(?:lives?|lived|tinggal|reside\w*|"
     r"berdomisili|office\w*|kantor(?!\s+berita)\w*|berkantor|headquarter\w*|markas\w*|bermarkas)\b",
     r"\b(?:stud(?:y|ied|ies)|studi|kuliah|sekolah|pendidikan|graduat\w*|lulus\w*|alumn\w*|universitas|"
     r"university|born|lahir|kelahiran|lives?|lived|tinggal|reside\w*|domisili|berdomisili|office\w*|kantor\w*|"
     r"berkantor|headquarter\w*|markas\w*|bermarkas|sekretariat)\b"),
    # who went along with someone ("Siapa yang menyertainya?", "Who went with him?"): a sentence
    # saying "didampingi", in whichever of its words
    (rf"{_ACCOMPANY}|\b(?:went|came|travel(?:l?ed)?) (?:along )?with\b", _ACCOMPANY),
    # when or how someone took office ("Kapan dia mulai menjabat?"): a sentence saying so
    # (not "diangkat" or "ditunjuk", which also raise a point or name a representative). A bare
    # "menjabat" is holding an office, which a title answers ("Dia menjabat direktur apa?"); only
    # since when or how long asks about taking it.
    (rf"{_HOLDING_SINCE}|{_TAKING_OFFICE}", _OFFICE),
    # who founded or thought of something, translated it, or won an award: roles a sentence must name
    (_FOUNDING, rf"{_FOUNDING}|\bdibentuk\b"),
    (_FORMING, rf"{_FORMING}|{_FOUNDING}"),
    (_TRANSLATING, _TRANSLATING),
    (_AWARD, rf"{_AWARD}|\bmeraih\b"),
    # who chaired a meeting or a session (not who heads an office: "Who is heading it?" is its head)
    (r"\bchair\w*|\bketua\b|\bdiketuai\b|\bmemimpin\b|\bdipimpin\b|\bpresid\w*",
     r"\bchair\w*|\bketua\w*|\bdiketuai\b|\bmemimpin\b|\bdipimpin\b|\bpresid\w*|\bpimpinan\b"),
    # a speech, and what someone said ("What did Safrizal say?", not "What does the article say
    # about ...?": the article says it all): a speech or a report of words answers either
    (_SPEECH, f"{_SPEECH}|{_SAID}"),
    (r"\bwhat (?:did|does|do|has|have) (?!(?:the |this |that )?(?:article|story|news|report|text|piece|it|they)\b)"
     # (not "What did Japan say smart cities should be based on?", which asks what it said of them)
     r"[\w .'-]{1,40}? (?:say|tell)\b(?=\s*(?:[?.!]|$|about\b|regarding\b|during\b|in\b|at\b|to\b|on\b|there\b|"
     r"the (?:meeting|forum|audience|participants|session)\b))|\bapa (?:kata|ucapan|pernyataan)\b",
     f"{_SPEECH}|{_SAID}"),
    (r"\bsponsor\w*|\b(?:di|men)danai\b|\bfund(?:ed|ing)\b|\bpendanaan\b|\bpa(?:y|ys|id|ying) for\b|"
     r"\b(?:mem|di)biayai\b",
     r"\bsponsor\w*|\b(?:di|men)danai\b|\bfunded\b|\bfunding\b|\bpendanaan\b|\bdana\b|\bbiaya\b|\banggaran\b"),
)]


# "How often ...?", "Formatnya online atau offline?": the kind of phrase wanted, which a sentence
# may hold (evidence for ranking) or say otherwise (no evidence against it)
_ASKS_FORMAT = re.compile(r"\b(online|offline|daring|luring|tatap muka|hibrida|hybrid|in person|in-person|format\w*|"
                          r"bentuk\w*)\b", re.I)

# a count of those who took part one way ("hadir secara tatap muka", "attended in person", "watched
# online", "actually showed up"): a sentence counting all who were invited, in no such way, is none.
# A way of the event itself ("the hybrid meeting", "pertemuan daring ini") counts all who took part.
_COUNTS_BY_MODE = re.compile(r"\b(online|offline|daring|luring|tatap muka|in person|in-person|langsung|virtual\w*|"
                             r"remotely|showed up|turned up)\b", re.I)
_EVENT_MODE = re.compile(r"\b(?:(?:online|offline|virtual|in-person|hybrid)\s+(?:meeting|event|forum|summit|session|"
                         r"conference)s?|(?:pertemuan|acara|kegiatan|forum|rapat|konferensi|sesi)(?:\s+ini)?\s+"
                         r"(?:daring|luring|virtual|online|hibrida|tatap muka))\b", re.I)
_ASKS_ATTENDING = re.compile(r"\b(attend\w*|take part|took part|taking part|join\w*|participat\w*|hadir|menghadiri|"
                             r"ikut|mengikuti|berpartisipasi)\b", re.I)


def asked_manner(question: str, qtype: str = "") -> re.Pattern[str] | None:
    """The phrase a how-often (or will-it-recur), in-what-format, how-did-they-take-part,
    which-in-order or why question looks for, or a yes/no question on an edition of the event
    ("Was this the first meeting?": the sentence naming the edition it was); ``None`` for other
    questions."""
    if qtype == "why":
        return REASON
    if qtype == "yes_no" and editions(question):
        return EDITION
    if _ASKS_ORDINAL.search(question):                # "yang ke berapa?": a sentence saying "ketiga"
        return _ORDINAL_WORD
    if _ASKS_FREQUENCY.search(question):
        return _FREQUENCY
    attending = _ASKS_ATTENDING.search(question) is not None
    if _ASKS_FORMAT.search(question) or (attending and qtype == "how") or (
            attending and qtype == "yes_no" and re.search(r"\b(langsung|virtual\w*|secara)\b", question, re.I)):
        return _MODE              # "How did he take part?", "Apakah dia hadir langsung?": "secara virtual"
    return None


def asked_relation(question: str) -> re.Pattern[str] | None:
    """What a sentence must say to answer a question about a role the article would have to name
    (hosting, moderating, speaking, sponsoring), or ``None`` when the question asks none.

    Example: ``asked_relation("Negara mana yang menjadi tuan rumah?").search("... tuan rumah ...")``.
    """
    return next((said for asked, said in _RELATIONS if asked.search(question)), None)


def expands(sentence: str, terms: Sequence[str]) -> bool:
    """Whether ``sentence`` writes one of ``terms`` beside its other form in brackets:
    "National Representative (NR)", "(Adwil)" after a name, "Kemdagri (Kementerian ...)"."""
    return any(re.search(rf"\(\s*{re.escape(t)}\s*\)|\b{re.escape(t)}\s*\(", sentence, re.I) for t in terms)


def _runs(mask: list[bool]) -> list[tuple[int, int]]:
    """Runs of echoed words as (first, last) word positions; a one-word gap does not break a run."""
    runs: list[tuple[int, int]] = []
    for i, hit in enumerate(mask):
        if not hit:
            continue
        if runs and i - runs[-1][1] <= 2:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _phrase_after(sentence: str, words: list[re.Match[str]], mask: list[bool], last: int) -> list[re.Match[str]]:
    """Words after position ``last`` up to a clause boundary (punctuation or a clause word)."""
    out: list[re.Match[str]] = []
    i = last + 1
    if i < len(words) and words[i].group(0).lower() in _STOP and words[i].group(0).lower() != "yang" and \
            not re.search(r"[,;:()]", sentence[words[last].end():words[i].start()]):
        i += 1                         # "memutuskan untuk [...]", "melalui [...]": skip the linking word
    while i < len(words) and len(out) < _MAX_WORDS:
        w = words[i]
        gap = sentence[(out[-1] if out else words[i - 1]).end():w.start()]
        if re.search(r"[,;:()]", gap) and out:
            break
        lower = w.group(0).lower()
        if lower == "yang":
            # "tantangan yang sama": a short modifier right before a boundary belongs to the phrase
            # (right after the echo, it modifies the echoed noun: "[tantangan] yang sama")
            tail = words[i + 1:i + 3]
            ends = i + 1 + len(tail) >= len(words) or any(
                t.group(0).lower() in _STOP or re.search(r"[,;:.()]", sentence[t.end():t.end() + 1]) for t in tail)
            if not (tail and ends and len(tail) <= 2):
                break
            take = next((k for k, t in enumerate(tail) if t.group(0).lower() in _STOP
                         or re.search(r"[,;:.()]", sentence[t.end():t.end() + 1])), len(tail) - 1)
            if tail[take].group(0).lower() in _STOP:
                take -= 1
            out.extend([w, *tail[:take + 1]])
            break
        if lower in _STOP or (mask[i] and not out) or (lower in CONJUNCTIONS and not out):
            break
        out.append(w)
        i += 1
    return out


def _people(sentence: str, words: list[re.Match[str]], mask: list[bool]) -> Phrase | None:
    """A noun phrase naming people by their role ("pemimpin pusat dan daerah ...", "para
    pejabat", "the officials") right next to the question's words (the one its verb is about:
    "mengikutsertakan [pemimpin ...]"), not said by the question, up to a clause boundary or verb."""
    for i, w in enumerate(words):
        if mask[i] or not w.group(0)[:1].islower() or w.group(0).lower() not in _PEOPLE:
            continue
        start = i - 1 if i and words[i - 1].group(0).lower() in _QUANTIFIERS and not mask[i - 1] else i
        rest = _phrase_after(sentence, words, mask, i) if i + 1 < len(words) and \
            words[i + 1].group(0).lower() not in _STOP else []
        verb = next((k for k, r in enumerate(rest) if _verb(r.group(0).lower())), len(rest))
        rest = rest[:verb]
        end = i + len(rest)
        before = [k for k in range(max(0, start - 4), start) if mask[k]]
        after = end + 1 if end + 1 < len(words) and mask[end + 1] else None
        if not ((before and _same_clause(sentence, words[before[-1]], words[start]))
                or (after is not None and _same_clause(sentence, words[end], words[after]))):
            continue                                    # a role noun away from what the question is about
        return _phrase(sentence, words[start].start(), (rest[-1] if rest else w).end())
    return None


def _people_from(sentence: str, words: list[re.Match[str]], mask: list[bool]) -> Phrase | None:
    """"Pemimpin dari mana saja yang dilibatkan?": the people the question names, with the places
    that qualify them ("[pemimpin pusat dan daerah negara-negara ASEAN]")."""
    for i, w in enumerate(words):
        if not mask[i] or w.group(0).lower() not in _PEOPLE:
            continue
        rest = _phrase_after(sentence, words, mask, i)
        rest = rest[:next((k for k, r in enumerate(rest) if _verb(r.group(0).lower())), len(rest))]
        if rest and re.search(rf"\b{_PLACE_NOUN}\b|{_CAP}", sentence[rest[0].start():rest[-1].end()]):
            return _phrase(sentence, w.start(), rest[-1].end())
    return None


def _capitalized(word: str) -> bool:
    """A name's word: "Kemdagri", "iNews", "ASEAN"."""
    return any(c.isupper() for c in word[:2])


_ROLE_OR_TITLE = re.compile(rf"{_ROLE}\b|{_TITLE}$", re.I)      # matched at a word's start: "Direktur", "Dr"


def _passive_agent(sentence: str, words: list[re.Match[str]], question: str) -> Phrase | None:
    """"Siapa yang menerima siaran pers?" of "... seperti diterima [iNews.id] dari siaran pers":
    the name right after the passive form (di-) of the question's verb (its active me- form, or an
    English verb through the glossary), which is who did it. A role there ("didampingi Direktur
    ...") is left to the name search, which finds the person holding it."""
    active = {t for w in re.findall(r"\bme[a-z]+", question.lower()) if _verb(w) for t in _terms(w)}
    active |= indonesian_terms(question, verbs=True)
    if not active:
        return None
    for i, w in enumerate(words[:-1]):
        if not (w.group(0).lower().startswith("di") and _terms(w.group(0)) & active):
            continue
        j = i + 2 if words[i + 1].group(0).lower() == "oleh" and i + 2 < len(words) else i + 1
        first = words[j]
        if not _capitalized(first.group(0)) or not _same_clause(sentence, w, first) or \
                _ROLE_OR_TITLE.match(first.group(0)):
            continue
        k = j
        # "Kementerian Dalam Negeri (Kemdagri)", "iNews.id": one name
        while k + 1 < len(words) and _capitalized(words[k + 1].group(0)) and \
                re.fullmatch(r"\s*\(?|\.", sentence[words[k].end():words[k + 1].start()]):
            k += 1
        end = words[k].end()
        if "(" in sentence[first.start():end] and sentence[end:end + 1] == ")":
            end += 1
        return _phrase(sentence, first.start(), end)
    return None


def _same_clause(sentence: str, left: re.Match[str], right: re.Match[str]) -> bool:
    """No punctuation between two words of the sentence."""
    return not re.search(r"[,;:.()]", sentence[left.end():right.start()])


def _verb(word: str) -> bool:
    """An Indonesian verb by its prefix ("menghasilkan apa?" asks for an object, not a kind of
    thing): me-/di-/ber-/ter- on a word whose stem is shorter."""
    stems = analyze(word)
    return word.startswith(("me", "di", "ber", "ter")) and bool(stems) and len(stems[0]) < len(word) - 1


# "Selain upacara, ...?", "... besides the forum?": the thing left out, up to a comma or the question word
_BESIDES = re.compile(r"\b(?:selain(?: dari)?|di luar|besides|apart from|aside from|other than)\s+(?:the\s+)?"
                      r"([^,?]+?)(?=\s*(?:,|\?|$|\b(?:apa|siapa|what|who|which|where|when|ada|is|was|were|did|"
                      r"do|does)\b))", re.I)
_COORD = r"(?:serta|dan|maupun|and|as well as)"


def _besides(sentence: str, words: list[re.Match[str]], question: str) -> Phrase | None:
    """What the sentence gives beside the thing the question leaves out: "upacara pembukaan serta
    [diskusi panel]" for "... selain upacara?", "[business match making] serta forum" for "besides
    the forum", "Jepang mengangkat tiga poin ..., serta [memperkenalkan beberapa kasus domestik ...]"
    for "Selain tiga poin, apa lagi ...?". ``None`` when the sentence does not say the left-out thing."""
    found = _BESIDES.search(question)
    if not found:
        return None
    left_out = _terms(found.group(1)) - _terms(" ".join(QUESTION_WORDS))
    hit = [i for i, w in enumerate(words) if _terms(w.group(0)) & left_out]
    if not left_out or not hit:
        return None
    first, last = hit[0], hit[0]
    while last + 1 < len(words) and (last + 1) in hit and not re.search(r"[,;:]", sentence[
            words[last].end():words[last + 1].start()]):
        last += 1
    after = sentence[words[last].end():]
    # the other thing ends where its clause does, or where a relative clause or a purpose begins
    clause_end = re.compile(rf"[,;:.!?](?:\s|$)|\s(?:{_COORD}|untuk|guna|agar|supaya|yang|to|that|which|who)\s|$")
    right = re.match(rf"\s*(?:[^\W\d_][\w-]*\s+){{0,2}}?{_COORD}\s+", after, re.I)
    if right:                                   # "X serta [Y]"
        start = words[last].end() + right.end()
        end = start + clause_end.search(sentence[start:]).start()
        return _phrase(sentence, start, end) if end > start else None
    before = re.search(rf"\s{_COORD}\s+$", sentence[:words[first].start()], re.I)
    if before:                                  # "[Y] serta X": back to the verb or the clause start
        at = words.index(next(w for w in reversed(words) if w.end() <= before.start()))
        stop = at
        while stop > 0 and not _verb(words[stop - 1].group(0).lower()) and not re.search(
                r"[,;:]", sentence[words[stop - 1].end():words[stop].start()]):
            stop -= 1
        return _phrase(sentence, words[stop].start(), words[at].end())
    # the last: "A, B, dan C" inside it is a list, not the clause
    later = next(reversed(list(re.finditer(rf",\s+{_COORD}\s+", after))), None)
    if later:                                   # "X ..., serta [Y]": the next clause joined to it
        start = words[last].end() + later.end()
        end = start + clause_end.search(sentence[start:]).start()
        return _phrase(sentence, start, end) if end > start else None
    return None


def _asked_noun(question: str) -> tuple[str, bool] | None:
    """The noun the question asks a kind of ("kasus apa?", "Which meeting ...?", "what challenge")
    and whether it is English (its Indonesian word is then unknown), or ``None``."""
    tokens = [t.lower() for t in _WORD.findall(question)]
    for i, t in enumerate(tokens):
        if t in ("apa", "mana") and i > 0 and tokens[i - 1] not in STOPWORDS and tokens[i - 1] not in _STOP \
                and tokens[i - 1] not in QUESTION_WORDS and not _verb(tokens[i - 1]):
            return tokens[i - 1], False
        if t in ("which", "what"):
            # "what kind of measures": the measures
            j = i + 3 if tokens[i + 1:i + 3] in (["kind", "of"], ["type", "of"], ["sort", "of"]) else i + 1
            if j < len(tokens) and tokens[j] not in STOPWORDS and tokens[j] not in _AUX:
                return tokens[j], True
    return None


# English verbs that can follow "what" ("What took place ...?"): not a noun asking a kind of thing
_EN_VERB = re.compile(r"(?:\w+ed|\w+ing|took|made|came|went|said|got|gave|held|led|met|saw|brought|began|"
                      r"happens?|does|goes|comes|makes|takes|say|says|is|are|was|were)$", re.I)


# nouns asking for a number, a name or a part rather than a kind of thing
_NOT_A_KIND = re.compile(r"(?:number|edition|one|ones|kind|type|sort|part|thing|things|name|names|title|day|date|time|"
                         r"year|month)$")


def asked_english_noun(question: str, qtype: str) -> str | None:
    """The English noun a what/which question asks a kind of ("What ceremony ...?" -> "ceremony"),
    whose Indonesian word the caller looks up by token vectors; ``None`` for other questions."""
    asked = _asked_noun(question) if qtype in ("what", "which") else None
    if asked is None or not asked[1] or _EN_VERB.match(asked[0]):
        return None
    tokens = [t.lower() for t in _WORD.findall(question)]
    at = tokens.index(asked[0])
    # English noun phrases end on their head: "What long-running [problem] ...?", "Which disease [pandemic]?"
    while at + 1 < len(tokens) and not tokens[at].endswith("'s") and tokens[at + 1] not in STOPWORDS and \
            tokens[at + 1] not in _AUX and not _EN_VERB.match(tokens[at + 1]):
        at += 1
    noun = tokens[at].removesuffix("'s")
    if _EN_VERB.match(noun) or noun in STOPWORDS or _NOT_A_KIND.match(noun) or _ASKS_PROGRAMME.fullmatch(noun):
        return None
    return noun


def _translated_kind(sentence: str, similarities: Sequence[tuple[int, int, float]], question: str
                     ) -> Phrase | None:
    """The phrase headed by the sentence's word for the question's English noun (``similarities``:
    each word's span and cosine with the noun): "What ceremony ...?" -> "[upacara pembukaan]",
    "What document ...?" -> "[Buku Panduan Perencanaan Kota Pintar ASEAN]". The word must stand
    out from the sentence's others; the phrase runs on over the words that describe it, and back over
    a word that matches about as well ("[kerja sama] timbal balik") or a name it is part of."""
    if len(similarities) < 3:
        return None
    scores = [sim for _, _, sim in similarities]
    text = [sentence[a:b] for a, b, _ in similarities]
    content = [i for i, word in enumerate(text) if word.lower() not in STOPWORDS and word.lower() not in _STOP]
    if not content:
        return None
    best = max(content, key=scores.__getitem__)
    if scores[best] - median(scores) < 0.04:
        return None

    def joined(i: int, j: int) -> bool:             # nothing but a space between words i and j
        return not sentence[similarities[i][1]:similarities[j][0]].strip()

    first = best
    while first > 0 and joined(first - 1, first) and text[first - 1].lower() not in STOPWORDS and (
            scores[first - 1] >= scores[best] - 0.05 or (text[first][:1].isupper() and text[first - 1][:1].isupper())):
        first -= 1
    last = best
    while last + 1 < len(text) and last - first < 7 and joined(last, last + 1):
        word = text[last + 1].lower()
        after = text[last + 2].lower() if last + 2 < len(text) and joined(last + 1, last + 2) else None
        # "tantangan [yang sama]", "sektor publik [dan swasta]": a word joined on, if it describes
        if after and not _verb(after) and ((word == "yang" and after not in _STOP) or (
                word in ("dan", "serta", "maupun") and after not in STOPWORDS)):
            last += 2
            continue
        if word in STOPWORDS or word in _STOP or _verb(word):
            break
        last += 1
    phrase = _phrase(sentence, similarities[first][0], similarities[last][1])
    return phrase if phrase is not None and _new(phrase.text, question) else None


def _after_echo(sentence: str, words: list[re.Match[str]], mask: list[bool], question: str,
                asked: tuple[str, bool] | None) -> Phrase | None:
    """The phrase right after the question's echo (``mask``, per word of the sentence):
    "Jepang melaporkan [status kemajuan ...]". When the echo ends on the noun the question asks a
    kind of (``asked``, from :func:`_asked_noun`), the noun and its quantifier belong to the
    answer: "Jepang memperkenalkan kasus apa?" -> "[beberapa kasus domestik]"; an English noun's
    Indonesian word is unknown, so any content word ending the echo counts."""
    runs = _runs(mask)
    # "Kehadiran Dirjen diharapkan bisa memberikan apa?": the answer sits where "apa" does, after
    # the word before it; the echo that holds that word comes before larger ones
    slot = re.search(r"([^\W\d_][\w-]*)\s+apa\b", question, re.I)
    slot_terms = _terms(slot.group(1)) if slot and slot.group(1).lower() not in QUESTION_WORDS else frozenset()
    link = slot.group(1).lower() if slot and slot.group(1).lower() in _LINKS else None
    links = _MEANS if link in _MEANS or (link is None and _ASKS_MEANS.search(question)) else {link}
    if link or len(links) > 1:
        # "diadakan secara apa?", "maju melalui apa?", "lewat cara apa?": what follows that word
        # (or, for a means, any word for "by way of") in the sentence
        at = [i for i, w in enumerate(words) if w.group(0).lower() in links]
        anchors = [w.start() for w, hit in zip(words, mask, strict=True) if hit]
        for i in sorted(at, key=lambda i: _anchor_distance(words[i].start(), anchors)):
            phrase = _phrase_after(sentence, words, [False] * len(words), i)
            if phrase and any(w.group(0).lower() not in STOPWORDS for w in phrase):
                return _phrase(sentence, phrase[0].start(), phrase[-1].end())
    # "Apa yang disambut baik oleh ASEAN dan Jepang?": the object follows the sentence's active verb
    # ("... menyambut baik [...]"), whatever other words of the question the sentence repeats
    # (and "What did ASEAN and Japan welcome?" likewise, its verb found through the glossary)
    passive = re.search(r"\b(?:apa|siapa)\s+yang\s+(di[^\W\d_]+)", question, re.I)
    verb_terms = _terms(passive.group(1)) if passive else frozenset()
    # an English question's verbs, the last first: "What did they agree to keep [holding]?"
    verbs = [terms for _, terms in glossed(question, verbs=True)]

    def says_verb(word: str) -> int:
        terms = _terms(word)
        if verb_terms & terms:
            return len(verbs) + 1
        return max((k + 1 for k, v in enumerate(verbs) if v & terms), default=0)

    best: tuple[tuple[bool, int, int], list[re.Match[str]], int] | None = None
    for first, last in runs:
        key = (bool(slot_terms & _terms(words[last].group(0))),
               max(says_verb(words[k].group(0)) for k in range(first, last + 1)), sum(mask[first:last + 1]))
        phrase = _phrase_after(sentence, words, mask, last)
        # a phrase of function words ("... tiga poin [ini] untuk ...") says nothing, nor does a lone
        # ordinal: it numbers the echoed noun ("Pada hari [pertama], ..."; an ordinal asked for is
        # answered before this): what follows it, unless that opens with the question's words ("Pada
        # hari kedua, para [peserta] mengunjungi ..."), whose own echo comes next
        if len(phrase) == 1 and _ORDINAL_WORD.fullmatch(phrase[0].group(0)):
            after = _phrase_after(sentence, words, mask, words.index(phrase[0]))
            phrase = after if not any(mask[words.index(w)] for w in after[:2]) else phrase
        if phrase and any(w.group(0).lower() not in STOPWORDS for w in phrase) and \
                not (len(phrase) == 1 and _ORDINAL_WORD.fullmatch(phrase[0].group(0))) and \
                not all(mask[words.index(w)] for w in phrase) and (best is None or key > best[0]):
            best = (key, phrase, last)
    if best is None:
        return None
    _, phrase, last = best
    start = phrase[0].start()
    stems = _terms(asked[0]) if asked and not asked[1] else frozenset()
    english = bool(asked and asked[1])
    head = words[last]
    if not sentence[head.end():phrase[0].start()].strip() and (
            _terms(head.group(0)) & stems or (english and head.group(0).lower() not in STOPWORDS)):
        at = last
        while at > 0 and words[at - 1].group(0).lower() in _QUANTIFIERS and not sentence[
                words[at - 1].end():words[at].start()].strip():
            at -= 1
        start = words[at].start()
    if phrase[0].group(0)[:1].isupper():
        # a name the question only began ("Buku panduan ... namanya?"): take all of it
        at = words.index(phrase[0])
        while at > 0 and words[at - 1].group(0)[:1].isupper() and not re.search(
                r"[,;:()]", sentence[words[at - 1].end():words[at].start()]):
            at -= 1
        start = words[at].start()
    end = phrase[-1].end()
    name = _NAME.match(sentence, start)
    if name and name.end() > end and not re.search(r"[,;:]", sentence[end:name.end()]):
        end = name.end()                                # "[Pertemuan ... Kota Pintar] (Smart City) ASEAN-Jepang ketiga"
    return _phrase(sentence, start, end)


def _special(sentence: str, words: list[re.Match[str]], qtype: str, question: str, anchors: list[int]
             ) -> Phrase | None:
    """Questions about the article's parts or a named kind of answer, whatever their type."""
    q = question.lower()
    dateline = _DATELINE.match(sentence)
    if ASKS_TITLE.search(q) and "\n" not in sentence and not dateline and qtype not in ("who", "when"):
        return _phrase(sentence, 0, len(sentence)) if qtype in ("what", "which", "other") else None
    if ASKS_BYLINE.search(q) and re.match(r"^\w[\w ]*:\s*\S", sentence):
        return _phrase(sentence, sentence.index(":") + 1, len(sentence))
    if dateline and _ASKS_CITY.search(q) and _ASKS_STORY.search(q):
        return _phrase(sentence, dateline.start(1), dateline.end(1))
    if dateline and asks_outlet(question, qtype):
        return _phrase(sentence, dateline.start(2), dateline.end(2))
    if _ASKS_ORDINAL.search(q):
        found = list(_ORDINAL_WORD.finditer(sentence))
        if found:
            ordinal = _nearest(sentence, found, anchors)
            before = re.search(r"([^\W_]+)\s+$", sentence[:ordinal.start])
            if before and _terms(before.group(1)) <= _terms(question) and _terms(before.group(1)):
                return _phrase(sentence, before.start(1), ordinal.end)     # "hari ke berapa?" -> "hari pertama"
            return ordinal
    if _ASKS_POSITION.search(q) and qtype not in ("when", "how_many", "where"):    # not "Kapan dia mulai menjabat?"
        found = [m for m in _POSITION.finditer(sentence) if _new(m.group(0), question)]
        if not found:                                   # "ditunjuk sebagai National Representative (NR)"
            found = [m for m in re.finditer(rf"\b(?:sebagai|as)\s+({_NAME.pattern})", sentence)
                     if _new(m.group(1), question)]
            if found:
                return _nearest(sentence, found, anchors, group=1)
        if found:
            return _nearest(sentence, found, anchors)
    if _ASKS_HOPE.search(q) and qtype in ("what", "other") and not _ASKS_BY_WHAT.search(q):
        hoped = _HOPED.search(sentence)                 # "Apa harapan dari kehadiran Dirjen?"
        if hoped:
            at = next((i for i, w in enumerate(words) if w.end() == hoped.end()), None)
            phrase = _phrase_after(sentence, words, [False] * len(words), at) if at is not None else []
            if len(phrase) > 2 and _verb(phrase[0].group(0).lower()) and not re.search(r"\b(do|melakukan)\b", q):
                phrase = phrase[1:]                     # "memberikan [kontribusi aktif serta masukan]"
            if phrase and _new(sentence[phrase[0].start():phrase[-1].end()], question):
                return _phrase(sentence, phrase[0].start(), phrase[-1].end())
    if _ASKS_COMMON.search(q) and qtype in ("what", "which", "other"):
        shared = [m for m in _SAME.finditer(sentence) if m.group(1).lower() not in STOPWORDS and not _verb(
            m.group(1).lower()) and _new(m.group(0), question)]
        if shared:                                      # "What do all regions have in common?"
            return _nearest(sentence, shared, anchors)
    if _ASKS_FREQUENCY.search(q):                      # "How often ...?": "secara terus menerus", "setiap tahun"
        often = [m for m in _FREQUENCY.finditer(sentence) if _new(m.group(0), question)]
        if often:
            return _nearest(sentence, often, anchors)
    # "How was the meeting held?", "Bagaimana Safrizal hadir?": the manner the sentence states
    if (_ASKS_MODE.search(q) or (qtype == "how" and not _HOW_DEGREE.search(q))) \
            and qtype not in ("who", "when", "how_many", "why") and not _ASKS_ORG.search(q):
        mode = _MODE.search(sentence)
        if mode:
            return _phrase(sentence, mode.start(), mode.end())
    return None


def extract(sentence: str, qtype: str, question: str, echo: Sequence[tuple[int, int]] = (),
            kind_words: Sequence[tuple[int, int, float]] = ()) -> Phrase | None:
    """The answer phrase for a question of type ``qtype`` inside ``sentence``, or ``None``.

    Args:
        echo: character spans of ``sentence`` aligned with the question's content words (from
            token vectors; lets English questions find their Indonesian words).
        kind_words: for an English what/which question asking a kind of thing, each word of the
            sentence with its cosine to that noun (:func:`asked_english_noun`); its best match heads
            the phrase when nothing more specific answers.
    Example: ``extract("Kegiatan ini mengundang 1.200 peserta.", "how_many", "Berapa peserta?")``
    gives ``Phrase(24, 37, "1.200 peserta")``. A phrase of function words only ("ini", "yang
    sama") says nothing: ``None`` rather than a guess.
    """
    phrase = _extract(sentence, qtype, question, echo, kind_words)
    if phrase is None or qtype == "how_many":          # "satu" is a function word, and an answer to "berapa"
        return phrase
    return phrase if any(w.group(0).lower() not in STOPWORDS for w in _WORD.finditer(phrase.text)) else None


def _extract(sentence: str, qtype: str, question: str, echo: Sequence[tuple[int, int]],
             kind_words: Sequence[tuple[int, int, float]] = ()) -> Phrase | None:
    words = list(_WORD.finditer(sentence))
    mask = _echo_mask(sentence, words, question, echo)
    anchors = [w.start() for w, hit in zip(words, mask, strict=True) if hit]
    special = _special(sentence, words, qtype, question, anchors)
    if special is not None:
        return special
    if qtype not in ("how_many", "when", "yes_no", "list"):
        other = _besides(sentence, words, question)
        if other is not None:
            return other
    if qtype == "how_many":
        if asks_duration(question):                     # "berapa hari?": a stated duration, else the dates it ran
            span = _dates(sentence, question, anchors)
            if span is not None and (_DURATION.fullmatch(span.text) or _RANGE.search(span.text)):
                return span
            if _ASKS_LENGTH.search(question):           # "How long ...?": not a count of something else
                return None
        return _numbers(sentence, question, anchors)
    if qtype == "when":
        return _dates(sentence, question, anchors)
    if qtype == "why":
        return _reason(sentence, question, anchors)
    asked = _asked_noun(question)
    strict = _strict_kind(question)                 # "Which ministry ...?": a ministry or nothing
    # "Which meeting did the ministry join?" asks for a meeting: the organisation must be what is asked
    wants_org = strict or bool(_ASKS_ORG.search(question) if qtype == "who" or asked is None
                               else _ASKS_ORG.fullmatch(asked[0]))
    if qtype == "who" and _ASKS_FROM_WHOM.search(question):
        source = _source(sentence, words, question, anchors)
        if source is not None:
            return source
    if qtype == "who" and not strict:
        agent = _passive_agent(sentence, words, question)
        if agent is not None:
            return agent
    if qtype == "who" or (qtype in ("which", "what") and wants_org):
        name = _names(sentence, question, anchors, "org" if wants_org else "person")
        if qtype == "who" and not wants_org and (name is None or not (
                _PERSON_TITLE.search(name.text) or _ORG_WORD.search(name.text))):
            # no titled person and no organisation: people named by what they are ("[pemimpin
            # pusat dan daerah negara-negara ASEAN]") rather than a bare place name inside them
            people = _people(sentence, words, mask)
            if people is not None:
                return people
        if name is not None or qtype == "who" or strict:
            return name
    if qtype == "where" and (_ASKS_ORIGIN.search(question) or ASKS_SOURCE.search(question.lower())):
        source = _source(sentence, words, question, anchors)
        if source is not None:
            return source
    if qtype == "where":
        place = [m for m in _PLACE.finditer(sentence) if _new(m.group(1), question)]
        kind = _ASKS_NAMED_PLACE.search(question)
        if kind:        # "Di kota mana ...?": a name, or a common noun of that kind; "setiap negara" is no city
            place = [m for m in place if m.group(1)[:1].isupper() or _terms(m.group(1)) & _terms(question)]
            place += [m for m in re.finditer(rf"({_KIND_NAME.pattern})", sentence) if _new(m.group(1), question)
                      and not re.search(r"[A-Z][\w-]*\s+$", sentence[:m.start()])]
        if place:
            return _nearest(sentence, place, anchors, group=1)
        origin = _people_from(sentence, words, mask)
        if origin is not None:
            return origin
        # "Peserta dari (negara) mana saja?": "... [negara-negara ASEAN]", with no "dari" before it
        if _ASKS_ORIGIN.search(question) or re.search(r"\bdari\s+\w+\s+mana\b", question, re.I):
            bare = [m for m in _BARE_PLACE.finditer(sentence) if _new(m.group(0), question)]
            if bare:
                return _nearest(sentence, bare, anchors)
        mode = _MODE.search(sentence)       # "Di mana pertemuannya, online atau langsung?"; not for a city
        return _phrase(sentence, mode.start(), mode.end()) if mode and not kind else None
    if qtype in ("list", "yes_no"):
        return None
    acronym = _acronym(sentence, question)
    if acronym:
        return acronym
    if kind_words and qtype in ("what", "which") and not _ASKS_NAME.search(question):
        kind = _translated_kind(sentence, kind_words, question)
        if kind is not None:
            return kind
    after = _after_echo(sentence, words, mask, question, asked)
    if qtype in ("what", "which", "other"):
        # a quoted name answers when it is what follows the question's words (or nothing does), or
        # when the question asks what a programme is called
        quoted = _QUOTED.search(sentence)
        if quoted and _new(quoted.group(1), question) and (
                (after is None and (asked is None or _ASKS_PROGRAMME.fullmatch(asked[0])))
                or (_ASKS_NAME.search(question) and _PROGRAMME.search(question))
                or (after is not None and after.start < quoted.end(1) and quoted.start(1) < after.end)):
            return _phrase(sentence, quoted.start(1), quoted.end(1))
        if _ASKS_NAME.search(question):                 # "What is the handbook called?": a name
            name = _names(sentence, question, anchors, "name")
            if name is not None:
                return name
    return after


def type_match(sentence: str, qtype: str, question: str, echo: Sequence[tuple[int, int]] = ()) -> float:
    """1.0 if ``sentence`` holds a phrase of the asked type (for why, a reason or purpose), 0.5 if
    the type has none, else 0.0. ``echo``: as for :func:`extract` (an English question's words
    found in an Indonesian sentence)."""
    terms = expansion_terms(question)
    if terms:                                           # "Apa kepanjangan JAMP?": only a bracketed form answers
        return 1.0 if expands(sentence, terms) else 0.0
    relation = asked_relation(question)
    if relation is not None and not relation.search(sentence):
        return 0.0                                      # "Who hosted it?": a sentence that names no host
    if qtype in ("what", "which", "who") and _strict_kind(question):
        # "Universitas apa ...?", "Which ministry ...?": only an organisation of that kind answers
        return 1.0 if extract(sentence, qtype, question) is not None else 0.0
    if qtype not in TYPED:                              # "Was it held online?": "secara hibrida, virtual ..."
        manner = asked_manner(question, qtype)
        if manner is not None and manner.search(sentence):
            return 1.0
        return 0.0 if qtype == "why" else 0.5           # a why-question needs its reason
    if ordinal_conflict(question, sentence):            # "Kapan pertemuan keempat?": a date of the third is none
        return 0.0
    if qtype == "how_many" and _COUNTS_BY_MODE.search(_EVENT_MODE.sub(" ", question)) and not _MODE.search(sentence):
        return 0.0                                      # "How many attended in person?": not the invited count
    origin = _COUNTED_FROM.search(question) if qtype == "how_many" else None
    if origin and not re.search(rf"\b{re.escape(origin.group(1))}\b", sentence, re.I):
        return 0.0                                      # "Berapa peserta dari Indonesia?": not all the invited
    return 1.0 if extract(sentence, qtype, question, echo) is not None else 0.0
