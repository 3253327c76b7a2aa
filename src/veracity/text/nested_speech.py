"""Speech reported inside speech: the exchanges a speaker recounts on a tape or in an interview.

"I told him, 'if you go in, I'll hit you.' So he goes, like, 'I don't believe you'. He said 'no way'
and I said 'way'" holds four quotes inside one. The parser reads such talk poorly (colloquial verbs,
"like", run-on clauses), so each quotation inside a quote is framed by the words just before it in the
same stretch of talk ("So he goes, like,") or, failing that, just after it ("…,' she told him"): their
subject is the inner speaker, their object the hearer. Who "I", "he" and "him" are is decided later,
from the outer quote's speaker (``veracity.text.speakers``); this module only finds the frames.

A quotation inside a quote with no frame (a title, a slogan, a word being mentioned) is not speech
and yields nothing.
"""

from __future__ import annotations

import re

from veracity.text.drafts import Draft, SpanIndex, strip_marks
from veracity.text.quote_marks import QuotedRun

# A word of a description ("my little girl", "a man"): never a verb of the frame ("My little girl watched at
# home and asked me", "One of our forecasters had a man ring her") nor a preposition ("asked her after").
# (Past forms other than "-ed" and the present of the verbs that most often start such a predicate are listed.)
_NOT_DESCRIBING = ("had|has|have|was|were|is|are|would|could|will|did|then|just|and|also|after|before|at|in|on|to|"
                   "for|with|from|about|when|because|next|beside|behind|opposite|"
                   "stood|sat|got|came|went|rang|ran|took|made|put|saw|held|left|met|caught|brought|found|gave|kept|"
                   "ring|call|phone|come|say|tell|text|shout|ask|"
                   "knew|spoke|rose|threw|looks|turns|comes|gets|leans|stands|sits|rings|calls|grabs|walks|picks")
_DESCRIBING_WORD = r"(?!(?:" + _NOT_DESCRIBING + r")\b)[a-z][a-z'’-]*\b(?<!ed)"
# "the woman next to me": where someone stood says who they were.
_PLACED = r"(?:\s+(?:next to|beside|behind|in front of|opposite)\s+(?:me|us|him|her))?"
_DESCRIPTION = (r"(?:[Mm]y|[Hh]is|[Hh]er|[Oo]ur|[Tt]heir|[Yy]our|[Tt]he|[Aa]n?)\s+(?:" + _DESCRIBING_WORD + r"\s+){0,2}"
                + _DESCRIBING_WORD + _PLACED)
# "had a man ring her and say" / "heard him tell them": the one made or heard to speak is the speaker, not
# whoever had them do it.
_CAUSED = r"(?:had|got|heard|saw)\s+(?:[\w'’]+\s+){1,3}(?:ring|call|phone|come|say|tell|text|shout|ask)\b"
# A noun behind a preposition ("after the final whistle and told him") is never the speaker.
_NOT_AFTER_PREPOSITION = "".join(rf"(?<!\b{p} )" for p in ("after", "before", "at", "in", "on", "to", "of", "for",
                                                            "with", "from", "by", "about", "into", "over"))
# "At one point he leaned across to me and said": a capitalised word opening a sentence is no name.
_NOT_A_NAME = (r"(?!(?:At|In|On|Of|By|For|With|From|To|Into|After|Before|During|When|While|If|As|Once|Then|There|"
               r"This|That|These|Those|It|Its|The|A|An|Later|Now|Yes|No|Well|Oh|Look|Listen)\b)")
# "Even Hoffmann told me": a sentence adverb before the speaker is no part of the name.
_SUBJECT = (r"(?:(?:Even|Then|And|So|But|Now|Later|Once)\s+)?(?P<subj>\b(?:I|[Ww]e|[Hh]e|[Ss]he|[Tt]hey|[Yy]ou|"
            r"(?:[Oo]ne|[Ss]ome|[Tt]wo) of (?:them|us|those)|"  # "and one of them goes, '…'"
            + _NOT_AFTER_PREPOSITION + _DESCRIPTION + r"|" + _NOT_A_NAME + r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?))"
            # "I've told Halvorsen", "she had said", "and I'm like"
            r"(?:['’](?:ve|d|m|s|re))?(?:\s+(?!" + _CAUSED + r")(?:had|has|have))?")
_VERB = (r"(?P<verb>said|says|say|told|tells|tell|goes|go|went|asked|asks|ask|replied|replies|answered|answers|"
         r"added|adds|warned|warns|shouted|shouts|yelled|screamed|whispered|wrote|writes|texted|"
         r"bragged|brags|boasted|boasts|joked|jokes|snapped|snaps|muttered|mutters|insisted|insists|"
         r"promised|promises|admitted|admits|laughed|laughs|barked|barks|"
         r"(?:was|is|'s|’s|were|are|'m|’m|am) (?:just )?like"
         r"|(?:(?<=['’]m )|(?<=['’]s )|(?<=['’]re ))(?:just )?like"  # "and I'm like, '…'"
         r"|(?:kept|keeps|was|were|started|starts|began|begins) (?:asking|saying|telling|shouting|screaming|yelling))")
# "My mother used to tell me", "he would always say": a habit of speech frames it as well as one saying.
_FILLER = (r"(?:(?:just|then|also|actually|finally|simply|even|kind of|sort of|basically|only|calmly|always|often|"
           r"already|used to|would)\s+){0,2}")
_OBJECT = (r"(?:\s+(?:to\s+)?(?P<obj>him|her|me|them|us|you|" + _DESCRIPTION
           + r"|[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?))?")  # "I told the developers, '…'"
# "I told him straight, '…'", "told me himself, '…'": how it was said, between the hearer and the quotation.
_MANNER = (r"(?:\s+(?:straight(?: out)?|flat out|point[- ]blank|plainly|bluntly|directly|again|once more|"
           r"himself|herself|themselves|myself|personally|in person|"
           r"in writing|to (?:his|her|my|your|their) face|today|yesterday|once|later|afterwards|last (?:week|night)))?")
# "he just looks at me and goes": a few words of another predicate between the speaker and the verb. Whom
# the speaker rang or turned to there is the hearer ("Castel rang me and said").
_CONTACT = (r"(?:rang|called|phoned|rings|calls|phones|texted|emailed|messaged|turned to|turns to|came up to|"
            r"comes up to|looked at|looks at)\s+(?P<callee>me|us|him|her|them|the\s+[a-z]+)\b(?:\s+[\w'’]+){0,4}")
# "I called the general and I said": the subject may be said again after the "and" (the same word: in "I had
# a coffee with Kieran and he said" the speaker is he).
_PREDICATE = (r"(?:(?:" + _CONTACT + r"|(?!" + _CAUSED + r")[\w'’]+(?:\s+(?!" + _CAUSED + r")[\w'’]+){0,7})"
              r"\s+and\s+(?:(?P=subj)\s+)?)?")
# The frame before a quotation: "So he goes, like, " / "I told him: " / "and I said ".
_BEFORE = re.compile(
    _SUBJECT + r"\s+" + _PREDICATE + _FILLER + _VERB + r"\b" + _OBJECT + _MANNER + r"[\s,:;—–-]*(?:like[\s,:]*)?$"
)
# A quotation a reported speaker is said to have said, inside someone's indirect speech: "the developer,
# Gavin Price, had told him: " / "Holloway had told a hearing of the assembly in 2025: ".
_REPORTED_BEFORE = re.compile(
    _SUBJECT + r",?\s+(?:had\s+|has\s+|have\s+)?" + _FILLER + _VERB + r"\b"
    + r"(?:\s+(?P<obj>him|her|me|them|us|you|[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\b)?[^:\"“”\n]{0,60}?\s*:\s*$"
)
# The frame after it: "…,' she told him" / "…,' Marek replied".
_AFTER = re.compile(r"^[\s,]*" + _SUBJECT + r"\s+" + _FILLER + _VERB + r"\b" + _OBJECT)
_LOOK = 80  # characters either side searched for a frame
_CAPITALISED_NON_NAMES = frozenset({"So", "And", "But", "Then", "Now", "Well", "Yes", "No", "Oh", "Look", "Because"})


def nested_speech_drafts(drafts: list[Draft], runs: list[QuotedRun], text: str) -> list[Draft]:
    """Drafts with every framed quotation inside another quote's content as a quote of its own.

    A draft the earlier steps made for the same quotation is replaced: its frame, read by the parser
    from talk it cannot parse, is the one most often wrong.
    """
    holders = [d for d in drafts if d.cue is not None or d.source is not None]
    framed: list[Draft] = []
    for depth in sorted({r.depth for r in runs}):
        # Shallower quotations first, so a quotation told inside a recounted one finds it as holder.
        outer = SpanIndex(holders)
        level = sorted((r for r in runs if r.depth == depth), key=lambda r: r.start)
        # Quotations of one depth never overlap, so each one's neighbours bound where its frame may be.
        bounds = [(level[i - 1].end if i else 0, level[i + 1].start if i + 1 < len(level) else len(text))
                  for i in range(len(level))]
        # A quotation in reported speech ("Weller said the developer, Gavin Price, had told him: '…'")
        # counts only with a colon frame; deeper ones are talk inside talk, framed however it is told.
        before = _BEFORE if depth else _REPORTED_BEFORE
        found = [d for d in (_framed(run, text, outer, b, before) for run, b in zip(level, bounds, strict=True)) if d]
        framed += found
        holders += found
    if not framed:
        return drafts
    replaced = SpanIndex(framed)
    kept = [d for d in drafts if not any(_same_quotation(d, f) for f in replaced.overlapping(d.start, d.end))]
    return kept + framed


def _framed(run: QuotedRun, text: str, outer: SpanIndex, neighbours: tuple[int, int],
            before: re.Pattern[str]) -> Draft | None:
    """A draft for one quotation inside a quote, when words around it report it."""
    inner = strip_marks(text, run.inner_start, run.inner_end) if run.closed else None
    holder = _holder(outer, run)
    if inner is None or holder is None:
        return None
    frame = _frame(text, run, holder, neighbours, before, look_after=run.depth > 0)
    if frame is None:
        return None
    subject, verb, hearer = frame
    return Draft([inner], cue=verb, source=subject, scores=[0.6], from_marks=True, kind="direct", hearer=hearer)


def _holder(outer: SpanIndex, run: QuotedRun) -> Draft | None:
    """The smallest quote whose content holds the whole quotation."""
    holders = [d for d in outer.overlapping(run.start, run.end)
               if any(s <= run.start and run.end <= e for s, e in d.content)]
    return min(holders, key=lambda d: d.end - d.start) if holders else None


def _frame(text: str, run: QuotedRun, holder: Draft, neighbours: tuple[int, int], before_pattern: re.Pattern[str],
           look_after: bool) -> tuple[
        tuple[int, int], tuple[int, int], tuple[int, int] | None] | None:
    """(subject, verb, hearer) spans of the words that report this quotation, or None."""
    piece = next((s, e) for s, e in holder.content if s <= run.start and run.end <= e)
    # Look back no further than the previous quotation at the same depth, or the holder's start.
    floor = max(piece[0], run.start - _LOOK, neighbours[0])
    before = before_pattern.search(text, floor, run.start)
    if before is not None and _plausible(before):
        return _spans(before)
    if not look_after:
        return None
    ceiling = min(piece[1], run.end + _LOOK, neighbours[1])
    after = _AFTER.match(text, run.end, ceiling)
    if after is not None and _plausible(after):
        return _spans(after)
    return None


def _plausible(match: re.Match[str]) -> bool:
    """A capitalised word before the verb must be a name, not "So" or "And"."""
    return match.group("subj") not in _CAPITALISED_NON_NAMES


def _spans(match: re.Match[str]) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int] | None]:
    hearer = next((match.span(g) for g in ("obj", "callee") if match.groupdict().get(g)), None)
    return match.span("subj"), match.span("verb"), hearer


def _same_quotation(draft: Draft, framed: Draft) -> bool:
    """Whether an earlier draft is the framed quotation itself (about the same words), not the quote
    that holds it: a holder's words include the frame ("I said, ‘…’") around the quotation."""
    if framed.cue is not None and any(s <= framed.cue[0] and framed.cue[1] <= e for s, e in draft.content):
        return False
    (start, end), = framed.content
    covered = sum(max(0, min(e, end) - max(s, start)) for s, e in draft.content)
    return covered >= 0.5 * max(end - start, draft.end - draft.start)
