"""ui/render.py: answers and articles as escaped HTML with one element per sentence (no browser)."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant import Answer, Citation
from corpus import split_sentences
from ui.render import esc, format_date, render_answer, render_article, render_question, sentence_anchor

CITED = 6  # "Kegiatan ini mengundang 1.200 peserta ..."


def cited_answer(article, sentence_id: int = CITED, phrase: str = "1.200 peserta") -> dict:
    s = split_sentences(article.text, article.id)[sentence_id]
    at = s.text.index(phrase)
    return Answer(question="Berapa peserta?", lang="id", abstained=False, confidence=0.9,
                  citations=[Citation(article.id, s.idx, s.start, s.end, s.text, 0.8)], text="...",
                  article_id=article.id, article_title=article.title, content_hash=article.content_hash,
                  highlight=phrase, highlight_start=s.start + at, highlight_end=s.start + at + len(phrase)).to_dict()


def abstained_answer(article, related: int = CITED) -> dict:
    s = split_sentences(article.text, article.id)[related]
    return Answer(question="Apa itu pizza?", lang="id", abstained=True, confidence=0.1, citations=[], text="...",
                  article_id=article.id, article_title=article.title, content_hash=article.content_hash,
                  related=[Citation(article.id, s.idx, s.start, s.end, s.text, 0.2)]).to_dict()


class Collector(HTMLParser):
    """Text per element id, the tags seen, and the classes of elements by id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.text_by_id: dict[str, str] = {}
        self.class_by_id: dict[str, str] = {}
        self.tags: list[str] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "br":
            return
        self.stack.append((tag, a.get("id")))
        if a.get("id"):
            self.text_by_id[a["id"]] = ""
            self.class_by_id[a["id"]] = a.get("class", "")

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_data(self, data):
        self.text += data
        for _, ident in self.stack:
            if ident:
                self.text_by_id[ident] += data


def parse(fragment: str) -> Collector:
    c = Collector()
    c.feed(fragment)
    c.close()
    return c


def test_every_sentence_is_an_element_with_its_exact_text(article):
    sentences = split_sentences(article.text, article.id)
    doc = parse(render_article(article, sentences))
    for s in sentences:
        own = doc.text_by_id[sentence_anchor(article.id, s.idx)]
        assert own == s.text


def test_article_text_survives_rendering_word_for_word(article):
    doc = parse(render_article(article, split_sentences(article.text, article.id)))
    # every non-space character, in order (line breaks become paragraphs)
    assert "".join(doc.text.split()).endswith("".join(article.text.split()))


def test_cited_sentence_is_marked_with_its_number_and_the_phrase_inside(article):
    sentences = split_sentences(article.text, article.id)
    out = render_article(article, sentences, cited_answer(article))
    doc = parse(out)
    anchor = sentence_anchor(article.id, CITED)
    assert "aqa-cited" in doc.class_by_id[anchor]
    assert doc.text_by_id[anchor] == sentences[CITED].text + "1"       # the sentence, then its badge
    assert '<mark class="aqa-hl aqa-hl-strong">1.200 peserta</mark>' in out
    assert out.count("aqa-cited") == 1
    others = [sentence_anchor(article.id, s.idx) for s in sentences if s.idx != CITED]
    assert all("aqa-cited" not in doc.class_by_id[a] for a in others)


def test_answer_shows_phrase_and_numbered_marker_linking_to_the_sentence(article):
    out = render_answer(cited_answer(article), "id")
    assert 'class="aqa-answer"' in out and "aqa-abstain" not in out
    assert f'href="#{sentence_anchor(article.id, CITED)}"' in out and ">[1]</a>" in out
    assert '<mark class="aqa-hl">1.200 peserta</mark>' in out
    assert "kalimat 7" in out and "keyakinan 90%" in out
    assert "sentence 7" in render_answer(cited_answer(article), "en")


def test_abstention_looks_different_and_lists_related_sentences_as_not_an_answer(article):
    out = render_answer(abstained_answer(article), "id")
    assert 'class="aqa-abstain"' in out and "aqa-answer" not in out and "[1]" not in out
    assert "Artikel tidak menyebutkan hal itu." in out and "bukan jawaban" in out
    assert "The article does not say." in render_answer(abstained_answer(article), "en")
    panel = render_article(article, split_sentences(article.text, article.id), abstained_answer(article))
    assert "aqa-cited" not in panel and "aqa-near" in panel


def test_answer_for_another_article_marks_nothing(article):
    other = {**cited_answer(article), "article_id": "another-article"}
    assert "aqa-cited" not in render_article(article, split_sentences(article.text, article.id), other)


def test_question_with_markup_is_shown_as_text():
    out = render_question('<img src=x onerror=alert(1)> & "quotes"\n<script>x</script>')
    doc = parse(out)
    assert doc.tags == ["div", "br"]
    assert doc.text == '<img src=x onerror=alert(1)> & "quotes"<script>x</script>'


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_no_user_text_can_open_a_tag(text):
    for out in (render_question(text), esc(text)):
        doc = parse(f"<div>{out}</div>")
        assert set(doc.tags) <= {"div", "br"}
        assert doc.text == text.replace("\r", "").replace("\n", "")     # shown exactly, as text
        assert "\n" not in out                # one raw-HTML block for the chat's Markdown renderer


@settings(max_examples=50, deadline=None)
@given(st.text(min_size=1, max_size=200), st.text(max_size=60))
def test_answer_text_from_anywhere_is_escaped(sentence, phrase):
    answer = {"abstained": False, "article_id": "a", "highlight": phrase, "highlight_start": 0,
              "highlight_end": min(len(phrase), len(sentence)), "confidence": float("nan"),
              "citations": [{"article_id": "a", "sentence_id": 0, "start": 0, "end": len(sentence), "text": sentence}]}
    doc = parse(render_answer(answer, "en"))
    assert set(doc.tags) <= {"div", "span", "mark", "ol", "li", "a", "br"}


def test_rendered_fragments_have_no_line_breaks(article):
    sentences = split_sentences(article.text, article.id)
    for out in (render_article(article, sentences, cited_answer(article)), render_answer(cited_answer(article)),
                render_answer(abstained_answer(article))):
        assert "\n" not in out


def test_dates_read_naturally():
    assert format_date("2021-10-22", "id") == "22 Oktober 2021"
    assert format_date("2021-10-22", "en") == "22 October 2021"
    assert format_date("kemarin", "en") == "kemarin" and format_date(None, "id") == ""
