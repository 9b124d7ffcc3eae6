"""The soak's figures: throughput, latency, errors and the server's memory over time, as JSON and
as Markdown.

Memory growth is measured after warm-up (the first ``warmup`` share of the questions, while caches
and Gradio's sessions fill): the median resident set size over the ``window`` seconds after
warm-up, against the median over the last ``window`` seconds of the load.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

from .load import LoadConfig, Tally


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _median_between(samples: list[tuple[float, int]], start: float, end: float) -> int | None:
    inside = [v for t, v in samples if start <= t <= end]
    return int(statistics.median(inside)) if inside else None


def summarize(tally: Tally, samples: list[tuple[float, int]], config: LoadConfig, *, warmup: float = 0.1,
              window: float = 30.0, meta: dict | None = None) -> dict:
    """The report document. ``samples`` are ``(seconds since the server was ready, RSS KiB)``;
    ``tally.progress`` times are seconds since the load started (``meta['load_offset']`` apart)."""
    meta = dict(meta or {})
    offset = float(meta.get("load_offset", 0.0))
    seconds = max(1e-9, tally.finished - tally.started)
    warm_at = next((t for t, done in tally.progress if done >= warmup * config.questions), 0.0) + offset
    end = seconds + offset
    window = min(window, max(5.0, (end - warm_at) / 4))
    rss_warm = _median_between(samples, warm_at, warm_at + window)
    rss_final = _median_between(samples, end - window, end)
    growth = (rss_final / rss_warm - 1) if rss_warm and rss_final else None
    steps = []
    for tenth in range(1, 11):
        at = next((t for t, done in tally.progress if done >= tenth * config.questions / 10), seconds) + offset
        steps.append({"questions": tenth * config.questions // 10, "seconds": round(at - offset, 1),
                      "rss_mib": round((_median_between(samples, at - 5, at + 5) or 0) / 1024, 1)})
    latency = {door: {"n": len(v), "p50": percentile(v, 0.5), "p95": percentile(v, 0.95),
                      "p99": percentile(v, 0.99), "max": max(v) if v else None}
               for door, v in tally.latencies_ms.items()}
    return {
        **meta,
        "config": config.__dict__,
        "questions": tally.done, "seconds": round(seconds, 1), "throughput_qps": round(tally.done / seconds, 1),
        "answered": tally.answered, "abstained": tally.abstained, "refused_as_expected": tally.refused_as_expected,
        "errors": tally.errors, "error_examples": tally.error_examples,
        "by_door": dict(tally.by_door), "statuses": {str(k): v for k, v in sorted(tally.statuses.items())},
        "latency_ms": {d: {k: (round(x, 1) if isinstance(x, float) else x) for k, x in v.items()}
                       for d, v in latency.items()},
        "memory": {"warmup_share": warmup, "window_s": round(window, 1),
                   "rss_start_mib": round(samples[0][1] / 1024, 1) if samples else None,
                   "rss_after_warmup_mib": round(rss_warm / 1024, 1) if rss_warm else None,
                   "rss_final_mib": round(rss_final / 1024, 1) if rss_final else None,
                   "rss_max_mib": round(max(v for _, v in samples) / 1024, 1) if samples else None,
                   "growth_after_warmup": round(growth, 4) if growth is not None else None,
                   "samples": len(samples), "by_tenth": steps},
        "passed": tally.errors == 0 and growth is not None and growth < 0.10,
    }


def markdown(doc: dict) -> str:
    m, lat = doc["memory"], doc["latency_ms"]
    growth = f"{100 * m['growth_after_warmup']:+.1f}%" if m["growth_after_warmup"] is not None else "n/a"
    lines = [
        f"# Soak: {doc['questions']:,} questions, {doc['config']['clients']} clients, model `{doc.get('model')}`",
        "",
        f"**{'PASSED' if doc['passed'] else 'FAILED'}**: {doc['errors']} errors; memory growth after warm-up "
        f"{growth} (limit +10%).",
        "",
        f"- command: `{doc.get('command', '')}`",
        f"- when: {doc.get('when', '')}; host: {doc.get('cpus', '?')} CPUs (shared with other work: load average "
        f"{doc.get('loadavg', '?')} at the start)",
        f"- server: `article-qa serve {' '.join(doc.get('serve_args', []))}` (concurrency {doc.get('concurrency')}, "
        f"rate limit {doc.get('rate_limit')}); clients rotate through {doc['config']['identities']:,} addresses in "
        "`X-Forwarded-For`, so no address exceeds the limit",
        f"- duration {doc['seconds']:,} s, throughput **{doc['throughput_qps']} questions/s**",
        f"- answered {doc['answered']:,} (abstained {doc['abstained']:,}), refused as expected "
        f"{doc['refused_as_expected']:,} (hostile questions), errors **{doc['errors']}**",
        f"- by door: {', '.join(f'{k} {v:,}' for k, v in doc['by_door'].items())}; HTTP statuses: "
        f"{', '.join(f'{k}: {v:,}' for k, v in doc['statuses'].items())}",
        "",
        "| door | n | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for door, v in lat.items():
        lines.append(f"| {door} | {v['n']:,} | {v['p50']} | {v['p95']} | {v['p99']} | {v['max']} |")
    lines += [
        "",
        f"Memory (RSS of the server process, sampled every second, {m['samples']} samples): start "
        f"{m['rss_start_mib']} MiB, after warm-up ({int(100 * m['warmup_share'])}% of the questions; median over "
        f"{m['window_s']} s) {m['rss_after_warmup_mib']} MiB, final {m['rss_final_mib']} MiB, max "
        f"{m['rss_max_mib']} MiB: growth after warm-up **{growth}**.",
        "",
        "| questions | seconds | RSS MiB |",
        "|---:|---:|---:|",
        *[f"| {s['questions']:,} | {s['seconds']} | {s['rss_mib']} |" for s in m["by_tenth"]],
    ]
    if doc.get("burst_check"):
        b = doc["burst_check"]
        lines += ["", f"Rate limit check after the load (one address, {sum(b['statuses'].values())} questions at "
                      f"once): statuses {b['statuses']}, Retry-After {b['retry_after']}."]
    if doc.get("after"):
        lines += ["", f"After the load: {doc['after']}."]
    if doc["error_examples"]:
        lines += ["", "Errors (first ones):", "", *[f"- `{e}`" for e in doc["error_examples"]]]
    return "\n".join(lines) + "\n"


def write_report(doc: dict, out_dir: Path, name: str) -> tuple[Path, Path]:
    """``<out_dir>/<name>.json`` and ``<name>.md``; returns both paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out_dir / f"{name}.json", out_dir / f"{name}.md"
    json_path.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    md_path.write_text(markdown(doc), encoding="utf-8")
    return json_path, md_path
