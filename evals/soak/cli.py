"""``python -m evals.soak``: start the server, run the load, sample memory, write the report.

    python -m evals.soak --questions 20000 --clients 32 --model hash
    python -m evals.soak --questions 20000 --clients 32 --model default     # the real model

Exit code 0 when the soak passed (no errors, memory growth under 10% after warm-up), 1 otherwise.
"""

from __future__ import annotations

import argparse
import logging
import os
import shlex
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import httpx

from .load import LoadConfig, burst_check, run_load
from .report import summarize, write_report
from .server import ServerProcess

REPORTS = Path(__file__).resolve().parents[1] / "reports" / "soak"
log = logging.getLogger("evals.soak")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m evals.soak", description=__doc__.split("\n\n")[0])
    p.add_argument("--questions", type=int, default=20_000, help="questions in all (default: 20000)")
    p.add_argument("--clients", type=int, default=32, help="concurrent clients (default: 32)")
    p.add_argument("--model", default="hash", help="'hash' (the fast test embedder), 'default' (the real "
                                                   "multilingual model) or any --model value of article-qa")
    p.add_argument("--concurrency", type=int, default=2, help="questions the server answers at once (default: 2)")
    p.add_argument("--rate-limit", type=float, default=30.0, help="the server's per-client limit a minute "
                                                                 "(default: the production default, 30)")
    p.add_argument("--max-sessions", type=int, default=500, help="the server's --max-sessions (default: the "
                                                                "production default, 500)")
    p.add_argument("--identities", type=int, default=2_000, help="client addresses the questions rotate "
                                                                "through (default: 2000)")
    p.add_argument("--gradio-share", type=float, default=0.1, help="share asked through the widget's Gradio queue")
    p.add_argument("--hostile-share", type=float, default=0.02, help="share of hostile questions (expected 4xx)")
    p.add_argument("--warmup", type=float, default=0.1, help="share of the questions counted as warm-up")
    p.add_argument("--out", type=Path, default=REPORTS, help=f"report folder (default: {REPORTS})")
    p.add_argument("--workdir", type=Path, default=None, help="server's index/data/log folder (default: a temp one)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    serve_args = ["--concurrency", str(args.concurrency), "--rate-limit", str(args.rate_limit),
                  "--max-sessions", str(args.max_sessions)]
    if args.model != "default":
        serve_args += ["--model", args.model]
    config = LoadConfig(questions=args.questions, clients=args.clients, identities=args.identities,
                        gradio_share=args.gradio_share, hostile_share=args.hostile_share)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="article-qa-soak-"))
    meta = {"model": args.model, "serve_args": serve_args, "concurrency": args.concurrency,
            "rate_limit": f"{args.rate_limit:g}/min per address", "cpus": os.cpu_count(),
            "loadavg": " ".join(f"{x:.1f}" for x in os.getloadavg()),
            "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "command": "python -m evals.soak " + shlex.join(argv if argv is not None else sys.argv[1:])}
    log.info("starting the server (model %s) in %s", args.model, workdir)
    with ServerProcess(serve_args, workdir) as server:
        log.info("server ready on %s; %d questions from %d clients", server.base, args.questions, args.clients)
        load_offset = time.monotonic() - server.started
        tally = run_load(server.base, config)
        log.info("load done: %d questions in %.0f s, %d errors", tally.done, tally.finished - tally.started,
                 tally.errors)
        meta["burst_check"] = burst_check(server.base, burst=10)
        health = httpx.get(server.base + "/healthz", timeout=10)
        normal = httpx.post(server.base + "/api/ask", json={"question": "Kegiatan ini mengundang berapa peserta?"},
                            timeout=30)
        meta["after"] = (f"/healthz {health.status_code} {health.json().get('status')}, a normal question "
                         f"{normal.status_code} (abstained: {normal.json().get('abstained')})")
        samples = list(server.samples)
    meta["server_exit_code"] = server.proc.returncode
    meta["load_offset"] = round(load_offset, 2)
    doc = summarize(tally, samples, config, warmup=args.warmup, meta=meta)
    name = f"SOAK-{args.model}-{args.questions}" + (f"-gradio{args.gradio_share:g}" if args.gradio_share != 0.1 else "")
    json_path, md_path = write_report(doc, args.out, name)
    log.info("%s: %d errors, memory growth after warm-up %s; report %s", "PASSED" if doc["passed"] else "FAILED",
             doc["errors"], doc["memory"]["growth_after_warmup"], md_path)
    return 0 if doc["passed"] else 1
