"""``python -m graph.cli``: the same as the ``dramagraph`` command (the benchmarks and tests run it this way)."""

import sys

from . import main

sys.exit(main())
