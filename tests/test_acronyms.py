"""Acronyms an article defines, spelled out for the encoder where later sentences use them bare."""

from __future__ import annotations

from corpus import BUNDLED_DIR, load_corpus, split_sentences
from index.acronyms import definitions, spelled_out
from index.store import EmbedContext, passage_text


def test_definitions_are_read_from_long_form_and_parenthesis():
    text = ("Pemerintah Indonesia, diwakili Kementerian Dalam Negeri (Kemdagri), ikut. Direktorat Jenderal "
            "Bina Administrasi Kewilayahan (Adwil) ditunjuk sebagai National Representative (NR). "
            "Jaringan Kota Pintar (Smart City) digelar Jumat (22/10/2021).")
    assert definitions(text) == {"Kemdagri": "Kementerian Dalam Negeri",
                                 "Adwil": "Direktorat Jenderal Bina Administrasi Kewilayahan",
                                 "NR": "National Representative"}


def test_a_bare_acronym_gets_its_long_form_and_a_definition_is_left_alone():
    defined = {"Kemdagri": "Kementerian Dalam Negeri"}
    assert spelled_out("Menurut siaran pers Kemdagri.", defined) == \
        "Menurut siaran pers Kemdagri. (Kemdagri: Kementerian Dalam Negeri)"
    assert spelled_out("Kementerian Dalam Negeri (Kemdagri) ikut.", defined) == \
        "Kementerian Dalam Negeri (Kemdagri) ikut."
    assert spelled_out("Peserta hadir.", defined) == "Peserta hadir."
    assert spelled_out("KemdagriX hadir.", defined) == "KemdagriX hadir."       # whole words only


def test_the_passage_embedded_for_the_press_release_sentence_names_the_ministry():
    article = load_corpus(BUNDLED_DIR).get()
    sentences = split_sentences(article.text, article.id)
    passage = passage_text(article, sentences[3], EmbedContext.ACRONYMS)
    assert passage.startswith(sentences[3].text) and "Kementerian Dalam Negeri" in passage
    assert passage_text(article, sentences[3], EmbedContext.NONE) == sentences[3].text
