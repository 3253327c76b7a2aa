"""Score predicted quotes and times against the hand-written stories gold set (``veracity.eval.stories``).

A reader checking a story cares whether each quote was found and pinned on the right person, not
whether its edges include a comma or a "that", so quotes are matched by their words: a prediction
matches a gold quote when the word-token F1 of their contents is at least ``MATCH_F1``, one to one,
greedily, best pair first. Everything else (speaker, addressee, medium, parent, denial) is judged on
the matched pairs, and a gold quote nobody found counts as wrong on every role it has.

Names are compared after casefolding and normalising whitespace, apostrophes and a possessive "'s";
the gold lists every acceptable name of each party, and a description ("the 64-year-old") is not one,
so an unresolved speaker scores as wrong. Predictions are system-neutral (:class:`StoryPrediction`),
built from our :class:`~veracity.model.Document` by :func:`from_document` or from textacy's
attributions by :func:`from_attributions`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from veracity.eval.scoring import Attribution
from veracity.eval.stories import GoldEvent, GoldEventRelation, GoldParty, GoldQuote, GoldStory, GoldTime
from veracity.model import Document, PartyRef

MATCH_F1 = 0.8
# The roles a system may not predict at all; their metrics are None for it rather than zeros.
ROLES = ("addressee", "medium", "parent", "denial", "times", "events")
_INVERSE = {"before": "after", "after": "before", "during": "includes", "includes": "during",
            "simultaneous": "simultaneous", "unknown": "unknown"}

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_POSSESSIVE = re.compile(r"(?:'s|(?<=s)')$")

Span = tuple[int, int]


@dataclass(frozen=True)
class PredictedParty:
    """An addressee or medium as predicted: the words in the text and, when resolved, a name."""

    text: str
    name: str | None = None


@dataclass(frozen=True)
class PredictedQuote:
    """One predicted quote; ``spans`` are offsets into the gold story's text (for reports only)."""

    id: str
    text: str  # the content's words (fragments joined by a space): what matching compares
    spans: tuple[Span, ...] = ()
    speaker: str | None = None  # the speaker's name as the system gives it
    addressee: PredictedParty | None = None
    medium: PredictedParty | None = None
    parent: str | None = None  # id of another PredictedQuote of the same story
    is_denial: bool = False

    @property
    def start(self) -> int:
        return min((s for s, _ in self.spans), default=0)


@dataclass(frozen=True)
class PredictedTime:
    span: Span  # offsets into the gold story's text
    value: str


@dataclass
class StoryPrediction:
    quotes: list[PredictedQuote] = field(default_factory=list)
    times: list[PredictedTime] = field(default_factory=list)
    events: list[PredictedEvent] = field(default_factory=list)
    orders: dict[tuple[str, str], str] = field(default_factory=dict)  # (event id, event id) -> relation stated
    denial_links: list[tuple[str, str]] = field(default_factory=list)  # (denial's quote id, denied quote id)


@dataclass(frozen=True)
class PredictedEvent:
    """An event the story is about (not a quote's speech event): where its words are, and its interval."""

    id: str
    span: Span
    earliest_start: str | None
    latest_end: str | None


def tokens(text: str) -> list[str]:
    """Lowercased words; punctuation and quotation marks dropped, a word's inner apostrophe kept."""
    return _WORD.findall(text.casefold())


def token_f1(gold: str, predicted: str) -> float:
    """F1 of the two texts' word multisets: 1.0 for the same words, 0.0 when either has none."""
    gold_tokens, predicted_tokens = Counter(tokens(gold)), Counter(tokens(predicted))
    common = sum((gold_tokens & predicted_tokens).values())
    if not common:
        return 0.0
    precision = common / sum(predicted_tokens.values())
    recall = common / sum(gold_tokens.values())
    return 2 * precision * recall / (precision + recall)


def normalise_name(name: str) -> str:
    """The form two names are compared in: casefolded, single-spaced, curly apostrophes straightened,
    a trailing possessive dropped ("Harlan's" names Harlan)."""
    text = " ".join(name.replace("’", "'").casefold().split())
    return _POSSESSIVE.sub("", text).strip()


def names_party(candidates: Iterable[str | None], party: GoldParty) -> bool:
    """Whether any candidate string is one of the party's acceptable names."""
    accepted = {normalise_name(n) for n in party.names}
    return any(c is not None and normalise_name(c) in accepted for c in candidates)


def gold_text(story: GoldStory, quote: GoldQuote) -> str:
    return " ".join(story.text[s:e] for s, e in quote.spans)


def match_quotes(story: GoldStory, predicted: Sequence[PredictedQuote]) -> dict[str, tuple[int, float]]:
    """Gold quote id -> (index of its predicted quote, F1): one to one, greedily, best F1 first.

    Ties (the same words quoted twice) go to the pair whose starts are nearest in the text.
    """
    pairs = []
    for gold_index, gold in enumerate(story.quotes):
        text = gold_text(story, gold)
        for index, quote in enumerate(predicted):
            score = token_f1(text, quote.text)
            if score >= MATCH_F1:
                pairs.append((-score, abs(gold.start - quote.start), gold_index, index))
    matched: dict[str, tuple[int, float]] = {}
    used: set[int] = set()
    for negative_score, _, gold_index, index in sorted(pairs):
        gold_id = story.quotes[gold_index].id
        if gold_id not in matched and index not in used:
            matched[gold_id] = (index, -negative_score)
            used.add(index)
    return matched


@dataclass
class QuoteVerdict:
    """How the system did on one gold quote. Role verdicts are False when the quote was not found;
    ``addressee``/``medium`` are None when the gold has none (then ``spurious_*`` says whether the
    system invented one)."""

    gold: GoldQuote
    predicted: PredictedQuote | None
    f1: float
    speaker: bool
    addressee: bool | None
    medium: bool | None
    parent: bool
    denial: bool
    spurious_addressee: bool
    spurious_medium: bool

    @property
    def problems(self) -> list[str]:
        """What a tuner should look at, in words (empty when the quote is entirely right)."""
        if self.predicted is None:
            return ["not found"]
        named = [role for role in ("speaker", "addressee", "medium", "parent", "denial")
                 if getattr(self, role) is False]
        return named + [f"spurious {role}" for role in ("addressee", "medium")
                        if getattr(self, f"spurious_{role}")]


@dataclass
class StoryEvaluation:
    story: GoldStory
    prediction: StoryPrediction
    verdicts: list[QuoteVerdict]
    spurious: list[PredictedQuote]  # predicted quotes matched to no gold quote
    times: list[tuple[GoldTime, bool]]  # each gold time and whether a prediction got its value
    events: list[tuple[GoldEvent, PredictedEvent | None]] = field(default_factory=list)  # one to one
    denial_links: tuple[int, int, int] = (0, 0, 0)  # (predicted links right, predicted links, gold links)


def _party_right(party: PredictedParty | None, gold_id: str, story: GoldStory) -> bool:
    return party is not None and names_party((party.name, party.text), story.parties[gold_id])


def evaluate_story(story: GoldStory, prediction: StoryPrediction) -> StoryEvaluation:
    """Match the story's predicted quotes to its gold quotes and judge every role."""
    predicted = prediction.quotes
    matched = match_quotes(story, predicted)
    by_gold = {gold_id: predicted[index] for gold_id, (index, _) in matched.items()}
    verdicts = []
    for gold in story.quotes:
        quote = by_gold.get(gold.id)
        f1 = matched[gold.id][1] if gold.id in matched else 0.0
        if quote is None:
            verdicts.append(QuoteVerdict(
                gold, None, 0.0, speaker=False, addressee=False if gold.addressee else None,
                medium=False if gold.medium else None, parent=False, denial=False,
                spurious_addressee=False, spurious_medium=False,
            ))
            continue
        if gold.speaker is None:
            speaker = quote.speaker is None
        else:
            speaker = quote.speaker is not None and names_party([quote.speaker], story.parties[gold.speaker])
        expected_parent = by_gold.get(gold.parent) if gold.parent is not None else None
        if gold.parent is None:
            parent = quote.parent is None
        else:
            parent = expected_parent is not None and quote.parent == expected_parent.id
        verdicts.append(QuoteVerdict(
            gold, quote, f1, speaker,
            addressee=_party_right(quote.addressee, gold.addressee, story) if gold.addressee else None,
            medium=_party_right(quote.medium, gold.medium, story) if gold.medium else None,
            parent=parent, denial=quote.is_denial == gold.denial,
            spurious_addressee=gold.addressee is None and quote.addressee is not None,
            spurious_medium=gold.medium is None and quote.medium is not None,
        ))
    used = {index for index, _ in matched.values()}
    spurious = [q for index, q in enumerate(predicted) if index not in used]
    times = [(gold, any(_overlaps(gold.span, t.span) and t.value == gold.value for t in prediction.times))
             for gold in story.times]
    return StoryEvaluation(story, prediction, verdicts, spurious, times, _match_events(story, prediction),
                           _denial_links(story, prediction, matched))


def _denial_links(story: GoldStory, prediction: StoryPrediction,
                  matched: dict[str, tuple[int, float]]) -> tuple[int, int, int]:
    """A predicted link is right when its denial and its target are the found quotes of a gold denial and of
    the quote it ``denies`` (links to gold events are left out: the dossier links denials to quotes)."""
    quote_ids = {q.id for q in story.quotes}
    gold = {(q.id, q.denies) for q in story.quotes if q.denies in quote_ids}
    gold_of = {prediction.quotes[index].id: gold_id for gold_id, (index, _) in matched.items()}
    right = sum((gold_of.get(denial), gold_of.get(target)) in gold
                for denial, target in set(prediction.denial_links))
    return right, len(set(prediction.denial_links)), len(gold)


def _match_events(story: GoldStory, prediction: StoryPrediction) -> list[tuple[GoldEvent, PredictedEvent | None]]:
    """Each gold event with the predicted event over its trigger, one to one: the tightest overlapping
    prediction not already taken (a sentence-long prediction cannot stand for every event in it)."""
    taken: set[str] = set()
    out: list[tuple[GoldEvent, PredictedEvent | None]] = []
    for gold in story.events:
        candidates = [e for e in prediction.events if e.id not in taken and _overlaps(gold.span, e.span)]
        best = min(candidates, key=lambda e: e.span[1] - e.span[0]) if candidates else None
        if best is not None:
            taken.add(best.id)
        out.append((gold, best))
    return out


def interval_right(gold: GoldEvent, predicted: PredictedEvent) -> bool:
    """Within the gold bounds: starts no earlier and ends no later (by day); an event the gold leaves undated
    is right only when the prediction dates it not at all, an honest unknown."""
    start, end = predicted.earliest_start, predicted.latest_end
    if gold.earliest_start is None and gold.latest_end is None:
        return start is None and end is None
    if start is None and end is None:
        return False
    return ((gold.earliest_start is None or (start is not None and start[:10] >= gold.earliest_start))
            and (gold.latest_end is None or (end is not None and end[:10] <= gold.latest_end)))


def order_of(a: PredictedEvent, b: PredictedEvent, orders: dict[tuple[str, str], str]) -> str | None:
    """The order the prediction gives two events: stated (either way round), else what their intervals imply."""
    if (a.id, b.id) in orders:
        return orders[(a.id, b.id)]
    if (b.id, a.id) in orders:
        return _INVERSE.get(orders[(b.id, a.id)], orders[(b.id, a.id)])
    a1, a2, b1, b2 = (None if value is None else str(value)[:10]
                      for value in (a.earliest_start, a.latest_end, b.earliest_start, b.latest_end))
    if a2 is not None and b1 is not None and a2 < b1:  # one ends before the other starts: the other ends
        return "before"                                 # may be open ("the trial, which began on ...")
    if b2 is not None and a1 is not None and b2 < a1:
        return "after"
    if a1 is None or a2 is None or b1 is None or b2 is None:
        return None
    if (a1, a2) == (b1, b2):
        return "simultaneous"
    if b1 <= a1 and a2 <= b2:
        return "during"
    if a1 <= b1 and b2 <= a2:
        return "includes"
    return None


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _share(right: int, n: int) -> dict[str, Any]:
    return {"right": right, "n": n, "share": right / n if n else None}


class StoryScorer:
    """Accumulates story evaluations and gives the benchmark's figures."""

    def __init__(self) -> None:
        self.evaluations: list[StoryEvaluation] = []

    def add(self, story: GoldStory, prediction: StoryPrediction) -> StoryEvaluation:
        evaluation = evaluate_story(story, prediction)
        self.evaluations.append(evaluation)
        return evaluation

    def result(self, unsupported: Iterable[str] = ()) -> dict[str, Any]:
        """The figures; those of the ``unsupported`` roles (see ``ROLES``) are None.

        Shares are ``{"right", "n", "share"}`` (share None when n is 0).
        """
        missing = set(unsupported)
        if missing - set(ROLES):
            raise ValueError(f"unknown roles {sorted(missing - set(ROLES))}; roles are {ROLES}")
        verdicts = [v for e in self.evaluations for v in e.verdicts]
        found = [v for v in verdicts if v.predicted is not None]
        nested = [v for v in verdicts if v.gold.parent is not None]
        addressed = [v for v in verdicts if v.gold.addressee is not None]
        mediated = [v for v in verdicts if v.gold.medium is not None]
        predicted_denials = sum(q.is_denial for e in self.evaluations for q in e.prediction.quotes)
        gold_denials = sum(v.gold.denial for v in verdicts)
        true_denials = sum(v.gold.denial and v.predicted is not None and v.predicted.is_denial for v in verdicts)
        precision = true_denials / predicted_denials if predicted_denials else 0.0
        recall = true_denials / gold_denials if gold_denials else 0.0
        times = [item for e in self.evaluations for item in e.times]
        events = [item for e in self.evaluations for item in e.events]
        found_events = [(gold, predicted) for gold, predicted in events if predicted is not None]
        orders = [_order_right(e, relation) for e in self.evaluations for relation in e.story.event_relations]
        quoted_times = [item for item in times if item[0].in_quote is not None]
        links_right, links_predicted, links_gold = (sum(e.denial_links[i] for e in self.evaluations) for i in range(3))
        spurious = sum(len(e.spurious) for e in self.evaluations)
        out: dict[str, Any] = {
            "stories": len(self.evaluations),
            "quotes_found": _share(len(found), len(verdicts)),
            "speaker_right": _share(sum(v.speaker for v in verdicts), len(verdicts)),
            "speaker_right_given_found": _share(sum(v.speaker for v in found), len(found)),
            "nested_speaker_right": _share(sum(v.speaker for v in nested), len(nested)),
            "addressee_right": _share(sum(bool(v.addressee) for v in addressed), len(addressed)),
            "spurious_addressees": sum(v.spurious_addressee for v in verdicts),
            "medium_right": _share(sum(bool(v.medium) for v in mediated), len(mediated)),
            "spurious_media": sum(v.spurious_medium for v in verdicts),
            "parent_right": _share(sum(v.parent for v in verdicts), len(verdicts)),
            "denial": {
                "p": precision, "r": recall,
                "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
                "tp": true_denials, "n_predicted": predicted_denials, "n_gold": gold_denials,
            },
            "denial_links": _prf_block(links_right, links_predicted, links_gold),
            "spurious_quotes": spurious,
            "spurious_quotes_per_story": spurious / len(self.evaluations) if self.evaluations else 0.0,
            "time_values_right": _share(sum(ok for _, ok in times), len(times)),
            "time_values_in_quote_right": _share(sum(ok for _, ok in quoted_times), len(quoted_times)),
            "key_events_found": _share(len(found_events), len(events)),
            "event_intervals_right": _share(sum(interval_right(g, p) for g, p in found_events), len(events)),
            "event_order_right": _share(sum(orders), len(orders)),
            # found is recall alone: beside it, how many events a story's timeline holds to find them
            "events_per_story": (sum(len(e.prediction.events) for e in self.evaluations) / len(self.evaluations)
                                 if self.evaluations else 0.0),
        }
        for role, keys in (("addressee", ("addressee_right", "spurious_addressees")),
                           ("medium", ("medium_right", "spurious_media")), ("parent", ("parent_right",)),
                           ("denial", ("denial", "denial_links")),
                           ("times", ("time_values_right", "time_values_in_quote_right")),
                           ("events", ("key_events_found", "event_intervals_right", "event_order_right",
                                       "events_per_story"))):
            if role in missing:
                out.update(dict.fromkeys(keys))
        return out


def _prf_block(right: int, predicted: int, gold: int) -> dict[str, Any]:
    precision = right / predicted if predicted else 0.0
    recall = right / gold if gold else 0.0
    return {"p": precision, "r": recall, "f1": 2 * precision * recall / (precision + recall) if right else 0.0,
            "tp": right, "n_predicted": predicted, "n_gold": gold}


def _order_right(evaluation: StoryEvaluation, relation: GoldEventRelation) -> bool:
    """A gold ordering (unknown included) is right when both events were found and the prediction orders
    them the same way; a missed event makes its orderings wrong."""
    matched = {gold.id: predicted for gold, predicted in evaluation.events}
    a, b = matched.get(relation.source), matched.get(relation.target)
    return a is not None and b is not None and order_of(a, b, evaluation.prediction.orders) == relation.relation


def _party_record(story: GoldStory, party_id: str | None) -> str | None:
    return story.parties[party_id].name if party_id is not None else None


def _predicted_party(party: PredictedParty | None) -> str | None:
    if party is None:
        return None
    return party.text if party.name is None or party.name == party.text else f"{party.name} ({party.text})"


def _predicted_record(quote: PredictedQuote, parents: dict[str, PredictedQuote], f1: float | None) -> dict[str, Any]:
    parent = parents.get(quote.parent) if quote.parent is not None else None
    return {
        "text": quote.text, "spans": [list(s) for s in quote.spans], "f1": None if f1 is None else round(f1, 3),
        "speaker": quote.speaker, "addressee": _predicted_party(quote.addressee),
        "medium": _predicted_party(quote.medium),
        "parent": parent.text if parent is not None else quote.parent, "is_denial": quote.is_denial,
    }


def error_records(evaluation: StoryEvaluation) -> list[dict[str, Any]]:
    """One JSON-ready record per gold quote with a problem and per spurious predicted quote."""
    story = evaluation.story
    parents = {q.id: q for q in evaluation.prediction.quotes}
    records = []
    for verdict in evaluation.verdicts:
        problems = verdict.problems
        if not problems:
            continue
        gold = verdict.gold
        records.append({
            "story": story.id, "quote": gold.id, "problems": problems,
            "gold": {
                "text": gold_text(story, gold), "kind": gold.kind,
                "speaker": _party_record(story, gold.speaker), "addressee": _party_record(story, gold.addressee),
                "medium": _party_record(story, gold.medium), "parent": gold.parent, "denial": gold.denial,
            },
            "predicted": None if verdict.predicted is None else _predicted_record(verdict.predicted, parents,
                                                                                    verdict.f1),
        })
    for quote in evaluation.spurious:
        records.append({"story": story.id, "quote": None, "problems": ["spurious quote"], "gold": None,
                        "predicted": _predicted_record(quote, parents, None)})
    return records


def _input_offset(segments: Sequence[tuple[int, int, int]], offset: int, *, end: bool) -> int:
    """Where a cleaned-text offset lies in the input; an offset in text the cleaner inserted (a
    paragraph break replacing a dropped line) goes to the nearest copied text on its side."""
    if not segments:
        return offset
    for clean_start, input_start, length in segments:
        inside = clean_start < offset <= clean_start + length if end else clean_start <= offset < clean_start + length
        if inside:
            return input_start + offset - clean_start
    if end:
        before = [(c, i, n) for c, i, n in segments if c + n <= offset]
        clean_start, input_start, length = before[-1] if before else segments[0]
        return input_start + (length if before else 0)
    after = [(c, i, n) for c, i, n in segments if c >= offset]
    clean_start, input_start, length = after[0] if after else segments[-1]
    return input_start + (0 if after else length)


def _input_span(doc: Document, start: int, end: int) -> Span:
    segments = doc.offset_map.segments
    return _input_offset(segments, start, end=False), _input_offset(segments, end, end=True)


def _party(ref: PartyRef | None) -> PredictedParty | None:
    return PredictedParty(ref.text, ref.name) if ref is not None else None


def from_document(doc: Document) -> StoryPrediction:
    """Our analysed document as a prediction, its offsets mapped back to the input (the gold text).

    A quote is scored by the words the dossier displays as said (``content.text``), which is what the
    stories' gold annotates; the stored spans follow PolNeAR's convention and also cover what the
    words are said of ("accused the union of “playing politics”": the union is in the span)."""
    quotes = [
        PredictedQuote(
            id=quote.id,
            text=quote.content.text,
            spans=tuple(_input_span(doc, s, e) for s, e in sorted(quote.content.spans)),
            speaker=quote.speaker.name if quote.speaker is not None else None,
            addressee=_party(quote.addressee), medium=_party(quote.medium),
            parent=quote.parent, is_denial=quote.is_denial,
        )
        for quote in doc.quotes
    ]
    times = [PredictedTime(_input_span(doc, t.start, t.end), t.value) for t in doc.times]
    events = [PredictedEvent(e.id, _input_span(doc, e.start, e.end), e.when.earliest_start, e.when.latest_end)
              for e in doc.events if e.kind != "speech"]
    orders: dict[tuple[str, str], str] = {(r.source, r.target): r.relation for r in doc.relations if not r.negated}
    return StoryPrediction(quotes, times, events, orders)


def from_attributions(text: str, attributions: Sequence[Attribution]) -> StoryPrediction:
    """textacy's quotations over ``text``: the speaker is its source span's words, unresolved."""
    quotes = [
        PredictedQuote(
            id=f"textacy-{index}",
            text=" ".join(text[s:e] for s, e in found.content),
            spans=tuple(found.content),
            speaker=" ".join(text[s:e] for s, e in found.source) or None,
        )
        for index, found in enumerate(attributions)
    ]
    return StoryPrediction(quotes)
