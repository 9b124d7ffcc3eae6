"""ui/embed/example.html: the host page's copy of the article lines up with the offsets the widget
sends, and the page only listens to the widget's origin."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "ui" / "embed" / "example.html"


class Blocks(HTMLParser):
    """Text of every element carrying data-start, and the story's data attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[int, str]] = []
        self.story: dict[str, str] = {}
        self._open: list[bool] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id") == "story":
            self.story = a
        self._open.append("data-start" in a)
        if "data-start" in a:
            self.blocks.append((int(a["data-start"]), ""))

    def handle_endtag(self, tag):
        if self._open:
            self._open.pop()

    def handle_data(self, data):
        if self._open and self._open[-1]:
            start, text = self.blocks[-1]
            self.blocks[-1] = (start, text + data)


def test_every_block_is_the_article_text_at_its_offset(article):
    page = Blocks()
    page.feed(EXAMPLE.read_text(encoding="utf-8"))
    assert page.story["data-article-id"] == article.id
    assert page.story["data-content-hash"] == article.content_hash
    assert len(page.blocks) == len([line for line in article.text.splitlines() if line.strip()])
    for start, text in page.blocks:
        assert article.text[start:start + len(text)] == text


def test_the_host_page_checks_the_sender_and_embeds_the_widget():
    html = EXAMPLE.read_text(encoding="utf-8")
    assert 'const WIDGET_ORIGIN = "http://localhost:7860";' in html
    assert "if (event.origin !== WIDGET_ORIGIN) return;" in html
    assert re.search(r'<iframe[^>]+src="http://localhost:7860/widget\?article=', html)
    # it loads nothing from anywhere else
    assert all(url.startswith("http://localhost:7860/") for url in re.findall(r'(?:src|href)="(http[^"]*)"', html))
