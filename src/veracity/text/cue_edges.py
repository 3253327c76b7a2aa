"""Where a cue ends: on the colon that introduces the words, not on a bare preposition.

PolNeAR's annotators take a colon right after the cue into it ("continued:", "said:": 443 times against
24 in the training split), and end a cue that runs on into a preposition whose object it leaves out
("said of", "said in", "tweeted in") at its verb; the tagger does neither reliably. (Whether the day
after the verb belongs to the cue, "said Friday", they decide about half the time each way: left as the
tagger has it.)
"""

from __future__ import annotations

import re

from veracity.text.direct_speech import SPEECH_VERBS
from veracity.text.drafts import Draft

# The inflected forms of the speech verbs a cue ends on ("said", "noted", "announced"), by their lemma.
_IRREGULAR = {"said": "say", "told": "tell", "wrote": "write", "says": "say", "tells": "tell"}


def cues_with_their_colon(text: str, drafts: list[Draft]) -> None:
    """Widen each cue over the colon written right after it, when the words do not begin before it."""
    for draft in drafts:
        if draft.cue is None:
            continue
        colon = _COLON.match(text, draft.cue[1])
        if colon is not None and all(start >= colon.end() for start, _ in draft.content):
            draft.cue = (draft.cue[0], colon.end())


_COLON = re.compile(r"[ \t]*:")


def cues_without_dangling_preposition(text: str, drafts: list[Draft]) -> None:
    """End a cue at its speech verb when all that follows the verb is a preposition ("said of" → "said")."""
    for draft in drafts:
        if draft.cue is None:
            continue
        dangling = _DANGLING.search(text, draft.cue[0], draft.cue[1])
        if dangling is not None and _lemma(dangling.group("verb").lower()) in SPEECH_VERBS:
            draft.cue = (draft.cue[0], dangling.end("verb"))


_DANGLING = re.compile(r"\b(?P<verb>[A-Za-z]+)\s+(?:of|in|at)\s*$")


def _lemma(word: str) -> str:
    """The base form of a regular speech verb's past or present ("noted" → "note", "announces" → "announce")."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for suffix, base in (("ied", "y"), ("ed", "e"), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and (candidate := word[: -len(suffix)] + base) in SPEECH_VERBS:
            return candidate
    return word
