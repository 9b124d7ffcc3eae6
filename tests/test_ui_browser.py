"""The chat page, the widget in a host page, and the origin policy, driven in a real Chromium.

One app server (fast test embedder) per module, a second loopback origin serving the example
host page (allowed), and a third one that is not allowed. Skipped when /usr/bin/chromium is
missing, unless ARTICLE_QA_REQUIRE_BROWSER=1 (then it fails). ARTICLE_QA_SCREENSHOTS=1 makes the
screenshot test use the real default model and write ui/screenshots/*.png.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from corpus import DEFAULT_ARTICLE_ID, load_corpus, split_sentences
from tests.test_ui_app import (
    ANSWERED,
    ANSWERED_SENTENCE,
    UNANSWERED,
    free_port,
    hash_assistant,
    prefix_proxy,
    running_app,
    static_site,
)
from ui.feedback import FeedbackLog
from ui.render import sentence_anchor

pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore:::gradio.queueing")]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EXAMPLE = Path(__file__).resolve().parents[1] / "ui" / "embed" / "example.html"
SCREENSHOTS = Path(__file__).resolve().parents[1] / "ui" / "screenshots"
ANCHOR = sentence_anchor(DEFAULT_ARTICLE_ID, ANSWERED_SENTENCE)


def _need_browser(reason: str) -> None:
    if os.environ.get("ARTICLE_QA_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (ARTICLE_QA_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        _need_browser(f"{CHROMIUM} is missing: install Debian's chromium to run the browser tests")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need_browser("the playwright package is not installed")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The app, the example host page on an allowed origin, and a page on an origin not allowed."""
    root = tmp_path_factory.mktemp("ui-browser")
    host_port, foreign_port = free_port(), free_port()
    host_origin = f"http://127.0.0.1:{host_port}"
    with running_app(root, allowed_origins=(host_origin,), examples={"id": [ANSWERED], "en": []}) as app:
        example = EXAMPLE.read_text(encoding="utf-8").replace("http://localhost:7860", app.origin)
        foreign = (f'<!doctype html><iframe id="w" src="{app.origin}/widget/?article={DEFAULT_ARTICLE_ID}"></iframe>'
                   f'<script>window.result = fetch("{app.origin}/api/ask", {{method: "POST", headers: '
                   f'{{"Content-Type": "application/json"}}, body: JSON.stringify({{question: "Siapa?"}})}})'
                   f'.then(r => "status " + r.status, e => "blocked");</script>')
        component = (f'<!doctype html><script type="module" src="{app.origin}/gradio.js"></script>'
                     f'<gradio-app src="{app.origin}/widget/" data-article="{DEFAULT_ARTICLE_ID}" data-lang="en">'
                     '</gradio-app><script>window.got = []; document.addEventListener("article-qa:answer", '
                     'e => window.got.push(e.detail));</script>')
        pages = {"/example.html": ("text/html; charset=utf-8", example.encode()),
                 "/component.html": ("text/html; charset=utf-8", component.encode())}
        with static_site(pages, host_port) as host, \
                static_site({"/foreign.html": ("text/html; charset=utf-8", foreign.encode())}, foreign_port) as other:
            yield {"app": app, "host": host, "foreign": other, "feedback": root / "feedback.sqlite3"}


@pytest.fixture()
def page(chromium, site):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.dialogs = []
    pg.outside = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("request", lambda r: pg.outside.append(r.url) if not r.url.startswith(("http://127.0.0.1:", "data:",
                                                                                   "blob:")) else None)
    yield pg
    context.close()


def ask(pg, question: str, frame=None) -> None:
    """Type a question, press the button, wait for its answer (or abstention) to appear."""
    scope = frame or pg
    before = scope.locator(".aqa-answer, .aqa-abstain").count()
    scope.locator("#aqa-question textarea").fill(question)
    scope.locator("#aqa-ask").click()
    scope.locator(".aqa-answer, .aqa-abstain").nth(before).wait_for(timeout=30_000)


def open_chat(pg, site) -> None:
    pg.goto(site["app"].url)
    pg.locator("#aqa-question textarea").wait_for()


def wait_until(check, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    return check()


# ---------------------------------------------------------------------- the chat page
def test_answer_shows_cited_sentence_marked_and_scrolled_into_view_in_the_article(page, site):
    open_chat(page, site)
    ask(page, ANSWERED)
    answer = page.locator(".aqa-answer").last
    assert answer.locator("a.aqa-ref").first.inner_text() == "[1]"
    assert answer.locator("mark.aqa-hl").first.inner_text() == "1.200 peserta"
    cited = page.locator(f"#{ANCHOR}")
    article = load_corpus().get()
    assert "aqa-cited" in cited.get_attribute("class")
    assert cited.inner_text().startswith(split_sentences(article.text, article.id)[ANSWERED_SENTENCE].text)
    assert cited.locator("mark.aqa-hl").inner_text() == "1.200 peserta"
    assert page.locator("mark.aqa-cited").count() == 1

    def visible_in_panel() -> bool:
        return page.evaluate("""(id) => { const el = document.getElementById(id).getBoundingClientRect();
            const box = document.querySelector('.aqa-article-body').getBoundingClientRect();
            return el.top >= box.top && el.bottom <= box.bottom; }""", ANCHOR)
    assert wait_until(visible_in_panel), "the cited sentence was not scrolled into the article panel's view"
    assert page.outside == [], f"the page fetched from outside: {page.outside}"


def test_clicking_a_citation_marker_jumps_to_its_sentence(page, site):
    open_chat(page, site)
    ask(page, ANSWERED)
    page.evaluate("document.querySelector('.aqa-article-body').scrollTop = 0")
    page.locator(".aqa-answer a.aqa-ref").last.click()
    assert wait_until(lambda: "aqa-flash" in (page.locator(f"#{ANCHOR}").get_attribute("class") or ""))
    assert wait_until(lambda: page.evaluate("document.querySelector('.aqa-article-body').scrollTop") > 0)
    assert page.url.rstrip("/") == site["app"].url.rstrip("/")      # no navigation, no hash change


def test_abstention_looks_different_from_an_answer(page, site):
    open_chat(page, site)
    ask(page, UNANSWERED)
    box = page.locator(".aqa-abstain").last
    assert "Artikel tidak menyebutkan hal itu." in box.inner_text()
    assert page.locator(".aqa-answer").count() == 0 and page.locator("mark.aqa-cited").count() == 0
    style = box.evaluate("el => getComputedStyle(el).borderStyle")
    assert style == "dashed"


def test_markup_in_a_question_is_shown_as_text_and_runs_nothing(page, site):
    open_chat(page, site)
    evil = "<img src=x onerror=alert(1)> <script>alert(2)</script> apa itu pizza?"
    ask(page, evil)
    page.wait_for_timeout(500)
    assert page.dialogs == []
    assert page.locator("img[src='x']").count() == 0 and page.locator("#aqa-chat script").count() == 0
    assert page.locator(".aqa-q").last.inner_text() == evil


def test_thumbs_up_and_down_are_recorded_durably_with_the_answer(page, site):
    log = FeedbackLog(site["feedback"])
    before = len(log.entries())
    open_chat(page, site)
    ask(page, UNANSWERED)
    page.locator("#aqa-chat button[aria-label='Dislike']").last.click()
    assert wait_until(lambda: len(log.entries()) == before + 1)
    ask(page, ANSWERED)
    page.locator("#aqa-chat button[aria-label='Like']").last.click()
    assert wait_until(lambda: len(log.entries()) == before + 2)
    page.locator("#aqa-chat button[aria-label='Liked']").last.click()       # taken back
    assert wait_until(lambda: len(log.entries()) == before + 3)
    down, up, cleared = FeedbackLog(site["feedback"]).entries()[-3:]      # read back from the file
    assert (cleared.rating, cleared.question) == ("cleared", ANSWERED)
    article = load_corpus().get()
    assert (down.rating, down.question, down.abstained, down.citations) == ("down", UNANSWERED, True, [])
    assert (up.rating, up.question, up.source, up.abstained) == ("up", ANSWERED, "page", False)
    assert up.article_id == article.id and up.content_hash == article.content_hash
    assert up.citations[0]["sentence_id"] == ANSWERED_SENTENCE and "1.200 peserta" in up.answer
    assert up.citations[0]["text"] == article.text[up.citations[0]["start"]:up.citations[0]["end"]]
    assert up.session_id and up.session_id != "unknown" and up.created and down.session_id == up.session_id


def test_language_toggle_relabels_the_page_and_answers(page, site):
    open_chat(page, site)
    assert page.locator("#aqa-ask").inner_text() == "Tanya"
    ask(page, ANSWERED)
    page.get_by_text("English", exact=True).click()
    page.wait_for_function("document.querySelector('#aqa-ask').innerText.trim() === 'Ask'")
    assert "Ask the Article" in page.locator(".aqa-brand").inner_text()
    assert "sentence 7" in page.locator(".aqa-answer").last.inner_text()
    assert page.locator(f"#{ANCHOR}.aqa-cited").count() == 1          # the marks survive the redraw


def test_usable_at_phone_width(chromium, site):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    pg = context.new_page()
    try:
        open_chat(pg, site)
        ask(pg, ANSWERED)
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390 + 1     # no sideways scrolling
        chat = pg.locator("#aqa-chat").bounding_box()
        panel = pg.locator(".aqa-article").bounding_box()
        assert panel["y"] > chat["y"] and panel["width"] > 300                    # stacked, full width
        assert pg.locator("#aqa-lang").bounding_box()["width"] > 100
        assert pg.locator(".aqa-masthead").bounding_box()["width"] > 300               # the masthead is not squeezed
    finally:
        context.close()


def test_chat_works_behind_a_reverse_proxy_under_a_path_prefix(chromium, tmp_path):
    with running_app(tmp_path, root_path="/qa", examples={}) as live, prefix_proxy(live.origin, "/qa") as public:
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        pg = context.new_page()
        try:
            pg.goto(public + "/")
            pg.locator("#aqa-question textarea").wait_for()
            ask(pg, ANSWERED)
            assert pg.locator(f"#{ANCHOR}.aqa-cited").count() == 1
        finally:
            context.close()


SECOND_ARTICLE = """---
id: green-city-forum-2022
title: Green City Forum Opens in Bandung
date: 2022-03-05
lang: en
---
Green City Forum Opens in Bandung
BANDUNG - The Green City Forum opened on Saturday with 300 delegates from 12 cities.
The mayor of Bandung said the forum would focus on public transport and clean rivers.
"""


def test_a_picker_switches_between_articles_and_answers_come_from_the_chosen_one(chromium, tmp_path):
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "green.md").write_text(SECOND_ARTICLE, encoding="utf-8")
    bot = hash_assistant(tmp_path, tmp_path / "more")
    with running_app(tmp_path, bot=bot, examples={}) as live:
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        pg = context.new_page()
        try:
            open_chat(pg, {"app": live})
            assert pg.locator("#aqa-picker").is_visible()
            pg.locator("#aqa-picker input").click()
            pg.get_by_role("option", name="Green City Forum Opens in Bandung (2022-03-05)").click()
            pg.locator("#aqa-article-green-city-forum-2022").wait_for()
            ask(pg, "The Green City Forum opened with how many delegates?")
            assert pg.locator(".aqa-answer mark.aqa-hl").first.inner_text() == "300 delegates"
            assert pg.locator(f"#{sentence_anchor('green-city-forum-2022', 1)}.aqa-cited").count() == 1
        finally:
            context.close()


def test_one_article_means_no_picker(page, site):
    open_chat(page, site)
    assert page.locator("#aqa-picker").count() == 0 or not page.locator("#aqa-picker").is_visible()


# ---------------------------------------------------------------------- the widget
def test_widget_in_the_example_host_page_answers_and_the_host_highlights_the_sentence(page, site):
    article = load_corpus().get()
    sentence = split_sentences(article.text, article.id)[ANSWERED_SENTENCE]
    page.goto(site["host"] + "/example.html")
    widget = page.frame_locator("#article-qa")
    widget.locator("#aqa-question textarea").wait_for(timeout=30_000)
    assert widget.locator(".aqa-widget-title").inner_text(timeout=15_000) == article.title
    ask(page, ANSWERED, frame=widget)
    page.locator("mark.qa-cited").wait_for(timeout=15_000)
    assert page.locator("mark.qa-cited").inner_text() == sentence.text
    assert page.locator("mark.qa-phrase").inner_text() == "1.200 peserta"
    widget.locator("a.aqa-ref").first.click()
    page.locator("mark.qa-focus").wait_for(timeout=10_000)
    assert page.outside == []


def test_widget_for_an_unknown_article_says_so(page, site):
    page.goto(site["app"].origin + "/widget/?article=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    page.locator(".aqa-widget-error").wait_for(timeout=15_000)
    assert "Artikel itu tidak ditemukan." in page.locator(".aqa-widget-error").inner_text()
    page.locator("#aqa-question textarea").fill(ANSWERED)
    page.locator("#aqa-ask").click()
    page.get_by_text("Artikel itu tidak ditemukan.").nth(1).wait_for(timeout=15_000)    # the error toast
    assert page.dialogs == [] and page.locator("img[src='x']").count() == 0


def test_widget_message_reaches_only_its_own_host(page, site):
    """The widget posts to the host's origin, never "*": record every message the host window gets."""
    page.add_init_script("""window.__got = []; window.addEventListener('message',
        e => window.__got.push({origin: e.origin, type: e.data && e.data.type}));""")
    page.goto(site["host"] + "/example.html")
    widget = page.frame_locator("#article-qa")
    ask(page, ANSWERED, frame=widget)
    got = wait_until(lambda: [m for m in page.evaluate("window.__got") if m["type"] == "article-qa:answer"])
    assert got and {m["origin"] for m in got} == {site["app"].origin}


def test_widget_as_a_web_component_in_the_host_page(page, site):
    page.goto(site["host"] + "/component.html")
    page.locator("#aqa-question textarea").wait_for(timeout=30_000)
    assert page.locator(".aqa-widget-title").inner_text(timeout=15_000) == load_corpus().get().title
    assert page.locator("#aqa-ask").inner_text() == "Ask"                   # data-lang="en"
    ask(page, ANSWERED)
    got = wait_until(lambda: page.evaluate("window.got"))
    assert got[0]["sentences"][0]["sentence_id"] == ANSWERED_SENTENCE
    assert page.outside == []


def test_origin_not_allowed_can_neither_frame_the_widget_nor_call_the_api(page, site):
    console = []
    page.on("console", lambda m: console.append(m.text))
    page.goto(site["foreign"] + "/foreign.html")
    assert page.evaluate("window.result") == "blocked"
    page.wait_for_timeout(1000)
    frame = page.frame_locator("#w")
    assert frame.locator("#aqa-question").count() == 0
    assert any("frame-ancestors" in text for text in console), console


# ---------------------------------------------------------------------- screenshots
def test_screenshots_of_a_real_answer(chromium, site, request, tmp_path):
    """Desktop and phone-width screenshots. With ARTICLE_QA_SCREENSHOTS=1 they use the real default
    model and are written to ui/screenshots/ (the committed ones); otherwise to a temp folder."""
    questions = [ANSWERED]
    if os.environ.get("ARTICLE_QA_SCREENSHOTS") == "1":
        out_dir = SCREENSHOTS
        bot = request.getfixturevalue("real_bot")
        questions = ["Kementerian mana yang jadi wakil pemerintah Indonesia?", "How many participants were invited?"]
        server_cm = running_app(tmp_path, bot=bot)
    else:
        out_dir, server_cm = tmp_path, None
    out_dir.mkdir(parents=True, exist_ok=True)

    def shoot(url: str) -> list[Path]:
        shots = []
        for name, viewport, scale in (("chat.png", {"width": 1280, "height": 860}, 1),
                                      ("chat-mobile.png", {"width": 390, "height": 844}, 2)):
            context = chromium.new_context(viewport=viewport, device_scale_factor=scale)
            pg = context.new_page()
            pg.goto(url)
            pg.locator("#aqa-question textarea").wait_for()
            for q in questions:
                ask(pg, q)
            pg.wait_for_timeout(1200)          # the panel's smooth scroll
            assert pg.locator(".aqa-answer").count() >= 1
            pg.screenshot(path=str(out_dir / name), full_page=name == "chat-mobile.png")
            context.close()
            shots.append(out_dir / name)
        return shots

    if server_cm is None:
        shots = shoot(site["app"].url)
    else:
        with server_cm as live:
            shots = shoot(live.url)
    for shot in shots:
        data = shot.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
