"""``article-qa eval``: run the assistant over question sets and score it.

Plugged into the core CLI through the ``article_qa.commands`` entry point (``register``). Only
argparse is imported here at load time, so ``article-qa --help`` stays instant; the model,
ranx and matplotlib are imported inside the handler.

    article-qa eval evals/questions/dev.jsonl --out /tmp/r.jsonl --report reports/dev/REPORT.md
    article-qa eval evals/questions/dev.jsonl --compare retriever=lexical \\
        --compare "model=all-MiniLM-L6-v2,retriever=dense" --json
"""

from __future__ import annotations

import argparse
import json
import logging
import shlex
from pathlib import Path

log = logging.getLogger("article_qa.eval")
MIN_TOP_K = 5
MIN_RESAMPLES = 1000


def _top_k(text: str) -> int:
    value = int(text)
    if value < MIN_TOP_K:
        raise argparse.ArgumentTypeError(f"must be at least {MIN_TOP_K} (MRR@5 and nDCG@5 need five ranked citations)")
    return value


def _resamples(text: str) -> int:
    value = int(text)
    if value < MIN_RESAMPLES:
        raise argparse.ArgumentTypeError(f"must be at least {MIN_RESAMPLES}")
    return value


def register(subparsers, common: argparse.ArgumentParser) -> None:
    """Add the ``eval`` subcommand (called by :func:`assistant.cli.build_parser`).

    Args:
        subparsers: the core parser's subparsers action.
        common: the shared options (``--model``, ``--retriever``, ``--corpus``, ``--index-dir``,
            ``-v``, ``-q``) as a parent parser.
    """
    p = subparsers.add_parser(
        "eval", parents=[common], help="score the assistant on question sets (JSONL)",
        description="Run the assistant over question sets and report retrieval, abstention and "
                    "highlight metrics with bootstrap 95% intervals. The base configuration comes from "
                    "--model/--retriever; each --compare adds one more, run on the same questions.")
    p.add_argument("questions", nargs="+", type=Path, metavar="SET.jsonl", help="question set(s), in order")
    p.add_argument("--out", type=Path, metavar="RESULTS.jsonl",
                   help="per-question results of the base configuration (others: RESULTS.<config>.jsonl)")
    p.add_argument("--report", type=Path, metavar="REPORT.md",
                   help="write the Markdown report, REPORT.json and the PNG figures beside it")
    p.add_argument("--compare", action="append", default=[], metavar="SPEC",
                   help="another configuration, e.g. 'model=all-MiniLM-L6-v2,retriever=dense' (keys: model, "
                        "retriever, name; unnamed keys come from the base; repeatable)")
    p.add_argument("--top-k", type=_top_k, default=MIN_TOP_K,
                   help=f"ranked citations kept per question (default and minimum {MIN_TOP_K})")
    p.add_argument("--resamples", type=_resamples, default=None,
                   help=f"bootstrap resamples (default 2000, minimum {MIN_RESAMPLES})")
    p.add_argument("--seed", type=int, default=None, help="bootstrap seed (fixed by default)")
    p.add_argument("--json", action="store_true", help="print the metrics JSON (as in REPORT.json) to stdout")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(handler=cmd_eval)

    t = subparsers.add_parser(
        "tune", parents=[common], help="fit the ranker and the abstention threshold on a dev question set",
        description="Fit the hybrid ranker's weights and the confidence calibration (with the abstention "
                    "threshold) on dev questions, and save them with the index manifest so the chat serves "
                    "what the evaluation chose. Never tune on a test set.")
    t.add_argument("questions", nargs="+", type=Path, metavar="DEV.jsonl")
    t.add_argument("--max-false-abstain", type=float, default=0.03,
                   help="share of answerable dev questions the threshold may abstain on (default 0.03)")
    t.add_argument("--l2", type=float, default=1.0, help="ridge penalty of the fits (default 1.0)")
    t.add_argument("--ship", action="store_true",
                   help="also write the fit into the package's defaults (assistant/ranker.json, calibration.json)")
    t.add_argument("--json", action="store_true", help="print the fitted ranker and calibration as JSON")
    t.set_defaults(handler=cmd_tune)


def results_path(out: Path, slug: str, first: bool) -> Path:
    """The base configuration writes ``out``; another writes ``out`` with its slug before the suffix."""
    return out if first else out.with_name(f"{out.stem}.{slug}{out.suffix or '.jsonl'}")


def command_line(args: argparse.Namespace) -> str:
    """The command that reproduces this evaluation (options that change numbers only)."""
    parts = ["article-qa", "eval", *map(str, args.questions)]
    for flag, value in (("--model", args.model), ("--retriever", args.retriever), ("--index-dir", args.index_dir)):
        if value is not None:
            parts += [flag, str(value)]
    for folder in args.corpus or []:
        parts += ["--corpus", str(folder)]
    for spec in args.compare:
        parts += ["--compare", spec]
    if args.top_k != MIN_TOP_K:
        parts += ["--top-k", str(args.top_k)]
    for flag, value in (("--resamples", args.resamples), ("--seed", args.seed)):
        if value is not None:
            parts += [flag, str(value)]
    return " ".join(shlex.quote(p) for p in parts)


def cmd_eval(args: argparse.Namespace) -> int:
    """Load the questions (failing fast on a bad line), run every configuration, write and print."""
    from assistant import Assistant
    from index import load_embedder, user_dirs

    from .configs import base_config, build_configs
    from .datasets import load_questions
    from .report import render_summary, write_report
    from .runner import run_questions, write_results
    from .scorecard import ConfigRun, annotate, build_document, question_sets
    from .stats import DEFAULT_RESAMPLES, DEFAULT_SEED

    questions = load_questions(*args.questions)
    configs = build_configs(base_config(args.model, args.retriever), args.compare)
    for target in (args.out, args.report):     # fail on an unusable folder now, not after the run
        if target is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
    embedders: dict[str, object] = {}
    runs: list[ConfigRun] = []
    for n, config in enumerate(configs):
        embedder = None
        if config.retriever != "lexical":       # lexical ranking needs no model
            key = config.model.lower()
            if key not in embedders:            # each model is loaded once and shared
                embedders[key] = load_embedder(config.model, user_dirs().models, runtime=args.runtime)
            embedder = embedders[key]
        bot = Assistant.load(args.corpus, model=config.model, retriever=config.retriever,
                             index_dir=args.index_dir, embedder=embedder)
        log.info("evaluating %s on %d questions", config.label, len(questions))
        records = run_questions(bot, questions, top_k=args.top_k, config=config.label,
                                progress=not (args.no_progress or args.quiet))
        threshold = bot.config.abstain_threshold
        run = ConfigRun(config, records, model_id=embedder.model_id if embedder else None,
                        calibration=bot.calibration.source,
                        threshold=bot.calibration.threshold if threshold is None else threshold)
        annotate(records, run.scored())
        if args.out:
            run.results_path = str(write_results(records, results_path(args.out, config.slug, n == 0)))
        runs.append(run)

    resamples = args.resamples or DEFAULT_RESAMPLES
    seed = DEFAULT_SEED if args.seed is None else args.seed
    doc = build_document(runs, sets=question_sets(args.questions, questions), top_k=args.top_k,
                         resamples=resamples, seed=seed, command=command_line(args))
    if args.report:
        paths = write_report(doc, args.report)
        log.info("report written: %s (and %s)", paths["markdown"],
                 ", ".join(p.name for k, p in paths.items() if k != "markdown"))
    if args.json:
        print(json.dumps(doc, ensure_ascii=False, indent=1))
    else:
        print(render_summary(doc))
    return 0


def cmd_tune(args: argparse.Namespace) -> int:
    """Fit on dev questions, save with the index manifest (and, with --ship, as package defaults)."""
    from assistant import Assistant
    from assistant.confidence import save_shipped as ship_calibration
    from assistant.rerank import save_shipped as ship_ranker
    from index.persist import update_extra

    from .datasets import QuestionSetError, load_questions
    from .tune import tune

    for path in args.questions:
        if "test" in path.name.lower():
            raise QuestionSetError("tuning on a test set would leak it into the reported numbers; "
                                   "tune on dev questions", path)
    questions = load_questions(*args.questions)
    bot = Assistant.load(args.corpus, model=args.model, runtime=args.runtime, retriever=args.retriever,
                         index_dir=args.index_dir)
    source = f"{', '.join(p.name for p in args.questions)} ({len(questions)} questions)"
    tuned = tune(bot, questions, source=source, l2=args.l2, max_false_abstain=args.max_false_abstain)
    model = bot.embedder.model_id if bot.embedder else "none"
    key = bot.calibration_key
    update_extra(bot.index, "calibration", {**bot.index.extra.get("calibration", {}), key: tuned.calibration.to_dict()})
    if tuned.ranker is not None:
        update_extra(bot.index, "ranker", {**bot.index.extra.get("ranker", {}), model: tuned.ranker.to_dict()})
    if args.ship:
        ship_calibration(key, tuned.calibration)
        if tuned.ranker is not None:
            ship_ranker(model, tuned.ranker)
    result = {"calibration_key": key, "calibration": tuned.calibration.to_dict(),
              "ranker": tuned.ranker.to_dict() if tuned.ranker else None, "shipped": bool(args.ship),
              "ranker_grouped_hit1": tuned.ranker_grouped_hit1}
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        stats = tuned.calibration.stats
        print(f"tuned {key} on {source}: threshold {tuned.calibration.threshold:.3f} "
              f"(dev, out of fold: {stats['dev_abstain_recall']:.0%} of unanswerable abstained, "
              f"{stats['dev_false_abstain']:.0%} of answerable wrongly abstained); saved with the index"
              + (" and shipped as the package default" if args.ship else ""))
    return 0
