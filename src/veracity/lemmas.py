"""Lemmas of spaCy tokens, computed on demand: the one place the text and time stages share them.

The parse stage loads spaCy with its lemmatizer switched off (it cost a tenth of the parse, and the rules ask
for the lemmas of a few dozen tokens per article); ``register`` keeps that pipeline's lemmatizer here, and
``lemma`` applies its rules to a token when asked, exactly as the pipeline would have.
"""

from __future__ import annotations

from typing import Any

_LEMMATIZERS: dict[int, Any] = {}  # id(vocab) -> the pipeline's (disabled) lemmatizer


def register(vocab: Any, lemmatizer: Any) -> None:
    """Keep the lemmatizer a pipeline over ``vocab`` skips, for ``lemma``."""
    _LEMMATIZERS[id(vocab)] = lemmatizer


def lemma(token: Any) -> str:
    """The token's lemma: spaCy's, or, when the lemmatizer was skipped, its rules applied now.

    The attribute ruler still sets the lemmas it knows (pronouns, forms of "be"); the rule
    lemmatizer fills the rest exactly as it would have in the pipeline.
    """
    if token.lemma:
        return str(token.lemma_)
    lemmatizer = _LEMMATIZERS.get(id(token.vocab))
    if lemmatizer is None:
        return str(token.lemma_)
    # The rules ask about the same tokens again for every quote nearby: compute each lemma once.
    cache = token.doc.user_data.setdefault("veracity.lemmas", {})
    found = cache.get(token.i)
    if found is None:
        found = cache[token.i] = _MISREAD.get(token.lower_) or str(lemmatizer.lemmatize(token)[0])
    return str(found)


# Forms spaCy's English rules get wrong that the cue rules ask about ("texted" -> "texte").
_MISREAD = {"texted": "text", "texting": "text"}
