"""The date the parse gives an event the word lists found but could not date.

The word lists date an event by what stands next to it ("the meeting on Monday", "the 2017 crisis"). A
story as often puts something between: a place ("a members' dinner in Northgate last November"), a
clause ("the two-day summit that opened on April 23", "a phone call he had with an executive in November
2021"), the date on the verb of which the event is the occasion ("gave evidence on Monday at the first
public hearing"), or on the verb that says when it took place ("the hearing was held on Tuesday"). In the parse
each of these is a short walk from the time expression to the event word.

A clause that says the event began ("which began on January 20", "that opened on April 23") gives only its
start; one that says it ended, only its end: a three-week trial is not a day long.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from veracity.lemmas import lemma
from veracity.model import TimeExpression

Part = Literal["whole", "start", "end"]

_MAX_STEPS = 5
# Prepositions that make an event the occasion of its clause: "spoke at a rally on Monday", "said during the
# debate on Tuesday", "told in a police interview in May". Not "after"/"before"/"since", which date around it.
_OCCASION = frozenset({"at", "during", "in"})
# ... and where words were said: "said on the earnings call" (not a dated verb's "on": "is on trial").
_SPOKEN_AT = _OCCASION | {"on"}
# Verbs whose object is an event that took place when they did: "held a meeting on Monday".
_HOSTING = frozenset({"hold", "host", "attend", "stage", "chair", "convene", "organise", "organize", "address", "lead",
                      "join", "have"})
# Verbs whose object is the audience of what is said there: "told a hearing", "addressed a rally".
_ADDRESSING = frozenset({"tell", "address", "brief"})
# A clause that dates the telling of an event, not the event: "a recording of a call published on Tuesday".
_TELLING = frozenset({"publish", "release", "leak", "report", "broadcast", "air", "obtain", "post", "reveal",
                      "disclose", "cite", "quote", "show", "play", "hear", "see", "read", "describe", "mention",
                      "recount", "reprint", "share", "film", "record", "tape"})
# Verbs that say when their subject took place: "the hearing was held on Tuesday", "talks are due to resume in
# Geneva on October 20", "a vote is expected at the December cabinet meeting", "the meeting was on Monday".
_OCCURS = frozenset({"hold", "take", "happen", "occur", "begin", "start", "open", "resume", "commence", "end",
                     "close", "conclude", "finish", "be", "expect", "schedule", "set", "plan"})
# Events over in a moment: what they did, they did when they happened ("an air strike on the town on Thursday
# killed nine people").
_SUDDEN = frozenset({"strike", "airstrike", "bombing", "firebombing", "attack", "blast", "explosion", "blaze", "fire",
                     "crash", "shooting", "earthquake"})
_BEGINS = frozenset({"begin", "start", "open", "commence", "launch"})
_ENDS = frozenset({"end", "close", "conclude", "finish", "collapse"})


@dataclass(frozen=True)
class GovernedDate:
    time: TimeExpression
    part: Part  # which end of the event the date bounds, or the whole of it


class GovernedDates:
    """For each word of a parse, the time expression that dates it (if any), found once per document."""

    def __init__(self, parse: Any, times: Sequence[TimeExpression]) -> None:
        self.parse = parse
        self._hung: dict[int, TimeExpression] = {}  # token index -> the time that hangs from it
        for time in times:
            if time.type not in ("DATE", "TIME") or not time.time.known:
                continue
            span = parse.char_span(time.start, time.end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            token = span.root
            for _ in range(_MAX_STEPS):
                if token.head.i == token.i:
                    break
                token = token.head
                self._hung.setdefault(token.i, time)
                if token.pos_ in ("VERB", "AUX"):
                    break  # a date belongs to its own clause

    def of(self, start: int, end: int) -> GovernedDate | None:
        """The date of the event whose words are ``text[start:end]``: one that hangs from its head word, from a
        clause on it, or from the verb of which it is the occasion or hosted object."""
        span = self.parse.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return None
        head = span.root
        if head.i in self._hung:
            return GovernedDate(self._hung[head.i], "whole")
        for clause in head.children:
            if clause.dep_ in ("relcl", "acl") and clause.i in self._hung and _lemma(clause) not in _TELLING:
                return GovernedDate(self._hung[clause.i], _part(_lemma(clause)))
        if head.dep_ in ("nsubj", "nsubjpass"):
            for verb in _with_complements(head.head):
                if _lemma(verb) in _OCCURS and verb.i in self._hung:
                    return GovernedDate(self._hung[verb.i], _part(_lemma(verb)))
            if _lemma(head) in _SUDDEN and head.head.i in self._hung:  # "the strike … on Thursday killed nine"
                return GovernedDate(self._hung[head.head.i], "whole")
        verb = None
        if head.dep_ == "pobj" and head.head.lower_ in _OCCASION and head.head.dep_ == "prep":
            verb = head.head.head
        elif head.dep_ == "dobj" and _lemma(head.head) in _HOSTING:
            verb = head.head
        if verb is not None and verb.pos_ in ("VERB", "AUX") and verb.i in self._hung:
            return GovernedDate(self._hung[verb.i], "whole")
        return None

    def occasion(self, start: int, end: int) -> Any | None:
        """The verb of which the event ``text[start:end]`` is the occasion or the audience, dated or not ("spoke
        at a rally", "said on the earnings call", "told a hearing"), or None: the words said there were said
        during it, so the event takes their speech time."""
        span = self.parse.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return None
        head = span.root
        if head.dep_ == "pobj" and head.head.lower_ in _SPOKEN_AT and head.head.dep_ == "prep":
            verb = head.head.head
        elif head.dep_ in ("dobj", "dative") and _lemma(head.head) in _ADDRESSING:
            verb = head.head
        else:
            return None
        return verb if verb.pos_ in ("VERB", "AUX") else None


def _lemma(token: Any) -> str:
    return lemma(token).lower()


def _part(verb: str) -> Part:
    return "start" if verb in _BEGINS else "end" if verb in _ENDS else "whole"


def _with_complements(verb: Any) -> list[Any]:
    """A verb and the open complements it governs ("are due to resume": are, resume)."""
    chain = [verb]
    while len(chain) < 4:
        following = [c for c in chain[-1].children if c.dep_ in ("xcomp", "acomp")]
        if not following:
            break
        chain.append(following[0])
        chain += [c for c in following[0].children if c.dep_ == "xcomp"][:1]
    return chain
