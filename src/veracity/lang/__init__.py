"""The languages Veracity reads, one package each, the way spaCy keeps a language's data under ``spacy/lang/xx``.

A language is a subpackage named by its ISO 639-1 code whose ``__init__`` defines ``LANGUAGE``: the spaCy
package that parses it, and beside it the modules of its words (``time_words``, ``event_words``, ``people``,
``speech_words``, ``media_words``, ``negation``, ``numbers``, ``contractions``, ``stop_words``). The rules in
``text/``, ``time/``, ``links/`` and ``audio/`` read their vocabulary from there (a handful of words only one rule
tests stays beside that rule); a pipeline's ``language`` key names the package (``language("en")``), and an
article in a language with no package is stored but not analysed. Packages are found by looking, so adding one
registers it.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from functools import cache

from veracity.errors import ConfigError


@dataclass(frozen=True)
class Language:
    """What the pipeline needs to know of a language beyond its word modules."""

    code: str  # ISO 639-1, as the language check of inputs and the transcriber name it
    name: str
    parser_model: str  # the importable spaCy package whose ``load()`` parses it


@cache
def available() -> tuple[str, ...]:
    """The codes of the languages with a package here."""
    return tuple(sorted(module.name for module in pkgutil.iter_modules(__path__) if module.ispkg))


def language(code: str) -> Language:
    """The language ``code`` names; a ConfigError that says which exist when none has a package."""
    if code not in available():
        raise ConfigError(f"language {code!r} has no resources in this Veracity (it has: {', '.join(available())}); "
                          f"see docs/architecture.md for what a language needs")
    found = importlib.import_module(f"{__name__}.{code}").LANGUAGE
    if not isinstance(found, Language):
        raise ConfigError(f"veracity.lang.{code} defines no LANGUAGE")
    return found
