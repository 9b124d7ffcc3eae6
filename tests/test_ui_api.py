"""ui/api.py over real HTTP: /api/ask, /api/articles, /healthz, /docs, and the Gradio API through
gradio_client, on a loopback server with the fast test embedder."""

from __future__ import annotations

import logging

import httpx
import pytest

from corpus import DEFAULT_ARTICLE_ID, load_corpus, split_sentences
from tests.test_ui_app import ANSWERED, ANSWERED_SENTENCE, UNANSWERED, running_app
from ui.apidocs import render_docs

pytestmark = pytest.mark.filterwarnings("ignore:::gradio.queueing")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("ui-api"), examples={}) as live:
        yield live


@pytest.fixture()
def http(server):
    with httpx.Client(base_url=server.origin, timeout=30) as client:
        yield client


def test_ask_returns_the_cited_answer_with_the_articles_content_hash(http, article):
    r = http.post("/api/ask", json={"question": ANSWERED, "history": [], "article_id": None})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    data = r.json()
    assert data["abstained"] is False and data["content_hash"] == article.content_hash
    (cite,) = data["citations"]
    assert cite["sentence_id"] == ANSWERED_SENTENCE and cite["text"] == article.text[cite["start"]:cite["end"]]
    assert data["highlight"] == "1.200 peserta"
    assert article.text[data["highlight_start"]:data["highlight_end"]] == "1.200 peserta"


def test_abstention_is_a_normal_answer(http, article):
    data = http.post("/api/ask", json={"question": UNANSWERED}).json()
    assert data["abstained"] is True and data["citations"] == [] and data["content_hash"] == article.content_hash


def test_follow_up_and_named_article(http):
    r = http.post("/api/ask", json={"question": "Berapa?", "history": [ANSWERED],
                                    "article_id": DEFAULT_ARTICLE_ID})
    assert r.status_code == 200 and r.json()["article_id"] == DEFAULT_ARTICLE_ID


@pytest.mark.parametrize(("body", "status", "words"), [
    ({"question": ""}, 422, "empty"),
    ({"question": "   "}, 422, "empty"),
    ({"question": "x" * 2001}, 422, "limit is 2,000"),
    ({}, 422, "question"),
    ({"question": 42}, 422, "question"),
    ({"question": "Siapa?", "history": "not a list"}, 422, "history"),
    ({"question": "Siapa?", "history": ["q"] * 21}, 422, "history"),
    ({"question": "Siapa?", "article_id": "no-such-article"}, 404, "unknown article"),
])
def test_bad_input_is_a_4xx_json_error(http, body, status, words):
    r = http.post("/api/ask", json=body)
    assert r.status_code == status, r.text
    assert set(r.json()) == {"error"} and words in r.json()["error"]
    assert "Traceback" not in r.text


def test_malformed_and_oversized_bodies(http):
    r = http.post("/api/ask", content=b'{"question": ', headers={"content-type": "application/json"})
    assert r.status_code == 400 and "not valid JSON" in r.json()["error"]
    r = http.post("/api/ask", content=b"[1, 2]", headers={"content-type": "application/json"})
    assert r.status_code == 422 and "error" in r.json()
    r = http.post("/api/ask", json={"question": "x" * 300_000})
    assert r.status_code == 413 and "larger than" in r.json()["error"]


def test_wrong_method_and_unknown_endpoint(http):
    r = http.get("/api/ask")
    assert r.status_code == 405 and "error" in r.json()
    r = http.post("/api/nothing-here", json={})
    assert r.status_code == 404 and "error" in r.json()


def test_articles_list_and_detail_with_sentence_offsets(http, article):
    listed = http.get("/api/articles").json()
    assert listed == [article.summary()]
    detail = http.get(f"/api/articles/{article.id}").json()
    assert detail["text"] == article.text and detail["content_hash"] == article.content_hash
    assert [(s["start"], s["end"]) for s in detail["sentences"]] == \
        [(s.start, s.end) for s in split_sentences(article.text, article.id)]
    assert http.get("/api/articles/nope").status_code == 404


def test_healthz(http):
    assert http.get("/healthz").json() == {"status": "ok", "articles": 1, "model": "hash-64", "retriever": "hybrid"}


def test_openapi_docs_are_served_without_a_cdn(http):
    spec = http.get("/openapi.json").json()
    assert {"/api/ask", "/api/articles", "/healthz"} <= set(spec["paths"])
    page = http.get("/docs")
    assert page.status_code == 200 and "/api/ask" in page.text and "AskRequest" in page.text
    assert "cdn." not in page.text and "<script src" not in page.text


def test_docs_page_escapes_the_spec():
    out = render_docs({"info": {"title": "<script>x</script>"}, "paths": {"/a<b>": {"get": {"summary": "<i>"}}}})
    assert "<script>x" not in out and "&lt;i&gt;" in out


def test_log_has_the_question_but_not_the_rest_of_the_body(http, caplog):
    with caplog.at_level(logging.INFO, logger="article_qa.ui"):
        http.post("/api/ask", json={"question": ANSWERED, "history": ["PRIVATE-EARLIER-QUESTION"]})
    assert ANSWERED in caplog.text and "PRIVATE" not in caplog.text


def test_gradio_client_can_ask_and_chat(server, article, monkeypatch):
    from gradio_client import Client

    monkeypatch.setenv("GRADIO_ANALYTICS_ENABLED", "False")
    client = Client(server.url, verbose=False, analytics_enabled=False, download_files=False)
    data = client.predict(ANSWERED, [], None, api_name="/ask")
    assert data["abstained"] is False and data["content_hash"] == article.content_hash
    assert data["citations"][0]["sentence_id"] == ANSWERED_SENTENCE
    chat, panel, question = client.predict(ANSWERED, DEFAULT_ARTICLE_ID, "en", api_name="/chat")
    assert 'class="aqa-cited"' in panel.replace("aqa-s aqa-cited", "aqa-cited") and question == ""
    messages = chat["value"] if isinstance(chat, dict) else chat       # a Chatbot update or its value
    assert [m["role"] for m in messages] == ["user", "assistant"] and "aqa-answer" in str(messages[1]["content"])
    with pytest.raises(Exception, match="empty"):
        client.predict("", [], None, api_name="/ask")
    client.close()


def test_the_corpus_is_the_bundled_one():
    assert load_corpus().ids == [DEFAULT_ARTICLE_ID]
