"""Sources the tagger missed or put in the wrong place, repaired from the parse and the words.

The tagger learned PolNeAR's spans, and sometimes tags a cue with no source ("said in a statement"
with "Lumora Pay" untagged) or takes a nominal cue's possessor into the cue ("Party's claim"). The
verb's grammatical subject, or the possessor of the claim, is then who speaks.
"""

from __future__ import annotations

import re
from typing import Any

from veracity.text.direct_speech import SPEECH_VERBS
from veracity.text.drafts import Draft, overlaps
from veracity.text.parse import lemma


def parsed_sources(parse: Any, drafts: list[Draft]) -> None:
    """A cue the tagger left without a source takes its verb's grammatical subject ("Lumora Pay said in
    a statement that …", when the tagger saw only "said in a statement"), if that subject is a short
    phrase outside the content."""
    if parse is None:
        return
    text = parse.text  # spaCy joins the whole text on every access: once, not once per cue
    for draft in drafts:
        if draft.source is not None or draft.cue is None:
            continue
        cue = parse.char_span(*draft.cue, alignment_mode="expand")
        verb = next((t for t in cue if lemma(t) in SPEECH_VERBS), None) if cue is not None else None
        for subject in (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")) if verb else ():
            if subject.lower_ in ("who", "which", "that", "it", "there"):
                continue
            source = (subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge.text))
            # A headline the parser ran into the first sentence is no part of the cue's subject.
            source = (max(source[0], text.rfind("\n", 0, draft.cue[0]) + 1), source[1])
            if not text[source[0] : source[1]].strip():
                continue
            if source[1] - source[0] <= _MAX_SUBJECT_CHARS and not any(overlaps(source, p) for p in draft.content):
                draft.source = source
                break


_MAX_SUBJECT_CHARS = 120
# "the Green Party's claim that …": the possessor of a nominal cue is who claims.
_POSSESSED_CUE = re.compile(r"(?P<owner>(?:[Tt]he\s+)?(?:[A-Z][\w&.-]*\s+){0,4}[A-Z][\w&.-]*)['’]s\s+(?P<noun>"
                            r"claim|claims|allegation|allegations|assertion|accusation|warning|denial|statement|"
                            r"insistence|argument|view|position|account|version)\b")


def possessor_sources(text: str, drafts: list[Draft]) -> None:
    """A nominal cue the tagger took with its possessor ("Party's claim"), or whose possessor it gave
    to another source ("The recording has revived the Green Party's claim that …"): the possessor
    speaks, the noun is the cue."""
    for draft in drafts:
        if draft.cue is None:
            continue
        for match in _POSSESSED_CUE.finditer(text, max(0, draft.cue[0] - 60), draft.cue[1]):
            if overlaps(match.span("noun"), draft.cue):
                draft.source, draft.cue = match.span("owner"), match.span("noun")
                break
