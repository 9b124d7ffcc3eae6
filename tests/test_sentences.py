"""The splitter on the default article (the issue's cases) and on cases of our own."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus import split_sentences


@pytest.fixture()
def sentences(article):
    return split_sentences(article.text, article.id)


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_every_sentence_is_its_exact_span(article, sentences):
    assert sentences, "the article has sentences"
    for s in sentences:
        assert s.text == article.text[s.start:s.end]
        assert s.text == s.text.strip() and s.text
        assert s.article_id == article.id


def test_sentences_are_ordered_disjoint_and_cover_all_text(article, sentences):
    assert [s.idx for s in sentences] == list(range(len(sentences)))
    for a, b in zip(sentences, sentences[1:], strict=False):
        assert a.end <= b.start
        assert not article.text[a.end:b.start].strip()
    assert not article.text[:sentences[0].start].strip() and not article.text[sentences[-1].end:].strip()


def test_headline_is_its_own_sentence(sentences):
    assert sentences[0].text == "Indonesia Ikuti Pertemuan Jaringan Smart City ASEAN-Jepang, Ini Hasilnya"


def test_editor_line_is_one_sentence(sentences):
    assert sentences[-1].text == "Editor: Anton Suhartono"


@pytest.mark.parametrize("number, opening", [
    (1, "1. ASEAN dan Jepang memutuskan"), (2, "2. Jepang melaporkan status kemajuan"),
    (3, "3. Jepang mengangkat tiga poin penting"), (4, "4. ASEAN dan Jepang menegaskan")])
def test_each_recommendation_is_one_sentence_with_its_number(sentences, number, opening):
    matching = [s for s in sentences if s.text.startswith(opening)]
    assert len(matching) == 1
    assert len(matching[0].text) > 100, "the item keeps its whole text"
    assert not any(s.text.strip() == f"{number}." for s in sentences)


def test_titles_in_names_do_not_split(sentences):
    joined = [s.text for s in sentences]
    assert any("DR Drs Safrizal ZA, M.Si diundang menghadiri" in t for t in joined)
    assert any("Dr Drs Thomas Umbu Pati T.B, M.Si diharapkan" in t for t in joined)


@pytest.mark.parametrize("fragment", ["1.200 peserta", "(22/10/2021)", "iNews.id"])
def test_numbers_dates_and_domains_do_not_split(sentences, fragment):
    assert any(fragment in s.text for s in sentences)


@pytest.mark.parametrize("text, expected", [
    ("Acara dibuka pukul 10.30 WIB di aula. Peserta hadir.",
     ["Acara dibuka pukul 10.30 WIB di aula.", "Peserta hadir."]),
    ("Dr. Safrizal hadir. Drs. Thomas juga.", ["Dr. Safrizal hadir.", "Drs. Thomas juga."]),
    ("Budi dkk. mengatakan hal itu. Selesai.", ["Budi dkk. mengatakan hal itu.", "Selesai."]),
    ("Ada buah, sayur, dll. yang dijual.", ["Ada buah, sayur, dll. yang dijual."]),
    ("Kantornya di Jl. Medan Merdeka Utara No. 7 Jakarta. Buka tiap hari.",
     ["Kantornya di Jl. Medan Merdeka Utara No. 7 Jakarta.", "Buka tiap hari."]),
    ("Kegiatan ini mengundang 1.200 peserta. Semua hadir.", ["Kegiatan ini mengundang 1.200 peserta.", "Semua hadir."]),
    ("Pak T.B. Silalahi datang. Dia senang.", ["Pak T.B. Silalahi datang.", "Dia senang."]),
    ("Dia lulus M.Si. Kemudian bekerja.", ["Dia lulus M.Si.", "Kemudian bekerja."]),
    ('"Kami siap." Kata dia. Apa? tanya saya.', ['"Kami siap."', "Kata dia.", "Apa? tanya saya."]),
    ("Benarkah? Ya! Tentu saja.", ["Benarkah?", "Ya!", "Tentu saja."]),
    ("Harga naik 2,5 persen. Inflasi 3.1 persen.", ["Harga naik 2,5 persen.", "Inflasi 3.1 persen."]),
    ("Ada tiga... Lalu dua.", ["Ada tiga...", "Lalu dua."]),
    ("Prof. Dr. Ir. H. Ahmad, S.H. membuka acara.", ["Prof. Dr. Ir. H. Ahmad, S.H. membuka acara."]),
    ("Buka www.inews.id. Baca di sana.", ["Buka www.inews.id.", "Baca di sana."]),
    ("Hasilnya:\n1. Satu hal.\n2. Dua hal.", ["Hasilnya:", "1. Satu hal.", "2. Dua hal."]),
    ("Itu hal biasa. Lalu pulang.", ["Itu hal biasa.", "Lalu pulang."]),
    ("Ini satu hal. Itu hal lain.", ["Ini satu hal.", "Itu hal lain."]),
    ("  Spasi di depan.  \n\n\nBaris baru.  ", ["Spasi di depan.", "Baris baru."]),
])
def test_cases_of_our_own(text, expected):
    assert texts(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab AB.!?\n\t\r12,()\"'…-:") + ["Dr.", "No.", "1.200", "é", "🙂", "\u200b"]),
                max_size=80).map("".join) | st.text(max_size=200))
def test_offsets_hold_for_any_text(text):
    sentences = split_sentences(text, "x")
    covered = 0
    for s in sentences:
        assert s.text == text[s.start:s.end] and s.text.strip() == s.text and s.text
        assert s.start >= covered
        assert not text[covered:s.start].strip()
        covered = s.end
    assert not text[covered:].strip()


# Line and paragraph separators, NUL, lone surrogates, combining marks, right-to-left and zero-width
# characters: what hostile input and odd files bring.
ODD = list("\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\x00\ud800\u0301\u202e\u200b\ufeff\u3000") + ["Dr.", "1.", "… "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab AB.!?\n\t ") + ODD), max_size=120).map("".join))
def test_offsets_and_numbering_hold_for_odd_characters(text):
    sentences = split_sentences(text, "x")
    assert [s.idx for s in sentences] == list(range(len(sentences)))
    assert all(s.text == text[s.start:s.end] and s.text.strip() == s.text and s.text for s in sentences)
    assert all(a.end <= b.start for a, b in zip(sentences, sentences[1:], strict=False))
    # every character that is not white space is in exactly one sentence
    assert "".join(c for c in text if not c.isspace()) == "".join(c for s in sentences for c in s.text
                                                                 if not c.isspace())


def test_hostile_inputs_split_with_exact_offsets():
    from tests.hostile_inputs import CASES

    for case in CASES:
        if isinstance(case.question, str) and len(case.question) < 200_000:
            for s in split_sentences(case.question, "q"):
                assert s.text == case.question[s.start:s.end]
