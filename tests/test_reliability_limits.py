"""The limits of ``article-qa serve``: options and environment variables with documented defaults,
and each limit enforced over real HTTP (question length, history turns, body size, queue)."""

from __future__ import annotations

import dataclasses
import threading
import time

import gradio as gr
import httpx
import pytest

from assistant import AssistantConfig
from assistant.cli import build_parser, main
from tests.test_ui_app import ANSWERED, fn_index, gradio_event, running_app
from ui.cli import LIMITS, settings_from_args
from ui.settings import ServeSettings

pytestmark = pytest.mark.filterwarnings("ignore:::gradio.queueing")


def test_defaults_agree_everywhere():
    settings = ServeSettings()
    for dest, (_, _, default) in LIMITS.items():
        assert getattr(settings, dest) == default, dest
    assert settings.max_question_chars == AssistantConfig.max_question_chars
    assert settings.max_history_turns == AssistantConfig.max_history_turns


def test_each_limit_comes_from_its_option_else_its_environment_variable(isolated_dirs):
    env = {name: str(7 if kind is not str else "10.0.0.1") for name, kind, _ in LIMITS.values()}
    env["ARTICLE_QA_MAX_BODY_BYTES"] = "4096"
    settings = settings_from_args(build_parser().parse_args(["serve"]), env)
    assert (settings.max_question_chars, settings.max_history_turns, settings.max_body_bytes) == (7, 7, 4096)
    assert (settings.rate_limit, settings.rate_burst, settings.concurrency, settings.queue_size) == (7, 7, 7, 7)
    assert settings.forwarded_allow_ips == "10.0.0.1"
    args = build_parser().parse_args(["serve", "--max-question-chars", "300", "--rate-limit", "0"])
    settings = settings_from_args(args, env)
    assert settings.max_question_chars == 300 and settings.rate_limit == 0 and settings.rate_burst == 7
    assert settings_from_args(build_parser().parse_args(["serve"]), {}).rate_limit == 30


@pytest.mark.parametrize(("argv", "env", "words"), [
    (["--rate-burst", "0"], {}, "rate_burst"),
    (["--max-body-bytes", "10"], {}, "max_body_bytes"),
    (["--queue-size", "0"], {}, "queue_size"),
    ([], {"ARTICLE_QA_RATE_LIMIT": "lots"}, "ARTICLE_QA_RATE_LIMIT='lots' is not a valid float"),
    ([], {"ARTICLE_QA_MAX_QUESTION_CHARS": "-3"}, "max_question_chars"),
    (["--max-history-turns", "many"], {}, "invalid int value"),
])
def test_a_bad_limit_fails_fast_with_one_line(argv, env, words, capsys, monkeypatch):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    started = time.perf_counter()
    try:
        code = main(["serve", "--model", "hash", *argv])
    except SystemExit as done:
        code = done.code
    err = capsys.readouterr().err
    assert code == 2 and words in err and err.strip().count("\n") == 0, err
    assert time.perf_counter() - started < 5


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("limits"), examples={}, max_question_chars=100, max_history_turns=2,
                     max_body_bytes=4096, concurrency=1, queue_size=1) as live:
        yield live


def test_question_length_and_history_turns_follow_the_settings(server):
    with httpx.Client(base_url=server.origin, timeout=30) as http:
        assert http.post("/api/ask", json={"question": "x" * 100}).status_code == 200
        r = http.post("/api/ask", json={"question": "x" * 101})
        assert r.status_code == 422 and "limit is 100" in r.json()["error"]
        assert http.post("/api/ask", json={"question": ANSWERED, "history": ["a", "b"]}).status_code == 200
        r = http.post("/api/ask", json={"question": ANSWERED, "history": ["a", "b", "c"]})
        assert r.status_code == 422 and "limit is 2" in r.json()["error"]
    with pytest.raises(gr.Error, match="paling banyak 100 karakter"):
        server.app.state.controller.ask_page("y" * 101, None, [], "id")


def test_bodies_over_the_limit_are_413_for_the_api_and_gradio_alike(server):
    with httpx.Client(base_url=server.origin, timeout=30) as http:
        r = http.post("/api/ask", json={"question": "q", "history": ["z" * 5000]})
        assert r.status_code == 413 and "larger than 4096 bytes" in r.json()["error"]
        big = {"data": ["z" * 5000, None, [], "id"], "fn_index": 0, "session_hash": "s"}
        for path in ("/gradio_api/queue/join", "/widget/gradio_api/queue/join"):
            r = http.post(path, json=big)
            assert r.status_code == 413 and set(r.json()) == {"error"}


def test_a_full_queue_is_503_with_retry_after(server):
    service = server.app.state.service
    release = threading.Event()
    real_ask = service.assistant.ask

    def slow_ask(*args, **kwargs):
        release.wait(20)
        return real_ask(*args, **kwargs)

    service.assistant.ask = slow_ask
    results: list[int] = []
    try:
        with httpx.Client(base_url=server.origin, timeout=60) as http:
            threads = [threading.Thread(target=lambda: results.append(
                http.post("/api/ask", json={"question": ANSWERED}).status_code)) for _ in range(2)]
            for th in threads:
                th.start()
            deadline = time.monotonic() + 10
            while service._waiting < 2 and time.monotonic() < deadline:
                time.sleep(0.02)
            r = http.post("/api/ask", json={"question": ANSWERED})
            assert r.status_code == 503 and r.headers["retry-after"] and "waiting" in r.json()["error"]
            release.set()
            for th in threads:
                th.join(30)
    finally:
        release.set()
        service.assistant.ask = real_ask
    assert results == [200, 200]


def test_settings_refuse_nonsense():
    for bad in ({"rate_limit": -1}, {"rate_burst": 0}, {"max_body_bytes": 100}, {"max_question_chars": 0},
                {"max_history_turns": -1}, {"concurrency": 0}):
        with pytest.raises(ValueError):
            dataclasses.replace(ServeSettings(), **bad)


def gradio_mounts(app) -> dict:
    """The Gradio apps behind ``app``'s guard middleware, by mount prefix."""
    return next(m.kwargs["mounts"] for m in app.user_middleware if m.cls.__name__ == "GradioGuardMiddleware")


def test_conversations_kept_in_memory_are_bounded(tmp_path):
    """Gradio keeps each session's state in memory: at most ``max_sessions`` of them, each with at
    most MAX_TURNS compact turns."""
    from ui.controller import MAX_TURNS

    with running_app(tmp_path, examples={}, max_sessions=3) as live, \
            httpx.Client(base_url=live.origin, timeout=30) as http:
        fn = fn_index(http, "/widget", "widget_chat")
        for n in range(6):
            done = gradio_event(http, "/widget", {"data": [ANSWERED, None, None, None], "fn_index": fn,
                                                  "session_hash": f"visitor-{n}"})
            assert done.get("success"), done
        mounts = gradio_mounts(live.app)
        assert set(mounts["/widget"].state_holder.session_data) == {"visitor-3", "visitor-4", "visitor-5"}
        ctl = live.app.state.controller
        turns: list = []
        for _ in range(MAX_TURNS + 5):
            turns = ctl.ask_page(ANSWERED, None, turns, "id")[2]
        assert len(turns) == MAX_TURNS
        assert not {"candidates", "signals", "query"} & set(turns[-1]["answer"])
        assert {"citations", "content_hash", "highlight", "text"} <= set(turns[-1]["answer"])


def test_gradios_per_session_bookkeeping_is_swept(tmp_path):
    """Gradio's queue keeps a message queue and an event-id set per session ever seen; the sweep
    (ui/housekeeping.py) forgets idle ones, and a forgotten session can still ask."""
    import asyncio

    from ui.housekeeping import sweep

    with running_app(tmp_path, examples={}) as live, httpx.Client(base_url=live.origin, timeout=30) as http:
        fn = fn_index(http, "/widget", "widget_chat")
        for n in range(12):
            assert gradio_event(http, "/widget", {"data": [ANSWERED, None, None, None], "fn_index": fn,
                                                  "session_hash": f"visitor-{n}"}).get("success")
        mounts = gradio_mounts(live.app)
        queue = mounts["/widget"]._queue
        assert len(queue.pending_messages_per_session) >= 12          # what Gradio alone would keep forever
        coro = sweep(mounts["/widget"], keep_events=5)        # in the server's loop, as the periodic task does
        forgotten = asyncio.run_coroutine_threadsafe(coro, live.app.state.loop).result(10)
        assert forgotten >= 12 and not queue.pending_messages_per_session and len(queue.event_analytics) <= 5
        assert gradio_event(http, "/widget", {"data": [ANSWERED, None, None, None], "fn_index": fn,
                                              "session_hash": "visitor-3"}).get("success")
