"""How often a word reports speech: a tagged cue the training annotations seldom call one is doubted.

The tagger sometimes tags a verb that reports nobody's words ("released her returns", "spotted
Stein and her press secretary"). ``cue_lexicon.json`` (built by ``training/cue_lexicon.py`` from
PolNeAR train) counts, per lemma, how often it heads an annotated cue and how often it appears. A
quote is dropped only when both signals agree: its cue word heads a cue less than one time in ten
and the tagger itself was less than 80 % sure (of the cue alone, for a copula or an auxiliary). Words the
lexicon never saw are kept.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from veracity.errors import ModelError
from veracity.resources import location, verified
from veracity.text.drafts import Draft
from veracity.text.parse import lemma

LEXICON = location("attribution") / "cue_lexicon.json"
MAX_CUE_RATE = 0.1
MAX_CONFIDENCE = 0.8
_AUXILIARIES = frozenset({"be", "have", "do"})


@cache
def cue_counts() -> dict[str, list[int]]:
    """``{lemma: [times it heads a cue, times it appears]}``, read once per process."""
    try:
        return dict(json.loads(verified(LEXICON).read_text(encoding="utf-8"))["lemmas"])
    except (OSError, ValueError, KeyError) as error:
        raise ModelError(f"cannot read the cue lexicon {LEXICON}: {error}; reinstall veracity") from error


def cue_rate(word: str) -> float | None:
    """The smoothed share of a lemma's occurrences that head a cue, or None when unseen."""
    counts = cue_counts().get(word.lower())
    return None if counts is None else (counts[0] + 1) / (counts[1] + 2)


def rarely_a_cue(draft: Draft, parse: Any) -> bool:
    """Whether a tagged quote's cue is a word that seldom reports speech and the tagger doubted it."""
    if draft.cue is None or parse is None or draft.from_marks or not draft.scores:
        return False
    span = parse.char_span(draft.cue[0], draft.cue[1], alignment_mode="expand")
    if span is None or not len(span):
        return False
    rate = cue_rate(lemma(span.root))
    if rate is None or rate >= MAX_CUE_RATE:
        return False
    # A copula or auxiliary ("but was 'confident …'") is judged also by the tagger's doubt about the cue itself,
    # which sure contents around it would otherwise outvote.
    confidence = sum(draft.scores) / len(draft.scores)
    if span.root.pos_ == "AUX" or lemma(span.root) in _AUXILIARIES:
        confidence = min(confidence, draft.scores[0])
    return confidence < MAX_CONFIDENCE
