"""Each denial linked to the statement it denies, across the documents of a story.

A spokesperson's "no such call ever took place" seldom repeats the words it denies, but the paragraph
around it names the person and the matter ("denied that Hale had ever threatened to bomb the capital"),
and what is denied is usually the story's allegation: said earlier, by someone else or attributed to the
denier, often taken from the recording the denial calls fake. So every (denial, statement) pair is
described by a few such signals (``pair_features``) and a logistic regression fitted on the stories gold
set's dev half (``training/train_denial_links.py``, ``models/denial_links``) scores them; each denial is
linked to its best statement in its own document (in the whole story when its own holds none) when that
scores at least the model's threshold. The link names the signals a reader can check that carried it. A
denial that calls the recording fake links as "disputes the recording" when its statement was taken from
the recording.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

import numpy as np

from veracity.lang.en.negation import NOT_GENUINE, RECORDING_WORDS
from veracity.lang.en.stop_words import STOP_WORDS
from veracity.links.linear_model import LinearModel, load_linear_model
from veracity.links.quote_variants import QuoteRef
from veracity.model import Document, Quote
from veracity.resources import location, verified

MODEL = location("denial_links") / "ranker.json"
_WORD = re.compile(r"[a-z][a-z'’-]+")
_NAME = re.compile(r"\b[A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+)*")
FEATURES = (
    "words shared with the statement and its paragraph (rarity-weighted cosine)",
    "words shared with the statement's own words",
    "its best shared-words score among the denial's candidates (1 = this one)",
    "names the statement's speaker",
    "the statement is the denier's own (said by, or attributed to, the one who denies)",
    "the statement comes before the denial",
    "the statement was taken from a recording",
    "the denial calls a recording fake and the statement was taken from one",
    "the statement is quoted inside another",
    "the statement holds quotes of its own",
    "how early the statement is in its document (1 = first)",
    "names shared with the statement and its paragraph",
    "the denial's own words name the statement's speaker",
    "the statement is quoted inside another and is the denier's own",
    "close in meaning (cosine of the two statements' sentence vectors)",
    "its best meaning score among the denial's candidates (1 = this one)",
    "the NLI model reads the denial as contradicting the statement",
    "the NLI model reads the statement as entailing the denial",
)


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
class Statement:
    """A quote with what the linker reads around it."""

    ref: QuoteRef
    quote: Quote
    context: str  # the paragraph the quote sits in
    from_recording: bool
    position: float  # 0 for the document's first quote, 1 for its last
    nested: bool
    holds_quotes: bool

    @property
    def disputes_recording(self) -> bool:
        return bool(NOT_GENUINE.search(self.ref.text)) and bool(RECORDING_WORDS.search(self.context))


@cache
def shared_ranker() -> LinearModel:
    return load_linear_model(verified(MODEL), "training/train_denial_links.py")


def link_denials(documents: list[Document], speaker_of: dict[tuple[str, str], str],
                 names_of: dict[str, set[str]], model: LinearModel | None = None) -> list[DenialLink]:
    """Links from each denial (and each claim that the recording is fake) to the statement it disputes."""
    model = model or shared_ranker()
    statements = statements_of(documents, speaker_of)
    rarity = word_rarity([s.context for s in statements])
    links = []
    for denial, candidates, features in denial_pairs(statements, rarity, names_of):
        scores = model.probabilities(features)
        # What a denial answers is, as a rule, reported in its own document (the model learnt from single
        # stories); the other outlets' printings of it are the story's variants. Only a denial printed
        # without what it denies reaches into the other documents.
        own = [i for i, c in enumerate(candidates) if c.ref.doc_id == denial.ref.doc_id]
        best = max(own or range(len(candidates)), key=lambda i: scores[i])
        if scores[best] >= model.threshold:
            score, best = float(scores[best]), _words_denied(best, candidates, features)
            target = candidates[best]
            kind = "disputes the recording" if denial.disputes_recording and target.from_recording else "denies"
            links.append(DenialLink(denial.ref, target.ref, kind, score, _reason(features[best], model)))
    return links


def _words_denied(best: int, candidates: list[Statement], features: np.ndarray) -> int:
    """Among the chosen statement, the quotes around it and the quotes inside it, the one whose own words
    the denial shares most, the outermost when none is closer: "never told anyone to leave the gas on"
    denies the words "Leave the gas on tonight", not the whole recounting of them ("He said to me, 'Leave
    the gas on tonight …'"); "no such conversation ever took place" denies the recounting as a whole."""
    chosen = candidates[best]
    same_doc = {c.quote.id: i for i, c in enumerate(candidates) if c.ref.doc_id == chosen.ref.doc_id}
    family = [i for i, c in enumerate(candidates) if c.ref.doc_id == chosen.ref.doc_id
              and c.quote.parent == chosen.quote.id]
    outer, seen = [best], {chosen.quote.id}
    parent = chosen.quote.parent
    while parent in same_doc and parent not in seen:  # the quotes around it, outermost last
        seen.add(parent)
        outer.append(same_doc[parent])
        parent = candidates[same_doc[parent]].quote.parent
    order = outer[::-1] + family  # outermost first: a tie goes to the recounting as a whole
    return max(order, key=lambda i: features[i][_OWN_WORDS])


_OWN_WORDS = 1  # the column of FEATURES: rare words shared with the statement's own words


def statements_of(documents: list[Document], speaker_of: dict[tuple[str, str], str]) -> list[Statement]:
    """Every quote of the documents (nested ones too: a denial may answer words quoted inside another)."""
    out = []
    for doc in documents:
        # (words quoted whole that hold speech recount an exchange; the narrator's report of one does not)
        parents = {q.parent for q in doc.quotes if q.parent} & {q.id for q in doc.quotes if q.kind == "direct"}
        ordered = sorted(doc.quotes, key=lambda q: q.start)
        for index, quote in enumerate(ordered):
            out.append(_statement(doc, quote, speaker_of, index / max(1, len(ordered) - 1), quote.id in parents))
    return out


def denial_pairs(statements: list[Statement], rarity: dict[str, float], names_of: dict[str, set[str]]
                 ) -> list[tuple[Statement, list[Statement], np.ndarray]]:
    """Each denial with the statements it may deny and one feature row per candidate (``FEATURES``).

    The sentence vectors of all statements, and the NLI model's reading of every (statement, denial) pair,
    are computed in one batch each."""
    groups = []
    for denial in statements:
        if not denial.quote.is_denial and not denial.disputes_recording:
            continue
        candidates = [s for s in statements if s is not denial and not s.quote.is_denial and not s.disputes_recording
                      and not _inside(s, denial) and not _inside(denial, s) and not _same_breath(s, denial)]
        if candidates:
            groups.append((denial, candidates))
    if not groups:
        return []
    from veracity.links.embedder import shared_embedder
    from veracity.links.nli import shared_nli_model

    vectors = shared_embedder().embed([s.ref.text for s in statements])
    row_of = {id(s): i for i, s in enumerate(statements)}
    nli = shared_nli_model()
    readings = nli.probabilities([(c.ref.text, d.ref.text) for d, candidates in groups for c in candidates])
    contradiction, entailment = nli.labels.index("contradiction"), nli.labels.index("entailment")
    out, first = [], 0
    for denial, candidates in groups:
        meaning = vectors[[row_of[id(c)] for c in candidates]] @ vectors[row_of[id(denial)]]
        reading = readings[first : first + len(candidates)]
        first += len(candidates)
        lexical = pair_features(denial, candidates, rarity, names_of)
        semantic = np.column_stack([meaning, meaning / max(float(meaning.max()), 1e-6),
                                    reading[:, contradiction], reading[:, entailment]])
        out.append((denial, candidates, np.hstack([lexical, semantic]).astype(np.float32)))
    return out


def pair_features(denial: Statement, candidates: list[Statement], rarity: dict[str, float],
                  names_of: dict[str, set[str]]) -> np.ndarray:
    """The ``FEATURES`` of words, names, places and roles (all but the last four), one row per candidate."""
    around = _terms(denial.context + " " + denial.ref.text)
    lexical = [_cosine(around, _terms(c.ref.text + " " + c.context), rarity) for c in candidates]
    own_words = [_cosine(around, _terms(c.ref.text), rarity) for c in candidates]
    best = max(lexical) or 1.0
    names = set(_NAME.findall(denial.context))
    rows = []
    for candidate, shared, own in zip(candidates, lexical, own_words, strict=True):
        same_doc = candidate.ref.doc_id == denial.ref.doc_id
        before = not same_doc or candidate.quote.start < denial.quote.start
        own_statement = candidate.ref.speaker_id is not None and candidate.ref.speaker_id == denial.ref.speaker_id
        rows.append([
            shared, own, shared / best, _names_speaker(denial, candidate, names_of, denial.context), own_statement,
            before, candidate.from_recording, denial.disputes_recording and candidate.from_recording,
            candidate.nested, candidate.holds_quotes, 1.0 - candidate.position,
            len(names & set(_NAME.findall(candidate.ref.text + " " + candidate.context))) / max(1, len(names)),
            _names_speaker(denial, candidate, names_of, denial.ref.text), candidate.nested and own_statement,
        ])
    return np.asarray(rows, dtype=np.float32)


def _same_breath(one: Statement, denial: Statement) -> bool:
    """The denier's own words in the same breath or after it ("said no such call took place, and that the
    period predates his time in office"; "She said the period it describes predates …" a paragraph on) are
    not what the denial answers: one denies what was said before."""
    if one.ref.doc_id != denial.ref.doc_id:
        return False
    cue, denial_cue = one.quote.cue, denial.quote.cue
    if cue is not None and denial_cue is not None and (cue.start, cue.end) == (denial_cue.start, denial_cue.end):
        return True
    return (one.ref.speaker_id is not None and one.ref.speaker_id == denial.ref.speaker_id
            and one.quote.start > denial.quote.start)


def _inside(inner: Statement, outer: Statement) -> bool:
    """A quote inside another of the same document (its words are the other's words)."""
    return (inner.ref.doc_id == outer.ref.doc_id and outer.quote.start <= inner.quote.start
            and inner.quote.end <= outer.quote.end)


def _statement(doc: Document, quote: Quote, speaker_of: dict[tuple[str, str], str], position: float,
               holds_quotes: bool) -> Statement:
    speaker = speaker_of.get((doc.id, quote.speaker.id)) if quote.speaker else None
    ref = QuoteRef(doc.id, quote.id, doc.metadata.site_name, doc.metadata.published, quote.content.text, speaker)
    paragraph_start = doc.text.rfind("\n", 0, quote.start) + 1
    paragraph_end = doc.text.find("\n", quote.end)
    context = doc.text[paragraph_start : paragraph_end if paragraph_end >= 0 else len(doc.text)]
    around = " ".join([quote.channel_words, quote.cue.text if quote.cue else "", context])
    of_a_genuine_recording = bool(RECORDING_WORDS.search(around)) and not NOT_GENUINE.search(around)
    return Statement(ref, quote, context, of_a_genuine_recording, position, quote.parent is not None, holds_quotes)


def _terms(text: str) -> Counter[str]:
    return Counter(w for w in _WORD.findall(text.lower().replace("’", "'")) if w not in STOP_WORDS)


def word_rarity(contexts: list[str]) -> dict[str, float]:
    frequency: Counter[str] = Counter()
    for context in contexts:
        frequency.update(set(_terms(context)))
    return {term: math.log((1 + len(contexts)) / (1 + count)) + 1 for term, count in frequency.items()}


def _cosine(a: Counter[str], b: Counter[str], rarity: dict[str, float]) -> float:
    dot = sum(a[t] * b[t] * rarity.get(t, 1.0) ** 2 for t in a.keys() & b.keys())
    norm = math.sqrt(sum((c * rarity.get(t, 1.0)) ** 2 for t, c in a.items())) * math.sqrt(
        sum((c * rarity.get(t, 1.0)) ** 2 for t, c in b.items()))
    return dot / norm if norm else 0.0


def _names_speaker(denial: Statement, target: Statement, names_of: dict[str, set[str]], where: str) -> bool:
    names = names_of.get(target.ref.speaker_id or "", set())
    lowered = where.lower()
    return any(len(n) > 2 and re.search(rf"\b{re.escape(n.lower())}\b", lowered) for n in names)


# The signals a reader can check in the two texts, as a link's reason; the rest (order, place, nesting) only rank.
_EVIDENCE = {0: "shares rare words with the statement and its paragraph", 1: "shares rare words with the statement",
             2: "shares more words with it than with any other statement", 3: "names its speaker",
             4: "the statement is the denier's own", 7: "calls the recording it was taken from fake",
             11: "shares names with it", 12: "names its speaker in the denial's words",
             13: "the statement is the denier's own, quoted inside another", 14: "close in meaning",
             15: "closer in meaning than any other statement", 16: "the NLI model reads a contradiction",
             17: "the NLI model reads the denial as following from it"}


def _reason(row: np.ndarray, model: LinearModel) -> str:
    """The two signals a reader can check that added most to the link's score, in words."""
    share = row * model.coef
    strongest = [i for i in sorted(_EVIDENCE, key=lambda i: -share[i])[:2] if share[i] > 0]
    return "; ".join(_EVIDENCE[i] for i in strongest) or "the story's main claim before it (by order and place)"
