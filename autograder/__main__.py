"""``python -m autograder`` is the same as ``alliance-course``."""

import sys

from autograder.cli import main

sys.exit(main())
