"""The ``article-qa`` command line: ``ask``, ``index``, ``add`` and ``articles`` here; later stages
(``eval``, ``serve``, ``bench`` ...) plug in through the ``article_qa.commands`` entry points, so
this stage never imports them and ``--help`` stays instant (heavy imports happen inside handlers).

Errors become one line on stderr and exit code 2 (bad input, usage errors included) or 1
(anything else).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from importlib.metadata import entry_points
from pathlib import Path

log = logging.getLogger("article_qa")
EXIT_INPUT = 2
EXIT_FAILURE = 1
_NOISY_LOGGERS = ("faiss", "faiss.loader", "bm25s", "sentence_transformers", "transformers", "httpx",
                  "urllib3", "filelock", "huggingface_hub", "matplotlib", "asyncio", "PIL")


class OneLineParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose usage errors are one line on stderr (exit code 2, as argparse's),
    naming ``--help`` instead of printing the usage block. Subcommand parsers inherit it."""

    def error(self, message: str):  # type: ignore[override]
        self.exit(EXIT_INPUT, f"{self.prog}: error: {message.splitlines()[0] if message else 'invalid usage'} "
                              f"(see {self.prog} --help)\n")


def common_options() -> argparse.ArgumentParser:
    """Options every subcommand shares (a parent parser). Defaults come from the environment."""
    p = argparse.ArgumentParser(add_help=False)
    g = p.add_argument_group("common options")
    g.add_argument("--corpus", type=Path, action="append", metavar="DIR",
                   help="article folder (repeatable; default: the bundled article plus added ones)")
    g.add_argument("--model", default=os.environ.get("ARTICLE_QA_MODEL"),
                   help="embedding model: multilingual-e5-small (default), all-MiniLM-L6-v2, a folder "
                        "or a Hugging Face name [env ARTICLE_QA_MODEL]")
    g.add_argument("--runtime", choices=["torch", "onnx", "onnx-int8"], default=os.environ.get("ARTICLE_QA_RUNTIME"),
                   help="where the model runs (default: onnx for the default model, torch otherwise; onnx-int8 is "
                        "fastest, slightly less accurate) "
                        "[env ARTICLE_QA_RUNTIME]")
    g.add_argument("--retriever", choices=["dense", "lexical", "hybrid"],
                   default=os.environ.get("ARTICLE_QA_RETRIEVER"), help="ranking method (default: hybrid)")
    g.add_argument("--index-dir", type=Path, default=None,
                   help="where saved indexes live [env ARTICLE_QA_INDEX_DIR; default: the user cache]")
    g.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    g.add_argument("-q", "--quiet", action="store_true", help="warnings and errors only")
    return p


class StderrHandler(logging.StreamHandler):
    """A log handler writing to whatever ``sys.stderr`` is when a record is logged, so that a
    caller that swaps it (a test capturing output, an embedding program) never leaves the logger
    writing to a closed stream."""

    @property
    def stream(self):  # type: ignore[override]
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def setup_logging(args: argparse.Namespace) -> None:
    level = logging.DEBUG if getattr(args, "verbose", False) else (
        logging.WARNING if getattr(args, "quiet", False) else logging.INFO)
    handler = StderrHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    for name in _NOISY_LOGGERS:
        logging.getLogger(name).setLevel(max(level, logging.WARNING))
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def load_assistant(args: argparse.Namespace, *, progress: bool = False, rebuild: bool = False):
    """Build the :class:`Assistant` the common options describe."""
    from assistant import Assistant

    return Assistant.load(args.corpus, model=args.model, runtime=getattr(args, "runtime", None),
                          retriever=args.retriever, index_dir=args.index_dir,
                          progress=progress, rebuild=rebuild)


# ---------------------------------------------------------------------- ask
def _emphasize(text: str, start: int, end: int, tty: bool) -> str:
    mark_open, mark_close = ("\033[1;33m", "\033[0m") if tty else ("**", "**")
    return text[:start] + mark_open + text[start:end] + mark_close + text[end:]


def render(answer, tty: bool = False) -> str:
    """The human form of an answer: framed cited sentences, the phrase, and where each is from."""
    lang = answer.lang
    if answer.abstained:
        return answer.text + f"\n({'keyakinan' if lang == 'id' else 'confidence'} {answer.confidence:.2f})"
    lines = [answer.text.splitlines()[0]]
    for n, c in enumerate(answer.citations, 1):
        text = c.text
        if n == 1 and answer.highlight_start is not None:
            text = _emphasize(text, answer.highlight_start - c.start, answer.highlight_end - c.start, tty)
        lines.append(f"{text} [{n}]")
    if answer.highlight:
        lines.append(("Jawaban: " if lang == "id" else "Answer: ") + answer.highlight)
    lines.append("")
    word = "kalimat" if lang == "id" else "sentence"
    for n, c in enumerate(answer.citations, 1):
        lines.append(f"[{n}] {answer.article_title}, {word} {c.sentence_id + 1} (chars {c.start}-{c.end})")
    lines.append(f"({'keyakinan' if lang == 'id' else 'confidence'} {answer.confidence:.2f})")
    return "\n".join(lines)


def check_utf8(value: str | None, what: str) -> None:
    """Refuse an argument that was not valid UTF-8: Python hands such bytes over as lone
    surrogates, which no output could print.

    Raises:
        InvalidQuestionError: naming ``what``.
    """
    from assistant.errors import InvalidQuestionError

    try:
        (value or "").encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidQuestionError(f"the {what} is not valid UTF-8 text; check the terminal's encoding") from None


def cmd_ask(args: argparse.Namespace) -> int:
    from assistant.qa import clean_question

    check_utf8(args.question, "question")
    for turn in args.history or []:
        check_utf8(turn, "history")
    check_utf8(args.article, "article id")
    clean_question(args.question)          # reject bad input before loading any model
    bot = load_assistant(args)
    answer = bot.ask(args.question, history=args.history or [], article_id=args.article, top_k=args.top_k)
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(render(answer, tty=sys.stdout.isatty()))
    return 0


# ---------------------------------------------------------------------- index / add / articles
def cmd_index(args: argparse.Namespace) -> int:
    import time

    started = time.perf_counter()
    bot = load_assistant(args, progress=not args.json, rebuild=args.force)
    info = {"articles": len(bot.corpus), "sentences": len(bot.index.sentences), "model": bot.index.model_id,
            "build_id": bot.index.manifest.get("build_id"), "created": bot.index.manifest.get("created"),
            "seconds": round(time.perf_counter() - started, 2)}
    print(json.dumps(info, indent=2) if args.json else
          f"index ready: {info['articles']} article(s), {info['sentences']} sentences, model {info['model']} "
          f"(built {info['created']}; {info['seconds']} s)")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from corpus import add_article
    from index import user_dirs

    folder = args.corpus[0] if args.corpus else user_dirs().articles
    article = add_article(args.file, folder)
    summary = {**article.summary(), "path": str(article.path)}
    print(json.dumps(summary, ensure_ascii=False, indent=2) if args.json else
          f"added {article.id!r} ({article.title}) to {folder}; the next question or "
          "'article-qa index' indexes it")
    return 0


def cmd_articles(args: argparse.Namespace) -> int:
    from corpus import BUNDLED_DIR, load_corpus
    from index import user_dirs

    dirs = user_dirs()
    folders = args.corpus or [BUNDLED_DIR] + ([dirs.articles] if dirs.articles.is_dir() else [])
    corpus = load_corpus(*folders)
    rows = [a.summary() for a in corpus]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for row in rows:
            print(f"{row['id']}\t{row['date'] or '-'}\t{row['title']}")
    return 0


# ---------------------------------------------------------------------- wiring
def build_parser() -> argparse.ArgumentParser:
    common = common_options()
    parser = OneLineParser(
        prog="article-qa", description="Ask questions about news articles; answers are the article's own "
                                       "sentences, cited.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ask = sub.add_parser("ask", parents=[common], help="answer one question")
    ask.add_argument("question")
    ask.add_argument("--history", action="append", metavar="EARLIER_QUESTION",
                     help="an earlier question of the conversation (repeat, oldest first)")
    ask.add_argument("--article", default=None, help="article id (default: the default article; '*': all)")
    ask.add_argument("--top-k", type=int, default=None, help="ranked candidates to return (default 5)")
    ask.add_argument("--json", action="store_true", help="print answer.to_dict() as JSON")
    ask.set_defaults(handler=cmd_ask)

    idx = sub.add_parser("index", parents=[common], help="build (or check) the saved index, with a progress bar")
    idx.add_argument("--force", action="store_true", help="rebuild even if the saved index is current")
    idx.add_argument("--json", action="store_true")
    idx.set_defaults(handler=cmd_index)

    add = sub.add_parser("add", parents=[common], help="add an article file (.txt/.md) to the corpus")
    add.add_argument("file", type=Path)
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=cmd_add)

    arts = sub.add_parser("articles", parents=[common], help="list the corpus's articles")
    arts.add_argument("--json", action="store_true")
    arts.set_defaults(handler=cmd_articles)

    for ep in sorted(entry_points(group="article_qa.commands"), key=lambda e: e.name):
        try:
            ep.load()(sub, common)
        except Exception as exc:  # noqa: BLE001 - a broken plugin must not break the core commands
            log.warning("the %r command is unavailable: %s", ep.name, exc)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``article-qa`` console script; returns the exit code."""
    from corpus.errors import ArticleQAError, CorpusError, UnknownArticleError

    parser = build_parser()
    args = parser.parse_args(argv)
    setup_logging(args)
    try:
        return int(args.handler(args) or 0)
    except (ValueError, CorpusError, UnknownArticleError) as exc:
        if not isinstance(exc, ArticleQAError) and not getattr(args, "verbose", False):
            log.debug("unexpected ValueError", exc_info=True)
        print(f"article-qa: error: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}", file=sys.stderr)
        return EXIT_INPUT
    except ArticleQAError as exc:
        print(f"article-qa: error: {str(exc).splitlines()[0]}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("article-qa: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"article-qa: error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
