"""Word error rate and speed of the shipped whisper models, side by side with pocketsphinx.

    python benchmarks/asr.py --data ../shared/data/audio/ljspeech [--data /usr/share/pocketsphinx/test/data/librivox]
        [--models base base-beam5 tiny.en pocketsphinx] [--joined] [--repeats 3] [--threads 2] [--json] [--record FILE]

A data folder is either LJSpeech-style (``transcripts.tsv``: clip id, text; ``<id>.wav``) or pocketsphinx's
LibriVox test set (``transcription``: ``<s> text </s> (id)``; ``<id>.wav``). Word error rate is computed by
jiwer over the corpus after whisper's own English normaliser (``whisper_normalizer.english.
EnglishTextNormalizer``: case, punctuation, spelled-out numbers, British/American spellings, "mr"/"mister"),
applied to reference and hypothesis alike. Brackets are removed first (their words kept): the normaliser
drops anything in parentheses as a non-speech note ("(laughs)"), but LJSpeech's book text puts spoken
words there ("(which also was printed at Maintz …)").

Speed: each model is loaded once (load time reported on its own) and run on ``--threads`` CPU threads;
the whole set is transcribed ``--repeats`` times through ``veracity.audio.transcribe.transcribe`` (decoding,
voice-activity filter, word timestamps: what ``veracity listen`` does), and the real-time factor is the
audio's length over the processing time, best and median of the repeats. pocketsphinx (its default en-us
acoustic and language model from the PyPI wheel) is the baseline, run on the same 16 kHz samples.

Systems: ``base`` and ``tiny.en`` decode as ``listen`` does now (greedy, eight voice-activity chunks a batch);
``base-beam5`` and ``tiny.en-beam5`` as it did before (beam 5, one chunk after another), in the same run.
``--joined`` adds each set joined into one recording, 1 s of silence between clips, as a tape of many sentences
is: a 7-second clip is one chunk, so batching shows only on a longer recording.

Printed: one table of every system on every set (the pocketsphinx baseline beside the whisper systems), then
each system's three worst clips per set; ``--json`` / ``--record`` keep every figure, per clip, per pass.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jiwer
import numpy as np
from harness import Run, Table, add_output_arguments, announce, finish, start, timed
from whisper_normalizer.english import EnglishTextNormalizer

from veracity.audio.decode import SAMPLE_RATE, stream_pcm
from veracity.audio.transcribe import (
    BEAM_SEQUENTIAL,
    DECODING,
    MODEL_ENV,
    load_model,
    named_model_directory,
    transcribe,
)

_LIBRIVOX_LINE = re.compile(r"^<s>\s*(.*?)\s*</s>\s*\((\S+)\)\s*$")
_BRACKETS = str.maketrans("()[]", "    ")
TARGET_WER = 0.08  # the target for the shipped base model on the LJSpeech clips
TARGET_SPEED = 10.0  # times real time on 2 cores with base (issue 19; it was 5)


def read_set(folder: Path) -> dict[Path, str]:
    """Each clip's wav and its reference text, from transcripts.tsv or pocketsphinx's transcription file."""
    if (folder / "transcripts.tsv").is_file():
        with (folder / "transcripts.tsv").open(encoding="utf-8", newline="") as handle:
            rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            next(rows)
            return {folder / f"{clip}.wav": text for clip, text in rows if (folder / f"{clip}.wav").is_file()}
    if (folder / "transcription").is_file():
        clips = {}
        for line in (folder / "transcription").read_text(encoding="utf-8").splitlines():
            match = _LIBRIVOX_LINE.match(line.strip())
            if match and (folder / f"{match.group(2)}.wav").is_file():
                clips[folder / f"{match.group(2)}.wav"] = match.group(1)
        return clips
    raise SystemExit(f"{folder}: neither transcripts.tsv nor transcription found")


# Each system: (shipped model name, decoding, description). "-beam5" rows decode as listen did before
# (beam 5, one voice-activity chunk after another): the baseline the shipped decoding must not lose words to.
SYSTEMS = {
    "tiny.en": ("tiny.en", DECODING, "greedy, 8 chunks a batch (shipped decoding)"),
    "base": ("base", DECODING, "greedy, 8 chunks a batch (shipped)"),
    "base-beam5": ("base", BEAM_SEQUENTIAL, "beam 5, one chunk at a time (before)"),
    "tiny.en-beam5": ("tiny.en", BEAM_SEQUENTIAL, "beam 5, one chunk at a time (before)"),
}


def whisper_engine(system: str, threads: int) -> tuple[Callable[[Path], str], float, str]:
    """transcribe() with the system's model and decoding, the model loaded once now (its load time returned)."""
    name, decoding, described = SYSTEMS[system]
    directory = named_model_directory(name)
    os.environ[MODEL_ENV] = str(directory)
    with timed() as loaded:
        load_model(str(directory), threads)
    return ((lambda path: transcribe(path, cpu_threads=threads, decoding=decoding).text), loaded[0],
            f"whisper {name} (faster-whisper int8, {described})")


def joined(clips: dict[Path, str], folder: Path, name: str) -> dict[Path, str]:
    """The set's clips as one recording, a second of silence between them, as a tape of many sentences is:
    batching works across a recording's chunks, and a 7-second clip has only one."""
    import wave

    path = folder / f"{name}-joined.wav"
    silence = np.zeros(SAMPLE_RATE, dtype=np.float32)
    samples = np.concatenate([part for clip in clips for part in (*stream_pcm(clip), silence)])
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes((np.clip(samples, -1, 1) * 32767).astype(np.int16).tobytes())
    return {path: " ".join(clips.values())}


def pocketsphinx_engine() -> tuple[Callable[[Path], str], float, str]:
    """pocketsphinx's default en-us acoustic model, dictionary and trigram language model."""
    from importlib.metadata import version

    from pocketsphinx import Decoder

    with timed() as loaded:
        decoder = Decoder(loglevel="ERROR")

    def run(path: Path) -> str:
        samples = np.concatenate(list(stream_pcm(path)))
        decoder.start_utt()
        decoder.process_raw((np.clip(samples, -1, 1) * 32767).astype(np.int16).tobytes(), full_utt=True)
        decoder.end_utt()
        hyp = decoder.hyp()
        return hyp.hypstr if hyp is not None else ""

    return run, loaded[0], f"pocketsphinx {version('pocketsphinx')} en-us (single-threaded)"


def measure(engine: Callable[[Path], str], clips: dict[Path, str], repeats: int, threads: int) -> dict[str, object]:
    normaliser = EnglishTextNormalizer()

    def normalise(text: str) -> str:
        return str(normaliser(text.translate(_BRACKETS)))

    audio_seconds = sum(len(block) for path in clips for block in stream_pcm(path)) / SAMPLE_RATE
    passes, cpu, hypotheses = [], [], {}
    for _ in range(repeats):
        cpu_started = time.process_time()
        with timed() as took:
            hypotheses = {path: engine(path) for path in clips}
        passes.append(took[0])
        cpu.append(time.process_time() - cpu_started)
    references = [normalise(text) for text in clips.values()]
    heard = [normalise(hypotheses[path]) for path in clips]
    scored = jiwer.process_words(references, heard)
    worst = sorted(((jiwer.wer(r, h) if r else 0.0, path.stem, r, h)
                    for path, r, h in zip(clips, references, heard, strict=True)), reverse=True)[:3]
    return {"clips": len(clips), "audio_seconds": round(audio_seconds, 1), "wer": round(scored.wer, 4),
            "substitutions": scored.substitutions, "deletions": scored.deletions, "insertions": scored.insertions,
            "reference_words": sum(len(r.split()) for r in references),
            "seconds_per_pass": [round(s, 2) for s in passes],
            "x_real_time_best": round(audio_seconds / min(passes), 2),
            "x_real_time_median": round(audio_seconds / statistics.median(passes), 2),
            # CPU seconds spread over the threads it may use: what the wall clock would read on an idle
            # machine (an estimate; on a shared machine the wall clock also counts time spent waiting)
            "cpu_seconds_per_pass": [round(s, 2) for s in cpu],
            "x_real_time_cpu": round(audio_seconds / (min(cpu) / threads), 2),
            "worst": [{"clip": clip, "wer": round(w, 3), "reference": r, "heard": h} for w, clip, r, h in worst]}


def results_table(run: Run, sets: list[str], results: dict[str, dict[str, Any]], repeats: int,
                  threads: int) -> Table:
    """Every system on every set, the pocketsphinx baseline among them."""
    table = run.table("Word error rate and speed",
                      ["set", "model", "clips", "audio s", "WER", "S/D/I", "x RT best", "x RT med", "x RT cpu",
                       "load s"],
                      {"audio s": ".1f", "WER": ".2%", "x RT best": ".2f", "x RT med": ".2f", "x RT cpu": ".2f",
                       "load s": ".2f"})
    for name in sets:
        for model, result in results.items():
            row = result["sets"][name]
            table.add(name, model, row["clips"], row["audio_seconds"], row["wer"],
                      f"{row['substitutions']}/{row['deletions']}/{row['insertions']}", row["x_real_time_best"],
                      row["x_real_time_median"], row["x_real_time_cpu"], result["load_seconds"])
    table.notes += [
        f"WER after whisper's EnglishTextNormalizer; speed = audio seconds / processing seconds (best and median of "
        f"{repeats} passes, {threads} threads for whisper; 'x RT cpu': audio seconds / (CPU seconds / threads), the "
        "idle-machine estimate)",
        f"targets: WER <= {TARGET_WER:.0%} on LJSpeech with base; >= {TARGET_SPEED:.0f}x real time on 2 cores",
        f"load average at the end: {run.figures['load_average_end']} (the machine is shared: speeds are noisy)"]
    return table


def worst_table(run: Run, sets: list[str], results: dict[str, dict[str, Any]]) -> Table:
    """Each system's three worst clips per set, with what it heard (first 160 characters)."""
    table = run.table("Worst clips", ["model", "set", "clip", "WER", "heard"])
    for model, result in results.items():
        for name in sets:
            for worst in result["sets"][name]["worst"]:
                table.add(model, name, worst["clip"], worst["wer"], worst["heard"][:160])
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, action="append", required=True, help="a clip folder (repeatable)")
    parser.add_argument("--models", nargs="+", default=["base", "base-beam5", "tiny.en", "pocketsphinx"],
                        choices=[*SYSTEMS, "pocketsphinx"])
    parser.add_argument("--joined", action="store_true",
                        help="also run each set joined into one recording (1 s of silence between clips)")
    parser.add_argument("--repeats", type=int, default=3, help="timed passes over each set (best and median)")
    parser.add_argument("--threads", type=int, default=2, help="whisper's CPU threads (the issue's 2 cores)")
    add_output_arguments(parser)
    args = parser.parse_args(argv)
    run = start("asr")
    announce(run, args)
    sets = {folder.name: read_set(folder) for folder in args.data}
    if args.joined:
        import tempfile

        scratch = Path(tempfile.mkdtemp(prefix="asr-joined-"))
        sets.update({f"{name} joined": joined(clips, scratch, name) for name, clips in list(sets.items())})
    results: dict[str, dict[str, Any]] = {}
    for model in args.models:
        engine, loaded, described = (pocketsphinx_engine() if model == "pocketsphinx"
                                     else whisper_engine(model, args.threads))
        threads = 1 if model == "pocketsphinx" else args.threads
        results[model] = {"engine": described, "load_seconds": round(loaded, 2),
                          "sets": {name: measure(engine, clips, args.repeats, threads) for name, clips in sets.items()}}
        print(f"{model}: " + json.dumps(results[model]["sets"]), file=sys.stderr, flush=True)
    run.figures.update({"models": results, "load_average_end": round(os.getloadavg()[0], 2), "threads": args.threads,
                        "repeats": args.repeats})
    results_table(run, list(sets), results, args.repeats, args.threads)
    worst_table(run, list(sets), results)
    finish(run, args, announced=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
