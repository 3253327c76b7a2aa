"""ClaimReview import at scale: reviews a second into a store, validated and indexed for matching.

    python benchmarks/claimreview_import.py --data ../shared/data/claim-matching --count 100000 [--json] [--record FILE]

The reviews are real fact-checked claims (CheckThat! 2020's ``verified_claims.docs.tsv``, 10,375 of them,
each with its title), written as one schema.org ClaimReview JSON file of ``--count`` items: past the
10,375 the claims come round again under other URLs and publishers, so every review is a new fact-check
to validate, store and embed. One item in a thousand is broken on purpose (a date that is no date, a
claim far too long, a list for a URL) and must be refused alone. Timed: ``veracity factchecks import``
into a fresh SQLite store, the whole command, in this process. The floor beside it is reading and
validating the file alone (no store, no embedding). Target (issue 17): 100,000 reviews in under 10 minutes
on 2 cores.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from harness import add_output_arguments, finish, start, timed

from veracity.cli import main as veracity
from veracity.corpus.claimreview import BadReview, read_claimreviews

VERDICTS = ("False", "Mostly false", "Misleading", "Unproven", "True")
BREAKAGES = ({"datePublished": "not a date"}, {"claimReviewed": "x " * 60_000}, {"url": ["a", "b"]})


def reviews(claims: list[tuple[str, str]], count: int) -> tuple[list[dict[str, object]], int]:
    items: list[dict[str, object]] = []
    broken = 0
    for n in range(count):
        claim, title = claims[n % len(claims)]
        item: dict[str, object] = {
            "@context": "https://schema.org", "@type": "ClaimReview", "claimReviewed": claim, "name": title,
            "url": f"https://checks{n // len(claims)}.example/{n}",
            "datePublished": f"20{15 + n % 10}-0{1 + n % 9}-1{n % 9}",
            "author": {"@type": "Organization", "name": f"Checks Desk {n // len(claims)}"},
            "reviewRating": {"@type": "Rating", "alternateName": VERDICTS[n % len(VERDICTS)]},
        }
        if n % 1000 == 999:
            broken += 1
            item.update(BREAKAGES[(n // 1000) % 3])
        items.append(item)
    return items, broken


def read_claims(folder: Path) -> list[tuple[str, str]]:
    with (folder / "verified_claims.docs.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(row["vclaim"], row["title"]) for row in rows if row.get("vclaim")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, type=Path, help="the claim-matching folder (verified_claims.docs.tsv)")
    parser.add_argument("--count", type=int, default=100_000, help="reviews to import (default 100,000)")
    add_output_arguments(parser)
    args = parser.parse_args()
    run = start("claimreview_import")
    items, broken = reviews(read_claims(args.data), args.count)
    table = run.table(f"{args.count:,} reviews ({broken} broken on purpose)",
                      ["system", "seconds", "reviews/s", "refused", "exit"],
                      {"seconds": ".1f", "reviews/s": ",.0f"})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "reviews.json"
        path.write_text(json.dumps(items), encoding="utf-8")
        run.figures["json_mb"] = round(path.stat().st_size / 1e6, 1)
        with timed() as took:
            read = list(read_claimreviews(path.read_text(encoding="utf-8"), "reviews.json"))
        refused = sum(isinstance(r, BadReview) for r in read)
        table.add("floor: read and validate only", took[0], args.count / took[0], refused, None)
        output, errors = io.StringIO(), io.StringIO()
        with timed() as took, redirect_stdout(output), redirect_stderr(errors):
            code = veracity(["factchecks", "import", str(path), "--store", str(Path(folder) / "store.db")])
        table.add("veracity factchecks import", took[0], args.count / took[0], errors.getvalue().count(chr(10)), code)
        run.figures["import_said"] = output.getvalue().strip()
        per_100k = took[0] * 100_000 / args.count
        table.notes.append(f"100,000 reviews at this rate: {per_100k / 60:.1f} min (target < 10 min: "
                           f"{'met' if per_100k < 600 else 'not met'}); the command said: {run.figures['import_said']}")
    finish(run, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
