"""Article shape (headline, lead, byline, lists) and list answers."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.selection import list_blocks, merge_duplicates, select_list
from assistant.structure import (
    ASKS_BYLINE,
    ASKS_OUTCOME,
    ASKS_SOURCE,
    ASKS_TITLE,
    article_shape,
    asked_item,
    asked_occurrence,
    editions,
    next_edition,
    ordinal_conflict,
    other_edition,
    speaks_of_occurrence,
    unmentioned_acronym,
)
from corpus import split_sentences
from corpus.articles import parse_article


@pytest.fixture()
def shape(article):
    return article_shape(article, split_sentences(article.text, article.id))


def test_default_article_shape(shape):
    assert np.flatnonzero(shape.headline).tolist() == [0]
    assert np.flatnonzero(shape.lead).tolist() == [1]
    assert np.flatnonzero(shape.dateline).tolist() == [1]
    assert np.flatnonzero(shape.byline).tolist() == [17]
    assert shape.blocks == [[11, 12, 13, 14, 15]]
    assert np.flatnonzero(shape.list_intro).tolist() == [10]
    assert shape.item_number[11:16].tolist() == [1, 2, 3, 3, 4], "sentence 14 continues item 3"
    assert np.flatnonzero(shape.attribution).tolist() == [3], "'seperti diterima iNews.id dari siaran pers'"


@pytest.mark.parametrize("question, asks", [
    ("Sumber berita ini dari mana?", True), ("Where did the story come from?", True),
    ("iNews dapat info ini dari mana?", True), ("What was the source of the report?", True),
    ("Best practice itu berasal dari mana?", False), ("Berita ini dilaporkan dari kota mana?", False),
    ("Where was the meeting held?", False), ("Media apa yang memuat berita ini?", False),
])
def test_a_question_about_where_the_information_came_from(question, asks):
    assert (ASKS_SOURCE.search(question.lower()) is not None) == asks


@pytest.mark.parametrize("question, asks", [
    ("What is the title?", True), ("What's the title of this article?", True), ("Judul beritanya apa?", True),
    # a designation or a job, not the headline
    ("What title was given to the Adwil directorate?", False), ("What is his title?", False),
    ("What is his job title?", False),
    # the title of another work ("the guidebook's title"), not the story's
    ("Apa judul buku panduan itu dalam bahasa Inggris?", False), ("What is the guidebook's title?", False),
    ("What is the title of the handbook?", False), ("What's the article's title?", True),
])
def test_a_question_about_the_headline(question, asks):
    assert (ASKS_TITLE.search(question.lower()) is not None) == asks


@pytest.mark.parametrize("question, asks", [
    ("Siapa penulis berita ini?", True), ("Who wrote this article?", True), ("Who is the author?", True),
    ("Siapa penulisnya?", True), ("Who edited it?", True), ("Siapa penanggung jawab redaksi berita ini?", True),
    # who wrote another work is not the byline's writer
    ("Who wrote the guidebook's first draft?", False), ("Siapa penulis buku panduan itu?", False),
    ("Who is the author of the handbook?", False),
])
def test_a_question_about_the_byline(question, asks):
    assert (ASKS_BYLINE.search(question.lower()) is not None) == asks


@pytest.mark.parametrize("question, asks", [
    ("Apa hasil pertemuan ini?", True), ("So what did the meeting achieve?", True),
    ("What came out of the summit?", True), ("Apa saja rekomendasinya?", False), ("Kapan acaranya?", False),
    ("Apa kesimpulan pertemuan ini?", True), ("What did the meeting conclude?", True),
])
def test_a_question_about_what_the_event_produced(question, asks):
    assert (ASKS_OUTCOME.search(question) is not None) == asks


@pytest.mark.parametrize("question, item", [
    ("Rekomendasi keempat isinya apa?", 4), ("What was the second recommendation?", 2),
    ("Yang terakhir maksudnya apa?", 4), ("rekomendasi nomor 3", 3), ("Lalu rekomendasi terakhirnya apa?", 4),
    ("Apa yang terjadi pada hari kedua?", None), ("What happened on the first day?", None),
    ("What about the third one?", 3), ("The first recommendation, what is it?", 1), ("And the last one?", 4),
    # an ordinal of an event, however far from its noun; an adverb; the edition of a named thing
    ("When did the second ASEAN-Japan smart city summit take place?", None),
    ("What kind of smart cities should be formed first, according to Japan?", None),
    ("Who won the last FIFA World Cup?", None),
    # an Indonesian ordinal before a noun counts: all three points, not the third
    ("Siapa saja yang mengakui pentingnya ketiga poin itu?", None), ("Apa saja keempat rekomendasi itu?", None),
    ("Apa isi rekomendasi yang ketiga?", 3), ("Yang ketiga apa?", 3),
])
def test_asked_item(shape, question, item):
    assert asked_item(question, shape) == item


@pytest.mark.parametrize("question, sentence, conflict", [
    ("Kapan pertemuan keempat akan digelar?", "... Pertemuan Tingkat Tinggi ASEAN-Jepang ketiga yang digelar", True),
    ("When was the second summit?", "... ASEAN-Jepang ketiga yang digelar pada 18 hingga 19 Oktober", True),
    ("What happened on the first day?", "Pada hari pertama, seluruh peserta mengikuti upacara pembukaan.", False),
    ("Apa rekomendasi kedua?", "2. Jepang melaporkan status kemajuan 'Smart JAMP'", False),   # numbering is no ordinal
    ("Kapan pertemuan digelar?", "... ASEAN-Jepang ketiga yang digelar", False),
])
def test_an_answer_about_another_occurrence_conflicts(question, sentence, conflict):
    assert ordinal_conflict(question, sentence) is conflict


def test_bullets_and_numbers_are_both_lists():
    text = "Judul\nHasilnya:\n- satu hal. Lanjutan.\n- dua hal\nPenutup.\n1. a\n2. b\n"
    article = parse_article(text, fallback_id="x")
    sentences = split_sentences(text, "x")
    assert list_blocks(text, sentences) == [[2, 3, 4], [6, 7]]
    shape = article_shape(article, sentences)
    assert shape.item_number[[2, 3, 4]].tolist() == [1, 1, 2]


def test_select_list_takes_the_block_a_top_hit_falls_in_or_introduces():
    blocks = [[11, 12, 13, 14, 15]]
    assert select_list([10, 3, 4], blocks) == [11, 12, 13, 14, 15]
    assert select_list([13, 2], blocks) == [11, 12, 13, 14, 15]
    assert select_list([2, 3, 4, 11], blocks) is None, "only the top hits decide"


def test_near_duplicates_are_merged():
    items = [("Kegiatan ini mengundang 1.200 peserta.", 0.9), ("Kegiatan ini  mengundang 1.200 peserta.", 0.8),
             ("Mengundang 1.200 peserta", 0.7), ("Hari kedua digelar forum.", 0.6)]
    assert merge_duplicates(items) == [0, 3]


def test_list_question_cites_the_whole_list_in_article_order(hash_bot):
    answer = hash_bot.ask("Apa saja rekomendasi yang dihasilkan pertemuan?")
    if not answer.abstained and len(answer.citations) > 1:
        assert [c.sentence_id for c in answer.citations] == [11, 12, 13, 14, 15]
        assert answer.text.count("[") == 5


def test_duplicate_relation_gives_what_merging_gives():
    from assistant.selection import duplicates, keep_first

    texts = ["Kegiatan ini mengundang 1.200 peserta.", "Jepang melaporkan kemajuan.",
             "kegiatan ini mengundang 1.200 peserta", "Kegiatan ini mengundang 1.200 peserta dari ASEAN.",
             "Editor: Anton Suhartono"]
    relation = duplicates(texts)
    assert relation[0] == {2} and relation[2] == {0, 3} and relation[1] == frozenset()  # "peserta." is not "peserta"
    for order in ([0, 1, 2, 3, 4], [3, 2, 1, 0, 4], [4, 2, 0, 1, 3]):
        assert keep_first(order, relation) == merge_duplicates([(texts[i], 1.0) for i in order])


@pytest.mark.parametrize("question, day", [
    ("Bagaimana dengan hari pertama?", 1), ("What about day two?", 2), ("And on the first day?", 1),
    ("Apa tema hari ke-2?", 2), ("Pertemuan ketiga kapan?", None),      # an edition of the meeting, not a day
    ("Temanya sama dengan hari pertama, forum di hari kedua?", None),   # two days compared
])
def test_the_day_a_question_asks_about(question, day):
    assert asked_occurrence(question) == day


def test_a_sentence_is_about_the_first_day_it_names(article):
    s = [x.text for x in split_sentences(article.text, article.id)]
    assert speaks_of_occurrence(s[4], 1) and not speaks_of_occurrence(s[4], 2)
    # "Sementara hari kedua digelar ... berbeda daripada hari pertama": day 2, compared with day 1
    assert speaks_of_occurrence(s[5], 2) and not speaks_of_occurrence(s[5], 1)
    assert not any(speaks_of_occurrence(x, 1) for i, x in enumerate(s) if i != 4)



@pytest.mark.parametrize("text, found", [
    ("Kapan pertemuan keempat akan digelar?", {4}), ("When was the second ASEAN-Japan summit held?", {2}),
    ("Siapa yang memimpin KTT ke-40 ASEAN?", {40}), ("How many attended the fifth meeting?", {5}),
    ("Apa yang dibahas dalam pertemuan pada hari kedua?", set()),     # a day of the meeting
    ("What was discussed in the first meeting session?", set()), ("Apa rekomendasi pertama?", set()),
    ("Kapan Smart JAMP pertama kali diluncurkan?", set()),          # "the first time", a count
    ("Sementara hari kedua digelar business match making serta forum dengan tema berbeda.", set()),
])
def test_the_edition_of_an_event_a_text_names(text, found):
    assert editions(text) == found


def test_a_question_about_another_edition(article):
    assert editions(article.text) == {3}              # "... ASEAN-Jepang ketiga"
    assert other_edition("When was the second meeting held?", article.text)
    assert not other_edition("Kapan pertemuan ketiga digelar?", article.text)
    assert not other_edition("Kapan hari kedua?", article.text)


def test_a_question_about_the_next_edition(article):
    # the article reports the third meeting: its dates and places are not the next one's
    assert next_edition("When will the next ASEAN-Japan meeting take place?", article.text)
    assert next_edition("Di mana pertemuan selanjutnya digelar?", article.text)
    assert not next_edition("When was the meeting held?", article.text)
    assert not next_edition("When will the next meeting be held?", "Rapat itu digelar Senin.")  # no edition named


def test_an_acronym_the_cited_sentence_does_not_say(article):
    sentences = [s.text for s in split_sentences(article.text, article.id)]
    guidebook, jamp = sentences[11], sentences[12]
    # ASCN and JAMP are named once, in item 2: a date in item 1 is not when either began
    assert unmentioned_acronym("When was ASCN founded?", [guidebook], sentences)
    assert unmentioned_acronym("Kapan Smart JAMP pertama kali diluncurkan?", [guidebook], sentences)
    assert not unmentioned_acronym("What did Japan report on Smart JAMP?", [jamp], sentences)
    assert not unmentioned_acronym("Kapan pertemuan ASEAN digelar?", [sentences[1]], sentences)  # the running topic
    assert not unmentioned_acronym("WHEN WAS ASCN FOUNDED?", [guidebook], sentences)            # typed in capitals
    assert not unmentioned_acronym("Siapa yang hadir secara virtual?", [sentences[3]], sentences)


@pytest.mark.parametrize("question, day, item", [
    ("Kegiatan bisnis apa yang diadakan pada hari terakhir?", 2, None),    # the last day the article names
    ("What kind of event was held on the final day?", 2, None),
    ("What happened on the opening day?", 1, None), ("Apa yang terjadi di hari pembukaan?", 1, None),
    ("Kegiatan apa yang diadakan di hari pembuka?", 1, None),
    ("Apa rekomendasi terakhir?", None, 4),                                 # the last item, not a day
])
def test_a_day_named_by_its_place_in_the_event(article, shape, question, day, item):
    assert asked_occurrence(question, article.text) == day
    assert asked_item(question, shape) == item
