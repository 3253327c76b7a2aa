"""Where the project's shared data sets live for tests: ``../shared/data`` beside the repository (as on
developer machines and in CI), or ``$VERACITY_DATA``. Tests that need them skip when they are absent."""

import os
from pathlib import Path

SHARED_DATA = Path(os.environ.get("VERACITY_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
POLNEAR_DEV = SHARED_DATA / "polnear" / "data" / "dev"
