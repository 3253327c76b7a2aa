"""Quotations signed after their words with a dash and a name: ``"…" — Albert Einstein``.

Readers' letters, vox pops and pull quotes attribute a quotation this way, with no reporting verb:
the dash is the cue and the name the source (PolNeAR's guidelines, "Punctuation as a cue": "a quote
[…] tagged afterward, using a dash (—) followed by the speaker's name"). The signature stands on the
quotation's own line, or alone on the line after it (``- Bernie Sanders.``).
"""

from __future__ import annotations

import re

from veracity.text.drafts import Draft, overlaps, strip_marks
from veracity.text.quote_marks import QuotedRun

_PARTICLE = r"(?:de|da|del|van|von|der|la|le|bin|al)"
_NAME = (rf"(?:(?:[A-Z][\w'’.-]*|{_PARTICLE})[ \u00a0]+){{0,4}}"  # "Edwin G. Monroy", "Jorge de la Vega"
         r"[A-Z][\w'’-]*")  # the last word without the full stop that ends the line
# The dash, then the name; an optional handle and a short description after a comma; then the line ends.
_SIGNATURE = re.compile(
    rf"(?P<dash>[―—–]|--|(?<=\n)-)[ \u00a0]*(?P<name>{_NAME}(?:[ \u00a0]+\(@\w+\))?)"
    r"(?:,[^\n]{0,80})?[ \u00a0.]*(?=\n|$)")
_SAME_LINE = re.compile(r"[ \u00a0\t]*")
_NEXT_LINE = re.compile(r"[ \u00a0\t]*\n[ \t]*\n?[ \t]*")


def signed_quotes(drafts: list[Draft], runs: list[QuotedRun], text: str) -> list[Draft]:
    """Give each quotation followed by a dash signature that signature's dash as cue and name as source.

    The quote that already holds the quotation takes them when it has no cue of its own (a verb
    beside the words outweighs a line below them); a quotation nobody holds becomes a quote.
    """
    for run in runs:
        if run.depth != 0 or not run.closed:
            continue
        signature = _signature_after(text, run.end)
        if signature is None:
            continue
        inner = strip_marks(text, run.inner_start, run.inner_end)
        if inner is None:
            continue
        cue, source = signature.span("dash"), signature.span("name")
        holders = [d for d in drafts if any(overlaps(p, inner) for p in d.content)]
        if not holders:
            drafts.append(Draft([inner], cue=cue, source=source, scores=[0.7], from_marks=True))
            continue
        for draft in holders:
            if draft.cue is None:
                draft.cue, draft.source = cue, source
    return drafts


def _signature_after(text: str, end: int) -> re.Match[str] | None:
    """The signature that follows a quotation closing at ``end``, on its line or alone on the next."""
    for gap in (_SAME_LINE, _NEXT_LINE):
        spaces = gap.match(text, end)
        if spaces is None or (gap is _NEXT_LINE and "\n" not in spaces.group()):
            continue
        signature = _SIGNATURE.match(text, spaces.end())
        if signature is not None and (gap is _SAME_LINE or _alone_on_line(text, signature.start())):
            return signature
    return None


def _alone_on_line(text: str, start: int) -> bool:
    return text.rfind("\n", 0, start) + 1 == start
