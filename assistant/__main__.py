"""``python -m assistant`` runs the ``article-qa`` command line."""

import sys

from .cli import main

sys.exit(main())
