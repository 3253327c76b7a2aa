"""Train the synthetic-voice indicator's logistic regression on the corpus training/make_voice_data.py writes.

Splits (fixed by a hash of the name, so the benchmark and this script agree without sharing state):
LibriSpeech speakers 70 % train / 30 % test, by speaker (WORLD resyntheses of LibriSpeech follow their
speaker); other synthetic clips 70 % / 30 % within each generator family; LJSpeech and pocketsphinx-testdata
are never trained on (unseen real voices). Each clip is cut into 3-second windows
(``veracity.audio.synthetic.window_features``); the regression's strength is chosen by clip-grouped 5-fold
cross-validation on the training part, and the decision threshold is the lowest score at which at most 5 % of
the training part's real clips are flagged out of fold (clip score = mean of its window scores), so no test
clip tunes anything.

    .venv/bin/python training/train_synthetic_voice.py --data .cache/voices/data [--features v2]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import wave
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from veracity.audio.synthetic import (
    MIN_WINDOW_SECONDS,
    MODEL_DIR,
    SAMPLE_RATE,
    V1_FEATURES,
    WINDOW_SECONDS,
    window_features,
)

STRENGTHS = (0.01, 0.03, 0.1, 0.3, 1.0)
FEATURE_VERSION = "v2"  # the cache holds the full v2 vector; the v1 set is its first V1_FEATURES columns
# blocks of the v2 vector (veracity.audio.synthetic.window_features), for ablations
BLOCKS = {"v1": range(0, V1_FEATURES), "ltas": range(162, 194), "fine": range(194, 202), "modulation": range(202, 214),
          "tilt_cpp": range(214, 219), "jitter": range(219, 223), "band_flatness": range(223, 239)}
# v2 = v1 + tilt/cepstral peak prominence + pitch jitter: of the blocks tried (each alone on v1, v2-all, v2-all
# without the long-term spectrum), the one with the lowest mean EER over left-out families (benchmarks/RESULTS.md)
FEATURE_SETS: dict[str, slice | np.ndarray] = {
    "v1": slice(0, V1_FEATURES),
    "v2": np.concatenate([np.arange(0, V1_FEATURES), np.array(BLOCKS["tilt_cpp"]), np.array(BLOCKS["jitter"])]),
    "v2-all": slice(None),
}
TARGET_FALSE_ALARM = 0.05


@dataclass(frozen=True)
class Corpus:
    """Window features with, per window, the clip it came from; per clip its metadata."""

    features: np.ndarray  # (windows, features)
    clip_of_window: np.ndarray  # (windows,) index into clips
    clips: list[dict[str, str]]  # manifest rows plus "label" (1 synthetic) and "split"

    def labels(self) -> np.ndarray:
        return np.array([int(c["label"]) for c in self.clips])


def split_of(row: dict[str, str]) -> str:
    """train / test / unseen, stable under reruns and additions."""
    if row["family"] in ("ljspeech", "pocketsphinx"):
        return "unseen"
    key = row["voice"] if row["kind"] == "real" or row["family"] == "world-resynth" else row["name"]
    fraction = int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "train" if fraction < 0.7 else "test"


def read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as handle:
        pcm = np.frombuffer(handle.readframes(handle.getnframes()), dtype="<i2")
    return pcm.astype(np.float32) / 32768


def clip_windows(samples: np.ndarray) -> list[np.ndarray]:
    """Consecutive 3 s windows, the last kept when it has at least ``MIN_WINDOW_SECONDS``."""
    size, least = int(WINDOW_SECONDS * SAMPLE_RATE), int(MIN_WINDOW_SECONDS * SAMPLE_RATE)
    return [samples[start:start + size] for start in range(0, len(samples), size)
            if len(samples) - start >= least]


def read_manifest(data: Path) -> list[dict[str, str]]:
    with (data / "manifest.tsv").open(newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    for row in rows:
        row["label"] = "1" if row["kind"] == "synthetic" else "0"
        row["split"] = split_of(row)
    return rows


def load_corpus(data: Path, rows: list[dict[str, str]] | None = None, condition: str = "channel") -> Corpus:
    """Every clip's window features (cached in DATA/features-<version>[-<condition>].npz). ``condition``
    "channel" reads DATA/clips (the shared random channel); any other reads DATA/<condition>/ with the same
    layout (the benchmark writes one folder per codec)."""
    rows = read_manifest(data) if rows is None else rows
    suffix = "" if condition == "channel" else f"-{condition}"
    cache = data / f"features-{FEATURE_VERSION}{suffix}.npz"
    names = np.array([row["name"] for row in rows])
    if cache.is_file():
        stored = np.load(cache)
        if np.array_equal(stored["names"], names):
            return Corpus(stored["features"], stored["clip_of_window"], rows)
    features, owners = [], []
    for index, row in enumerate(rows):
        relative = Path(row["path"])
        path = data / relative if condition == "channel" else data / condition / relative.relative_to("clips")
        for window in clip_windows(read_wav(path)):
            vector = window_features(window)
            if vector is not None:
                features.append(vector)
                owners.append(index)
    corpus = Corpus(np.stack(features), np.array(owners), rows)
    np.savez(cache, features=corpus.features, clip_of_window=corpus.clip_of_window, names=names)
    return corpus


def equal_error(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """(EER, threshold): the point where the false-alarm rate on real and the miss rate on synthetic meet."""
    order = np.sort(np.unique(scores))
    positives, negatives = scores[labels == 1], scores[labels == 0]
    best = (1.0, 0.5, float(order[0]))
    for threshold in order:
        false_alarm = float(np.mean(negatives >= threshold))
        miss = float(np.mean(positives < threshold))
        gap = abs(false_alarm - miss)
        if gap < best[0]:
            best = (gap, (false_alarm + miss) / 2, float(threshold))
    return best[1], best[2]


def clip_scores(window_scores: np.ndarray, clip_of_window: np.ndarray, clips: np.ndarray) -> np.ndarray:
    """Each clip's score: the mean of its windows' scores (the recording score at run time)."""
    return np.array([window_scores[clip_of_window == clip].mean() for clip in clips])


def false_alarm_threshold(scores: np.ndarray, labels: np.ndarray, rate: float = TARGET_FALSE_ALARM) -> float:
    """The lowest threshold at which at most ``rate`` of the real clips (label 0) score at or above it."""
    negatives = np.sort(scores[labels == 0])
    allowed = int(np.floor(rate * len(negatives)))
    # flag x >= t: choose t just above the (allowed+1)-th highest real score
    return float(np.nextafter(negatives[len(negatives) - allowed - 1], np.inf)) if len(negatives) else 0.5


@dataclass(frozen=True)
class Fitted:
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    strength: float
    threshold: float  # at most TARGET_FALSE_ALARM of the training real clips flagged, out of fold
    eer_threshold: float  # the out-of-fold equal-error point
    one_window_threshold: float  # the same 5 % rule over single windows: for a recording with one window
    columns: slice | np.ndarray = field(default_factory=lambda: slice(None))

    def window_scores(self, features: np.ndarray) -> np.ndarray:
        logits = ((features[:, self.columns] - self.mean) / self.scale) @ self.coef + self.intercept
        return np.asarray(1 / (1 + np.exp(-np.clip(logits, -30, 30))))


def fit(x: np.ndarray, labels: np.ndarray, clip_of_window: np.ndarray,
        columns: slice | np.ndarray = slice(None)) -> Fitted:
    """Standardise and fit a balanced logistic regression on ``x[:, columns]``; strength and threshold by
    clip-grouped CV."""
    x = x[:, columns]
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedGroupKFold

    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    z = (x - mean) / scale
    folds = list(StratifiedGroupKFold(5, shuffle=True, random_state=0).split(z, labels, clip_of_window))
    clips = np.unique(clip_of_window)
    clip_labels = np.array([labels[clip_of_window == c][0] for c in clips])
    best: tuple[float, float, float, float, float] | None = None
    for strength in STRENGTHS:
        out_of_fold = np.zeros(len(z))
        for train, held in folds:
            model = LogisticRegression(C=strength, max_iter=2000, class_weight="balanced")
            out_of_fold[held] = model.fit(z[train], labels[train]).predict_proba(z[held])[:, 1]
        oof_clips = clip_scores(out_of_fold, clip_of_window, clips)
        eer, threshold = equal_error(oof_clips, clip_labels)
        if best is None or eer < best[0]:
            # one window is a noisier score than a mean of several: its own 5 % point, over single windows
            best = (eer, strength, threshold, false_alarm_threshold(oof_clips, clip_labels),
                    false_alarm_threshold(out_of_fold, labels))
    assert best is not None
    model = LogisticRegression(C=best[1], max_iter=2000, class_weight="balanced").fit(z, labels)
    return Fitted(mean, scale, model.coef_[0], float(model.intercept_[0]), best[1], best[3], best[2], best[4],
                  columns)


def training_windows(corpus: Corpus, exclude_family: str | None = None,
                     families: tuple[str, ...] | None = None) -> np.ndarray:
    """Mask of windows used for training: train split, optionally without one generator family and only the
    given synthetic ``families`` (real clips are always kept)."""
    clips = corpus.clips
    keep = np.array([c["split"] == "train" and c["family"] != exclude_family
                     and (families is None or c["kind"] == "real" or c["family"] in families) for c in clips])
    return keep[corpus.clip_of_window]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path(".cache/voices/data"))
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--features", choices=sorted(FEATURE_SETS), default="v2")
    args = parser.parse_args()
    corpus = load_corpus(args.data)
    mask = training_windows(corpus)
    labels = corpus.labels()[corpus.clip_of_window]
    columns = FEATURE_SETS[args.features]
    fitted = fit(corpus.features[mask], labels[mask], corpus.clip_of_window[mask], columns)
    train_clips = [c for c in corpus.clips if c["split"] == "train"]
    args.out.mkdir(parents=True, exist_ok=True)
    model = {
        "name": f"veracity-synthetic-voice-lr-{args.features}",
        "features": len(fitted.mean),
        **({"columns": [int(i) for i in np.arange(corpus.features.shape[1])[columns]]}
           if isinstance(columns, np.ndarray) else {}),
        "strength": fitted.strength,
        "threshold": round(fitted.threshold, 6),
        "threshold_rule": f"at most {TARGET_FALSE_ALARM:g} of the training real clips flagged, out of fold",
        "one_window_threshold": round(fitted.one_window_threshold, 6),
        "eer_threshold": round(fitted.eer_threshold, 6),
        "mean": [round(float(v), 6) for v in fitted.mean],
        "scale": [round(float(v), 6) for v in fitted.scale],
        "coef": [round(float(v), 6) for v in fitted.coef],
        "intercept": round(fitted.intercept, 6),
        "trained_on": {"windows": int(mask.sum()), "clips": len(train_clips),
                       "synthetic_clips": sum(c["label"] == "1" for c in train_clips),
                       "real_clips": sum(c["label"] == "0" for c in train_clips),
                       "families": sorted({c["family"] for c in train_clips if c["label"] == "1"})},
    }
    (args.out / "model.json").write_text(json.dumps(model, indent=1) + "\n")
    print(f"C={fitted.strength} threshold={fitted.threshold:.4f} on {mask.sum()} windows -> {args.out / 'model.json'}")


if __name__ == "__main__":
    main()
