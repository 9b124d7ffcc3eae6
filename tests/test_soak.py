"""evals/soak: the figures it reports, and a tiny real soak (the long one is run by hand:
``python -m evals.soak``; its reports are in evals/reports/soak/)."""

from __future__ import annotations

import httpx

from evals.soak import LoadConfig, ServerProcess, Tally, run_load, summarize
from evals.soak.load import burst_check
from evals.soak.report import markdown, write_report


def synthetic(growth_mib: float) -> tuple[Tally, list[tuple[float, int]], LoadConfig]:
    config = LoadConfig(questions=1000, clients=4)
    tally = Tally(done=1000, answered=990, refused_as_expected=10, started=0.0, finished=100.0)
    tally.progress = [(t, 10 * t) for t in range(1, 101)]
    tally.latencies_ms["api"] = [10.0] * 900 + [50.0] * 100
    samples = [(float(t), int((200 + growth_mib * t / 100) * 1024)) for t in range(0, 101)]
    return tally, samples, config


def test_memory_growth_is_measured_after_warm_up():
    tally, samples, config = synthetic(growth_mib=30)
    doc = summarize(tally, samples, config, warmup=0.1, window=10)
    m = doc["memory"]
    assert 203 <= m["rss_after_warmup_mib"] <= 206 and 227 <= m["rss_final_mib"] <= 230
    assert 0.10 < m["growth_after_warmup"] < 0.13 and not doc["passed"]
    assert doc["throughput_qps"] == 10.0 and doc["latency_ms"]["api"]["p95"] == 50.0
    flat = summarize(*synthetic(growth_mib=2), warmup=0.1, window=10)
    assert flat["passed"] and flat["memory"]["growth_after_warmup"] < 0.02


def test_report_files(tmp_path):
    doc = summarize(*synthetic(growth_mib=2), meta={"model": "hash", "command": "python -m evals.soak"})
    json_path, md_path = write_report(doc, tmp_path, "SOAK-test")
    text = md_path.read_text()
    assert json_path.is_file() and "**PASSED**" in text and "10.0 questions/s" in text
    assert markdown(doc) == text


def test_a_tiny_real_soak_has_no_errors(tmp_path):
    with ServerProcess(["--model", "hash", "--concurrency", "2"], tmp_path / "server") as server:
        tally = run_load(server.base, LoadConfig(questions=80, clients=4, identities=40, gradio_share=0.25,
                                                 hostile_share=0.2))
        burst = burst_check(server.base, burst=10)
        assert httpx.get(server.base + "/healthz").json()["status"] == "ok"
        assert server.samples and server.alive
    assert tally.errors == 0, tally.error_examples
    assert tally.done == 80 and tally.by_door["gradio"] > 0 and tally.refused_as_expected > 0
    assert burst["statuses"].get(429, 0) >= 5 and burst["retry_after"]
    assert server.proc.returncode == 0
