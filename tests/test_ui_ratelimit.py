"""ui/ratelimit.py: token buckets per client, and what a visitor sees over the limit: 429 with
Retry-After from the API, a translated message in the chat, an error through gradio_client."""

from __future__ import annotations

from types import SimpleNamespace

import gradio as gr
import httpx
import pytest

from tests.test_ui_app import ANSWERED, running_app
from ui.ratelimit import RateLimitedError, RateLimiter

pytestmark = pytest.mark.filterwarnings("ignore:::gradio.queueing")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_then_the_sustained_rate():
    clock = Clock()
    limiter = RateLimiter(per_minute=30, burst=3, clock=clock)
    for _ in range(3):
        limiter.take("a")
    with pytest.raises(RateLimitedError) as refused:
        limiter.take("a")
    assert refused.value.retry_after == 2                # one token every 2 s
    limiter.take("b")                                    # another client has its own bucket
    clock.now += 2.0
    limiter.take("a")
    with pytest.raises(RateLimitedError):
        limiter.take("a")
    clock.now += 60
    for _ in range(3):                                   # refilled to the burst, not beyond
        limiter.take("a")
    with pytest.raises(RateLimitedError):
        limiter.take("a")


def test_refused_questions_do_not_earn_a_longer_wait():
    clock = Clock()
    limiter = RateLimiter(per_minute=60, burst=1, clock=clock)
    limiter.take("a")
    for _ in range(50):
        with pytest.raises(RateLimitedError) as refused:
            limiter.take("a")
        assert refused.value.retry_after == 1
    clock.now += 1.0
    limiter.take("a")


def test_memory_stays_bounded_under_a_flood_of_addresses():
    limiter = RateLimiter(per_minute=10, burst=1, max_clients=100, clock=Clock())
    for i in range(10_000):
        limiter.take(f"10.0.{i // 256}.{i % 256}")
    assert len(limiter) == 100


def test_zero_means_no_limit():
    limiter = RateLimiter(per_minute=0, burst=1)
    for _ in range(1000):
        limiter.take("a")
    assert not limiter.enabled and len(limiter) == 0
    with pytest.raises(ValueError):
        RateLimiter(per_minute=-1, burst=1)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("ratelimit"), examples={}, rate_limit=6, rate_burst=3) as live:
        yield live


def test_the_api_answers_429_with_retry_after_and_other_clients_go_on(server):
    with httpx.Client(base_url=server.origin, timeout=30) as http:
        me = {"X-Forwarded-For": "203.0.113.7"}          # loopback is a trusted proxy: this is the client
        codes = [http.post("/api/ask", json={"question": ANSWERED}, headers=me).status_code for _ in range(3)]
        assert codes == [200, 200, 200]
        r = http.post("/api/ask", json={"question": ANSWERED}, headers=me)
        assert r.status_code == 429 and set(r.json()) == {"error"} and "too many questions" in r.json()["error"]
        assert 1 <= int(r.headers["retry-after"]) <= 10
        other = http.post("/api/ask", json={"question": ANSWERED}, headers={"X-Forwarded-For": "203.0.113.8"})
        assert other.status_code == 200
        assert http.get("/healthz").status_code == 200          # only questions are counted


def test_the_chat_and_the_widget_say_it_in_the_visitors_language(server):
    ctl = server.app.state.controller
    visitor = SimpleNamespace(client=SimpleNamespace(host="198.51.100.20"))
    for _ in range(3):
        ctl.ask_page(ANSWERED, None, [], "id", visitor)
    with pytest.raises(gr.Error, match=r"Terlalu banyak pertanyaan.*tunggu \d+ detik"):
        ctl.ask_page(ANSWERED, None, [], "id", visitor)
    with pytest.raises(gr.Error, match=r"Too many questions.*wait \d+ seconds"):
        ctl.ask_widget(ANSWERED, None, [], "en", visitor)


def test_gradio_client_gets_a_clear_error(server):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    client = Client(server.url, verbose=False, analytics_enabled=False, download_files=False,
                    headers={"X-Forwarded-For": "198.51.100.30"})
    try:
        for _ in range(3):
            client.predict(ANSWERED, [], None, api_name="/ask")
        with pytest.raises(AppError, match="too many questions"):
            client.predict(ANSWERED, [], None, api_name="/ask")
    finally:
        client.close()
