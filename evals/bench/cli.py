"""``article-qa bench``: measure the assistant's speed and write ``BENCH.md``, ``BENCH.json`` and
plots. Plugged into the core CLI through the ``article_qa.commands`` entry point (``register``);
only argparse is imported at load time, the model and the parts inside the handler.

    article-qa bench                                   # everything (about 30 min on 2 cores)
    article-qa bench --parts question,cold --runtime onnx-int8
    article-qa bench --quick --model hash --out-dir /tmp/bench      # seconds; what the tests run
"""

from __future__ import annotations

import argparse
import json
import logging
import shlex
import sys
import tempfile
import time
from pathlib import Path

log = logging.getLogger("article_qa.bench")
PARTS = ("question", "cold", "index", "scale", "serve")
DEFAULT_SIZES = "1,1000,10000,100000"
QUICK_SIZES = "1,20,60"


def _csv(kind):
    def parse(text: str) -> list:
        try:
            return [kind(x) for x in text.split(",") if x.strip()]
        except ValueError as exc:
            raise argparse.ArgumentTypeError(f"expected a comma-separated list: {exc}") from None
    return parse


def register(subparsers, common: argparse.ArgumentParser) -> None:
    """Add the ``bench`` subcommand (called by ``assistant.cli.build_parser``)."""
    p = subparsers.add_parser(
        "bench", parents=[common], help="measure speed: per question, cold start, indexing, scale, serving",
        description="Measure the assistant side by side with the bare model and a peer engine, in one process, "
                    "with medians over repeated runs after a warm-up; write BENCH.md, BENCH.json and PNG plots.")
    p.add_argument("--parts", type=_csv(str), default=list(PARTS), metavar="LIST",
                   help=f"parts to run (default: all): {','.join(PARTS)}")
    p.add_argument("--sizes", type=_csv(int), default=None, metavar="LIST",
                   help=f"corpus sizes in articles for the scale part (default {DEFAULT_SIZES}; "
                        f"--quick: {QUICK_SIZES})")
    p.add_argument("--real-limit", type=int, default=1000, metavar="N",
                   help="largest size embedded with the real model; larger ones get pooled vectors (default 1000)")
    p.add_argument("--threads", type=int, default=None, help="ONNX Runtime threads (default: one per core)")
    p.add_argument("--rounds", type=int, default=None, help="timed passes over the questions (default 3; --quick 1)")
    p.add_argument("--clients", type=_csv(int), default=None, metavar="LIST",
                   help="concurrent HTTP clients in the serve part (default 16,64; --quick 2,4)")
    p.add_argument("--requests", type=int, default=None, help="questions per client level (default 2000; --quick 20)")
    p.add_argument("--out-dir", type=Path, default=Path("evals/reports/bench"), help="where BENCH.md goes")
    p.add_argument("--work-dir", type=Path, default=None, help="scratch folder (default: a temporary one)")
    p.add_argument("--quick", action="store_true", help="tiny sizes and few repeats (for tests)")
    p.add_argument("--json", action="store_true", help="print BENCH.json to stdout")
    p.add_argument("--no-progress", action="store_true", help="no progress bars")
    p.set_defaults(handler=cmd_bench)


def command_line(args: argparse.Namespace) -> str:
    """The command that reproduces this run (options that change numbers only)."""
    parts = ["article-qa", "bench", "--parts", ",".join(args.parts)]
    for flag, value in (("--model", args.model), ("--sizes", ",".join(map(str, args.sizes or [])) or None),
                        ("--runtime", args.runtime),
                        ("--threads", args.threads), ("--rounds", args.rounds),
                        ("--real-limit", None if args.real_limit == 1000 else args.real_limit),
                        ("--clients", ",".join(map(str, args.clients or [])) or None),
                        ("--requests", args.requests), ("--out-dir", args.out_dir)):
        if value is not None:
            parts += [flag, str(value)]
    for folder in args.corpus or []:
        parts += ["--corpus", str(folder)]
    if args.quick:
        parts.append("--quick")
    return " ".join(shlex.quote(p) for p in parts)


def cmd_bench(args: argparse.Namespace) -> int:
    from .context import Context
    from .report import write_report

    unknown = [p for p in args.parts if p not in PARTS]
    if unknown:
        raise ValueError(f"unknown part(s) {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    args.out_dir.mkdir(parents=True, exist_ok=True)
    scratch = tempfile.TemporaryDirectory(prefix="article-qa-bench-") if args.work_dir is None else None
    work = Path(scratch.name) if scratch else args.work_dir
    work.mkdir(parents=True, exist_ok=True)
    ctx = Context(model=args.model, runtime=args.runtime or "shipped", threads=args.threads, quick=args.quick,
                  progress=not (args.no_progress or args.quiet), work=work, out_dir=args.out_dir,
                  corpus_dirs=args.corpus, rounds=args.rounds or (1 if args.quick else 3))
    doc = {"command": command_line(args), "started": time.strftime("%Y-%m-%d %H:%M:%S %z"),
           "machine": machine(), "options": {"runtime": args.runtime or "shipped", "threads": args.threads,
                                             "quick": args.quick, "model": args.model or "multilingual-e5-small"},
           "parts": {}}
    started = time.perf_counter()
    try:
        for part in PARTS:
            if part not in args.parts:
                continue
            log.info("bench: %s", part)
            t0 = time.perf_counter()
            doc["parts"][part] = _run_part(part, ctx, args)
            doc["parts"][part]["seconds"] = round(time.perf_counter() - t0, 1)
    finally:
        if scratch is not None:
            scratch.cleanup()
    doc["seconds"] = round(time.perf_counter() - started, 1)
    paths = write_report(doc, args.out_dir)
    log.info("report written: %s", paths["markdown"])
    if args.json:
        print(json.dumps(doc, ensure_ascii=False, indent=1))
    else:
        print(paths["markdown"].read_text(encoding="utf-8").split("\n## ")[0])
    return 0


def _run_part(part: str, ctx, args) -> dict:
    if part == "question":
        from . import question
        return question.run(ctx)
    if part == "cold":
        from . import cold
        return cold.run(ctx, repeats=2 if args.quick else 5)
    if part == "index":
        from . import indexing
        return indexing.run(ctx)
    if part == "scale":
        from . import scale
        sizes = args.sizes or _csv(int)(QUICK_SIZES if args.quick else DEFAULT_SIZES)
        return scale.run(ctx, sizes, real_limit=min(args.real_limit, 20) if args.quick else args.real_limit)
    from . import serve
    return serve.run(ctx, clients=args.clients or ([2, 4] if args.quick else [16, 64]),
                     requests=args.requests or (20 if args.quick else 2000))


def machine() -> dict:
    import os
    import platform

    cpu = ""
    try:
        cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo", encoding="ascii")
                    if line.startswith("model name")), "")
    except OSError:
        pass
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {"cpu": cpu, "cores": os.cpu_count(), "python": sys.version.split()[0], "platform": platform.platform(),
            "load_average_at_start": [round(x, 2) for x in load] if load else None}
