"""Events and stated orderings on small texts, without the rest of the pipeline."""

from __future__ import annotations

import pytest

from veracity.model import Document, Metadata, Quote, QuoteContent, Span, SpeakerRef
from veracity.time.stage import annotate_times

pytestmark = pytest.mark.unit


def analysed(text: str) -> Document:
    return annotate_times(Document(text=text, metadata=Metadata(published="2026-03-14")))


def test_a_dated_term_anchors_an_ordering_stated_against_it() -> None:
    doc = analysed("Kell took office in January 2025. An official said the dinner was before Kell took office.")
    office = next(e for e in doc.events if e.text == "Kell took office")
    assert (office.when.earliest_start, office.when.latest_end) == ("2025-01-01", "2025-01-31")
    dinner = next(e for e in doc.events if e.text == "the dinner")
    assert [(r.source, r.relation, r.target) for r in doc.relations] == [(dinner.id, "before", office.id)]
    entries = {t.event: t for t in doc.timeline}
    assert entries[dinner.id].rank == 0 and entries[office.id].rank == 1
    assert not dinner.when.known  # ordered, still undated: nothing invented


def test_unclear_order_is_unknown_and_adds_no_edge() -> None:
    doc = analysed("The summit in May 2024 was tense. It is unclear whether the talks came before or after the summit.")
    talks = next(e for e in doc.events if e.text == "the talks")
    (relation,) = doc.relations
    assert relation.relation == "unknown" and relation.source == talks.id
    assert {t.event: t.rank for t in doc.timeline}[talks.id] is None


def test_not_immediately_clear_is_unclear_too() -> None:
    doc = analysed("It was not immediately clear whether the conversation took place before or after the contractor "
                   "won a Pentagon contract in October 2022.")
    assert [r.relation for r in doc.relations] == ["unknown"]


def test_dates_alone_order_events_and_overlaps_share_a_step() -> None:
    doc = analysed("The strike in 2019 ended. The inquiry in March 2019 began. The vote in 2021 followed.")
    rank = {e.text: t.rank for t in doc.timeline for e in doc.events if e.id == t.event}
    assert rank == {"The strike": 0, "The inquiry": 0, "The vote": 1}


def said_quote(text: str, words: str, cue: str, source: str) -> Quote:
    """A quote over ``words`` whose cue and source come after it, as the quotes stage gives it."""
    start = text.index(words)
    cue_at, source_at = text.index(cue, start + len(words)), text.index(source, start + len(words))
    return Quote(f"quote-{start}", QuoteContent(words, [(start, start + len(words))]),
                 Span(cue, cue_at, cue_at + len(cue)), Span(source, source_at, source_at + len(source)),
                 SpeakerRef(f"person-{source}", source), None, None, "direct")


@pytest.mark.parametrize(("text", "words", "cue", "source"), [
    ("\"There were no telephone conversations then,\" Peskov said on Thursday.",
     "There were no telephone conversations then,", "said", "Peskov"),
    ("\"I never met him,\" the ambassador said Thursday.", "I never met him,", "said Thursday", "the ambassador"),
    ("Peskov spoke to reporters in Moscow on Thursday.\n\n\"The period when he was not yet president is "
     "irrelevant,\" Peskov said.", "The period when he was not yet president is irrelevant,", "said", "Peskov"),
])
def test_a_statement_made_on_thursday_is_dated_thursday_not_publication(text: str, words: str, cue: str,
                                                                      source: str) -> None:
    said = said_quote(text, words, cue, source)
    doc = annotate_times(Document(text=text, metadata=Metadata(published="2026-03-14"), quotes=[said]))
    event = next(e for e in doc.events if e.quote == said.id)
    assert (event.when.earliest_start, event.when.latest_end, event.when.qualifier) == (
        "2026-03-12", "2026-03-12", None)
    assert event.time is not None and next(t for t in doc.times if t.id == event.time).text.startswith("Thursday")
