"""Where a cue begins and ends: with the adverbs on its verb, on the colon that introduces the words, not on a
bare preposition.

PolNeAR's annotators take a colon right after the cue into it ("continued:", "said:": 443 times against
24 in the training split), and end a cue that runs on into a preposition whose object it leaves out
("said of", "said in", "tweeted in") at its verb; the tagger does neither reliably. (Whether the day
after the verb belongs to the cue, "said Friday", they decide about half the time each way: left as the
tagger has it.) An adverb right before the cue's verb ("also said", "even suggesting", "powerfully
highlights") they take into the cue, 950 times against 144 in the training split. And where the words
said are the object of a preposition ("expressed deep concern about the policy", "accusing her of being
asleep"), the cue runs up to that preposition: in the training split a cue ends on "about" 531 times
against 49 that stop right before it, on "of" 506 against 96, on "for" 448 against 80, on "with" 124 against
46, on "on" 382 against 154 (but on "by", "in" and "from" they mostly stop before it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from veracity.lang.en.speech_words import SPEECH_VERBS
from veracity.text.drafts import Draft, overlaps
from veracity.text.parse import lemma


def cues_with_their_adverbs(parse: Any, drafts: list[Draft]) -> None:
    """Widen each cue leftwards over the adverbs right before it that modify a word of the cue."""
    if parse is None:
        return
    for draft, (_, cue_end), cue in _cues(parse, drafts):
        first = cue.start
        while first > 0 and parse[first - 1].pos_ == "ADV" and parse[first - 1].dep_ == "advmod" \
                and cue.start <= parse[first - 1].head.i < cue.end:
            first -= 1
        if first == cue.start:
            continue
        widened = (parse[first].idx, cue_end)
        taken = [*draft.content, *([draft.source] if draft.source else [])]
        if not any(overlaps(widened, span) for span in taken):
            draft.cue = widened


def cues_with_their_particle(text: str, drafts: list[Draft]) -> None:
    """Widen a retort's cue over its "back" ("Farouk shot | back"): the verb alone says nothing of speech."""
    for draft in drafts:
        if draft.cue is None:
            continue
        back = _BACK.match(text, draft.cue[1])
        if back is not None and _RETORT.search(text, draft.cue[0], draft.cue[1]) and not any(
                start < back.end() and draft.cue[1] < end for start, end in draft.content):
            draft.cue = (draft.cue[0], back.end())


_BACK = re.compile(r"[ \t]+back\b")
_RETORT = re.compile(r"\b(?:shot|shoots|shooting|hit|hits|hitting|fired|fires|firing|snapped|snaps|bit|bites|pushed|"
                     r"pushes|pushing|fought|fights|struck|strikes|wrote|writes|talked|talks)\s*$")


def cues_with_their_colon(text: str, drafts: list[Draft]) -> None:
    """Widen each cue over the colon written right after it, when the words do not begin before it."""
    for draft in drafts:
        if draft.cue is None:
            continue
        colon = _COLON.match(text, draft.cue[1])
        if colon is not None and all(start >= colon.end() for start, _ in draft.content):
            draft.cue = (draft.cue[0], colon.end())


_COLON = re.compile(r"[ \t]*:")


def cues_without_dangling_preposition(text: str, parse: Any, drafts: list[Draft]) -> None:
    """End a cue at its speech verb when all that follows the verb is a preposition ("said of" → "said")."""
    if parse is None:
        return
    for draft in drafts:
        if draft.cue is None:
            continue
        dangling = _DANGLING.search(text, draft.cue[0], draft.cue[1])
        if dangling is None:
            continue
        verb = parse.char_span(*dangling.span("verb"))
        if verb is not None and len(verb) == 1 and lemma(verb[0]) in SPEECH_VERBS:
            draft.cue = (draft.cue[0], dangling.end("verb"))


def cues_without_a_modifier_of_what_follows(parse: Any, drafts: list[Draft]) -> None:
    """End a cue before a last word that modifies a word after it: "said last | week" → "said" (half of a
    time is no part of the saying), "told the | jury" → "told"."""
    if parse is None:
        return
    for draft, (cue_start, _), cue in _cues(parse, drafts):
        last = cue.end - 1
        while last > cue.start and parse[last].head.i >= cue.end and parse[last].dep_ in _MODIFIERS:
            last -= 1
        if last < cue.end - 1:
            draft.cue = (cue_start, parse[last].idx + len(parse[last].text))


_MODIFIERS = frozenset({"det", "amod", "nummod", "compound", "poss", "predet"})


def _cues(parse: Any, drafts: list[Draft]) -> Iterator[tuple[Draft, tuple[int, int], Any]]:
    """Each draft with a cue: the draft, the cue's offsets and its tokens."""
    for draft in drafts:
        cue = parse.char_span(*draft.cue, alignment_mode="expand") if draft.cue is not None else None
        if draft.cue is not None and cue is not None and len(cue):
            yield draft, draft.cue, cue


def cues_through_their_preposition(text: str, parse: Any, drafts: list[Draft]) -> None:
    """Widen a cue over the few words that lead from it to its content when they end on the preposition
    whose object the content is ("has expressed deep concern" + "about" → "has expressed deep concern
    about"); words that name the source or the hearer, or hold a preposition of their own, stay outside."""
    if parse is None:
        return
    for draft in drafts:
        if draft.cue is None or not draft.content:
            continue
        after = [start for start, _ in draft.content if start >= draft.cue[1]]
        if not after:
            continue
        gap = parse.char_span(draft.cue[1], min(after), alignment_mode="contract")
        if gap is None or not 1 <= len(gap) <= _MOST_WORDS_BEFORE_THE_PREPOSITION \
                or text[draft.cue[1]:min(after)].strip() != gap.text:  # (not parse.text: rebuilt per call)
            continue
        *lead, preposition = gap
        if preposition.lower_ not in _TOPIC_PREPOSITIONS or any(
                t.is_punct or t.pos_ in ("ADP", "VERB", "AUX", "SCONJ") for t in lead):
            continue
        if not lead and preposition.lower_ in _BARE_AFTER_SPEECH and _is_speech_verb(parse, draft.cue):
            continue  # "said of" stays "said" (cues_without_dangling_preposition)
        widened = (draft.cue[0], preposition.idx + len(preposition))
        named = [span for span in (draft.source, draft.hearer, draft.carrier) if span is not None]
        if not any(overlaps((gap.start_char, gap.end_char), span) for span in named):
            draft.cue = widened


_MOST_WORDS_BEFORE_THE_PREPOSITION = 4
_TOPIC_PREPOSITIONS = frozenset({"about", "of", "for", "on", "against", "with", "as", "at", "behind", "into",
                                 "toward", "towards", "over"})
_BARE_AFTER_SPEECH = frozenset({"of", "at"})


def _is_speech_verb(parse: Any, cue: tuple[int, int]) -> bool:
    words = parse.char_span(*cue, alignment_mode="expand")
    return words is not None and len(words) == 1 and lemma(words[0]) in SPEECH_VERBS


_DANGLING = re.compile(r"\b(?P<verb>[A-Za-z]+)\s+(?:of|in|at)\s*$")

