"""The benchmark runs end to end on a tiny size with the hash embedder and writes its report.
Speed is reported by the benchmark, never asserted here."""

from __future__ import annotations

import json

import numpy as np
import pytest

from assistant.cli import main
from evals.bench.cli import register
from evals.bench.report import targets
from evals.bench.synth import mixed_articles
from evals.bench.timing import side_by_side, summarize


def test_summarize_reports_milliseconds():
    s = summarize([0.001, 0.002, 0.003])
    assert s["n"] == 3 and s["median_ms"] == 2.0 and s["min_ms"] == 1.0 and s["max_ms"] == 3.0


def test_side_by_side_times_every_function_on_every_item():
    calls = []
    out = side_by_side({"a": calls.append, "b": calls.append}, [1, 2, 3], rounds=2, warmup=1)
    assert {k: len(v) for k, v in out.items()} == {"a": 6, "b": 6}
    assert len(calls) == 2 * 1 + 2 * 6


def test_mixed_articles_are_new_sentences_from_real_words():
    rng = np.random.default_rng(0)
    seed = ["Kegiatan ini mengundang 1.200 peserta dari negara ASEAN.",
            "Jepang melaporkan status kemajuan proyek kota."]
    articles = mixed_articles(seed, 3, rng=rng)
    assert [a.id for a in articles] == ["synth-000000", "synth-000001", "synth-000002"]
    words = {w.strip(".").lower() for s in seed for w in s.split()}
    for a in articles:
        assert a.text.startswith(a.title)
        assert {w.strip(".,").lower() for w in a.text.split() if not w[0].isdigit()} <= words | {""}


def test_targets_say_by_how_much_a_target_is_missed():
    doc = {"parts": {"cold": {"ratio": 1.5}, "index": {"ratio": 0.95}}}
    rows = {r["part"]: r for r in targets(doc)}
    assert rows["cold"]["met"] is False and rows["cold"]["by"] == "+25%"
    assert rows["index"]["met"] is True and rows["index"]["by"] == ""


def test_register_adds_the_bench_subcommand():
    import argparse

    from assistant.cli import common_options

    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(), common_options())
    args = parser.parse_args(["bench", "--parts", "question,scale", "--sizes", "1,10", "--quick"])
    assert args.parts == ["question", "scale"] and args.sizes == [1, 10] and callable(args.handler)


@pytest.fixture()
def bench(monkeypatch):
    """``main`` with the bench subcommand plugged in, as the entry point will do."""
    import assistant.cli as cli

    real = cli.entry_points

    class Plugin:
        name = "bench"

        @staticmethod
        def load():
            return register

    monkeypatch.setattr(cli, "entry_points", lambda group: [*real(group=group), Plugin()]
                        if not any(e.name == "bench" for e in real(group=group)) else real(group=group))
    return main


def test_quick_bench_writes_every_part_of_the_report(bench, tmp_path, capsys):
    out = tmp_path / "report"
    code = bench(["bench", "--quick", "--model", "hash", "--parts", "question,index,scale", "--out-dir", str(out),
                  "--work-dir", str(tmp_path / "work"), "--no-progress", "--json", "-q"])
    assert code == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc["parts"]) == {"question", "index", "scale"}
    assert doc["command"].startswith("article-qa bench --parts question,index,scale")
    assert [r["articles"] for r in doc["parts"]["scale"]["sizes"]] == [1, 20, 60]
    adds = [r["add_one"] for r in doc["parts"]["scale"]["sizes"]]
    assert all(a["reembedded"] == a["new_sentences"] for a in adds)        # nothing else re-embedded
    md = (out / "BENCH.md").read_text()
    assert md.startswith("# article-qa benchmark") and "article-qa bench --parts" in md
    for heading in ("## Targets", "## 1. Per question", "## 3. Indexing throughput", "## 4. Scale"):
        assert heading in md
    for name in ("BENCH.json", "BENCH-latency-distribution.png", "BENCH-scale-latency.png", "BENCH-scale-memory.png"):
        assert (out / name).stat().st_size > 0


def test_quick_bench_cold_start_and_serving(bench, tmp_path, capsys):
    out = tmp_path / "report"
    code = bench(["bench", "--quick", "--model", "hash", "--parts", "cold,serve", "--out-dir", str(out),
                  "--work-dir", str(tmp_path / "work"), "--no-progress", "--json", "-q"])
    assert code == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["parts"]["cold"]["ratio"] > 0
    assert [lv["clients"] for lv in doc["parts"]["serve"]["levels"]] == [2, 4]
    assert all(lv["errors"] == 0 for lv in doc["parts"]["serve"]["levels"])
