"""Train several attribution-tagger variants side by side and keep the one with the best dev content F1.

The variants differ in epochs, learning rate, loss weights and seed; each runs
``train_attribution.py`` in its own process (they share one GPU comfortably) and is scored by the
exported, quantised tagger alone on the dev split (``dev_span_f1`` in its ``tagger.json``). The
winner is copied to ``--out``; every variant's scores go to ``sweep.json`` beside it::

    python training/attribution_sweep.py --data ../shared/data/polnear/data --out src/veracity/models/attribution

Content exact F1 decides (it is the weakest role); source + cue break ties. Variants are grouped by
encoder depth and each depth's winner goes to ``--out/L<layers>``, so speed and quality can be
weighed afterwards. The second sweep (a CRF per role, denser training windows, a CRF-trained four-layer
tagger) runs with ``--only`` and the names in ``CRF_SWEEP``, the third (four layers, for speed) with
those in ``L4_CRF_SWEEP``; under ``--deadline`` each variant shortens its own schedule to end in time for
its export and scoring (``--reserve`` seconds). The figures of every sweep, and why none of the CRF
taggers replaced the shipped one, are in the model card.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
VARIANTS: dict[str, list[str]] = {
    "e8": ["--epochs", "8"],
    "e12": ["--epochs", "12"],
    "e8-lr5": ["--epochs", "8", "--lr", "5e-5"],
    "e8-light": ["--epochs", "8", "--weights", "1", "1.5", "1.2"],
    # Fewer layers: less encoder time, for the speed/quality trade-off (four layers: a third less).
    "L4-e12": ["--layers", "4", "--epochs", "12"],
    "L4-e12-light": ["--layers", "4", "--epochs", "12", "--weights", "1", "1.5", "1.2"],
    "L4-e16-light": ["--layers", "4", "--epochs", "16", "--weights", "1", "1.5", "1.2"],
    "L5-e8-light": ["--layers", "5", "--epochs", "8", "--weights", "1", "1.5", "1.2"],
    "L5-e12-light": ["--layers", "5", "--epochs", "12", "--weights", "1", "1.5", "1.2"],
}
LIGHT = ["--weights", "1", "1.5", "1.2"]
# Second sweep: the content boundaries are what fail (token F1 0.90, span F1 0.50), so a CRF per role
# learns whole-sequence scores; windows every 128 subwords (not 224) show each span at more positions
# in its window. Epochs are cut so that each variant takes about as many steps as e8-light did.
VARIANTS.update({
    "crf-e8-light": ["--epochs", "8", "--crf", "1", *LIGHT],
    "crf-s128-e5-light": ["--epochs", "5", "--stride", "128", "--crf", "1", *LIGHT],
    "crfonly-s128-e5": ["--epochs", "5", "--stride", "128", "--crf", "1", "--ce", "0"],
    "s128-e5-light": ["--epochs", "5", "--stride", "128", *LIGHT],
    "L4-crf-s128-e7-light": ["--layers", "4", "--epochs", "7", "--stride", "128", "--crf", "1", *LIGHT],
    # Third sweep (a GPU call of its own): the six-layer winner's recipe (CRF loss only) on four layers, for speed.
    "L4-crfonly-s128-e7": ["--layers", "4", "--epochs", "7", "--stride", "128", "--crf", "1", "--ce", "0"],
    "L4-crfonly-s128-e10": ["--layers", "4", "--epochs", "10", "--stride", "128", "--crf", "1", "--ce", "0"],
    "L4-crf-s128-e10-light": ["--layers", "4", "--epochs", "10", "--stride", "128", "--crf", "1", *LIGHT],
})
FIRST_SWEEP = ["e8", "e12", "e8-lr5", "e8-light", "L4-e12"]  # run together in the first GPU call
CRF_SWEEP = ["crf-e8-light", "crf-s128-e5-light", "crfonly-s128-e5", "s128-e5-light", "L4-crf-s128-e7-light"]
L4_CRF_SWEEP = ["L4-crfonly-s128-e7", "L4-crfonly-s128-e10", "L4-crf-s128-e10-light"]  # third sweep


def rank(scores: dict[str, float]) -> tuple[float, float]:
    return scores["content"], scores["source"] + scores["cue"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True, help="PolNeAR data folder holding train/ and dev/")
    parser.add_argument("--out", required=True, help="folder that receives the winning model")
    parser.add_argument("--base", default="", help="base model folder, passed on to train_attribution.py")
    parser.add_argument("--only", nargs="*", default=FIRST_SWEEP, help="variant names to run")
    parser.add_argument("--deadline", type=float, default=0,
                        help="seconds after which unfinished variants are stopped and left out (0: none)")
    parser.add_argument("--reserve", type=float, default=60,
                        help="seconds before the deadline at which training stops, left for export and scoring")
    parser.add_argument("--extra", default="", help="more arguments for every variant, e.g. '--limit 32' (smoke test)")
    args = parser.parse_args()

    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="attribution-sweep-"))
    runs = {}
    for name in args.only:
        command = [sys.executable, str(HERE / "train_attribution.py"), "--data", args.data,
                   "--out", str(work / name), *VARIANTS[name], *args.extra.split()]
        if args.base:
            command += ["--base", args.base]
        if args.deadline:  # stop training in time for the variant's own export and dev scoring
            command += ["--max-seconds", str(max(args.deadline - args.reserve - (time.monotonic() - started), 1))]
        log = open(work / f"{name}.log", "w")  # noqa: SIM115 - closed after the process ends
        runs[name] = (subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT), log)
    results: dict[str, dict] = {}
    out = Path(args.out)
    for name, (process, log) in runs.items():
        remaining = args.deadline - (time.monotonic() - started) if args.deadline else None
        try:
            code = process.wait(timeout=None if remaining is None else max(remaining, 1))
        except subprocess.TimeoutExpired:
            process.kill()
            code = process.wait()
        log.close()
        meta_path = work / name / "tagger.json"
        if code or not meta_path.is_file():
            tail = "".join(Path(log.name).read_text().splitlines(True)[-15:])
            print(f"{name}: failed (exit {code}); last lines:\n{tail}")
            continue
        meta = json.loads(meta_path.read_text())
        (out / "variants").mkdir(parents=True, exist_ok=True)  # every variant's full record, for the log
        shutil.copy(meta_path, out / "variants" / f"{name}.json")
        results[name] = {"args": VARIANTS[name], "layers": meta["layers"], "dev_span_f1": meta["dev_span_f1"],
                         "dev_token_f1": meta["dev_token_f1"], "trained_seconds": meta["trained_seconds"],
                         "steps": meta.get("steps"), "planned_steps": meta.get("planned_steps")}
        print(f"{name}: {meta['dev_span_f1']}  ({meta['trained_seconds']} s)", flush=True)
    if not results:
        sys.exit("every variant failed")
    chosen = {}
    for layers in sorted({r["layers"] for r in results.values()}):
        group = [n for n in results if results[n]["layers"] == layers]
        best = max(group, key=lambda n: rank(results[n]["dev_span_f1"]))
        chosen[f"L{layers}"] = best
        (out / f"L{layers}").mkdir(parents=True, exist_ok=True)
        for path in (work / best).iterdir():
            shutil.copy(path, out / f"L{layers}" / path.name)
        print(f"chosen {best} -> {out / f'L{layers}'}")
    (out / "sweep.json").write_text(json.dumps({"chosen": chosen, "variants": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
