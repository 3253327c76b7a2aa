"""The API keeps its published contract: schemathesis, a real OpenAPI fuzzer, against a live `veracity serve`.

Every check schemathesis has (no server error, documented statuses and content types, response bodies
matching their schemas, schema-valid requests accepted and schema-violating ones refused, …) over every
operation in ``/openapi.json``, from a fixed seed, within a time budget. The one relaxation is written,
with its reason, in ``schemathesis.toml`` beside this file.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import story_jsonl
from web_helpers import call, running_server

pytestmark = pytest.mark.integration
CONFIG = Path(__file__).with_name("schemathesis.toml")
BUDGET_S = 120  # schemathesis stops generating after this long; the seed keeps the cases the same run to run


def test_every_route_keeps_the_published_contract(tmp_path: Path) -> None:
    with running_server(tmp_path, lambda health: bool(health["models_loaded"])) as base:
        batch = call(base, "/documents", story_jsonl().encode(), "application/x-ndjson")["job"]
        while call(base, f"/jobs/{batch['id']}")["status"] not in ("done", "failed"):
            time.sleep(0.3)
        run = subprocess.run(
            [sys.executable, "-m", "schemathesis.cli", "--config-file", str(CONFIG), "run", f"{base}/openapi.json",
             "--checks", "all", "--max-examples", "10", "--max-time", str(BUDGET_S), "--workers", "1",
             "--seed", "1", "--report-dir", str(tmp_path / "report")],
            capture_output=True, text=True, cwd=tmp_path, check=False)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
