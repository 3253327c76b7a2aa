"""Claims named by a noun: "Halloran's claim that the dam had cut the river's flow" reports what Halloran
said, whatever the sentence goes on to say of it ("… was disputed by the water authority", "… has not been
verified", Judge Crane's "… was an insult to the jury's intelligence").

The claim is the "that" clause the noun governs and the claimant its possessor. The tagger finds some
of these and runs the content on into the main clause ("… by a third was disputed by Morvenia's water
authority"): such a draft is cut back to the clause. A claim inside a quote ("said Marsh's claim that
…") becomes a quote of its own, nested there like any other. A claim without a claimant ("the claim
that …") is left alone: there is no one to give it to.
"""

from __future__ import annotations

from typing import Any

from veracity.text.drafts import Draft, overlaps
from veracity.text.mentions import ORG_NOUNS, PERSON_NOUNS
from veracity.text.nested_indirect import is_party
from veracity.text.parse import lemma

CLAIM_NOUNS = frozenset({
    "claim", "claims", "insistence", "allegation", "allegations", "assertion", "assertions", "suggestion",
    "suggestions", "contention", "accusation", "accusations", "argument", "admission", "boast",
})
_SCORE = 0.5
_PARTY_NOUNS = ORG_NOUNS | PERSON_NOUNS  # "the company's insistence", "the minister's claim"


def nominal_claim_drafts(drafts: list[Draft], parse: Any) -> list[Draft]:
    """New drafts for the claims nouns name; a draft already cued by the noun is cut to its clause."""
    if parse is None:
        return []
    by_cue = [d for d in drafts if d.cue is not None]
    found: list[Draft] = []
    for noun in parse:
        if noun.pos_ != "NOUN" or noun.lower_ not in CLAIM_NOUNS:
            continue
        claim = _claim(noun)
        if claim is None:
            continue
        content, said_from, source = claim
        cue = (noun.idx, noun.idx + len(noun))
        cued = next((d for d in by_cue if d.cue is not None and overlaps(d.cue, cue)), None)
        if cued is not None:
            if cued.content and cued.content[0][0] <= said_from < cued.content[-1][1] < content[1] + 2:
                continue  # already the clause (or the clause and its closing mark)
            if cued.content and cued.content[0][0] <= said_from < cued.content[-1][1]:
                cued.content, cued.said_from = [content], said_from
            continue
        if any(d.content and d.content[0][0] <= said_from and content[1] <= d.content[-1][1]
               and d.cue is not None and d.cue[0] >= content[0] for d in by_cue):
            continue  # a draft cued inside the clause holds it already
        found.append(Draft([content], cue=cue, source=source, scores=[_SCORE], said_from=said_from))
    return found


def _claim(noun: Any) -> tuple[tuple[int, int], int, tuple[int, int]] | None:
    """(content with its "that", where the words said begin, the claimant) of a claim noun, or None."""
    clause = next((c for c in noun.children if c.dep_ == "acl" and c.pos_ in ("VERB", "AUX")
                   and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if clause is None or owner is None or not (is_party(owner) or lemma(owner) in _PARTY_NOUNS):
        return None
    tokens = list(clause.subtree)
    while tokens and tokens[-1].is_punct and not tokens[-1].is_quote:
        tokens.pop()
    words = [t for t in tokens if not t.is_punct]
    if len(words) < 3 or tokens[0].lower_ != "that":
        return None
    owner_tokens = [t for t in owner.subtree if t.dep_ != "case"]
    source = (owner_tokens[0].idx, owner_tokens[-1].idx + len(owner_tokens[-1]))
    return (tokens[0].idx, tokens[-1].idx + len(tokens[-1])), tokens[1].idx, source
