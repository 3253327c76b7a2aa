"""Issue 22, items 1-4: the story's own events, recounted exchanges, hedged datings and time claims.

The done-when story is a leaked tape in the style of the one Veracity exists for (names invented): a
senator recounts threatening a foreign leader; the text believes the conversation was at a fundraiser
in 2024, does not know whether it came before or after Russia's February 2022 invasion, and the
leader's spokesman denies any conversation then. Each rule is also tried on a phrasing of its own.
"""

from __future__ import annotations

import json

import pytest

from veracity import analyze
from veracity.model import Document, Event, Metadata, Quote, QuoteContent, Span, SpeakerRef, dossier_json_schema
from veracity.report import render_json
from veracity.time.stage import annotate_times

PUBLISHED = "2025-11-20"
STORY = """Leaked tape appears to show senator boasting of threat to Korvan leader

By Ilse Marr

A recording obtained by the Harbour Gazette appears to capture Senator Dale Brandt telling supporters that \
he once threatened Korvan President Anton Lisek with air strikes.

"I told him, 'if you touch the islands, we will bomb your capital.' And he said, 'you would not dare'," \
Brandt says in the recording.

The conversation is believed to have taken place at a private fundraising event in 2024. It is not clear \
when the exchange happened, or whether it occurred before or after Russia's February 2022 invasion of Ukraine.

A spokesman for Lisek, Pavel Orr, told the Norpress agency there were no telephone conversations between \
the two men then, and that the period predates his presidency.

Brandt's office declined to comment.
"""


@pytest.fixture(scope="module")
def story() -> Document:
    return analyze(STORY, published=PUBLISHED)


def named(doc: Document, words: str) -> Event:
    found = [e for e in doc.events if e.kind == "reported" and words in e.text]
    assert len(found) == 1, [e.text for e in doc.events]
    return found[0]


def exchange_of(doc: Document) -> Event:
    brandt = {q.id for q in doc.quotes if q.speaker and q.speaker.name == "Dale Brandt"}
    (found,) = [e for e in doc.events if e.recounted_in in brandt and e.type == "communication"]
    return found


def relations_of(doc: Document, event: Event) -> list[tuple[str, str, str | None, bool, str | None]]:
    names = {e.id: e.text for e in doc.events}
    return [(r.relation, names.get(r.target, r.target), r.qualifier, r.negated, r.quote)
            for r in doc.relations if r.source == event.id]


@pytest.mark.integration
class TestDoneWhenStory:
    def test_the_recounted_exchange_is_an_event_of_unknown_date(self, story: Document) -> None:
        exchange = exchange_of(story)
        assert not exchange.when.known and exchange.time is None  # the tape's date is not the exchange's
        assert {"Dale Brandt", "Anton Lisek"} <= {p.name for p in exchange.participants}
        nested = [q for q in story.quotes if q.parent is not None]
        assert nested and not [e for e in story.events if e.kind == "speech" and e.quote in {q.id for q in nested}]

    def test_before_or_after_the_invasion_is_unknown(self, story: Document) -> None:
        invasion = named(story, "invasion")
        assert (invasion.type, invasion.when.earliest_start, invasion.when.latest_end) == (
            "conflict", "2022-02-01", "2022-02-28")
        assert ("unknown", invasion.text, None, False, None) in relations_of(story, exchange_of(story))
        assert {t.event: t.rank for t in story.timeline}[invasion.id] is not None

    def test_the_fundraiser_is_2024_and_only_believed(self, story: Document) -> None:
        fundraiser = named(story, "fundraising event")
        assert (fundraiser.type, fundraiser.when.earliest_start, fundraiser.when.latest_end) == (
            "meeting", "2024-01-01", "2024-12-31")
        assert fundraiser.believed
        assert ("during", fundraiser.text, "believed", False, None) in relations_of(story, exchange_of(story))
        assert not [e for e in story.events if "believed" in e.text]  # a hedge is no one's speech

    def test_the_spokesmans_denial_disputes_the_dating(self, story: Document) -> None:
        exchange, fundraiser = exchange_of(story), named(story, "fundraising event")
        # "there were no telephone conversations …, and that the period predates his presidency": two claims
        spokesman = {q.id for q in story.quotes if q.speaker and q.speaker.name == "Pavel Orr"}
        assert len(spokesman) == 2
        claims = [r for r in story.relations if r.quote in spokesman]
        negated = next(r for r in claims if r.negated)
        assert (negated.source, negated.target, negated.relation) == (exchange.id, fundraiser.id, "during")
        believed = next(r for r in story.relations if r.qualifier == "believed")
        assert believed.id in negated.conflicts and negated.id in believed.conflicts
        assert exchange.disputed
        term = next(r for r in claims if r.relation == "before")
        presidency = next(e for e in story.events if e.id == term.target)
        assert presidency.type == "term" and [p.name for p in presidency.participants] == ["Anton Lisek"]

    def test_the_dossier_carries_it_and_validates(self, story: Document) -> None:
        data = json.loads(render_json(story))
        assert Document.from_dict(data).to_dict() == data
        jsonschema = pytest.importorskip("jsonschema")
        jsonschema.Draft202012Validator(dossier_json_schema()).validate(data)
        assert any(r["qualifier"] == "believed" for r in data["relations"])
        assert any(e["disputed"] and e["recounted_in"] for e in data["events"])


# --- each rule on a phrasing of its own, without the rest of the pipeline ---------------------------------


def analysed(text: str, quotes: list[Quote] | None = None) -> Document:
    return annotate_times(Document(text=text, metadata=Metadata(published="2026-03-14"), quotes=quotes or []))


def quote(text: str, words: str, speaker: str, cue: str | None = None, parent: Quote | None = None) -> Quote:
    start = text.index(words)
    cue_span = Span(cue, text.index(cue), text.index(cue) + len(cue)) if cue else None
    return Quote(f"quote-{start}", QuoteContent(words, [(start, start + len(words))]), cue_span, None,
                 SpeakerRef(f"person-{speaker}", speaker), None, None, "direct", parent.id if parent else None)


@pytest.mark.unit
@pytest.mark.parametrize(("text", "words", "start", "end"), [
    ("Tension has lingered since the 2017 border crisis.", "border crisis", "2017-01-01", "2017-12-31"),
    ("The summit on 3 May 2024 ended without a deal.", "summit", "2024-05-03", "2024-05-03"),
    ("The two men met in March 2019 in Oslo.", "met", "2019-03-01", "2019-03-31"),
])
def test_an_event_takes_the_date_that_governs_it(text: str, words: str, start: str, end: str) -> None:
    event = named(analysed(text), words)
    assert (event.when.earliest_start, event.when.latest_end) == (start, end)


@pytest.mark.unit
def test_a_negated_event_is_no_event() -> None:
    doc = analysed("There were no phone calls in 2023, and Kell never met the envoy in 2024.")
    assert not [e for e in doc.events if e.type is not None]


@pytest.mark.unit
def test_a_recounted_exchange_takes_the_date_said_inside_it_not_the_tellings() -> None:
    text = "\"I spoke to him again on 3 March 2026, and he was a lamb,\" Kolberg said on Friday."
    told = quote(text, "I spoke to him again on 3 March 2026, and he was a lamb,", "Kolberg", "said")
    doc = analysed(text, [told])
    spoke = named(doc, "spoke")
    assert (spoke.recounted_in, spoke.when.earliest_start) == (told.id, "2026-03-03")
    telling = next(e for e in doc.events if e.kind == "speech")
    assert telling.when.earliest_start == "2026-03-13"


@pytest.mark.unit
def test_an_unclear_order_stated_with_if_and_a_pronoun_is_unknown() -> None:
    doc = analysed("The election in 2019 was close. The call was leaked. It is unclear if it came before or "
                   "after the election.")
    call, election = named(doc, "call"), named(doc, "election")
    assert ("unknown", election.text, None, False, None) in relations_of(doc, call)


@pytest.mark.unit
def test_a_hedged_dating_is_believed_and_leaves_the_interval_alone() -> None:
    doc = analysed("The call is thought to have occurred during a visit to Oslo in 2021.")
    call, visit = named(doc, "call"), named(doc, "visit")
    assert ("during", visit.text, "believed", False, None) in relations_of(doc, call)
    assert visit.believed and not call.when.known


@pytest.mark.unit
@pytest.mark.parametrize(("text", "relation", "qualifier"), [
    ("The election in 2020 was won narrowly. The dinner took place some time before the election.", "before",
     "some time"),
    ("The election in 2020 was won narrowly. The dinner took place around the time of the election.",
     "simultaneous", "about"),
])
def test_vague_orderings_keep_their_qualifier(text: str, relation: str, qualifier: str) -> None:
    doc = analysed(text)
    dinner, election = named(doc, "dinner"), named(doc, "election")
    assert (relation, election.text, qualifier, False, None) in relations_of(doc, dinner)


@pytest.mark.unit
def test_a_claim_placing_the_event_before_a_dated_term_conflicts_with_a_later_dating() -> None:
    text = ("Lisek took office in March 2023. \"I warned Lisek myself,\" Brandt said. The warning is believed to "
            "have taken place at a gala in 2024. \"The period predates his presidency, and we had no talks at "
            "that time,\" a spokesman for Lisek said.")
    warned = quote(text, "I warned Lisek myself,", "Brandt", "said")
    denial = quote(text, "The period predates his presidency, and we had no talks at that time,", "Orr",
                   "a spokesman for Lisek said")
    denial.source = denial.cue
    doc = analysed(text, [warned, denial])
    warning = named(doc, "warned")
    claims = {(r.relation, r.negated): r for r in doc.relations if r.quote == denial.id}
    believed = next(r for r in doc.relations if r.qualifier == "believed")
    assert claims[("before", False)].id in believed.conflicts  # 2024 cannot be before a term begun in 2023
    assert claims[("during", True)].id in believed.conflicts  # "no talks at that time"
    assert warning.disputed


@pytest.mark.integration
@pytest.mark.parametrize(("text", "words", "start", "end"), [
    # a place between the event and its date
    ("The video was filmed at a members' dinner in Northgate last November.", "dinner", "2025-11-01", "2025-11-30"),
    # a clause on the event
    ("He played a recording of a phone call he had with an executive in November 2021.", "phone call",
     "2021-11-01", "2021-11-30"),
    # the event as the occasion of a dated verb
    ("Weller gave evidence on Monday at the first public hearing of the inquiry.", "hearing", "2026-03-09",
     "2026-03-09"),
    # the event as the subject of a verb that says when it took place
    ("The Senate hearing was held on Tuesday.", "hearing", "2026-03-10", "2026-03-10"),
    # ... or, for an event over in a moment, of what it did
    ("An air strike on the eastern town of Dul Harun on Thursday killed at least nine people.", "air strike",
     "2026-03-12", "2026-03-12"),
    # the event led: it took place when it was led
    ("Holloway also led an official trade mission to Kesh in 2024.", "trade mission", "2024-01-01", "2024-12-31"),
    # a clause that gives only the start: the end stays open
    ("The trial, which began on January 20, is expected to last three weeks.", "trial", "2026-01-20", None),
    # ... or only the end
    ("Turnout in the ballot, which closed on Monday, was 71 percent.", "ballot", None, "2026-03-09"),
])
def test_the_parse_dates_an_event_the_words_beside_it_do_not(text: str, words: str, start: str | None,
                                                             end: str | None) -> None:
    event = named(analyze(text, published="2026-03-14"), words)
    assert (event.when.earliest_start, event.when.latest_end) == (start, end)


@pytest.mark.integration
@pytest.mark.parametrize(("text", "words", "day"), [
    # the audience of the telling verb: the rally was when she told it
    ('Opposition MP Tove Strand, who told a rally in Kell on Monday: "People deserve to know."', "a rally",
     "2026-03-09"),
    # the occasion of the cue, the quote's speech time found in the sentence before
    ('"We have too many ovens," Quist said on Wednesday. "The numbers do not leave us a choice," she said on the '
     "earnings call.", "the earnings call", "2026-03-11"),
])
def test_the_occasion_of_a_quote_is_dated_by_when_it_was_said(text: str, words: str, day: str) -> None:
    event = named(analyze(text, published="2026-03-14"), words)
    assert (event.when.earliest_start, event.when.latest_end) == (day, day)


@pytest.mark.integration
def test_the_occasion_of_an_undated_quote_stays_undated() -> None:
    doc = analyze('"We need witnesses," Ruth Alder said at a press conference.', published="2026-03-14")
    assert not named(doc, "press conference").when.known


@pytest.mark.integration
def test_a_clause_that_dates_the_telling_does_not_date_the_event() -> None:
    doc = analyze("A recording of a telephone call published on Tuesday by the website shows the minister "
                  "promising a contract.", published="2026-03-14")
    assert not named(doc, "telephone call").when.known


@pytest.mark.unit
@pytest.mark.parametrize(("text", "words", "kind"), [
    ("An air strike on Thursday killed at least nine people.", "air strike", "conflict"),
    ("The committee approved the plant after a debate on March 12.", "debate", "meeting"),
    ("The blaze on 3 June 2023 destroyed the restaurant.", "blaze", "disaster"),
    ("He lost three districts in the runoff in March 2025.", "runoff", "election"),
    ("The clip was recorded at half-time of the qualifier on March 28.", "qualifier", "match"),
    ("The monitors arrived after the truce of 2022.", "truce", "agreement"),
])
def test_disasters_debates_and_strikes_are_events(text: str, words: str, kind: str) -> None:
    event = named(analysed(text), words)
    assert event.type == kind and event.when.known


@pytest.mark.integration
def test_a_speakers_next_day_does_not_count_from_the_narrations_date() -> None:
    doc = analyze('HALDEN, March 12 (Nordwire) - Sand was recorded at a dinner last November.\n\n'
                  'In the recording, Sand says: "I rang the minister the next day and told him it was done."',
                  published="2026-03-12")
    (next_day,) = [t for t in doc.times if t.text == "the next day"]
    assert next_day.value == "XXXX-XX-XX"
