"""The dossier's spectrogram on long recordings: time and peak memory, streamed versus loaded whole.

    python benchmarks/spectrogram.py --data ../shared/data/audio/ljspeech --minutes 1 30 120 [--json] [--record FILE]

A long recording is made by looping the data directory's first clips (PyAV, MP3 at 64 kb/s, into a temporary
folder). Each measurement runs in a fresh process so its peak RSS is its own. ``streamed`` is
``veracity.audio.spectrogram.compute_spectrogram`` (30 s blocks pooled into 960 columns as they arrive);
the baseline ``whole`` decodes the file into one array, takes every short-time spectrum at once and pools them
afterwards, as a first version would. One table: each length's file, the streamed system beside the baseline.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from harness import Run, Table, add_output_arguments, finish, peak_rss_mb, start, timed

WIDTH, HEIGHT = 960, 160
AUDIO = (".wav", ".flac", ".mp3")
METHODS = {"streamed": "streamed (veracity)", "whole": "whole file in memory (baseline)"}


def make_long(data: Path, minutes: float, folder: Path) -> Path:
    """An MP3 of ``minutes`` made by looping the first clips of ``data`` (16 kHz mono, 64 kb/s)."""
    import av

    from veracity.audio.decode import SAMPLE_RATE, stream_pcm

    clips = sorted(p for p in data.rglob("*") if p.suffix.lower() in AUDIO)[:8]
    if not clips:
        raise SystemExit(f"no audio files under {data}")
    pieces = np.concatenate([np.concatenate(list(stream_pcm(clip))) for clip in clips])
    target = folder / f"long-{minutes:g}min.mp3"
    needed = int(minutes * 60 * SAMPLE_RATE)
    with av.open(str(target), "w") as out:
        stream = out.add_stream("libmp3lame", rate=SAMPLE_RATE, layout="mono")
        stream.bit_rate = 64_000
        written = 0
        while written < needed:
            block = pieces[: needed - written]
            frame = av.AudioFrame.from_ndarray((block * 32767).astype(np.int16)[None, :], format="s16", layout="mono")
            frame.sample_rate = SAMPLE_RATE
            for packet in stream.encode(frame):
                out.mux(packet)
            written += len(block)
        for packet in stream.encode(None):
            out.mux(packet)
    return target


def whole_file_spectrogram(path: Path) -> np.ndarray:
    """The baseline: decode everything, transform every frame at once, then pool into the picture's columns."""
    from veracity.audio.decode import stream_pcm
    from veracity.audio.spectrogram import FFT_SIZE, HOP

    samples = np.concatenate(list(stream_pcm(path)))
    frames = np.lib.stride_tricks.sliding_window_view(samples, FFT_SIZE)[::HOP]
    power = np.abs(np.fft.rfft(frames * np.hanning(FFT_SIZE), axis=1)) ** 2
    edges = np.linspace(0, len(power), WIDTH + 1).astype(int)
    return np.stack([power[a:max(b, a + 1)].mean(axis=0) for a, b in zip(edges, edges[1:], strict=False)])


def measure_one(method: str, path: Path) -> dict[str, float]:
    """Run in a child process: seconds taken and the process's peak RSS (its own: it starts no children)."""
    from veracity.audio.spectrogram import compute_spectrogram

    with timed() as took:
        if method == "streamed":
            compute_spectrogram(path, width=WIDTH, height=HEIGHT).png()
        else:
            whole_file_spectrogram(path)
    return {"seconds": round(took[0], 2), "peak_rss_mb": round(peak_rss_mb(children=False))}


def run_child(method: str, path: Path) -> dict[str, float]:
    output = subprocess.run([sys.executable, __file__, "--child", method, str(path)], check=True,
                            capture_output=True, text=True).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def measure_lengths(data: Path, minutes: list[float]) -> list[dict[str, Any]]:
    """Each length's file size and both methods' figures (or the error a method ended with)."""
    results = []
    with tempfile.TemporaryDirectory(prefix="veracity-spectrogram-") as folder:
        for length in minutes:
            path = make_long(data, length, Path(folder))
            row: dict[str, Any] = {"minutes": length, "file_mb": round(path.stat().st_size / 1e6, 1)}
            for method in METHODS:
                try:
                    row[method] = run_child(method, path)
                except subprocess.CalledProcessError as error:
                    row[method] = {"error": (error.stderr or "").strip().splitlines()[-1:]}
            results.append(row)
    return results


def results_table(run: Run, results: list[dict[str, Any]]) -> Table:
    """Per length, the streamed system and the whole-file baseline as rows; a method that failed shows "–"."""
    table = run.table(f"Spectrogram {WIDTH}x{HEIGHT}: streamed (veracity) vs whole file in memory (baseline)",
                      ["minutes", "MB", "system", "s", "RSS MB"], {"minutes": "g", "MB": ".1f", "s": ".2f"})
    for row in results:
        for method, system in METHODS.items():
            figures = row[method]
            table.add(row["minutes"], row["file_mb"], system, figures.get("seconds"), figures.get("peak_rss_mb"))
            if "error" in figures:
                table.notes.append(f"{row['minutes']:g} min, {method}: failed: {' '.join(figures['error'])}")
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, help="a folder of clips to loop into long recordings")
    parser.add_argument("--minutes", type=float, nargs="+", default=[1, 30])
    add_output_arguments(parser)
    parser.add_argument("--child", nargs=2, metavar=("METHOD", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure_one(args.child[0], Path(args.child[1]))))
        return
    if args.data is None:
        parser.error("--data is required")
    run = start("spectrogram")
    results = measure_lengths(args.data, args.minutes)
    results_table(run, results)
    run.figures.update({"width": WIDTH, "height": HEIGHT, "results": results})
    finish(run, args)


if __name__ == "__main__":
    main()
