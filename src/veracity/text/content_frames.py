"""Attribution frames the tagger left inside a content span.

PolNeAR annotates "'Minister, I can't do that,' she told him, according to the recording" as one
attribution whose source is the recording and whose content runs over "she told him"; and the tagger
sometimes opens a content at the paragraph's first word, over its own speaker ("Santos, 59, replied
that she would …"). For a dossier the speaker is the person in the frame: the frame's subject becomes
a source and its verb a cue, and the content keeps only the words said. What remains of the outer
attribution ("according to the recording") is then the medium it came through.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from veracity.text.drafts import OPENING_MARKS, SpanIndex
from veracity.text.quote_marks import QuotedRun
from veracity.text.tagging import TaggedSpan

_NAME = r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?"
_SPEAKER = rf"(?P<subj>\b(?:he|she|they|I|we|{_NAME}))"
_VERB = (r"(?P<verb>said|says|told|tells|replied|replies|added|adds|asked|asks|answered|insisted|warned|"
         r"responded|retorted|wrote|continued|went on|explained|admitted|conceded|shouted|snapped)")
_HEARER = rf"(?:\s+(?:him|her|them|me|us|you|{_NAME}))?"
# "He also told detectives he …": whoever "told" names, a common noun included.
_TOLD = r"(?P<verb>told|tells)(?:\s+(?:the\s+|a\s+)?[a-z]+)?"
# After a closing mark inside the content: "…,” she told him" up to the end of the content or a comma.
_AFTER_QUOTATION = re.compile(r"[\s,]*" + _SPEAKER + r"\s+" + _VERB + r"\b" + _HEARER + r"(?=\s*(?:[,.;]|$))")
# At the content's start: "Santos, 59, replied that …" (a name, an age perhaps, a verb, "that").
_OPENING = re.compile(
    rf"(?P<subj>{_NAME}|He|She|They)(?:,\s+\d{{1,3}},)?\s+(?:(?:also|later|then)\s+)?"
    + r"(?:" + _TOLD + r"|" + _VERB.replace("?P<verb>", "?P<said>") + _HEARER + r")\s+"
)
_NAME_ONLY = re.compile(rf"{_NAME}(?:,\s+\d{{1,3}})?,?")
_NOT_SPEAKERS = frozenset({"It", "This", "That", "There", "The", "And", "But", "So", "Then"})
_FRAME_SCORE = 0.6
_BETWEEN_CUE_AND_WORDS = re.compile(r"[\s,:]*(?:that\s*)?")


def split_frames(tagged: Sequence[TaggedSpan], runs: list[QuotedRun], text: str) -> list[TaggedSpan]:
    """The tagged spans with every content that holds its own frame cut around it; the frame's subject
    and verb join as a source and a cue."""
    outer_runs = SpanIndex([r for r in runs if r.depth == 0 and r.closed])
    out: list[TaggedSpan] = []
    tails: list[tuple[int, int]] = []  # narration after a frame, up to the end of its sentence
    cue_starts = {s.start for s in tagged if s.role == "cue"}
    cue_ends = sorted(s.end for s in tagged if s.role == "cue")
    for span in tagged:
        if span.role != "content":
            continue
        if _NAME_ONLY.fullmatch(text, span.start, span.end) and _cue_right_after(span, text, cue_starts):
            out.append(TaggedSpan("source", span.start, span.end, span.score))  # "Santos, 59, | replied that"
        else:
            # ("Tallis said | Barr told a meeting: …": words that follow their own cue are a report, no frame)
            near = cue_ends[bisect.bisect_left(cue_ends, span.start - 6) : bisect.bisect_right(cue_ends, span.start)]
            reported = any(_BETWEEN_CUE_AND_WORDS.fullmatch(text, end, span.start) for end in near)
            out += _cut(span, text, outer_runs, tails, opening_frame=not reported)
    # The outer attribution the tagger saw ("…,' she told him, according to the recording") is the
    # frame's medium now, not a second speaker: its source and cue go, so what follows the frame in
    # the next quotation links to the frame's verb.
    out += [s for s in tagged if s.role != "content" and not any(lo <= s.start < hi for lo, hi in tails)]
    return sorted(out, key=lambda s: (s.start, s.end))


def _cut(content: TaggedSpan, text: str, runs: SpanIndex, tails: list[tuple[int, int]],
         opening_frame: bool = True) -> list[TaggedSpan]:
    opening = _OPENING.match(text, content.start, content.end) if opening_frame else None
    if opening is not None and opening.group("subj").split()[0] not in _NOT_SPEAKERS and opening.end() < content.end:
        rest = TaggedSpan("content", opening.end(), content.end, content.score)
        tails.append((content.end, _sentence_end(text, content.end)))
        return [*_frame(opening, content.score), *_cut(rest, text, runs, tails)]
    for run in runs.overlapping(content.start, content.end):
        if not (content.start <= run.start and run.end < content.end):
            continue
        after = _AFTER_QUOTATION.match(text, run.end, content.end)
        if after is None or after.group("subj").split()[0] in _NOT_SPEAKERS:
            continue
        said = TaggedSpan("content", content.start, run.end, content.score)
        rest_start = _next_word(text, after.end(), content.end)
        # Words after the frame are the content's only when a quotation opens them again.
        reopens = rest_start < content.end and text[rest_start] in OPENING_MARKS
        reopened = [TaggedSpan("content", rest_start, content.end, content.score)] if reopens else []
        tails.append((after.end(), _sentence_end(text, after.end())))
        return [said, *_frame(after, content.score), *reopened]
    return [content]


def _frame(match: re.Match[str], score: float) -> list[TaggedSpan]:
    verb = "verb" if match.groupdict().get("verb") else "said"
    return [TaggedSpan("source", *match.span("subj"), min(score, _FRAME_SCORE)),
            TaggedSpan("cue", *match.span(verb), min(score, _FRAME_SCORE))]


def _cue_right_after(span: TaggedSpan, text: str, cue_starts: set[int]) -> bool:
    return _next_word(text, span.end, min(len(text), span.end + 3)) in cue_starts


def _sentence_end(text: str, start: int) -> int:
    """Where the narration after a frame stops: a full stop or the next quotation."""
    ends = [i for i in (text.find(".", start), *(text.find(m, start) for m in OPENING_MARKS)) if i >= 0]
    return min(ends, default=len(text))


def _next_word(text: str, start: int, end: int) -> int:
    while start < end and (text[start].isspace() or text[start] in ",.;"):
        start += 1
    return start
