"""Read PolNeAR (BRAT standoff) splits: one annotated article per ``.ann`` file.

PolNeAR keeps the article in ``text/NAME.txt`` and each annotator's attributions in
``attributions/NAME_<annotator>.ann``. A relation line ``E1 Attribution:T4 Content:T3 Cue:T2 Source:T1``
ties the three span roles; spans may be discontinuous (``start end;start end``). Doubly annotated
articles yield one :class:`AnnotatedArticle` per annotation file, as the benchmark counts them twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

Fragments = tuple[tuple[int, int], ...]
ROLES = ("Source", "Cue", "Content")

_ENTITY_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")
_RELATION_LINE = re.compile(r"^(E\d+)\t(.*)$")


@dataclass(frozen=True)
class GoldAttribution:
    """One annotated attribution relation: fragments per role (empty when the role is absent)."""

    source: Fragments
    cue: Fragments
    content: Fragments


@dataclass
class AnnotatedArticle:
    name: str
    text: str
    attributions: list[GoldAttribution] = field(default_factory=list)


def _fragments(offsets: str) -> Fragments:
    pairs = []
    for part in offsets.split(";"):
        start, end = part.split()
        pairs.append((int(start), int(end)))
    return tuple(sorted(pairs))


def parse_ann(ann: str) -> list[GoldAttribution]:
    """Parse one BRAT ``.ann`` text into attribution relations."""
    spans: dict[str, tuple[str, Fragments]] = {}
    relations: list[list[tuple[str, str]]] = []
    for line in ann.splitlines():
        entity = _ENTITY_LINE.match(line)
        if entity:
            spans[entity.group(1)] = (entity.group(2), _fragments(entity.group(3)))
            continue
        relation = _RELATION_LINE.match(line)
        if relation:
            args = [tuple(a.split(":", 1)) for a in relation.group(2).split()[1:] if ":" in a]
            relations.append([(role, ref) for role, ref in args])
    out = []
    for args in relations:
        by_role: dict[str, list[tuple[int, int]]] = {r: [] for r in ROLES}
        for role, ref in args:
            role = role.rstrip("0123456789")
            if role in by_role and ref in spans:
                by_role[role].extend(spans[ref][1])
        if not by_role["Cue"] and not by_role["Content"]:
            continue
        out.append(GoldAttribution(*(tuple(sorted(by_role[r])) for r in ROLES)))
    return out


def read_split(directory: str | Path) -> list[AnnotatedArticle]:
    """Every annotation file of a split directory holding ``text/`` and ``attributions/``."""
    root = Path(directory)
    text_dir, ann_dir = root / "text", root / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise FileNotFoundError(f"{root} must hold text/ and attributions/ folders like a PolNeAR split")
    texts = {p.stem: p for p in text_dir.glob("*.txt")}
    articles = []
    for ann_path in sorted(ann_dir.glob("*.ann")):
        stem = ann_path.stem.rsplit("_", 1)[0] if ann_path.stem not in texts else ann_path.stem
        if stem not in texts:
            continue
        text = texts[stem].read_text(encoding="utf-8")
        articles.append(
            AnnotatedArticle(ann_path.stem, text, parse_ann(ann_path.read_text(encoding="utf-8")))
        )
    return articles
