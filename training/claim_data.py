"""CheckThat! 2020 task 2 files: verified claims, tweets (queries) and which claim each tweet repeats.

``verified_claims.docs.tsv`` holds ``id, vclaim, title`` (fields may be quoted and span lines);
a split folder holds ``tweets.queries.tsv`` (``id, tweet_content``) and ``tweet-vclaim-pairs.qrels``
(TREC: ``tweet_id 0 vclaim_id relevance``).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from veracity.errors import InputError

_SIGNATURE = re.compile(r"\s*[—–]+\s*[^—–\n]*\(@\w+\)\s*\w+ \d{1,2}, \d{4}\s*$")
_LINK = re.compile(r"https?://\S+|pic\.twitter\.com/\S+")
_HANDLE = re.compile(r"[@#](\w+)")


@dataclass(frozen=True)
class VerifiedClaim:
    id: int
    claim: str
    title: str


@dataclass
class Query:
    id: int
    text: str
    relevant: set[int] = field(default_factory=set)


def clean_tweet(text: str) -> str:
    """A tweet's words: without its embed signature ("— Name (@handle) January 6, 2020"), links,
    and the @ and # marks (the names and tags themselves are words worth matching)."""
    text = _SIGNATURE.sub("", text)
    text = _LINK.sub(" ", text)
    text = _HANDLE.sub(r"\1", text)
    return " ".join(text.split())


def load_verified_claims(path: Path) -> list[VerifiedClaim]:
    rows = _rows(path)
    claims = []
    for row in rows[1:]:
        if len(row) < 2 or not row[0].strip().isdigit():
            raise InputError(f"{path}: expected 'id<TAB>vclaim<TAB>title' rows, found {row[:3]!r}")
        claims.append(VerifiedClaim(int(row[0]), " ".join(row[1].split()), " ".join(row[2].split()) if len(row) > 2
                                    else ""))
    return claims


def load_queries(split: Path) -> dict[int, Query]:
    """The split's tweets with the ids of the claims each repeats (empty sets when no qrels file)."""
    queries = {}
    for row in _rows(split / "tweets.queries.tsv")[1:]:
        if len(row) >= 2 and row[0].strip().isdigit():
            queries[int(row[0])] = Query(int(row[0]), row[1])
    qrels = split / "tweet-vclaim-pairs.qrels"
    if qrels.exists():
        for line in qrels.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) == 4 and int(parts[3]) > 0 and int(parts[0]) in queries:
                queries[int(parts[0])].relevant.add(int(parts[2]))
    return queries


def _rows(path: Path) -> list[list[str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.reader(handle, delimiter="\t"))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise InputError(f"cannot read {path}: {error}") from error
