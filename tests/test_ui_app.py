"""ui/app.py: the assembled web app on a real loopback server, plus the helpers the other ui and
reliability test modules use to run one (uvicorn in a thread, ``article-qa serve`` in a process, a
static server for a second origin) and to call its Gradio events over HTTP."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
import uvicorn

from assistant import Assistant
from corpus import BUNDLED_DIR, DEFAULT_ARTICLE_ID
from index import HashEmbedder
from index.paths import Dirs
from ui.examples import load_items

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

# A question the fast test embedder answers (cites sentence 6, phrase "1.200 peserta"), and one it
# abstains on; with the real model both behave the same way.
ANSWERED = "Kegiatan ini mengundang berapa peserta?"
ANSWERED_SENTENCE = 6
UNANSWERED = "apa itu pizza?"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_serving(*options: str, **popen) -> tuple[subprocess.Popen, str]:
    """Start ``article-qa serve --model hash`` with ``options`` on a free loopback port (``popen``:
    further :class:`subprocess.Popen` arguments); returns the process and its base URL."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--model", "hash", "--port", str(port),
                             *options], env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"}, **popen)
    return proc, f"http://127.0.0.1:{port}"


def wait_until_serving(base: str, proc, timeout: float = 90) -> None:
    """Poll ``base``/healthz until the server process ``proc`` answers; fail if it exits or times out."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert proc.poll() is None and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.2)


def stop_serving(proc) -> str:
    """Stop a server process as Ctrl-C does (killing it if it hangs); returns its output."""
    import signal

    proc.send_signal(signal.SIGINT)
    try:
        out, _ = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    return out


def hash_assistant(root: Path, *extra_corpus: Path) -> Assistant:
    """The bundled article (plus ``extra_corpus`` folders) with the deterministic test embedder;
    every folder under ``root``."""
    dirs = Dirs(cache=root / "cache", index=root / "index", data=root / "data")
    return Assistant.load([BUNDLED_DIR, *extra_corpus], embedder=HashEmbedder(64), index_dir=root / "index",
                          dirs=dirs)


class LiveServer:
    """uvicorn serving ``app`` on a loopback port, in a background thread."""

    def __init__(self, app, port: int | None = None, root_path: str = "") -> None:
        self.app = app
        self.port = port or free_port()
        self.root_path = root_path
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", root_path=root_path,
                                timeout_graceful_shutdown=1, log_config=None)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True, name=f"uvicorn-{self.port}")

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return self.origin + "/"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the test server on port {self.port} did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)


@contextmanager
def _http_server(handler, port: int | None = None) -> Iterator[str]:
    """Serve ``handler`` (an ``http.server`` handler class) on a loopback port, in a background
    thread; yields its origin."""
    httpd = ThreadingHTTPServer(("127.0.0.1", port or free_port()), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextmanager
def static_site(pages: dict[str, tuple[str, bytes]], port: int | None = None) -> Iterator[str]:
    """Serve ``{path: (content type, body)}`` on another loopback port (another origin); yields
    its origin."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            page = pages.get(self.path.split("?")[0])
            if page is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", page[0])
            self.send_header("Content-Length", str(len(page[1])))
            self.end_headers()
            self.wfile.write(page[1])

        def log_message(self, *args) -> None:
            pass

    with _http_server(Handler, port) as origin:
        yield origin


@contextmanager
def prefix_proxy(upstream: str, prefix: str) -> Iterator[str]:
    """A reverse proxy serving ``upstream`` under ``prefix`` and stripping it, like nginx's
    ``location /qa/ { proxy_pass http://upstream/; }`` with ``X-Forwarded-*`` headers; responses
    are streamed (Gradio's queue uses server-sent events). Yields the public base URL."""
    client = httpx.Client(timeout=None)

    class Proxy(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:
            pass

        def forward(self) -> None:
            if self.path != prefix and not self.path.startswith((prefix + "/", prefix + "?")):
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            path = "/" + self.path[len(prefix):].lstrip("/")
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = [(k, v) for k, v in self.headers.items()
                       if k.lower() not in ("connection", "content-length", "accept-encoding")]
            headers += [("X-Forwarded-Host", self.headers["Host"]), ("X-Forwarded-Proto", "http")]
            with client.stream(self.command, upstream + path, headers=headers, content=body) as r:
                self.send_response(r.status_code)
                for key, value in r.headers.multi_items():
                    if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(key, value)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for chunk in r.iter_raw():
                    if chunk:
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                        self.wfile.flush()
                self.wfile.write(b"0\r\n\r\n")

        do_GET = do_POST = do_OPTIONS = do_HEAD = forward  # noqa: N815

    with client, _http_server(Proxy) as origin:
        yield origin + prefix


@contextmanager
def running_app(root: Path, *, allowed_origins: tuple[str, ...] = (), bot: Assistant | None = None,
                root_path: str = "", examples: dict | None = None, **settings_overrides) -> Iterator[LiveServer]:
    """``create_app`` over the test assistant (or ``bot``), with its feedback log under ``root``;
    ``settings_overrides`` are further :class:`ServeSettings` fields (limits ...)."""
    from ui import ServeSettings, create_app

    settings_overrides.setdefault("rate_limit", 0)     # tests ask fast from one address (see test_ui_ratelimit)
    settings = ServeSettings(allowed_origins=allowed_origins, feedback_db=root / "feedback.sqlite3",
                             root_path=root_path, **settings_overrides)
    app = create_app(bot or hash_assistant(root), settings, examples=examples)
    with LiveServer(app, root_path=root_path) as server:
        yield server


def fn_index(http: httpx.Client, prefix: str, api_name: str) -> int:
    """The ``fn_index`` of the Gradio event named ``api_name`` in the app mounted at ``prefix``."""
    deps = http.get(f"{prefix}/config").json()["dependencies"]
    return next(d["id"] for d in deps if d.get("api_name") == api_name)


def gradio_event(http: httpx.Client, prefix: str, body: dict) -> dict:
    """Join Gradio's queue with ``body`` and read the session's event stream to the end of the
    event; returns the ``process_completed`` message, or the refusal as ``{"refused": status}``."""
    r = http.post(f"{prefix}/gradio_api/queue/join", content=json.dumps(body).encode(),
                  headers={"content-type": "application/json"})
    assert r.status_code < 500, (body, r.status_code, r.text[:300])
    if r.status_code != 200:
        assert set(r.json()) & {"error", "detail"}
        return {"refused": r.status_code}
    event_id = r.json()["event_id"]
    with http.stream("GET", f"{prefix}/gradio_api/queue/data", params={"session_hash": body["session_hash"]}) as stream:
        for line in stream.iter_lines():
            if line.startswith("data:"):
                message = json.loads(line[5:])
                if message.get("event_id") == event_id and message.get("msg") == "process_completed":
                    return message
    raise AssertionError("the event never completed")


# ---------------------------------------------------------------------- tests of create_app itself
@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[LiveServer]:
    with running_app(tmp_path_factory.mktemp("ui-app"), examples=None) as live:
        yield live


def test_serves_chat_page_widget_api_and_docs_on_one_port(server):
    with httpx.Client(base_url=server.origin, timeout=30) as http:
        page = http.get("/")
        assert page.status_code == 200 and "gradio_config" in page.text and "Tanya Artikel" in page.text
        widget = http.get(f"/widget?article={DEFAULT_ARTICLE_ID}", follow_redirects=True)
        assert widget.status_code == 200 and str(widget.url).endswith(f"/widget/?article={DEFAULT_ARTICLE_ID}")
        assert http.get("/healthz").json()["status"] == "ok"
        assert http.get("/docs").status_code == 200
        loader = http.get("/gradio.js")
        assert loader.status_code == 200 and "import(" in loader.text
        asset = re.search(r'import\("\./(assets/[^"]+)"\)', loader.text).group(1)
        assert http.get(f"/{asset}").status_code == 200       # the web component loads from here, not a CDN


def test_examples_are_questions_the_loaded_assistant_answers(server):
    settings = server.app.state.settings
    assert settings.examples_file is not None and settings.examples_file.is_file()
    with httpx.Client(base_url=server.origin, timeout=30) as http:
        config = http.get("/config").json()
    samples = [s[0] for c in config["components"] if c.get("props", {}).get("elem_id") == "aqa-examples"
               for s in c["props"].get("samples", [])]
    dev_questions = {item["question"] for item in load_items(settings.examples_file)}
    service = server.app.state.service
    for question in samples:
        assert question in dev_questions
        answer = service.ask(question)
        assert not answer.abstained and answer.citations


def test_page_uses_system_fonts_and_loads_nothing_from_outside(server):
    with httpx.Client(base_url=server.origin, timeout=30) as http:
        css = http.get("/theme.css").text
        page = http.get("/").text
    assert "fonts.googleapis" not in css and "fonts.gstatic" not in css and "@import url(http" not in css
    assert "system-ui" in css
    assert "fonts.googleapis" not in page


def test_works_behind_a_reverse_proxy_under_a_path_prefix(tmp_path):
    with running_app(tmp_path, root_path="/qa", examples={}) as live, prefix_proxy(live.origin, "/qa") as public:
        with httpx.Client(timeout=30) as http:
            assert http.get(f"{public}/healthz").json()["status"] == "ok"
            assert http.post(f"{public}/api/ask", json={"question": ANSWERED}).json()["abstained"] is False
            assert http.get(f"{public}/").status_code == 200
            assert http.get(f"{public}/config").json()["root"] == public
            moved = http.get(f"{public}/widget?article={DEFAULT_ARTICLE_ID}")
            assert moved.status_code == 307 and moved.headers["location"] == f"/qa/widget/?article={DEFAULT_ARTICLE_ID}"
            assert http.get(f"{public}/widget/config").json()["root"] == f"{public}/widget"
