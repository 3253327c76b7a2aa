"""Temporal relations (TimeML TLINKs) between a document's events, its times and its creation time (DCT).

TempEval-3 task C gives the events and times and asks which pairs are related and how. The pairs asked
about here are the ones TimeML annotators mostly link: each event with the DCT (``event-dct``), an event
with a time in its sentence (``event-timex``), two events of one sentence or the main events of
adjacent sentences (``event-event``). A time and the DCT, and two times of the text, are related by
comparing their values (``timex-dct``, ``timex-timex``).
For each model-judged kind one softmax over hashed features (the events' class, tense, aspect and
polarity; the parse between them; signal words such as "before", "since"; the time's value against the
DCT) gives a probability to every relation and to NONE (no link); a pair is linked when NONE's
probability is below ``1 - threshold``. Links are then added most probable first, skipping any that
contradict those already kept (a point-algebra check), so the output is a consistent graph. The weights
are one JSON file read with numpy, trained on TimeBank and AQUAINT by ``training/train_tlinks.py``.
"""

from __future__ import annotations

import bisect
import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from veracity.errors import ModelError
from veracity.lemmas import lemma
from veracity.time.calendar import interval_of
from veracity.time.event_detector import hashed
from veracity.time.point_algebra import INVERSE, PointGraph

TRAINER = "training/train_tlinks.py"
KINDS = ("event-dct", "event-timex", "event-event")
SIGNALS = frozenset({
    "before", "after", "since", "until", "till", "during", "while", "when", "as", "then", "later", "earlier",
    "following", "prior", "ago", "by", "already", "previously", "now", "meanwhile", "once", "soon", "ahead",
    "within", "throughout", "from", "to", "in", "on", "at", "for", "between", "into", "upon", "next", "last",
    "again", "still", "yet", "recently", "currently", "formerly", "eventually", "finally", "first", "amid",
})
_QUOTES = ('"', "``", "''")
_TIMEML_POS = {"VERB": "VERB", "AUX": "VERB", "NOUN": "NOUN", "PROPN": "NOUN", "ADJ": "ADJECTIVE"}


@dataclass(frozen=True)
class TimeEntity:
    """An event instance or a time expression as the relation model sees it (ids as in TimeML)."""

    id: str
    kind: str  # "event" or "timex"
    start: int
    end: int
    cls: str = ""  # event: TimeML class
    tense: str = "NONE"
    aspect: str = "NONE"
    polarity: str = "POS"
    pos: str = ""
    type: str = ""  # timex: DATE, TIME, DURATION, SET
    value: str = ""


@dataclass(frozen=True)
class Tlink:
    source: str
    target: str
    rel: str  # TimeML relation type
    probability: float
    kind: str  # one of KINDS or "timex-dct"


@lru_cache(maxsize=4096)  # every pair of a story's times compares the same few values
def value_interval(value: str) -> tuple[datetime.date, datetime.date] | None:
    """The days [first, after-last) a TIMEX3 date value covers — a time of day, its day — or None
    (durations, references, sets; decades and centuries are too coarse to order by), as
    ``calendar.interval_of`` reads the value. A weekend ("1998-W12-WE") is left undated: the model was
    trained with its features read so."""
    if value.endswith("-WE"):
        return None
    bounds = interval_of(value)
    if bounds.earliest_start is None and "T" in value:
        bounds = interval_of(value[:10])  # a clock time the calendar does not read ("10:35:00"): its day
    if bounds.earliest_start is None or bounds.latest_end is None or bounds.granularity in ("decade", "century"):
        return None
    first = datetime.date.fromisoformat(bounds.earliest_start[:10])
    return first, datetime.date.fromisoformat(bounds.latest_end[:10]) + datetime.timedelta(days=1)


def compare_to_dct(value: str, dct: str | None) -> str:
    """How a time's value stands to the DCT's day: BEFORE, AFTER, SIMULTANEOUS (the same day), INCLUDES
    (a longer period holding it), or a coarse tag (PAST_REF, PRESENT_REF, FUTURE_REF, DURATION, UNKNOWN)."""
    if value in ("PAST_REF", "PRESENT_REF", "FUTURE_REF"):
        return value
    if value.startswith("P"):
        return "DURATION"
    span = value_interval(value)
    day = value_interval(dct or "")
    if span is None or day is None:
        return "UNKNOWN"
    if span[1] <= day[0]:
        return "BEFORE"
    if span[0] >= day[1]:
        return "AFTER"
    return "SIMULTANEOUS" if span == day else "INCLUDES"


def value_relation(a: str, b: str) -> str | None:
    """How the time valued ``a`` stands to the time valued ``b`` by their calendar spans (BEFORE, AFTER,
    SIMULTANEOUS, INCLUDES, IS_INCLUDED), or None when a value is not a date or the spans overlap. A
    time of day ("1998-08-07T10:35") is inside its day; two different times of one day are not compared."""
    x, y = value_interval(a), value_interval(b)
    if x is None or y is None:
        return None
    if x[1] <= y[0]:
        return "BEFORE"
    if y[1] <= x[0]:
        return "AFTER"
    if x == y:
        clock_a, clock_b = "T" in a, "T" in b
        if clock_a == clock_b:
            return "SIMULTANEOUS" if a == b or not clock_a else None
        return "IS_INCLUDED" if clock_a else "INCLUDES"
    if x[0] <= y[0] and y[1] <= x[1]:
        return "INCLUDES"
    if y[0] <= x[0] and x[1] <= y[1]:
        return "IS_INCLUDED"
    return None


def timex_timex_relations(entities: Sequence[TimeEntity]) -> list[Tlink]:
    """The rule for two times of the text: their values compared, for every pair of dated times."""
    dated = sorted((e for e in entities if e.kind == "timex" and e.type in ("DATE", "TIME")), key=lambda e: e.start)
    links = []
    for i, a in enumerate(dated):
        for b in dated[i + 1:]:
            rel = value_relation(a.value, b.value)
            if rel is not None:
                links.append(Tlink(a.id, b.id, rel, 1.0, "timex-timex"))
    return links


def timex_dct_relation(timex: TimeEntity, dct: str | None) -> str | None:
    """The rule for a time and the DCT: its value compared with the DCT's date, when both are dates."""
    if timex.type not in ("DATE", "TIME"):
        return None
    rel = compare_to_dct(timex.value, dct)
    return rel if rel in ("BEFORE", "AFTER", "INCLUDES", "SIMULTANEOUS") else None


def derived_attributes(token: Any) -> tuple[str, str]:
    """(tense, aspect) of a word from its parse, for events that come without TimeML attributes."""
    morph = token.morph
    auxes = {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}
    tense = "NONE"
    if auxes & {"will", "'ll", "shall"}:
        tense = "FUTURE"
    elif "Past" in morph.get("Tense") or auxes & {"was", "were", "had", "did"}:
        tense = "PAST"
    elif "Pres" in morph.get("Tense") or auxes & {"is", "are", "am", "has", "have", "does", "do"}:
        tense = "PRESENT"
    perfect = bool(auxes & {"has", "have", "had", "'ve"}) and token.tag_ == "VBN"
    progressive = token.tag_ == "VBG" and bool(auxes & {"is", "are", "am", "was", "were", "be", "been"})
    aspect = ("PERFECTIVE_PROGRESSIVE" if perfect and progressive else "PERFECTIVE" if perfect
              else "PROGRESSIVE" if progressive else "NONE")
    return tense, aspect


@cache
def _read_hashes() -> dict[int, str]:
    """The words ``_between`` reads, by the hash of their lower case (what ``Doc.to_array(LOWER)`` gives)."""
    from spacy.strings import hash_string  # type: ignore[attr-defined]  # a Cython function, not in the stubs

    return {hash_string(word): word for word in (*SIGNALS, *_QUOTES, ",")}


class _Located:
    """Token and sentence lookups for character offsets of one parse, and what the pairs of one parse
    read of a word again and again (its tense and aspect, its features as an event), each found once."""

    def __init__(self, parse: Any) -> None:
        from spacy.attrs import IDX

        self.parse = parse
        self.starts: list[int] = parse.to_array(IDX).tolist()
        self.sentence_of = [0] * len(parse)
        for number, sentence in enumerate(parse.sents):
            self.sentence_of[sentence.start:sentence.end] = [number] * (sentence.end - sentence.start)
        self._marks: list[str | None] | None = None
        self._derived: dict[int, tuple[str, str]] = {}
        self.event_features: dict[tuple[str, str, int], list[str]] = {}
        self.sentence_dates: dict[int, list[str]] = {}

    @property
    def marks(self) -> list[str | None]:
        """By token index, the word in lower case where ``_between`` reads it (a signal word, a quotation
        mark, a comma), else None: read from the parse's array, not word by word."""
        if self._marks is None:
            from spacy.attrs import LOWER

            read = _read_hashes()
            self._marks = [read.get(h) for h in self.parse.to_array(LOWER).tolist()]
        return self._marks

    def derived(self, token: Any) -> tuple[str, str]:
        """``derived_attributes`` of a word of this parse, read once."""
        found = self._derived.get(token.i)
        if found is None:
            found = self._derived[token.i] = derived_attributes(token)
        return found

    def token(self, start: int, end: int) -> Any:
        """The head word of the characters [start, end) (the one whose head lies outside them)."""
        first = max(bisect.bisect_right(self.starts, start) - 1, 0)
        last = max(bisect.bisect_left(self.starts, end) - 1, first)
        span = self.parse[first:last + 1]
        return span.root if len(span) else self.parse[first]


def _bucket(n: int) -> str:
    return str(n) if n < 4 else "4-6" if n < 7 else "7-12" if n < 13 else "13+"


def _event_features(prefix: str, entity: TimeEntity, token: Any, located: _Located | None = None) -> list[str]:
    """The strings describing one event of a pair; with ``located``, computed once per event (the caller
    must not change the list)."""
    if located is None:
        return _event_features_of(prefix, entity, token, derived_attributes(token))
    key = (prefix, entity.id, token.i)
    found = located.event_features.get(key)
    if found is None:
        found = located.event_features[key] = _event_features_of(prefix, entity, token, located.derived(token))
    return found


def _event_features_of(prefix: str, entity: TimeEntity, token: Any, derived: tuple[str, str]) -> list[str]:
    tense, aspect = derived
    return [f"{prefix}c={entity.cls}", f"{prefix}t={entity.tense}", f"{prefix}a={entity.aspect}",
            f"{prefix}ta={entity.tense}|{entity.aspect}", f"{prefix}pol={entity.polarity}",
            f"{prefix}pos={entity.pos}", f"{prefix}l={lemma(token).lower()}", f"{prefix}d={token.dep_}",
            f"{prefix}tag={token.tag_}", f"{prefix}dt={tense}|{aspect}", f"{prefix}ct={entity.cls}|{entity.tense}",
            f"{prefix}hl={lemma(token.head).lower()}" if token.head is not token else f"{prefix}root"]


def _timex_features(prefix: str, entity: TimeEntity, token: Any, dct: str | None) -> list[str]:
    versus = compare_to_dct(entity.value, dct)
    head = token.head
    prep = head.lower_ if token.dep_ == "pobj" else token.dep_
    return [f"{prefix}type={entity.type}", f"{prefix}vs={versus}", f"{prefix}tv={entity.type}|{versus}",
            f"{prefix}prep={prep}", f"{prefix}pv={prep}|{versus}", f"{prefix}w={token.lower_}"]


def _between(a: Any, b: Any, located: _Located | None = None) -> list[str]:
    """Signal words and the dependency link between two words of one parse (``located``: that parse's)."""
    first, second = (a, b) if a.i <= b.i else (b, a)
    if located is not None:  # only the words read below: the same features
        words = [w for w in located.marks[first.i + 1:second.i] if w is not None]
    else:
        doc = a.doc
        words = [doc[i].lower_ for i in range(first.i + 1, second.i)]
    features = [f"sig={w}" for w in words if w in SIGNALS]
    features += ["quote" if any(w in _QUOTES for w in words) else "noquote",
                 f"dist={_bucket(second.i - first.i)}", f"comma={',' in words}"]
    if b.head is a and a is not b:
        features.append(f"a>b={b.dep_}")
    elif a.head is b and a is not b:
        features.append(f"b>a={a.dep_}")
    elif a.head is b.head:
        features.append("siblings")
    elif a in b.ancestors:
        features.append("a_anc_b")
    elif b in a.ancestors:
        features.append("b_anc_a")
    for token in (b, a):  # the preposition or subordinator that attaches the later-in-tree word
        for child in token.children:
            if child.dep_ in ("mark", "advmod", "prep") and child.lower_ in SIGNALS:
                features.append(f"mark={child.lower_}")
    return features


def pair_features(kind: str, a: TimeEntity, ta: Any, b: TimeEntity | None, tb: Any, dct: str | None,
                  located: _Located | None = None) -> list[str]:
    """The strings describing a candidate pair (train and run time share this); ``b`` is None for the DCT.
    ``located``: the parse's lookups, so that what a pair shares with others is read once."""
    features = ["bias"] + _event_features("a", a, ta, located)
    if kind == "event-dct":
        features += [f"sroot={ta.dep_ == 'ROOT'}"]
        # the times of the event's sentence, compared with the DCT: "said Tuesday" is before it
        if located is None:
            return features + _sentence_dates(ta)
        number = located.sentence_of[ta.i]
        if number not in located.sentence_dates:
            located.sentence_dates[number] = _sentence_dates(ta)
        return features + located.sentence_dates[number]
    assert b is not None
    if kind == "event-timex":
        features += _timex_features("b", b, tb, dct)
        features.append(f"order={'ta' if b.start < a.start else 'at'}")
        features.append(f"cvs={a.cls}|{compare_to_dct(b.value, dct)}")
        features.append(f"attached={tb.head is ta or tb.head.head is ta}")
    else:
        features += _event_features("b", b, tb, located)
        same = ta.sent == tb.sent if located is None else located.sentence_of[ta.i] == located.sentence_of[tb.i]
        features += [f"tt={a.tense}|{b.tense}", f"cc={a.cls}|{b.cls}", f"aa={a.aspect}|{b.aspect}",
                     f"same_sentence={same}", f"ll={lemma(ta).lower()}|{lemma(tb).lower()}"]
    features += _between(ta, tb, located)
    return features


def _sentence_dates(token: Any) -> list[str]:
    """The dates and times the word's sentence starts (spaCy's entities)."""
    return [f"sentdate={t.lower_}" for t in token.sent if t.ent_type_ in ("DATE", "TIME") and t.ent_iob_ == "B"]


@dataclass(frozen=True)
class Candidate:
    kind: str
    source: TimeEntity
    target: TimeEntity | None  # None: the DCT
    features: tuple[str, ...]


def candidates(parse: Any, entities: Sequence[TimeEntity], dct: str | None,
               located: _Located | None = None) -> list[Candidate]:
    """The pairs the model is asked about, in text order, each oriented as the model reads it (event first
    for event-DCT and event-time pairs; the earlier event first for two events). ``located``: the parse's
    lookups, when the caller made them already."""
    if len(parse) == 0:
        return []
    located = located or _Located(parse)
    tokens = {e.id: located.token(e.start, e.end) for e in entities}
    events = sorted((e for e in entities if e.kind == "event"), key=lambda e: e.start)
    timexes = sorted((e for e in entities if e.kind == "timex"), key=lambda e: e.start)
    sentence = {e.id: located.sentence_of[tokens[e.id].i] for e in entities}
    found: list[Candidate] = []
    for event in events:
        found.append(Candidate("event-dct", event, None,
                               tuple(pair_features("event-dct", event, tokens[event.id], None, None, dct, located))))
    by_sentence: dict[int, list[TimeEntity]] = {}
    for event in events:
        by_sentence.setdefault(sentence[event.id], []).append(event)
    mains = {n: min(group, key=lambda e: (len(list(tokens[e.id].ancestors)), e.start))
             for n, group in by_sentence.items()}
    times_of: dict[int, list[TimeEntity]] = {}  # sentence -> its times, in text order
    for timex in timexes:
        times_of.setdefault(sentence[timex.id], []).append(timex)
    for event in events:
        for timex in times_of.get(sentence[event.id], ()):
            found.append(Candidate("event-timex", event, timex, tuple(pair_features(
                "event-timex", event, tokens[event.id], timex, tokens[timex.id], dct, located))))
    pairs = [(x, y) for group in by_sentence.values() for i, x in enumerate(group) for y in group[i + 1:]]
    pairs += [(mains[n], mains[n + 1]) for n in sorted(mains) if n + 1 in mains]
    for x, y in pairs:
        found.append(Candidate("event-event", x, y, tuple(pair_features(
            "event-event", x, tokens[x.id], y, tokens[y.id], dct, located))))
    return found


@dataclass(frozen=True)
class SoftmaxModel:
    labels: tuple[str, ...]  # "NONE" and the relations
    rows: dict[int, int]
    weights: np.ndarray  # rows x labels
    intercepts: np.ndarray

    def probabilities(self, indices: list[int]) -> np.ndarray:
        known = self.rows.get
        rows = [row for row in map(known, indices) if row is not None]
        score = self.weights[rows].sum(axis=0) + self.intercepts if rows else self.intercepts.copy()
        score = np.exp(score - score.max())
        return score / score.sum()


@dataclass(frozen=True)
class RelationModel:
    width: int
    thresholds: dict[str, float]  # kind -> least probability of "some link" to link
    timex_dct: bool
    models: dict[str, SoftmaxModel]
    timex_timex: bool = False  # also relate every two dated times of the text by their values

    def with_settings(self, thresholds: dict[str, float] | None = None, timex_dct: bool | None = None,
                      timex_timex: bool | None = None) -> RelationModel:
        """The same weights under other linking settings (the benchmark's tuning grid)."""
        return replace(self, thresholds=dict(thresholds or self.thresholds),
                       timex_dct=self.timex_dct if timex_dct is None else timex_dct,
                       timex_timex=self.timex_timex if timex_timex is None else timex_timex)

    def judge(self, candidate: Candidate, memo: dict[str, int] | None = None) -> tuple[str, float, float]:
        """(best relation, its probability, probability of some link) for one pair; ``memo``: the features'
        indices hashed so far (a document's pairs share most of theirs)."""
        model = self.models[candidate.kind]
        probability = model.probabilities(hashed(list(candidate.features), self.width, memo))
        none = model.labels.index("NONE")
        order = [i for i in np.argsort(-probability) if i != none]
        best = int(order[0])
        return model.labels[best], float(probability[best]), float(1.0 - probability[none])

    def relate(self, parse: Any, entities: Sequence[TimeEntity], dct: str | None, dct_id: str = "t0",
               located: _Located | None = None) -> list[Tlink]:
        """The document's TLINKs, most probable first, consistent with each other."""
        found = candidates(parse, entities, dct, located)
        memo: dict[str, int] = {}
        return self.link(found, [self.judge(c, memo) for c in found], entities, dct, dct_id)

    def link(self, found: Sequence[Candidate], judged: Sequence[tuple[str, float, float]],
             entities: Sequence[TimeEntity], dct: str | None, dct_id: str = "t0") -> list[Tlink]:
        """The links kept from judged candidates under this model's settings (``relate`` without the
        judging, so a benchmark can try several settings on one set of judgements)."""
        proposed: list[Tlink] = []
        for candidate, (rel, probability, linked) in zip(found, judged, strict=True):
            if linked < self.thresholds.get(candidate.kind, 0.5):
                continue
            target = dct_id if candidate.target is None else candidate.target.id
            proposed.append(Tlink(candidate.source.id, target, rel, probability * linked, candidate.kind))
        if self.timex_dct:
            for timex in entities:
                rel_or_none = timex_dct_relation(timex, dct) if timex.kind == "timex" else None
                if rel_or_none is not None and timex.id != dct_id:
                    proposed.append(Tlink(timex.id, dct_id, rel_or_none, 1.0, "timex-dct"))
        if self.timex_timex:
            proposed += timex_timex_relations(entities)
        return consistent(proposed)


def consistent(links: Sequence[Tlink]) -> list[Tlink]:
    """The links, most probable first, without any that contradicts those before it."""
    graph = PointGraph()
    kept = []
    for link in sorted(links, key=lambda link: -link.probability):
        if graph.add(link.source, link.target, link.rel):
            kept.append(link)
    return kept


def oriented(source: str, target: str, rel: str, first: str) -> str:
    """``rel`` read from ``first`` (one of source, target): the inverse when ``first`` is the target."""
    return rel if first == source else INVERSE.get(rel, rel)


def relation_model(data: dict[str, Any]) -> RelationModel:
    """The model from the model file's JSON (``training/train_tlinks.py`` writes it; its benchmark builds
    one per cross-validation fold in memory)."""
    models = {}
    for kind, part in data["models"].items():
        models[kind] = SoftmaxModel(tuple(part["labels"]), {int(i): row for row, i in enumerate(part["indices"])},
                                    np.asarray(part["weights"], dtype=np.float32).reshape(-1, len(part["labels"]))
                                    / float(part.get("scale", 1)),
                                    np.asarray(part["intercepts"], dtype=np.float32))
    return RelationModel(int(data["width"]), {k: float(v) for k, v in data["thresholds"].items()},
                         bool(data["timex_dct"]), models, bool(data.get("timex_timex", False)))


def read_relation_model(path: Path) -> RelationModel:
    """Read the model file; a missing or damaged one says which script makes it."""
    try:
        return relation_model(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ModelError(f"cannot read the relation model {path}: {error}; train it with {TRAINER}") from error


@cache
def load_relation_model() -> RelationModel:
    """The shipped model, read once per process, checked against the manifest."""
    from veracity.resources import location, verified

    return read_relation_model(verified(location("tlinks") / "model.json"))


def order_events(parse: Any, events: Sequence[tuple[int, int, str]], times: Sequence[tuple[int, int, str, str]],
                 dct: str | None) -> list[Tlink]:
    """TLINKs among a document's own detected events and times, for the story timeline.

    ``events`` are (start, end, TimeML class) — e.g. from ``veracity.time.event_detector`` — and get ids
    ``e0, e1, …`` in that order; ``times`` are (start, end, TIMEX3 type, value) with ids ``t1, t2, …``;
    the DCT is ``t0``. Tense and aspect, which TimeML annotates by hand, are read from the parse.
    Returns the links most probable first; none for an empty text or no events.
    """
    if parse is None or len(parse) == 0 or not events:
        return []
    located = _Located(parse)
    entities: list[TimeEntity] = []
    for number, (start, end, cls) in enumerate(events):
        token = located.token(start, end)
        tense, aspect = located.derived(token)
        pos = _TIMEML_POS.get(token.pos_, "OTHER")
        entities.append(TimeEntity(f"e{number}", "event", start, end, cls, tense, aspect, "POS", pos))
    for number, (start, end, kind, value) in enumerate(times, start=1):
        entities.append(TimeEntity(f"t{number}", "timex", start, end, type=kind, value=value))
    return load_relation_model().relate(parse, entities, dct, located=located)


def timeml_entities(doc: Any) -> list[TimeEntity]:
    """The gold event instances and times of a TimeML document (``veracity.eval.timeml.TimeMLDocument``),
    as task C hands them to a system: one entity per MAKEINSTANCE, at its event's characters."""
    events = {e.eid: e for e in doc.events}
    found = [TimeEntity(i.eiid, "event", events[i.eid].start, events[i.eid].end, events[i.eid].cls, i.tense,
                        i.aspect, i.polarity, i.pos) for i in doc.instances if i.eid in events]
    found += [TimeEntity(t.tid, "timex", t.start, t.end, type=t.type, value=t.value) for t in doc.timexes if t.tid]
    return found


def gold_label(candidate: Candidate, gold: dict[tuple[str, str], str], dct_id: str = "t0") -> str:
    """The annotated relation of a candidate pair read in its orientation (DURING, DURING_INV and
    IDENTITY as SIMULTANEOUS, as the scorer reads them), or NONE."""
    a = candidate.source.id
    b = dct_id if candidate.target is None else candidate.target.id
    rel = gold.get((a, b)) or (INVERSE.get(gold[(b, a)], gold[(b, a)]) if (b, a) in gold else None)
    if rel is None:
        return "NONE"
    return "SIMULTANEOUS" if rel in ("DURING", "DURING_INV", "IDENTITY") else rel
