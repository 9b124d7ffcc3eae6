"""ui/security.py: the allowed-origins policy on CORS, framing and requests, over real HTTP."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from starlette.datastructures import Headers

from tests.test_ui_app import ANSWERED, running_app
from ui.security import OriginPolicy, own_origins

ALLOWED = "https://news.example.com"
FOREIGN = "https://evil.example.net"
STATIC = Path(__file__).resolve().parents[1] / "ui" / "static"
pytestmark = pytest.mark.filterwarnings("ignore:::gradio.queueing")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("ui-sec"), allowed_origins=(ALLOWED,), examples={}) as live:
        yield live


@pytest.fixture()
def http(server):
    with httpx.Client(base_url=server.origin, timeout=30) as client:
        yield client


def preflight(http, path: str, origin: str) -> httpx.Response:
    return http.options(path, headers={"Origin": origin, "Access-Control-Request-Method": "POST",
                                       "Access-Control-Request-Headers": "content-type"})


def test_allowed_origin_gets_cors_on_the_api(http):
    r = preflight(http, "/api/ask", ALLOWED)
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == ALLOWED
    r = http.post("/api/ask", json={"question": ANSWERED}, headers={"Origin": ALLOWED})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == ALLOWED


@pytest.mark.parametrize("origin", [FOREIGN, "null", "http://news.example.com", "https://news.example.com.evil.net"])
def test_other_origins_are_refused_before_anything_runs(http, origin):
    r = preflight(http, "/api/ask", origin)
    assert r.status_code == 403 and "access-control-allow-origin" not in r.headers
    r = http.post("/api/ask", json={"question": ANSWERED}, headers={"Origin": origin})
    assert r.status_code == 403 and "access-control-allow-origin" not in r.headers
    assert "not allowed" in r.json()["error"]


def test_gradio_routes_follow_the_same_policy(http):
    assert http.get("/config", headers={"Origin": FOREIGN}).status_code == 403
    assert http.get("/widget/config", headers={"Origin": FOREIGN}).status_code == 403
    r = http.get("/widget/config", headers={"Origin": ALLOWED})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == ALLOWED
    r = preflight(http, "/widget/gradio_api/queue/join", ALLOWED)
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == ALLOWED


def test_same_origin_browser_requests_pass(http, server):
    r = http.post("/api/ask", json={"question": ANSWERED}, headers={"Origin": server.origin})
    assert r.status_code == 200
    behind_proxy = {"Origin": "https://qa.example.org", "X-Forwarded-Host": "qa.example.org",
                    "X-Forwarded-Proto": "https"}
    assert http.post("/api/ask", json={"question": ANSWERED}, headers=behind_proxy).status_code == 200


@pytest.mark.parametrize("path", ["/", "/widget/", "/api/articles", "/healthz", "/docs"])
def test_every_response_limits_who_may_frame_it(http, path):
    r = http.get(path, follow_redirects=True)
    assert r.status_code == 200
    assert r.headers["content-security-policy"] == f"frame-ancestors 'self' {ALLOWED}"
    assert r.headers["x-content-type-options"] == "nosniff"


def test_widget_knows_only_the_allowed_origins_and_never_posts_to_everyone(http):
    config = http.get("/widget/config").text
    assert re.search(r'const ALLOWED_ORIGINS = \[\\"https://news\.example\.com\\"\];', config)
    for script in STATIC.glob("*.js"):
        text = script.read_text(encoding="utf-8")
        assert not re.search(r"postMessage\([^)]*['\"]\*['\"]", text), script


def test_policy_unit():
    policy = OriginPolicy([ALLOWED, "http://127.0.0.1:8000"])
    assert policy.frame_ancestors == f"frame-ancestors 'self' {ALLOWED} http://127.0.0.1:8000"
    assert policy.allows(None) and policy.allows("HTTPS://NEWS.EXAMPLE.COM:443")
    assert not policy.allows(FOREIGN) and not policy.allows("null") and not policy.allows("garbage")
    assert policy.allows("http://localhost:7860", own={"http://localhost:7860"})
    assert OriginPolicy().frame_ancestors == "frame-ancestors 'self'"


def test_own_origins_include_the_proxy_view():
    headers = Headers({"host": "127.0.0.1:7860", "x-forwarded-host": "qa.example.org",
                       "x-forwarded-proto": "https"})
    assert own_origins(headers, "http") >= {"http://127.0.0.1:7860", "https://qa.example.org"}
