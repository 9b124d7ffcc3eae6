"""Indonesian words of news writing that mean the same thing ("daring" and "virtual", "pedoman"
and "panduan", "butir" and "poin"), folded onto one term by the analyzer so that a reader's word
finds the article's.

A small hand-made list of general vocabulary, not of one article. Only single words whose senses
agree are grouped: "gelar" stays apart from "selenggara" because it is also an academic title,
"langsung" from "luring" because it also means "directly". Each group's first word is the term
the others become.
"""

from __future__ import annotations

# One group per line; surface forms, analyzed (stemmed) before use, so inflected forms the stemmer
# leaves whole ("diadakan") are listed beside their root.
GROUPS = """
virtual daring online
luring offline
hibrida hybrid
panduan pedoman
poin butir
jaringan jejaring
helat gelar
selenggara adakan diadakan mengadakan laksana
rumus susun
selesai rampung
pandemi wabah
delegasi utusan
peserta partisipan
rekomendasi saran
pertemuan rapat konferensi ktt
diskusi dialog perbincangan
upacara seremoni
akhir penghujung
tantangan kendala hambatan
pintar cerdas
maju progres
penting krusial
daerah wilayah
editor penyunting sunting redaktur
berita artikel warta
judul tajuk
ikut partisipasi
kontribusi sumbangsih
situasi keadaan
sulit susah
wujud realisasi
dukung sokong
terima peroleh
siaran rilis
"""


def table(analyze_word) -> dict[str, str]:
    """``{term: the group's first term}`` for every other term of a group.

    Args:
        analyze_word: maps one word to its analyzed terms (the analyzer without synonyms).
    """
    out: dict[str, str] = {}
    for line in GROUPS.strip().splitlines():
        terms = [t for word in line.split() for t in analyze_word(word)]
        if not terms:
            continue
        head = terms[0]
        for term in terms[1:]:
            if term != head:
                out.setdefault(term, head)
    return out
