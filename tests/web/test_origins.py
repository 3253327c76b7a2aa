"""Forged writes and DNS rebinding (issue 18): a page from another site cannot write to the server, and a
request for a host name the server does not answer to gets nothing; a wrong id is told what ids look like."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from veracity.web import WebSettings, create_app
from veracity.web.origins import host_names

pytestmark = pytest.mark.unit
STORY = "The mayor said on Monday that the library would reopen."


def client_for(store: Path, **options: object) -> TestClient:
    """An app seen from a browser at http://127.0.0.1:8080, as `veracity serve` starts it."""
    settings = WebSettings(store=str(store), warm_up=False, host_names=host_names("127.0.0.1"), **options)  # type: ignore[arg-type]
    return TestClient(create_app(settings), base_url="http://127.0.0.1:8080", raise_server_exceptions=False)


@pytest.fixture
def local(tmp_path: Path) -> Iterator[TestClient]:
    """A server as `veracity serve` starts it on 127.0.0.1:8080."""
    with client_for(tmp_path / "s.db") as client:
        yield client


def test_a_no_cors_post_from_another_port_is_refused_and_nothing_is_stored(local: TestClient) -> None:
    """What a page at http://127.0.0.1:9999 sends with fetch(url, {mode: "no-cors", body: text})."""
    forged = local.post("/documents", content=STORY, headers={
        "content-type": "text/plain;charset=UTF-8", "origin": "http://127.0.0.1:9999", "sec-fetch-site": "same-site"})
    assert forged.status_code == 403 and "another site may not write" in forged.json()["message"]
    multipart = local.post("/factchecks", files={"file": ("r.json", b"{}", "application/json")},
                           headers={"origin": "https://attacker.example", "sec-fetch-site": "cross-site"})
    assert multipart.status_code == 403
    assert local.get("/search", params={"q": "library", "mode": "text"}).json()["hits"] == []


def test_an_opaque_origin_and_a_cross_site_fetch_without_origin_are_refused(local: TestClient) -> None:
    assert local.post("/documents", content=STORY, headers={"origin": "null"}).status_code == 403
    assert local.post("/documents", content=STORY, headers={"sec-fetch-site": "cross-site"}).status_code == 403


def test_the_servers_own_page_and_clients_that_are_not_browsers_may_write(local: TestClient) -> None:
    own = local.post("/documents", content=b"x", headers={"origin": "http://127.0.0.1:8080",
                                                           "sec-fetch-site": "same-origin"})
    script = local.post("/documents", content=b"x")  # curl: no Origin, no Sec-Fetch-Site
    assert own.status_code != 403 and script.status_code != 403


def test_an_origin_allowed_with_cors_origin_may_write(tmp_path: Path) -> None:
    with client_for(tmp_path / "s.db", cors_origins=("https://desk.example",)) as client:
        allowed = client.post("/documents", content=b"x", headers={"origin": "https://desk.example"})
        other = client.post("/documents", content=b"x", headers={"origin": "https://other.example"})
    assert allowed.status_code != 403 and other.status_code == 403


def test_a_rebound_host_name_gets_nothing(local: TestClient) -> None:
    """DNS rebinding: attacker.example resolves to 127.0.0.1, the browser sends Host: attacker.example:8080."""
    answer = local.get("/search", params={"q": "library"}, headers={"host": "attacker.example:8080"})
    assert answer.status_code == 421
    assert "does not answer to the host name 'attacker.example'" in answer.json()["message"]
    assert answer.headers["x-content-type-options"] == "nosniff"  # still with the security headers
    for host in ("localhost:8080", "127.0.0.1:8080", "[::1]:8080"):
        assert local.get("/health", headers={"host": host}).status_code == 200


def test_host_names_follow_the_address_the_server_is_bound_to() -> None:
    assert host_names("127.0.0.1") == ("localhost", "127.0.0.1", "::1")
    assert host_names("10.0.0.5", ("veracity.newsroom.example",)) == ("10.0.0.5", "veracity.newsroom.example")
    assert host_names("0.0.0.0") is None and host_names("0.0.0.0", ("desk.example",)) == ("desk.example",)


def test_an_id_of_the_wrong_shape_is_said_in_words_not_as_a_pattern(local: TestClient) -> None:
    answer = local.get("/dossiers/doc-XYZ")
    assert answer.status_code == 422
    message = answer.json()["message"]
    assert "'doc-XYZ' is not an id this server gives out: a dossier id looks like doc-0123456789ab" in message
    assert "^doc-" not in message and "pattern" not in message
