"""How often the editing indicators fire on edited and on untouched recordings (issue 5).

From real speech (LibriSpeech train-clean-100, one utterance per speaker, and LJSpeech clips joined in pairs)
the benchmark makes recordings with a room noise floor (none, 30 dB or 20 dB SNR) and, on every other one,
mains hum at 50 or 60 Hz (30-45 dB below the speech, with harmonics and a slow frequency drift), then edits
them: a stretch of 0.2-2 s removed (hard cut, and with a 10 ms crossfade), silence of 0.3-1.5 s inserted
(digital zero, and noise matched to the floor), 1-3 s of another speaker's recording (its own noise and hum
phase) spliced in, two MP3s of a cut recording joined byte-wise, and an MP3 decoded and encoded again at the
same or a higher bit rate (64, 96 or 128 kb/s first). Every recording, edited or not, is saved as a 16-bit WAV and
as an MP3 re-encoded after editing, at one bit rate per recording and noise level (64, 96 or 128 kb/s, the one
the double-encoded version ends at, so a cue cannot read the bit rate); the unedited versions go through the
same processing.

Speakers are split by a hash of their id into a tuning half, where each threshold is chosen (5 % false alarms
on the tuning half's untouched recordings; for hum presence, the best balanced accuracy), and an evaluation
half with LJSpeech, where every figure is measured. The baseline is a plain energy-jump detector: the
largest level change between adjacent 20 ms frames. With ``--write-calibration`` the thresholds and the
evaluation rates are written to ``src/veracity/audio/editing_calibration.py``, the table users see.

    .venv/bin/python benchmarks/splices.py --data ../shared/data/audio [--n 8] [--json] [--record FILE] \
        [--write-calibration]

Printed as tables: every indicator beside the baseline (threshold, detection on its targets, false alarms by
noise level), AUC / detection per edit and noise level, how often any indicator fires, and the seconds per file.
"""

from __future__ import annotations

import argparse
import pprint
import shlex
import sys
import tempfile
import textwrap
import wave
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np
from harness import Run, Table, add_output_arguments, announce, finish, start, timed

from veracity.audio.decode import SAMPLE_RATE, stream_pcm
from veracity.audio.editing import ENF_TRACKABLE_DB, NO_FLOOR_DBFS, EditingMeasurements, measure_editing

ROOT = Path(__file__).resolve().parents[1]
CALIBRATION_FILE = ROOT / "src" / "veracity" / "audio" / "editing_calibration.py"
NOISE_LEVELS: list[float | None] = [None, 30.0, 20.0]  # SNR in dB; None: as recorded
TARGET_FALSE_ALARMS = 0.05
EDITS = ["cut_hard", "cut_crossfade", "silence_zero", "silence_noise", "splice_other", "mp3_join", "mp3_double"]
MP3_BIT_RATES = (64_000, 96_000, 128_000)
# The edits each indicator is meant to catch: its shipped detection rate is measured over these.
TARGETS = {
    "enf_presence": [],
    "enf_discontinuity": ["cut_hard", "cut_crossfade", "silence_zero", "silence_noise", "splice_other", "mp3_join"],
    "sample_discontinuity": ["cut_hard", "silence_zero", "splice_other"],
    "digital_silence": ["silence_zero"],
    "noise_floor_change": ["splice_other", "silence_noise"],
    "spectrum_change": ["splice_other"],
    "mp3_frame_grid": ["mp3_join"],
    "mp3_double_compression": ["mp3_double"],
    "energy_jump (baseline)": ["cut_hard", "silence_zero", "splice_other"],
}


@dataclass
class Source:
    speaker: str
    samples: np.ndarray  # float64 at 16 kHz, as recorded


@dataclass
class Case:
    source: int
    noise: float | None
    hum: float | None  # mains frequency or None
    processing: str  # "wav" or "mp3"
    edit: str  # "none" or one of EDITS
    scores: dict[str, float]
    seconds: float = 0.0  # time to measure this file (every detector)


def load_sources(data: Path, n: int) -> tuple[list[Source], list[Source]]:
    """Tuning and evaluation sources, speakers disjoint; LJSpeech (one speaker) goes to evaluation."""
    libri = sorted((data / "librispeech" / "train-clean-100").glob("*.flac"))
    tune, evaluate = [], []
    for path in libri:
        speaker = path.name.split("-")[0]
        # a third of the evaluation half is LJSpeech: leave room for it
        half, size = (tune, n) if zlib.crc32(speaker.encode()) % 2 == 0 else (evaluate, n - n // 3)
        if len(half) < size:
            half.append(Source(speaker, _decode(path)))
        if len(tune) >= n and len(evaluate) >= n - n // 3:
            break
    lj = sorted((data / "ljspeech").glob("*.wav"))
    for first, second in list(zip(lj[0::2], lj[1::2], strict=False))[: n // 3]:
        evaluate.append(Source("LJ", np.concatenate([_decode(first), _decode(second)])))
    if not tune or not evaluate:
        sys.exit(f"no recordings under {data}: expected librispeech/train-clean-100/*.flac and ljspeech/*.wav")
    return tune, evaluate[:n]


def _decode(path: Path) -> np.ndarray:
    return np.concatenate(list(stream_pcm(path))).astype(np.float64)


def speech_rms(samples: np.ndarray) -> float:
    frames = samples[: len(samples) // 320 * 320].reshape(-1, 320)
    rms = np.sqrt(np.mean(frames**2, axis=1))
    return float(np.sqrt(np.mean(rms[rms >= np.median(rms)] ** 2)))


def add_hum(samples: np.ndarray, mains: float, level_db: float, rng: np.random.Generator) -> np.ndarray:
    """Mains hum with harmonics and a slow random drift of the grid frequency (±0.02 Hz)."""
    n = len(samples)
    drift = np.cumsum(rng.normal(0, 1, n // SAMPLE_RATE + 2))
    drift = 0.02 * drift / max(1.0, np.abs(drift).max())
    frequency = mains + np.interp(np.arange(n) / SAMPLE_RATE, np.arange(len(drift)), drift)
    phase = 2 * np.pi * np.cumsum(frequency) / SAMPLE_RATE + rng.uniform(0, 2 * np.pi)
    amplitude = speech_rms(samples) * 10 ** (level_db / 20) * np.sqrt(2)
    hum = np.sin(phase) + 0.5 * np.sin(2 * phase + 0.3) + 0.25 * np.sin(3 * phase + 1.1)
    return samples + amplitude * hum / 1.15


def add_noise(samples: np.ndarray, snr_db: float | None, rng: np.random.Generator) -> np.ndarray:
    if snr_db is None:
        return samples
    return samples + rng.normal(0, speech_rms(samples) * 10 ** (-snr_db / 20), len(samples))


def floor_rms(samples: np.ndarray) -> float:
    frames = samples[: len(samples) // 320 * 320].reshape(-1, 320)
    return float(np.percentile(np.sqrt(np.mean(frames**2, axis=1)), 5))


def record(source: Source, snr: float | None, hum: float | None, hum_db: float, rng: np.random.Generator) -> np.ndarray:
    """The recording as the microphone would have made it: speech, hum, room noise."""
    samples = source.samples
    if hum is not None:
        samples = add_hum(samples, hum, hum_db, rng)
    return add_noise(samples, snr, rng)


def _point(length: int, rng: np.random.Generator) -> int:
    return int(rng.uniform(0.3, 0.6) * length)


def cut(samples: np.ndarray, rng: np.random.Generator, fade_ms: float = 0.0) -> np.ndarray:
    start = _point(len(samples), rng)
    removed = int(rng.uniform(0.2, 2.0) * SAMPLE_RATE)
    before, after = samples[:start], samples[start + removed:]
    fade = int(fade_ms * SAMPLE_RATE / 1000)
    if fade:
        ramp = 0.5 - 0.5 * np.cos(np.linspace(0, np.pi, fade))
        overlap = before[-fade:] * (1 - ramp) + after[:fade] * ramp
        return np.concatenate([before[:-fade], overlap, after[fade:]])
    return np.concatenate([before, after])


def insert(samples: np.ndarray, piece: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    at = _point(len(samples), rng)
    return np.concatenate([samples[:at], piece, samples[at:]])


def make_edits(recording: np.ndarray, other: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Each edit applied to the recording (the MP3 join is done at encoding time from a hard cut)."""
    silence = int(rng.uniform(0.3, 1.5) * SAMPLE_RATE)
    start = int(rng.uniform(0.2, 0.5) * max(1, len(other) - 3 * SAMPLE_RATE))
    foreign = other[start: start + int(rng.uniform(1.0, 3.0) * SAMPLE_RATE)]
    return {
        "cut_hard": cut(recording, rng),
        "cut_crossfade": cut(recording, rng, fade_ms=10.0),
        "silence_zero": insert(recording, np.zeros(silence), rng),
        "silence_noise": insert(recording, rng.normal(0, floor_rms(recording), silence), rng),
        "splice_other": insert(recording, foreign, rng),
    }


def write_wav(samples: np.ndarray, path: Path) -> None:
    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(SAMPLE_RATE)
        handle.writeframes(pcm.tobytes())


def write_mp3(samples: np.ndarray, path: Path, bit_rate: int = 64_000) -> None:
    pcm = (np.clip(samples, -1, 1) * 32767).astype(np.int16)
    with av.open(str(path), "w", format="mp3") as container:
        stream = container.add_stream("libmp3lame", rate=SAMPLE_RATE, layout="mono")
        stream.bit_rate = bit_rate
        step = 4608
        for offset in range(0, len(pcm), step):
            frame = av.AudioFrame.from_ndarray(pcm[None, offset: offset + step], format="s16", layout="mono")
            frame.sample_rate = SAMPLE_RATE
            frame.pts = offset
            frame.time_base = Fraction(1, SAMPLE_RATE)
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)


def write_mp3_join(samples: np.ndarray, path: Path, rng: np.random.Generator, bit_rate: int) -> None:
    """A cut made by joining two MP3 files byte-wise (each with its own encoder header)."""
    start = _point(len(samples), rng)
    removed = int(rng.uniform(0.2, 2.0) * SAMPLE_RATE)
    first, second = path.with_suffix(".a.mp3"), path.with_suffix(".b.mp3")
    write_mp3(samples[:start], first, bit_rate)
    write_mp3(samples[start + removed:], second, bit_rate)
    path.write_bytes(first.read_bytes() + second.read_bytes())


def write_mp3_double(samples: np.ndarray, path: Path, first_rate: int, bit_rate: int) -> None:
    """An MP3 decoded (as an editor opens it) and encoded again, ending at ``bit_rate`` like the others."""
    once = path.with_suffix(".once.mp3")
    write_mp3(samples, once, first_rate)
    write_mp3(_decode(once), path, bit_rate)


def energy_jump(path: Path) -> float:
    """Baseline: the largest level change (dB) between adjacent 20 ms frames."""
    samples = np.concatenate(list(stream_pcm(path)))
    frames = samples[: len(samples) // 320 * 320].reshape(-1, 320).astype(np.float64)
    level = 10 * np.log10(np.mean(frames**2, axis=1) + 1e-10)
    return float(np.abs(np.diff(level)).max()) if len(level) > 1 else 0.0


def scores(measured: EditingMeasurements, path: Path) -> dict[str, float]:
    enf = measured.enf
    zeros = measured.zeros
    values = {
        "enf_presence": enf.presence_db if enf else 0.0,
        "enf_jump_raw": enf.jump_sigmas if enf else 0.0,
        "sample_discontinuity": measured.clicks.score,
        "digital_silence": zeros.longest_seconds if zeros.floor_dbfs > NO_FLOOR_DBFS else 0.0,
        "noise_floor_change": measured.change.floor_db,
        "spectrum_change": measured.change.colour_db,
        "energy_jump (baseline)": energy_jump(path),
    }
    if measured.mp3 is not None:
        values["mp3_frame_grid"] = float(len(measured.mp3.events))
    if measured.recompression is not None:
        values["mp3_double_compression"] = measured.recompression.score
    return values


def run_half(sources: list[Source], seed: int, workdir: Path, progress: Callable[[str], None]) -> list[Case]:
    cases: list[Case] = []
    for index, source in enumerate(sources):
        rng = np.random.default_rng(seed * 1000 + index)
        hum = (50.0 if index % 4 == 0 else 60.0) if index % 2 == 0 else None
        hum_db = float(rng.uniform(-45, -30))
        other = sources[(index + 1) % len(sources)]
        for level, noise in enumerate(NOISE_LEVELS):
            # The bit rates come from their own stream, so the other edits draw what they drew before.
            bit_rate = MP3_BIT_RATES[(index + level) % len(MP3_BIT_RATES)]
            lower = [rate for rate in MP3_BIT_RATES if rate <= bit_rate]
            first_rate = lower[int(np.random.default_rng((seed, index, level)).integers(len(lower)))]
            recording = record(source, noise, hum, hum_db, rng)
            other_noise = NOISE_LEVELS[int(rng.integers(len(NOISE_LEVELS)))]
            other_recording = record(other, other_noise, hum, float(rng.uniform(-45, -30)), rng)
            versions = {"none": recording, **make_edits(recording, other_recording, rng)}
            peak = max(float(np.abs(v).max()) for v in versions.values())
            scale = 0.9 / peak if peak > 0.9 else 1.0
            for edit, samples in versions.items():
                for processing in ("wav", "mp3"):
                    path = workdir / f"{index}-{noise}-{edit}.{processing}"
                    if processing == "wav":
                        write_wav(samples * scale, path)
                    else:
                        write_mp3(samples * scale, path, bit_rate)
                    cases.append(_measured(Case(index, noise, hum, processing, edit, {}), path))
            path = workdir / f"{index}-{noise}-mp3_join.mp3"
            write_mp3_join(recording * scale, path, rng, bit_rate)
            cases.append(_measured(Case(index, noise, hum, "mp3", "mp3_join", {}), path))
            path = workdir / f"{index}-{noise}-mp3_double.mp3"
            write_mp3_double(recording * scale, path, first_rate, bit_rate)
            cases.append(_measured(Case(index, noise, hum, "mp3", "mp3_double", {}), path))
            for stale in workdir.iterdir():
                stale.unlink()
        progress(f"  {index + 1}/{len(sources)} sources")
    return cases


def _measured(case: Case, path: Path) -> Case:
    with timed() as took:
        measured = measure_editing(path)
    case.seconds = took[0]
    case.scores = scores(measured, path)
    return case


def auc(positives: list[float], negatives: list[float]) -> float | None:
    if not positives or not negatives:
        return None
    p, q = np.asarray(positives)[:, None], np.asarray(negatives)[None, :]
    return float(np.mean((p > q) + 0.5 * (p == q)))


def threshold_at(clean: list[float], rate: float) -> float:
    """Smallest threshold at which at most ``rate`` of the clean scores reach it."""
    ordered = sorted(clean, reverse=True)
    allowed = int(np.floor(rate * len(ordered)))
    value = ordered[min(allowed, len(ordered) - 1)]
    return float(value * 1.0001 + 1e-6) if value >= 0 else float(value * 0.9999 + 1e-6)


def best_balanced(positives: list[float], negatives: list[float]) -> float:
    """The threshold with the best balanced accuracy, halfway between the scores either side of it."""
    candidates = sorted(set(positives) | set(negatives))
    best, chosen = -1.0, 0
    for index, value in enumerate(candidates):
        accuracy = np.mean(np.asarray(positives) >= value) + np.mean(np.asarray(negatives) < value)
        if accuracy > best:
            best, chosen = accuracy, index
    below = candidates[chosen - 1] if chosen > 0 else candidates[chosen]
    return float((candidates[chosen] + below) / 2)


def with_enf(cases: list[Case]) -> None:
    """The shipped phase score: only where the hum is strong enough to follow."""
    for case in cases:
        present = case.scores["enf_presence"] >= ENF_TRACKABLE_DB
        case.scores["enf_discontinuity"] = case.scores["enf_jump_raw"] if present else 0.0


def choose_thresholds(tune: list[Case]) -> dict[str, float]:
    hum = [c.scores["enf_presence"] for c in tune if c.hum is not None and c.edit == "none"]
    no_hum = [c.scores["enf_presence"] for c in tune if c.hum is None and c.edit == "none"]
    chosen = {"enf_presence": best_balanced(hum, no_hum)}
    with_enf(tune)
    for name in TARGETS:
        if name == "enf_presence":
            continue
        clean = [c.scores[name] for c in tune if c.edit == "none" and name in c.scores]
        chosen[name] = threshold_at(clean, TARGET_FALSE_ALARMS)
    chosen["mp3_frame_grid"] = max(1.0, chosen["mp3_frame_grid"])
    chosen["digital_silence"] = max(0.01, chosen["digital_silence"])
    return chosen


def evaluate(cases: list[Case], thresholds: dict[str, float]) -> dict[str, Any]:
    with_enf(cases)
    report: dict[str, Any] = {}
    for name, targets in TARGETS.items():
        threshold = thresholds[name]
        entry: dict[str, Any] = {"threshold": round(threshold, 4), "false_alarm_rate": {}, "per_edit": {}}
        relevant = [c for c in cases if name in c.scores and (name != "enf_discontinuity" or c.hum is not None)]
        if name == "enf_presence":
            hum_clean = [c for c in relevant if c.edit == "none" and c.hum is not None]
            no_hum_clean = [c for c in relevant if c.edit == "none" and c.hum is None]
            entry["false_alarm_rate"]["all"] = _rate(no_hum_clean, name, threshold)
            entry["detection_rate"] = _rate(hum_clean, name, threshold)
            entry["auc"] = auc([c.scores[name] for c in hum_clean], [c.scores[name] for c in no_hum_clean])
            entry["clean_n"], entry["edited_n"] = len(no_hum_clean), len(hum_clean)
            report[name] = entry
            continue
        all_clean = [c for c in cases if c.edit == "none" and name in c.scores]
        entry["false_alarm_rate"]["all"] = _rate(all_clean, name, threshold)
        for noise in NOISE_LEVELS:
            entry["false_alarm_rate"][_noise_name(noise)] = _rate([c for c in all_clean if c.noise == noise], name,
                                                                  threshold)
        for edit in EDITS:
            row: dict[str, Any] = {}
            for noise in [*NOISE_LEVELS, "all"]:
                edited = [c for c in relevant if c.edit == edit and (noise == "all" or c.noise == noise)]
                clean = [c for c in relevant if c.edit == "none" and (noise == "all" or c.noise == noise)
                         and (not edit.startswith("mp3_") or c.processing == "mp3")]
                if not edited:
                    continue
                row[_noise_name(noise)] = {
                    "auc": _round(auc([c.scores[name] for c in edited], [c.scores[name] for c in clean])),
                    "detection_rate": _rate(edited, name, threshold), "n": len(edited)}
            if row:
                entry["per_edit"][edit] = row
        targeted = [c for c in relevant if c.edit in targets]
        entry["detection_rate"] = _rate(targeted, name, threshold) if targeted else None
        entry["clean_n"], entry["edited_n"] = len(all_clean), len(targeted)
        report[name] = entry
    indicators = [name for name in TARGETS if name not in ("enf_presence", "energy_jump (baseline)")]
    clean = [c for c in cases if c.edit == "none"]
    report["any_indicator_on_unedited"] = round(float(np.mean([
        any(c.scores.get(name, 0.0) >= thresholds[name] for name in indicators) for c in clean])), 4)
    edited = [c for c in cases if c.edit != "none"]
    report["any_indicator_on_edited"] = round(float(np.mean([
        any(c.scores.get(name, 0.0) >= thresholds[name] for name in indicators) for c in edited])), 4)
    return report


def _noise_name(noise: float | str | None) -> str:
    return "as_recorded" if noise is None else noise if isinstance(noise, str) else f"snr{noise:g}"


def _rate(cases: list[Case], name: str, threshold: float) -> float | None:
    if not cases:
        return None
    return round(float(np.mean([c.scores[name] >= threshold for c in cases])), 4)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def write_calibration(thresholds: dict[str, float], report: dict[str, Any], command: str, speakers: int) -> None:
    table: dict[str, Any] = {"command": command, "indicators": {}}
    for name in TARGETS:
        if name.endswith("(baseline)"):
            continue
        entry = report[name]
        if name == "enf_presence":
            on = (f"{entry['clean_n']} evaluation recordings without added hum (false alarms; some LibriSpeech "
                  f"recordings carry real hum) and {entry['edited_n']} with hum 30-45 dB below the speech")
        else:
            kinds = "MP3 at 64, 96 or 128 kb/s" if name.startswith("mp3_") else "WAV and MP3"
            on = (f"{entry['clean_n']} unedited evaluation recordings of {speakers} speakers not used for tuning "
                  f"(LibriSpeech, LJSpeech; {kinds}; as recorded, 30 and 20 dB SNR); detection over "
                  f"{entry['edited_n']} edited ones ({', '.join(TARGETS[name])})")
            if name == "enf_discontinuity":
                on += ", recordings with mains hum only"
        table["indicators"][name] = {"threshold": round(thresholds[name], 4),
                                     "false_alarm_rate": entry["false_alarm_rate"]["all"],
                                     "detection_rate": entry["detection_rate"], "measured_on": on}
    text = ('"""Thresholds and measured error rates of the editing indicators.\n\n'
            f"Written by benchmarks/splices.py; do not edit by hand. Regenerate with:\n\n    {command}\n"
            '"""\n\nfrom typing import Any\n\n'
            "CALIBRATION: dict[str, Any] = (\n"
            + textwrap.indent(pprint.pformat(table, width=112, sort_dicts=False), "    ") + "\n)\n")
    CALIBRATION_FILE.write_text(text)


def indicators_table(run: Run, report: dict[str, Any]) -> Table:
    """Each indicator and the energy-jump baseline: its threshold, detection on the edits it targets, false
    alarms on unedited recordings (all, then per noise level); for hum presence, the AUC of hum against none."""
    noises = [_noise_name(n) for n in NOISE_LEVELS]
    table = run.table("Indicators on the evaluation half (thresholds from the tuning half)",
                      ["indicator", "threshold", "detection on its targets", "clean n", "edited n", "false alarms all",
                       *(f"false alarms {n}" for n in noises), "AUC hum vs no hum"])
    for name in TARGETS:
        entry = report[name]
        rates = entry["false_alarm_rate"]
        table.add(name, entry["threshold"], entry["detection_rate"], entry["clean_n"], entry["edited_n"], rates["all"],
                  *(rates.get(n) for n in noises), _round(entry["auc"]) if name == "enf_presence" else None)
    table.notes.append("hum presence: false alarms on recordings without added hum, detection on those with it")
    return table


def per_edit_table(run: Run, report: dict[str, Any]) -> Table:
    """AUC and detection rate of every indicator (hum presence aside) and the baseline on each edit."""
    noises = [*NOISE_LEVELS, "all"]
    table = run.table("AUC / detected per edit and noise level (evaluation half)",
                      ["indicator", "edit", *(_noise_name(n) for n in noises)])
    for name in TARGETS:
        for edit, row in report[name]["per_edit"].items():
            table.add(name, edit, *(_cell(row.get(_noise_name(n))) for n in noises))
    return table


def any_indicator_table(run: Run, report: dict[str, Any]) -> Table:
    table = run.table("Any indicator flagged (ENF presence aside)", ["recordings", "share flagged"])
    table.add("unedited", report["any_indicator_on_unedited"])
    table.add("edited", report["any_indicator_on_edited"])
    return table


def seconds_table(run: Run, seconds: dict[str, float]) -> Table:
    table = run.table("Seconds to measure one file (every detector; a shared 2-core machine)",
                      ["format", "seconds"], {"seconds": ".2f"})
    table.add("WAV", seconds["wav"])
    table.add("MP3", seconds["mp3"])
    table.notes.append("the MP3 figure includes the frame walk and the re-encoding cue")
    return table


def _cell(cell: dict[str, Any] | None) -> str:
    return "-" if cell is None else f"{cell['auc']} / {cell['detection_rate']}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "audio")
    parser.add_argument("--n", type=int, default=8, help="source recordings per half (default 8)")
    add_output_arguments(parser)
    parser.add_argument("--write-calibration", action="store_true",
                        help=f"write the thresholds and rates to {CALIBRATION_FILE.relative_to(ROOT)}")
    args = parser.parse_args()
    command = "python benchmarks/splices.py " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    run = start("splices")
    announce(run, args)
    progress = (lambda line: print(line, file=sys.stderr, flush=True)) if args.json else (
        lambda line: print(line, flush=True))
    tune_sources, eval_sources = load_sources(args.data, args.n)
    with tempfile.TemporaryDirectory() as scratch:
        progress(f"tuning half: {len(tune_sources)} sources")
        tune = run_half(tune_sources, 1, Path(scratch), progress)
        progress(f"evaluation half: {len(eval_sources)} sources")
        held_out = run_half(eval_sources, 2, Path(scratch), progress)
    thresholds = choose_thresholds(tune)
    report = evaluate(held_out, thresholds)
    speakers = len({s.speaker for s in eval_sources})
    seconds = {kind: round(float(np.mean([c.seconds for c in held_out if c.processing == kind])), 2)
               for kind in ("wav", "mp3")}
    result = {"command": command, "tuning_sources": len(tune_sources), "evaluation_sources": len(eval_sources),
              "seconds_per_file": seconds,
              "evaluation_speakers": speakers, "target_false_alarm_rate_on_tuning": TARGET_FALSE_ALARMS,
              "thresholds": {k: round(v, 4) for k, v in thresholds.items()}, "evaluation": report}
    if args.write_calibration:
        write_calibration(thresholds, report, "python benchmarks/splices.py " + " ".join(
            shlex.quote(a) for a in sys.argv[1:] if a != "--json"), speakers)
    run.figures.update(result)
    indicators_table(run, report)
    per_edit_table(run, report)
    any_indicator_table(run, report)
    seconds_table(run, seconds)
    finish(run, args, announced=True)


if __name__ == "__main__":
    main()
