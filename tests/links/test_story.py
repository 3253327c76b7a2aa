"""One story from three outlets (examples/story): printings compared, denials linked, speakers merged."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from veracity.cli import main
from veracity.links.story import build_story
from veracity.store import SqliteStore

pytestmark = pytest.mark.integration

STORY = Path(__file__).resolve().parents[2] / "examples" / "story"
FACTCHECKS = Path(__file__).resolve().parents[1] / "fixtures" / "factchecks" / "page.html"


@pytest.fixture(scope="module")
def story_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("story") / "story.db"
    assert main(["add", str(STORY), "--store", str(path)]) == 0
    assert main(["factchecks", "import", str(FACTCHECKS), "--store", str(path)]) == 0
    return path


@pytest.fixture(scope="module")
def story(story_store: Path):  # type: ignore[no-untyped-def]
    with SqliteStore(story_store, create=False) as store:
        ids = store.document_ids()
        documents = [store.document(i) for i in ids]
    from veracity.corpus.factchecks import FactCheckShelf

    with SqliteStore(story_store, create=False) as store:
        matcher = FactCheckShelf(store).matcher()
    return build_story("Hale Veldt call", [d for d in documents if d is not None], factchecks=matcher)


def test_speakers_merge_across_outlets(story) -> None:  # type: ignore[no-untyped-def]
    by_name = {p.name: p for p in story.people}
    assert len({doc for doc, _ in by_name["Victor Hale"].members}) == 3
    assert {"Brenner", "Emil Brenner"} <= by_name["Emil Brenner"].names  # "President Brenner" in the wire story
    hale_quotes = {story.speaker_of[(d.id, q.speaker.id)] for d in story.documents for q in d.quotes
                   if q.speaker and q.speaker.name in ("Victor Hale", "Hale")}
    assert hale_quotes == {by_name["Victor Hale"].id}


def test_the_elided_printing_is_a_misquote_with_both_edits(story) -> None:  # type: ignore[no-untyped-def]
    (variant,) = story.variants
    assert (variant.reference.outlet, variant.variant.outlet) == ("Daily Ledger", "Capital Wire")
    assert [(e.type, e.original) for e in variant.comparison.edits] == [
        ("changed_meaning", "not"), ("unmarked_elision", "unless they crossed that line")]
    assert variant.comparison.is_misquote and variant.same_speaker


def test_the_denial_is_linked_to_the_remark_and_the_fake_claim_to_the_recording(story) -> None:  # type: ignore[no-untyped-def]
    denies = {(link.denial.outlet, link.target.text) for link in story.denials if link.kind == "denies"}
    remark = "I told him we would not bomb their capital unless they crossed that line, and I meant every word"
    threat = "we would not bomb their capital unless they crossed that line"  # the words inside it the denial repeats
    assert ("Nordpress", threat) in denies
    disputed = {link.target.text for link in story.denials if link.kind == "disputes the recording"}
    assert remark in disputed
    assert all(link.denial.outlet == "Nordpress" for link in story.denials)


def test_dossier_command_prints_the_story_and_writes_json(story_store: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dossier", "--about", "Hale Veldt", "--store", str(story_store)]) == 0
    out = capsys.readouterr().out
    assert "unmarked elision: “unless they crossed that line”" in out and "Victor Hale (also Hale)" in out
    target = tmp_path / "story.json"
    assert main(["dossier", "--about", "Hale", "--store", str(story_store), "--format", "json", "-o", str(target)]) == 0
    import json

    data = json.loads(target.read_text())
    assert data["schema_version"] == "1.0" and len(data["documents"]) == 3 and data["variants"]


def test_dossier_about_nothing_stored_says_so(story_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dossier", "--about", "zeppelin", "--store", str(story_store)]) == 1
    err = capsys.readouterr().err
    assert "no stored document" in err and len(err.strip().splitlines()) == 1
    assert main(["dossier", "--about", "Hale", "--store", str(story_store.parent / "missing.db")]) == 1


def test_claims_are_ranked_and_the_denial_matches_the_stored_fact_check(story) -> None:  # type: ignore[no-untyped-def]
    worth = [c.check_worthiness for c in story.claims]
    assert worth == sorted(worth, reverse=True) and all(0.0 <= w <= 1.0 for w in worth)
    matched = {c.text: c.matches[0].factcheck.verdict for c in story.claims if c.matches}
    assert matched.get("No such call between Hale and President Brenner ever took place") == "True"
    assert "the remark showed a reckless streak" not in matched


def test_matched_claims_export_as_claimreview(story_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert main(["dossier", "--about", "Hale", "--store", str(story_store), "--format", "claimreview"]) == 0
    reviews = json.loads(capsys.readouterr().out)
    assert reviews and all(r["@type"] == "ClaimReview" for r in reviews)
    assert any(r["claimReviewed"].startswith("No such call") and r["reviewRating"]["alternateName"] == "True"
               for r in reviews)


def test_the_denial_conflicts_with_the_report_of_the_call(story) -> None:  # type: ignore[no-untyped-def]
    pairs = {(c.first.outlet, c.second.outlet, c.second.text) for c in story.conflicts}
    assert ("Capital Wire", "Nordpress", "No such call between Hale and President Brenner ever took place") in pairs
    assert all(c.first.doc_id != c.second.doc_id for c in story.conflicts)


class _EveryClaimMatches:
    """A fact-check shelf where every statement matches both reviews, as a denial sharing the claim's words does."""

    def __init__(self, *claims: tuple[str, str]) -> None:
        from veracity.links.claim_matching import FactCheck, Match

        self.matches = [Match(FactCheck(f"fc{i}", claim, None, verdict, "Checkers", None, None), 0.9)
                        for i, (claim, verdict) in enumerate(claims)]

    def match(self, texts: list[str], k: int = 3, min_score: float = 0.0) -> list[list[object]]:
        return [list(self.matches) for _ in texts]


def test_a_verdict_on_a_claim_never_lands_on_its_denial() -> None:
    """Issue 20: the ClaimReview export attached a "Misleading" verdict to a spokeswoman's denial of the claim,
    naming her as the claim's author."""
    import veracity
    from veracity.links.story import rank_claims

    doc = veracity.analyze(
        "The Capital Wire reported that Senator Hale threatened to bomb the capital of Veldt.\n\n"
        '"No such call between Hale and President Brenner ever took place," the ministry spokeswoman Mara Lind '
        'told reporters.\n\n"I told him we would bomb the capital," Hale said at the fundraiser.',
        published="2025-07-09")
    shelf = _EveryClaimMatches(("Hale threatened to bomb Veldt's capital", "Misleading"),
                               ("Veldt's ministry said no call between Hale and Brenner took place", "True"))
    claims = {c.text: c for c in rank_claims([doc], {}, shelf)}  # type: ignore[arg-type]
    denial = next(c for text, c in claims.items() if text.startswith("No such call"))
    assert [m.factcheck.verdict for m in denial.matches] == ["True"]  # the review of the denial itself
    claim = next(c for text, c in claims.items() if "bomb the capital" in text)
    assert [m.factcheck.verdict for m in claim.matches] == ["Misleading", "True"]


def test_the_story_dossier_keeps_its_published_schema(story) -> None:  # type: ignore[no-untyped-def]
    """docs/schema/story.schema.json is the story dossier's contract (issue 21): strict, so a field added,
    renamed or retyped in the code fails here until the schema says so too."""
    import json

    import jsonschema

    schema = json.loads((Path(__file__).resolve().parents[2] / "docs" / "schema" / "story.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(json.loads(json.dumps(story.to_dict())))
    assert story.conflicts or story.denials  # the example story exercises the linked parts, not empty lists


def test_only_people_who_speak_are_followed_across_documents() -> None:
    import veracity
    from veracity.report.story_report import story_text

    first = veracity.analyze('Petra Solberg visited Lundhaven on Monday. "We will fix the harbour," Solberg said.',
                             published="2025-12-01")
    second = veracity.analyze('In Lundhaven, Petra Solberg spoke again. "The harbour comes first," Solberg said.',
                              published="2025-12-02")
    text = story_text(build_story("Solberg", [first, second]))
    followed = text.split("People named in several documents:")[1].split("\n\n")[0]
    assert "Petra Solberg" in followed and "Lundhaven" not in followed


def test_a_denial_answers_the_words_it_repeats_or_else_the_whole_recounting() -> None:
    """Issue 16/20: "never told anyone to leave the gas on" denies the recounted words themselves; "no such
    conversation took place" denies the recounting as a whole, not one line of it."""
    import veracity

    text = ("A restaurant owner told his head chef to leave the gas on, a court heard.\n\n"
            "The chef, Tomas Reyes, told the jury: \"He came into the kitchen at six and he said to me, 'Leave the "
            "gas on tonight and go home early. I'll lock up myself.' I did what he said.\"\n\n"
            "The owner, Simon Achterberg, denied telling anyone to leave the gas on.\n\n"
            "His lawyer, Ruth Kaminski, said no such conversation ever took place.")
    doc = veracity.analyze(text, published="2025-03-14")
    story = build_story("Gas", [doc])
    targets = {link.denial.text: link.target.text for link in story.denials}
    assert targets["telling anyone to leave the gas on"].startswith("Leave the gas on tonight")
    assert targets["no such conversation ever took place"].startswith("He came into the kitchen")


def test_a_denial_answers_the_recorded_exchange_not_the_leads_report_of_it() -> None:
    """Issue 16/20: the lead's report holds the warning as a reported clause of its own ("warned Marek he would
    strike …"); what the spokesman denies is the recording that recounts the exchange, not the report."""
    import veracity

    text = ("A recording appears to capture Anders Kolberg telling party donors that he once warned Valdorian "
            "President Ilya Marek he would strike the neighbouring republic if its troops crossed the border.\n\n"
            "\"I told him, 'if you go in, I'll hit you.' So he goes, like, 'I don't believe you',\" Kolberg says on "
            "the recording.\n\n"
            "A spokesman for Marek, Tomas Ruud, said no such conversation ever took place.")
    doc = veracity.analyze(text, published="2025-03-14")
    targets = {link.denial.text: link.target.text for link in build_story("Tape", [doc]).denials}
    assert targets["no such conversation ever took place"].startswith("I told him")  # was the lead's report


def test_the_text_dossier_says_who_denies_whose_words() -> None:
    """A denial line that names only the outlet ("?: 'no such conversation ...'") leaves the reader to guess who
    denies whom: each side is named by its speaker, then its outlet."""
    import veracity
    from veracity.report.story_report import story_text

    doc = veracity.analyze(
        "The chef, Tomas Reyes, told the jury: \"He said to me, 'Leave the gas on tonight.'\"\n\n"
        "The owner, Simon Achterberg, denied telling anyone to leave the gas on.", published="2025-03-14")
    denials = story_text(build_story("Gas", [doc])).split("Denials and what they deny:")[1].split("\n\n")[0]
    assert denials.splitlines()[1].startswith("  Simon Achterberg (outlet unknown): “telling anyone")
    assert re.match(r"    denies (Tomas Reyes|Simon Achterberg) \(outlet unknown\): “", denials.splitlines()[2])
