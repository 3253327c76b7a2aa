"""Read and check the stories gold set: news stories we wrote, with every quote annotated by hand.

One JSON file per story under ``benchmarks/data/stories/{dev,test}/`` (the format is documented in
``benchmarks/data/stories/README.md``). Quotes, times and events name their text by exact substrings
(with an ``occurrence`` when a substring appears more than once), so an annotator never counts
characters; :func:`load_story` turns them into offsets and refuses anything ambiguous or missing.

    python -m veracity.eval.stories validate benchmarks/data/stories/dev/*.json
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

KINDS = frozenset({"direct", "indirect", "mixed", "partial"})
PERSON_TYPES = frozenset({"person", "organisation", "outlet", "unnamed", "group"})
RELATIONS = frozenset({"before", "after", "includes", "during", "simultaneous", "overlap", "unknown"})


class StoryFormatError(ValueError):
    """A gold story that does not follow the documented format (the message names file and field)."""


@dataclass(frozen=True)
class GoldParty:
    """A person, organisation or outlet of the story; ``names`` are every acceptable way to name them."""

    id: str
    names: tuple[str, ...]
    type: str

    @property
    def name(self) -> str:
        return self.names[0]


@dataclass(frozen=True)
class GoldQuote:
    id: str
    spans: tuple[tuple[int, int], ...]  # the content's fragments, character offsets into the text
    kind: str
    speaker: str | None  # a party id, None when the text names no source
    addressee: str | None
    medium: str | None
    parent: str | None
    denial: bool
    denies: str | None  # id of the quote (or event) the denial contradicts, when it is in the story

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]


@dataclass(frozen=True)
class GoldTime:
    span: tuple[int, int]
    value: str  # TimeML value (2025-07-03, 2024, 2022-02, PXD, XXXX ...)
    in_quote: str | None  # the quote it is said inside, if any


@dataclass(frozen=True)
class GoldEvent:
    id: str
    span: tuple[int, int]  # the trigger: a verb or noun ("call", "invasion", "fundraiser")
    type: str
    earliest_start: str | None
    latest_end: str | None
    believed: bool
    recounted_in: str | None  # the quote that recounts it, when it is told inside speech


@dataclass(frozen=True)
class GoldEventRelation:
    source: str
    target: str
    relation: str
    qualifier: str | None


@dataclass
class GoldStory:
    id: str
    path: Path
    text: str
    published: str
    genre: str
    parties: dict[str, GoldParty] = field(default_factory=dict)
    quotes: list[GoldQuote] = field(default_factory=list)
    times: list[GoldTime] = field(default_factory=list)
    events: list[GoldEvent] = field(default_factory=list)
    event_relations: list[GoldEventRelation] = field(default_factory=list)


def _find(text: str, needle: str, occurrence: int | None, after: int, where: str) -> tuple[int, int]:
    """Offsets of ``needle`` in ``text``: its ``occurrence``-th appearance, else its only one at or after
    ``after`` (a fragment of a split quote is looked for after the fragment before it)."""
    if not needle or needle != needle.strip():
        raise StoryFormatError(f"{where}: empty text or text with spaces at its ends: {needle!r}")
    positions = []
    start = text.find(needle)
    while start != -1:
        positions.append(start)
        start = text.find(needle, start + 1)
    if not positions:
        raise StoryFormatError(f"{where}: {needle!r} is not in the text")
    if occurrence is not None:
        if not 1 <= occurrence <= len(positions):
            raise StoryFormatError(f"{where}: occurrence {occurrence} of {needle!r}, but it occurs "
                                   f"{len(positions)} time(s)")
        begin = positions[occurrence - 1]
    else:
        later = [p for p in positions if p >= after]
        if len(later) != 1:
            raise StoryFormatError(f"{where}: {needle!r} occurs {len(positions)} times; give "
                                   f"\"occurrence\" (1-based) to say which")
        begin = later[0]
    return begin, begin + len(needle)


def _text_list(value: Any, where: str) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(i, str) for i in items):
        raise StoryFormatError(f"{where}: must be a string or a non-empty list of strings")
    return items


def _party_ref(value: Any, parties: dict[str, GoldParty], where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or value not in parties:
        raise StoryFormatError(f"{where}: {value!r} is not an id in \"people\"")
    return value


def _parties(data: list[dict[str, Any]], where: str) -> dict[str, GoldParty]:
    parties: dict[str, GoldParty] = {}
    for index, item in enumerate(data):
        here = f"{where}.people[{index}]"
        party_id, names, kind = item.get("id"), item.get("names"), item.get("type", "person")
        if not isinstance(party_id, str) or party_id in parties:
            raise StoryFormatError(f"{here}: missing or repeated id")
        if kind not in PERSON_TYPES:
            raise StoryFormatError(f"{here}: type {kind!r} is not one of {sorted(PERSON_TYPES)}")
        parties[party_id] = GoldParty(party_id, tuple(_text_list(names, f"{here}.names")), kind)
    return parties


def _quotes(text: str, data: list[dict[str, Any]], parties: dict[str, GoldParty],
            where: str) -> list[GoldQuote]:
    quotes: list[GoldQuote] = []
    ids = {q.get("id") for q in data}
    for index, item in enumerate(data):
        here = f"{where}.quotes[{index}]"
        fragments: list[tuple[int, int]] = []
        after = 0
        occurrence = item.get("occurrence")
        for piece in _text_list(item.get("content"), f"{here}.content"):
            span = _find(text, piece, occurrence if not fragments else None, after, f"{here}.content")
            fragments.append(span)
            after = span[1]
        kind = item.get("kind")
        if kind not in KINDS:
            raise StoryFormatError(f"{here}: kind {kind!r} is not one of {sorted(KINDS)}")
        parent = item.get("parent")
        if parent is not None and (parent not in ids or parent == item.get("id")):
            raise StoryFormatError(f"{here}: parent {parent!r} is not another quote's id")
        denies = item.get("denies")
        quotes.append(GoldQuote(
            id=str(item.get("id")), spans=tuple(fragments), kind=kind,
            speaker=_party_ref(item.get("speaker"), parties, f"{here}.speaker"),
            addressee=_party_ref(item.get("addressee"), parties, f"{here}.addressee"),
            medium=_party_ref(item.get("medium"), parties, f"{here}.medium"),
            parent=parent, denial=bool(item.get("denial", False)),
            denies=denies if isinstance(denies, str) else None,
        ))
    if len({q.id for q in quotes}) != len(quotes):
        raise StoryFormatError(f"{where}: quote ids must be unique")
    return quotes


def _times(text: str, data: list[dict[str, Any]], quote_ids: set[str], where: str) -> list[GoldTime]:
    times = []
    for index, item in enumerate(data):
        here = f"{where}.times[{index}]"
        span = _find(text, str(item.get("text", "")), item.get("occurrence"), 0, here)
        value, in_quote = item.get("value"), item.get("in_quote")
        if not isinstance(value, str) or not value:
            raise StoryFormatError(f"{here}: needs a TimeML \"value\"")
        if in_quote is not None and in_quote not in quote_ids:
            raise StoryFormatError(f"{here}: in_quote {in_quote!r} is not a quote id")
        times.append(GoldTime(span, value, in_quote))
    return times


def _events(text: str, data: list[dict[str, Any]], quote_ids: set[str],
            where: str) -> tuple[list[GoldEvent], list[GoldEventRelation]]:
    events, relations = [], []
    ids = {e.get("id") for e in data}
    for index, item in enumerate(data):
        here = f"{where}.events[{index}]"
        span = _find(text, str(item.get("text", "")), item.get("occurrence"), 0, here)
        recounted = item.get("recounted_in")
        if recounted is not None and recounted not in quote_ids:
            raise StoryFormatError(f"{here}: recounted_in {recounted!r} is not a quote id")
        events.append(GoldEvent(str(item.get("id")), span, str(item.get("type", "other")),
                                item.get("earliest_start"), item.get("latest_end"),
                                bool(item.get("believed", False)), recounted))
        for link in item.get("relations", []):
            relation, target = link.get("relation"), link.get("to")
            if relation not in RELATIONS or target not in ids:
                raise StoryFormatError(f"{here}: relation {relation!r} to {target!r} (relations: "
                                       f"{sorted(RELATIONS)}; \"to\" an event id)")
            relations.append(GoldEventRelation(str(item.get("id")), target, relation, link.get("qualifier")))
    return events, relations


def load_story(path: str | Path) -> GoldStory:
    """One gold story, with every substring resolved to offsets; raises StoryFormatError if malformed."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StoryFormatError(f"{path}: not a readable JSON file ({exc})") from exc
    where = path.name
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        raise StoryFormatError(f"{where}: needs the story's \"text\"")
    parties = _parties(data.get("people", []), where)
    quotes = _quotes(text, data.get("quotes", []), parties, where)
    quote_ids = {q.id for q in quotes}
    events, relations = _events(text, data.get("events", []), quote_ids, where)
    return GoldStory(
        id=str(data.get("id") or path.stem), path=path, text=text, published=str(data.get("published", "")),
        genre=str(data.get("genre", "")), parties=parties, quotes=quotes,
        times=_times(text, data.get("times", []), quote_ids, where), events=events,
        event_relations=relations,
    )


def load_stories(directory: str | Path) -> list[GoldStory]:
    """Every story of one half (``dev`` or ``test``), in file-name order."""
    paths = sorted(Path(directory).glob("*.json"))
    if not paths:
        raise StoryFormatError(f"no story files (*.json) in {directory}")
    return [load_story(p) for p in paths]


def main(argv: list[str] | None = None) -> int:
    """``validate FILE...``: load each story and print its counts, or the first problem found."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2 or args[0] != "validate":
        print("usage: python -m veracity.eval.stories validate FILE...", file=sys.stderr)
        return 2
    failed = 0
    for name in args[1:]:
        try:
            story = load_story(name)
        except StoryFormatError as exc:
            print(f"FAIL {exc}")
            failed += 1
            continue
        nested = sum(q.parent is not None for q in story.quotes)
        print(f"ok   {name}: {len(story.quotes)} quotes ({nested} nested, "
              f"{sum(q.denial for q in story.quotes)} denials), {len(story.times)} times, "
              f"{len(story.events)} events")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
