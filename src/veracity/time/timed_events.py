"""Events the learned detector finds that a time expression governs: "approved in August 2024", "has led the
union since 2020", "In a televised address on Wednesday night".

The word lists (``event_words``) know a few dozen event words; a story's key events are often others
("served", "testified", "donated", "the match"). The detector (``event_detector``) finds them, but TimeML
marks an event in nearly every clause, and a timeline of every one would bury the story. A date is
what makes an event worth a place on the timeline, so only the detected events a DATE or TIME
expression hangs from in the parse are kept: walking up from the expression's head word through
prepositions and nouns, the first detected event reached, before any other verb. Each keeps that
expression as its date.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from veracity.model import TimeExpression
from veracity.time.event_detector import DetectedEvent, load_event_detector

_MAX_STEPS = 4  # time -> "in" -> noun -> "of" -> event at most
_ARGUMENTS = ("nsubj", "nsubjpass", "dobj", "prt", "attr")
_MODIFIERS = ("det", "poss", "amod", "compound", "nummod", "case", "nmod", "quantmod")
# A state ("we know", "had dinner", "want") is not something that happened on a day. Reporting events stay
# ("announced on Monday", "told his shadow cabinet on Thursday"): ``story_events`` drops those that are a
# quote's cue, which already have their speech event.
_SKIPPED_CLASSES = frozenset({"STATE", "I_STATE"})
# Surer than the TempEval operating point (the model's own threshold): a timeline entry a reader must discard
# costs more than a missed one. Chosen on the stories' dev half (see benchmarks/RESULTS.md).
MIN_PROBABILITY = 0.6


@dataclass(frozen=True)
class TimedEvent:
    start: int  # the event word (TimeML's extent), what the timeline highlights
    end: int
    word: str
    label: str  # the word with its subject and object, as the timeline shows it
    pos: str
    time: TimeExpression


def _governor(span: Any, is_event: Callable[[Any], bool]) -> Any | None:
    """The detected event the time expression's head hangs from, if no other verb comes first."""
    token = span.root
    for _ in range(_MAX_STEPS):
        if token.head.i == token.i:
            return None
        token = token.head
        if is_event(token):
            return token
        if token.pos_ in ("VERB", "AUX"):
            return None
    return None


def _core(token: Any) -> list[Any]:
    """A noun phrase's head with its determiners and modifiers, without appositions or clauses."""
    words = [token]
    for child in token.children:
        if child.dep_ in _MODIFIERS:
            words += _core(child)
    return words


def _label(token: Any) -> str:
    """"the committee approved the Greyfield incinerator": the event word with its subject and object."""
    words = _core(token) if token.pos_ == "NOUN" else [token]
    for child in token.children:
        if child.dep_ in _ARGUMENTS:
            words += _core(child)
    words.sort(key=lambda t: t.i)
    return "".join(t.text_with_ws if after is not None and after.i == t.i + 1 else t.text + " "
                   for t, after in zip(words, [*words[1:], None], strict=True)).strip()


def _in_running_text(text: str, start: int) -> bool:
    """Not in a headline or byline ("Updated 1 July 2026", "Published 17 January"): its line ends a sentence."""
    line_end = text.find("\n", start)
    line = text[start:line_end if line_end >= 0 else len(text)].rstrip()
    return line.endswith((".", "!", "?", '"', "”", "’", "'", ":"))


def timed_events(parse: Any, times: Sequence[TimeExpression], text: str | None = None) -> list[TimedEvent]:
    """Detected events, other than speech and states, that a date or time in the same sentence governs.

    Only the words on the way up from each time expression are judged, not the whole text: the detector
    then costs a fraction of the time stage rather than doubling it. ``text``: the parsed text, when the
    caller has it (spaCy builds ``parse.text`` from the tokens on every access)."""
    detector = load_event_detector()
    judged: dict[int, DetectedEvent | None] = {}
    text = parse.text if text is None else text

    def is_event(token: Any) -> bool:
        if token.i not in judged:
            event = detector.judge(token)
            keep = event is not None and event.cls not in _SKIPPED_CLASSES \
                and event.probability >= MIN_PROBABILITY and _in_running_text(text, event.start)
            judged[token.i] = event if keep else None
        return judged[token.i] is not None

    found: dict[int, TimedEvent] = {}
    for time in times:
        if time.type not in ("DATE", "TIME") or (time.time.earliest_start is None and time.time.latest_end is None):
            continue  # a date that places nothing ("for years") dates no event
        span = parse.char_span(time.start, time.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        token = _governor(span, is_event)
        if token is None or token.i in found:
            continue
        if "\n" in text[min(token.idx, time.start) : max(token.idx, time.start)]:
            continue  # the parser ran a headline into the dateline's sentence: a date dates its own paragraph

        found[token.i] = TimedEvent(token.idx, token.idx + len(token.text), token.text, _label(token), token.pos_,
                                    time)
    return [found[i] for i in sorted(found)]
