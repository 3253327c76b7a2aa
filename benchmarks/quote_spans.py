"""Where in a long recording is a printed quote? Span accuracy of ``check_quote`` against a locator baseline.

    python benchmarks/quote_spans.py --data ../shared/data/audio/ljspeech [--seed 7] [--pause 0.7] [--no-audio] \
        [--json] [--record FILE]

The LJSpeech clips are joined into one recording (each clip's speech, trimmed where its 10 ms frames fall
40 dB under its loudest, with ``--pause`` seconds of silence between), so the true start and end of every
sentence in it are known by construction. The recording is transcribed once (whisper through
``veracity.audio.transcribe``, the model ``veracity listen`` would use). The printed quotes are
``quote_alignment.make_cases``'s: each clip's sentence verbatim and edited the ways outlets edit quotes, and
a sentence never said. Every printed quote is looked for in the WHOLE recording, among all the other
sentences, as ``veracity listen --article`` does. A quarter of the clips are kept out of the recording: their
sentences are the quotes never said (a sentence of the recording would be found, rightly).

A span is right when its start and its end are both within 0.3 s of the sentence's true start and end. That
is only defined for printings that keep the sentence's first and last words (verbatim, restyled, censored,
bracketed, elided inside, words swapped or added inside); quotes cut at either end are scored for their
verdict only. Issue 5's target: spans found for at least 95 % of exact and lightly edited quotes.

Baseline, in the same run: difflib's longest matching block of printed and heard words (lowercased,
punctuation stripped), taken as the span (its first and last heard word's times). Printed as two tables:
verdicts and spans per kind of printed quote (ours beside difflib), and the span accuracy against the target.
"""

from __future__ import annotations

import argparse
import difflib
import sys
import tempfile
import wave
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

import quote_alignment  # noqa: E402
from harness import Run, Table, add_output_arguments, finish, start, timed  # noqa: E402

from veracity.audio.decode import SAMPLE_RATE, stream_pcm  # noqa: E402
from veracity.audio.quote_check import check_quote  # noqa: E402
from veracity.audio.transcribe import Word, transcribe  # noqa: E402

TOLERANCE = 0.3  # seconds, the issue's
FRAME = SAMPLE_RATE // 100
TRIM_DB = 40.0
LIGHT = {"verbatim", "restyled", "censoring", "marked_elision", "bracketed_insertion", quote_alignment.INAUDIBLE}


def trimmed_speech(path: Path) -> np.ndarray:
    """The clip's samples from its first to its last frame within 40 dB of its loudest."""
    samples = np.concatenate(list(stream_pcm(path)))
    frames = samples[: len(samples) // FRAME * FRAME].reshape(-1, FRAME)
    level = 20 * np.log10(np.sqrt((frames**2).mean(axis=1)) + 1e-10)
    loud = np.flatnonzero(level > level.max() - TRIM_DB)
    return samples[loud[0] * FRAME:(loud[-1] + 1) * FRAME]


def join_clips(folder: Path, clips: list[str], pause: float, out: Path) -> dict[str, tuple[float, float]]:
    """Write the joined recording; return each clip's (start, end) seconds in it."""
    gap = np.zeros(int(pause * SAMPLE_RATE), dtype=np.float32)
    pieces, spans, at = [gap], {}, len(gap)
    for clip in clips:
        speech = trimmed_speech(folder / f"{clip}.wav")
        spans[clip] = (at / SAMPLE_RATE, (at + len(speech)) / SAMPLE_RATE)
        pieces += [speech, gap]
        at += len(speech) + len(gap)
    with wave.open(str(out), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(SAMPLE_RATE)
        handle.writeframes((np.clip(np.concatenate(pieces), -1, 1) * 32767).astype("<i2").tobytes())
    return spans


def keeps_both_ends(printed: str, said: str) -> bool:
    ours, theirs = quote_alignment.normalise(printed).split(), quote_alignment.normalise(said).split()
    return bool(ours) and ours[0] == theirs[0] and ours[-1] == theirs[-1]


def baseline_span(printed: str, heard: list[Word]) -> tuple[float, float] | None:
    """difflib's longest block of words in common, as a span of the recording."""
    keys = [quote_alignment.normalise(w.text) for w in heard]
    printed_keys = quote_alignment.normalise(printed).split()
    match = difflib.SequenceMatcher(None, printed_keys, keys, autojunk=False).find_longest_match(
        0, len(printed_keys), 0, len(keys))
    if match.size < 2:
        return None
    return heard[match.b].start, heard[match.b + match.size - 1].end


def _right(span: tuple[float, float] | None, truth: tuple[float, float]) -> bool:
    return span is not None and abs(span[0] - truth[0]) <= TOLERANCE and abs(span[1] - truth[1]) <= TOLERANCE


def measure(folder: Path, seed: int, pause: float, with_audio: bool = True) -> dict[str, object]:
    every = quote_alignment.read_clips(folder)
    names = sorted(every)
    kept_out = names[::4]
    clips = [name for name in names if name not in kept_out]
    texts = {name: every[name] for name in clips}
    with tempfile.TemporaryDirectory() as scratch:
        recording = Path(scratch) / "joined.wav"
        truth = join_clips(folder, clips, pause, recording)
        with timed() as took:
            transcript = transcribe(recording)
        heard = transcript.words
        return _score(texts, every, kept_out, truth, heard, transcript.model, took[0], seed,
                      recording if with_audio else None)


def _score(texts: dict[str, str], every: dict[str, str], kept_out: list[str], truth: dict[str, tuple[float, float]],
           heard: list[Word], model: str, transcribe_seconds: float, seed: int,
           audio: Path | None) -> dict[str, object]:
    never_said = [every[name].strip() for name in kept_out]
    cases = [case if case.label != quote_alignment.NOT_SAID else
             quote_alignment.Case(case.clip, never_said[i % len(never_said)], case.label)
             for i, case in enumerate(quote_alignment.make_cases(texts, seed))]
    rows: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    with timed() as took:
        for case in cases:
            _check_one(case, texts, truth, heard, audio, rows[case.label])
    check_seconds = took[0]

    def share(labels: set[str] | None, key: str) -> float:
        chosen = [r for label, r in rows.items() if labels is None or label.split(":")[0] in labels]
        scored = sum(r["spans_scored"] for r in chosen)
        return round(sum(r[key] for r in chosen) / scored, 3) if scored else float("nan")

    return {
        "model": model, "clips": len(texts), "audio_given": audio is not None,
        "recording_seconds": round(max(end for _, end in truth.values()), 1),
        "transcribe_seconds": round(transcribe_seconds, 1), "ms_per_check": round(1000 * check_seconds / len(cases), 1),
        "per_label": {label: dict(row) for label, row in sorted(rows.items())},
        "span_accuracy_light": share(LIGHT, "span_right"),
        "baseline_span_accuracy_light": share(LIGHT, "baseline_span_right"),
        "span_accuracy_all_scored": share(None, "span_right"),
        "baseline_span_accuracy_all_scored": share(None, "baseline_span_right"),
    }


def _check_one(case: quote_alignment.Case, texts: dict[str, str], truth: dict[str, tuple[float, float]],
               heard: list[Word], audio: Path | None, row: dict[str, int]) -> None:
    """Check one printed quote in the whole recording; count its verdict and, where scored, both spans."""
    check = check_quote(case.printed, heard, audio)
    row["n"] += 1
    wanted = "not_found" if case.label == quote_alignment.NOT_SAID else (
        "altered" if case.misquote else "verbatim/faithful")
    got = "verbatim/faithful" if check.verdict in ("verbatim", "faithful") else check.verdict
    row["verdict_right"] += got == wanted
    if case.label == quote_alignment.NOT_SAID or not keeps_both_ends(case.printed, texts[case.clip]):
        return  # a quote never said, or cut at an end: its verdict only
    span = (check.start, check.end) if check.start is not None and check.end is not None else None
    row["spans_scored"] += 1
    row["span_right"] += _right(span, truth[case.clip])
    row["baseline_span_right"] += _right(baseline_span(case.printed, heard), truth[case.clip])


def labels_table(run: Run, result: dict[str, Any]) -> Table:
    """Per kind of printed quote: right verdicts, and spans right (ours beside difflib's longest block)."""
    table = run.table("Printed quotes looked for in the whole recording",
                      ["printed quote", "n", "verdict right", "spans scored", "ours", "difflib"],
                      {"verdict right": ".3f", "ours": ".3f", "difflib": ".3f"})
    for label, row in result["per_label"].items():
        scored = row.get("spans_scored", 0)
        ours = row.get("span_right", 0) / scored if scored else None
        base = row.get("baseline_span_right", 0) / scored if scored else None
        table.add(label, row["n"], row["verdict_right"] / row["n"], scored, ours, base)
    table.notes.append(f"{result['clips']} sentences joined into {result['recording_seconds']} s, transcribed by "
                       f"{result['model']} in {result['transcribe_seconds']} s; {result['ms_per_check']} ms per check"
                       f"{'' if result['audio_given'] else ' (words only: --no-audio)'}")
    return table


def spans_table(run: Run, result: dict[str, Any]) -> Table:
    """Span accuracy (start and end within TOLERANCE), ours beside difflib, against issue 5's target."""
    light = result["span_accuracy_light"]
    table = run.table(f"Span within {TOLERANCE} s", ["quotes", "ours", "difflib longest block", "target", "met"])
    table.add("exact and lightly edited", light, result["baseline_span_accuracy_light"], ">= 0.95",
              "yes" if light >= 0.95 else "no")
    table.add("every quote keeping both ends", result["span_accuracy_all_scored"],
              result["baseline_span_accuracy_all_scored"], None, None)
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="an LJSpeech-style folder (transcripts.tsv, wavs)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pause", type=float, default=0.7, help="seconds of silence between sentences")
    parser.add_argument("--no-audio", action="store_true",
                        help="check against the words only (no re-check, no snapping the span to the sound)")
    add_output_arguments(parser)
    args = parser.parse_args(argv)
    run = start("quote_spans")
    result = measure(args.data, args.seed, args.pause, with_audio=not args.no_audio)
    run.figures.update(result)
    labels_table(run, result)
    spans_table(run, result)
    finish(run, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
