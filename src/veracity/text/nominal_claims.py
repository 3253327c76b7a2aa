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

import re
from typing import Any

from veracity.lang.en.people import ORG_NOUNS, PERSON_NOUNS
from veracity.lang.en.speech_words import CLAIM_NOUNS
from veracity.stretches import Slots
from veracity.text.drafts import Draft, overlaps
from veracity.text.nested_indirect import is_party
from veracity.text.parse import lemma

_SCORE = 0.5
_SLOT = 256  # characters per slot of the drafts filed
_PARTY_NOUNS = ORG_NOUNS | PERSON_NOUNS  # "the company's insistence", "the minister's claim"


def nominal_claim_drafts(text: str, drafts: list[Draft], parse: Any) -> list[Draft]:
    """New drafts for the claims nouns name; a draft already cued by the noun is cut to its clause."""
    if parse is None:
        return []
    cued: Slots[Draft] = Slots(_SLOT)  # filed by their cue, and by their words: no scan of every draft per noun
    held: Slots[Draft] = Slots(_SLOT)
    for draft in drafts:
        if draft.cue is not None and draft.content:
            _cut_before_its_verdict(text, parse, draft)
            cued.add(*draft.cue, draft)
            held.add(draft.start, draft.end, draft)
    found: list[Draft] = []
    for noun in parse:
        if noun.pos_ != "NOUN" or noun.lower_ not in CLAIM_NOUNS:
            continue
        claim = _claim(text, noun)
        if claim is None:
            continue
        content, said_from, source = claim
        cue = (noun.idx, noun.idx + len(noun))
        same = next((d for d in cued.near(*cue) if overlaps(d.cue, cue)), None)
        if same is not None:
            # Cut back one that runs past the clause; one that is the clause (with its closing mark) stays.
            if same.start <= said_from < same.end and same.end >= content[1] + 2:
                same.content, same.said_from = [content], said_from
            continue
        if any(d.start <= said_from and content[1] <= d.end and d.cue is not None and d.cue[0] >= content[0]
               for d in held.near(*content)):
            continue  # a draft cued inside the clause holds it already
        found.append(Draft([content], cue=cue, source=source, scores=[_SCORE], said_from=said_from))
    return found


def _cut_before_its_verdict(text: str, parse: Any, draft: Draft) -> None:
    """End a noun's "that" clause where the sentence starts judging them ("Wren's claim that he heard the remark |
    could not be independently confirmed"), whatever the parse made of the noun's owner."""
    assert draft.cue is not None
    start, end = draft.content[-1]
    if start < draft.cue[1] or not _NOUN_THAT.match(text, draft.cue[0], start + 5):
        return
    cue = parse.char_span(*draft.cue, alignment_mode="expand")
    if cue is None or len(cue) != 1 or cue[0].pos_ != "NOUN":
        return
    verdict = _SAID_OF_A_CLAIM.search(text, start, end)
    if verdict is not None and len(text[start:verdict.start()].split()) >= 3:
        draft.content[-1] = (start, verdict.start())


def said_of_a_claim(text: str, at: int) -> bool:
    """Whether the words from ``at`` judge what came before as a claim ("… | was disputed by", "… | drew no
    response"): the sentence's own verdict, not the claim's words."""
    return _SAID_OF_A_CLAIM.match(text, at) is not None


def _claim(text: str, noun: Any) -> tuple[tuple[int, int], int, tuple[int, int]] | None:
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
    end = tokens[-1].idx + len(tokens[-1])
    # The parser sometimes hangs what the sentence says of the claim under the claim's own clause ("… that the
    # mayor had promised him the contract was disputed by the office"): the claim stops before it.
    verdict = _SAID_OF_A_CLAIM.search(text, tokens[1].idx, end)  # (not noun.doc.text: rebuilt per read)
    if verdict is not None:
        end = verdict.start()
    return (tokens[0].idx, end), tokens[1].idx, source


_NOUN_THAT = re.compile(r"[a-z]+\s+that\s")  # "warning that", "claim that": the clause a noun governs
_SAID_OF_A_CLAIM = re.compile(
    r"\s+(?:(?:(?:was|were|is|are|has|have|had|could|can|cannot|would|will|may|might|must|should|remains?|"
    r"remained)\s+(?:(?:not|never|since|also|be|been|yet|later|quickly|widely|independently|immediately|publicly|"
    r"officially|fully|still)\s+)*"
    r"(?:disputed|denied|rejected|challenged|questioned|dismissed|contradicted|verified|confirmed|refuted|"
    r"repeated|echoed|backed|supported|investigated|examined|debunked|answered|addressed|corroborated|"
    r"substantiated|proven|proved|established|explained|acknowledged|accepted|unanswered|unchallenged|"
    r"unverified|unconfirmed|unclear|met\s+with))|"
    r"(?:drew|draws|drawn|prompted|prompts|sparked|sparks|provoked|provokes)\s+(?:no\s+|a\s+|an\s+|the\s+|"
    r"[\w-]+\s+){0,2}?(?:response|reply|comment|reaction|murmurs?|gasps?|laughter|anger|outrage|criticism|"
    r"ridicule|denials?|rebukes?|applause|scepticism|skepticism|questions)\b)\b")
