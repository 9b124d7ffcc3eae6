"""``python -m evals SET.jsonl ...`` is ``article-qa eval SET.jsonl ...``."""

import sys

from assistant.cli import main

sys.exit(main(["eval", *sys.argv[1:]]))
