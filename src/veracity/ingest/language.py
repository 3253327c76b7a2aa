"""Which language an article is written in, from langid.py's naive Bayes model of 97 languages.

The model ships inside the PyPI package ``py3langid`` (numpy only, no downloader) and loads once per
process (about a second: it is stored xz-compressed). Veracity's
attribution tagger, parse and time rules read English; an article in another language is still
stored and searchable, and its dossier says plainly that its quotes and dates were not analysed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

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
    code, probability = _identifier().classify(sample)
    confidence = float(probability)
    return LanguageGuess(str(code), confidence) if confidence >= MIN_CONFIDENCE else None


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
