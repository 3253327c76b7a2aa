"""Speaker turns of an interview transcript printed in an article: ``WALLACE: Do you really …``.

News sites print broadcast interviews as paragraphs opened by the speaker's name in capitals and a
colon (each paragraph sometimes opened by a quotation mark). Each such turn is one direct quote: the
name is its source, the colon its cue, the rest of the paragraph its content. A single capitalised
label is more often a rubric ("UPDATE:", "WATCH:"), so turns count only where a text has at least
two of them.
"""

from __future__ import annotations

import re

from veracity.text.drafts import Draft, overlaps, strip_marks

_LABEL = r"(?P<label>[A-Z][A-Z.'’-]*(?: [A-Z][A-Z.'’-]*){0,3})"
_TURN = re.compile(r"^[ \t]*[\"“‘']?" + _LABEL + r"(?P<colon>:)[ \t]+(?P<rest>\S[^\n]*)", re.MULTILINE)
_RUBRICS = frozenset(
    "UPDATE UPDATED BREAKING WATCH READ MORE NOTE EDITOR'S EDITOR’S CORRECTION EXCLUSIVE LIVE VIDEO PHOTOS "
    "RELATED SOURCE SOURCES CREDIT WARNING ALERT OPINION ANALYSIS COMMENTARY FACT CHECK TOPICS TAGS".split()
)
MIN_TURNS = 2


def transcript_turns(text: str) -> list[Draft]:
    """One draft per speaker turn, or none when the text is not a transcript."""
    turns = []
    for match in _TURN.finditer(text):
        label = match.group("label")
        if any(word.strip(".") in _RUBRICS for word in label.split()):
            continue
        content = strip_marks(text, match.start("rest"), match.end("rest"))
        if content is None:
            continue
        turns.append(
            Draft([content], cue=match.span("colon"), source=match.span("label"), scores=[0.8], kind="direct")
        )
    return turns if len(turns) >= MIN_TURNS else []


def with_turns(drafts: list[Draft], turns: list[Draft]) -> list[Draft]:
    """Replace what the tagger and the mark rules made of the turns' labels and uncued lines.

    A draft touching a label misread it (content "WALLACE: If I may …"); a draft with no cue inside
    a turn is the same turn found from its quotation marks. Drafts with a cue of their own inside a
    turn stay: they are quotes the speaker reports, and nest under the turn.
    """
    if not turns:
        return drafts
    kept = []
    for draft in drafts:
        touches_label = any(
            overlaps(turn.source, (draft.start, draft.end)) or overlaps(turn.source, draft.cue) for turn in turns
        )
        uncued_inside = draft.cue is None and any(
            turn.start <= draft.start and draft.end <= turn.end for turn in turns
        )
        if not touches_label and not uncued_inside:
            kept.append(draft)
    return kept + turns
