"""The hostile-input catalogue at the HTTP door, over real HTTP on loopback: ``POST /api/ask`` with
every case and with bodies that are not JSON at all, hostile article ids in ``GET
/api/articles/{id}``, random JSON (hypothesis), and Gradio's own event routes with malformed and
random calls. Always a 2xx or a 4xx with a JSON body, never a 5xx or a traceback; the server keeps
serving.
"""

from __future__ import annotations

import json
import os
import time

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus import DEFAULT_ARTICLE_ID
from tests.hostile_inputs import CASES, GOOD, MB10, RAW_BODIES, Case
from tests.test_ui_app import gradio_event, running_app

pytestmark = pytest.mark.filterwarnings("ignore:::gradio.queueing")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("rel-http"), examples={}) as live:
        yield live


@pytest.fixture(scope="module")
def http(server):
    with httpx.Client(base_url=server.origin, timeout=60) as client:
        yield client


def post_json(http: httpx.Client, path: str, body: object) -> httpx.Response:
    """POST ``body`` as JSON with non-ASCII escaped (so lone surrogates travel as ``\\ud800``)."""
    return http.post(path, content=json.dumps(body).encode(), headers={"content-type": "application/json"})


def outcome(r: httpx.Response) -> str:
    """``"answer"`` or ``"refuse"``; fails on a 5xx, a non-JSON body or a traceback."""
    assert r.status_code < 500, f"{r.status_code}: {r.text[:300]}"
    assert r.headers["content-type"].startswith("application/json"), r.headers["content-type"]
    assert "Traceback" not in r.text
    data = r.json()
    if r.status_code == 200:
        assert {"abstained", "citations", "text", "content_hash"} <= set(data)
        return "answer"
    assert 400 <= r.status_code < 500 and set(data) == {"error"}
    assert data["error"] and "\n" not in data["error"] and len(data["error"]) < 1000
    return "refuse"


def still_serving(http: httpx.Client) -> None:
    assert http.get("/healthz").json()["status"] == "ok"
    data = http.post("/api/ask", json={"question": GOOD}).json()
    assert data["abstained"] is False and data["highlight"] == "1.200 peserta"


def test_every_case_is_answered_or_refused_with_a_json_4xx(http, capfd):
    tally = {"answer": 0, "refuse": 0}
    for case in CASES:
        got = outcome(post_json(http, "/api/ask", case.body()))
        expected = case.expected("http")
        assert got == expected or expected == "either", f"{case.id}: expected {expected}, got {got}"
        tally[got] += 1
    still_serving(http)
    assert "Traceback" not in capfd.readouterr().err
    assert tally["answer"] > 50 and tally["refuse"] > 100


@pytest.mark.parametrize(("name", "body", "content_type"), RAW_BODIES, ids=[b[0] for b in RAW_BODIES])
def test_raw_bodies_are_refused_or_answered_never_a_5xx(http, name, body, content_type):
    headers = {"content-type": content_type} if content_type else {}
    got = outcome(http.post("/api/ask", content=body, headers=headers))
    if name in ("over-256kib", "10mb"):
        assert got == "refuse"
    if name in ("invalid-utf8", "invalid-utf8-only", "not-json", "truncated", "array", "escaped-surrogate",
                "deep-nesting", "deep-nesting-unclosed", "huge-int", "nan", "form", "xml", "multipart"):
        assert got == "refuse", name


def test_a_chunked_10mb_body_without_length_is_cut_off_at_the_limit(http):
    def chunks():
        yield b'{"question": "'
        for _ in range(MB10 // 65536):
            yield b"z" * 65536
        yield b'"}'

    r = http.post("/api/ask", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413 and "larger than" in r.json()["error"]
    still_serving(http)


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
def test_other_methods_on_ask_are_405_json(http, method):
    r = http.request(method, "/api/ask", content=b'{"question": "q"}')
    assert r.status_code == 405 and set(r.json()) == {"error"}


TRAVERSALS = ["../../etc/passwd", "..%2f..%2fetc%2fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%252f..%252fetc",
              "....//....//etc/passwd", "..\\..\\etc\\passwd", "%00", "etc%00passwd", "%2fetc%2fpasswd",
              f"{DEFAULT_ARTICLE_ID}%2f..%2f..%2fpyproject.toml", "~root", "%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
              "a" * 5000, "%ff%fe", "<script>", "'%20OR%201=1"]


@pytest.mark.parametrize("raw", TRAVERSALS)
def test_hostile_article_ids_in_the_path_are_404_json_never_a_file(http, raw):
    # the raw request target, so that no client normalises the dots away
    target = f"/api/articles/{raw}".encode("latin-1")
    r = http.send(http.build_request("GET", "/api/articles/x", extensions={"target": target}))
    assert r.status_code in (404, 405) and set(r.json()) == {"error"}, r.text[:200]
    assert "root:" not in r.text and "[project]" not in r.text


# ---------------------------------------------------------------------- random JSON (hypothesis)
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) |
                    st.text(st.characters(categories=["L", "M", "N", "P", "S", "Z", "C"]), max_size=40),
                    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=12), inner,
                                                                                max_size=6),
                    max_leaves=25)
FIELDS = st.fixed_dictionaries({}, optional={"question": JSON | st.text(max_size=2500), "history": JSON,
                                             "article_id": JSON | st.sampled_from([DEFAULT_ARTICLE_ID, "*"])})
PLAUSIBLE = st.fixed_dictionaries(
    {"question": st.text(max_size=2200)},
    optional={"history": st.lists(st.text(max_size=80), max_size=25),
              "article_id": st.none() | st.text(max_size=60) | st.just(DEFAULT_ARTICLE_ID)})


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=JSON | FIELDS | PLAUSIBLE)
def test_random_json_bodies_get_a_2xx_or_a_json_4xx(http, body):
    outcome(http.post("/api/ask", content=json.dumps(body).encode(), headers={"content-type": "application/json"}))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(raw=st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_random_bytes_get_a_json_4xx(http, raw):
    assert outcome(http.post("/api/ask", content=raw, headers={"content-type": "application/json"})) in (
        "refuse", "answer")


# ---------------------------------------------------------------------- Gradio's routes
MALFORMED_CALLS = [
    b"", b"{", b"[]", b"null", b'{"data": "x"}', b'{"data": [], "fn_index": 999, "session_hash": "a"}',
    b'{"data": [], "fn_index": -1, "session_hash": "a"}', b'{"data": ["q"], "fn_index": "0", "session_hash": "a"}',
    b'{"data": [], "fn_index": true, "session_hash": "a"}', b'{"data": ["q"], "session_hash": "abc"}',
    b'{"data": [5, 5, 5], "session_hash": "abc"}', b'{"data": ["q", [], null], "session_hash": 5}',
    b'{"data": ["q", [], null], "session_hash": "a", "event_data": "x"}',
    b'{"data": ["q", [], null], "session_hash": "a", "trigger_id": "x"}',
    b'{"data": ["\\ud800", ["\\udcff"], "\\ud800"], "session_hash": "a"}',
    b'{"data": [null, null, null], "session_hash": "a"}', b'{"data": [{}, {}, {}], "session_hash": "a"}',
    b'{"data": ["' + b"x" * 3000 + b'", [], null], "session_hash": "a"}', b"\xff\xfe", b"[" * 50_000,
]


@pytest.mark.parametrize("path", ["/gradio_api/queue/join", "/gradio_api/run/ask", "/gradio_api/api/ask",
                                  "/gradio_api/call/ask", "/gradio_api/call/v2/ask", "/widget/gradio_api/queue/join",
                                  "/widget/gradio_api/run/widget_chat", "/gradio_api/run/predict"])
def test_malformed_gradio_event_calls_are_4xx_never_a_crash(http, capfd, path):
    for body in MALFORMED_CALLS:
        r = http.post(path, content=body, headers={"content-type": "application/json"})
        assert r.status_code < 500, (path, body[:60], r.status_code, r.text[:200])
        assert r.headers["content-type"].startswith(("application/json", "text/event-stream")), r.headers
    time.sleep(0.5)                       # queued events finish in the background
    still_serving(http)
    assert "Traceback" not in capfd.readouterr().err


@pytest.fixture(scope="module")
def event_calls(server):
    """(mount prefix, fn_index, number of inputs) of every Gradio event of the page and the widget."""
    from ui.gradio_guard import GradioGuardMiddleware

    guard = server.app.user_middleware
    assert any(m.cls is GradioGuardMiddleware for m in guard)
    mounts = next(m.kwargs["mounts"] for m in guard if m.cls is GradioGuardMiddleware)
    return [(prefix, fn_id, len(fn.inputs)) for prefix, blocks in mounts.items() for fn_id, fn in blocks.fns.items()]


def test_a_lone_surrogate_in_any_event_value_is_refused(http, event_calls, capfd):
    """Found by the fuzzing below: "\\ud800" is valid JSON but no text, and a Gradio error
    message echoing it ("Value: ... is not in the list of choices") broke the event stream off."""
    for prefix, fn_id, n in event_calls:
        if n == 0:
            continue
        body = {"fn_index": fn_id, "data": ["\ud800"] + [None] * (n - 1), "session_hash": f"lone{fn_id}x{len(prefix)}",
                "event_data": None}
        assert gradio_event(http, prefix, body) == {"refused": 422}, (prefix, fn_id)
    still_serving(http)
    assert "Traceback" not in capfd.readouterr().err


@settings(max_examples=int(os.environ.get("ARTICLE_QA_FUZZ_EXAMPLES", 80)), deadline=None,
          suppress_health_check=list(HealthCheck))
@given(pick=st.integers(0, 1000), values=st.lists(JSON, min_size=8, max_size=8),
       event_data=st.none() | st.dictionaries(st.sampled_from(["index", "value", "liked", "x"]), JSON, max_size=4))
def test_random_calls_of_every_gradio_event_end_in_a_result_or_a_clear_error(http, event_calls, pick, values,
                                                                             event_data):
    prefix, fn_index, n = event_calls[pick % len(event_calls)]
    body = {"fn_index": fn_index, "data": values[:n], "session_hash": f"fuzz{pick}x{len(str(values))}",
            "event_data": event_data}
    done = gradio_event(http, prefix, body)
    if "refused" not in done and not done.get("success"):
        # a gr.Error carries its message; an unexpected exception would come back without one
        assert (done.get("output") or {}).get("error"), done


def test_after_the_fuzzing_the_server_serves_and_logged_no_traceback(http, capfd):
    still_serving(http)
    assert "Traceback" not in capfd.readouterr().err


def test_a_case_is_one_call_everywhere():
    case = Case("x", "q", ["h"], "a")
    assert case.body() == {"question": "q", "history": ["h"], "article_id": "a"}
    assert case.argv()[-2:] == ["--", "q"] and "--history=h" in case.argv() and "--article=a" in case.argv()
