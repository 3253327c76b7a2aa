"""The learned attribution tagger: source, cue and content spans from a quantised ONNX encoder.

The model (trained by ``training/train_attribution.py`` on PolNeAR) labels every subword with one BIO
tag per role. Long articles are cut into overlapping windows; each subword takes its prediction from
the window where it sits furthest from an edge, so context is never cut short on either side.
"""

from __future__ import annotations

import json
import math
import multiprocessing
import os
import re
import sys
import threading
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from veracity.errors import ConfigError, ModelError, StageError, VeracityError
from veracity.model import Document
from veracity.onnx_runtime import cpu_session, raw_tokenizer
from veracity.pipeline import Stage, register_stage
from veracity.resources import location, verified
from veracity.text.drafts import OPENING_MARKS
from veracity.text.tagger_process import TaggerProcess

ROLES = ("source", "cue", "content")
WINDOW = 254  # subwords per window, plus [CLS] and [SEP]
INFERENCE_STRIDE = 192
MODEL_DIR = location("attribution")


def windows(n_tokens: int, stride: int, width: int = WINDOW) -> list[tuple[int, int]]:
    """Half-open token windows of ``width`` covering ``n_tokens`` with step ``stride``."""
    if n_tokens <= width:
        return [(0, n_tokens)]
    spans = []
    start = 0
    while True:
        end = min(start + width, n_tokens)
        spans.append((start, end))
        if end == n_tokens:
            return spans
        start += stride


def sequence_ends(tokenizer: Any) -> tuple[int, int]:
    """The ids a tokenizer puts around one sequence: [CLS] and [SEP] for BERT's, <s> and </s> for MPNet's.

    Read from its post-processor rather than looked up by name: MPNet's vocabulary holds [CLS] and [SEP]
    too, as ids its encoder never saw opening a text, so a lookup by name would quietly feed it the wrong
    ones. ``tokenizer`` must not pad (``raw_tokenizer`` does not).
    """
    ids = tokenizer.encode("", add_special_tokens=True).ids
    if len(ids) != 2:
        raise ModelError(f"tagger tokenizer wraps a text in {len(ids)} special tokens, expected 2 (start, end)")
    return ids[0], ids[1]


@dataclass(frozen=True)
class TaggedSpan:
    role: str
    start: int
    end: int
    score: float


class AttributionTagger:
    """Loads the ONNX tagger once (lazily, thread-safe) and tags texts in batches."""

    def __init__(self, model_dir: str | Path = MODEL_DIR, threads: int = 0, stride: int = INFERENCE_STRIDE,
                 lanes: int = 1, span_bias: tuple[float, ...] | None = None) -> None:
        if not 0 < stride <= WINDOW:
            raise ConfigError(f"tagger stride must be between 1 and {WINDOW} subwords, not {stride}")
        if lanes < 1:
            raise ConfigError(f"tagger lanes must be at least 1, not {lanes}")
        self.model_dir = Path(model_dir)
        self.threads = threads
        self.stride = stride
        # Batches of windows run this many at a time through the one session (each on ``threads`` threads):
        # independent runs keep both cores busy once the parse is done, with none of the waiting of two
        # threads inside one run. A batch's labels never depend on which lane ran it.
        self.lanes = lanes
        self._pool: ThreadPoolExecutor | None = None
        self._session: Any = None
        self._tokenizer: Any = None
        self._ends = (0, 0)  # the start and end token ids, read with the tokenizer
        self._transitions: dict[str, Transitions] = {}
        # Per role, added to the span labels' (B and I) log probabilities before decoding; None: the model's
        # own, from tagger.json (zero where it has none).
        self._span_bias = None if span_bias is None else checked_span_bias(span_bias)
        self._lock = threading.Lock()

    def _load(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            model_path = verified(self.model_dir) / "tagger.onnx"
            if not model_path.is_file():
                raise ModelError(
                    f"attribution model missing at {model_path}; reinstall veracity or run "
                    "training/train_attribution.py"
                )
            self._tokenizer = raw_tokenizer(self.model_dir / "tokenizer.json")
            self._ends = sequence_ends(self._tokenizer)
            self._session = cpu_session(model_path, self.threads)
            meta = json.loads((self.model_dir / "tagger.json").read_text())
            if tuple(meta["roles"]) != ROLES:
                raise ModelError(f"attribution model roles {meta['roles']} do not match {ROLES}")
            self._transitions = read_transitions(meta)
            if self._span_bias is None:
                stored = meta.get("span_bias") or {}
                try:
                    self._span_bias = checked_span_bias(tuple(float(stored.get(role, 0.0)) for role in ROLES))
                except (AttributeError, TypeError, ValueError) as error:
                    raise ModelError(f"attribution model span_bias is malformed: {error}") from error

    def tag(self, text: str) -> list[TaggedSpan]:
        return self.tag_many([text])[0]

    def tag_many(self, texts: list[str], batch_size: int = 16) -> list[list[TaggedSpan]]:
        """Spans for each text, windows of all texts batched together through the encoder."""
        self._load()
        assert self._tokenizer is not None and self._session is not None
        encodings = self._tokenizer.encode_batch(texts, add_special_tokens=False)
        cls_id, sep_id = self._ends
        jobs = []  # (text index, window start, window end)
        for t, enc in enumerate(encodings):
            for lo, hi in windows(len(enc.ids), self.stride):
                jobs.append((t, lo, hi))
        probs = [np.zeros((len(enc.ids), len(ROLES), 3), dtype=np.float32) for enc in encodings]
        best_margin = [np.full(len(enc.ids), -1, dtype=np.int32) for enc in encodings]
        # Batches never mix documents: dynamic int8 quantisation scales activations per batch, so a
        # window's labels could otherwise change with whatever else shares its batch, and the same
        # article would not always give the same dossier.
        batches: list[list[tuple[int, int, int]]] = []
        for t in range(len(texts)):
            own = [job for job in jobs if job[0] == t]
            batches.extend(own[b : b + batch_size] for b in range(0, len(own), batch_size))
        def logits_of(batch: list[tuple[int, int, int]]) -> np.ndarray:
            width = max(hi - lo for _, lo, hi in batch) + 2
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for i, (t, lo, hi) in enumerate(batch):
                ids[i, : hi - lo + 2] = [cls_id, *encodings[t].ids[lo:hi], sep_id]
                mask[i, : hi - lo + 2] = 1
            return self._session.run(["logits"], {"input_ids": ids, "attention_mask": mask})[0]

        if self.lanes > 1 and len(batches) > 1:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.lanes, thread_name_prefix="veracity-tagger-lane")
            results: Iterable[np.ndarray] = self._pool.map(logits_of, batches)
        else:
            results = map(logits_of, batches)
        for batch, logits in zip(batches, results, strict=True):
            for i, (t, lo, hi) in enumerate(batch):
                window_logits = logits[i, 1 : hi - lo + 1]
                positions = np.arange(lo, hi)
                margin = np.minimum(positions - lo, hi - 1 - positions)
                better = margin > best_margin[t][lo:hi]
                best_margin[t][lo:hi][better] = margin[better]
                probs[t][lo:hi][better] = _softmax(window_logits[better])
        return [
            _decode(probs[t], list(encodings[t].offsets), texts[t], self._transitions, self._span_bias)
            for t in range(len(texts))
        ]


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


# BIO transitions: an I may only follow a B or an I. Decoding under this constraint (Viterbi over the
# per-subword probabilities) picks whole spans instead of patching stray I labels into new spans.
_ALLOWED = np.array([[1, 1, 0], [1, 1, 1], [1, 1, 1]], dtype=bool)  # from O/B/I (rows) to O/B/I
_LOG_BLOCKED = np.where(_ALLOWED, 0.0, -1e9)


@dataclass(frozen=True)
class Transitions:
    """Learned scores of one role's linear-chain CRF, added to the per-subword log probabilities.

    ``between[a, b]`` scores label ``b`` right after label ``a``; ``start`` and ``end`` score the first
    and last label. The emissions are the softmax head's logits, and a log-softmax differs from them by
    a per-subword constant only, so the best path over log probabilities is the CRF's best path.
    """

    between: np.ndarray  # 3 x 3, from O/B/I (rows) to O/B/I
    start: np.ndarray  # 3
    end: np.ndarray  # 3


def read_transitions(meta: dict[str, Any]) -> dict[str, Transitions]:
    """The CRF scores stored in ``tagger.json`` per role; none for a model trained without a CRF."""
    stored = meta.get("transitions") or {}
    try:
        return {
            role: Transitions(
                between=np.asarray(scores["between"], dtype=np.float64).reshape(3, 3),
                start=np.asarray(scores["start"], dtype=np.float64).reshape(3),
                end=np.asarray(scores["end"], dtype=np.float64).reshape(3),
            )
            for role, scores in stored.items()
        }
    except (KeyError, TypeError, ValueError) as error:
        raise ModelError(f"attribution model transitions are malformed: {error}") from error


def _viterbi(log_probs: np.ndarray, transitions: Transitions | None = None) -> np.ndarray:
    """The most probable BIO label sequence (0 O, 1 B, 2 I) with no I after an O.

    With ``transitions`` the learned CRF scores join the BIO constraint; without, every allowed
    transition scores zero.
    """
    n = len(log_probs)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    step = _LOG_BLOCKED if transitions is None else _LOG_BLOCKED + transitions.between
    score = log_probs[0] + np.array([0.0, 0.0, -1e9])
    if transitions is not None:
        score = score + transitions.start
    back = np.zeros((n, 3), dtype=np.int64)
    for i in range(1, n):
        candidates = score[:, None] + step  # previous state x next state
        back[i] = candidates.argmax(axis=0)
        score = candidates.max(axis=0) + log_probs[i]
    if transitions is not None:
        score = score + transitions.end
    labels = np.zeros(n, dtype=np.int64)
    labels[-1] = int(score.argmax())
    for i in range(n - 1, 0, -1):
        labels[i - 1] = back[i, labels[i]]
    return labels


def _crf_inside(log_probs: np.ndarray, transitions: list[Transitions]) -> np.ndarray:
    """Each subword's probability of lying inside a span (B or I) under its role's CRF: n x roles.

    ``log_probs`` holds the roles that have a CRF (n x roles x O/B/I), in the order of ``transitions``.
    A span's score is the mean of these over its subwords. A model trained with the CRF loss alone has
    emissions that are no probabilities subword by subword (on 15 PolNeAR dev articles their softmax
    put 91 % of content spans below 0.8, against 11 % for the softmax-trained model), and the score
    feeds the cue-lexicon check and each quote's confidence; the CRF's own marginals (forward-backward,
    all roles in one pass) are probabilities again.
    """
    n = len(log_probs)
    step = np.stack([_ALLOWED * np.exp(t.between) for t in transitions])  # role x previous x next
    first = np.stack([np.exp(t.start) * [1.0, 1.0, 0.0] for t in transitions])  # no span opens with I
    last = np.stack([np.exp(t.end) for t in transitions])
    emit = np.exp(log_probs - log_probs.max(axis=-1, keepdims=True))
    forward = np.empty((n, len(transitions), 3))
    backward = np.empty((n, len(transitions), 3))
    # Scaled to sum to one at each step (the scale cancels in the marginals), so long texts never underflow.
    forward[0] = _normalised(first * emit[0])
    for i in range(1, n):
        forward[i] = _normalised(np.einsum("ra,rab->rb", forward[i - 1], step) * emit[i])
    backward[-1] = _normalised(last)
    for i in range(n - 2, -1, -1):
        backward[i] = _normalised(np.einsum("rab,rb->ra", step, emit[i + 1] * backward[i + 1]))
    joint = forward * backward
    return 1.0 - joint[..., 0] / joint.sum(axis=-1)


def _normalised(x: np.ndarray) -> np.ndarray:
    return x / x.sum(axis=-1, keepdims=True)


def checked_span_bias(bias: tuple[float, ...]) -> tuple[float, ...]:
    """A span bias per role, refused with a ConfigError unless it is one finite number a role."""
    values = tuple(bias)
    if len(values) != len(ROLES) or not all(isinstance(v, int | float) and math.isfinite(v) for v in values):
        raise ConfigError(f"tagger span_bias must be {len(ROLES)} finite numbers ({', '.join(ROLES)}), not {bias!r}")
    return tuple(float(v) for v in values)


def _decode(
    probs: np.ndarray,
    offsets: list[tuple[int, int]],
    text: str,
    transitions: dict[str, Transitions] | None = None,
    span_bias: tuple[float, ...] | None = None,
) -> list[TaggedSpan]:
    """BIO runs (decoded per role under the BIO constraint and any learned transitions) to character spans.

    ``span_bias`` shifts only the choice of path (a role's B and I against its O): the spans' scores stay
    the model's own probabilities, since they feed confidence and the cue-lexicon check.
    """
    spans = []
    n = len(offsets)
    log_probs = np.log(np.clip(probs, 1e-9, 1.0))
    crf = [(transitions or {}).get(role) for role in ROLES]
    with_crf = [r for r, t in enumerate(crf) if t is not None]
    inside: dict[int, np.ndarray] = {}  # per role with a CRF: its marginals, the span scores' source
    if n and with_crf:
        marginals = _crf_inside(log_probs[:, with_crf], [t for t in crf if t is not None])
        inside = {r: marginals[:, k] for k, r in enumerate(with_crf)}
    for r, role in enumerate(ROLES):
        role_log_probs = log_probs[:, r, :]
        if span_bias and span_bias[r]:
            role_log_probs = role_log_probs + np.array([0.0, span_bias[r], span_bias[r]])
        labels = _viterbi(role_log_probs, crf[r])
        run_start = None
        for i in range(n + 1):
            label = labels[i] if i < n else 0
            if run_start is not None and label != 2:
                if r in inside:
                    score = float(inside[r][run_start:i].mean())
                else:
                    score = float(1.0 - probs[run_start:i, r, 0].mean())
                spans.extend(_split_at_paragraphs(_span(role, offsets, run_start, i, text, score), text))
                run_start = None
            if label == 1:
                run_start = i
    return spans


def _split_at_paragraphs(span: TaggedSpan, text: str) -> list[TaggedSpan]:
    """A span cut at blank lines: the model sometimes runs a headline into the byline and the next
    paragraph's first words. What follows the break is kept only where a quotation opens it; a
    quotation that really continues over paragraphs is rejoined by the quotation-mark rules.
    """
    parts: list[TaggedSpan] = []
    for piece in _PARAGRAPH.finditer(text, span.start, span.end):
        if parts and piece.group()[0] not in OPENING_MARKS:
            continue
        end = piece.start() + len(piece.group().rstrip())
        parts.append(TaggedSpan(span.role, piece.start(), end, span.score))
    return parts


_PARAGRAPH = re.compile(r"\S(?:.|\n(?![ \t]*\n))*")  # a run of text with no blank line inside


def _span(
    role: str, offsets: list[tuple[int, int]], first: int, stop: int, text: str, score: float
) -> TaggedSpan:
    """Character span of subwords ``first..stop``, widened to whole words.

    A span that starts on punctuation glued to the word before is not widened back: that punctuation
    is a word of its own, as PolNeAR's tokens split it — the cue of ``Poll: …`` is the
    colon (``Poll`` is the source), and of ``He’s claiming`` it is ``’s claiming`` (``He`` speaks).
    """
    start, end = offsets[first][0], offsets[stop - 1][1]
    if start < len(text) and text[start].isalnum():
        while start > 0 and text[start - 1].isalnum():
            start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return TaggedSpan(role, start, end, round(score, 4))


BACKGROUNDS = ("process", "thread", "none")


@register_stage("attribution_tagger")
class AttributionTaggerStage(Stage):
    """Tag source, cue and content spans with the learned model; the quotes stage links them.

    The encoder runs beside the later stages (the spaCy parse) rather than before them:
    ``background="thread"`` (the default) uses a worker thread (onnxruntime releases the GIL, the
    decoding does not); ``"process"`` runs it in one worker process, so neither waits for the
    other's GIL (the ``veracity`` command uses it; see ``default_pipeline`` for why the library
    does not); ``"none"`` runs it in the caller.
    Consumers read the result through :func:`tagged_spans`, which waits for it.
    """

    requires: ClassVar[tuple[str, ...]] = ("text",)
    provides: ClassVar[tuple[str, ...]] = ("tagged_spans",)

    def __init__(
        self,
        model_dir: str = str(MODEL_DIR),
        threads: int = 0,
        background: str | bool = "thread",
        stride: int = INFERENCE_STRIDE,
        lanes: int = 0,
        span_bias: list[float] | None = None,
    ) -> None:
        if isinstance(background, bool):  # configurations written before the process worker existed
            background = "thread" if background else "none"
        if background not in BACKGROUNDS:
            raise ConfigError(f"tagger background must be one of {', '.join(BACKGROUNDS)}, not {background!r}")
        self.model_dir = model_dir
        self.threads = threads
        self.background = background
        self.stride = stride
        self.lanes = lanes
        # One number a role (source, cue, content): above zero the tagger opens and extends spans more
        # readily (recall for precision). None: the model's calibrated bias, stored in its tagger.json.
        bias = None if span_bias is None else checked_span_bias(tuple(span_bias))
        self.span_bias = None if bias is None else list(bias)
        # Beside the parse the encoder gets one thread a run: two threads fighting the parse for a core
        # were slower (2.7 against 3.1 articles/s on 2 cores). Two runs at a time (lanes, 0 = that when
        # in the background on two or more cores) use the second core once the parse is done.
        auto_lanes = 2 if background != "none" and (os.cpu_count() or 1) >= 2 else 1
        self._settings: Settings = (
            str(model_dir), threads or (1 if background != "none" else 0), stride, lanes or auto_lanes, bias,
        )

    def works_in_background(self) -> bool:
        return self.background != "none"

    def process(self, docs: list[Document]) -> list[Document]:
        texts = [d.text for d in docs]
        if self.background == "none":
            for doc, spans in zip(docs, shared_tagger(*self._settings).tag_many(texts), strict=True):
                doc.scratch["tagged_spans"] = spans
            return docs
        future = _submit(self.background, self._settings, texts)
        for index, doc in enumerate(docs):
            doc.scratch["tagged_spans"] = _Pending(future, index)
        return docs


@dataclass(frozen=True)
class _Pending:
    future: Future[list[list[TaggedSpan]]]
    index: int

    def result(self) -> list[TaggedSpan]:
        try:
            return self.future.result()[self.index]
        except VeracityError:
            raise
        except Exception as error:
            raise StageError(f"{type(error).__name__}: {error}", stage="attribution_tagger") from error


def tagged_spans(doc: Document) -> list[TaggedSpan]:
    """The tagger's spans for a document, waiting for a background run to finish."""
    value = doc.scratch.get("tagged_spans", [])
    if isinstance(value, _Pending):
        value = value.result()
        doc.scratch["tagged_spans"] = value
    return value


Settings = tuple[str, int, int, int, tuple[float, ...] | None]  # model folder, threads, stride, lanes, span bias
_THREADS: dict[Settings, ThreadPoolExecutor] = {}
_PROCESSES: dict[Settings, TaggerProcess] = {}
_WORKERS_LOCK = threading.Lock()
_TAGGERS: dict[Settings, AttributionTagger] = {}


def _submit(background: str, settings: Settings, texts: list[str]) -> Future[list[list[TaggedSpan]]]:
    """Queue one batch on the long-lived worker for these settings, starting it on first use."""
    if background == "process" and not _may_spawn():
        background = "thread"
    with _WORKERS_LOCK:
        if background == "thread":
            if settings not in _THREADS:
                _THREADS[settings] = ThreadPoolExecutor(max_workers=1, thread_name_prefix="veracity-tagger")
            return _THREADS[settings].submit(_tag_many, settings, texts)
        worker = _PROCESSES.get(settings)
        if worker is None or worker.broken:
            worker = _PROCESSES[settings] = TaggerProcess(settings, shared_tagger)
    return worker.submit(texts)


def _may_spawn() -> bool:
    """Whether a spawned worker can start here: not from a daemon (a ``multiprocessing.Pool``
    worker), and not when the main script cannot be re-imported (``python -`` reading stdin)."""
    if multiprocessing.current_process().daemon:
        return False
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    return main_file is None or Path(main_file).is_file()


def _tag_many(settings: Settings, texts: list[str]) -> list[list[TaggedSpan]]:
    """Runs in the worker (thread or process): the shared tagger for these settings."""
    return shared_tagger(*settings).tag_many(texts)


def shared_tagger(
    model_dir: str | Path = MODEL_DIR,
    threads: int = 0,
    stride: int = INFERENCE_STRIDE,
    lanes: int = 1,
    span_bias: tuple[float, ...] | None = None,
) -> AttributionTagger:
    """One tagger (one ONNX session) per model directory and settings per process."""
    key: Settings = (str(model_dir), threads, stride, lanes, span_bias)
    if key not in _TAGGERS:
        _TAGGERS[key] = AttributionTagger(model_dir, threads, stride, lanes, span_bias)
    return _TAGGERS[key]
