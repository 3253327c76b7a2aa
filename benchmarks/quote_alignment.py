"""Quotes against the recording: LJSpeech clips transcribed once, printed quotes checked against them.

    python benchmarks/quote_alignment.py --data ../shared/data/audio/ljspeech [--json] [--seed 7]
        [--model tiny.en|base] [--recheck]

Each clip (a wav with its true transcript in transcripts.tsv) is transcribed once by whisper
(``veracity.audio.transcribe``). From the clip's true text the printed quotes are made: the text verbatim,
each edit of ``benchmarks/misquotes.py`` that applies (labelled by construction: misquote unless the edit
is in ``misquotes.NOT_MISQUOTES``), a quote that was never said (another clip's text), and two edits of
recordings' transcripts drawn from a stream of their own (so the cases above stay those of earlier runs):
one to three words printed as "[inaudible]" (a marked gap, not a misquote) and a paraphrase printed as a
quote (three words replaced, one left out: a misquote). Each is
checked with ``veracity.audio.quote_check.check_quote`` against the clip's heard words. A verdict is right
when it is verbatim/faithful for a faithful printing, altered for a misquote, not_found for the quote not
said. The figure that matters most is the false-misquote rate on verbatim quotes: the true words called
altered because whisper misheard them.

With ``--recheck`` each check is given the clip's audio, so disagreements are re-checked by pocketsphinx
(``veracity.audio.recheck``); the figures without it are computed in the same run, side by side.
``--model`` picks the whisper model (default: the one ``transcribe`` would choose).

Baseline: difflib's similarity ratio between the printed quote and the clip's whole transcript text (both
lowercased, punctuation stripped), flagging a misquote below a threshold chosen as in misquotes.py (the
one with the best F1 on this very set, which flatters it). It has no "not found": a quote not said is
counted right when it is flagged.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import difflib
import json
import os
import platform
import random
import re
import shlex
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import misquotes  # noqa: E402

from veracity.audio.quote_check import check_quote  # noqa: E402
from veracity.audio.transcribe import (  # noqa: E402
    BEAM_SEQUENTIAL,
    DECODING,
    MODEL_ENV,
    Decoding,
    Word,
    named_model_directory,
    transcribe,
)

NOT_SAID = "not_said"
INAUDIBLE = "inaudible_gap"  # one to three words printed as "[inaudible]": a marked gap, not a misquote
PARAPHRASE = "paraphrase"  # a rewording printed inside quotation marks: three words changed, one dropped
FIXED_THRESHOLD = 0.9  # the baseline again at a round threshold, not tuned on this set
_PUNCT = re.compile(r"[^\w\s]")


@dataclass(frozen=True)
class Case:
    clip: str
    printed: str
    label: str  # "verbatim", an edit name of misquotes.EDITS, or NOT_SAID

    @property
    def misquote(self) -> bool:
        return self.label != NOT_SAID and _kind(self.label) not in misquotes.NOT_MISQUOTES | {INAUDIBLE}


def _kind(label: str) -> str:
    """An edit name as misquotes labels it ("changed_meaning:negation" -> "changed_meaning")."""
    return "verbatim" if label == "restyled" else label.split(":")[0]


def read_clips(folder: Path) -> dict[str, str]:
    with (folder / "transcripts.tsv").open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(rows)
        return {clip: text for clip, text in rows if (folder / f"{clip}.wav").is_file()}


def make_cases(clips: dict[str, str], seed: int) -> list[Case]:
    rng = random.Random(seed)
    texts = list(clips.values())
    vocabulary = sorted({t for q in texts for t in misquotes._WORD.findall(q)
                         if t.isalpha() and t.islower() and len(t) >= 4})
    ids = list(clips)
    cases = []
    for position, (clip, text) in enumerate(clips.items()):
        text = text.strip()
        tokens = misquotes._WORD.findall(text)
        cases.append(Case(clip, text, "verbatim"))
        for name, editor in misquotes.EDITS.items():
            edited = editor(tokens, rng, vocabulary) if len(tokens) >= 4 else None
            if edited is None:
                continue
            printed = " ".join(edited)
            label = "restyled" if name == "verbatim" else name
            if label == "restyled" and printed == text:
                continue  # no apostrophe to restyle: the same case as verbatim
            cases.append(Case(clip, printed, label))
        other = ids[(position + len(ids) // 2) % len(ids)]
        cases.append(Case(clip, clips[other].strip(), NOT_SAID))
    spoken = random.Random(seed + 1)  # a stream of its own: the cases above stay those of earlier runs
    for clip, text in clips.items():
        tokens = misquotes._WORD.findall(text.strip())
        for label, edited in ((INAUDIBLE, inaudible_gap(tokens, spoken)),
                              (PARAPHRASE, paraphrase(tokens, spoken, vocabulary))):
            if edited is not None:
                cases.append(Case(clip, " ".join(edited), label))
    return cases


def inaudible_gap(tokens: list[str], rng: random.Random) -> list[str] | None:
    """One to three words inside the quote printed as "[inaudible]", as transcripts of recordings do."""
    if len(tokens) < 6:
        return None
    size = rng.randint(1, 3)
    start = rng.randint(2, len(tokens) - 2 - size)
    return tokens[:start] + ["[inaudible]"] + tokens[start + size:]


def paraphrase(tokens: list[str], rng: random.Random, vocabulary: list[str]) -> list[str] | None:
    """A rewording presented as the speaker's words: three words replaced and one left out."""
    spots = [i for i, t in enumerate(tokens) if t.isalpha() and len(t) >= 4 and t.islower()]
    if len(spots) < 4:
        return None
    changed = rng.sample(spots, 4)
    out = list(tokens)
    for i in changed[:3]:
        out[i] = rng.choice([w for w in vocabulary if w != tokens[i]])
    del out[changed[3]]
    return out


def normalise(text: str) -> str:
    return " ".join(_PUNCT.sub(" ", text.lower()).split())


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    return misquotes._prf(tp, fp, fn)


def transcribe_clips(folder: Path, clips: dict[str, str], decoding: Decoding = DECODING
                     ) -> tuple[dict[str, list[Word]], dict[str, str], str, float]:
    started = time.perf_counter()
    heard: dict[str, list[Word]] = {}
    heard_text: dict[str, str] = {}
    model = ""
    for clip in clips:
        transcript = transcribe(folder / f"{clip}.wav", decoding=decoding)
        heard[clip], heard_text[clip], model = transcript.words, transcript.text, transcript.model
    return heard, heard_text, model, time.perf_counter() - started


def run(folder: Path, seed: int, recheck: bool = False,
        transcripts: tuple[dict[str, list[Word]], dict[str, str], str, float] | None = None,
        ) -> tuple[dict[str, object], list[dict[str, object]]]:
    clips = read_clips(folder)
    heard, heard_text, model, transcribe_seconds = transcripts or transcribe_clips(folder, clips)
    cases = make_cases(clips, seed)
    started = time.perf_counter()
    checks = [check_quote(case.printed, heard[case.clip], folder / f"{case.clip}.wav" if recheck else None)
              for case in cases]
    check_seconds = time.perf_counter() - started
    ratios = [difflib.SequenceMatcher(None, normalise(c.printed), normalise(heard_text[c.clip])).ratio() for c in cases]

    said = [i for i, c in enumerate(cases) if c.label != NOT_SAID]
    gold = [cases[i].misquote for i in said]
    ours = [checks[i].verdict == "altered" for i in said]
    threshold, _ = max(
        ((t, [ratios[i] < t for i in said]) for t in sorted({ratios[i] for i in said} | {1.0})),
        key=lambda item: misquotes._prf(*misquotes._counts(item[1], gold))["f1"],
    )
    flagged = [r < threshold for r in ratios]
    flagged_fixed = [r < FIXED_THRESHOLD for r in ratios]

    def right(i: int) -> bool:
        case, verdict = cases[i], checks[i].verdict
        if case.label == NOT_SAID:
            return verdict == "not_found"
        return verdict == "altered" if case.misquote else verdict in ("verbatim", "faithful")

    def baseline_right(i: int, flags: list[bool]) -> bool:
        return flags[i] if cases[i].label == NOT_SAID or cases[i].misquote else not flags[i]

    labels = list(dict.fromkeys(c.label for c in cases))
    per_label = {}
    for label in labels:
        members = [i for i, c in enumerate(cases) if c.label == label]
        verdicts: dict[str, int] = {}
        for i in members:
            verdicts[checks[i].verdict] = verdicts.get(checks[i].verdict, 0) + 1
        per_label[label] = {
            "n": len(members), "misquote": cases[members[0]].misquote if label != NOT_SAID else None,
            "ours": round(sum(right(i) for i in members) / len(members), 4),
            "baseline": round(sum(baseline_right(i, flagged) for i in members) / len(members), 4),
            "baseline_fixed": round(sum(baseline_right(i, flagged_fixed) for i in members) / len(members), 4),
            "verdicts": verdicts,
        }
    verbatim = [i for i, c in enumerate(cases) if c.label == "verbatim"]
    # the "misquote precision on meaning-changing edits": when we name a change of meaning (negation
    # lost or added, number changed), how often the printing really is a misquote, and of that very kind
    named = [i for i in said if checks[i].verdict == "altered"
             and any(e.type == "changed_meaning" for e in checks[i].edits)]
    changed = [i for i in said if _kind(cases[i].label) == "changed_meaning"]
    not_said = [i for i, c in enumerate(cases) if c.label == NOT_SAID]
    result = {
        "clips": len(clips), "cases": len(cases), "seed": seed, "model": model, "recheck": recheck,
        "per_label": per_label,
        "misquote": {"ours": _prf(*misquotes._counts(ours, gold)),
                     "baseline": _prf(*misquotes._counts([flagged[i] for i in said], gold)),
                     "baseline_fixed": _prf(*misquotes._counts([flagged_fixed[i] for i in said], gold))},
        "false_misquote_verbatim": {
            "ours": round(sum(checks[i].verdict == "altered" for i in verbatim) / len(verbatim), 4),
            "baseline": round(sum(flagged[i] for i in verbatim) / len(verbatim), 4),
            "baseline_fixed": round(sum(flagged_fixed[i] for i in verbatim) / len(verbatim), 4)},
        "verbatim_not_found": round(sum(checks[i].verdict == "not_found" for i in verbatim) / len(verbatim), 4),
        "not_found_accuracy": {"ours": round(sum(right(i) for i in not_said) / len(not_said), 4),
                               "baseline": round(sum(flagged[i] for i in not_said) / len(not_said), 4),
                               "baseline_fixed": round(sum(flagged_fixed[i] for i in not_said) / len(not_said), 4)},
        "meaning_change_named": {
            "n": len(named),
            "precision_misquote": round(sum(cases[i].misquote for i in named) / len(named), 4) if named else None,
            "precision_same_kind": round(sum(i in changed for i in named) / len(named), 4) if named else None,
            "recall": round(sum(i in named for i in changed) / len(changed), 4) if changed else None,
            "baseline_precision_misquote": round(
                sum(cases[i].misquote for i in said if flagged[i]) / max(1, sum(flagged[i] for i in said)), 4)},
        "baseline_threshold": round(threshold, 4),
        "transcribe_seconds": round(transcribe_seconds, 1),
        "ms_per_check": round(1000 * check_seconds / max(1, len(cases)), 2),
    }
    errors = [{"clip": cases[i].clip, "label": cases[i].label, "verdict": checks[i].verdict, "how": checks[i].how,
               "printed": cases[i].printed, "heard": checks[i].heard or heard_text[cases[i].clip],
               "asr_doubt": checks[i].asr_doubt,
               "recheck": checks[i].recheck.to_dict() if checks[i].recheck else None}
              for i in range(len(cases)) if not right(i)]
    return result, errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="a folder of wavs with transcripts.tsv")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--model", choices=["tiny.en", "base"], help="the whisper model (default: transcribe's choice)")
    parser.add_argument("--recheck", action="store_true", help="also run with the pocketsphinx re-check, side by side")
    parser.add_argument("--beam5", action="store_true",
                        help="decode as listen did before (beam 5, one chunk at a time): the old figures' setting")
    parser.add_argument("--show-errors", type=int, default=0, help="print this many wrong verdicts")
    args = parser.parse_args(argv)
    if args.model:
        os.environ[MODEL_ENV] = str(named_model_directory(args.model))
    print(f"command: {' '.join(shlex.quote(a) for a in [sys.executable, *sys.argv])}")
    print(f"date:    {datetime.datetime.now(datetime.UTC).isoformat(timespec='seconds')}")
    print(f"machine: {platform.platform()}, {platform.machine()}", flush=True)
    decoding = BEAM_SEQUENTIAL if args.beam5 else DECODING
    print(f"decoding: beam {decoding.beam_size}, {decoding.batch_size} chunk(s) a batch", flush=True)
    heard, heard_text, model, seconds = transcribe_clips(args.data, read_clips(args.data), decoding)
    transcripts = heard, heard_text, f"whisper {args.model}" if args.model else model, seconds
    runs = [run(args.data, args.seed, False, transcripts)]
    if args.recheck:
        runs.append(run(args.data, args.seed, True, transcripts))
    if args.json:
        outputs = [result | {"errors": errors} for result, errors in runs]
        print(json.dumps(outputs[0] if len(outputs) == 1 else
                         {"without_recheck": outputs[0], "with_recheck": outputs[1]}, indent=2))
        return 0
    for result, errors in runs:
        _print(result, errors, args.seed, args.show_errors)
    return 0


def _print(result: dict[str, object], errors: list[dict[str, object]], seed: int, show_errors: int) -> None:
    print(f"\n=== {result['model']}, pocketsphinx re-check {'ON' if result['recheck'] else 'off'} ===")
    print(f"data:    {result['clips']} clips, {result['cases']} printed quotes (seed {seed}); "
          f"transcribed in {result['transcribe_seconds']} s, {result['ms_per_check']} ms per check\n")
    t = result["baseline_threshold"]
    print(f"share of right verdicts; baseline: difflib ratio < {t} (best F1 on this set) and < {FIXED_THRESHOLD}")
    print(f"{'printed quote':26} {'misquote':>8} {'n':>4} {'ours':>7} {'< ' + str(t):>9} {'< 0.9':>7}   our verdicts")
    per_label = result["per_label"]
    assert isinstance(per_label, dict)
    for label, row in per_label.items():
        kind = "-" if row["misquote"] is None else ("yes" if row["misquote"] else "no")
        verdicts = ", ".join(f"{k} {v}" for k, v in sorted(row["verdicts"].items()))
        print(f"{label:26} {kind:>8} {row['n']:4d} {row['ours']:7.3f} {row['baseline']:9.3f} "
              f"{row['baseline_fixed']:7.3f}   {verdicts}")
    m, fm, nf = result["misquote"], result["false_misquote_verbatim"], result["not_found_accuracy"]
    assert isinstance(m, dict) and isinstance(fm, dict) and isinstance(nf, dict)
    print(f"\n{'':36} {'ours':>7} {'< ' + str(t):>9} {'< 0.9':>7}")
    rows = [("misquote detection " + name.upper(), m["ours"][name], m["baseline"][name], m["baseline_fixed"][name])
            for name in ("p", "r", "f1")]
    rows += [("false-misquote rate, verbatim", fm["ours"], fm["baseline"], fm["baseline_fixed"]),
             ("not said: not_found (base: flagged)", nf["ours"], nf["baseline"], nf["baseline_fixed"])]
    for name, ours, tuned, fixed in rows:
        print(f"{name:36} {ours:7.3f} {tuned:9.3f} {fixed:7.3f}")
    print(f"verbatim quotes not found: {result['verbatim_not_found']:.3f}")
    mc = result["meaning_change_named"]
    assert isinstance(mc, dict)
    print(f"meaning change named (negation, number) on {mc['n']} quotes: a misquote {mc['precision_misquote']} "
          f"(target >= 0.9; difflib's flags: a misquote {mc['baseline_precision_misquote']}), of that kind "
          f"{mc['precision_same_kind']}; recall on the meaning-changing edits {mc['recall']}")
    for error in errors[:show_errors]:
        print(f"\n[{error['label']}] {error['clip']} got {error['verdict']} {error['how']}"
              f"{' (asr doubt)' if error['asr_doubt'] else ''}\n  P: {error['printed']}\n  H: {error['heard']}"
              f"\n  R: {error['recheck']}")


if __name__ == "__main__":
    raise SystemExit(main())
