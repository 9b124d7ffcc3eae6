"""What a question asks: its language, its type (who, when, how many, list ...) and whether it
leans on an earlier question (a follow-up).

Pure string rules, no model: cheap enough to run on every question.
"""

from __future__ import annotations

import re
import unicodedata

from index.lexical import stem

ID_WORDS = frozenset("""
    yang apa apakah siapa siapakah berapa berapakah kapan kapankah dimana mana bagaimana mengapa
    kenapa saja dan di ke dari ini itu dengan untuk pada adalah tidak bukan belum tersebut hari
    acara kegiatan peserta negara kota pertemuan hasil rekomendasi artikel berita sebutkan jelaskan
    dalam oleh akan sudah telah juga apa-apa tentang tahun bulan brp yg dgn utk tsb gak nggak kah
    nya mereka dia ia beliau kami kita jumlah banyak orang diundang hadir disebut menurut
""".split())
EN_WORDS = frozenset("""
    the a an of to in on at for by with from and or is are was were be been what who whom whose
    when where which why how many much does did do will would can could should this that these
    those it its they them their he she his her there article meeting participants people city
    cities recommendations say says said about according named mentioned list any were held
""".split())

# Words that say what kind of answer is wanted but never occur in the answer itself.
QUESTION_WORDS = frozenset("""
    apa apakah siapa siapakah berapa berapakah brp kapan kapankah mana dimana manakah bagaimana gimana
    mengapa kenapa benarkah adakah sih ya dong kah nggak gak ga enggak tidak ini itu tersebut saja
    what whats who whom whose when where which why how many much is are was were did does do query
""".split())

# Nouns for a person (a role, an office, a job): "What is the name of the director ...?" asks who.
# Wider than the offices in highlight._ROLE ("Who is its minister?" wants someone holding one): an
# editor or a speaker is a person too, but holds no office.
_PERSON_NOUN = (r"(?:director|official|minister|head|chair\w*|leader|editor|representative|person|man|woman|"
           r"spokes\w+|secretary|ambassador|governor|mayor|president|reporter|writer|author|speaker)")
_PERSON_NOUN_ID = (r"(?:direktur|dirjen|pejabat|menteri|editor|penyunting|kepala|ketua|pemimpin|pimpinan|wakil|orang|"
              r"tokoh|gubernur|presiden|bupati|wali ?kota|wartawan|penulis|pembicara|juru bicara)")

# "Which Indonesian cities ...?", "What other cities ...?": still a question for places
PLACE_MODIFIER = (r"(?:indonesian|japanese|asean|southeast asian|asian|foreign|other|big|major|host|member|"
                  r"participating|partner)")

# (type, pattern) in priority order; the first match wins.
_TYPE_RULES: list[tuple[str, str]] = [
    ("list", r"\b(apa|siapa|mana) saja\b|\bsebutkan\b|\bapa-apa\b|\blist (all|the)\b|\bname all\b|\bname the \w+s\b|"
             r"\bwhat (were|are) (all )?the \w+s\b|\bwhich \w+s (were|are|did)\b|\brekomendasi(nya)? apa\b"),
    ("when", r"\bkapan\b|\btanggal berapa\b|\bhari apa\b|\b(pukul|jam) berapa\b|\bwhen\b|"
             r"\bwhat (date|day|time|year|month)s?\b|\bwhich (date|day|year|month)s?\b|\bbulan apa\b|\btahun berapa\b"),
    # "yang ke berapa?" asks which one in a sequence (an ordinal), not how many
    ("which", r"\bke-?\s?berapa(kah)?\b|\bkeberapa(kah)?\b"),
    # a count, an amount or a measure ("How tall ...?", "Seberapa jauh ...?")
    ("how_many", r"\bberapa(kah)?\b|\bbrp\b|\bhow (many|much|long)\b|\bjumlah\b|\bnumber of\b|"
                 r"\bwhat (?:percentage|proportion|share|fraction|amount)\b|\bpersentase\b|\bproporsi\b|"
                 r"\bhow (tall|high|big|large|far|heavy|old|deep|wide)\b|"
                 r"\bseberapa (tinggi|besar|jauh|berat|luas|dalam|lebar|tua|panjang)\b"),
    ("who", r"\bsiapa(kah)?\b|\bwho(m|se)?\b|"
            rf"\bwhat(?:'s| is| was)? (?:the |his |her |its )?(?:full )?names? of "
            rf"(?:the |this |that |its )?(?:\w+ )?{_PERSON_NOUN}s?\b|"
            rf"\bapa(?:kah)? nama(?:nya)? (?:lengkap )?{_PERSON_NOUN_ID}(?:nya)?\b|"
            rf"\bnama (?:lengkap )?{_PERSON_NOUN_ID}(?:nya)? (?:\w+ )?apa\b|"
            r"\b(lembaga|instansi|kementerian|pihak|organisasi|pejabat|tokoh|petugas|perusahaan) (apa|mana)\b|"
            # the country that did something is its agent ("Negara mana yang melaporkan ...?")
            r"\bnegara (apa|mana)(kah)?( saja)? yang (me|ber)\w+|"
            r"\bwhich (?:[a-z]+ )?(ministry|organi[sz]ation|agency|institution|country|countries|person|official|"
            r"company|companies|firms?)\b|"
            # which holder of a role did something: a person ("Which director accompanied him?",
            # "Direktur mana yang mendampinginya?"); "direktur apa?" asks the office
            rf"\bwhich (?:[a-z]+ )?{_PERSON_NOUN} (?:did|was|has|had|\w+ed)\b|"
            rf"\b{_PERSON_NOUN_ID} mana(?:kah)? yang\b"),
    ("where", r"\bdi ?mana(kah)?\b|\bke ?mana\b|\bdari ?mana\b|\bwhere\b|\bin which (city|country|place)\b|"
              r"\b(kota|provinsi|tempat|lokasi|gedung) (mana|apa)\b|"
              rf"\b(which|what) (?:{PLACE_MODIFIER} )?(city|cities|towns?|place|venue|location)\b"
              r"(?! (?:projects?|networks?|planning))|"
              r"\bdi (negara|daerah|wilayah|hotel) (mana|apa)\b"),
    ("why", r"\bmengapa\b|\bkenapa\b|\bwhy\b|\buntuk apa\b|\btujuan\w*\b|\bpurpose\b|\bgoal\b"),
    ("yes_no", r"^(apakah|apa benar|benarkah|is|are|was|were|did|does|do|can|could|will|has|have|had)\b"),
    ("how", r"\b(bagaimana|gimana)\b|\bseperti apa\b|\bhow\b|\bin what way\b"),
    ("which", r"\bwhich\b|\b(yang|\w+) mana\b|^name the\b"),
    ("what", r"\bapa(kah)?\b|\bwhat\b"),
    # no question word: a keyword says what is wanted ("tanggal pertemuan", "jumlah peserta")
    ("when", r"\b(tanggal|jadwal|waktu|date|schedule)\b"),
    ("where", r"\b(tempat|lokasi|location|venue)\b"),
]
_TYPE_PATTERNS = [(name, re.compile(pattern)) for name, pattern in _TYPE_RULES]
# An English question's own wh-word opens it (after a preposition or "and"); later ones open relative clauses.
_LEADING_WH = re.compile(r"^(?:(?:and|so|then|on|in|at|for|with|by|from|to|of|during|since|until|after|before)\s+)?"
                         r"(?:what|which|when|where|who|whom|whose|why|how)\b")
_RELATIVE = re.compile(r"\b(?:who|whom|whose|which|where|when)\b")

# Words that point back to an earlier turn: pronouns, "-nya" on a content word, "what about".
_FOLLOWUP = re.compile(
    r"\b(dia|ia|beliau|mereka|itu|tersebut|hal ini|bagaimana dengan|kalau|lalu|selanjutnya|"
    r"yang lain|lainnya|he|she|him|her|his|they|them|their|it|its|that|those|this one|"
    r"what about|how about|and the|the other|the second|the first)\b|\w{3,}nya\b")
_PRONOUN = re.compile(r"\b(dia|ia|beliau|mereka|he|she|him|her|his|they|them|their|it|its)\b")
_ENCLITIC_EXCEPTIONS = frozenset({"bagaimananya", "hasilnya", "tanya", "punya", "bertanya", "nya"})


def normalize(text: str) -> str:
    """NFKC, lower case, collapsed whitespace."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().lower()


def words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+(?:-[^\W_]+)*", normalize(text))


def _affixed(token: str) -> bool:
    """An Indonesian prefix on a root Sastrawi knows ("diundang", "bertemu"), not an English word
    that merely begins the same way ("disease", "directorate", "terrible")."""
    if len(token) <= 5 or token in EN_WORDS or not token.startswith(("meng", "di", "ber", "ter")):
        return False
    return stem(token) != token


def detect_language(text: str, default: str = "id") -> str:
    """``"id"`` or ``"en"`` by counting marker words; ``default`` on a tie.

    Example: ``detect_language("Berapa peserta yang diundang?")`` is ``"id"``.
    """
    tokens = words(text)
    id_score = sum(t in ID_WORDS or t.endswith("nya") or _affixed(t) for t in tokens)
    en_score = sum(t in EN_WORDS or t.endswith(("ing", "ed", "tion")) and t not in ID_WORDS for t in tokens)
    if id_score == en_score:
        return default
    return "id" if id_score > en_score else "en"


def question_type(question: str, *, lists: bool = True) -> str:
    """One of list, when, how_many, who, where, why, yes_no, how, which, what, other.

    ``lists=False`` gives what each item of a list is: ``"who"`` for "Siapa saja yang hadir?",
    ``"when"`` for "On which dates was it held?".
    Example: ``question_type("Apa saja rekomendasinya?")`` is ``"list"``.
    """
    q = normalize(question)
    lead = _LEADING_WH.match(q)
    if lead:        # "What is the programme called whose progress ...?": a later wh-word is a relative
        q = q[:lead.end()] + _RELATIVE.sub("_", q[lead.end():])
    for name, pattern in _TYPE_PATTERNS:
        if (lists or name != "list") and pattern.search(q):
            return name
    return "other"


_DEFINITION = re.compile(r"^(apa|siapa)\s+(itu|ini)\s+\w|^(what|who)\s+(is|are)\s+(?!(it|he|she|they|this|that)\b)\w")


def is_follow_up(question: str) -> bool:
    """Whether the question refers back to an earlier turn (needs the history to be understood).

    "Apa itu X?" / "What is X?" name their own subject, so they are not follow-ups.
    """
    q = normalize(question)
    if _DEFINITION.search(q) and not _PRONOUN.search(q):   # "Who is heading it?" still leans back
        return False
    if _FOLLOWUP.search(q):
        hits = [m.group(0) for m in _FOLLOWUP.finditer(q)]
        return any(h not in _ENCLITIC_EXCEPTIONS for h in hits)
    return len(words(q)) <= 3


# What opens an elliptical follow-up: "Kalau [buku panduannya]?", "Bagaimana dengan [hari pertama]?",
# "And [the editor]?", "What about [day two]?"
_ELLIPSIS_LEAD = re.compile(r"^(?:(?:lalu|terus|trus|kalau|kalo|dan|and|so|then|but|oh)\s+)*"
                            r"(?:(?:bagaimana|gimana) dengan\s+|what about\s+|how about\s+)?")


def turn_type(question: str, history: list[str] | tuple[str, ...] = ()) -> str:
    """The question's type in its conversation: a follow-up with no question word of its own asks
    what the earlier question asked ("Kapan pertemuannya?" then "Kalau buku panduannya?" asks
    when; "Siapa Dirjen Bina Adwil?" then "Bagaimana dengan direkturnya?" asks who). An earlier
    list question is not carried over: "Kalau yang kedua?" after "Apa saja rekomendasinya?" asks
    for one item."""
    own = question_type(question)
    if not history or not is_follow_up(question):
        return own
    rest = _ELLIPSIS_LEAD.sub("", normalize(question), count=1)
    if question_type(rest) != "other":
        return own
    earlier = question_type(history[-1])
    return own if earlier in ("other", "list") else earlier
