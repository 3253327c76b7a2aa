"""Helpers the web tests share (imported by name: tests/web is on the path of its own tests)."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

WAIT_S = 180  # how long a page or a server may take to show something before a test gives up (not a timing assertion)


def wait_for_job(client: Any, job_id: str) -> dict:
    """Poll a job until it ends (the worker finishes it; no time limit is asserted)."""
    while True:
        job = client.get(f"/jobs/{job_id}").json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.2)


def body_of(response: Any) -> dict:
    return json.loads(response.text)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def call(base: str, path: str, body: bytes | None = None, content_type: str | None = None) -> Any:
    request = urllib.request.Request(base + path, data=body, method="POST" if body is not None else "GET")
    if content_type:
        request.add_header("Content-Type", content_type)
    with urllib.request.urlopen(request, timeout=WAIT_S) as answer:
        return json.loads(answer.read())


def start_server(folder: Path, port: int, ready: Callable[[dict], bool], options: tuple[str, ...] = ()
                 ) -> subprocess.Popen[bytes]:
    """`veracity serve` (with ``options``) in a process of its own over the store ``folder/store.db``, once
    ``ready(/health)``."""
    log = (folder / "server.log").open("a")
    env = {k: v for k, v in os.environ.items() if k != "VERACITY_TOKEN"}
    process = subprocess.Popen([sys.executable, "-m", "veracity.cli", "serve", "--store", str(folder / "store.db"),
                                "--port", str(port), *options], stdout=log, stderr=subprocess.STDOUT, env=env)
    log.close()
    deadline = time.monotonic() + WAIT_S
    while True:
        try:
            if ready(call(f"http://127.0.0.1:{port}", "/health")):
                return process
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("the server did not start: " + (folder / "server.log").read_text())
        time.sleep(0.5)


@contextlib.contextmanager
def running_server(folder: Path, ready: Callable[[dict], bool]) -> Iterator[str]:
    """A server (see ``start_server``) on a free port; yields its base URL and stops it afterwards."""
    port = free_port()
    process = start_server(folder, port, ready)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(30)
