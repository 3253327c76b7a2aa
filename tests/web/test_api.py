"""The HTTP API, driven in-process with FastAPI's TestClient: what users and attackers can send and get back."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import EXAMPLE, FIXTURES, ROOT, client_for, story_jsonl
from fastapi.testclient import TestClient
from web_helpers import body_of, wait_for_job

from veracity.model import dossier_json_schema
from veracity.web.security import CONTENT_SECURITY_POLICY

pytestmark = pytest.mark.integration
STATIC = ROOT / "src" / "veracity" / "web" / "static"


def _nodes(tree: list) -> list[dict]:
    """Every element node of a paragraph tree, depth first."""
    found = []
    for node in tree:
        if isinstance(node, dict):
            found.append(node)
            found.extend(_nodes(node["children"]))
    return found


def _text(tree: list) -> str:
    return "".join(n if isinstance(n, str) else _text(n["children"]) for n in tree)


# --- documents in, dossiers out ---------------------------------------------------------------------------


def test_a_pasted_story_becomes_a_stored_dossier_in_the_schema(analysed: tuple[TestClient, dict]) -> None:
    client, ids = analysed
    dossier = client.get(f"/dossiers/{ids['example']}")
    assert dossier.status_code == 200
    schema = dossier_json_schema()
    jsonschema.validate(dossier.json(), schema)
    speakers = {q["speaker"]["name"] for q in dossier.json()["quotes"] if q["speaker"]}
    assert {"Victor Hale", "Lena Varga"} <= speakers
    again = client.post("/documents", json={"text": EXAMPLE.read_text(encoding="utf-8"), "published": "2025-07-09"})
    assert again.status_code == 200 and again.json() == {"id": ids["example"], "status": "unchanged",
                                                          "dossier": f"/dossiers/{ids['example']}"}


def test_the_view_nests_quotes_inside_their_parents_in_speaker_colours(analysed: tuple[TestClient, dict]) -> None:
    client, ids = analysed
    view = client.get(f"/dossiers/{ids['example']}/view").json()
    marks = [n for p in view["paragraphs"] for n in _nodes(p) if n["tag"] == "mark"]
    nested = [m for m in marks if "nested" in m["attrs"]["class"].split()]
    assert nested, "the inner quotes of Hale's dinner story are marked as nested"
    outer = [m for m in marks if any(n in _nodes(m["children"]) for n in nested)]
    assert outer, "a nested mark sits inside its parent's mark"
    colours = {m["attrs"]["class"].split()[1] for m in marks}
    assert len(colours) >= 2
    people = {p["name"]: p for p in view["people"]}
    assert people["Lena Varga"]["quotes"] and people["Victor Hale"]["quotes"]
    addressees = {q["addressee"] for p in view["people"] for q in p["quotes"]}
    assert "donors" in addressees
    assert view["timeline"] and view["timeline"]["bars"]


def test_a_batch_is_a_job_with_progress_and_per_line_errors(tmp_path: Path) -> None:
    batch = story_jsonl() + "{not json\n"
    with client_for(tmp_path / "s.db") as client:
        answer = client.post("/documents", files={"file": ("story.jsonl", batch.encode(), "application/x-ndjson")})
        assert answer.status_code == 202
        assert answer.headers["location"] == f"/jobs/{answer.json()['job']['id']}"
        job = wait_for_job(client, answer.json()["job"]["id"])
        assert job["status"] == "done"
        assert job["progress"] == {"done": 4, "total": 4}
        assert len(job["documents"]) == 3 and {d["status"] for d in job["documents"]} == {"added"}
        assert [e["source"] for e in job["errors"]] == ["upload:story.jsonl:4"]
        assert "not valid JSON" in job["errors"][0]["message"]
        hits = client.get("/search", params={"q": "Varga"}).json()["hits"]
        assert any(h["outlet"] == "Nordpress" for h in hits)
        by_words = client.get("/search", params={"q": "Varga", "mode": "text"}).json()
        assert by_words["mode"] == "text" and {h["matched"] for h in by_words["hits"]} == {"text"}
        by_meaning = client.get("/search", params={"q": "threatened to attack a neighbouring country's capital",
                                                   "mode": "meaning"}).json()["hits"]
        assert by_meaning and {h["matched"] for h in by_meaning} == {"meaning"}
        person = client.get("/people/Varga").json()
        assert person["quotes"] and all(q["speaker"] == "Lena Varga" for q in person["quotes"])
        quotes = client.get(f"/dossiers/{job['documents'][0]['id']}").json()["quotes"]
        person_id = next(q["speaker"]["id"] for q in quotes if q["speaker"])
        by_id = client.get(f"/people/{person_id}").json()
        assert by_id["quotes"] and by_id["names"]


def test_an_uploaded_html_file_is_read_as_a_page(analysed: tuple[TestClient, dict]) -> None:
    client, _ = analysed
    page = ("<html><head><title>Port deal</title></head><body><article><h1>Port deal signed</h1>"
            "<p>\"We signed the port deal on Friday,\" the harbour master, Tom Reyes, said in a statement.</p>"
            "<p>The deal covers three terminals and runs for ten years, officials said on Friday.</p>"
            "</article></body></html>")
    answer = client.post("/documents", files={"file": ("port.html", page.encode(), "text/html")},
                         data={"published": "2025-07-01"})
    assert answer.status_code == 201, answer.text
    dossier = client.get(answer.json()["dossier"]).json()
    assert dossier["metadata"]["input_format"] == "html"
    assert dossier["metadata"]["source"] == "upload:port.html"
    assert "<p>" not in dossier["text"]


# --- escaping ------------------------------------------------------------------------------------------------


def test_markup_in_a_story_stays_text_in_the_view(analysed: tuple[TestClient, dict]) -> None:
    client, ids = analysed
    view = client.get(f"/dossiers/{ids['xss']}/view").json()
    text = "\n".join(_text(p) for p in view["paragraphs"])
    assert "<script>window.__xss = 1</script>" in text
    assert '<a href="javascript:window.__xss=1">' in text
    nodes = [n for p in view["paragraphs"] for n in _nodes(p)]
    assert {n["tag"] for n in nodes} <= {"mark", "span"}
    allowed = {"class", "id", "data-quote", "title", "data-tip", "tabindex", "aria-describedby"}
    assert all(set(n["attrs"]) <= allowed for n in nodes)
    assert view["metadata"]["url"] == "javascript:window.__xss=1" and view["metadata"]["safe_url"] is None


def test_the_page_builds_no_markup_from_strings_and_forbids_inline_script(bare_client: TestClient) -> None:
    for script in ("app.js", "docs.js"):
        source = (STATIC / script).read_text(encoding="utf-8")
        assert "innerHTML" not in source and "outerHTML" not in source and "insertAdjacentHTML" not in source
        assert "eval(" not in source and "document.write" not in source
    page = bare_client.get("/")
    assert page.status_code == 200
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY and "'unsafe-inline'" not in CONTENT_SECURITY_POLICY
    assert page.headers["x-content-type-options"] == "nosniff"


def test_api_docs_are_served_without_a_cdn(bare_client: TestClient) -> None:
    docs = bare_client.get("/docs")
    assert docs.status_code == 200
    assert "<script" in docs.text and "cdn" not in docs.text.lower()
    assert 'src="/static/docs.js"' in docs.text and "https://" not in docs.text
    spec = bare_client.get("/openapi.json").json()
    assert {"/documents", "/dossiers/{dossier_id}", "/search", "/people/{person}", "/factchecks", "/health",
            "/jobs/{job_id}"} <= set(spec["paths"])
    assert "multipart/form-data" in spec["paths"]["/documents"]["post"]["requestBody"]["content"]
    assert bare_client.get("/redoc").status_code == 404


# --- limits and validation -------------------------------------------------------------------------------------


def test_a_body_over_the_limit_is_refused_with_413(bare_client: TestClient) -> None:
    big = "word " * 2000
    answer = bare_client.post("/documents", json={"text": big})
    assert answer.status_code == 413
    assert answer.json()["error"] == "payload too large" and "4,096 bytes" in answer.json()["message"]
    upload = bare_client.post("/documents", files={"file": ("big.txt", big.encode(), "text/plain")})
    assert upload.status_code == 413


def test_a_streamed_body_without_a_length_is_cut_off_at_the_limit(bare_client: TestClient) -> None:
    def chunks():
        for _ in range(10):
            yield b"x" * 1000

    answer = bare_client.post("/documents", content=chunks(), headers={"Content-Type": "text/plain"})
    assert answer.status_code == 413
    assert "larger than this server accepts" in answer.json()["message"]


@pytest.mark.parametrize(("content_type", "body"), [
    ("application/pdf", b"%PDF-1.7"),
    ("image/png", b"\x89PNG\r\n"),
    ("application/xml", b"<a/>"),
])
def test_a_body_of_the_wrong_type_is_refused_with_415(bare_client: TestClient, content_type: str, body: bytes) -> None:
    answer = bare_client.post("/documents", content=body, headers={"Content-Type": content_type})
    assert answer.status_code == 415
    assert "text/plain" in answer.json()["message"]


def test_an_upload_of_the_wrong_type_is_refused_with_415(bare_client: TestClient) -> None:
    pdf = bare_client.post("/documents", files={"file": ("report.pdf", b"%PDF-1.7 ...", "application/pdf")})
    assert pdf.status_code == 415
    disguised = bare_client.post("/documents", files={"file": ("story.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
                                                               "text/plain")})
    assert disguised.status_code == 415, disguised.text
    reviews = bare_client.post("/factchecks", content=b"<ClaimReview/>", headers={"Content-Type": "text/xml"})
    assert reviews.status_code == 415


@pytest.mark.parametrize(("payload", "field"), [
    ({}, "body.text"),
    ({"text": "a", "html": "<p>b</p>"}, "body.text"),
    ({"text": 42}, "body.text"),
    ({"text": "Story.", "colour": "red"}, "body.colour"),
    ({"text": "\"Hello,\" she said.", "published": "yesterday"}, "published"),
    ({"text": "   "}, "body.text"),
])
def test_an_invalid_body_is_refused_with_422_naming_the_field(bare_client: TestClient, payload: dict,
                                                               field: str) -> None:
    answer = bare_client.post("/documents", json=payload)
    assert answer.status_code == 422, answer.text
    body = answer.json()
    assert body["error"] == "invalid request"
    assert field in [f["field"] for f in body["fields"]]


def test_an_overlong_date_beside_an_upload_is_a_422_not_a_500(bare_client: TestClient) -> None:
    """Found by schemathesis: a raw body's ?published= of 400 characters crashed building the document."""
    long = "2025-07-09" + "\u0301" * 400
    raw = bare_client.post("/documents", params={"published": long}, content=b"Story.",
                           headers={"Content-Type": "text/plain"})
    assert raw.status_code == 422 and raw.json()["fields"][0]["field"] == "query.published"
    form = bare_client.post("/documents", files={"file": ("story.txt", b"Story.", "text/plain")},
                            data={"published": long})
    assert form.status_code == 422 and form.json()["fields"][0]["field"] == "body.published"


def test_invalid_parameters_are_refused_with_422_naming_them(bare_client: TestClient) -> None:
    cases = {"/search": "query.q", "/search?q=%21%21%21": "query.q", "/search?q=a&limit=0": "query.limit",
             "/search?q=a&mode=fuzzy": "query.mode",
             "/dossiers/not-an-id": "path.dossier_id", "/jobs/xyz": "path.job_id"}
    for url, field in cases.items():
        answer = bare_client.get(url)
        assert answer.status_code == 422, url
        assert field in [f["field"] for f in answer.json()["fields"]], url
    broken = bare_client.post("/documents", content=b"{not json", headers={"Content-Type": "application/json"})
    assert broken.status_code == 422 and broken.json()["fields"][0]["field"] == "body"
    reviews = bare_client.post("/factchecks", content=b"[{\"@type\": \"ClaimReview\"}]",
                               headers={"Content-Type": "application/ld+json"})
    assert reviews.status_code == 422 and "claimReviewed" in reviews.json()["message"]


def test_unknown_ids_are_404(bare_client: TestClient) -> None:
    for url in ("/dossiers/doc-000000000000", "/dossiers/doc-000000000000/view", "/jobs/" + "0" * 32,
                "/people/Nobody%20Atall"):
        answer = bare_client.get(url)
        assert answer.status_code == 404, url
        assert answer.json()["error"] == "not found"


# --- paths, auth, CORS, errors ---------------------------------------------------------------------------------


def test_no_request_chooses_a_filesystem_path(tmp_path: Path) -> None:
    with client_for(tmp_path / "s.db", inline_wait_s=120.0) as client:
        answer = client.post("/documents", files={"file": ("../../../tmp/evil.txt", b"\"We left,\" Ana Ruiz said.",
                                                           "text/plain")})
        assert answer.status_code == 201, answer.text
        assert answer.json()["source"] == "upload:evil.txt"
        for url in ("/static/../../../pyproject.toml", "/static/%2e%2e/%2e%2e/cli.py", "/static/..%2fapi.py"):
            assert client.get(url).status_code == 404, url
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("s.db")) == []


def test_a_token_guards_the_api_but_not_the_page(tmp_path: Path) -> None:
    token = "correct horse battery staple"
    with client_for(tmp_path / "s.db", token=token) as client:
        refused = client.get("/search", params={"q": "Hale"})
        assert refused.status_code == 401 and refused.headers["www-authenticate"].startswith("Bearer")
        assert "VERACITY_TOKEN" in refused.json()["message"]
        wrong = client.get("/search", params={"q": "Hale"}, headers={"Authorization": "Bearer nope-nope-nope"})
        assert wrong.status_code == 401
        assert client.post("/documents", json={"text": "x"}).status_code == 401
        allowed = client.get("/search", params={"q": "Hale"}, headers={"Authorization": f"Bearer {token}"})
        assert allowed.status_code == 200 and allowed.json()["hits"] == []
        for open_url in ("/health", "/", "/docs", "/static/app.js", "/assets/dossier.css"):
            assert client.get(open_url).status_code == 200, open_url


def test_the_token_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from veracity.errors import ConfigError
    from veracity.web import WebSettings

    monkeypatch.setenv("VERACITY_TOKEN", "s3cret-token-value")
    assert WebSettings.from_environment(str(tmp_path / "s.db")).token == "s3cret-token-value"
    monkeypatch.setenv("VERACITY_TOKEN", "short")
    with pytest.raises(ConfigError, match="at least 8"):
        WebSettings.from_environment(str(tmp_path / "s.db"))


def test_cors_is_off_unless_an_origin_is_named(tmp_path: Path) -> None:
    origin = {"Origin": "https://newsroom.example"}
    preflight = {**origin, "Access-Control-Request-Method": "POST"}
    with client_for(tmp_path / "a.db") as client:
        assert "access-control-allow-origin" not in client.get("/health", headers=origin).headers
        assert "access-control-allow-origin" not in client.options("/documents", headers=preflight).headers
    with client_for(tmp_path / "b.db", cors_origins=("https://newsroom.example",)) as client:
        assert client.get("/health", headers=origin).headers["access-control-allow-origin"] == origin["Origin"]
        other = client.get("/health", headers={"Origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in other.headers


def test_an_internal_error_leaks_no_stack_trace(bare_client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    stores = bare_client.app.state.stores  # type: ignore[attr-defined]

    def broken() -> None:
        raise RuntimeError("secret detail at /srv/veracity/internal.py line 42")

    monkeypatch.setattr(stores, "get", broken)
    answer = bare_client.get("/search", params={"q": "Hale"})
    assert answer.status_code == 500
    body = body_of(answer)
    assert body["error"] == "internal error" and "reference" in body["message"]
    assert "secret" not in answer.text and "Traceback" not in answer.text and "RuntimeError" not in answer.text


def test_health_answers_without_models(bare_client: TestClient) -> None:
    assert bare_client.get("/health").json() == {"status": "ok", "version": bare_client.app.version,  # type: ignore[attr-defined]
                                                 "models_loaded": False}


# --- fact-checks and the conflicts panel -------------------------------------------------------------------------


def test_factchecks_import_reports_each_bad_review(tmp_path: Path) -> None:
    reviews = json.loads((FIXTURES / "hale-factcheck.jsonld").read_text(encoding="utf-8"))
    reviews.append({"@type": "ClaimReview", "reviewRating": {"alternateName": "False"}})
    with client_for(tmp_path / "s.db", inline_wait_s=120.0) as client:
        answer = client.post("/factchecks", files={"file": ("reviews.jsonld", json.dumps(reviews).encode(),
                                                            "application/ld+json")})
        assert answer.status_code == 201, answer.text
        # The fixture's second review links to javascript:…, which import refuses (issue 17: URLs validated).
        assert answer.json()["added"] == 1 and answer.json()["failed"] == 2
        again = client.post("/factchecks", json=reviews[:2])
        assert again.json()["added"] == 0 and again.json()["unchanged"] == 1


def test_links_show_denials_and_matching_factchecks(analysed: tuple[TestClient, dict]) -> None:
    client, ids = analysed
    answer = client.get(f"/dossiers/{ids['example']}/links", params={"wait": 60})
    while answer.status_code == 202:
        wait_for_job(client, answer.json()["job"]["id"])
        answer = client.get(f"/dossiers/{ids['example']}/links")
    links = answer.json()
    assert links["document"] == ids["example"]
    denial = next(d for d in links["denials"] if "forgery" in d["denial"]["text"])
    assert denial["target"]["document"] == ids["example"]
    verdicts = [(f["verdict"], f["url"]) for claim in links["factchecks"] for f in claim["factchecks"]]
    assert ("Unproven", "https://factcheck.example/hale-threat-recording") in verdicts
    assert client.get(f"/dossiers/{ids['example']}/links").json() == links  # cached
