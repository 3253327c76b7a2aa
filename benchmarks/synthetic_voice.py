"""Synthetic-voice indicator: equal error rates on unseen generators and unseen real voices, AASIST alongside.

    python benchmarks/synthetic_voice.py --data data/voices [--json] [--aasist-per-group 20] [--record]

DATA is what ``training/make_voice_data.py`` writes (synthetic speech from four open-source generator
families and real read speech, all through one shared channel of codecs, levels and noise). Splits are
``training/train_synthetic_voice.split_of``: LibriSpeech by speaker, synthetic clips within each family;
LJSpeech and pocketsphinx-testdata are never trained on. Every figure is an EER over recordings (a clip's
score is the mean of its 3 s window scores, as at run time):

- unseen generator: for each family, a detector trained on the other three (train split) is tested on every
  clip of the held-out family against the held-out LibriSpeech speakers; and the mean over families;
- unseen real voices: the shipped model, test-split synthetic clips against LJSpeech + pocketsphinx voices;
- in domain: the shipped model, test-split synthetic clips against held-out LibriSpeech speakers.

Baselines in the same run: a logistic regression on mean MFCCs only (same protocol), and AASIST / AASIST-L
(Jung et al. 2021; the authors' ASVspoof 2019 LA weights, our torch definition in ``aasist_model.py``),
scored on the first 4 s of each clip; AASIST runs on ``--aasist-per-group`` clips drawn from each group
(1.5 s a clip on one core), and our detector is reported on the same subset for a like-for-like row.
``--record`` writes the figures to src/veracity/models/synthetic_voice/measured.json, which the indicator
carries in every report.
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import shlex
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(ROOT / "training"))

from train_synthetic_voice import (  # noqa: E402
    Corpus,
    clip_scores,
    equal_error,
    fit,
    load_corpus,
    read_wav,
    training_windows,
)

from veracity.audio.synthetic import MODEL_DIR, load_detector  # noqa: E402

FAMILIES = ("espeak-ng", "diphone", "flite-clustergen", "festival-hts")
MEAN_MFCC = slice(0, 19)  # the first 19 features are the means of MFCC 1..19
BENCHMARK_DATE = "2026-11-26"


def eer(scores: np.ndarray, labels: np.ndarray) -> float:
    return round(equal_error(scores, labels)[0], 4)


def indices(corpus: Corpus, *, split: str | None = None, family: str | None = None,
            kind: str | None = None) -> np.ndarray:
    """Clips matching every given field that have at least one scorable window (the rest get no score at
    run time either: "no speech")."""
    scored = set(corpus.clip_of_window.tolist())
    return np.array([i for i, c in enumerate(corpus.clips)
                     if i in scored and (split is None or c["split"] == split)
                     and (family is None or c["family"] == family) and (kind is None or c["kind"] == kind)])


def evaluation_sets(corpus: Corpus) -> dict[str, np.ndarray]:
    """Named sets of clip indices: one per held-out family (its clips + held-out LibriSpeech speakers),
    unseen real voices and in-domain."""
    real_test = indices(corpus, split="test", family="librispeech")
    synthetic_test = indices(corpus, split="test", kind="synthetic")
    sets = {f"unseen:{f}": np.concatenate([indices(corpus, family=f), real_test]) for f in FAMILIES}
    sets["unseen_real_voices"] = np.concatenate([synthetic_test, indices(corpus, split="unseen")])
    sets["in_domain"] = np.concatenate([synthetic_test, real_test])
    return sets


def detector_scores(corpus: Corpus, columns: slice | None) -> dict[str, np.ndarray]:
    """Clip scores per evaluation set: leave-one-family-out models for unseen generators, the all-family
    model for the rest (the shipped weights when ``columns`` is None)."""
    features = corpus.features if columns is None else corpus.features[:, columns]
    window_labels = corpus.labels()[corpus.clip_of_window]
    sets = evaluation_sets(corpus)
    scores: dict[str, np.ndarray] = {}
    for family in FAMILIES:
        mask = training_windows(corpus, exclude_family=family)
        model = fit(features[mask], window_labels[mask], corpus.clip_of_window[mask])
        scores[f"unseen:{family}"] = clip_scores(model.window_scores(features), corpus.clip_of_window,
                                                 sets[f"unseen:{family}"])
    if columns is None:
        window_scores = load_detector().window_scores(features)
    else:
        mask = training_windows(corpus)
        window_scores = fit(features[mask], window_labels[mask], corpus.clip_of_window[mask]).window_scores(features)
    for name in ("unseen_real_voices", "in_domain"):
        scores[name] = clip_scores(window_scores, corpus.clip_of_window, sets[name])
    return scores


def subset(sets: dict[str, np.ndarray], corpus: Corpus, per_group: int, seed: int) -> dict[str, np.ndarray]:
    """The AASIST subset: ``per_group`` clips drawn once per family from the evaluation clips (test split or
    never trained on), the same clips in every set, so each clip is scored once."""
    rng = np.random.default_rng(seed)
    evaluated = np.unique(np.concatenate([sets["in_domain"], sets["unseen_real_voices"]]))
    picked: set[int] = set()
    for family in sorted({corpus.clips[i]["family"] for i in evaluated}):
        of_family = np.array([i for i in evaluated if corpus.clips[i]["family"] == family])
        picked.update(rng.choice(of_family, min(per_group, len(of_family)), replace=False).tolist())
    return {name: np.array([i for i in members.tolist() if i in picked]) for name, members in sets.items()}


def aasist_scores(data: Path, corpus: Corpus, clips: np.ndarray) -> dict[str, dict[int, float]]:
    """Spoof score (spoof minus bona-fide logit) of each clip under AASIST and AASIST-L."""
    import torch
    from aasist_model import load_aasist, spoof_scores

    torch.set_num_threads(max(1, torch.get_num_threads()))
    audio = [read_wav(data / corpus.clips[i]["path"]) for i in clips]
    weights_dir = ROOT.parent / "shared" / "data" / "audio" / "aasist"
    result = {}
    for variant in ("AASIST", "AASIST-L"):
        model = load_aasist(weights_dir / f"{variant}.pth")
        result[variant] = dict(zip(clips.tolist(), spoof_scores(model, audio).tolist(), strict=True))
    return result


def figures(scores: dict[str, np.ndarray], sets: dict[str, np.ndarray], corpus: Corpus) -> dict[str, Any]:
    labels = corpus.labels()
    unseen = {f: eer(scores[f"unseen:{f}"], labels[sets[f"unseen:{f}"]]) for f in FAMILIES}
    unseen["mean"] = round(float(np.mean(list(unseen.values()))), 4)
    return {"eer_unseen_generator": unseen,
            "eer_unseen_real_voices": eer(scores["unseen_real_voices"], labels[sets["unseen_real_voices"]]),
            "eer_in_domain": eer(scores["in_domain"], labels[sets["in_domain"]])}


def restrict(scores: dict[str, np.ndarray], sets: dict[str, np.ndarray],
             chosen: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Scores of the chosen clips, in the chosen order."""
    by_clip = {name: dict(zip(sets[name].tolist(), scores[name].tolist(), strict=True)) for name in scores}
    return {name: np.array([by_clip[name][i] for i in chosen[name].tolist()]) for name in scores}


def false_alarms(corpus: Corpus, sets: dict[str, np.ndarray], scores: dict[str, np.ndarray],
                 threshold: float) -> dict[str, float]:
    """At the shipped threshold: real clips flagged, synthetic clips missed (unseen real voices set)."""
    labels = corpus.labels()[sets["unseen_real_voices"]]
    values = scores["unseen_real_voices"]
    return {"false_alarm_unseen_real": round(float(np.mean(values[labels == 0] >= threshold)), 4),
            "miss_in_domain_synthetic": round(float(np.mean(values[labels == 1] < threshold)), 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--aasist-per-group", type=int, default=20, help="clips per family per set for AASIST "
                        "(0 skips AASIST)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--record", action="store_true", help="write models/synthetic_voice/measured.json")
    args = parser.parse_args()
    command = "python benchmarks/synthetic_voice.py " + shlex.join(sys.argv[1:])
    began = time.monotonic()
    corpus = load_corpus(args.data)
    sets = evaluation_sets(corpus)
    ours = detector_scores(corpus, None)
    trivial = detector_scores(corpus, MEAN_MFCC)
    detector = load_detector()
    report: dict[str, Any] = {
        "benchmark": command,
        "date": BENCHMARK_DATE,
        "machine": f"{platform.machine()}, {platform.python_version()}",
        "clips": {"synthetic": int(sum(c["kind"] == "synthetic" for c in corpus.clips)),
                  "real": int(sum(c["kind"] == "real" for c in corpus.clips)),
                  "without_a_scorable_window": [c["name"] for i, c in enumerate(corpus.clips)
                                                if i not in set(corpus.clip_of_window.tolist())],
                  "windows": int(len(corpus.features))},
        "set_sizes": {name: {"synthetic": int(corpus.labels()[m].sum()), "real": int((corpus.labels()[m] == 0).sum())}
                      for name, m in sets.items()},
        "model": detector.name,
        "threshold": detector.threshold,
        "ours": figures(ours, sets, corpus) | false_alarms(corpus, sets, ours, detector.threshold),
        "mean_mfcc_baseline": figures(trivial, sets, corpus),
    }
    if args.aasist_per_group > 0:
        chosen = subset(sets, corpus, args.aasist_per_group, args.seed)
        clips = np.unique(np.concatenate(list(chosen.values())))
        aasist = aasist_scores(args.data, corpus, clips)
        report["aasist_subset"] = {"clips": int(len(clips)), "per_group": args.aasist_per_group,
                                   "ours": figures(restrict(ours, sets, chosen), chosen, corpus)}
        for variant, by_clip in aasist.items():
            variant_scores = {name: np.array([by_clip[i] for i in chosen[name]]) for name in chosen}
            report["aasist_subset"][variant] = figures(variant_scores, chosen, corpus)
    report["seconds"] = round(time.monotonic() - began, 1)
    if args.record:
        measured = {**report["ours"], "mean_mfcc_baseline": report["mean_mfcc_baseline"],
                    "aasist_baseline": report.get("aasist_subset", {}), "benchmark": command,
                    "date": BENCHMARK_DATE}
        (MODEL_DIR / "measured.json").write_text(json.dumps(measured, indent=1) + "\n")
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        print_table(report)
    print(f"command: {command}  ({report['seconds']} s, {datetime.date.today()})", file=sys.stderr)


def print_table(report: dict[str, Any]) -> None:
    rows = [("ours (all clips)", report["ours"]), ("mean-MFCC LR (all clips)", report["mean_mfcc_baseline"])]
    for name, values in report.get("aasist_subset", {}).items():
        if isinstance(values, dict):
            rows.append((f"{name} (AASIST subset)", values))
    header = ["system", *FAMILIES, "mean", "unseen real", "in-domain"]
    print(" | ".join(header))
    for name, values in rows:
        unseen = values["eer_unseen_generator"]
        cells = [name, *(f"{unseen[f]:.3f}" for f in FAMILIES), f"{unseen['mean']:.3f}",
                 f"{values['eer_unseen_real_voices']:.3f}", f"{values['eer_in_domain']:.3f}"]
        print(" | ".join(cells))
    print(f"EER (lower is better); held-out generator columns; threshold {report['threshold']:.3f}: "
          f"false alarms on unseen real voices {report['ours']['false_alarm_unseen_real']:.3f}, "
          f"missed synthetic {report['ours']['miss_in_domain_synthetic']:.3f}")
    print(f"command: {report['benchmark']}")


if __name__ == "__main__":
    main()
