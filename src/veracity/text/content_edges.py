"""Where unquoted words end: with the last words of their clause, not a few words short of it.

The tagger sometimes stops an indirect quote just before a trailing adverbial ("said he had reported it to
police | the following day."), though the parser hangs those words on a verb of the quote. Words that run
to the end of the sentence and all depend on a word inside the quote are the quote's; and words that open a
quotation run to its closing mark.
"""

from __future__ import annotations

import re
from typing import Any

from veracity.text.direct_speech import put_to_the_subject
from veracity.text.drafts import Draft, DraftSpan, SpanIndex
from veracity.text.nominal_claims import said_of_a_claim

_MAX_WORDS = 6  # a trailing adverbial, not a clause of its own
_MAX_WORDS_WITH_TITLE = 14  # the same, holding a title in quotation marks
_MAX_ANSWER_REACH = 200  # characters past the one asked: the rest of their sentence, not the story


def contents_to_their_clause_end(text: str, parse: Any, drafts: list[Draft]) -> None:
    """Widen a quote's last piece over the words between it and its sentence's end that the parser attaches
    inside it (never over a quotation mark, nor over words another quote holds: "said A and that B" stays
    two claims)."""
    if parse is None:
        return
    taken = _held_spans(drafts)
    for draft in drafts:
        if draft.cue is None or draft.from_marks or not draft.content:
            continue
        start, end = draft.content[-1]
        if draft.cue[0] >= end or (draft.source is not None and draft.source[0] >= end):
            continue  # the attribution comes after the words: they end where it begins
        words = parse.char_span(start, end, alignment_mode="contract")
        if words is None or not len(words) or words.end >= len(parse):
            continue
        sentence = parse[words.end - 1].sent
        tail = [t for t in parse[words.end : sentence.end] if not t.is_space]
        while tail and tail[-1].is_punct and tail[-1].text in ".!?":
            tail.pop()
        marks = [t for t in tail if t.is_quote]
        if not tail or len(tail) > (_MAX_WORDS_WITH_TITLE if marks else _MAX_WORDS) or len(marks) % 2 or any(
                t.is_punct and not t.is_quote for t in tail):
            continue  # (a title in marks rides along: 'when he appears on the broadcaster's "Sunday Square" programme')
        widened = tail[-1].idx + len(tail[-1].text)
        if said_of_a_claim(text, end):
            continue  # "Wren's claim that he heard the remark | could not be independently confirmed"
        if any(other.draft is not draft for other in taken.overlapping(end, widened)):
            continue
        if all(_rooted_in(t, words.start, words.end) for t in tail):
            draft.content[-1] = (start, widened)


def _held_spans(drafts: list[Draft]) -> SpanIndex:
    """Every content piece, cue and source of the drafts, each knowing whose it is."""
    return SpanIndex([DraftSpan(s, e, d) for d in drafts for s, e in [*d.content, *filter(None, (d.cue, d.source))]])


def _rooted_in(token: Any, first: int, last: int) -> bool:
    """Whether the token's chain of heads enters the quote's words [first, last) before leaving the tail."""
    seen = 0
    while token.head is not token and seen < 20:
        token, seen = token.head, seen + 1
        if first <= token.i < last:
            return True
    return False


def contents_through_their_quotation(text: str, drafts: list[Draft], runs: SpanIndex) -> None:
    """Widen a quote's last piece that stops inside a quotation it opened ('… but was "confident | that every
    tender was won fairly"'): quoted words are one speaker's, to the closing mark, unless another quote holds
    the rest."""
    taken = _held_spans(drafts)
    for draft in drafts:
        if not draft.content:
            continue
        start, end = draft.content[-1]
        run = next((r for r in runs.overlapping(end - 1, end) if r.depth == 0 and r.closed
                    and start < r.start and end < r.end), None)
        if run is None or "\n" in text[end : run.end]:
            continue
        if any(other.draft is not draft for other in taken.overlapping(end, run.end)):
            continue
        draft.content[-1] = (start, run.end)


def contents_after_their_hearer(text: str, parse: Any, drafts: list[Draft], runs: SpanIndex) -> None:
    """Start unquoted words after the hearer the tagger ran them over ("told broadcaster | WRN he had not
    listened"): the parser's object of the telling verb is whom it was told to, never what."""
    if parse is None:
        return
    for draft in drafts:
        if draft.cue is None or not draft.content or draft.from_marks:
            continue
        start, end = draft.content[0]
        if draft.cue[1] > start or runs.overlapping(start, start + 1):
            continue
        cue = parse.char_span(*draft.cue, alignment_mode="expand")
        if cue is None or not len(cue):
            continue
        hearer = next((c for c in cue.root.children if c.dep_ in ("dobj", "dative") and c.pos_ in ("NOUN", "PROPN")
                       and c.left_edge.idx < start < c.idx + len(c.text)), None)
        if hearer is None or any(t.dep_ in ("relcl", "acl", "ccomp") for t in hearer.subtree):
            continue
        after = hearer.idx + len(hearer.text)
        while after < end and text[after].isspace():
            after += 1
        if len(text[after:end].split()) >= 2 and hearer.i + 1 < len(parse) and parse[hearer.i + 1].dep_ == "nsubj":
            draft.content[0] = (after, end)


def said_within_their_opening_quotation(text: str, parse: Any, drafts: list[Draft], runs: SpanIndex) -> None:
    """End the displayed words that open with a quotation at its closing mark ('urged passengers to "travel only if
    absolutely necessary" | on both days', 'cited "relocation of operations" | as the reason for the cuts'): words
    after it without a verb are the report's, since the speaker's own words were quoted whole."""
    for draft in drafts:
        if draft.from_marks or not draft.content:
            continue
        said = draft.said_from if draft.said_from is not None else draft.start
        opening = next((r for r in runs.overlapping(said, said + 1) if r.depth == 0 and r.closed
                        and r.start <= said <= r.inner_start), None)
        if opening is None or draft.end <= opening.end or "\n" in text[opening.end : draft.end]:
            continue
        if runs.starting_in(opening.end, draft.end) or len(text[opening.end : draft.end].split()) < 2:
            continue  # another quotation follows: one mixed report of several
        tail = parse.char_span(opening.end, draft.end, alignment_mode="expand") if parse is not None else None
        if tail is None or any(t.pos_ in ("VERB", "AUX") for t in tail):
            continue  # '"no country's navy" was mentioned': the quotation is the subject of the words said
        draft.said_to = opening.end  # the annotated span keeps them, as PolNeAR marks the whole report


def contents_before_an_aside(text: str, drafts: list[Draft], runs: SpanIndex) -> None:
    """End unquoted words at the narrator's aside after a dash ("it had not been consulted | — a claim Larchwood
    disputes"): what the report calls the words is not part of them."""
    for draft in drafts:
        if not draft.content:
            continue
        start, end = draft.content[-1]
        aside = _ASIDE.search(text, start, end)
        if aside is not None and aside.start() > start and not runs.overlapping(aside.start(), aside.end()):
            draft.content[-1] = (start, aside.start())


_ASIDE = re.compile(r"\s*(?:—|–|--|\s-)\s*(?:a|an|the|which\s+is\s+a)\s+(?:[\w'’-]+\s+)?(?:claim|allegation|charge|"
                    r"assertion|accusation|suggestion|account|version|characteri[sz]ation|description)\b")


def questions_before_their_answer(parse: Any, drafts: list[Draft]) -> None:
    """ "Asked by the presenter whether the feud was still alive, she threw back her head and laughed": the question
    ends with its clause, and whoever the sentence is about was asked (the tagger ran the question on into the
    answerer's sentence)."""
    if parse is None:
        return
    for draft in drafts:
        if draft.cue is None or len(draft.content) != 1 or draft.content[0][0] < draft.cue[1]:
            continue
        cue = parse.char_span(*draft.cue, alignment_mode="expand")
        asked = next((t for t in cue or () if put_to_the_subject(t) and t.dep_ == "advcl"), None)
        if asked is None:
            continue
        main = asked.head
        subjects = [c for c in main.children if c.dep_ in ("nsubj", "nsubjpass") and asked.i < c.i < main.i]
        if not subjects:
            continue
        answerer = subjects[-1]  # the nearest: the parser sometimes hangs the asker's name on the verb too
        start, end = draft.content[0]
        if answerer.left_edge.idx < start:
            continue
        asked_one = (answerer.left_edge.idx, answerer.right_edge.idx + len(answerer.right_edge))
        before = [t for t in parse[asked.i : answerer.left_edge.i] if not (t.is_punct or t.is_space)]
        cut = before[-1].idx + len(before[-1]) if before else start
        if start < cut < end <= asked_one[1] + _MAX_ANSWER_REACH:
            draft.content[0] = (start, cut)
        if draft.source is not None and not draft.cue[1] <= draft.source[0] < start:
            draft.source = None  # "Pressed on whether …, she said": she was pressed; only "by …" says who pressed
        if draft.hearer is None:
            draft.hearer = asked_one


def contents_after_the_sources_apposition(text: str, parse: Any, drafts: list[Draft]) -> None:
    """ "According to the Northern Civilian Monitor, a group that tracks casualties …, at least nine civilians were
    killed": what the source is, in apposition to it, is not what it said; the words start after it."""
    if parse is None:
        return
    for draft in drafts:
        if draft.source is None or not draft.content or draft.from_marks or draft.source[1] > draft.start:
            continue
        start, end = draft.content[0]
        words = parse.char_span(start, end, alignment_mode="expand")
        if words is None or not len(words):
            continue
        first = words[0]
        apposed = next((t for t in (first, *first.ancestors) if t.dep_ == "appos"), None)
        if apposed is None or not draft.source[0] <= apposed.head.idx < draft.source[1]:
            continue
        if not _COMMA_BETWEEN.fullmatch(text, apposed.head.idx + len(apposed.head), apposed.left_edge.idx):
            continue  # "Rowan Tate: No. That's an excuse.": a turn's first word, not a description of its speaker
        after = [t for t in parse[apposed.right_edge.i + 1 : words.end] if not (t.is_punct or t.is_space)]
        if len(after) >= 3 and after[0].idx < end:
            draft.content[0] = (after[0].idx, end)


def contents_before_the_next_cue(text: str, drafts: list[Draft]) -> None:
    """ "said the minister "has no recollection of it" and said the recording was …": the tagger ran the first
    words on into the second report's cue; they end before its "and"."""
    cues = SpanIndex([DraftSpan(*d.cue, d) for d in drafts if d.cue is not None])
    for draft in drafts:
        if not draft.content:
            continue
        start, end = draft.content[-1]
        tail = [c for c in cues.overlapping(max(start, end - _CUE_AT_THE_TAIL), end) if c.draft is not draft
                and start < c.start and c.end >= end - 1]
        if not tail:
            continue
        joined = _JOINED_BEFORE.search(text, start, tail[0].start)
        if joined is not None:
            draft.content[-1] = (start, joined.start())


_COMMA_BETWEEN = re.compile(r"\s*,\s*")
_CUE_AT_THE_TAIL = 12  # characters: the next cue ends the piece
_JOINED_BEFORE = re.compile(r",?\s+(?:and|but)\s+$")
