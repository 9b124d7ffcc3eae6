"""Timing and memory helpers: functions run side by side (interleaved, in one process) after a
warm-up, summarized by medians and percentiles; resident memory read from ``/proc``; cProfile
time summed into named buckets."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Sequence

import numpy as np

from evals.soak.server import rss_kib


def summarize(samples_s: Sequence[float]) -> dict[str, float | int]:
    """Milliseconds: ``{"n", "median_ms", "p95_ms", "mean_ms", "min_ms", "max_ms"}`` of samples in seconds."""
    x = np.asarray(samples_s, dtype=np.float64) * 1000.0
    if not len(x):
        return {"n": 0, "median_ms": None, "p95_ms": None, "mean_ms": None, "min_ms": None, "max_ms": None}
    return {"n": int(len(x)), "median_ms": round(float(np.median(x)), 3),
            "p95_ms": round(float(np.percentile(x, 95)), 3), "mean_ms": round(float(x.mean()), 3),
            "min_ms": round(float(x.min()), 3), "max_ms": round(float(x.max()), 3)}


def side_by_side(fns: dict[str, Callable], items: Sequence, *, rounds: int = 3, warmup: int = 5,
                 progress: bool = False, desc: str = "timing") -> dict[str, list[float]]:
    """Time every function on every item, interleaved: for each item the functions run one after
    the other in a rotating order, so background load hits them alike.

    Args:
        fns: ``{label: fn(item)}``.
        items: the inputs (e.g. questions); the first ``warmup`` are run untimed first.
        rounds: passes over ``items``.
    Returns:
        ``{label: [seconds, ...]}`` with ``rounds * len(items)`` samples each.
    """
    from tqdm.auto import tqdm

    labels = list(fns)
    for item in list(items)[:warmup]:
        for label in labels:
            fns[label](item)
    samples: dict[str, list[float]] = {label: [] for label in labels}
    gc.collect()
    bar = tqdm(total=rounds * len(items), desc=desc, unit="q", disable=not progress, leave=False)
    turn = 0
    for _ in range(rounds):
        for item in items:
            turn += 1
            for label in labels[turn % len(labels):] + labels[:turn % len(labels)]:
                started = time.perf_counter()
                fns[label](item)
                samples[label].append(time.perf_counter() - started)
            bar.update()
    bar.close()
    return samples


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a is not None and b else None


def rss_bytes() -> int:
    """Resident memory of this process (bytes), from ``/proc/<pid>/status``; 0 where unavailable."""
    return (rss_kib(os.getpid()) or 0) * 1024


def profile_seconds(prof, buckets: dict[str, tuple[str, str]]) -> dict[str, float]:
    """Cumulative seconds of a :class:`cProfile.Profile` in each bucket ``{name: (file suffix,
    function name)}``: the time inside every function of that name in a file of that suffix."""
    import pstats

    stats = pstats.Stats(prof).stats
    return {name: sum(v[3] for (path, _, fn), v in stats.items()
                      if fn == func and path.replace("\\", "/").endswith(suffix))
            for name, (suffix, func) in buckets.items()}


def folder_bytes(folder) -> int:
    """Total size of the files under ``folder``."""
    return sum(os.path.getsize(os.path.join(root, f)) for root, _, files in os.walk(folder) for f in files)


class Stopwatch:
    """``with Stopwatch() as w: ...`` then ``w.seconds``."""

    def __enter__(self) -> Stopwatch:
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc) -> None:
        self.seconds = time.perf_counter() - self.started
