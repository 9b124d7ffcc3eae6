"""The Indonesian analyzer and its synonym groups."""

from __future__ import annotations

import numpy as np

from index.lexical import LexicalIndex, analyze
from index.synonyms import table


def test_the_analyzer_stems_splits_and_keeps_numbers_whole():
    assert analyze("Kota-kota pintar mengundang 1.200 pesertanya") == ["kota", "pintar", "undang", "1200", "peserta"]


def test_synonyms_of_news_writing_become_one_term():
    assert analyze("ikut secara daring") == analyze("ikut secara virtual") == analyze("ikut secara online")
    assert analyze("tiga butir penting") == analyze("tiga poin penting")
    assert analyze("pedoman perencanaan") == analyze("panduan perencanaan")
    assert analyze("redaktur") == analyze("editor") == analyze("penyunting")


def test_words_with_another_sense_stay_apart():
    # "langsung" is also "directly", "tema" not always a "topik": neither is folded
    assert analyze("langsung") != analyze("luring")
    assert analyze("tema") != analyze("topik")


def test_a_reader_s_synonym_finds_the_article_s_sentence():
    index = LexicalIndex.build(["Dirjen hadir secara virtual.", "Peserta mengikuti upacara pembukaan."])
    scores = index.scores("Siapa yang hadir lewat daring?")
    assert int(np.argmax(scores)) == 0 and scores[0] > scores[1]


def test_each_group_folds_onto_its_first_word():
    folded = table(lambda word: [word])
    assert folded["daring"] == "virtual" and "virtual" not in folded
