"""Conflicts panels are computed when a document is stored, kept in the store, and marked stale (served at
once, computed again) when a later document about the same people arrives."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from conftest import STORY_DIR, client_for

from veracity.store import open_store

pytestmark = pytest.mark.integration


def _stored_panel(store: Path, doc_id: str) -> tuple[dict, bool]:
    """Wait for the panel the server computes by itself after storing the document (no view asks for it)."""
    while True:
        with open_store(store) as opened:
            found = opened.panel(doc_id)
        if found is not None and not found[1]:
            return found
        time.sleep(0.2)


def test_a_panel_is_ready_before_anyone_asks_and_goes_stale_when_a_related_story_arrives(tmp_path: Path) -> None:
    store = tmp_path / "store.db"
    first, second = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(STORY_DIR.glob("*.jsonl"))[:2]]
    with client_for(store, inline_wait_s=120.0) as client:
        a = client.post("/documents", json={k: first[k] for k in ("text", "published", "title", "url", "outlet")})
        assert a.status_code == 201, a.text
        a_id = a.json()["id"]
        panel, _ = _stored_panel(store, a_id)
        assert [d["id"] for d in panel["documents"]] == [a_id]

        b = client.post("/documents", json={k: second[k] for k in ("text", "published", "title", "url", "outlet")})
        assert b.status_code == 201, b.text
        b_id = b.json()["id"]
        _stored_panel(store, b_id)  # computing B's panel compares it with A, so A's is now stale
        with open_store(store) as opened:
            assert opened.panel(a_id)[1] is True  # type: ignore[index]

        at_once = client.get(f"/dossiers/{a_id}/links")
        assert at_once.status_code == 200 and at_once.json()["stale"] is True
        assert b_id not in [d["id"] for d in at_once.json()["documents"]]
        fresh = client.get(f"/dossiers/{a_id}/links", params={"wait": 60})
        assert fresh.status_code == 200 and fresh.json()["stale"] is False
        assert b_id in [d["id"] for d in fresh.json()["documents"]]
        assert fresh.json()["variants"], "the second outlet printed the same quotes in other words"
