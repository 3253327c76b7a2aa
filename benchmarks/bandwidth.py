"""Declared versus actual bandwidth: detection per kind of history, false alarms on files that are what they say.

Cases are built from real speech with the ffmpeg command (Debian ``ffmpeg``, with libmp3lame):

- ``genuine_wav`` / ``genuine_flac``: each clip at its own rate, lossless. What "genuine" means differs by source
  and is printed: the ALSA voice prompts (Debian ``alsa-utils``, 48 kHz) are the only full-band material here;
  LJSpeech (22.05 kHz) and LibriSpeech / pocketsphinx's LibriVox clips (16 kHz) were made from LibriVox MP3s and
  resampled, so "genuine" means "as distributed", and an MP3 lowpass above their Nyquist is invisible.
- ``mp3_64`` / ``mp3_128`` / ``mp3_320``: 44.1 kHz stereo CBR MP3 of the 48 kHz clips; consistent with what they
  declare, so any finding is a false alarm.
- ``mp3_128_to_wav``: that MP3 decoded to a 16-bit WAV ("an original WAV that was an MP3 once"): ``lossy_origin``.
- ``mp3_128_to_320``: that MP3 re-encoded at 320 kb/s: ``transcoded``.
- ``telephone_to_44k1``: every clip resampled to 8 kHz and back up to 44.1 kHz: ``upsampled`` or
  ``narrowband_origin``.
- ``upsampled_to_44k1``: the 16 and 22.05 kHz clips resampled up to 44.1 kHz: ``upsampled``.

Baseline, in the same run: a naive rule flags a file when the frequency below which 99 % of its spectral energy
lies is under 0.8 x Nyquist. Thresholds were set while looking at three files only (ALSA Front_Center,
LJ001-0001, LibriSpeech 103-1240-0000); those are left out of the figures.

    python benchmarks/bandwidth.py --data ../shared/data/audio [--librispeech 60] [--json] [--record FILE]

Printed as tables: per case and source, ours beside the naive rule; the totals; every false alarm and miss;
what "genuine" means per source.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
from harness import Run, Table, add_output_arguments, finish, start, timed

from veracity.audio.bandwidth import check_bandwidth, long_term_spectrum
from veracity.audio.container import read_container

DEV_FILES = {"Front_Center", "LJ001-0001", "103-1240-0000"}
GENUINE = ("genuine_wav", "genuine_flac", "mp3_64", "mp3_128", "mp3_320")
EXPECTED = {"mp3_128_to_wav": {"lossy_origin"}, "mp3_128_to_320": {"transcoded"},
            "telephone_to_44k1": {"upsampled", "narrowband_origin"}, "upsampled_to_44k1": {"upsampled"}}
GENUINE_MEANS = {
    "alsa": "ALSA voice prompts, 48 kHz WAV as shipped by Debian alsa-utils (full band to ~20 kHz)",
    "ljspeech": "LJSpeech 22.05 kHz WAV as distributed (made from LibriVox MP3s)",
    "librispeech": "LibriSpeech 16 kHz FLAC as distributed (LibriVox MP3s, resampled)",
    "sphinx": "pocketsphinx-testdata LibriVox clips, 16 kHz WAV (from a 64 kb/s MP3)",
}


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-y", "-loglevel", "error", *args], check=True)


def sources(data: Path, alsa: Path, sphinx: Path, librispeech: int) -> list[tuple[str, Path]]:
    found = [("alsa", p) for p in sorted(alsa.glob("*.wav")) if p.stem != "Noise"]  # Noise.wav is not speech
    found += [("ljspeech", p) for p in sorted((data / "ljspeech").glob("*.wav"))]
    found += [("librispeech", p) for p in sorted((data / "librispeech").rglob("*.flac"))[:librispeech]]
    found += [("sphinx", p) for p in sorted(sphinx.glob("*.wav"))]
    return found


def build_cases(source: str, path: Path, work: Path) -> dict[str, Path]:
    """Every case this source allows, written under ``work``."""
    stem = work / path.stem
    cases = {"genuine_wav": stem.with_suffix(".genuine.wav"), "genuine_flac": stem.with_suffix(".genuine.flac")}
    ffmpeg("-i", str(path), "-c:a", "pcm_s16le", str(cases["genuine_wav"]))
    ffmpeg("-i", str(path), str(cases["genuine_flac"]))
    cases["telephone_to_44k1"] = stem.with_suffix(".tel.wav")
    ffmpeg("-i", str(path), "-af", "aresample=8000,aresample=44100", "-c:a", "pcm_s16le",
           str(cases["telephone_to_44k1"]))
    if source == "alsa":
        for rate in (64, 128, 320):
            cases[f"mp3_{rate}"] = stem.with_suffix(f".{rate}.mp3")
            ffmpeg("-i", str(path), "-ar", "44100", "-ac", "2", "-c:a", "libmp3lame", "-b:a", f"{rate}k",
                   str(cases[f"mp3_{rate}"]))
        cases["mp3_128_to_wav"] = stem.with_suffix(".128.wav")
        ffmpeg("-i", str(cases["mp3_128"]), "-c:a", "pcm_s16le", str(cases["mp3_128_to_wav"]))
        cases["mp3_128_to_320"] = stem.with_suffix(".128-320.mp3")
        ffmpeg("-i", str(cases["mp3_128"]), "-c:a", "libmp3lame", "-b:a", "320k", str(cases["mp3_128_to_320"]))
    else:
        cases["upsampled_to_44k1"] = stem.with_suffix(".up.wav")
        ffmpeg("-i", str(path), "-af", "aresample=44100", "-c:a", "pcm_s16le", str(cases["upsampled_to_44k1"]))
    return cases


def naive_flag(path: Path, rate: int) -> bool:
    """Baseline: flag when 99 % of the spectral energy lies below 0.8 x Nyquist."""
    spectrum = long_term_spectrum(path, rate)
    power = np.power(10.0, spectrum.level_db / 10)
    cumulative = np.cumsum(power) / power.sum()
    f99 = float(spectrum.freqs[np.searchsorted(cumulative, 0.99)])
    return f99 < 0.8 * rate / 2


def check_cases(args: argparse.Namespace) -> dict[str, Any]:
    """Every case of every source file built and checked, by ours and by the naive rule (and the seconds taken)."""
    rows: list[dict[str, Any]] = []
    with timed() as took, tempfile.TemporaryDirectory() as tmp:
        for source, path in sources(args.data, args.alsa, args.sphinx, args.librispeech):
            if path.stem in DEV_FILES:
                continue
            work = Path(tmp) / source
            work.mkdir(exist_ok=True)
            for case, file in build_cases(source, path, work).items():
                container = read_container(file)
                result = check_bandwidth(file, container)
                kinds = {f.kind for f in result.findings}
                rows.append({"source": source, "clip": path.stem, "case": case, "kinds": sorted(kinds),
                             "cutoff": result.measured_cutoff_hz, "expected": result.expected_cutoff_hz,
                             "sharp": result.sharp_cutoff,
                             "detected": bool(kinds & EXPECTED[case]) if case in EXPECTED else None,
                             "alarm": bool(kinds) if case in GENUINE else None,
                             "baseline": naive_flag(file, container.sample_rate)})
                file.unlink()
    return {"rows": rows, "seconds": round(took[0], 1)}


def summarise(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[(str(row["case"]), str(row["source"]))].append(row)
    table = []
    for (case, source), members in sorted(groups.items()):
        n = len(members)
        ours = [bool(m["detected"] if case in EXPECTED else m["alarm"]) for m in members]
        cutoffs = [float(m["cutoff"]) for m in members if m["cutoff"] is not None]
        table.append({"case": case, "source": source, "n": n,
                      "measure": "detection" if case in EXPECTED else "false alarm",
                      "ours": round(sum(ours) / n, 3),
                      "baseline": round(sum(bool(m["baseline"]) for m in members) / n, 3),
                      "median_cutoff_hz": round(float(np.median(cutoffs))) if cutoffs else None,
                      "expected_cutoff_hz": members[0]["expected"],
                      "kinds_seen": sorted({k for m in members for k in m["kinds"]})})
    return table


def totals(rows: list[dict[str, Any]]) -> dict[str, float]:
    genuine = [r for r in rows if r["case"] in GENUINE]
    altered = [r for r in rows if r["case"] in EXPECTED]
    return {"false_alarm_ours": round(sum(bool(r["alarm"]) for r in genuine) / len(genuine), 3),
            "false_alarm_baseline": round(sum(bool(r["baseline"]) for r in genuine) / len(genuine), 3),
            "detection_ours": round(sum(bool(r["detected"]) for r in altered) / len(altered), 3),
            "detection_baseline": round(sum(bool(r["baseline"]) for r in altered) / len(altered), 3),
            "genuine_files": len(genuine), "altered_files": len(altered)}


def cases_table(run: Run, cases: list[dict[str, Any]]) -> Table:
    """Per case and source: detection (altered files) or false alarms (files that are what they say), ours
    beside the naive rule, with the median measured and the expected cutoff."""
    table = run.table("Per case and source: ours beside the naive rule (99 % of the energy under 0.8 x Nyquist)",
                      ["case", "source", "n", "measure", "ours", "naive", "cutoff Hz", "expected", "kinds seen"],
                      {"ours": ".3f", "naive": ".3f"})
    for row in cases:
        table.add(row["case"], row["source"], row["n"], row["measure"], row["ours"], row["baseline"],
                  row["median_cutoff_hz"] or None, row["expected_cutoff_hz"] or None,
                  ", ".join(row["kinds_seen"]) or "-")
    return table


def totals_table(run: Run, totals: dict[str, float], seconds: float) -> Table:
    table = run.table("Totals", ["files", "n", "ours", "naive"], {"ours": ".3f", "naive": ".3f"})
    table.add("false alarms on genuine and consistent files", totals["genuine_files"], totals["false_alarm_ours"],
              totals["false_alarm_baseline"])
    table.add("detection on altered files", totals["altered_files"], totals["detection_ours"],
              totals["detection_baseline"])
    table.notes.append(f"{seconds} s to build and check every file")
    return table


def wrong_table(run: Run, wrong: list[dict[str, Any]]) -> Table:
    """Each false alarm and each miss: what ours found, and the cutoff it measured."""
    table = run.table("False alarms and misses", ["source", "clip", "case", "found", "cutoff Hz"])
    for row in wrong:
        table.add(row["source"], row["clip"], row["case"], ", ".join(row["kinds"]) or "nothing found", row["cutoff"])
    return table


def genuine_table(run: Run) -> Table:
    table = run.table("What 'genuine' means per source", ["source", "genuine means"])
    for source, meaning in GENUINE_MEANS.items():
        table.add(source, meaning)
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="../shared/data/audio")
    parser.add_argument("--alsa", type=Path, default=Path("/usr/share/sounds/alsa"))
    parser.add_argument("--sphinx", type=Path, default=Path("/usr/share/pocketsphinx/test/data/librivox"))
    parser.add_argument("--librispeech", type=int, default=60, help="how many LibriSpeech files (sorted by name)")
    add_output_arguments(parser)
    args = parser.parse_args(argv)
    run = start("bandwidth")
    result = check_cases(args)
    rows = result["rows"]
    wrong = [{k: r[k] for k in ("source", "clip", "case", "kinds", "cutoff")} for r in rows
             if r["alarm"] or r["detected"] is False]
    report: dict[str, Any] = {
        "command": "python " + " ".join(shlex.quote(a) for a in sys.argv), "seconds": result["seconds"],
        "totals": totals(rows), "cases": summarise(rows), "false_alarms_and_misses": wrong,
        "genuine_means": GENUINE_MEANS}
    run.figures.update(report)
    cases_table(run, report["cases"])
    totals_table(run, report["totals"], report["seconds"])
    wrong_table(run, wrong)
    genuine_table(run)
    finish(run, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
