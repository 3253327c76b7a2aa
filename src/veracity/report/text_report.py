"""The terminal summary of a dossier: who said what, nested speech indented under its parent.

It also holds the grouping every human-facing report shares (quotes by speaker, nesting), so the
HTML page and the terminal summary always agree on who said what.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from veracity.model import Document, PartyRef, Person, Quote

CONTENT_LIMIT = 200
UNATTRIBUTED = "Unattributed"


@dataclass
class SpeakerGroup:
    """One speaker's quotes in text order; ``speaker_id`` is None for the unattributed ones."""

    speaker_id: str | None
    name: str
    person: Person | None
    quotes: list[Quote]


def quote_position(quote: Quote) -> tuple[int, int]:
    """Where a quote starts and ends; quotes without any span sort last."""
    if not quote.content.spans:
        return (2**62, 2**62)
    return (quote.start, quote.end)


def quote_parents(doc: Document) -> dict[str, str]:
    """Each nested quote's parent id, without links to unknown quotes or links in a cycle."""
    known = {quote.id for quote in doc.quotes}
    parents = {
        quote.id: quote.parent
        for quote in doc.quotes
        if quote.parent and quote.parent in known and quote.parent != quote.id
    }
    # A cycle would nest quotes forever; the first quote found on one becomes a root instead.
    for quote_id in list(parents):
        seen = {quote_id}
        current = parents.get(quote_id)
        while current is not None:
            if current in seen:
                parents.pop(quote_id, None)
                break
            seen.add(current)
            current = parents.get(current)
    return parents


def quote_children(doc: Document, parents: dict[str, str]) -> dict[str, list[Quote]]:
    """The quotes nested directly inside each quote, in text order."""
    children: dict[str, list[Quote]] = defaultdict(list)
    for quote in sorted(doc.quotes, key=quote_position):
        if quote.id in parents:
            children[parents[quote.id]].append(quote)
    return children


def speaker_groups(doc: Document, *, include_silent_people: bool = False) -> list[SpeakerGroup]:
    """Quotes grouped by speaker: known people first, other speakers next, unattributed last."""
    ordered = sorted(doc.quotes, key=quote_position)
    by_speaker: dict[str | None, list[Quote]] = defaultdict(list)
    for quote in ordered:
        by_speaker[quote.speaker.id if quote.speaker else None].append(quote)
    groups: list[SpeakerGroup] = []
    seen: set[str] = set()
    for person in doc.people:
        quotes = by_speaker.get(person.id, [])
        if person.id not in seen and (quotes or include_silent_people):
            seen.add(person.id)
            groups.append(SpeakerGroup(person.id, person.name, person, quotes))
    # A speaker the speaker stage did not list among the people still gets its own group.
    for quote in ordered:
        if quote.speaker and quote.speaker.id not in seen:
            seen.add(quote.speaker.id)
            speaker = quote.speaker
            groups.append(SpeakerGroup(speaker.id, speaker.name, None, by_speaker[speaker.id]))
    if by_speaker.get(None):
        groups.append(SpeakerGroup(None, UNATTRIBUTED, None, by_speaker[None]))
    return groups


def party_label(party: PartyRef | None) -> str | None:
    """How to name an addressee or medium: its resolved name, else the words in the text."""
    if party is None:
        return None
    return party.name or party.text


def shorten(text: str, limit: int = CONTENT_LIMIT) -> str:
    """One line of at most ``limit`` characters, ending in an ellipsis when cut."""
    flat = re.sub(r"\s+", " ", text).strip()
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def header_line(doc: Document) -> str:
    """Title — site — publication date, leaving out what the article does not say."""
    meta = doc.metadata
    parts = [meta.title or "Untitled article"]
    if meta.site_name:
        parts.append(meta.site_name)
    parts.append(meta.published or "publication date unknown")
    return " — ".join(parts)


def quote_line(quote: Quote, *, show_speaker: bool = False) -> str:
    """One quote: kind, content, cue, addressee, medium, form and the denial flag."""
    parts = [f'{quote.kind} "{shorten(quote.content.text)}"']
    if quote.cue:
        parts.append(f"cue: {quote.cue.text}")
    addressee = party_label(quote.addressee)
    if addressee:
        parts.append(f"to {addressee}")
    medium = party_label(quote.medium)
    if medium:
        parts.append(f"via {medium}")
    if quote.form:
        parts.append(f"in {quote.form.text}")
    if quote.is_denial:
        parts.append("DENIAL")
    line = " | ".join(parts)
    if show_speaker:
        line = f"{quote.speaker.name if quote.speaker else UNATTRIBUTED}: {line}"
    return line


def attribution_line(attribution: Quote) -> str:
    """An attribution that gives no words, as the story puts it: "Rafael Ostos: thanked voters"."""
    who = attribution.speaker.name if attribution.speaker else (attribution.source.text if attribution.source
                                                                 else UNATTRIBUTED)
    said = f"{attribution.cue.text} {attribution.content.text}" if attribution.cue else attribution.content.text
    return f"{who}: {shorten(said)}"


def render_text(doc: Document) -> str:
    """A plain-text summary for a terminal: header, quotes per speaker, then warnings."""
    lines = [header_line(doc)]
    if doc.topics:
        lines.append("Topics: " + ", ".join(doc.topics))
    parents = quote_parents(doc)
    children = quote_children(doc, parents)

    def add_quote(quote: Quote, depth: int, parent: Quote | None) -> None:
        # A nested quote sits under its parent; it names its speaker when that is someone else.
        other_speaker = parent is not None and _speaker_id(parent) != _speaker_id(quote)
        lines.append("  " * depth + "- " + quote_line(quote, show_speaker=other_speaker))
        for child in children.get(quote.id, []):
            add_quote(child, depth + 1, quote)

    for group in speaker_groups(doc):
        roots = [quote for quote in group.quotes if quote.id not in parents]
        if not roots:
            continue
        heading = f"{group.name} ({group.person.type})" if group.person else group.name
        lines += ["", heading]
        for quote in roots:
            add_quote(quote, 1, None)
    if not doc.quotes:
        lines += ["", "No quotes found."]
    if doc.attributions:
        lines += ["", "Also reported, without their words:"]
        lines += [f"  - {attribution_line(a)}" for a in sorted(doc.attributions, key=quote_position)]
    lines += timeline_lines(doc)
    if doc.warnings:
        lines += ["", "Warnings:"] + [f"  - {warning}" for warning in doc.warnings]
    return "\n".join(lines) + "\n"


def timeline_lines(doc: Document) -> list[str]:
    """The timeline in steps (same step: order unknown), stated orderings, then the undated events."""
    if not doc.events:
        return []
    events = {e.id: e for e in doc.events}
    lines = ["", "Timeline (same step: order not known)"]
    for entry in doc.timeline:
        event = events.get(entry.event)
        if event is None:
            continue
        if entry.rank is None:
            known = f"on or before {event.when.latest_end}" if event.when.latest_end else "no date in the text"
            lines.append(f"  undated  {shorten(event.text, 80)} ({known})")
        else:
            span = f"{entry.earliest_start or '?'} – {entry.latest_end or '?'}"
            lines.append(f"  step {entry.rank + 1}  {span}  {shorten(event.text, 80)}")
    for relation in doc.relations:
        source, target = events.get(relation.source), events.get(relation.target)
        if source and target:
            word: str = "before or after (unknown)" if relation.relation == "unknown" else relation.relation
            word = ("not " if relation.negated else "") + word
            word += f" ({relation.qualifier})" if relation.qualifier else ""
            how = "claimed" if relation.quote else "stated" if relation.stated else "implied"
            flag = "  [disputed]" if relation.conflicts else ""
            lines.append(f"  {how}: {shorten(source.text, 60)} — {word} — {shorten(target.text, 60)}{flag}")
    return lines


def _speaker_id(quote: Quote) -> str | None:
    return quote.speaker.id if quote.speaker else None
