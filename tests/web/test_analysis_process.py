"""The server's analyses in a process of their own (``veracity serve``): the same dossiers as on the job
thread, sentence vectors computed there, the process at a lower priority, and gone when the app stops."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from web_helpers import WAIT_S, free_port, start_server

from veracity.ingest import load_bytes
from veracity.model import Document
from veracity.store.vectors import texts_to_embed
from veracity.web.analysis import NICENESS, AnalysisInThread, AnalysisProcess

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from harness import child_pids  # noqa: E402  (the benchmarks' way of listing a process's children)

pytestmark = pytest.mark.integration

STORY = ('"We will not resign," the mayor, Ana Lind, told reporters on Monday. A spokesman for the council said '
         'the recording was "selectively edited".')


def _loaded(text: str, source: str) -> Document:
    return load_bytes(text.encode(), source=source, media_type="text/plain", published="2026-03-14")


def test_the_process_gives_the_dossiers_and_vectors_the_job_thread_gives() -> None:
    batches = [[_loaded(STORY, "a.txt")], [_loaded("Nothing was said here.", "b.txt")]]
    process = AnalysisProcess()
    try:
        remote = list(process.run_batches(batches))
        workers = list(process._executor._processes.values())  # type: ignore[union-attr]
        assert [os.getpriority(os.PRIO_PROCESS, w.pid) for w in workers] == [os.getpriority(os.PRIO_PROCESS, 0)
                                                                           + NICENESS]
    finally:
        process.close()
    assert process._executor is None and not any(w.is_alive() for w in workers)
    local = list(AnalysisInThread().run_batches([[_loaded(STORY, "a.txt")], [_loaded("Nothing was said here.",
                                                                                       "b.txt")]]))
    assert [[d.to_dict() for d, _ in b.documents] for b in remote] == [[d.to_dict() for d, _ in b.documents]
                                                                      for b in local]
    (doc, vectors), = remote[0].documents
    assert doc.quotes and vectors is not None
    assert [key for _, key, _ in vectors] == [key for key, _ in texts_to_embed(doc)]
    assert all(np.frombuffer(v, np.float16).shape == (384,) for _, _, v in vectors)
    assert all(b.failures == [] for b in remote)


def test_the_analysis_process_ends_with_a_server_killed_outright(tmp_path: Path) -> None:
    # An orphan would keep the models' half gigabyte for good, and SIGKILL gives the server no say.
    server = start_server(tmp_path, free_port(), lambda health: bool(health["models_loaded"]), ("--analysis-process",))
    children = child_pids(server.pid)
    assert children, "no analysis process beside the server"
    server.send_signal(signal.SIGKILL)
    server.wait(30)
    deadline = time.monotonic() + WAIT_S
    while any(Path(f"/proc/{pid}").exists() for pid in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(Path(f"/proc/{pid}").exists() for pid in children)

