"""``python -m veracity.cli``: the ``veracity`` command."""

import sys

from veracity.cli.main import main

sys.exit(main())
