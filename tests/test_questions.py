"""Language, question type and follow-up detection."""

from __future__ import annotations

import pytest

from assistant.questions import detect_language, is_follow_up, question_type, turn_type


@pytest.mark.parametrize("question, lang", [
    ("Berapa peserta yang diundang?", "id"), ("brp peserta yg diundang?", "id"), ("Siapa editornya?", "id"),
    ("How many people were invited?", "en"), ("Who accompanied the director general?", "en"),
    ("What were the recommendations?", "en"), ("Apa saja rekomendasinya?", "id"),
    # English words that begin like an Indonesian prefix (di-, ter-) are not Indonesian evidence
    ("Which disease made things difficult?", "en"), ("Which directorate general represents Indonesia?", "en"),
    ("Siapa yang bertemu di hari pertama?", "id"), ("Kapan buku panduan dirumuskan?", "id"),
])
def test_language(question, lang):
    assert detect_language(question) == lang


@pytest.mark.parametrize("question, qtype", [
    ("Berapa peserta yang diundang?", "how_many"), ("How many people were invited?", "how_many"),
    ("Kapan pertemuan digelar?", "when"), ("When will it be formulated?", "when"), ("tanggal pertemuan", "when"),
    ("Siapa Dirjen Bina Adwil?", "who"), ("Which ministry represented Indonesia?", "who"),
    ("Which Indonesian cities joined the network?", "where"), ("What other cities were mentioned?", "where"),
    ("Which smart city projects were discussed?", "which"),      # "city" modifies "projects"
    ("Pertemuan ini yang ke berapa kalinya?", "which"),         # an ordinal, not a count
    ("Di kota mana pertemuan ini digelar?", "where"), ("Which city hosted the meeting?", "where"),
    ("Which companies took part in the business matching?", "who"), ("Which Japanese ministry runs it?", "who"),
    ("Di negara mana kota pintar diwujudkan?", "where"),
    ("What percentage of participants joined virtually?", "how_many"), ("Persentase peserta daring?", "how_many"),
    ("How tall is Mount Fuji?", "how_many"), ("Seberapa jauh Jakarta dari Tokyo?", "how_many"),
    ("Seberapa sering pertemuan ini digelar?", "other"), ("Perusahaan mana yang menjadi sponsor?", "who"),
    ("Di mana pertemuan digelar?", "where"), ("Apa saja rekomendasinya?", "list"),
    ("What were the recommendations?", "list"), ("Mengapa pertemuan ini penting?", "why"),
    ("Apakah pertemuan digelar secara virtual?", "yes_no"), ("Bagaimana dengan hari kedua?", "how"),
    ("Apa yang dilaporkan Jepang?", "what"),
    ("Name the ministry that represented Indonesia.", "which"), ("Name the recommendations.", "list"),
    ("Pejabat mana yang mendampingi Dirjen?", "who"),
    # the country that did something is asked as its agent; a country asked as a place is not
    ("Negara mana yang melaporkan kemajuan Smart JAMP?", "who"), ("Negara mana saja yang terlibat?", "list"),
    # which holder of a role did something is a person; "direktur apa?" asks the office
    ("Which director accompanied Safrizal?", "who"), ("Direktur mana yang mendampingi Safrizal?", "who"),
    ("Which leaders were also involved?", "list"), ("Thomas Umbu Pati menjabat direktur apa?", "what"),
    ("Negara-negara mana yang pemimpinnya ikut diundang?", "which"),
    # a later wh-word opens a relative clause: the first one says what is asked
    ("What is Japan's programme called whose progress it reported?", "what"),
    ("What did the official who accompanied Safrizal bring?", "what"),
    ("Who is the director whose office it is?", "who"),
    # the name of someone named by a role is a who-question; the name of a thing is not
    ("What is the name of the director who came along?", "who"), ("Apa nama direkturnya?", "who"),
    ("Nama lengkap editornya apa?", "who"), ("What is the name of the programme Japan reported on?", "what"),
    ("Apa nama buku panduannya?", "what"),
])
def test_question_type(question, qtype):
    assert question_type(question) == qtype


@pytest.mark.parametrize("question, item", [
    ("Siapa saja yang hadir?", "who"), ("On which dates did the summit take place?", "when"),
    ("Di mana saja pertemuan itu digelar?", "where"), ("Apa saja rekomendasinya?", "what"),
    ("Negara mana saja yang memutuskan meningkatkan kerja sama?", "who"),    # the countries that decided
])
def test_what_each_item_of_a_list_is(question, item):
    assert question_type(question) == "list" and question_type(question, lists=False) == item


@pytest.mark.parametrize("question, follow", [
    ("Siapa yang mendampinginya?", True), ("Bagaimana dengan hari kedua?", True),
    ("When will it be formulated?", True), ("Did he attend in person?", True), ("What about day two?", True),
    ("Berapa peserta yang diundang dalam pertemuan kota pintar?", False),
    ("Who represented Indonesia at the smart city meeting?", False),
    ("What is Smart JAMP?", False), ("Apa itu NR?", False),
    ("Who is heading it?", True), ("What is his job title?", True),     # "who is ..." with a pronoun leans back
])
def test_follow_up(question, follow):
    assert is_follow_up(question) == follow


@pytest.mark.parametrize("history, question, qtype", [
    (["Kapan pertemuan digelar?"], "Kalau buku panduannya?", "when"),
    (["Siapa Dirjen Bina Adwil?"], "Bagaimana dengan direkturnya?", "who"),
    (["Who was the national representative?"], "And the editor?", "who"),
    (["Berapa peserta yang diundang?"], "Lalu siapa yang mendampinginya?", "who"),   # its own question word
    (["Kapan pertemuannya?"], "Terus formatnya gimana?", "how"),
    (["Apa saja rekomendasinya?"], "Kalau yang kedua?", "other"),                   # one item, not the list
    ([], "Kalau buku panduannya?", "other"),
])
def test_an_elliptical_follow_up_asks_what_the_earlier_question_asked(history, question, qtype):
    assert turn_type(question, history) == qtype

