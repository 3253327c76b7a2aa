"""Cues the tagger missed: the telling verb right before words it found without one.

The tagger sometimes finds the words of a report and not its verb ("Pettigrew had told [the jury the payments
were …]" with "told" untagged); linked to no cue, the words were lost. The verb right before them, whose object or
clause they are, is their cue when it only ever reports words, when no tagged cue is near, and when neither the
words nor the verb sit inside another report.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from veracity.lang.en.speech_words import TELLING_VERBS
from veracity.text.drafts import SpanIndex
from veracity.text.parse import lemma
from veracity.text.tagging import TaggedSpan

_OWN_CUE_REACH = 30  # characters either side of untagged words where a tagged cue of theirs would be


def with_missed_cues(tagged: Sequence[TaggedSpan], text: str, parse: Any) -> list[TaggedSpan]:
    """Add the cue of a content the tagger found without one: "Pettigrew had told [the jury the payments were
    …]" with "told" untagged. The speech verb right before the words, whose object or clause they are, is it."""
    if parse is None:
        return list(tagged)
    cues = SpanIndex([s for s in tagged if s.role == "cue"])
    contents = SpanIndex([s for s in tagged if s.role == "content"])
    added = []
    for content in contents.items:
        if any(other is not content and other.start <= content.start - 1 and content.end <= other.end + 1
               for other in contents.overlapping(content.start - 1, content.end)):
            continue  # words inside another's report ("officials said X told the cabinet that …") are nested
        words = parse.char_span(content.start, content.end, alignment_mode="expand")
        if words is None or not len(words) or words.start == 0:
            continue
        verb = parse[words.start - 1]
        if contents.overlapping(verb.idx, verb.idx + 1):
            continue  # the verb is in someone's words: a report inside a report
        after = min(content.end + _OWN_CUE_REACH, words[-1].sent.end_char)
        if cues.starting_in(max(verb.sent.start_char, verb.idx - _OWN_CUE_REACH), after):
            continue  # the words have a cue of their own near them ("…, she said")
        ancestors = {t.i for t in verb.ancestors}
        clause_start = max(verb.sent.start_char, text.rfind("\n", max(0, verb.idx - 2000), verb.idx) + 1)
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and any(
                _head_token(parse, cue) in ancestors for cue in cues.starting_in(clause_start, verb.idx)):
            continue  # "wrote to the chairman … to say that …": the infinitive goes on from a tagged cue
        if verb.pos_ == "VERB" and lemma(verb) in TELLING_VERBS and verb.dep_ != "relcl" and any(
                t.head.i == verb.i for t in words if t.dep_ in ("ccomp", "dobj", "dative", "xcomp")):
            first = verb.i  # with its auxiliaries, as PolNeAR marks a cue: "had told", "should say"
            while first > 0 and parse[first - 1].dep_ in ("aux", "neg", "advmod") and parse[first - 1].head.i == verb.i:
                first -= 1
            added.append(TaggedSpan("cue", parse[first].idx, verb.idx + len(verb.text), content.score))
    return sorted([*tagged, *added], key=lambda s: (s.start, s.end))


def _head_token(parse: Any, span: TaggedSpan) -> int | None:
    words = parse.char_span(span.start, span.end, alignment_mode="expand")
    return words.root.i if words is not None and len(words) else None
