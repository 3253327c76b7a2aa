"""The ``times`` pipeline stage: temporal expressions, events, stated orderings and the timeline.

Narration is anchored to the publication date. A quote said at a known day ("at a briefing
yesterday") has its own relative expressions read against that day; a quote whose speech time the
text does not give keeps them relative, because borrowing the publication date would invent one.
Terms in office and the periods described against them ("before he took office") come last: they
read the speakers stage's people to know who "he" is.
"""

from __future__ import annotations

import bisect
import re
from datetime import date
from typing import Any, ClassVar

from veracity.errors import InvalidDateError
from veracity.model import Document, TimeExpression
from veracity.pipeline import Stage, register_stage
from veracity.time.events import Sentences, age_events, reported_events, speech_events, stated_relations
from veracity.time.periods import period_events
from veracity.time.tagger import AnchorRegion, anchor_date, find_times, foreign_month_names, prepare
from veracity.time.timeline import build_timeline

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@register_stage("times")
class TimeAnnotator(Stage):
    """Add ``times``, ``events``, ``relations`` and ``timeline`` to each document."""

    provides: ClassVar[tuple[str, ...]] = ("times", "events", "timeline")

    def __init__(self, speech_anchoring: bool = True) -> None:
        self.speech_anchoring = speech_anchoring

    def config(self) -> dict[str, Any]:
        return {"speech_anchoring": self.speech_anchoring}

    def process(self, docs: list[Document]) -> list[Document]:
        for doc in docs:
            annotate_times(doc, self.speech_anchoring)
        return docs


def _published(doc: Document) -> str | None:
    value = doc.metadata.published
    if not value:
        return None
    try:
        return anchor_date(value).isoformat()
    except InvalidDateError as error:
        doc.warnings.append(f"publication date unusable ({error.message}); relative times were left unanchored")
        return None


def annotate_times(doc: Document, speech_anchoring: bool = True) -> Document:
    """Find the document's times and events and order them; the document is changed in place."""
    text, doc_id = doc.text, doc.id
    published = _published(doc)
    sentences = Sentences.of(text)
    prepared = prepare(text, published)
    times = find_times(text, published, doc_id=doc_id, prepared=prepared)
    if speech_anchoring and doc.quotes:
        _, spoken = speech_events(doc_id, doc.quotes, times, sentences, published)
        regions: list[AnchorRegion] = []
        for quote in doc.quotes:
            said = spoken.get(quote.id)
            day = date.fromisoformat(said.value[:10]) if said and _DAY.match(said.value) else None
            regions.extend(AnchorRegion(start, end, day, "speech", quote.id) for start, end in quote.content.spans)
        regions.sort(key=lambda r: r.start)
        times = find_times(text, published, regions, doc_id=doc_id, prepared=prepared)
    _mark_quoted(times, doc)
    events, spoken = speech_events(doc_id, doc.quotes, times, sentences, published)
    used = {t.id for t in spoken.values()}
    events += reported_events(doc_id, text, times, used)
    events += age_events(doc_id, text, published, doc.people)
    relations = stated_relations(doc_id, text, events, published)
    period_events(doc_id, text, times, events, relations, doc.people, doc.quotes)
    doc.times, doc.events, doc.relations = times, events, relations
    doc.timeline = build_timeline(events, relations)
    doc.warnings.extend(_warnings(doc, times, published))
    return doc


def _mark_quoted(times: list[TimeExpression], doc: Document) -> None:
    """Set ``quote`` on every time inside a quote's words (the innermost quote when they nest)."""
    spans = sorted((start, end, q.id) for q in doc.quotes for start, end in q.content.spans)
    starts = [s for s, _, _ in spans]
    for time in times:
        index = bisect.bisect_right(starts, time.start)
        # the nearest span starting at or before it that still covers it; nested quotes start later
        time.quote = next((qid for start, end, qid in reversed(spans[max(0, index - 8):index])
                           if start <= time.start < end), None)


def _warnings(doc: Document, times: list[TimeExpression], published: str | None) -> list[str]:
    out = [f"time {t.text!r} at {t.start}: {t.error}" for t in times if t.error]
    missing = [t for t in times if t.time.anchor.kind == "missing" and t.quote is None]
    if missing and published is None:
        out.append(f"no publication date: {len(missing)} relative time expression(s) left unanchored "
                   f"(e.g. {missing[0].text!r}); pass --published YYYY-MM-DD")
    foreign = foreign_month_names(doc.text)
    if foreign:
        out.append(f"month names in another language were not read as dates: {', '.join(foreign)}")
    return out
