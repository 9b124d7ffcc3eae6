"""Security, reviewed adversarially over real HTTP: no file outside the app's own assets is served
(Gradio's file routes, /static, /assets, encoded traversal), uploads and URL fetching are off,
the framing and hardening headers hold on every response (errors included), there are no share
links, and logs hold the question but nothing else of a request. Browser checks (marked
``browser``): Markdown in a question stays text, and the example host page ignores messages that
are not from its own widget frame."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import httpx
import pytest

from corpus import DEFAULT_ARTICLE_ID, load_corpus
from tests.test_ui_app import (
    ANSWERED,
    fn_index,
    free_port,
    gradio_event,
    running_app,
    start_serving,
    stop_serving,
    wait_until_serving,
)

pytestmark = pytest.mark.filterwarnings("ignore:::gradio.queueing")
REPO = Path(__file__).resolve().parents[1]
ALLOWED = "https://news.example.com"
SECRETS = ("root:x:0:0", "[project]", "SQLite format 3", "def create_app", "PRIVATE KEY", "article-qa-index")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("rel-security")
    with running_app(root, allowed_origins=(ALLOWED,), examples={}) as live:
        live.root = root
        yield live


@pytest.fixture(scope="module")
def http(server):
    with httpx.Client(base_url=server.origin, timeout=30) as client:
        yield client


def raw_get(http: httpx.Client, target: str) -> httpx.Response:
    """GET with this exact request target: no client-side normalising of ``..`` or ``%2e``."""
    return http.send(http.build_request("GET", "/", extensions={"target": target.encode("latin-1")}))


def probes(server) -> list[str]:
    feedback, index = server.root / "feedback.sqlite3", next((server.root / "index").rglob("*.jsonl"))
    targets = ["/etc/passwd", "../../../../etc/passwd", "%2e%2e/%2e%2e/%2e%2e/etc/passwd",
               "..%2f..%2f..%2fetc%2fpasswd",
               "/proc/self/environ", "pyproject.toml", str(REPO / "pyproject.toml"), str(REPO / "ui" / "app.py"),
               "ui/app.py", str(feedback), str(index), "https://example.com/", "http://127.0.0.1:9/",
               "file:///etc/passwd", "/tmp", "~/.ssh/id_rsa", "C:\\Windows\\win.ini"]
    paths = []
    for prefix in ("", "/widget"):
        for route in ("/gradio_api/file=", "/gradio_api/file/", "/file=", "/gradio_api/proxy=", "/proxy="):
            paths += [f"{prefix}{route}{t}" for t in targets]
        for route in ("/static/", "/assets/", "/svelte/", "/custom_component/a/b/c/", "/gradio_api/static/",
                      "/ui/static/", "/", "/api/articles/", "/pwa_icon/"):
            paths += [f"{prefix}{route}{t}" for t in ("../../../../etc/passwd", "..%2f..%2f..%2f..%2fetc%2fpasswd",
                                                       "%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                                                       "..%252f..%252fetc%252fpasswd",
                                                       "....//....//etc/passwd", "..\\..\\..\\etc\\passwd",
                                                       "%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd")]
        paths += [f"{prefix}{p}" for p in ("/gradio_api/upload", "/gradio_api/upload_progress?upload_id=x",
                                           "/monitoring", "/monitoring/summary", "/login", "/logout",
                                           "/gradio_api/dev/reload", "/gradio_api/run-history/buckets",
                                           "/gradio_api/vibe-code", "/gradio_api/mcp/sse", "/gradio_api/user",
                                           "/gradio_api/token", "/gradio_api/runs")]
    return paths


def test_no_file_outside_the_apps_assets_is_served(server, http):
    served = []
    for path in probes(server):
        r = raw_get(http, path)
        assert r.status_code < 500, (path, r.status_code)
        assert not any(s in r.text for s in SECRETS), path
        if r.status_code == 200:
            served.append(path)
        assert r.headers["content-security-policy"] == f"frame-ancestors 'self' {ALLOWED}", path
    # what does answer 200 for these is the app's own pages (a traversal path that resolves to "/")
    for path in served:
        assert raw_get(http, path).headers["content-type"].startswith("text/html"), path


@pytest.mark.parametrize("prefix", ["", "/widget"])
def test_uploads_and_server_side_fetching_are_off(http, prefix):
    r = http.post(f"{prefix}/gradio_api/upload", files={"files": ("x.html", b"<script>alert(1)</script>", "text/html")})
    assert r.status_code == 404 and r.json() == {"error": "not found"}
    r = http.post(f"{prefix}/gradio_api/process_recording", files={"video": ("x.mp4", b"\0" * 100, "video/mp4")})
    assert r.status_code == 404
    for path in ("/gradio_api/file=https://example.com/", "/gradio_api/proxy=https://example.com/"):
        assert http.get(prefix + path).status_code == 404
    for path in ("/gradio_api/run/ask", "/gradio_api/api/ask", "/gradio_api/call/v2/ask",
                 "/gradio_api/component_server", "/gradio_api/stream/x", "/gradio_api/vibe-edit"):
        assert http.post(prefix + path, json={"data": []}).status_code == 404, path


def test_headers_hold_on_errors_and_gradio_responses_too(http):
    responses = [http.post("/api/ask", json={"question": ""}), http.post("/api/ask", content=b"x" * 300_000),
                 http.get("/api/nothing"), http.get("/gradio_api/upload"), http.get("/theme.css"),
                 http.get("/gradio_api/info"), http.post("/gradio_api/queue/join", json={"data": [], "fn_index": 99,
                                                                                         "session_hash": "s"})]
    for r in responses:
        assert r.headers["content-security-policy"] == f"frame-ancestors 'self' {ALLOWED}", r.url
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers.get("access-control-allow-origin") in (None, ALLOWED)


def test_cors_never_answers_everyone(http):
    for origin in (ALLOWED, "https://evil.example.net", "null"):
        for path in ("/api/ask", "/gradio_api/queue/join", "/widget/gradio_api/queue/join", "/config"):
            r = http.options(path, headers={"Origin": origin, "Access-Control-Request-Method": "POST"})
            assert r.headers.get("access-control-allow-origin") in ((ALLOWED,) if origin == ALLOWED else (None,))
            assert r.headers.get("access-control-allow-origin") != "*"
    r = http.post("/widget/gradio_api/queue/join", json={"data": [], "fn_index": 0, "session_hash": "s"},
                  headers={"Origin": "https://evil.example.net"})
    assert r.status_code == 403


def test_no_share_links(http):
    config = http.get("/config").json()
    assert "gradio.live" not in str(config) and not config.get("share") and not config.get("is_space")
    for source in (REPO / "ui").glob("*.py"):
        text = source.read_text(encoding="utf-8")
        assert not re.search(r"share\s*=\s*True", text) and ".launch(" not in text, source


def test_the_log_holds_the_question_and_nothing_else_of_a_request(isolated_dirs):
    """The real ``article-qa serve`` at debug level, asked through every door with secrets in
    every field but the question."""
    proc, base = start_serving("--no-examples", "-v", stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_until_serving(base, proc)
        with httpx.Client(base_url=base, timeout=30) as http:
            http.post("/api/ask", json={"question": "VISIBLE-Q1 " + ANSWERED, "history": ["SECRET-HISTORY"],
                                        "article_id": DEFAULT_ARTICLE_ID, "extra": "SECRET-EXTRA"})
            http.post("/api/ask", json={"question": "VISIBLE-Q2", "history": ["SECRET-HISTORY"] * 50})
            http.post("/api/ask", json={"question": "VISIBLE-Q3 " + "x" * 100_000})
            http.post("/api/ask", content=b'{"question": "SECRET-BROKEN-JSON',
                      headers={"content-type": "application/json"})
            http.post("/gradio_api/queue/join", json={"data": ["VISIBLE-Q4", ["SECRET-HISTORY"], "SECRET-ARTICLE"],
                                                      "fn_index": 999, "session_hash": "SECRET-SESSION"})
            ask = fn_index(http, "", "ask")
            gradio_event(http, "", {"data": ["VISIBLE-Q5", ["SECRET-HISTORY"], None], "fn_index": ask,
                                    "session_hash": "s1", "event_data": {"SECRET-EVENT": 1}})
            gradio_event(http, "", {"data": ["", ["SECRET-HISTORY"], None], "fn_index": ask, "session_hash": "s2"})
    finally:
        out = stop_serving(proc)
    for n in (1, 2, 3, 5):
        assert f"VISIBLE-Q{n}" in out, n
    assert "SECRET" not in out and "Traceback" not in out
    assert max(len(line) for line in out.splitlines()) < 600, "a long question is logged cut short"


# ---------------------------------------------------------------------- in a real browser
@pytest.fixture(scope="module")
def chromium():
    from tests.test_ui_browser import CHROMIUM, CHROMIUM_ARGS, _need_browser

    if not CHROMIUM.exists():
        _need_browser(f"{CHROMIUM} is missing")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.mark.browser
def test_markdown_in_a_question_stays_text_in_the_chat_and_the_widget(chromium, server):
    from tests.test_ui_browser import ask

    page = chromium.new_page()
    requests: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    question = ("![x](http://127.0.0.1:9/x.png) [klik](javascript:alert(1)) <img src=x onerror=alert(2)>\n\n"
                "![y](http://127.0.0.1:9/y.png)\n# Judul\n<script>alert(3)</script>")
    for url in (server.url, f"{server.origin}/widget/?article={DEFAULT_ARTICLE_ID}"):
        page.goto(url)
        page.locator("#aqa-question textarea").wait_for(timeout=30_000)
        ask(page, question)
        bubble = page.locator(".aqa-q").last
        assert "![x](http://127.0.0.1:9/x.png)" in bubble.inner_text() and "<script>" in bubble.inner_text()
        assert page.locator("#aqa-chat img").count() == 0 and page.locator("#aqa-chat h1").count() == 0
        assert page.locator("#aqa-chat a[href^='javascript']").count() == 0
    page.wait_for_timeout(500)
    assert dialogs == [] and not [u for u in requests if "127.0.0.1:9/" in u]
    page.close()


@pytest.mark.browser
def test_the_host_page_ignores_messages_not_from_its_widget_frame(chromium, tmp_path):
    from tests.test_ui_app import static_site

    port = free_port()
    host_origin = f"http://127.0.0.1:{port}"
    article = load_corpus().get()
    forged = json.dumps({"type": "article-qa:answer", "version": 1, "article_id": article.id,
                         "content_hash": article.content_hash, "abstained": False, "highlight": None,
                         "sentences": [{"n": 1, "sentence_id": 1, "start": 73, "end": 100, "text": "x"}]})
    with running_app(tmp_path, allowed_origins=(host_origin,), examples={}) as app:
        example = (REPO / "ui" / "embed" / "example.html").read_text(encoding="utf-8").replace(
            "http://localhost:7860", app.origin)
        with static_site({"/example.html": ("text/html; charset=utf-8", example.encode())}, port) as host:
            page = chromium.new_page()
            page.goto(host + "/example.html")
            widget = page.frame_locator("#article-qa")
            widget.locator("#aqa-question textarea").wait_for(timeout=30_000)
            # 1. the host page itself (the wrong origin), 2. another frame of the widget's origin (the
            # right origin, the wrong window): neither may mark the article
            page.evaluate(f"window.postMessage({forged}, '*')")
            page.evaluate(f"""() => new Promise(done => {{
                const f = document.createElement('iframe'); f.name = 'other'; f.src = '{app.origin}/healthz';
                f.onload = done; document.body.appendChild(f); }})""")
            other = next(f for f in page.frames if f.name == "other")
            other.evaluate(f"parent.postMessage({forged}, '*')")
            page.wait_for_timeout(500)
            assert page.locator("mark.qa-cited").count() == 0
            # the widget's own message still does
            widget.locator("#aqa-question textarea").fill(ANSWERED)
            widget.locator("#aqa-ask").click()
            page.locator("mark.qa-cited").wait_for(timeout=30_000)
            page.close()
