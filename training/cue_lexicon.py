"""Count, on PolNeAR train, how often each word heads an attribution cue when it appears at all.

The tagger also tags verbs that report nobody's words ("released her returns", "spotted Stein");
the quotes stage drops a low-confidence quote whose cue word is rarely a cue in the training
annotations. This script writes, per lemma, how often it heads a cue and how often it appears::

    python training/cue_lexicon.py --data ../shared/data/polnear/data/train \
        --out src/veracity/models/attribution/cue_lexicon.json

Only lemmas seen at least ``--min-count`` times are kept; unseen ones are never dropped.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from veracity.eval.polnear import read_split
from veracity.text.parse import lemma, load_spacy


def cue_lemma_counts(split: Path, min_count: int) -> dict[str, list[int]]:
    """``{lemma: [times it heads a cue, times it appears]}`` over the split's distinct articles."""
    articles = read_split(split)
    cue_offsets: dict[str, set[tuple[int, int]]] = {}
    for article in articles:  # a doubly annotated article adds both annotators' cues
        cue_offsets.setdefault(article.text, set()).update(
            fragment for attribution in article.attributions for fragment in attribution.cue
        )
    nlp = load_spacy()
    cue, seen = Counter[str](), Counter[str]()
    texts = list(cue_offsets)
    for text, parse in zip(texts, nlp.pipe(texts, batch_size=16), strict=True):
        heads = set()
        for start, end in cue_offsets[text]:
            span = parse.char_span(start, end, alignment_mode="expand")
            if span is not None and len(span):
                heads.add(span.root.i)
        for token in parse:
            if token.is_alpha:
                word = lemma(token).lower()
                seen[word] += 1
                cue[word] += token.i in heads
    return {word: [cue[word], seen[word]] for word in sorted(seen) if seen[word] >= min_count}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="a PolNeAR split folder (train)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--min-count", type=int, default=3)
    args = parser.parse_args()
    counts = cue_lemma_counts(args.data, args.min_count)
    payload = {"split": args.data.name, "min_count": args.min_count, "lemmas": counts}
    args.out.write_text(json.dumps(payload, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(counts)} lemmas -> {args.out}")


if __name__ == "__main__":
    main()
