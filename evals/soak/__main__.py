"""``python -m evals.soak ...``: see :mod:`evals.soak.cli`."""

import sys

from .cli import main

sys.exit(main())
