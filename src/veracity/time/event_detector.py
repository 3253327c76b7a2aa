"""A learned event detector: which words of a parsed text name an event, and its TimeML class.

Trained on TimeBank (``training/train_events.py``) as two logistic regressions over the spaCy parse: one
says whether a word is an event (TimeML marks one word per event: "invasion", "called", "meeting"),
the other which class it has (OCCURRENCE, REPORTING, STATE, I_ACTION, I_STATE, ASPECTUAL, PERCEPTION).
Each word is described by strings (its lemma, part of speech, dependency, head, morphology, shape,
neighbours) hashed with CRC-32 into a fixed width, so the shipped weights are one small JSON file read
with numpy: no learning library at run time. Only content words (verbs, nouns, adjectives and the
auxiliaries that TimeML sometimes marks) are candidates, which keeps the cost to a fraction of the parse.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from veracity.errors import ModelError
from veracity.lemmas import lemma

TRAINER = "training/train_events.py"
CANDIDATE_POS = frozenset({"VERB", "NOUN", "ADJ", "AUX", "PROPN", "ADV", "NUM"})
_MORPH_KEYS = ("Tense", "VerbForm", "Aspect", "Mood", "Number")


@dataclass(frozen=True)
class DetectedEvent:
    start: int
    end: int
    text: str
    cls: str  # TimeML class
    probability: float
    token: int  # index in the parse


def token_features(token: Any) -> list[str]:
    """The strings that describe one word for both models (train and run time share this)."""
    head = token.head
    word, pos = token.lower_, token.pos_
    lem = lemma(token).lower()
    features = ["bias", f"w={word}", f"l={lem}", f"p={pos}", f"t={token.tag_}", f"d={token.dep_}",
                f"pl={pos}|{lem}", f"s3={word[-3:]}", f"s4={word[-4:]}", f"sh={token.shape_[:4]}",
                f"hl={lemma(head).lower()}", f"hp={head.pos_}", f"dh={token.dep_}|{head.pos_}",
                f"e={token.ent_type_ or '-'}", f"root={token.dep_ == 'ROOT'}"]
    morph = token.morph
    for key in _MORPH_KEYS:
        for value in morph.get(key):
            features.append(f"m{key}={value}")
    for child in token.children:
        features.append(f"c={child.dep_}")
        if child.dep_ in ("det", "poss"):
            features.append(f"cd={child.lower_}")
    doc = token.doc
    before = doc[token.i - 1] if token.i > 0 else None
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    features.append(f"pw={before.lower_ if before is not None else '<s>'}")
    features.append(f"pp={before.pos_ if before is not None else '<s>'}")
    features.append(f"nw={after.lower_ if after is not None else '</s>'}")
    features.append(f"np={after.pos_ if after is not None else '</s>'}")
    return features


def hashed(features: list[str], width: int, memo: dict[str, int] | None = None) -> list[int]:
    """Stable indices (CRC-32, not Python's salted ``hash``) of a word's or a pair's features (the event
    detector's and the TLINK model's); ``memo`` keeps those already hashed at this width."""
    if memo is None:
        return [zlib.crc32(f.encode("utf-8")) % width for f in features]
    out = []
    for feature in features:
        index = memo.get(feature)
        if index is None:
            index = memo[feature] = zlib.crc32(feature.encode("utf-8")) % width
        out.append(index)
    return out


@dataclass(frozen=True)
class EventDetector:
    width: int
    threshold: float
    classes: tuple[str, ...]
    rows: dict[int, int]  # hashed index -> row of ``weights``
    weights: np.ndarray  # rows x (1 + len(classes)): event logit, then class logits
    intercepts: np.ndarray  # 1 + len(classes)

    def scores(self, indices: list[int]) -> np.ndarray:
        rows = [self.rows[i] for i in indices if i in self.rows]
        return self.weights[rows].sum(axis=0) + self.intercepts if rows else self.intercepts.copy()

    def judge(self, token: Any) -> DetectedEvent | None:
        """The word as an event with its class, or None when it is not one (or not a candidate)."""
        if token.pos_ not in CANDIDATE_POS:
            return None
        score = self.scores(hashed(token_features(token), self.width))
        probability = float(1.0 / (1.0 + np.exp(-score[0])))
        if probability < self.threshold:
            return None
        cls = self.classes[int(np.argmax(score[1:]))]
        return DetectedEvent(token.idx, token.idx + len(token.text), token.text, cls, probability, token.i)

    def detect(self, parse: Any, start: int = 0, end: int | None = None) -> list[DetectedEvent]:
        """The events among the parse's words whose characters lie in [start, end)."""
        found = []
        for token in parse:
            if token.idx < start or (end is not None and token.idx >= end):
                continue
            event = self.judge(token)
            if event is not None:
                found.append(event)
        return found


def read_event_detector(path: Path) -> EventDetector:
    """Read the model file; a missing or damaged one says which script makes it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        indices = data["indices"]
        weights = np.asarray(data["weights"], dtype=np.float32)
        return EventDetector(int(data["width"]), float(data["threshold"]), tuple(data["classes"]),
                             {int(i): row for row, i in enumerate(indices)}, weights,
                             np.asarray(data["intercepts"], dtype=np.float32))
    except (OSError, ValueError, KeyError) as error:
        raise ModelError(f"cannot read the event detector {path}: {error}; train it with {TRAINER}") from error


@cache
def load_event_detector() -> EventDetector:
    """The shipped detector, checked against the manifest and read once per process."""
    from veracity.resources import location, verified

    return read_event_detector(verified(location("events") / "detector.json"))
