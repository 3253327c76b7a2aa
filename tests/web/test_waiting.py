"""Requests that wait for a job hold no thread (issue 18, item 2): with the server's worker threads cut to
four, twelve requests waiting for a dossier's links still leave /health free to answer at once."""

from __future__ import annotations

import threading
from pathlib import Path

import anyio
import httpx
import pytest
from anyio.to_thread import current_default_thread_limiter

from veracity.web import WebSettings, create_app

pytestmark = pytest.mark.unit
WAITERS = 12


def test_waiting_requests_leave_the_threads_to_everyone_else(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app(WebSettings(store=str(tmp_path / "s.db"), warm_up=False))
    release = threading.Event()
    analyst = app.state.analyst
    monkeypatch.setattr(type(app.state.stores.get()), "contains", lambda self, dossier_id: True)
    monkeypatch.setattr(type(app.state.stores.get()), "panel", lambda self, dossier_id: None)
    monkeypatch.setattr(analyst, "links", lambda job, dossier_id: release.wait(30) and {"links": []})
    finished: list[str] = []

    async def scenario() -> None:
        current_default_thread_limiter().total_tokens = 4
        transport = httpx.ASGITransport(app=app)
        async with app.router.lifespan_context(app), \
                httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:

            async def wait_for_links() -> None:
                answer = await client.get("/dossiers/doc-0123456789ab/links", params={"wait": 3}, timeout=60)
                assert answer.status_code in (200, 202), answer.text
                finished.append("waiter")

            async with anyio.create_task_group() as group:
                for _ in range(WAITERS):
                    group.start_soon(wait_for_links)
                await anyio.sleep(0.5)  # every waiter is in
                health = await client.get("/health", timeout=60)
                finished.append("health")
                release.set()
            assert health.status_code == 200

    anyio.run(scenario)
    # Had each waiter held one of the four threads, /health would have answered only after they gave up.
    assert finished[0] == "health" and finished.count("waiter") == WAITERS
