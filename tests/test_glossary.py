"""The English-to-Indonesian glossary that lets an English question's words be found in an
Indonesian sentence."""

from __future__ import annotations

from assistant.glossary import glossed, indonesian_terms
from index.lexical import analyze


def test_inflected_english_words_find_their_indonesian_stems():
    assert indonesian_terms("What did ASEAN and Japan welcome?") == frozenset(analyze("menyambut"))
    assert analyze("menghadapi")[0] in indonesian_terms("What challenges do regions face?")
    assert analyze("mengikuti")[0] in indonesian_terms("Who took part on the first day?")
    assert analyze("mengikuti")[0] in indonesian_terms("Who is taking part?")
    assert analyze("diundang")[0] in indonesian_terms("Who was invited?")
    # the stemmer leaves some inflected forms whole: each is listed
    for word in ("mengakui", "diakui"):
        assert analyze(word)[0] in indonesian_terms("What did the member states acknowledge?")


def test_verbs_come_in_question_order_and_nouns_can_be_left_out():
    assert [lemma for lemma, _ in glossed("What did they agree to keep holding?")] == ["agree", "hold"]
    assert analyze("upacara")[0] in indonesian_terms("Who attended the opening ceremony?")
    assert analyze("upacara")[0] not in indonesian_terms("Who attended the opening ceremony?", verbs=True)
    assert analyze("menghadiri")[0] in indonesian_terms("Who attended the opening ceremony?", verbs=True)


def test_indonesian_and_unknown_words_give_nothing():
    assert indonesian_terms("Apa yang disambut baik ASEAN dan Jepang?") == frozenset()
    assert indonesian_terms("What is Smart JAMP?") == frozenset()
