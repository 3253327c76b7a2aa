"""How worth checking a statement is, ranked the way fact-checkers pick claims from a debate or a story.

Fact-checkers cannot check everything; they check factual claims that matter ("We're 9 million jobs
short of that") before opinions and pleasantries ("And welcome back"). The model is a logistic regression
learnt from the CheckThat! 2019 debates (the sentences fact-checkers chose), trained by
``training/train_checkworthiness.py``. Its file names the feature parts it reads, from:

- ``embedding``: the sentence's all-MiniLM-L6-v2 embedding;
- ``neighbours``: the embeddings of the statements before and after it;
- ``claim``: cheap claim features: numbers, money and percentages, comparisons and superlatives, named
  things (capitalised words), tense, person, questions and opinion words (``claim_features``);
- ``speaker``: how much of the document the speaker says (candidates talk, moderators ask), whether the
  "speaker" is a stage direction or the audience, whether the sentence opens a turn (``speaker_features``);
- ``claimbuster``: a second task: the score of a logistic regression trained on ClaimBuster's labels (its
  own weights in the same file), for the sentence and its neighbours.

The shipped model reads the embedding, claim and speaker parts: the best of the configurations measured
over folds of whole debates (``benchmarks/checkworthiness.py``).

Statements are scored in document order; ``groups`` (a document id per statement) keeps neighbours and
speaker shares inside one document. Without speakers every statement is taken as one speaker's.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from veracity.errors import ModelError
from veracity.links.embedder import DIMENSION, SentenceEmbedder, shared_embedder
from veracity.links.linear_model import LinearModel
from veracity.resources import location, verified

MODEL = location("checkworthiness") / "model.json"
TRAINER = "training/train_checkworthiness.py"
PARTS = ("embedding", "neighbours", "claim", "speaker", "claimbuster")
_SPACE = re.compile(r"\s+")

# Each claim feature: a name and a pattern counted in the sentence (a count, or 0/1 where noted below).
_CLAIM_PATTERNS: dict[str, re.Pattern[str]] = {
    "digits": re.compile(r"\d+(?:[.,]\d+)*"),
    "number_words": re.compile(r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|"
                               r"forty|fifty|hundreds?|thousands?|millions?|billions?|trillions?|dozens?|half|"
                               r"twice|double[ds]?|triple[ds]?|quadrupled)\b", re.I),
    "percent_money": re.compile(r"%|\bper ?cent\b|\$|\bdollars?\b|\btax(?:es)?\b|\bdebt\b|\bdeficit\b", re.I),
    "year": re.compile(r"\b(?:19|20)\d\d\b|\byears?\b|\bdecades?\b|\bcentury\b", re.I),
    "comparison": re.compile(r"\b(?:than|more|less|fewer|higher|lower|bigger|smaller|larger|greater|better|"
                             r"worse|up|down|increased?|decreased?|rose|risen|fell|fallen|grew|grown|cut|"
                             r"raised?|dropped)\b", re.I),
    "superlative": re.compile(r"\b(?:most|least|best|worst|highest|lowest|largest|biggest|greatest|smallest|"
                              r"fastest|first|last|only|record|ever|never|all-time)\b", re.I),
    "past": re.compile(r"\b(?:was|were|had|did|said|voted|\w{3,}ed)\b", re.I),
    "perfect": re.compile(r"\b(?:has|have|'ve|’ve)\s+(?:been|\w{3,}ed|\w+en)\b", re.I),
    "future_modal": re.compile(r"\b(?:will|would|could|should|might|must|gonna|going to|'ll|’ll)\b", re.I),
    "first_singular": re.compile(r"\b(?:I|me|my|I'm|I’m|I've|I’ve)\b"),
    "first_plural": re.compile(r"\b(?:we|our|us|we're|we’re)\b", re.I),
    "second_person": re.compile(r"\b(?:you|your|you're|you’re)\b", re.I),
    "opinion": re.compile(r"\b(?:think|believe|feel|hope|want|love|great|wonderful|terrible|horrible|"
                          r"beautiful|incredible|amazing|thank|thanks|welcome|please|sorry|okay|ok|yes|"
                          r"well|look|folks)\b", re.I),
    "negation": re.compile(r"\b(?:not|no|never|nothing|nobody|none)\b|n't|n’t", re.I),
    "institution": re.compile(r"\b(?:government|congress|senate|state|states|country|countries|president|"
                              r"administration|law|bill|jobs?|unemployment|economy|percent|people|"
                              r"companies|military|trade|health|insurance|obamacare|isis|iran|china|"
                              r"russia|mexico|immigrants?|wall)\b", re.I),
}
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zA-Z’'.-]+")
_STAGE = re.compile(r"^\s*\(|\b(?:applause|laughter|crosstalk|booing|inaudible|cheers)\b", re.I)
CLAIM_FEATURES = (*_CLAIM_PATTERNS, "named", "question", "stage_direction", "log_words", "short")
# Not a person talking: stage directions, the audience, an unnamed questioner.
_NOT_A_PERSON = re.compile(r"^\s*(?:system|audience|unidentified|unknown|question|crowd|\()", re.I)
SPEAKER_FEATURES = ("speaker_share", "not_a_person", "opens_turn", "log_turn_length", "unknown_speaker")


def claim_features(texts: Sequence[str]) -> np.ndarray:
    """One row of ``CLAIM_FEATURES`` per text: counts (log-scaled) of what factual claims are made of."""
    rows = np.zeros((len(texts), len(CLAIM_FEATURES)), dtype=np.float32)
    for i, text in enumerate(texts):
        words = len(text.split())
        counts = [len(p.findall(text)) for p in _CLAIM_PATTERNS.values()]
        named = len([m for m in _CAPITALISED.findall(text) if m not in {"I", "I'm", "I’m", "I've", "I’ve"}])
        rows[i] = [*np.log1p(counts), np.log1p(named), text.rstrip().endswith("?"), bool(_STAGE.search(text)),
                   np.log1p(words), words < 5]
    return rows


def speaker_features(speakers: Sequence[str | None], groups: Sequence[str]) -> np.ndarray:
    """One row of ``SPEAKER_FEATURES`` per statement, in document order: how much of its document the speaker
    says, whether the speaker is no person, whether the statement opens a turn and how long the turn is."""
    n = len(speakers)
    rows = np.zeros((n, len(SPEAKER_FEATURES)), dtype=np.float32)
    names = [(s or "").strip().upper() for s in speakers]
    per_group = Counter(groups)
    said = Counter(zip(groups, names, strict=True))
    turn_start = 0
    for i in range(n):
        opens = i == 0 or groups[i] != groups[i - 1] or names[i] != names[i - 1]
        if opens:
            turn_start = i
            end = i + 1
            while end < n and groups[end] == groups[i] and names[end] == names[i]:
                end += 1
            turn_length = end - i
        rows[i] = [said[(groups[i], names[i])] / per_group[groups[i]], bool(_NOT_A_PERSON.search(names[i])),
                   i == turn_start, np.log1p(turn_length), not names[i]]
    return rows


def neighbour_rows(values: np.ndarray, groups: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The previous and the next row of ``values`` within the same group (zeros at a group's edges)."""
    before, after = np.zeros_like(values), np.zeros_like(values)
    for i in range(len(groups)):
        if i > 0 and groups[i - 1] == groups[i]:
            before[i] = values[i - 1]
        if i + 1 < len(groups) and groups[i + 1] == groups[i]:
            after[i] = values[i + 1]
    return before, after


def sentence_features(vectors: np.ndarray, texts: Sequence[str], parts: Sequence[str],
                      speakers: Sequence[str | None] | None = None, groups: Sequence[str] | None = None,
                      claimbuster: LinearModel | None = None) -> np.ndarray:
    """The model's input: the chosen ``parts`` (a subset of ``PARTS``, in that order) side by side."""
    groups = list(groups) if groups is not None else [""] * len(texts)
    speakers = list(speakers) if speakers is not None else [None] * len(texts)
    if not len(groups) == len(speakers) == len(texts) == len(vectors):
        raise ValueError("texts, vectors, speakers and groups must have one entry per statement")
    blocks: list[np.ndarray] = []
    for part in PARTS:
        if part not in parts:
            continue
        if part == "embedding":
            blocks.append(vectors)
        elif part == "neighbours":
            blocks.extend(neighbour_rows(vectors, groups))
        elif part == "claim":
            blocks.append(claim_features(texts))
        elif part == "speaker":
            blocks.append(speaker_features(speakers, groups))
        elif part == "claimbuster":
            if claimbuster is None:
                raise ModelError(f"the claimbuster part needs the ClaimBuster model; train it with {TRAINER}")
            logit = (vectors @ claimbuster.coef + claimbuster.intercept)[:, None].astype(np.float32)
            blocks.extend([logit, *neighbour_rows(logit, groups)])
    return np.hstack(blocks).astype(np.float32) if blocks else np.zeros((len(texts), 0), dtype=np.float32)


@dataclass(frozen=True)
class CheckWorthinessModel:
    model: LinearModel  # over ``sentence_features(..., parts)``, standardisation folded into its weights
    parts: tuple[str, ...] = ("embedding",)
    claimbuster: LinearModel | None = None

    @property
    def threshold(self) -> float:
        return self.model.threshold

    def probabilities(self, texts: list[str], embedder: SentenceEmbedder | None = None, *,
                      speakers: Sequence[str | None] | None = None,
                      groups: Sequence[str] | None = None) -> np.ndarray:
        """The probability that each statement is one fact-checkers would pick, for statements in document
        order; ``speakers`` and ``groups`` (document ids) are optional context, one per text."""
        if not texts:
            return np.zeros(0, dtype=np.float32)
        vectors = (embedder or shared_embedder()).embed(texts)
        return self.model.probabilities(sentence_features(vectors, texts, self.parts, speakers, groups,
                                                          self.claimbuster))


def _linear(data: dict[str, object]) -> LinearModel:
    return LinearModel(np.asarray(data["coef"], dtype=np.float32), float(data["intercept"]),  # type: ignore[arg-type]
                       float(data.get("threshold", 0.5)))  # type: ignore[arg-type]


def read_model(path: Path) -> CheckWorthinessModel:
    """A model file: weights over the named parts, and the ClaimBuster model when a part needs it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        parts = tuple(data.get("parts", ["embedding"]))
        unknown = set(parts) - set(PARTS)
        if unknown:
            raise ValueError(f"unknown feature parts {sorted(unknown)}")
        claimbuster = _linear(data["claimbuster"]) if "claimbuster" in parts else None
        model = CheckWorthinessModel(_linear(data), parts, claimbuster)
        width = feature_width(parts)
        if model.model.coef.shape != (width,) or (claimbuster and claimbuster.coef.shape != (DIMENSION,)):
            raise ValueError(f"{len(model.model.coef)} weights for parts needing {width}")
        return model
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ModelError(f"cannot read the model {path}: {error}; train it with {TRAINER}") from error


def feature_width(parts: Sequence[str]) -> int:
    widths = {"embedding": DIMENSION, "neighbours": 2 * DIMENSION, "claim": len(CLAIM_FEATURES),
              "speaker": len(SPEAKER_FEATURES), "claimbuster": 3}
    return sum(widths[p] for p in parts)


@cache
def load_checkworthiness(path: Path = MODEL) -> CheckWorthinessModel:
    return read_model(verified(path))


def normalise_sentence(text: str) -> str:
    """The form two copies of a sentence share (case and spacing aside), for de-duplication."""
    return _SPACE.sub(" ", text.strip().lower())
