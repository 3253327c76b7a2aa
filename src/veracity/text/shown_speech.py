"""Speech a record shows: "messages that show the Chief Secretary warning that the sums 'simply do not add up'",
"the recording captured Petrescu calling his players 'a disgrace to the shirt'".

What the messages or the recording show is someone speaking: the speaker is the one shown, the cue the verb of
speaking, the words what follows it. A draft cued by "show" is given to the one shown; one that holds the whole
scene (what a witness said the recording captured) keeps it, and the shown speech becomes a quote of its own,
nested there.
"""

from __future__ import annotations

import re

from veracity.text.drafts import Draft, SpanIndex, overlaps

_SCORE = 0.5

_SHOWN = re.compile(
    r"\b(?:shows?|showed|shown|reveals?|revealed|captures?|captured|records?|recorded|depicts?|depicted|"
    r"features?|featured)\s+(?P<source>(?:[A-Z][\w'’.-]*|the|a|an|his|her|its|their|one|two|three|several)"
    r"(?:\s+[\w'’.-]+){0,6}?)\s+"
    r"(?P<cue>warning|saying|telling|claiming|insisting|admitting|asking|urging|boasting|suggesting|complaining|"
    r"promising|joking|describing|calling|threatening|agreeing)\s+(?:that\s+)?(?=\S)")
_SHOWING = re.compile(r"(?:(?:also|clearly|appear\s+to|appears\s+to|seem\s+to|seems\s+to)\s+)*"
                      r"(?:shows?|showed|reveals?|revealed|captures?|captured|records?|recorded)")
_DESCRIBING = {"calling", "describing"}  # "calling his players 'a disgrace'": the words are the quotation


def shown_speech_drafts(text: str, drafts: list[Draft], runs: SpanIndex) -> list[Draft]:
    """The drafts, with speech that a record shows given to the one shown."""
    found: list[Draft] = []
    for draft in drafts:
        if draft.cue is None or not draft.content or draft.cue[1] > draft.start:
            continue
        start, end = draft.content[0]
        match = _SHOWN.match(text, _verb_start(text, draft.cue, start), end)
        if match is None:
            match = _SHOWN.search(text, start, end)
            if match is None or match.start() == start:
                continue
            inner = _shown(text, match, (match.end(), end), runs)
            if inner is not None and not any(overlaps(d.cue, inner.cue) for d in drafts):
                found.append(inner)  # within what a witness says the recording captured
            continue
        if not _SHOWING.fullmatch(text, *draft.cue):
            continue
        shown = _shown(text, match, (match.end(), end), runs)
        if shown is not None:
            draft.content[0], draft.cue, draft.source = shown.content[0], shown.cue, shown.source
            draft.said_from = None
    return drafts + found


def _verb_start(text: str, cue: tuple[int, int], start: int) -> int:
    """Where to read "show X saying" from: the cue's last word, when the content follows it."""
    return cue[1] - len(text[cue[0] : cue[1]].split()[-1]) if text[cue[1] : start].strip() == "" else start


def _shown(text: str, match: re.Match[str], rest: tuple[int, int], runs: SpanIndex) -> Draft | None:
    """A draft for the shown speech: the quotation, for a description ("calling X 'a disgrace'"), else the rest."""
    start, end = rest
    if match.group("cue") in _DESCRIBING:
        quotation = next((r for r in runs.starting_in(start, end) if r.depth == 0 and r.closed), None)
        if quotation is None:
            return None
        start, end = quotation.inner_start, quotation.inner_end
    while end > start and text[end - 1] in " .,;":
        end -= 1
    if len(text[start:end].split()) < 2 and match.group("cue") not in _DESCRIBING:
        return None
    return Draft([(start, end)], cue=match.span("cue"), source=match.span("source"), scores=[_SCORE])
