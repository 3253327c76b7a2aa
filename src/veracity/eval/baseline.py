"""The textacy baseline: rule-based direct quotations over a spaCy parse, as attributions.

textacy is a dev dependency only, so it is imported when the baseline runs, not with the package.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from veracity.eval.scoring import Attribution, Fragments

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def token_fragments(tokens: Sequence[Token]) -> Fragments:
    """Character fragments of tokens: runs of consecutive tokens become one fragment."""
    fragments: list[tuple[int, int]] = []
    previous = None
    for token in sorted(tokens, key=lambda t: t.i):
        end = token.idx + len(token.text)
        if previous is not None and token.i == previous + 1:
            fragments[-1] = (fragments[-1][0], end)
        elif previous is None or token.i != previous:  # skip a token listed twice
            fragments.append((token.idx, end))
        previous = token.i
    return tuple(fragments)


def textacy_attributions(parse: Doc) -> list[Attribution]:
    """textacy's direct quotations (speaker, cue, content) in ``parse`` as attributions.

    Raises whatever textacy raises: notably ``ValueError`` when the quotation marks are unbalanced,
    so a benchmark can count those documents as failures rather than silently score them empty.
    """
    from textacy.extract.triples import direct_quotations

    return [
        Attribution(
            source=token_fragments(triple.speaker),
            cue=token_fragments(triple.cue),
            content=((triple.content.start_char, triple.content.end_char),),
        )
        for triple in direct_quotations(parse)
    ]
