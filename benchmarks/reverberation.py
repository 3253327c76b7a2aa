"""How often the reverberation-change indicator fires on recordings with and without a stretch from another room.

From real speech (LibriSpeech train-clean-100, one utterance of at least 8 s per speaker, split into halves by a
hash of the speaker id as in benchmarks/splices.py, and LJSpeech clips joined in pairs, a third of the
evaluation half) the benchmark makes, for each source and noise level (as recorded, 30 dB, 20 dB SNR of white
noise added after editing, so the floor gives nothing away):

- negatives: the recording dry (as recorded), and the whole recording in one synthetic room;
- positives: a 1-3 s stretch from the recording in a room with the rest dry (``stretch``), the second half in a
  room (``half``), and the first half in one room and the second in another whose RT60 differs at least
  1.8-fold (``room_change``).

A room is a synthetic impulse response: a direct path, then exponentially decaying white noise (RT60 0.3-1.0 s,
direct-to-reverberant ratio 0-8 dB). A reverberant stretch is taken from the whole recording convolved with the
room, levelled to the dry speech, and joined with 10 ms crossfades. Every recording is saved as a 16-bit WAV
and as a 64 kbps MP3 and decoded as the toolkit decodes it. The detector is scored side by side with the
stretch-change detector's spectrum-change and noise-floor scores on the same recordings (the baselines).

Thresholds are chosen at 5 % false alarms on the tuning half's negatives; every rate and AUC is measured on
the evaluation half (other speakers, and LJSpeech). The blind RT60 estimate of the uniformly reverberant
recordings is compared with the rooms' true RT60 as a sanity figure. ``--write-calibration`` writes the
threshold and the evaluation rates to src/veracity/models/reverberation/measured.json, which the detector reads.

    .venv/bin/python benchmarks/reverberation.py --data ../shared/data/audio [--n 12] [--json] [--record FILE] \
        [--write-calibration]

Printed as tables: each score (the detector and both baselines) at its threshold, AUC / detection per kind of
positive and false alarms per kind of negative and noise level, the blind RT60 against the truth, and the
detector's CPU time.
"""

from __future__ import annotations

import argparse
import datetime
import json
import shlex
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from harness import Run, Table, add_output_arguments, announce, finish, start
from scipy.signal import fftconvolve
from splices import Source, auc, speech_rms, threshold_at, write_mp3, write_wav

from veracity.audio.decode import SAMPLE_RATE, stream_pcm
from veracity.audio.reverberation import CALIBRATION_FILE, INDICATOR_NAME, ReverbChangeDetector
from veracity.audio.stretch_change import StretchChangeDetector

ROOT = Path(__file__).resolve().parents[1]
NOISE_LEVELS: list[float | None] = [None, 30.0, 20.0]
NEGATIVES = ["dry", "room"]
POSITIVES = ["stretch", "half", "room_change"]
SCORES = [INDICATOR_NAME, "spectrum_change (baseline)", "noise_floor_change (baseline)"]
TARGET_FALSE_ALARMS = 0.05
RT60_RANGE = (0.3, 1.0)
DRR_DB_RANGE = (0.0, 8.0)
NEAR_SECONDS = 1.0  # a flagged place this close to a true boundary counts as found in the right place
FADE = int(0.010 * SAMPLE_RATE)
MIN_SECONDS = 8.0  # two three-second stretches and room to place a stretch between them


def load_sources(data: Path, n: int) -> tuple[list[Source], list[Source]]:
    """splices.py's speaker split (a hash of the speaker id), keeping utterances of at least 8 s; LJSpeech pairs
    make up a third of the evaluation half."""
    libri = sorted((data / "librispeech" / "train-clean-100").glob("*.flac"))
    tune: list[Source] = []
    evaluate: list[Source] = []
    for path in libri:
        speaker = path.name.split("-")[0]
        half, wanted = (tune, n) if zlib.crc32(speaker.encode()) % 2 == 0 else (evaluate, n - n // 3)
        if len(half) < wanted:
            samples = decode(path)
            if len(samples) >= MIN_SECONDS * SAMPLE_RATE:
                half.append(Source(speaker, samples))
        if len(tune) >= n and len(evaluate) >= n - n // 3:
            break
    lj = sorted((data / "ljspeech").glob("*.wav"))
    for first, second in list(zip(lj[0::2], lj[1::2], strict=False))[: n // 3]:
        evaluate.append(Source("LJ", np.concatenate([decode(first), decode(second)])))
    if not tune or not evaluate:
        sys.exit(f"no recordings under {data}: expected librispeech/train-clean-100/*.flac and ljspeech/*.wav")
    return tune, evaluate


def decode(path: Path) -> np.ndarray:
    return np.concatenate(list(stream_pcm(path))).astype(np.float64)


@dataclass
class Case:
    source: int
    noise: float | None
    processing: str  # "wav" or "mp3"
    kind: str  # one of NEGATIVES or POSITIVES
    scores: dict[str, float]
    boundaries: list[float]  # seconds where the room changes (empty for negatives)
    places: dict[str, list[float]]  # per score: seconds of its kept places, largest first
    rt60: float | None  # the room's true RT60 for "room", 0 for "dry", None otherwise
    estimate: float | None  # the detector's whole-recording RT60 estimate


def room_response(rt60: float, drr_db: float, rng: np.random.Generator) -> np.ndarray:
    """A direct path, then exponentially decaying noise falling 60 dB in ``rt60`` seconds."""
    length = int(1.2 * rt60 * SAMPLE_RATE)
    t = np.arange(length) / SAMPLE_RATE
    tail = rng.normal(0, 1, length) * np.exp(-6.9078 * t / rt60)
    tail[: int(0.003 * SAMPLE_RATE)] = 0.0  # the first reflection arrives a few milliseconds after the direct path
    direct = np.sqrt(np.sum(tail**2) * 10 ** (drr_db / 10))
    tail[0] = direct
    return tail / direct


def in_room(dry: np.ndarray, rt60: float, rng: np.random.Generator) -> np.ndarray:
    """The recording as made in the room, levelled to the dry speech (an editor matches levels)."""
    wet = fftconvolve(dry, room_response(rt60, float(rng.uniform(*DRR_DB_RANGE)), rng))[: len(dry)]
    return wet * speech_rms(dry) / max(speech_rms(wet), 1e-12)


def join(base: np.ndarray, other: np.ndarray, start: int, end: int) -> np.ndarray:
    """``base`` with ``other[start:end]`` put in its place, with 10 ms raised-cosine crossfades."""
    out = base.copy()
    out[start:end] = other[start:end]
    ramp = 0.5 - 0.5 * np.cos(np.linspace(0, np.pi, FADE))
    out[start: start + FADE] = base[start: start + FADE] * (1 - ramp) + other[start: start + FADE] * ramp
    if end < len(base):
        out[end - FADE: end] = other[end - FADE: end] * (1 - ramp) + base[end - FADE: end] * ramp
    return out


def versions(dry: np.ndarray, rng: np.random.Generator) -> dict[str, tuple[np.ndarray, list[int], float | None]]:
    """Every negative and positive made from one dry recording: (samples, boundaries in samples, room RT60)."""
    n = len(dry)
    uniform_rt = float(rng.uniform(*RT60_RANGE))
    stretch_rt = float(rng.uniform(*RT60_RANGE))
    half_rt = float(rng.uniform(*RT60_RANGE))
    short_rt, long_rt = float(rng.uniform(0.3, 0.45)), float(rng.uniform(0.8, 1.0))
    first_rt, second_rt = (short_rt, long_rt) if rng.random() < 0.5 else (long_rt, short_rt)
    length = int(rng.uniform(1.0, 3.0) * SAMPLE_RATE)
    start = int(rng.uniform(0.3, 0.6) * n)
    start = max(FADE, min(start, n - length - SAMPLE_RATE // 2))
    middle = n // 2
    return {
        "dry": (dry, [], 0.0),
        "room": (in_room(dry, uniform_rt, rng), [], uniform_rt),
        "stretch": (join(dry, in_room(dry, stretch_rt, rng), start, start + length), [start, start + length], None),
        "half": (join(dry, in_room(dry, half_rt, rng), middle, n), [middle], None),
        "room_change": (join(in_room(dry, first_rt, rng), in_room(dry, second_rt, rng), middle, n), [middle], None),
    }


@dataclass
class Timing:
    cpu_seconds: float = 0.0
    audio_seconds: float = 0.0


def measure(path: Path, timing: Timing) -> tuple[dict[str, float], dict[str, list[float]], float | None]:
    """One streamed decode feeding the reverberation detector and the baseline together, as editing.py would."""
    reverb, change = ReverbChangeDetector(), StretchChangeDetector()
    for block in stream_pcm(path):
        started = time.process_time()
        reverb.feed(block)
        timing.cpu_seconds += time.process_time() - started
        timing.audio_seconds += len(block) / SAMPLE_RATE
        change.feed(block)
    started = time.process_time()
    result = reverb.result()
    timing.cpu_seconds += time.process_time() - started
    other = change.result()
    scores = {INDICATOR_NAME: result.score, "spectrum_change (baseline)": other.colour_db,
              "noise_floor_change (baseline)": other.floor_db}
    places = {INDICATOR_NAME: [at for _, at in result.places],
              "spectrum_change (baseline)": [at for _, at in other.colour_places],
              "noise_floor_change (baseline)": [at for _, at in other.floor_places]}
    return scores, places, result.rt60_seconds


def run_half(sources: list[Source], seed: int, workdir: Path, timing: Timing,
             progress: Callable[[str], None]) -> list[Case]:
    cases: list[Case] = []
    for index, source in enumerate(sources):
        rng = np.random.default_rng(seed * 1000 + index)
        for noise in NOISE_LEVELS:
            made = versions(source.samples, rng)
            peak = max(float(np.abs(samples).max()) for samples, _, _ in made.values())
            scale = 0.9 / peak if peak > 0.9 else 1.0
            for kind, (samples, boundaries, rt60) in made.items():
                noisy = samples * scale
                if noise is not None:
                    noisy = noisy + rng.normal(0, speech_rms(noisy) * 10 ** (-noise / 20), len(noisy))
                for processing in ("wav", "mp3"):
                    path = workdir / f"{index}-{noise}-{kind}.{processing}"
                    (write_wav if processing == "wav" else write_mp3)(noisy, path)
                    scores, places, estimate = measure(path, timing)
                    cases.append(Case(index, noise, processing, kind, scores,
                                      [b / SAMPLE_RATE for b in boundaries], places, rt60, estimate))
                    path.unlink()
        progress(f"  {index + 1}/{len(sources)} sources")
    return cases


def choose_thresholds(tune: list[Case]) -> dict[str, float]:
    negatives = [c for c in tune if c.kind in NEGATIVES]
    return {name: threshold_at([c.scores[name] for c in negatives], TARGET_FALSE_ALARMS) for name in SCORES}


def evaluate(cases: list[Case], thresholds: dict[str, float]) -> dict[str, Any]:
    report: dict[str, Any] = {}
    negatives = [c for c in cases if c.kind in NEGATIVES]
    positives = [c for c in cases if c.kind in POSITIVES]
    for name in SCORES:
        threshold = thresholds[name]
        entry: dict[str, Any] = {"threshold": round(threshold, 4),
                                 "false_alarm_rate": _rate(negatives, name, threshold),
                                 "detection_rate": _rate(positives, name, threshold),
                                 "auc": _auc(positives, negatives, name),
                                 "located_within_1s": _located(positives, name, threshold),
                                 "false_alarms": {}, "per_kind": {}}
        for kind in NEGATIVES:
            entry["false_alarms"][kind] = {_noise_name(noise): _rate(_select(cases, kind, noise), name, threshold)
                                           for noise in [*NOISE_LEVELS, "all"]}
        for kind in POSITIVES:
            entry["per_kind"][kind] = {
                _noise_name(noise): {"auc": _auc(_select(cases, kind, noise), [c for c in negatives if noise == "all"
                                                                               or c.noise == noise], name),
                                     "detection_rate": _rate(_select(cases, kind, noise), name, threshold)}
                for noise in [*NOISE_LEVELS, "all"]}
        for processing in ("wav", "mp3"):
            entry[f"auc_{processing}"] = _auc([c for c in positives if c.processing == processing],
                                              [c for c in negatives if c.processing == processing], name)
        report[name] = entry
    report["negatives_n"], report["positives_n"] = len(negatives), len(positives)
    return report


def rt60_sanity(cases: list[Case]) -> dict[str, Any]:
    """The blind estimate against the true RT60 of the uniformly reverberant recordings, and on dry ones."""
    rooms = [c for c in cases if c.kind == "room" and c.estimate is not None and c.rt60]
    true = np.array([c.rt60 for c in rooms], dtype=float)
    estimate = np.array([c.estimate for c in rooms], dtype=float)
    dry = [c.estimate for c in cases if c.kind == "dry" and c.estimate is not None]
    bins: dict[str, Any] = {}
    for low, high in ((0.3, 0.5), (0.5, 0.7), (0.7, 1.0)):
        inside = (true >= low) & (true < high + 1e-9)
        if inside.any():
            bins[f"{low}-{high} s"] = {"n": int(inside.sum()), "median_estimate": round(float(np.median(
                estimate[inside])), 3), "mean_abs_error": round(float(np.mean(np.abs(estimate - true)[inside])), 3)}
    return {"rooms_n": len(rooms), "mean_abs_error_s": round(float(np.mean(np.abs(estimate - true))), 3),
            "bias_s": round(float(np.mean(estimate - true)), 3),
            "correlation": round(float(np.corrcoef(true, estimate)[0, 1]), 3) if len(rooms) > 2 else None,
            "by_true_rt60": bins, "dry_median_estimate_s": round(float(np.median(dry)), 3) if dry else None}


def _select(cases: list[Case], kind: str, noise: float | str | None) -> list[Case]:
    return [c for c in cases if c.kind == kind and (noise == "all" or c.noise == noise)]


def _rate(cases: list[Case], name: str, threshold: float) -> float | None:
    if not cases:
        return None
    return round(float(np.mean([c.scores[name] >= threshold for c in cases])), 4)


def _auc(positives: list[Case], negatives: list[Case], name: str) -> float | None:
    value = auc([c.scores[name] for c in positives], [c.scores[name] for c in negatives])
    return None if value is None else round(value, 3)


def _located(positives: list[Case], name: str, threshold: float) -> float | None:
    """Of the flagged positives, the share whose strongest place lies within a second of a true boundary."""
    flagged = [c for c in positives if c.scores[name] >= threshold and c.places[name]]
    if not flagged:
        return None
    near = [min(abs(c.places[name][0] - b) for b in c.boundaries) <= NEAR_SECONDS for c in flagged]
    return round(float(np.mean(near)), 4)


def _noise_name(noise: float | str | None) -> str:
    return "as_recorded" if noise is None else noise if isinstance(noise, str) else f"snr{noise:g}"


def write_calibration(result: dict[str, Any], command: str) -> None:
    entry = result["evaluation"][INDICATOR_NAME]
    measured_on = (f"{result['evaluation']['negatives_n']} evaluation recordings of {result['evaluation_speakers']} "
                   "speakers not used for tuning, dry or uniformly reverberant (LibriSpeech, LJSpeech; WAV and "
                   f"MP3; as recorded, 30 and 20 dB SNR); detection over {result['evaluation']['positives_n']} "
                   "with a 1-3 s stretch or the second half in a synthetic room (RT60 0.3-1.0 s), or each half in "
                   "a different one")
    table = {"indicator": INDICATOR_NAME, "threshold": entry["threshold"],
             "false_alarm_rate": entry["false_alarm_rate"], "detection_rate": entry["detection_rate"],
             "auc": entry["auc"], "measured_on": measured_on, "per_kind": entry["per_kind"],
             "baselines": {name: {key: result["evaluation"][name][key] for key in
                                  ("threshold", "false_alarm_rate", "detection_rate", "auc")}
                           for name in SCORES if name != INDICATOR_NAME},
             "rt60_sanity": result["rt60_sanity"], "command": command,
             "date": datetime.date.today().isoformat()}
    CALIBRATION_FILE.parent.mkdir(parents=True, exist_ok=True)
    CALIBRATION_FILE.write_text(json.dumps(table, indent=1) + "\n")


def scores_table(run: Run, evaluation: dict[str, Any]) -> Table:
    """The detector and both baselines at their thresholds, on the evaluation half."""
    table = run.table("Scores on the evaluation half",
                      ["score", "threshold", "false al.", "detected", "AUC", "AUC wav", "AUC mp3", "located"])
    for name in SCORES:
        entry = evaluation[name]
        table.add(name, entry["threshold"], entry["false_alarm_rate"], entry["detection_rate"], entry["auc"],
                  entry["auc_wav"], entry["auc_mp3"], entry["located_within_1s"])
    table.notes.append(f"evaluation half: {evaluation['negatives_n']} negatives (dry, one room), "
                       f"{evaluation['positives_n']} positives; thresholds at {TARGET_FALSE_ALARMS:.0%} false alarms "
                       f"on the tuning half; located: the strongest place within {NEAR_SECONDS:g} s of a true boundary")
    return table


def per_kind_table(run: Run, evaluation: dict[str, Any]) -> Table:
    """Per score: AUC / detection rate for each kind of positive, the false-alarm rate for each negative (FA)."""
    noises = [*NOISE_LEVELS, "all"]
    table = run.table("AUC / detection rate per positive kind; false-alarm rate per negative kind (FA)",
                      ["score", "kind", *(_noise_name(n) for n in noises)])
    for name in SCORES:
        entry = evaluation[name]
        for kind, row in entry["per_kind"].items():
            table.add(name, kind, *(f"{row[_noise_name(n)]['auc']} / {row[_noise_name(n)]['detection_rate']}"
                                    for n in noises))
        for kind, row in entry["false_alarms"].items():
            table.add(name, f"{kind} (FA)", *(row[_noise_name(n)] for n in noises))
    return table


def rt60_table(run: Run, sanity: dict[str, Any]) -> Table:
    """The blind RT60 estimate of the uniformly reverberant recordings against their rooms' true RT60."""
    table = run.table(f"Blind RT60 on {sanity['rooms_n']} uniformly reverberant evaluation recordings",
                      ["true RT60", "n", "median estimate s", "mean abs. error s"])
    for span, row in sanity["by_true_rt60"].items():
        table.add(span, row["n"], row["median_estimate"], row["mean_abs_error"])
    table.notes.append(f"all: mean |error| {sanity['mean_abs_error_s']} s, bias {sanity['bias_s']} s, correlation "
                       f"{sanity['correlation']}; dry recordings read {sanity['dry_median_estimate_s']} s (median)")
    return table


def cpu_table(run: Run, cpu_seconds_per_audio_minute: float) -> Table:
    table = run.table("Detector CPU (2-vCPU VM, shared)", ["detector", "CPU s per minute of audio"])
    table.add(INDICATOR_NAME, cpu_seconds_per_audio_minute)
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "audio")
    parser.add_argument("--n", type=int, default=8, help="source recordings per half (default 8)")
    add_output_arguments(parser)
    parser.add_argument("--write-calibration", action="store_true",
                        help=f"write the threshold and rates to {CALIBRATION_FILE.relative_to(ROOT)}")
    args = parser.parse_args()
    command = "python benchmarks/reverberation.py " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    run = start("reverberation")
    announce(run, args)
    progress = (lambda line: print(line, file=sys.stderr, flush=True)) if args.json else (
        lambda line: print(line, flush=True))
    tune_sources, eval_sources = load_sources(args.data, args.n)
    timing = Timing()
    with tempfile.TemporaryDirectory() as scratch:
        progress(f"tuning half: {len(tune_sources)} sources")
        tune = run_half(tune_sources, 1, Path(scratch), timing, progress)
        progress(f"evaluation half: {len(eval_sources)} sources")
        held_out = run_half(eval_sources, 2, Path(scratch), timing, progress)
    thresholds = choose_thresholds(tune)
    result = {"command": command, "tuning_sources": len(tune_sources), "evaluation_sources": len(eval_sources),
              "evaluation_speakers": len({s.speaker for s in eval_sources}),
              "target_false_alarm_rate_on_tuning": TARGET_FALSE_ALARMS,
              "thresholds": {k: round(v, 4) for k, v in thresholds.items()},
              "evaluation": evaluate(held_out, thresholds), "rt60_sanity": rt60_sanity(held_out),
              "tuning_rt60_sanity": rt60_sanity(tune),
              "cpu_seconds_per_audio_minute": round(60 * timing.cpu_seconds / max(timing.audio_seconds, 1e-9), 3)}
    if args.write_calibration:
        write_calibration(result, "python benchmarks/reverberation.py " + " ".join(
            shlex.quote(a) for a in sys.argv[1:] if a != "--json"))
    run.figures.update(result)
    scores_table(run, result["evaluation"])
    per_kind_table(run, result["evaluation"])
    rt60_table(run, result["rt60_sanity"])
    cpu_table(run, result["cpu_seconds_per_audio_minute"])
    finish(run, args, announced=True)


if __name__ == "__main__":
    main()
