"""Words a report borrows by naming who called something so: "to protest against what it called 'unacceptable
interference' in a dispute over the dam".

The quoted words are the caller's, and only they are: the rest of the sentence ("in a dispute over the dam") is the
report's, and the verb the sentence hangs them on ("protest against") does not report them. The tagger reads the
whole object of "protest against" as the words said, or "what" as a piece of them; such a draft gives way to one
whose content is the quotation, its cue the calling verb and its source the caller.
"""

from __future__ import annotations

import re
from typing import Any

from veracity.text.drafts import Draft, SpanIndex, trimmed

_SCORE = 0.6
_PRONOUNS = {"it", "he", "she", "they"}
_AN_ASIDE = re.compile(r",\s*(?:in|with|amid|after|to)?\s*$")  # "…, in what"

_CALLED = re.compile(
    r"\b[Ww]hat\s+(?P<source>(?:it|he|she|they|we|I|(?:the|its|his|her|their|one)\s+(?:[\w'’-]+\s+){0,3}?"
    r"[\w'’-]+|[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,2}))\s+"
    r"(?P<cue>(?:(?:has|had|have|once|later|then|repeatedly|publicly)\s+){0,2}"
    r"(?:called|calls|described\s+as|describes\s+as|termed|terms|dubbed|dubs|branded|brands|labell?ed|"
    r"characteri[sz]ed\s+as|referred\s+to\s+as|refers\s+to\s+as))\s+(?=[\"“‘'])")


def called_words_drafts(text: str, drafts: list[Draft], runs: SpanIndex, parse: Any) -> list[Draft]:
    """The drafts with one for each "what X called '…'", in place of any that opened with its "what"."""
    found: list[Draft] = []
    replaced: set[int] = set()
    for match in _CALLED.finditer(text):
        quotation = next((r for r in runs.starting_in(match.end(), match.end() + 1) if r.depth == 0 and r.closed), None)
        if quotation is None or quotation.inner_end <= quotation.inner_start:
            continue
        held = [d for d in drafts if d.start < quotation.inner_end and quotation.inner_start < d.end]
        if any(d.start < match.start() for d in held):
            aside = _AN_ASIDE.search(text, max(0, match.start() - 12), match.start())
            if aside is None:
                continue  # the caller's words in someone's report: "he said the move was what she called '…'"
            for draft in [d for d in held if d.start < match.start()]:
                _end_before(text, draft, aside.start())  # "…, in what its spokesman called '…'"
                held.remove(draft)
        replaced.update(id(d) for d in held)  # "what it called “…” in a dispute": the object read as the words
        source = match.span("source")
        if match.group("source").lower() in _PRONOUNS:
            source = _sentence_subject(parse, match.start("cue")) or source
        found.append(Draft([(quotation.inner_start, quotation.inner_end)], cue=match.span("cue"),
                           source=source, scores=[_SCORE], from_marks=True))
    if not found:
        return drafts
    return [d for d in drafts if id(d) not in replaced] + found


def _end_before(text: str, draft: Draft, at: int) -> None:
    """Cut the draft's words short of ``at``, dropping the pieces that start after it."""
    pieces = [(s, min(e, at)) for s, e in draft.content if s < at]
    last = trimmed(text, *pieces[-1]) if pieces else None
    if last is not None:
        draft.content = [*pieces[:-1], last]


def _sentence_subject(parse: Any, at: int) -> tuple[int, int] | None:
    """The subject of the sentence's main verb, without its appositions: whom "it" and "he" stand for in "the
    ministry summoned the ambassador to protest against what it called …"."""
    if parse is None:
        return None
    token = parse.char_span(at, at + 1, alignment_mode="expand")
    if token is None or not len(token):
        return None
    root = token[0].sent.root
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN")), None)
    if subject is None:
        return None
    asides = [c for c in subject.children if c.dep_ in ("appos", "relcl", "acl")]  # "Ashcombe, 61,"
    words = [t for t in subject.subtree if not t.is_punct and not any(t in a.subtree for a in asides)]
    return (words[0].idx, words[-1].idx + len(words[-1]))
