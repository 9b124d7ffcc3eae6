"""Processes the cold-start part starts and times (``python -m evals.bench.child MODE ...``); each
prints one line when it is ready, so the parent times process start to that line.

- ``load FOLDER``: import sentence-transformers and load the model folder (the baseline);
- ``ask QUESTION``: what ``article-qa ask`` does, with ``--runtime`` chosen (for runtimes the
  shipped CLI does not select), printing the answer as JSON;
- ``phases QUESTION``: the same, printing the seconds since start after each step.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402 - the clock starts first
import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m evals.bench.child")
    p.add_argument("mode", choices=["load", "ask", "phases"])
    p.add_argument("arg")
    p.add_argument("--model", default=None)
    p.add_argument("--runtime", default="shipped")
    p.add_argument("--corpus", type=Path, action="append")
    p.add_argument("--index-dir", type=Path)
    args = p.parse_args(argv)
    if args.mode == "load":
        if args.arg == "hash":
            from index import HashEmbedder
            HashEmbedder(64)
        else:
            from sentence_transformers import SentenceTransformer
            SentenceTransformer(args.arg, device="cpu", local_files_only=True)
        print("ready", flush=True)
        return 0
    laps: dict[str, float] = {}

    def lap(name: str) -> None:
        laps[name] = round(time.perf_counter() - STARTED, 3)

    from assistant import Assistant
    from corpus import BUNDLED_DIR
    from index import load_embedder, user_dirs
    lap("import assistant (no torch yet)")
    import torch  # noqa: F401
    import transformers  # noqa: F401
    lap("import torch + transformers")
    import sentence_transformers  # noqa: F401
    lap("import sentence-transformers")
    embedder = load_embedder(args.model, user_dirs().models)
    lap("load_embedder (convert check, verify, load)")
    if args.runtime != "shipped":
        from evals.bench.context import on_runtime
        embedder = on_runtime(embedder, args.runtime, user_dirs().models)
        lap(f"{args.runtime} session")
    bot = Assistant.load(args.corpus or [BUNDLED_DIR], embedder=embedder, index_dir=args.index_dir)
    lap("open the saved index")
    answer = bot.ask(args.arg)
    lap("first answer")
    print(json.dumps(laps if args.mode == "phases" else answer.to_dict(), ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
