"""Fact-checks: ClaimReview read from JSON-LD and pages (bad reviews reported, not fatal), stored once,
matched against claims, and a store from before fact-checks upgraded in place."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from veracity.cli import main
from veracity.corpus.claimreview import BadReview, read_claimreviews
from veracity.report.claimreview import to_claimreview
from veracity.store import SqliteStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "factchecks"


@pytest.mark.unit
def test_claimreview_list_reads_good_reviews_and_reports_bad_ones() -> None:
    items = list(read_claimreviews((FIXTURES / "reviews.jsonld").read_text(), "reviews.jsonld"))
    good = [i for i in items if not isinstance(i, BadReview)]
    bad = [i for i in items if isinstance(i, BadReview)]
    assert [g.verdict for g in good] == ["Unproven", "False"]
    assert good[0].publisher == "FactCheck Example" and good[0].date == "2025-07-11"
    assert good[0].title == "Did Hale threaten to bomb Veldt's capital?"
    assert [b.reason for b in bad] == ["claimReviewed is missing or not text", "reviewRating must be an object"]
    assert bad[0].where == "reviews.jsonld, review 3"


@pytest.mark.unit
def test_claimreview_inside_an_html_page_graph() -> None:
    (review,) = read_claimreviews((FIXTURES / "page.html").read_text(), "page.html")
    assert not isinstance(review, BadReview)
    assert review.verdict == "True" and review.url == "https://checker.example/varga"


@pytest.mark.unit
@pytest.mark.parametrize(("text", "reason"), [
    ("{not json", "not JSON"),
    ('{"@type": "WebPage"}', "no ClaimReview in it"),
    ("<html><body>no script</body></html>", "an HTML page without ClaimReview: it has no JSON-LD"),
    ('<html><script type="application/ld+json">{"@type": "NewsArticle"}</script></html>',
     "no ClaimReview in this page's JSON-LD"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ("[" * 5_000 + "]" * 5_000, "not ClaimReview: its JSON is nested too deeply to read"),
    ('{"@type": "ClaimReview", "claimReviewed": "x", "url": {"a": 1}}', "url must be text, not dict"),
])
def test_unreadable_json_ld_is_one_bad_review(text: str, reason: str) -> None:
    (item,) = read_claimreviews(text, "f")
    assert isinstance(item, BadReview) and reason in item.reason


@pytest.mark.unit
def test_json_nested_as_deep_as_the_parser_allows_is_walked_without_recursion() -> None:
    review = '{"@type": "ClaimReview", "claimReviewed": "The bridge is closed."}'
    (item,) = read_claimreviews("[" * 900 + review + "]" * 900, "deep.json")
    assert not isinstance(item, BadReview) and item.claim == "The bridge is closed."


@pytest.mark.unit
@pytest.mark.parametrize(("name", "content", "expected"), [
    ("deep.json", b"[" * 100_000 + b"]" * 100_000, "deep.json: not ClaimReview: its JSON is nested too deeply to read"),
    ("blob.json", bytes(range(256)) * 20, "blob.json: looks like binary data (it contains NUL bytes), not text or "
                                          "HTML; check that you passed the right file"),
    ("page.html", b"<!doctype html><html><head><title>News</title></head><body><p>An article.</p></body></html>",
     'page.html: an HTML page without ClaimReview: it has no JSON-LD (<script type="application/ld+json">) block'),
])
def test_a_file_without_claimreview_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes, expected: str
) -> None:
    """Issue 17: deep JSON was "internal error (RecursionError)", a binary file leaked a codec error, and an
    HTML page without ClaimReview said "not JSON: Expecting value at line 1"."""
    path = tmp_path / name
    path.write_bytes(content)
    store = tmp_path / "s.db"
    assert main(["factchecks", "import", str(path), "--store", str(store)]) == 1
    out, err = capsys.readouterr()
    assert err == f"veracity: {tmp_path}/{expected}\n"
    assert out == f"fact-checks added 0, unchanged 0, failed 1 (store {store})\n"


@pytest.mark.unit
def test_a_matched_claim_exports_as_claimreview() -> None:
    (fact, *_) = [i for i in read_claimreviews((FIXTURES / "reviews.jsonld").read_text(), "r")]
    assert not isinstance(fact, BadReview)
    review = to_claimreview("Hale threatened to bomb Veldt", fact, speaker="Victor Hale",
                            appearance="https://capitalwire.example/x", date="2025-07-10")
    assert review["@type"] == "ClaimReview" and review["reviewRating"]["alternateName"] == "Unproven"
    assert review["itemReviewed"]["author"]["name"] == "Victor Hale"
    assert review["isBasedOn"]["url"] == "https://factcheck.example/hale-bomb-call"


@pytest.mark.integration
def test_import_is_idempotent_and_match_ranks_the_right_check_first(store_location: str,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    store = store_location  # SQLite, then PostgreSQL
    assert main(["factchecks", "import", str(FIXTURES), "--store", store]) == 1  # two bad reviews in the list
    out, err = capsys.readouterr()
    assert "fact-checks added 3, unchanged 0, failed 2" in out and "review 3: claimReviewed is missing" in err
    assert main(["factchecks", "import", str(FIXTURES / "page.html"), "--store", store]) == 0
    assert "added 0, unchanged 1, failed 0" in capsys.readouterr().out
    assert main(["factchecks", "match", "Hale said he would bomb the Veldt capital", "--store", store]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert "Unproven" in first and "hale-bomb-call" in first
    assert main(["factchecks", "match", "   ", "--store", store]) == 1


@pytest.mark.integration
def test_a_schema_1_store_gains_the_factchecks_table(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with SqliteStore(path):
        pass
    db = sqlite3.connect(path)
    db.executescript("DROP TABLE factchecks; DROP TABLE vectors; UPDATE meta SET value = '1' WHERE key = "
                     "'schema_version';")
    db.close()
    with SqliteStore(path, create=False) as store:  # and the vectors table of schema 3
        assert store._db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "6"
        assert store._db.execute("SELECT count(*) FROM vectors").fetchone()[0] == 0
        assert store._db.execute("SELECT count(*) FROM factchecks").fetchone()[0] == 0


def _review(**fields: object) -> dict[str, object]:
    review: dict[str, object] = {"@type": "ClaimReview", "claimReviewed": "The minister met the ambassador.",
                                 "url": "https://checks.example/1", "datePublished": "2025-07-11",
                                 "author": {"@type": "Organization", "name": "Checks"},
                                 "reviewRating": {"@type": "Rating", "alternateName": "False"}}
    review.update(fields)
    return review


@pytest.mark.unit
@pytest.mark.parametrize(("fields", "reason"), [
    ({"datePublished": "not a date"}, "datePublished must be an ISO date like 2024-05-06, not 'not a date'"),
    ({"datePublished": "2025-02-30"}, "datePublished must be an ISO date like 2024-05-06, not '2025-02-30'"),
    ({"claimReviewed": "word " * 1_000}, "claimReviewed is 5,000 characters, over the 2,000 a claim may have"),
    ({"url": "javascript:alert(1)"}, "url must be an http(s) address, not 'javascript:alert(1)'"),
    ({"url": ["https://a.example"]}, "url must be text, not list"),
    ({"author": {"name": 7}}, "author must be a name or an object with one, not int"),
    ({"author": "x" * 600}, "author is 600 characters, over the 500 it may have"),
])
def test_a_review_with_a_field_of_the_wrong_type_or_size_is_refused_alone(fields: dict, reason: str) -> None:
    import json

    text = json.dumps([_review(**fields), _review(claimReviewed="The mayor closed the library.")])
    bad, good = list(read_claimreviews(text, "r.json"))
    assert isinstance(bad, BadReview) and bad.reason == reason and bad.where == "r.json, review 1"
    assert not isinstance(good, BadReview) and good.claim == "The mayor closed the library."


@pytest.mark.unit
def test_a_list_of_authors_gives_the_first_named_one_and_a_datetime_gives_its_day() -> None:
    import json

    review = _review(author=[{"@type": "Person"}, {"@type": "Organization", "name": "Checks Desk"}, "Other"],
                     datePublished="2025-07-11T09:30:00+02:00")
    (check,) = read_claimreviews(json.dumps(review), "r.json")
    assert not isinstance(check, BadReview)
    assert check.publisher == "Checks Desk" and check.date == "2025-07-11"
