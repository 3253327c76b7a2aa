"""The dossier's spectrogram on long recordings: time and peak memory, streamed versus loaded whole.

    python benchmarks/spectrogram.py --data ../shared/data/audio/ljspeech --minutes 1 30 120 [--json]

A long recording is made by looping the data directory's first clips (PyAV, MP3 at 64 kb/s, into a temporary
folder). Each measurement runs in a fresh process so its peak RSS is its own. ``streamed`` is
``veracity.audio.spectrogram.compute_spectrogram`` (30 s blocks pooled into 960 columns as they arrive);
the baseline ``whole`` decodes the file into one array, takes every short-time spectrum at once and pools them
afterwards, as a first version would.
"""

from __future__ import annotations

import argparse
import json
import resource
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

WIDTH, HEIGHT = 960, 160
AUDIO = (".wav", ".flac", ".mp3")


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
    """Run in a child process: seconds taken and the process's peak RSS."""
    from veracity.audio.spectrogram import compute_spectrogram

    started = time.perf_counter()
    if method == "streamed":
        compute_spectrogram(path, width=WIDTH, height=HEIGHT).png()
    else:
        whole_file_spectrogram(path)
    took = time.perf_counter() - started
    return {"seconds": round(took, 2), "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def run_child(method: str, path: Path) -> dict[str, float]:
    output = subprocess.run([sys.executable, __file__, "--child", method, str(path)], check=True,
                            capture_output=True, text=True).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, help="a folder of clips to loop into long recordings")
    parser.add_argument("--minutes", type=float, nargs="+", default=[1, 30])
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--child", nargs=2, metavar=("METHOD", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure_one(args.child[0], Path(args.child[1]))))
        return
    if args.data is None:
        parser.error("--data is required")
    results = []
    with tempfile.TemporaryDirectory(prefix="veracity-spectrogram-") as folder:
        for minutes in args.minutes:
            path = make_long(args.data, minutes, Path(folder))
            row = {"minutes": minutes, "file_mb": round(path.stat().st_size / 1e6, 1)}
            for method in ("streamed", "whole"):
                try:
                    row[method] = run_child(method, path)
                except subprocess.CalledProcessError as error:
                    row[method] = {"error": (error.stderr or "").strip().splitlines()[-1:]}
            results.append(row)
    command = "python " + " ".join(shlex.quote(a) for a in sys.argv)
    if args.json:
        print(json.dumps({"command": command, "width": WIDTH, "height": HEIGHT, "results": results}, indent=2))
        return
    print(f"Spectrogram {WIDTH}x{HEIGHT}: streamed (veracity) vs whole file in memory (baseline)")
    print(f"{'minutes':>8} {'MB':>6} | {'streamed s':>10} {'RSS MB':>7} | {'whole s':>8} {'RSS MB':>7}")
    for row in results:
        streamed, whole = row["streamed"], row["whole"]
        print(f"{row['minutes']:>8g} {row['file_mb']:>6} | {streamed.get('seconds', '–'):>10} "
              f"{streamed.get('peak_rss_mb', '–'):>7} | {whole.get('seconds', '–'):>8} "
              f"{whole.get('peak_rss_mb', '–'):>7}")
    print(f"command: {command}")


if __name__ == "__main__":
    main()
