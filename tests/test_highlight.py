"""The answer phrase, per question type, on the default article's sentences and on our own."""

from __future__ import annotations

import pytest

from assistant.highlight import asked_english_noun, asked_manner, expansion_terms, extract, type_match
from corpus import split_sentences


@pytest.fixture()
def s(article):
    return [x.text for x in split_sentences(article.text, article.id)]


@pytest.mark.parametrize("idx, qtype, question, expected", [
    (6, "how_many", "Berapa peserta yang diundang?", "1.200 peserta"),
    (13, "how_many", "Berapa poin penting yang diangkat Jepang?", "tiga poin penting"),
    (1, "when", "Kapan pertemuan itu digelar?", "18 hingga 19 Oktober"),
    (3, "when", "Kapan siaran pers diterima?", "Jumat (22/10/2021)"),
    (11, "when", "Kapan buku panduan akan dirumuskan?", "akhir tahun ini"),
    (3, "who", "Siapa Dirjen Bina Adwil?", "DR Drs Safrizal ZA, M.Si"),
    (16, "who", "Siapa yang mendampingi Dirjen?", "Dr Drs Thomas Umbu Pati T.B, M.Si"),
    (17, "who", "Siapa editornya?", "Anton Suhartono"),
    (1, "who", "Kementerian mana yang mewakili pemerintah Indonesia?", "Kementerian Dalam Negeri (Kemdagri)"),
    (1, "where", "Di mana pertemuan diadakan, online atau langsung?", "secara hibrida, virtual dan langsung"),
    (2, "what", "NR artinya apa?", "National Representative"),
    (12, "what", "Program apa yang dilaporkan Jepang?", "Smart JAMP"),
    (16, "what", "Thomas Umbu Pati jabatannya apa?", "Direktur Kawasan, Perkotaan, dan Batas Negara"),
    (1, "which", "Berita ini dilaporkan dari kota mana?", "JAKARTA"),
    (1, "what", "Media apa yang memuat berita ini?", "iNews.id"),
    (1, "other", "Ini pertemuan yang keberapa?", "ketiga"),
    (0, "what", "Apa judul beritanya?", "Indonesia Ikuti Pertemuan Jaringan Smart City ASEAN-Jepang, Ini Hasilnya"),
    (7, "what", "Apa yang sama-sama dihadapi semua daerah?", "tantangan yang sama"),
])
def test_phrase_by_question_type(s, idx, qtype, question, expected):
    phrase = extract(s[idx], qtype, question)
    assert phrase is not None and expected in phrase.text
    assert s[idx][phrase.start:phrase.end] == phrase.text


@pytest.mark.parametrize("sentence, qtype, question, expected", [
    ("Acara dimulai pukul 10.30 WIB di Balai Kota.", "when", "Jam berapa acara dimulai?", "10.30 WIB"),
    ("Rapat digelar di Surabaya pada Senin.", "where", "Di mana rapat digelar?", "Surabaya"),
    ("Proyek itu menelan biaya Rp 5 miliar.", "how_many", "Berapa biaya proyek itu?", "Rp 5 miliar"),
    ("Japan pledged 2 billion yen for 26 cities.", "how_many", "How much funding did Japan pledge?", "2 billion yen"),
    ("The summit was opened by Prime Minister Kishida in Tokyo.", "who", "Who opened the summit?",
     "Prime Minister Kishida"),
])
def test_phrase_on_sentences_of_our_own(sentence, qtype, question, expected):
    phrase = extract(sentence, qtype, question)
    assert phrase is not None and expected in phrase.text


@pytest.mark.parametrize("idx, qtype, question", [
    (4, "how_many", "Berapa peserta di hari pertama?"),       # no number in the sentence
    (7, "when", "Kapan daerah menghadapi tantangan?"),        # no date
    (9, "who", "siapa yang membahas situasi sulit?"),          # no name
    (11, "list", "Apa saja rekomendasinya?"),                  # a list is answered by sentences
    (6, "yes_no", "Apakah pemimpin daerah diundang?"),
    (6, "how_many", "Berapa anggaran kegiatan ini?"),         # a number, but not an amount of money
])
def test_nothing_is_highlighted_when_no_phrase_fits(s, idx, qtype, question):
    assert extract(s[idx], qtype, question) is None


def test_an_english_count_needs_its_unit(s):
    # "How many countries?" is not answered by a count of participants; people are
    assert extract(s[6], "how_many", "How many countries attended in person?") is None
    assert extract(s[6], "how_many", "How many people were invited?").text == "1.200 peserta"
    assert extract(s[13], "how_many", "How many cities joined?") is None
    assert extract(s[6], "how_many", "How many ASEAN ministers attended?") is None    # ministers, not participants
    # items of a text are named interchangeably, and an unlisted noun sets no condition
    assert extract(s[13], "how_many", "How many recommendations did Japan make?").text.startswith("tiga poin")
    assert extract(s[13], "how_many", "How many key ideas did Japan raise?").text.startswith("tiga poin")
    # a measure needs its unit: "tiga poin" is no height
    assert extract(s[13], "how_many", "How tall is Mount Fuji?") is None
    phrase = extract("Gunung Fuji setinggi 3.776 meter.", "how_many", "Seberapa tinggi Gunung Fuji?")
    assert phrase is not None and phrase.text == "3.776 meter"
    # an English article counts in English
    english = "The forum opened on Saturday with 300 delegates from 12 cities."
    assert extract(english, "how_many", "How many delegates came?").text == "300 delegates"
    assert extract(english, "how_many", "How many cities sent delegates?").text == "12 cities"


def test_an_indonesian_count_needs_its_noun(s):
    # "berapa banyak / jumlah X" counts X: three points are no signed business deals
    assert extract(s[13], "how_many", "Berapa banyak kesepakatan bisnis yang ditandatangani?") is None
    assert extract(s[13], "how_many", "Berapa jumlah poin penting?").text == "tiga poin penting"
    # any noun for people counts people: invitees are counted as participants
    assert extract(s[6], "how_many", "Berapa jumlah undangan acara ini?").text == "1.200 peserta"
    assert extract(s[6], "how_many", "Berapa banyak negara yang hadir?") is None


def test_an_origin_needs_no_preposition(s):
    # "Peserta dari mana saja?": the places that qualify them, though no "dari" comes before them
    assert extract(s[6], "where", "Peserta dari mana saja yang diundang?").text == "negara-negara ASEAN"
    assert extract(s[6], "where", "Peserta berasal dari negara mana saja?").text == "negara-negara ASEAN"
    assert extract(s[6], "where", "Di kota mana upacara diadakan?") is None


def test_writing_asks_the_byline_only_about_the_story(s):
    assert extract(s[17], "who", "Siapa yang menulis berita ini?").text == "Anton Suhartono"
    assert extract(s[17], "which", "Which handbook will be written by the end of the year?") is None


def test_a_list_enumerator_is_not_a_count(s):
    phrase = extract(s[13], "how_many", "Berapa poin yang diangkat?")
    assert phrase is not None and not phrase.text.startswith("3")


def test_echo_spans_let_another_language_find_the_words(s):
    # "invited" aligned (by token vectors) with "mengundang": the object after it is the answer
    at = s[6].index("mengundang")
    phrase = extract(s[6], "what", "Who did the event invite?", echo=[(at, at + len("mengundang"))])
    assert phrase is not None and phrase.text.startswith("1.200 peserta")


def test_type_match(s):
    assert type_match(s[6], "how_many", "Berapa peserta?") == 1.0
    assert type_match(s[4], "how_many", "Berapa peserta?") == 0.0
    assert type_match(s[4], "what", "Apa yang terjadi?") == 0.5
    assert type_match(s[4], "why", "Mengapa?") == 0.0         # a reason is a kind of phrase too


def test_a_company_is_named_as_one_or_not_at_all(s):
    # "Which companies ...?": a country, a ministry or an event is no company
    assert type_match(s[5], "who", "Which companies took part in the business matching?") == 0.0
    assert type_match(s[14], "who", "Perusahaan mana yang menjadi sponsor?") == 0.0
    phrase = extract("Acara ini disponsori PT Telkom Indonesia dan Pemerintah Jepang.", "who",
                     "Perusahaan mana yang menjadi sponsor?")
    assert phrase is not None and phrase.text.startswith("PT Telkom Indonesia")


def test_a_ministry_university_or_council_is_named_as_one_or_not_at_all(s):
    # "Which Japanese ministry ...?": the meeting's name is no ministry
    assert type_match(s[15], "who", "Which Japanese ministry organised the meeting?") == 0.0
    assert extract(s[15], "which", "Which Japanese ministry organised the meeting?") is None
    assert type_match(s[10], "what", "Universitas apa yang menjadi mitra kegiatan ini?") == 0.0
    assert type_match(s[12], "which", "Which council approved the recommendations?") == 0.0
    # the ministry's own acronym names one ("siaran pers Kemdagri"), and a directorate asked
    # "of Kemdagri" is not asked to be a ministry
    question = "Kementerian mana yang mengeluarkan siaran pers ini?"
    assert type_match(s[3], "who", question) == 1.0
    assert extract(s[3], "which", question).text == "Kemdagri"
    assert extract(s[2], "what", "Kemdagri diwakili oleh direktorat apa?").text.startswith("Direktorat Jenderal")
    assert type_match(s[5], "what", "Apa nama perusahaan Jepang yang ikut business matching?") == 0.0
    # asked something of a ministry, not which one: any phrase answers as before
    assert type_match(s[1], "what", "Apa tugas kementerian dalam pertemuan ini?") == 0.5


def test_a_count_of_those_from_one_place_needs_the_place(s):
    assert type_match(s[6], "how_many", "Berapa peserta dari Indonesia yang diundang?") == 0.0
    assert type_match(s[6], "how_many", "How many leaders from ASEAN countries were invited?") == 1.0


def test_the_form_of_the_meeting_is_its_manner(s):
    phrase = extract(s[1], "what", "Pertemuan ini diadakan dalam bentuk apa?")
    assert phrase.text == "secara hibrida, virtual dan langsung"


def test_a_count_of_those_who_took_part_one_way_is_not_the_invited_count(s):
    for question in ("How many people attended in person?", "Berapa peserta yang hadir secara virtual?",
                     "How many of the invited participants actually showed up?"):
        assert type_match(s[6], "how_many", question) == 0.0
    # the way the event itself was held counts everyone who took part
    for question in ("How many participants were invited to the hybrid meeting?",
                     "Berapa peserta pertemuan daring ini?", "Berapa peserta yang diundang?"):
        assert type_match(s[6], "how_many", question) == 1.0


def test_who_chaired_asks_for_a_sentence_that_says_so(s):
    assert type_match(s[3], "who", "Who chaired it?") == 0.0              # attended, not chaired
    assert type_match(s[4], "who", "Siapa yang memimpin diskusi panel?") == 0.0
    assert type_match("Sesi itu dipimpin oleh Menteri Tanaka.", "who", "Who chaired the session?") == 1.0


def test_the_dateline_city_is_where_the_story_was_filed_not_where_the_event_was(s):
    assert extract(s[1], "where", "Berita ini ditulis di kota apa?").text == "JAKARTA"
    assert extract(s[1], "where", "Which city is the article datelined?").text == "JAKARTA"
    # nor is the manner ("secara hibrida") or a common noun of another kind a city
    assert extract(s[1], "where", "Di kota mana pertemuan ini digelar?") is None
    assert extract(s[15], "where", "Di kota mana pertemuan berikutnya?") is None
    assert extract(s[15], "where", "Di negara mana kota pintar diwujudkan?").text == "setiap negara anggota ASEAN"


@pytest.mark.parametrize("idx, qtype, question", [
    (1, "who", "Siapa tuan rumah pertemuan ini?"),               # who attended, not who hosted
    (15, "which", "Which country will host the next summit?"),
    (4, "who", "Who moderated the panel discussion?"),
    (3, "what", "Apa isi pidato Dirjen Bina Adwil?"),
    (6, "who", "Siapa yang mendanai kegiatan ini?"),
    (3, "what", "What did Safrizal tell the meeting?"),          # no statement is reported
    (11, "which", "Which country will pay for it?"),
    (13, "what", "What was decided about funding for the projects?"),
    (16, "where", "Where did he study?"),                         # "kota-kota pintar di Indonesia"
    (16, "where", "Di mana kantornya?"),
    (3, "who", "Siapa yang menyertainya?"),                      # attended, not accompanied
    (1, "who", "Lalu siapa yang menemaninya?"),
    (8, "who", "Who spoke on behalf of ASEAN?"),                 # "ASEAN maupun Jepang" said no words
    (4, "when", "Kapan dia mulai menjabat?"),                     # "hari pertama" is no start in office
    (15, "who", "Siapa penggagas jaringan kota pintar ASEAN?"),
    (1, "who", "Who translated the press release?"),
    (1, "which", "Which smart city won an award at the meeting?"),
    (16, "who", "Which Indonesian minister gave the opening remarks?"),
    (1, "who", "Which Japanese minister opened the meeting?"),        # a ministry is no minister
    (11, "when", "Kapan jaringan kota pintar ASEAN dibentuk?"),      # a date of something else
    (1, "when", "When was the ASEAN smart city network formed?"),
    (11, "when", "Lalu kapan buku itu diluncurkan secara resmi?"),
])
def test_a_role_the_sentence_never_names_is_not_answered_by_it(s, idx, qtype, question):
    assert type_match(s[idx], qtype, question) == 0.0


def test_a_sentence_naming_the_role_can_answer(s):
    sentence = "Jepang menjadi tuan rumah pertemuan yang dipandu oleh Menteri Taro Kono."
    assert type_match(sentence, "which", "Negara mana yang menjadi tuan rumah?") == 0.5
    assert type_match(sentence, "who", "Siapa moderatornya?") == 1.0
    assert type_match("Ketua panitia mengatakan acara berjalan lancar.", "what", "What did the speakers say?") == 0.5
    assert type_match("Ketua panitia mengatakan acara berjalan lancar.", "what", "What did the chair say?") == 0.5
    # "didampingi" answers whichever word the question uses for going along
    for question in ("Siapa yang menyertainya?", "Who went with him?", "Dia didampingi oleh siapa?"):
        assert type_match(s[16], "who", question) == 1.0
    assert extract("Safrizal lahir di Aceh.", "where", "Where was he born?").text == "Aceh"
    assert type_match("Safrizal lahir di Aceh.", "where", "Where was he born?") == 1.0
    # an office asked as an organisation, not as a place
    assert type_match(s[3], "who", "Which office issued the press release?") == 1.0
    # what the article says is all of it
    assert type_match(s[9], "what", "What does the article say about the pandemic?") == 0.5
    # who did it, said in the passive: the name after the verb's di- form
    assert extract(s[3], "who", "Siapa yang menerima siaran pers Kemdagri?").text == "iNews.id"
    assert extract(s[3], "who", "Who received the press release?").text == "iNews.id"
    assert extract(s[1], "who", "Siapa yang mewakili Indonesia?").text == "Kementerian Dalam Negeri (Kemdagri)"
    assert "Thomas Umbu Pati" in extract(s[16], "who", "Siapa yang mendampingi Dirjen?").text   # a role: its holder
    # an English question's verb, found through the glossary, says where its answer follows
    assert extract(s[7], "what", "What do all regions face?").text == "tantangan yang sama"
    assert extract(s[14], "what", "What did the member states acknowledge?").text == "pentingnya tiga poin ini"
    assert extract(s[15], "what", "What did ASEAN and Japan agree to keep holding?").text.startswith("Pertemuan")
    assert extract(s[13], "what", "Smart cities should meet what, according to Japan's first point?"
                   ).text.startswith("memenuhi kebutuhan")
    assert type_match(s[4], "who", "Who took part on the first day?") == 1.0     # "seluruh peserta mengikuti"
    assert "Thomas Umbu Pati" in extract(s[16], "who", "Which director accompanied Safrizal?").text
    # forming something is said by "membentuk" too
    assert type_match(s[13], "what", "Kota pintar seperti apa yang ingin dibentuk Jepang?") > 0.0
    # holding an office is answered by its title; only since when or how long asks more
    assert extract(s[16], "what", "Thomas Umbu Pati menjabat direktur apa?").text.startswith("Direktur Kawasan")
    assert type_match(s[16], "what", "Siapa yang menjabat direktur kawasan?") > 0.0
    assert type_match(s[16], "how_many", "Berapa lama dia menjabat direktur?") == 0.0
    # what someone said of a thing, which the sentence gives as the points they raised
    assert type_match(s[13], "what", "What did Japan say smart cities should be based on?") == 0.5


def test_the_date_of_a_press_release_answers_only_questions_about_it(s):
    assert extract(s[3], "when", "Kapan siaran pers itu diterima?").text == "Jumat (22/10/2021)"
    assert extract(s[3], "when", "When was the story published?").text == "Jumat (22/10/2021)"
    assert extract(s[3], "when", "Tanggal berapa Kemdagri merilis informasi ini?").text == "Jumat (22/10/2021)"
    assert extract(s[3], "when", "Kapan siaran persnya keluar?").text == "Jumat (22/10/2021)"     # -nya
    # news handed to the media: a release date too, and the outlet of the dateline is no date
    assert extract(s[3], "when", "Kapan kabar ini disampaikan Kemdagri ke media?").text == "Jumat (22/10/2021)"
    assert "iNews.id" not in extract(s[1], "when", "Kapan kabar ini disampaikan ke media?").text
    assert extract(s[3], "when", "When was Safrizal appointed director general?") is None
    assert type_match(s[3], "when", "Kapan Safrizal mulai menjabat?") == 0.0
    # a position is no answer to when someone took it up
    assert extract(s[16], "when", "Kapan Thomas Umbu Pati mulai menjabat?") is None


def test_how_often_and_in_what_format_look_for_their_phrase(s):
    # whether it recurs asks the same: "Will it be held regularly / again?", "Apakah akan diadakan lagi?"
    for recurs in ("Will the ASEAN-Japan smart city meeting be held regularly?",
                   "Apakah pertemuan ini akan diadakan lagi?", "Will the high-level meeting be held again in future?"):
        again = asked_manner(recurs, "yes_no")
        assert again is not None and again.search(s[15]) and not again.search(s[1])
    assert asked_manner("Selain upacara, apa lagi yang diadakan?", "what") is None
    often = asked_manner("How often will the summit be held?")
    assert often is not None and often.search(s[15]) and not often.search(s[1])
    form = asked_manner("Formatnya online atau offline?")
    assert form is not None and form.search(s[1]) and not form.search(s[15])
    assert asked_manner("Apa hasil pertemuan itu?") is None
    # how someone took part: the manner of taking part ("secara virtual"), not the fact of it
    took_part = asked_manner("How did he take part?", "how")
    assert took_part is not None and took_part.search(s[3]) and not took_part.search(s[16])
    assert asked_manner("Who took part?", "who") is None
    present = asked_manner("Apakah Dirjen Adwil hadir langsung di lokasi?", "yes_no")
    assert present is not None and present.search(s[3]) and not present.search(s[16])
    # the phrase is evidence for a yes/no question too; its absence is none against it
    assert type_match(s[1], "yes_no", "Was the summit held purely online?") == 1.0
    assert type_match(s[15], "yes_no", "Was the summit held purely online?") == 0.5


def test_a_sentence_giving_no_reason_does_not_answer_why(s):
    """"diundang menghadiri kegiatan secara virtual" says how Safrizal attended, not why."""
    assert type_match(s[3], "why", "Kenapa Safrizal tidak datang langsung?") == 0.0
    assert extract(s[3], "why", "Why did Safrizal attend virtually?") is None
    assert type_match(s[8], "why", "Kenapa kegiatan ini diharapkan bermanfaat?") == 1.0


def test_a_place_named_with_its_kind_answers_which_city(s):
    """"... dan Kota ASCN" names cities without a preposition; "Jaringan Kota Pintar" is a network."""
    phrase = extract(s[12], "where", "Di kota mana saja Jepang melanjutkan kerja sama?")
    assert phrase is not None and phrase.text == "Kota ASCN"
    assert extract(s[15], "where", "Which Indonesian cities will host the meeting?") is None


def test_a_yes_no_question_on_the_edition_looks_for_the_edition_named(s):
    """"Was this the first meeting?" is answered by "... ASEAN-Jepang ketiga", not by "hari pertama"."""
    edition = asked_manner("Was this the first such meeting?", "yes_no")
    assert edition is not None and edition.search(s[1]) and not edition.search(s[4]) and not edition.search(s[5])
    assert type_match(s[1], "yes_no", "Apakah ini pertemuan pertama?") == 1.0
    assert asked_manner("Was the meeting held online?", "yes_no") is not None       # the format, as before
    assert asked_manner("Did Safrizal attend?", "yes_no") is None


@pytest.mark.parametrize("question, qtype, noun", [
    ("What ceremony took place at the start?", "what", "ceremony"),
    ("What long-running problem made the situation difficult?", "what", "problem"),   # the head noun
    ("What programme's progress did Japan report?", "what", None),      # a programme's name is asked
    ("What happened on day one?", "what", None), ("What took place?", "what", None),
    ("Which number meeting was it?", "which", None), ("Apa nama acaranya?", "what", None),
    ("Who hosted it?", "who", None),
])
def test_the_english_noun_a_question_asks_a_kind_of(question, qtype, noun):
    assert asked_english_noun(question, qtype) == noun


def test_the_word_translating_the_asked_noun_heads_the_phrase(s):
    """Each word's cosine with "ceremony" (from token vectors in the assistant): the one that stands
    out heads the phrase, which runs on over its modifiers and a coordinated noun."""
    import re

    words = [(m.start(), m.end()) for m in re.finditer(r"[^\W_]+(?:[-'][^\W_]+)*", s[4])]
    sims = [(a, b, 0.80 if s[4][a:b] == "upacara" else 0.70) for a, b in words]
    phrase = extract(s[4], "what", "What ceremony took place at the start?", (), sims)
    assert phrase is not None and phrase.text == "upacara pembukaan serta diskusi panel"
    flat = [(a, b, 0.70) for a, b in words]            # nothing stands out: the usual rules
    assert extract(s[4], "what", "What ceremony took place at the start?", (), flat) == \
        extract(s[4], "what", "What ceremony took place at the start?")


def test_a_question_for_a_place_in_order_looks_for_an_ordinal(s):
    """"Pertemuan ini yang ke berapa?" is answered by "... ASEAN-Jepang ketiga", not by a count."""
    ordinal = asked_manner("Pertemuan ini yang ke berapa kalinya?", "which")
    assert ordinal is not None and ordinal.search(s[1]) and not ordinal.search(s[6])
    assert extract(s[1], "which", "Pertemuan ini yang ke berapa kalinya?").text == "ketiga"


def test_where_people_come_from_is_what_qualifies_them(s):
    phrase = extract(s[6], "where", "Pemimpin dari mana yang diikutsertakan?")
    assert phrase is not None and phrase.text == "pemimpin pusat dan daerah negara-negara ASEAN"


@pytest.mark.parametrize("question, terms", [
    ("JAMP itu kepanjangannya apa?", ["JAMP"]),
    ("What does NR stand for?", ["NR"]),
    ("apa kepanjangan kemdagri", ["kemdagri"]),
    ("Apa singkatan dari National Representative?", ["National", "Representative"]),
    ("What does ASCN mean?", ["ASCN"]),
    ("Apa arti kota pintar?", []),                  # a meaning, not an acronym's long form
    ("Kemdagri ikut pertemuan apa?", []),
])
def test_questions_asking_for_a_short_or_long_form(question, terms):
    assert expansion_terms(question) == terms


def test_only_a_bracketed_form_answers_what_an_acronym_stands_for(s):
    # the article spells out NR, Adwil and Kemdagri, but never JAMP or ASEAN
    assert type_match(s[2], "what", "What does NR stand for?") == 1.0
    assert type_match(s[2], "what", "What does Adwil stand for?") == 1.0
    assert type_match(s[1], "what", "Apa kepanjangan Kemdagri?") == 1.0
    assert type_match(s[3], "what", "Apa kepanjangan Kemdagri?") == 0.0       # "siaran pers Kemdagri"
    assert type_match(s[12], "what", "JAMP itu kepanjangannya apa?") == 0.0    # "'Smart JAMP'"
    assert type_match(s[11], "what", "What does ASEAN stand for?") == 0.0
    assert type_match(s[12], "what", "Apa yang dilaporkan Jepang?") == 0.5    # not asked: no evidence either way
    phrase = extract(s[1], "what", "apa kepanjangan kemdagri")
    assert phrase is not None and phrase.text == "Kementerian Dalam Negeri"
    phrase = extract("Kemdagri (Kementerian Dalam Negeri) hadir.", "what", "Kemdagri singkatan dari apa?")
    assert phrase is not None and phrase.text == "Kementerian Dalam Negeri"


@pytest.mark.parametrize(("sentence", "question"), [
    ("Jepang mengakui pentingnya poin ini.", "Apa yang diakui Jepang tentang pentingnya poin?"),
    ("Negara anggota mengakui tiga poin ini.", "Negara anggota mengakui tiga poin apa?"),
])
def test_a_phrase_of_function_words_only_is_not_highlighted(sentence, question):
    # the words after the question's echo are just "ini": nothing fits, so nothing is guessed
    assert extract(sentence, "what", question) is None


def test_a_number_word_still_answers_how_many():
    phrase = extract("Jepang hanya mengirim satu delegasi.", "how_many", "Berapa delegasi yang dikirim Jepang?")
    assert phrase is not None and phrase.text.startswith("satu")


@pytest.mark.parametrize("idx, qtype, question, expected", [
    # a name joined by "maupun" / "serta" is one answer
    (8, "who", "Pengalaman siapa yang menjadi best practice?", "ASEAN maupun Jepang"),
    # the question's own acronym ("NR") marks its own name: the other name answers
    (2, "who", "Siapa yang ditunjuk mewakili Indonesia sebagai NR?",
     "Direktorat Jenderal Bina Administrasi Kewilayahan (Adwil)"),
    # "government ministry": a ministry, not the government; "took part" does not ask how
    (1, "which", "Which government ministry took part for Indonesia?", "Kementerian Dalam Negeri (Kemdagri)"),
    (2, "which", "Which of its units was the national representative?",
     "Direktorat Jenderal Bina Administrasi Kewilayahan (Adwil)"),
    # "dari mana": the source after "dari", not a mode or a place
    (3, "where", "Dari mana iNews.id mendapat informasi ini?", "siaran pers Kemdagri"),
    # a name asked for by what it is called is given whole, the words the question began included
    (11, "what", "Apa nama buku panduan yang akan dirumuskan?", "Buku Panduan Perencanaan Kota Pintar ASEAN"),
    # "kasus apa": the kind of thing asked for heads the answer, with its quantifier
    (13, "what", "Jepang memperkenalkan kasus apa?", "beberapa kasus domestik"),
    (2, "what", "Apa itu NR?", "National Representative"),
    # "hari ke berapa?": the ordinal with the noun the question names
    (4, "how_many", "Upacara pembukaan diadakan pada hari ke berapa?", "hari pertama"),
    # an echoed word joined to another by "dan" is half of the answer, not an echo to strip
    (11, "who", "Siapa yang merumuskan Buku Panduan Perencanaan Kota Pintar ASEAN?", "ASEAN dan Jepang"),
    # no titled person: an organisation before other names
    (2, "who", "Who was appointed National Representative?",
     "Direktorat Jenderal Bina Administrasi Kewilayahan (Adwil)"),
    # the name closes the noun phrase that opens the sentence: all of it answers
    (14, "who", "Siapa yang mengakui pentingnya tiga poin itu?", "Negara-negara anggota ASEAN dan Jepang"),
    # the largest echo is followed by function words only ("tiga poin [ini] untuk"): the next one answers
    (14, "what", "Tiga poin dari Jepang dianggap penting untuk mempromosikan apa?", "pengembangan kota pintar"),
    # the name closing the noun phrase after "dengan" answers with all of it; a quoted programme is not who
    (12, "who", "Jepang sepakat bekerja sama dengan siapa saja?", "masing-masing negara anggota ASEAN dan Kota ASCN"),
    # places joined by "maupun" are one answer; "where did ... get the information" asks for a source
    (8, "where", "Where did the best practices come from?", "ASEAN maupun Jepang"),
    (3, "where", "Where did iNews.id get the information?", "siaran pers Kemdagri"),
    # "berapa hari": the dates it ran, when the sentence gives them as a range
    (1, "how_many", "Berapa hari pertemuan berlangsung?", "18 hingga 19 Oktober"),
    # a day of the month is not a count; a count of another noun does not answer
    (1, "how_many", "Berapa kota yang ikut?", None), (13, "how_many", "Ada berapa negara anggota ASEAN?", None),
    # a role with no title word: what the subject was made "sebagai"
    (2, "what", "What role was the Adwil directorate given?", "National Representative (NR)"),
    # the asked noun begins a name: all of the name answers
    (1, "what", "Kemdagri ikut pertemuan apa?",
     "Pertemuan Tingkat Tinggi Jaringan Kota Pintar (Smart City) ASEAN-Jepang ketiga"),
    # "... memberikan apa?": the answer follows the word before "apa", not a larger echo elsewhere
    (16, "what", "Kehadiran Dirjen diharapkan bisa memberikan apa?", "kontribusi aktif serta masukan"),
    # a how-question about an event: the manner the sentence states
    (1, "how", "Bagaimana pertemuan itu digelar?", "secara hibrida, virtual dan langsung"),
    # no one is named: the people the question's verb is about, by their role, not a name inside it
    (6, "who", "Kegiatan ini juga mengikutsertakan siapa?", "pemimpin pusat dan daerah negara-negara ASEAN"),
    # among names alike, the one opening the sentence is who acts
    (11, "who", "Siapa yang akan merumuskan buku panduan bersama-sama?", "ASEAN dan Jepang"),
    # a position ends where the person's titles begin
    (16, "what", "What position does Thomas Umbu Pati hold?", "Direktur Kawasan, Perkotaan, dan Batas Negara"),
    # a programme asked for by what it is called: the quoted name, not another name
    (12, "what", "What is Japan's programme called whose progress it reported?", "Smart JAMP"),
    # "what time": a time of day, never a day
    (4, "when", "What time did the opening ceremony start?", None),
    # each day has the question's "hari": the one next to its other words answers
    (5, "when", "Tema forumnya beda dengan hari apa?", "hari pertama"),
    (1, "how_many", "brp lama pertemuannya", "18 hingga 19 Oktober"),
    # who holds a position is a person: not an organisation, a government or a group of countries
    (1, "who", "Siapa wali kota Jakarta yang ikut?", None), (1, "who", "Who is its minister?", None),
    (14, "who", "Siapa ketua rombongan dari Jepang?", None),
    (1, "who", "Who chaired it?", None), (15, "who", "Siapa yang memimpin delegasi Jepang?", None),
    # who a press release came from: what follows "dari", not the official the sentence names
    (3, "who", "Siaran persnya dari siapa?", "siaran pers Kemdagri"),
    (3, "who", "Siaran pers itu dikeluarkan oleh siapa?", "siaran pers Kemdagri"),
    # the 19 of "Covid-19" is part of a name, not a count or a duration
    (9, "how_many", "How long did it last?", None),
    # nor is a count of people a length of time
    (6, "how_many", "How long did the event last?", None), (6, "how_many", "Berapa lama acaranya?", None),
    (3, "who", "Siapa Dirjen Bina Adwil?", "DR Drs Safrizal ZA, M.Si"),
    # "secara apa?": what follows "secara" in the sentence, up to the next clause ("sebagaimana ...")
    (15, "how", "Pertemuan tingkat tinggi itu akan diadakan secara apa?", "terus menerus"),
    # people named by their role a few words after the question's own ("1.200 peserta yang juga
    # mengikutsertakan [pemimpin ...]")
    (6, "who", "Siapa yang diundang bersama peserta?", "pemimpin pusat dan daerah negara-negara ASEAN"),
    # what is hoped for: what the sentence says is expected ("diharapkan bisa memberikan [...]"); a
    # means asked with "diharapkan" in it is no such question
    (16, "what", "Apa harapan dari keikutsertaan Dirjen dan Direktur?", "kontribusi aktif serta masukan"),
    (16, "what", "What was the delegation expected to provide?", "kontribusi aktif serta masukan"),
    (8, "what", "Proyek kota pintar diharapkan maju melalui apa?", "diskusi terbuka"),
    # the day's ordinal numbers the echoed "hari": what follows it answers
    (4, "what", "Kegiatan apa yang diadakan di hari pembuka?",
     "seluruh peserta mengikuti upacara pembukaan serta diskusi panel"),
    # a passive question's object follows the sentence's active verb, not the subject it repeats
    (11, "what", "Apa yang disambut baik oleh ASEAN dan Jepang?",
     "baik pengembangan Buku Panduan Perencanaan Kota Pintar ASEAN"),
    # what is shared: the thing said to be the same
    (7, "what", "What do all regions have in common?", "tantangan yang sama"),
    (7, "what", "Apa kesamaan yang dihadapi seluruh daerah?", "tantangan yang sama"),
    # by what means: what follows a word for "by way of", whichever of them the question used
    (8, "how", "Lewat cara apa kemajuan proyek diharapkan difasilitasi?", "diskusi terbuka"),
    (8, "what", "Kemajuan proyek kota pintar difasilitasi lewat apa?", "diskusi terbuka"),
    # how often: a frequency; how open: a degree, never the manner of the meeting
    (15, "how", "How often will the ASEAN-Japan Smart City Network meeting be held?", "secara terus menerus"),
    (15, "how", "Seberapa sering pertemuan ini akan diadakan?", "secara terus menerus"),
    # a why-question: the reason, to the end of its clause (stopping at "serta")
    (13, "why", "Apa tujuan tiga poin Jepang?",
     "untuk keberhasilan proyek pengembangan di setiap negara anggota ASEAN"),
    (14, "why", "Why do the three points matter?", "untuk mempromosikan pengembangan kota pintar"),
    (9, "why", "What was the reason given for it?", "akibat pandemi Covid-19 yang panjang"),
    (8, "why", "Kenapa kegiatan ini diharapkan bermanfaat?",
     "diharapkan bisa memfasilitasi kemajuan proyek-proyek kota pintar melalui diskusi terbuka"),
    # besides what the question leaves out: what the sentence joins to it; the clause joined last,
    # not "..., dan membentuk ..." inside the list of points
    (4, "what", "Di hari pembukaan, peserta mengikuti kegiatan apa selain upacara?", "diskusi panel"),
    (5, "what", "On the second day, what was held besides the forum?", "business match making"),
    (6, "who", "Selain pemimpin pusat, siapa lagi yang ikut?", "daerah negara-negara ASEAN"),
    (13, "what", "Selain tiga poin, apa lagi yang diperkenalkan Jepang?", "memperkenalkan beberapa kasus domestik"),
    (12, "which", "Besides ASEAN member states, which cities did Japan keep cooperating with?", "Kota ASCN"),
])
def test_phrase_rules(s, idx, qtype, question, expected):
    phrase = extract(s[idx], qtype, question)
    assert (phrase.text if phrase else None) == expected


@pytest.mark.parametrize("idx, qtype, question, unwanted", [
    (1, "what", "Kemdagri ikut pertemuan apa?", "Kementerian Dalam Negeri"),   # not asking what it stands for
    (11, "who", "Buku panduan itu akan dirumuskan oleh siapa?", "Perencanaan Kota Pintar ASEAN"),  # the asked thing
    (10, "what", "Secara umum pertemuan ini menghasilkan apa?", "menghasilkan"),  # a verb does not head the answer
    # a quoted name elsewhere in the sentence is not what follows the question's words
    (12, "what", "Untuk menjalankan apa Jepang dan negara-negara ASEAN melanjutkan kerja sama?", "Smart JAMP"),
    (12, "what", "What kind of support measures will continue?", "Smart JAMP"),   # a programme is not a measure
    # the ministry is the question's subject; a meeting is asked for
    (1, "which", "Which meeting did the Home Affairs Ministry join?", "Kementerian Dalam Negeri"),
    (1, "how", "How open should smart cities be?", "secara hibrida"),
    # a role noun in another clause than the question's words is not who did it
    (4, "who", "Siapa yang membuka acara di hari pertama?", "peserta"),
])
def test_phrase_rules_leave_out(s, idx, qtype, question, unwanted):
    phrase = extract(s[idx], qtype, question)
    assert phrase is None or unwanted not in phrase.text


def test_the_mode_phrase_stops_at_the_mode_words(s):
    phrase = extract(s[3], "how", "Bagaimana Dirjen menghadiri kegiatan, langsung atau daring?")
    assert phrase is not None and phrase.text == "secara virtual"


@pytest.mark.parametrize("sentence, qtype, question, expected", [
    ("Para menteri Thailand dan Vietnam menandatangani piagam itu di Bangkok.", "who",
     "Siapa yang menandatangani piagam itu?", "Para menteri Thailand dan Vietnam"),
    ("Rapat itu dibuka oleh Badan Pusat Statistik dan ditutup oleh Gubernur Jawa Barat.", "who",
     "Siapa yang membuka rapat?", "Badan Pusat Statistik"),
    ("Festival digelar untuk kelima kalinya pada pekan ini.", "how_many", "Festival itu yang ke berapa kalinya?",
     "kelima"),
    ("Pada hari pertama, upacara pembukaan dimulai pukul 09.00 WIB di Balai Kota.", "when",
     "Jam berapa upacara pembukaan dimulai?", "pukul 09.00 WIB"),
    ("Pameran itu berlangsung selama tiga hari di Surabaya.", "how_many", "Berapa lama pameran itu berlangsung?",
     "tiga hari"),
    ("Tim itu terdiri atas 12 orang dari lima negara.", "how_many", "Berapa negara yang terlibat?", "lima negara"),
    ("Dinas itu bermitra dengan beberapa universitas Jawa Timur sejak 2019.", "who", "Dinas itu bermitra dengan siapa?",
     "beberapa universitas Jawa Timur"),
    ("Pameran 'Nusantara Digital' dibuka oleh Gubernur Jawa Barat.", "who", "Siapa yang membuka pameran?",
     "Gubernur Jawa Barat"),
    # a place named by a common noun, with its quantifier and what qualifies it
    ("Program itu akan diterapkan di seluruh kabupaten perbatasan mulai tahun depan.", "where",
     "Di mana program itu akan diterapkan?", "seluruh kabupaten perbatasan"),
    ("Bantuan dikirim ke daerah-daerah terpencil oleh relawan.", "where", "Bantuan dikirim ke mana?",
     "daerah-daerah terpencil"),
    # the ordinal after the echoed "hari" numbers that day; what the participants did comes after them
    ("Pada hari kedua, para peserta mengunjungi pabrik baterai di Karawang.", "what",
     "Pada hari penutupan, peserta melakukan apa?", "mengunjungi pabrik baterai"),
])
def test_name_and_ordinal_rules_on_sentences_of_our_own(sentence, qtype, question, expected):
    phrase = extract(sentence, qtype, question)
    assert phrase is not None and phrase.text == expected


def test_a_name_goes_on_past_a_parenthesis_and_takes_its_ordinal(s):
    # "meeting" aligned (by token vectors) with "Pertemuan"
    at = s[1].index("Pertemuan")
    phrase = extract(s[1], "what", "What was this meeting called?", echo=[(at, at + len("Pertemuan"))])
    assert phrase is not None
    assert phrase.text == "Pertemuan Tingkat Tinggi Jaringan Kota Pintar (Smart City) ASEAN-Jepang ketiga"


def test_quote_marks_are_not_part_of_a_name():
    phrase = extract("Jepang melaporkan kemajuan 'Smart JAMP' kepada semua anggota.", "what",
                     "Program apa yang kemajuannya dilaporkan Jepang?")
    assert phrase is not None and phrase.text == "Smart JAMP"


def test_an_english_kind_noun_heads_its_short_modifier(s):
    # "challenge" aligned (by token vectors) with "tantangan": the answer is the noun with its "yang" modifier
    at = s[7].index("tantangan")
    phrase = extract(s[7], "what", "What challenge do the regions have in common?", echo=[(at, at + len("tantangan"))])
    assert phrase is not None and phrase.text == "tantangan yang sama"
