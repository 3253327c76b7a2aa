"""Fixtures for the web app: an app over a fresh store, driven in-process (TestClient) or over a real socket."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from veracity.web import WebSettings, create_app

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE = ROOT / "examples" / "leak-story.txt"
STORY_DIR = ROOT / "examples" / "story"


def story_jsonl() -> str:
    """The bundled three-outlet story as one JSONL batch."""
    return "".join(p.read_text(encoding="utf-8").strip() + "\n" for p in sorted(STORY_DIR.glob("*.jsonl")))


def client_for(store: Path, **options: object) -> TestClient:
    options.setdefault("warm_up", False)
    return TestClient(create_app(WebSettings(store=str(store), **options)), raise_server_exceptions=False)  # type: ignore[arg-type]


@pytest.fixture
def bare_client(tmp_path: Path) -> Iterator[TestClient]:
    """An app whose pipeline is never loaded: for limits, auth, validation."""
    with client_for(tmp_path / "bare.db", max_upload_bytes=4096) as client:
        yield client


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, str]]]:
    """An app with the example story, the XSS story and a fact-check stored; ids by name."""
    store = tmp_path_factory.mktemp("web") / "store.db"
    with client_for(store, inline_wait_s=120.0) as client:
        ids = {}
        example = client.post("/documents", json={"text": EXAMPLE.read_text(encoding="utf-8"),
                                                  "published": "2025-07-09"})
        assert example.status_code == 201, example.text
        ids["example"] = example.json()["id"]
        xss = client.post("/documents", json={"text": (FIXTURES / "xss-story.txt").read_text(encoding="utf-8"),
                                              "published": "2025-07-09", "url": "javascript:window.__xss=1"})
        assert xss.status_code == 201, xss.text
        ids["xss"] = xss.json()["id"]
        checks = client.post("/factchecks", content=(FIXTURES / "hale-factcheck.jsonld").read_bytes(),
                             headers={"Content-Type": "application/ld+json"})
        assert checks.status_code == 201, checks.text
        yield client, ids
