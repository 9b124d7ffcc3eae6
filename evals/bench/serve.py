"""Part 5, serving: ``article-qa serve`` in a subprocess on loopback, and a load client with 16 and
64 concurrent connections posting the dev questions (cycled, with their history) to
``POST /api/ask`` until 2,000 have been answered per level: throughput, median and p95 latency,
errors (anything but a 200 answer)."""

from __future__ import annotations

import asyncio
import time
from collections import Counter

import numpy as np

from evals.soak.load import api_body
from evals.soak.server import ServerProcess, rss_kib

from .context import Context

READY_TIMEOUT_S = 300
# the load client is one address: it is the server's capacity that is measured, not its per-client limit
UNLIMITED = ("--rate-limit", "0")


async def load(url: str, bodies: list[dict], clients: int, timeout_s: float = 120.0) -> dict:
    """Post ``bodies`` (in order) with ``clients`` concurrent connections; per-request latency,
    status and error kind."""
    import httpx

    latencies = np.full(len(bodies), np.nan)
    outcome: list[str] = [""] * len(bodies)
    cursor = iter(range(len(bodies)))
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=timeout_s) as client:
        async def worker() -> None:
            for i in cursor:
                started = time.perf_counter()
                try:
                    r = await client.post(url, json=bodies[i])
                    ok = r.status_code == 200 and "citations" in r.json()
                    outcome[i] = "ok" if ok else f"http {r.status_code}"
                except (httpx.HTTPError, ValueError) as exc:
                    outcome[i] = type(exc).__name__
                latencies[i] = time.perf_counter() - started
        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        wall = time.perf_counter() - started
    return {"wall_s": wall, "latencies": latencies, "outcome": outcome}


def run(ctx: Context, clients: list[int], requests: int) -> dict:
    questions = ctx.questions()
    bodies = [api_body(q) for q in (questions * (requests // len(questions) + 1))[:requests]]
    serve_args = ["--host", "127.0.0.1", "-q", *(["--model", ctx.model] if ctx.model else []),
                  *[x for d in (ctx.corpus_dirs or []) for x in ("--corpus", str(d))], *UNLIMITED]
    levels = []
    started = time.perf_counter()
    with ServerProcess(serve_args, ctx.work / "serve", ready_timeout=READY_TIMEOUT_S,
                       env={"HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}) as server:
        ready_s = time.perf_counter() - started
        url = server.base + "/api/ask"
        asyncio.run(load(url, bodies[: min(len(bodies), 20)], 2))           # warm-up, not counted
        for n in clients:
            result = asyncio.run(load(url, bodies, n))
            ms = result["latencies"] * 1000
            counts = Counter(result["outcome"])
            levels.append({"clients": n, "requests": len(bodies), "wall_s": round(result["wall_s"], 2),
                           "throughput_qps": round(len(bodies) / result["wall_s"], 2),
                           "p50_ms": round(float(np.nanmedian(ms)), 1),
                           "p95_ms": round(float(np.nanpercentile(ms, 95)), 1),
                           "max_ms": round(float(np.nanmax(ms)), 1), "errors": len(bodies) - counts.get("ok", 0),
                           "outcomes": dict(counts), "server_rss_mb": round((rss_kib(server.proc.pid) or 0) / 1024, 1),
                           "latencies_ms": [round(float(x), 2) for x in ms]})
    return {"command": f"article-qa serve --host 127.0.0.1 --port PORT --no-examples {' '.join(UNLIMITED)}"
                       " (other limits at their defaults)", "ready_s": round(ready_s, 1), "levels": levels}
