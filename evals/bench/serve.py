"""Part 5, serving: ``article-qa serve`` in a subprocess on loopback, and a load client with 16 and
64 concurrent connections posting the dev questions (cycled, with their history) to
``POST /api/ask`` until 2,000 have been answered per level: throughput, median and p95 latency,
errors (anything but a 200 answer)."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections import Counter

import numpy as np

from .context import Context

READY_TIMEOUT_S = 300


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            return next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return None


def start_server(ctx: Context, port: int) -> subprocess.Popen:
    """Start ``article-qa serve`` (``python -m assistant serve``) and wait for ``/healthz``."""
    import httpx

    env = {**os.environ, "ARTICLE_QA_INDEX_DIR": str(ctx.work / "serve-index"),
           "ARTICLE_QA_DATA_DIR": str(ctx.work / "serve-data"), "GRADIO_ANALYTICS_ENABLED": "False",
           "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    cmd = [sys.executable, "-m", "assistant", "serve", "--host", "127.0.0.1", "--port", str(port), "--no-examples",
           "-q", *(["--model", ctx.model] if ctx.model else []),
           *[x for d in (ctx.corpus_dirs or []) for x in ("--corpus", str(d))], *unlimited_options()]
    log = open(ctx.work / "serve.log", "w", encoding="utf-8")   # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"article-qa serve exited ({proc.returncode}): "
                               f"{(ctx.work / 'serve.log').read_text(errors='replace')[-800:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    stop_server(proc)
    raise RuntimeError(f"article-qa serve was not ready after {READY_TIMEOUT_S} s")


def unlimited_options() -> list[str]:
    """``--rate-limit 0`` when ``serve`` has a per-client rate limit: the load client is one address,
    and it is the server's capacity that is measured, not the limit."""
    done = subprocess.run([sys.executable, "-m", "assistant", "serve", "--help"], capture_output=True, text=True)
    return ["--rate-limit", "0"] if "--rate-limit" in done.stdout else []


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


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
    bodies = [{"question": q.question, "history": list(q.history), "article_id": q.article_id}
              for q in (questions * (requests // len(questions) + 1))[:requests]]
    port = free_port()
    started = time.perf_counter()
    proc = start_server(ctx, port)
    ready_s = time.perf_counter() - started
    url = f"http://127.0.0.1:{port}/api/ask"
    levels = []
    try:
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
                           "outcomes": dict(counts), "server_rss_mb": round((_rss(proc.pid) or 0) / 2**20, 1),
                           "latencies_ms": [round(float(x), 2) for x in ms]})
    finally:
        stop_server(proc)
    options = " ".join(unlimited_options())
    return {"command": f"article-qa serve --host 127.0.0.1 --port PORT --no-examples {options}".strip()
                       + " (other limits at their defaults)", "ready_s": round(ready_s, 1), "levels": levels}
