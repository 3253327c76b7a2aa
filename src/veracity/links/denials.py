"""Each denial linked to what it denies, across the documents of a story.

A spokesperson's "no such call ever took place" seldom repeats the words it denies, but the paragraph
around it names the person and the matter ("denied that Hale had ever threatened to bomb the capital").
So a denial is scored against every other speaker's quote in the story by the words the two contexts
share (weighted by rarity in the story) plus whether the denial's context names the quote's speaker.
A statement that the recording is fake, forged or synthetic disputes the recording itself and is linked
to the quotes taken from it. This stays lexical, and says why it linked: the NLI cross-encoder
(``veracity.links.nli``) reads "denied that Hale had threatened ..." as agreeing with the threat (entailment
0.54 on the example story) and scores the denial itself against the altered printing as neutral, so it
could confirm only one of the story's two true links, with no labelled denial set to show a gain.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from veracity.links.quote_variants import QuoteRef
from veracity.model import Document, Quote

MIN_SCORE = 0.25
_WORD = re.compile(r"[a-z][a-z'’-]+")
_STOP = frozenset(
    "the a an and or but of to in on at for with by from that this these those it its is was were be been being "
    "has have had he she they his her their them him we our you your i my me not no never any such ever said says "
    "say told tell would will could can may might did do does as if than then there here about into over after "
    "before who what which when where why how all also just only very more most".split()
)
_FAKE = re.compile(r"\b(?:fake|faked|forg\w*|doctored|fabricat\w*|manipulated|deepfake|synthetic|ai-(?:made|generated)|"
                   r"edited|spliced|not authentic|inauthentic)\b", re.IGNORECASE)
_RECORDING = re.compile(r"\b(?:recording|audio|tape|clip|video|footage)\b", re.IGNORECASE)


@dataclass(frozen=True)
class DenialLink:
    denial: QuoteRef
    target: QuoteRef
    kind: str  # "denies" (the statement) or "disputes the recording"
    score: float
    reason: str

    def to_dict(self) -> dict[str, object]:
        return {"denial": self.denial.to_dict(), "target": self.target.to_dict(), "kind": self.kind,
                "score": round(self.score, 3), "reason": self.reason}


@dataclass
class _Statement:
    ref: QuoteRef
    quote: Quote
    context: str  # the paragraph the quote sits in
    from_recording: bool


def link_denials(documents: list[Document], speaker_of: dict[tuple[str, str], str],
                 names_of: dict[str, set[str]]) -> list[DenialLink]:
    """Links from each denial (and each claim that the recording is fake) to the quotes it disputes."""
    statements = [_statement(doc, quote, speaker_of) for doc in documents for quote in doc.quotes
                  if quote.parent is None]
    rarity = _rarity([s.context for s in statements])
    links = []
    for denial in statements:
        disputes_recording = bool(_FAKE.search(denial.ref.text)) and bool(_RECORDING.search(denial.context))
        if not denial.quote.is_denial and not disputes_recording:
            continue
        targets = [s for s in statements if s.ref.speaker_id != denial.ref.speaker_id
                   and not s.quote.is_denial and s.ref != denial.ref]
        if disputes_recording:
            links += [DenialLink(denial.ref, t.ref, "disputes the recording", 1.0,
                                 "says the recording is not genuine; this quote is taken from it")
                      for t in targets if t.from_recording]
        if denial.quote.is_denial:
            scored = [(_score(denial, t, rarity, names_of), t) for t in targets]
            best = max((s for s, _ in scored), default=0.0)
            for score, target in scored:
                if score >= MIN_SCORE and score >= 0.8 * best:
                    links.append(DenialLink(denial.ref, target.ref, "denies", score, _reason(denial, target, names_of)))
    return links


def _statement(doc: Document, quote: Quote, speaker_of: dict[tuple[str, str], str]) -> _Statement:
    speaker = speaker_of.get((doc.id, quote.speaker.id)) if quote.speaker else None
    ref = QuoteRef(doc.id, quote.id, doc.metadata.site_name, doc.metadata.published, quote.content.text, speaker)
    start, end = quote.start, quote.end
    paragraph_start = doc.text.rfind("\n", 0, start) + 1
    paragraph_end = doc.text.find("\n", end)
    context = doc.text[paragraph_start : paragraph_end if paragraph_end >= 0 else len(doc.text)]
    around = " ".join(p.text for p in (quote.medium, quote.cue) if p) + " " + context
    return _Statement(ref, quote, context, bool(_RECORDING.search(around)) and not _FAKE.search(around))


def _terms(text: str) -> Counter[str]:
    return Counter(w for w in _WORD.findall(text.lower().replace("’", "'")) if w not in _STOP)


def _rarity(contexts: list[str]) -> dict[str, float]:
    frequency: Counter[str] = Counter()
    for context in contexts:
        frequency.update(set(_terms(context)))
    return {term: math.log((1 + len(contexts)) / (1 + count)) + 1 for term, count in frequency.items()}


def _score(denial: _Statement, target: _Statement, rarity: dict[str, float], names_of: dict[str, set[str]]) -> float:
    a, b = _terms(denial.context), _terms(target.ref.text + " " + target.context)
    dot = sum(a[t] * b[t] * rarity.get(t, 1.0) ** 2 for t in a.keys() & b.keys())
    norm = math.sqrt(sum((c * rarity.get(t, 1.0)) ** 2 for t, c in a.items())) * math.sqrt(
        sum((c * rarity.get(t, 1.0)) ** 2 for t, c in b.items()))
    lexical = dot / norm if norm else 0.0
    return lexical + (0.3 if _names_speaker(denial, target, names_of) else 0.0)


def _names_speaker(denial: _Statement, target: _Statement, names_of: dict[str, set[str]]) -> bool:
    names = names_of.get(target.ref.speaker_id or "", set())
    lowered = denial.context.lower()
    return any(len(n) > 2 and re.search(rf"\b{re.escape(n.lower())}\b", lowered) for n in names)


def _reason(denial: _Statement, target: _Statement, names_of: dict[str, set[str]]) -> str:
    shared = sorted(set(_terms(denial.context)) & set(_terms(target.ref.text + " " + target.context)))
    parts = []
    if _names_speaker(denial, target, names_of):
        parts.append("names the speaker")
    if shared:
        parts.append("shares " + ", ".join(shared[:6]))
    return "; ".join(parts) or "nearest statement"
