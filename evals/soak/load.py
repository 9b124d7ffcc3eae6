"""The clients of the soak: asyncio tasks asking questions over HTTP as fast as the server answers.

Most questions go to ``POST /api/ask``; a share goes through the widget's Gradio queue (``queue/join``
then the session's event stream), the way a browser asks; a small share is hostile (empty, too
long, wrong types, path traversal), which must be refused with a 4xx and counts as an *expected
refusal*, not an error. Each question carries one of ``identities`` client addresses in
``X-Forwarded-For`` (uvicorn believes it from loopback), so the server's per-client rate limit
stays at its production default and is not what throttles the soak.

An error is anything else: a 5xx, a transport failure or timeout, a body that is not the
expected JSON, a 4xx (429 included) for an ordinary question, a Gradio event that fails.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from evals.datasets import Question
from evals.datasets import load_questions as read_question_sets

QUESTION_SETS = [Path(__file__).resolve().parents[1] / "questions" / name for name in ("dev.jsonl", "test.jsonl")]
# (body, expected): "answer" must be a 200 answer, "refuse" a 4xx with {"error"}
HOSTILE: list[tuple[dict, str]] = [
    ({"question": ""}, "refuse"), ({"question": "   \n\t"}, "refuse"), ({"question": "x" * 2001}, "refuse"),
    ({"question": 42}, "refuse"), ({"question": "Berapa?", "article_id": "../../etc/passwd"}, "refuse"),
    ({"question": "Berapa?", "history": ["q"] * 21}, "refuse"), ({"question": "Berapa?", "history": "q"}, "refuse"),
    ({"question": "<script>alert(1)</script>"}, "answer"), ({"question": "'; DROP TABLE feedback; --"}, "answer"),
    ({"question": "🙂" * 50 + " \u202eberapa?"}, "answer"), ({"question": "Berapa\x00 peserta?"}, "answer"),
]


@dataclass(frozen=True)
class LoadConfig:
    """Args:
        questions: questions to ask in all.
        clients: concurrent clients (each asks its next question when the last is answered).
        identities: distinct client addresses the questions rotate through.
        gradio_share: share of questions asked through the widget's Gradio queue.
        hostile_share: share of questions from :data:`HOSTILE`.
        session_turns: Gradio questions per widget session (a visitor) before the client opens a new one.
        timeout: seconds a question may take before it counts as an error.
    """

    questions: int = 20_000
    clients: int = 32
    identities: int = 2_000
    gradio_share: float = 0.1
    hostile_share: float = 0.02
    session_turns: int = 10
    timeout: float = 60.0
    seed: int = 0


@dataclass
class Tally:
    """What the clients saw."""

    done: int = 0
    answered: int = 0
    abstained: int = 0
    refused_as_expected: int = 0
    errors: int = 0
    by_door: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)
    latencies_ms: dict[str, list[float]] = field(default_factory=lambda: {"api": [], "gradio": []})
    error_examples: list[str] = field(default_factory=list)
    progress: list[tuple[float, int]] = field(default_factory=list)      # (seconds, questions done)
    started: float = 0.0
    finished: float = 0.0

    def error(self, what: str) -> None:
        self.errors += 1
        if len(self.error_examples) < 20:
            self.error_examples.append(what[:300])


def api_body(q: Question) -> dict:
    """A question of an evals set as a ``POST /api/ask`` body (with its history and article)."""
    return {"question": q.question, "history": list(q.history), "article_id": q.article_id}


def load_questions() -> list[dict]:
    """The dev and test question sets as ``POST /api/ask`` bodies."""
    return [api_body(q) for q in read_question_sets(*QUESTION_SETS)]


def identity(n: int) -> str:
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


async def _api(http: httpx.AsyncClient, body: dict, expected: str, client_ip: str, tally: Tally) -> None:
    started = time.perf_counter()
    try:
        r = await http.post("/api/ask", json=body, headers={"X-Forwarded-For": client_ip})
    except httpx.HTTPError as exc:
        tally.error(f"api transport: {type(exc).__name__}: {exc}")
        return
    tally.latencies_ms["api"].append(1000 * (time.perf_counter() - started))
    tally.statuses[r.status_code] += 1
    tally.by_door["api"] += 1
    try:
        data = r.json()
    except ValueError:
        tally.error(f"api {r.status_code}: not JSON: {r.text[:100]!r}")
        return
    if expected == "refuse" and 400 <= r.status_code < 500 and set(data) == {"error"}:
        tally.refused_as_expected += 1
    elif expected == "answer" and r.status_code == 200 and "abstained" in data and "citations" in data:
        tally.answered += 1
        tally.abstained += bool(data["abstained"])
    else:
        tally.error(f"api {r.status_code} for {str(body)[:80]!r}: {r.text[:150]!r}")


async def _gradio(http: httpx.AsyncClient, fn_index: int, question: str, session: str, client_ip: str,
                  tally: Tally) -> None:
    started = time.perf_counter()
    headers = {"X-Forwarded-For": client_ip}
    try:
        r = await http.post("/widget/gradio_api/queue/join", headers=headers,
                            json={"data": [question, None, None, None], "fn_index": fn_index,
                                  "session_hash": session, "event_data": None, "trigger_id": None})
        tally.statuses[r.status_code] += 1
        if r.status_code != 200:
            tally.error(f"gradio join {r.status_code}: {r.text[:150]!r}")
            return
        event_id = r.json()["event_id"]
        done = None
        async with http.stream("GET", "/widget/gradio_api/queue/data", params={"session_hash": session},
                               headers=headers) as stream:
            async for line in stream.aiter_lines():
                if line.startswith("data:"):
                    message = json.loads(line[5:])
                    if message.get("event_id") == event_id and message.get("msg") == "process_completed":
                        done = message
                        break
    except (httpx.HTTPError, ValueError, KeyError) as exc:
        tally.error(f"gradio transport: {type(exc).__name__}: {exc}")
        return
    tally.latencies_ms["gradio"].append(1000 * (time.perf_counter() - started))
    tally.by_door["gradio"] += 1
    if done is not None and done.get("success"):
        tally.answered += 1
    else:
        tally.error(f"gradio event failed for {question[:60]!r}: {str(done)[:200]}")


async def _client(n: int, http: httpx.AsyncClient, config: LoadConfig, pool: list[dict], fn_index: int,
                  counter: list[int], tally: Tally) -> None:
    rng = random.Random(config.seed * 1000 + n)
    session, turns = f"soak-{n}-0", 0
    while counter[0] < config.questions:
        i = counter[0]
        counter[0] += 1
        client_ip = identity(i % config.identities)
        roll = rng.random()
        if roll < config.hostile_share:
            body, expected = HOSTILE[i % len(HOSTILE)]
            await _api(http, body, expected, client_ip, tally)
        elif roll < config.hostile_share + config.gradio_share:
            if turns >= config.session_turns:
                session, turns = f"soak-{n}-{i}", 0          # a new visitor
            turns += 1
            await _gradio(http, fn_index, pool[i % len(pool)]["question"], session, client_ip, tally)
        else:
            await _api(http, pool[i % len(pool)], "answer", client_ip, tally)
        tally.done += 1
        if tally.done % 100 == 0:
            tally.progress.append((time.monotonic() - tally.started, tally.done))


async def _run(base: str, config: LoadConfig) -> Tally:
    pool = load_questions()
    random.Random(config.seed).shuffle(pool)
    tally = Tally()
    limits = httpx.Limits(max_connections=config.clients * 2, max_keepalive_connections=config.clients * 2)
    async with httpx.AsyncClient(base_url=base, timeout=config.timeout, limits=limits) as http:
        deps = (await http.get("/widget/config")).json()["dependencies"]
        fn_index = next(d["id"] for d in deps if d.get("api_name") == "widget_chat")
        counter = [0]
        tally.started = time.monotonic()
        await asyncio.gather(*(_client(n, http, config, pool, fn_index, counter, tally)
                               for n in range(config.clients)))
        tally.finished = time.monotonic()
        tally.progress.append((tally.finished - tally.started, tally.done))
    return tally


def run_load(base: str, config: LoadConfig) -> Tally:
    """Ask ``config.questions`` questions of the server at ``base``; returns the tally."""
    return asyncio.run(_run(base, config))


def burst_check(base: str, burst: int) -> dict:
    """One client asking ``burst + 5`` questions at once: the rate limit must answer 429 with
    Retry-After (and nothing worse) once its burst is spent."""
    codes, retry = Counter(), set()
    with httpx.Client(base_url=base, timeout=30) as http:
        for _ in range(burst + 5):
            r = http.post("/api/ask", json={"question": "Berapa peserta?"}, headers={"X-Forwarded-For": "192.0.2.1"})
            codes[r.status_code] += 1
            if r.status_code == 429:
                retry.add(r.headers.get("retry-after"))
    return {"statuses": dict(codes), "retry_after": sorted(x for x in retry if x)}
