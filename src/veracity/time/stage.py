"""The ``times`` pipeline stage: temporal expressions, events, stated orderings and the timeline.

Narration is anchored to the report's day: the publication date, or the dateline's day ("LEEDS, May
27 (Pressline) -") when the report is dated there. A quote said at a known day ("at a briefing
yesterday", "in the voicemail left on March 19") has its own relative expressions read against that
day (see ``speech``); a quote whose speech time the text does not give is read against the report's
day, and its expressions say so in their anchor. A speech time known only to the week or year anchors
nothing: the expressions stay relative rather than borrow a day.
The story's own events (calls, meetings, invasions, the exchanges a quote recounts) come after the
speech events, then the orderings stated between them, hedged ("believed to have taken place at"),
and what speakers claim about when they happened (see ``story_events``, ``uncertainty``, ``claims``).
Terms in office and the periods described against them ("before he took office") come before the
claims: they read the speakers stage's people to know who "he" is. Last, where the pipeline parsed
the text, the relation model adds the confident orderings the text leaves open, marked as inferred
(see ``inferred_orders``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from veracity.errors import InvalidDateError
from veracity.model import Document, Quote, TimeAnchor, TimeExpression, TimeValue, content_id
from veracity.pipeline import Stage, register_stage
from veracity.time import anaphora
from veracity.time.claims import finish_relations, time_claims
from veracity.time.events import Sentences, age_events, reported_events, speech_events, stated_relations, told_after
from veracity.time.inferred_orders import MAX_EVENTS, inferred_relations
from veracity.time.periods import period_events
from veracity.time.speech import Spoken, dateline, report_day, speech_times
from veracity.time.story_events import story_events
from veracity.time.tagger import AnchorRegion, anchor_date, find_times, foreign_month_names, prepare
from veracity.time.timeline import build_timeline
from veracity.time.uncertainty import hedged_relations


@register_stage("times")
class TimeAnnotator(Stage):
    """Add ``times``, ``events``, ``relations`` and ``timeline`` to each document."""

    provides: ClassVar[tuple[str, ...]] = ("times", "events", "timeline")
    uses: ClassVar[tuple[str, ...]] = ("quotes", "people")  # speech times and terms of office, when present

    def __init__(self, speech_anchoring: bool = True, inferred_orders: bool = True) -> None:
        self.speech_anchoring = speech_anchoring
        self.inferred_orders = inferred_orders

    def process(self, docs: list[Document]) -> list[Document]:
        for doc in docs:
            annotate_times(doc, self.speech_anchoring, self.inferred_orders)
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


def annotate_times(doc: Document, speech_anchoring: bool = True, inferred_orders: bool = True) -> Document:
    """Find the document's times and events and order them; the document is changed in place.
    ``inferred_orders``: add the relation model's confident orderings the text leaves open (needs the parse)."""
    text, doc_id = doc.text, doc.id
    published = _published(doc)
    sentences = Sentences.of(text)
    prepared = prepare(text, published)
    times = find_times(text, published, doc_id=doc_id, prepared=prepared)
    report, base, read = _report(text, times, prepared.day, doc_id)
    spoken: dict[str, Spoken] = {}
    previous: list[AnchorRegion] | None = None
    for _ in range(3):  # again while a speech time moves with the quote it lies in ("he told me on Monday")
        if speech_anchoring and doc.quotes:
            spoken = speech_times(text, doc.quotes, times, sentences, report.day,
                                  read[0].start if read is not None else None)
        regions = sorted(base + [r for q in doc.quotes if q.id in spoken for r in _regions(q, spoken[q.id], report)],
                         key=lambda r: r.start)
        if regions == (previous or []):
            break
        times = find_times(text, published, regions, doc_id=doc_id, prepared=prepared)
        previous = regions
    if read is not None:
        _fix_dateline(times, read, doc_id, published)
    nested = [span for q in doc.quotes if q.parent is not None for span in q.content.spans]
    if doc.quotes:
        direct = [span for q in doc.quotes if q.kind == "direct" for span in q.content.spans]  # (a report's
        anaphora.resolve(text, times, doc_id, nested, direct)  # "the following morning" is the narrator's)
    _mark_quoted(times, doc)
    by_start = {t.start: t for t in times}
    said_at = {qid: by_start[s.time] for qid, s in spoken.items() if s.time is not None and s.time in by_start}
    dated = TimeAnchor("mention", report.day.isoformat(), report.ref) if report.ref and report.day else None
    events, said = speech_events(doc_id, doc.quotes, times, sentences, published, said_at if spoken else None,
                                 dated)
    used = {t.id for t in said.values()}
    events += reported_events(doc_id, text, times, used)
    events += age_events(doc_id, text, published, doc.people)
    # (the dateline dates the report, not the events of the sentence the parser runs it into)
    undated_line = [t for t in times if read is None or t.start != read[0].start]
    mentions = story_events(doc_id, text, undated_line, events, doc.quotes, doc.people, said, sentences.around,
                            parse=doc.parse)
    relations = stated_relations(doc_id, text, events, published, mentions, sentences.around)
    relations += hedged_relations(text, times, mentions, sentences.around)
    relations += told_after(events)
    period_events(doc_id, text, times, events, relations, doc.people, doc.quotes)
    time_claims(doc_id, text, events, relations, doc.quotes, doc.people, mentions)
    finish_relations(doc_id, events, relations, times)
    if inferred_orders:
        day = report.day.isoformat() if report.day else published
        relations += inferred_relations(doc_id, doc.parse, events, times, day, relations)
        if len(events) > MAX_EVENTS:
            doc.warnings.append(f"{len(events)} events: orderings the text does not state are not inferred "
                                f"past {MAX_EVENTS} (the check against every earlier ordering grows with the "
                                "square of the events)")
    doc.times, doc.events, doc.relations = times, events, relations
    doc.timeline = build_timeline(events, relations)
    doc.warnings.extend(_warnings(doc, times, published))
    return doc


@dataclass(frozen=True)
class _Report:
    """The report's own day, and how it is recorded as an anchor (the publication, or the dateline)."""

    day: date | None
    kind: str
    ref: str | None = None


def _report(text: str, times: list[TimeExpression], published: date | None,
            doc_id: str) -> tuple[_Report, list[AnchorRegion], tuple[TimeExpression, date] | None]:
    """The report's day: the dateline's when it names one up to a week before publication, and then
    the region after it that counts from it; also the dateline read, if any."""
    read = dateline(text, times, published)
    if read is None or not report_day(read[1], published) or read[1] == published:
        return _Report(published, "publication"), [], read
    time, said = read
    ref = content_id("time", doc_id, time.start, time.end, said.isoformat())
    return _Report(said, "mention", ref), [AnchorRegion(time.end, len(text), said, "mention", ref)], read


def _regions(quote: Quote, spoken: Spoken, report: _Report) -> list[AnchorRegion]:
    """The quote's words, anchored to its speech day, or to the report's day when the text gives none."""
    if spoken.how == "report":
        return [AnchorRegion(start, end, report.day, report.kind, report.ref) for start, end in quote.content.spans]
    return [AnchorRegion(start, end, spoken.day, "speech", quote.id) for start, end in quote.content.spans]


def _fix_dateline(times: list[TimeExpression], read: tuple[TimeExpression, date], doc_id: str,
                  published: str | None) -> None:
    """The dateline's value is the day it names, its year from the publication date (never the tense)."""
    line, said = read
    for time in times:
        if time.start == line.start and time.end == line.end:
            value = said.isoformat()
            time.value, time.error = value, None
            time.id = content_id("time", doc_id, time.start, time.end, value)
            anchor = TimeAnchor("none") if re.search(r"\d{4}", time.text) else TimeAnchor("publication", published)
            time.time = TimeValue(value, value, value, value, "day", None, anchor)


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
