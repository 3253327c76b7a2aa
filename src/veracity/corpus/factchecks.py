"""Fact-checks kept in the store: imported once with their embeddings, matched against any claim.

Each fact-check is one row keyed by a hash of publisher, URL and claim, so importing a file twice
changes nothing; a batch is written in one transaction, so a crash leaves whole batches only. The claim
and title embeddings are stored (float16) at import, so matching a dossier's claims embeds only them.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from veracity.corpus.claimreview import BadReview, factcheck_id, read_claimreviews
from veracity.errors import InputError
from veracity.links.claim_matching import ClaimMatcher, FactCheck, Match, matcher_embedder
from veracity.store import Store

IMPORT_BATCH = 256


@dataclass
class ImportReport:
    added: int = 0
    unchanged: int = 0
    failed: list[BadReview] | None = None


def read_factcheck_file(path: Path) -> Iterator[FactCheck | BadReview]:
    """ClaimReview JSON-LD (a .json/.jsonld file or an HTML page) or a CheckThat! verified-claims TSV.

    The bytes are decoded as articles are (UTF-8, a byte order mark, a declared or detected charset), so a
    binary file or undecodable bytes are one line that says what the file is, never a codec's traceback."""
    from veracity.ingest.decoding import decode_bytes
    from veracity.ingest.sources import os_error_reason

    try:
        text = decode_bytes(path.read_bytes(), str(path)).text
    except OSError as error:
        yield BadReview(str(path), os_error_reason(error))
        return
    except InputError as error:  # binary (BinaryInputError) or in no encoding we can detect (DecodingError)
        yield BadReview(str(path), error.message)
        return
    if path.suffix == ".tsv":
        yield from _checkthat_claims(text, str(path))
    else:
        yield from read_claimreviews(text, str(path))


def _checkthat_claims(text: str, source: str) -> Iterator[FactCheck | BadReview]:
    rows = list(csv.reader(text.splitlines(), delimiter="\t"))
    if not rows or [c.strip() for c in rows[0][1:3]] != ["vclaim", "title"]:
        yield BadReview(source, "a .tsv must be CheckThat! verified claims: a header '<TAB>vclaim<TAB>title'")
        return
    for number, row in enumerate(rows[1:], 2):
        if len(row) < 2 or not row[1].strip():
            yield BadReview(f"{source}:{number}", "row without a claim")
            continue
        claim, title = " ".join(row[1].split()), " ".join(row[2].split()) if len(row) > 2 else ""
        yield FactCheck(factcheck_id("Snopes", row[0], claim), claim, title, None, "Snopes (CheckThat! 2020)", None,
                        None)


class FactCheckShelf:
    """The store's fact-checks: embedded once when imported, matched against any claim."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def count(self) -> int:
        return self.store.factcheck_count()

    def add(self, factchecks: Iterable[FactCheck], source: str | None = None) -> tuple[int, int]:
        """Store new fact-checks with their embeddings; (added, already there)."""
        fresh, known = [], 0
        seen: set[str] = set()
        for factcheck in factchecks:
            if factcheck.id in seen or self.store.has_factcheck(factcheck.id):
                known += 1
            else:
                fresh.append(factcheck)
                seen.add(factcheck.id)
        if not fresh:
            return 0, known
        embedder = matcher_embedder()
        claims = embedder.embed([f.claim for f in fresh]).astype(np.float16)
        titles = embedder.embed([f.title or f.claim for f in fresh]).astype(np.float16)
        self.store.add_factchecks([(f.id, f.claim, f.title, f.verdict, f.publisher, f.date, f.url, c.tobytes(),
                                    t.tobytes()) for f, c, t in zip(fresh, claims, titles, strict=True)], source)
        return len(fresh), known

    def matcher(self) -> ClaimMatcher | None:
        """A matcher over every stored fact-check (None when there are none)."""
        rows = self.store.factcheck_rows()
        if not rows:
            return None
        factchecks = [FactCheck(*row[:7]) for row in rows]
        claims = np.stack([np.frombuffer(row[7], dtype=np.float16) for row in rows]).astype(np.float32)
        titles = np.stack([np.frombuffer(row[8], dtype=np.float16) for row in rows]).astype(np.float32)
        return ClaimMatcher(factchecks, matcher_embedder(), claims, titles)

    def match(self, claims: list[str], k: int = 5, min_score: float = 0.0) -> list[list[Match]]:
        matcher = self.matcher()
        if matcher is None:
            raise InputError("no fact-checks in this store; import some with `veracity factchecks import FILE`")
        return matcher.match(claims, k=k, min_score=min_score)


def import_files(paths: list[str], store: Store, progress: Callable[[int], None] | None = None) -> ImportReport:
    """Import every fact-check of the files, in batches; a bad review is reported and skipped.
    ``progress`` is called with the number of reviews read (stored, unchanged or refused) as they go."""
    report = ImportReport(failed=[])
    shelf = FactCheckShelf(store)
    for name in paths:
        path = Path(name)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if not file.exists():
                report.failed.append(BadReview(str(file), "no such file"))  # type: ignore[union-attr]
                continue
            batch: list[FactCheck] = []
            for item in read_factcheck_file(file):
                if isinstance(item, BadReview):
                    report.failed.append(item)  # type: ignore[union-attr]
                    if progress is not None:
                        progress(1)
                    continue
                batch.append(item)
                if len(batch) == IMPORT_BATCH:
                    _add(shelf, batch, str(file), report)
                    if progress is not None:
                        progress(len(batch))
                    batch = []
            _add(shelf, batch, str(file), report)
            if progress is not None and batch:
                progress(len(batch))
    return report


def _add(shelf: FactCheckShelf, batch: list[FactCheck], source: str, report: ImportReport) -> None:
    if batch:
        added, known = shelf.add(batch, source)
        report.added += added
        report.unchanged += known
