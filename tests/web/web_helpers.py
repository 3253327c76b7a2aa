"""Helpers the web tests share (imported by name: tests/web is on the path of its own tests)."""

from __future__ import annotations

import json
import time
from typing import Any


def wait_for_job(client: Any, job_id: str) -> dict:
    """Poll a job until it ends (the worker finishes it; no time limit is asserted)."""
    while True:
        job = client.get(f"/jobs/{job_id}").json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.2)


def body_of(response: Any) -> dict:
    return json.loads(response.text)
