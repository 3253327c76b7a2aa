"""Fit the denial linker (``veracity.links.denials``) on the stories gold set's dev half.

    python training/train_denial_links.py --data benchmarks/data/stories/dev \
        --out src/veracity/models/denial_links/ranker.json

Each dev story is analysed as ``veracity analyze`` does; every (predicted denial, candidate statement) pair
the linker would score becomes a row of ``denial_pairs``' features, labelled 1 when the two are the found
quotes of a gold denial and of the quote it ``denies``. A logistic regression is chosen by link F1 over
5 folds of whole stories (no story on both sides), each denial linked to its best-scoring candidate when
that clears the threshold, as at run time; gold links whose denial or target was never found count as
missed. Printed beside it, in the same folds: the nearest statement by shared words (no model), and the
mean over every setting tried. The test half is never read here (``benchmarks/stories.py`` reports it).
"""

from __future__ import annotations

import argparse
import datetime
import platform
import shlex
import sys
from pathlib import Path

import numpy as np

from veracity.eval.stories import load_stories
from veracity.eval.story_scoring import from_document, match_quotes
from veracity.ingest import load_bytes
from veracity.links.denials import FEATURES, denial_pairs, statements_of, word_rarity
from veracity.links.people import merge_people
from veracity.pipeline import default_pipeline

sys.path.insert(0, str(Path(__file__).resolve().parent))
from linear_fit import save_linear_model  # noqa: E402

STRENGTHS = (0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
THRESHOLDS = np.round(np.arange(0.05, 0.8, 0.05), 2)
FOLDS = 5


class Denial:
    """One predicted denial's candidates: features, which candidate is its gold target, and its document."""

    def __init__(self, story: str, features: np.ndarray, labels: np.ndarray, docs: list[str]) -> None:
        self.story, self.features, self.labels, self.docs = story, features, labels, docs


def story_denials(data: Path) -> tuple[list[Denial], dict[str, int]]:
    """Every predicted denial of every story with its labelled candidates, and each story's gold links."""
    pipeline = default_pipeline()
    denials, gold_links = [], {}
    for story in load_stories(data):
        doc = load_bytes(story.text.encode("utf-8"), source=f"{story.id}.txt", published=story.published or None,
                         media_type="text/plain")
        doc = pipeline.run([doc])[0]
        prediction = from_document(doc)
        matched = match_quotes(story, prediction.quotes)
        gold_of = {prediction.quotes[i].id: gold_id for gold_id, (i, _) in matched.items()}
        quote_ids = {q.id for q in story.quotes}
        gold = {(q.id, q.denies) for q in story.quotes if q.denies in quote_ids}
        gold_links[story.id] = len(gold)
        people, speaker_of = merge_people([doc])
        names_of = {p.id: p.names | {p.name} for p in people}
        statements = statements_of([doc], speaker_of)
        for denial, candidates, features in denial_pairs(statements, word_rarity([s.context for s in statements]),
                                                        names_of):
            labels = np.array([(gold_of.get(denial.ref.quote_id), gold_of.get(c.ref.quote_id)) in gold
                               for c in candidates], dtype=np.int8)
            denials.append(Denial(story.id, features, labels, [c.ref.doc_id for c in candidates]))
    return denials, gold_links


def link_f1(denials: list[Denial], scores: list[np.ndarray], threshold: float, gold: int) -> tuple[float, int, int]:
    """(F1, right links, links made) when each denial links to its best candidate scoring at least ``threshold``."""
    right = made = 0
    for denial, score in zip(denials, scores, strict=True):
        best = int(np.argmax(score))
        if score[best] >= threshold:
            made += 1
            right += int(denial.labels[best])
    precision, recall = right / max(1, made), right / max(1, gold)
    return (2 * precision * recall / (precision + recall) if right else 0.0), right, made


def fit(denials: list[Denial], c: float) -> object:
    from sklearn.linear_model import LogisticRegression

    x = np.vstack([d.features for d in denials])
    y = np.concatenate([d.labels for d in denials])
    return LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(x, y)


def scores_of(model: object, denials: list[Denial]) -> list[np.ndarray]:
    return [model.predict_proba(d.features)[:, 1] for d in denials]  # type: ignore[attr-defined]


def choose(denials: list[Denial], gold: int, stories: list[str]) -> tuple[float, float, float]:
    """(C, threshold, F1) best by link F1 over folds of whole stories inside ``denials``."""
    results: dict[tuple[float, float], list[tuple[int, int, int]]] = {}
    for fold in range(FOLDS):
        held = {s for i, s in enumerate(stories) if i % FOLDS == fold}
        train = [d for d in denials if d.story not in held]
        test = [d for d in denials if d.story in held]
        for c in STRENGTHS:
            model = fit(train, c)
            scores = scores_of(model, test)
            for threshold in THRESHOLDS:
                _, right, made = link_f1(test, scores, float(threshold), 0)
                results.setdefault((c, float(threshold)), []).append((right, made, 0))
    best = max(results, key=lambda k: _pooled_f1(results[k], gold))
    return best[0], best[1], _pooled_f1(results[best], gold)


def _pooled_f1(counts: list[tuple[int, int, int]], gold: int) -> float:
    right, made = sum(c[0] for c in counts), sum(c[1] for c in counts)
    precision, recall = right / max(1, made), right / max(1, gold)
    return 2 * precision * recall / (precision + recall) if right else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="a half of benchmarks/data/stories (dev)")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.data.name == "test":
        parser.error("the test half is frozen: fit on dev")
    print(f"command: {' '.join(shlex.quote(a) for a in [sys.executable, *sys.argv])}")
    now = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    print(f"date:    {now}; machine: {platform.platform()}")
    denials, gold_links = story_denials(args.data)
    stories = sorted(gold_links)
    print(f"data:    {len(stories)} stories, {sum(gold_links.values())} gold links, {len(denials)} predicted "
          f"denials, {sum(len(d.labels) for d in denials)} candidate pairs")

    # Outer folds of whole stories: the setting is chosen inside each training part, then scored on its fold.
    per_fold, nearest, every_setting = [], [], []
    for fold in range(FOLDS):
        held = {s for i, s in enumerate(stories) if i % FOLDS == fold}
        train = [d for d in denials if d.story not in held]
        test = [d for d in denials if d.story in held]
        gold_train = sum(gold_links[s] for s in stories if s not in held)
        gold_test = sum(gold_links[s] for s in stories if s in held)
        c, threshold, _ = choose(train, gold_train, [s for s in stories if s not in held])
        per_fold.append(link_f1(test, scores_of(fit(train, c), test), threshold, gold_test)[0])
        nearest.append(link_f1(test, [d.features[:, 0] for d in test], 1e-9, gold_test)[0])
        for c_any in STRENGTHS:
            scores = scores_of(fit(train, c_any), test)
            every_setting.extend(link_f1(test, scores, float(t), gold_test)[0] for t in THRESHOLDS)
    print(f"\nlink F1 over {FOLDS} folds of whole stories (setting chosen inside each training part):")
    print(f"  ranker            mean {np.mean(per_fold):.3f}   per fold {' '.join(f'{f:.3f}' for f in per_fold)}")
    print(f"  nearest by words  mean {np.mean(nearest):.3f}   per fold {' '.join(f'{f:.3f}' for f in nearest)}")
    print(f"  every (C, threshold) tried, mean over folds and settings: {np.mean(every_setting):.3f}")

    c, threshold, cv_f1 = choose(denials, sum(gold_links.values()), stories)
    model = fit(denials, c)
    print(f"\nshipped: C {c}, threshold {threshold}, link F1 over folds {cv_f1:.3f}")
    for name, weight in zip(FEATURES, model.coef_[0], strict=True):  # type: ignore[attr-defined]
        print(f"  {weight:+.3f}  {name}")
    save_linear_model(args.out, model, threshold, description="logistic regression over denial-statement pair "
                      "features (veracity.links.denials.FEATURES), balanced classes",
                      data=f"benchmarks/data/stories/dev ({len(stories)} stories, {sum(gold_links.values())} gold "
                      "links), the pipeline's own quotes", report={
                          "C": c, "cv_link_f1": round(cv_f1, 4), "outer_fold_link_f1": [round(f, 4) for f in per_fold],
                          "outer_mean": round(float(np.mean(per_fold)), 4),
                          "nearest_by_words_mean": round(float(np.mean(nearest)), 4)})
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
