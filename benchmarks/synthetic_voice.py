"""Synthetic-voice indicator: every generator family left out in turn, per codec, with the baselines in the same run.

    python benchmarks/synthetic_voice.py --data .cache/voices/data [--json] [--record] [--run-record FILE]
        [--codec-per-family 40] [--aasist-per-group 15] [--aasist-variants AASIST-L]

DATA is what ``training/make_voice_data.py`` writes: six generator families that share no voice and no vocoder
(old: espeak-ng, diphone, statistical-parametric; neural or vocoder: piper-vits, kokoro, world-resynth) and
real read speech, all through one shared random channel (codecs, levels, noise), plus a clean copy of every
clip. Splits are ``training/train_synthetic_voice.split_of``.

Leave one family out: for each family, each system is trained on the train split of the other families (the
"old recipe" only on the other old families) and real LibriSpeech training speakers; its threshold is the
training part's own out-of-fold point of at most 5 % false alarms (no test clip tunes it). It is tested on
every clip of the left-out family against held-out real speech (LibriSpeech test speakers, LJSpeech,
pocketsphinx-testdata): equal error rate, detection and false alarms at that threshold. Conditions: "channel"
(the shared random channel, all clips) and each codec applied alone to the clean copies (``--codec-per-family``
clips a family, every held-out real clip): WAV, MP3 64 and 128 kb/s, Opus 32 kb/s, telephone band (8 kHz
mu-law). A clip's score is the mean of its 3 s window scores, as at run time.

Systems: "new" (v2 features, all other families), "old recipe" (v1 features, other old families only: what
the shipped v1 model was), a logistic regression on mean MFCCs (all other families), the model in
``--shipped-model`` as it is (its own threshold; it never left anything out), and AASIST-L (Jung et al. 2021,
the authors' ASVspoof 2019 LA weights, ``aasist_model.py``) on ``--aasist-per-group`` clips per family and real
group, its threshold at 5 % false alarms on 20 LibriSpeech training speakers' clips in the same conditions.
Short clips: the first 2 s and 3 s of held-out clean WAVs, how many get a score and how well.
``--record`` writes the "new" system's figures to src/veracity/models/synthetic_voice/measured.json;
``--run-record FILE`` keeps the run's record (its tables, and the whole report as figures) for
``benchmarks/results.py`` (the harness's ``--record`` under another name: here ``--record`` was taken first).

Printed as tables: per condition, every system (and the baselines) per left-out family; the feature-set
ablation; the all-family model; the short clips.
"""

from __future__ import annotations

import argparse
import json
import platform
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(ROOT / "training"))

from harness import Run, Table, finish, timed  # noqa: E402
from harness import start as start_run  # noqa: E402
from train_synthetic_voice import (  # noqa: E402
    FEATURE_SETS,
    TARGET_FALSE_ALARM,
    Corpus,
    Fitted,
    clip_scores,
    equal_error,
    false_alarm_threshold,
    fit,
    load_corpus,
    read_manifest,
    read_wav,
    training_windows,
)

from veracity.audio.synthetic import MODEL_DIR, SAMPLE_RATE, Detector, load_detector, window_features_or_reason  # noqa: E402

OLD_FAMILIES = ("espeak-ng", "diphone", "statistical-parametric")
NEURAL_FAMILIES = ("piper-vits", "kokoro", "world-resynth")
FAMILIES = (*OLD_FAMILIES, *NEURAL_FAMILIES)
CODECS: dict[str, list[str]] = {
    "wav": [],
    "mp3-64": ["-c:a", "libmp3lame", "-b:a", "64k", "enc.mp3"],
    "mp3-128": ["-c:a", "libmp3lame", "-b:a", "128k", "enc.mp3"],
    "opus-32": ["-c:a", "libopus", "-b:a", "32k", "enc.ogg"],
    "phone-8k": ["-ar", "8000", "-c:a", "pcm_mulaw", "enc.wav"],
}
MEAN_MFCC = slice(0, 19)  # the first 19 features are the means of MFCC 1..19
SYSTEMS = {"new": ("v2", FAMILIES), "old recipe": ("v1", OLD_FAMILIES), "mean-MFCC LR": ("mfcc", FAMILIES)}
BENCHMARK_DATE = "2026-12-06"


def columns_of(feature_set: str) -> slice | np.ndarray:
    return MEAN_MFCC if feature_set == "mfcc" else FEATURE_SETS[feature_set]


def held_out_real(row: dict[str, str]) -> bool:
    return row["kind"] == "real" and row["split"] in ("test", "unseen")


def encode(data: Path, rows: list[dict[str, str]], codec: str) -> None:
    """DATA/<codec>/... from DATA/clean/...: the clean clip through one codec, decoded back to 16 kHz WAV."""
    for row in rows:
        relative = Path(row["path"]).relative_to("clips")
        out = data / codec / relative
        if out.is_file():
            continue
        out.parent.mkdir(parents=True, exist_ok=True)
        clean = data / "clean" / relative
        if not CODECS[codec]:
            out.write_bytes(clean.read_bytes())
            continue
        *options, name = CODECS[codec]
        encoded = out.parent / f".{out.stem}.{name}"
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(clean), *options, str(encoded)],
                       check=True, capture_output=True, timeout=120)
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(encoded), "-ac", "1", "-ar",
                        str(SAMPLE_RATE), "-c:a", "pcm_s16le", str(out)], check=True, capture_output=True, timeout=120)
        encoded.unlink()


def codec_rows(rows: list[dict[str, str]], per_family: int, seed: int) -> list[dict[str, str]]:
    """Up to ``per_family`` clips of each family, every held-out real clip and 20 training-speaker real clips
    (the AASIST threshold's dev set), in manifest order."""
    rng = np.random.default_rng(seed)
    chosen: set[str] = {r["name"] for r in rows if held_out_real(r)}
    for family in FAMILIES:
        names = sorted(r["name"] for r in rows if r["family"] == family)
        chosen.update(rng.choice(names, min(per_family, len(names)), replace=False).tolist())
    dev = sorted(r["name"] for r in rows if r["kind"] == "real" and r["split"] == "train")
    chosen.update(rng.choice(dev, min(20, len(dev)), replace=False).tolist())
    return [r for r in rows if r["name"] in chosen]


def scored_clips(corpus: Corpus) -> np.ndarray:
    return np.unique(corpus.clip_of_window)


def rates(scores: np.ndarray, labels: np.ndarray, threshold: float) -> dict[str, float]:
    if labels.sum() == 0 or (labels == 0).sum() == 0:
        raise ValueError("an evaluation set needs synthetic and real clips")
    return {"eer": round(equal_error(scores, labels)[0], 4),
            "detection": round(float(np.mean(scores[labels == 1] >= threshold)), 4),
            "false_alarm": round(float(np.mean(scores[labels == 0] >= threshold)), 4),
            "synthetic": int((labels == 1).sum()), "real": int((labels == 0).sum())}


def family_figures(corpus: Corpus, window_scores: np.ndarray, family: str, threshold: float) -> dict[str, float]:
    """EER, detection and false alarms: the family's clips against held-out real clips."""
    clips = np.array([i for i in scored_clips(corpus)
                      if corpus.clips[i]["family"] == family or held_out_real(corpus.clips[i])])
    scores = clip_scores(window_scores, corpus.clip_of_window, clips)
    return rates(scores, corpus.labels()[clips], threshold)


def train_system(channel: Corpus, feature_set: str, families: tuple[str, ...], left_out: str | None) -> Fitted:
    mask = training_windows(channel, exclude_family=left_out, families=families)
    labels = channel.labels()[channel.clip_of_window]
    return fit(channel.features[mask], labels[mask], channel.clip_of_window[mask], columns_of(feature_set))


def summarise(per_family: dict[str, dict[str, dict[str, float]]]) -> dict[str, dict[str, float]]:
    """Per condition: mean EER over all, old and neural families, and the mean detection and false alarm."""
    out: dict[str, dict[str, float]] = {}
    conditions = next(iter(per_family.values())).keys()
    for condition in conditions:
        def mean(key: str, families: tuple[str, ...], condition: str = condition) -> float:
            values = [per_family[f][condition][key] for f in families if f in per_family]
            return round(float(np.mean(values)), 4) if values else float("nan")
        out[condition] = {"mean_eer": mean("eer", FAMILIES), "mean_eer_old": mean("eer", OLD_FAMILIES),
                          "mean_eer_neural": mean("eer", NEURAL_FAMILIES),
                          "mean_detection_neural": mean("detection", NEURAL_FAMILIES),
                          "max_false_alarm": round(max(per_family[f][condition]["false_alarm"] for f in per_family), 4)}
    return out


def ablation_sets() -> dict[str, tuple[str, tuple[str, ...]]]:
    """The feature sets tried when v2 was chosen: v1 plus each block, everything, everything but the spectrum."""
    from train_synthetic_voice import BLOCKS

    sets = {name: (name, FAMILIES) for name in FEATURE_SETS}
    for block in BLOCKS:
        if block != "v1":
            FEATURE_SETS[f"v1+{block}"] = np.concatenate([np.arange(0, 162), np.array(BLOCKS[block])])
            sets[f"v1+{block}"] = (f"v1+{block}", FAMILIES)
    FEATURE_SETS["v2-all-ltas"] = np.array([i for b, r in BLOCKS.items() if b != "ltas" for i in r])
    sets["v2-all-ltas"] = ("v2-all-ltas", FAMILIES)
    return sets


def leave_one_out(channel: Corpus, codecs: dict[str, Corpus],
                  systems: dict[str, tuple[str, tuple[str, ...]]] = SYSTEMS) -> dict[str, Any]:
    """Every system, every family left out, every condition."""
    result: dict[str, Any] = {}
    for system, (feature_set, families) in systems.items():
        per_family: dict[str, dict[str, dict[str, float]]] = {}
        thresholds = {}
        for family in present(channel):
            mask = training_windows(channel, exclude_family=family, families=families)
            if len(set(channel.labels()[channel.clip_of_window[mask]].tolist())) < 2:
                continue  # nothing synthetic left to train on (a partial corpus)
            model = train_system(channel, feature_set, families, family)
            thresholds[family] = round(model.threshold, 4)
            per_family[family] = {"channel": family_figures(channel, model.window_scores(channel.features), family,
                                                            model.threshold)}
            for codec, corpus in codecs.items():
                per_family[family][codec] = family_figures(corpus, model.window_scores(corpus.features), family,
                                                           model.threshold)
            print(f"  {system}: left out {family}: EER {per_family[family]['channel']['eer']:.3f}", file=sys.stderr)
        if per_family:
            result[system] = {"per_family": per_family, "thresholds": thresholds, "summary": summarise(per_family)}
    return result


def present(corpus: Corpus) -> list[str]:
    """The families this corpus holds (all six once make_voice_data.py has finished)."""
    return [f for f in FAMILIES if any(c["family"] == f for c in corpus.clips)]


def shipped_figures(detector: Detector, channel: Corpus, codecs: dict[str, Corpus]) -> dict[str, Any]:
    per_family = {}
    for family in present(channel):
        per_family[family] = {"channel": family_figures(channel, detector.window_scores(channel.features), family,
                                                        detector.threshold)}
        for codec, corpus in codecs.items():
            per_family[family][codec] = family_figures(corpus, detector.window_scores(corpus.features), family,
                                                       detector.threshold)
    return {"model": detector.name, "threshold": detector.threshold, "per_family": per_family,
            "summary": summarise(per_family)}


def aasist_figures(data: Path, codecs: dict[str, Corpus], variants: list[str], per_group: int,
                   seed: int) -> dict[str, Any]:
    """AASIST variants on a subset: ``per_group`` clips of each family and of each held-out real corpus, plus
    the 20 dev real clips for the threshold (5 % false alarms over the conditions' dev clips)."""
    import torch
    from aasist_model import load_aasist, spoof_scores

    torch.set_num_threads(1)
    weights_dir = ROOT.parent / "shared" / "data" / "audio" / "aasist"
    any_corpus = next(iter(codecs.values()))
    rng = np.random.default_rng(seed)
    picked: list[str] = []
    groups = sorted({c["family"] for c in any_corpus.clips if c["kind"] == "synthetic" or held_out_real(c)})
    for group in groups:
        names = sorted(c["name"] for c in any_corpus.clips if c["family"] == group
                       and (c["kind"] == "synthetic" or held_out_real(c)))
        picked += rng.choice(names, min(per_group, len(names)), replace=False).tolist()
    dev = [c["name"] for c in any_corpus.clips if c["kind"] == "real" and c["split"] == "train"]
    rows = {c["name"]: c for c in any_corpus.clips}
    result: dict[str, Any] = {"clips": len(picked), "dev_real_clips": len(dev), "per_group": per_group}
    cache_file = data / "aasist-scores.json"  # {variant: {codec: {clip: score}}}: the network is the slow part
    cache = json.loads(cache_file.read_text()) if cache_file.is_file() else {}
    for variant in variants:
        model = load_aasist(weights_dir / f"{variant}.pth")
        scores: dict[str, dict[str, float]] = {}
        for codec in codecs:
            known = cache.setdefault(variant, {}).setdefault(codec, {})
            missing = [n for n in picked + dev if n not in known]
            for start in range(0, len(missing), 16):
                names = missing[start : start + 16]
                audio = [read_wav(data / codec / Path(rows[n]["path"]).relative_to("clips")) for n in names]
                with torch.no_grad():
                    known.update(zip(names, spoof_scores(model, audio).tolist(), strict=True))
                cache_file.write_text(json.dumps(cache))
            scores[codec] = known
        dev_scores = np.array([scores[codec][n] for codec in codecs for n in dev])
        threshold = false_alarm_threshold(dev_scores, np.zeros(len(dev_scores)))
        per_family: dict[str, dict[str, dict[str, float]]] = {}
        for family in FAMILIES:
            members = [n for n in picked if rows[n]["family"] == family or held_out_real(rows[n])]
            labels = np.array([int(rows[n]["label"]) for n in members])
            if labels.sum() == 0:
                continue
            per_family[family] = {codec: rates(np.array([scores[codec][n] for n in members]), labels, threshold)
                                  for codec in codecs}
        result[variant] = {"threshold": round(threshold, 4), "per_family": per_family,
                           "summary": summarise(per_family)}
    return result


def short_clips(wav: Corpus, data: Path, model: Fitted) -> dict[str, Any]:
    """The first 2 s and 3 s of each held-out clean clip (test-split synthetic, held-out real): scored or not
    (and why not), and the all-family model's EER and rates on them (one window: its one-window threshold)."""
    out: dict[str, Any] = {}
    candidates = [c for c in wav.clips if held_out_real(c) or (c["kind"] == "synthetic" and c["split"] == "test")]
    for seconds in (2.0, 3.0):
        scores, labels, reasons = [], [], {}
        for clip in candidates:
            samples = read_wav(data / "wav" / Path(clip["path"]).relative_to("clips"))
            if len(samples) < seconds * SAMPLE_RATE:
                continue
            features, why = window_features_or_reason(samples[: int(seconds * SAMPLE_RATE)])
            if features is None:
                reasons[clip["name"]] = why
                continue
            scores.append(float(model.window_scores(features[None, :])[0]))
            labels.append(int(clip["label"]))
        out[f"{seconds:g}s"] = {"clips": len(scores) + len(reasons), "unscored": reasons,
                                "threshold": round(model.one_window_threshold, 4),
                                **rates(np.array(scores), np.array(labels), model.one_window_threshold)}
    return out


def in_domain(channel: Corpus, model: Fitted) -> dict[str, float]:
    """The all-family model: test-split synthetic clips against held-out LibriSpeech speakers, and against the
    never-trained real voices (LJSpeech, pocketsphinx)."""
    window_scores = model.window_scores(channel.features)
    result = {}
    for name, real in (("in_domain", ("test",)), ("unseen_real_voices", ("unseen",))):
        clips = np.array([i for i in scored_clips(channel) if (channel.clips[i]["kind"] == "synthetic"
                          and channel.clips[i]["split"] == "test")
                          or (channel.clips[i]["kind"] == "real" and channel.clips[i]["split"] in real)])
        result[name] = rates(clip_scores(window_scores, channel.clip_of_window, clips), channel.labels()[clips],
                             model.threshold)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--json", action="store_true", help="print the run's record (tables, figures) as JSON")
    parser.add_argument("--codec-per-family", type=int, default=40)
    parser.add_argument("--codecs", nargs="*", default=list(CODECS), choices=list(CODECS))
    parser.add_argument("--aasist-per-group", type=int, default=15, help="0 skips AASIST")
    parser.add_argument("--aasist-variants", nargs="*", default=["AASIST-L"], choices=["AASIST", "AASIST-L"])
    parser.add_argument("--aasist-codecs", nargs="*", default=["wav", "mp3-64"], choices=list(CODECS))
    parser.add_argument("--shipped-model", type=Path, default=MODEL_DIR,
                        help="a folder with model.json to score as it is (default: the committed model)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--record", action="store_true", help="write models/synthetic_voice/measured.json")
    parser.add_argument("--run-record", type=Path,
                        help="also write the run's record here, for benchmarks/results.py")
    parser.add_argument("--ablation", action="store_true", help="also every feature set tried (all families "
                        "trained on, channel, WAV and MP3 64 kb/s): mean EERs over left-out families")
    args = parser.parse_args()
    run = start_run("synthetic_voice")
    command = "python benchmarks/synthetic_voice.py " + shlex.join(sys.argv[1:])
    with timed() as took:
        report = measure(args, command)
    report["seconds"] = round(took[0], 1)
    if args.record:
        record(report)
    run.figures.update(report)
    report_tables(run, report)
    finish(run, argparse.Namespace(json=args.json, record=args.run_record))


def measure(args: argparse.Namespace, command: str) -> dict[str, Any]:
    """Every figure of the run: left-one-family-out per system and condition, the shipped model, the all-family
    model, and as asked the ablation, the short clips and AASIST."""
    with timed() as ready:
        rows = read_manifest(args.data)
        channel = load_corpus(args.data, rows)
        subset = codec_rows(rows, args.codec_per_family, args.seed)
        codecs = {}
        for codec in args.codecs:
            encode(args.data, subset, codec)
            codecs[codec] = load_corpus(args.data, subset, condition=codec)
    print(f"features ready ({ready[0]:.0f} s)", file=sys.stderr)
    load_detector.cache_clear()
    shipped = load_detector(args.shipped_model)
    final = train_system(channel, "v2", FAMILIES, None)
    report: dict[str, Any] = {
        "benchmark": command,
        "date": BENCHMARK_DATE,
        "machine": f"{platform.machine()}, {platform.python_version()}",
        "clips": {"synthetic": {f: sum(c["family"] == f for c in rows) for f in FAMILIES},
                  "real": {f: sum(c["family"] == f for c in rows) for f in ("librispeech", "ljspeech", "pocketsphinx")},
                  "held_out_real": sum(held_out_real(c) for c in rows), "codec_subset": len(subset),
                  "without_a_scorable_window": [c["name"] for i, c in enumerate(channel.clips)
                                                if i not in set(channel.clip_of_window.tolist())],
                  "windows": int(len(channel.features))},
        "target_false_alarm": TARGET_FALSE_ALARM,
        "leave_one_family_out": leave_one_out(channel, codecs),
        "shipped_model": shipped_figures(shipped, channel, codecs),
        "all_family_v2": {"threshold": round(final.threshold, 4), "strength": final.strength,
                          **in_domain(channel, final)},
    }
    if args.ablation:
        few = {c: codecs[c] for c in ("wav", "mp3-64") if c in codecs}
        report["ablation"] = {name: values["summary"] for name, values
                              in leave_one_out(channel, few, ablation_sets()).items()}
    if "wav" in codecs:
        report["short_clips"] = short_clips(codecs["wav"], args.data, final)
    if args.aasist_per_group > 0:
        chosen = {c: codecs[c] for c in args.aasist_codecs if c in codecs}
        report["aasist"] = aasist_figures(args.data, chosen, args.aasist_variants, args.aasist_per_group, args.seed)
    return report


def record(report: dict[str, Any]) -> None:
    new = report["leave_one_family_out"]["new"]
    unseen = {f: new["per_family"][f]["channel"]["eer"] for f in FAMILIES}
    summary = new["summary"]["channel"]
    measured = {
        "eer_unseen_generator": {**unseen, "mean": summary["mean_eer"], "mean_old": summary["mean_eer_old"],
                                 "mean_neural": summary["mean_eer_neural"]},
        "unseen_generator_by_codec": {f: new["per_family"][f] for f in FAMILIES},
        "eer_unseen_real_voices": report["all_family_v2"]["unseen_real_voices"]["eer"],
        "eer_in_domain": report["all_family_v2"]["in_domain"]["eer"],
        "false_alarm_unseen_real": report["all_family_v2"]["unseen_real_voices"]["false_alarm"],
        "threshold_rule": f"at most {TARGET_FALSE_ALARM:g} of the training real clips flagged, out of fold",
        "short_clips": {k: {key: v[key] for key in ("clips", "eer", "detection", "false_alarm")}
                        | {"unscored": len(v["unscored"])} for k, v in report.get("short_clips", {}).items()},
        "mean_mfcc_baseline": report["leave_one_family_out"]["mean-MFCC LR"]["summary"],
        "old_recipe": report["leave_one_family_out"]["old recipe"]["summary"],
        "aasist_baseline": {k: v["summary"] if isinstance(v, dict) else v for k, v in report.get("aasist", {}).items()},
        "benchmark": report["benchmark"],
        "date": BENCHMARK_DATE,
    }
    (MODEL_DIR / "measured.json").write_text(json.dumps(measured, indent=1) + "\n")


def report_tables(run: Run, report: dict[str, Any]) -> None:
    condition_tables(run, report)
    if "ablation" in report:
        ablation_table(run, report["ablation"])
    all_family_table(run, report)
    if "short_clips" in report:
        short_clips_table(run, report["short_clips"])


def condition_tables(run: Run, report: dict[str, Any]) -> list[Table]:
    """Per condition: every system's EER / detection / false alarms on each left-out family, and its means."""
    systems: list[tuple[str, dict[str, Any]]] = [(f"{name} (left out)", values) for name, values
                                                 in report["leave_one_family_out"].items()]
    systems.append((f"shipped {report['shipped_model']['model']} (as is)", report["shipped_model"]))
    for variant, values in report.get("aasist", {}).items():
        if isinstance(values, dict):
            systems.append((f"{variant} (subset)", values))
    conditions = list(next(iter(report["leave_one_family_out"]["new"]["per_family"].values())))
    tables = []
    for condition in conditions:
        table = run.table(f"{condition}: EER / detection / false alarms at the system's threshold (5 % false alarms "
                          "on dev)", ["system", *FAMILIES, "mean EER", "mean EER old", "mean EER neural"],
                          {"mean EER": ".3f", "mean EER old": ".3f", "mean EER neural": ".3f"})
        for name, values in systems:
            per_family = values["per_family"]
            if condition not in next(iter(per_family.values())):
                continue
            cells: list[str | float] = []
            for family in FAMILIES:
                f = per_family.get(family, {}).get(condition)
                cells.append("-" if f is None else f"{f['eer']:.3f} / {f['detection']:.2f} / {f['false_alarm']:.2f}")
            s = values["summary"][condition]
            table.add(name, *cells, s["mean_eer"], s["mean_eer_old"], s["mean_eer_neural"])
        tables.append(table)
    return tables


def ablation_table(run: Run, ablation: dict[str, dict[str, dict[str, float]]]) -> Table:
    """Every feature set tried: mean EER over the left-out families per condition (all, old, neural)."""
    conditions = list(dict.fromkeys(c for summary in ablation.values() for c in summary))
    columns = [f"{c} {part}" for c in conditions for part in ("mean EER", "old", "neural")]
    table = run.table("Ablation: mean EER over left-out families, per feature set", ["feature set", *columns],
                      dict.fromkeys(columns, ".3f"))
    for name, summary in ablation.items():
        table.add(name, *(summary[c][key] if c in summary else None for c in conditions
                          for key in ("mean_eer", "mean_eer_old", "mean_eer_neural")))
    return table


def all_family_table(run: Run, report: dict[str, Any]) -> Table:
    """The model trained on every family: its threshold, in-domain EER and its EER and false alarms on real
    voices it never trained on."""
    final = report["all_family_v2"]
    table = run.table("All-family v2 model", ["model", "threshold", "in domain EER", "unseen real voices EER",
                                              "unseen real voices false alarms"],
                      {"threshold": ".3f", "in domain EER": ".3f", "unseen real voices EER": ".3f",
                       "unseen real voices false alarms": ".3f"})
    table.add("v2, all families", final["threshold"], final["in_domain"]["eer"], final["unseen_real_voices"]["eer"],
              final["unseen_real_voices"]["false_alarm"])
    table.notes.append(f"the whole run: {report['seconds']} s")
    return table


def short_clips_table(run: Run, short: dict[str, dict[str, Any]]) -> Table:
    """The first 2 s and 3 s of held-out clean clips: how many get a score, and how well."""
    table = run.table("Short clips (the first 2 s and 3 s of held-out clean WAVs)",
                      ["length", "scored", "clips", "EER", "detection", "false alarms"],
                      {"EER": ".3f", "detection": ".2f", "false alarms": ".2f"})
    for length, values in short.items():
        table.add(length, values["clips"] - len(values["unscored"]), values["clips"], values["eer"],
                  values["detection"], values["false_alarm"])
    return table


if __name__ == "__main__":
    main()
