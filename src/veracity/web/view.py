"""A dossier laid out for the page: the HTML report's own markup, handed over as data.

The page builds its DOM from this with ``textContent`` and ``setAttribute`` only, never ``innerHTML``, so
no string from a document can become markup. To stay identical to the HTML report (colours, nesting,
split fragments, tooltips) the article is the report's ``article_markup`` read back into a tree of text
and marks, and the people panel and timeline are the report's own views.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from html.parser import HTMLParser
from typing import Any

from veracity.model import Document
from veracity.report.html_report import (
    SPEAKER_PALETTE,
    UNATTRIBUTED_CLASS,
    UNATTRIBUTED_COLOUR,
    article_markup,
    describe_quote,
    people_panel,
)
from veracity.report.timeline_view import timeline_view

Node = str | dict[str, Any]
# The only elements and attributes the report's article markup uses; anything else is dropped.
_TAGS = {"mark", "span"}
_ATTRIBUTES = {"class", "id", "data-quote", "title", "data-tip", "tabindex", "aria-describedby"}
_WEB_URL = re.compile(r"https?://", re.IGNORECASE)


class _MarkupTree(HTMLParser):
    """Reads one paragraph of the report's markup into nested nodes: strings (text) and marks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root: list[Node] = []
        self._stack: list[list[Node]] = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        children: list[Node] = []
        self._stack[-1].append({"tag": tag if tag in _TAGS else "span",
                                "attrs": {k: v or "" for k, v in attrs if k in _ATTRIBUTES}, "children": children})
        self._stack.append(children)

    def handle_endtag(self, tag: str) -> None:
        if len(self._stack) > 1:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        self._stack[-1].append(data)


def paragraph_tree(markup: str) -> list[Node]:
    parser = _MarkupTree()
    parser.feed(markup)
    parser.close()
    return parser.root


def safe_web_url(url: str | None) -> str | None:
    """The URL when it is a web link; a javascript: or data: URL is never made a link."""
    return url if url and _WEB_URL.match(url) else None


def palette() -> list[dict[str, str]]:
    """The speaker colour classes (the report's palette), for the page's style sheet."""
    pairs = [(f"sp-{i}", bg, edge) for i, (bg, edge) in enumerate(SPEAKER_PALETTE)]
    pairs.append((UNATTRIBUTED_CLASS, *UNATTRIBUTED_COLOUR))
    return [{"class": name, "background": bg, "edge": edge} for name, bg, edge in pairs]


def palette_css() -> str:
    return "\n".join(f".{c['class']} {{ --bg: {c['background']}; --edge: {c['edge']}; }}" for c in palette()) + "\n"


def dossier_view(doc: Document) -> dict[str, Any]:
    """Everything the page shows of one dossier except its links to other documents."""
    paragraphs, anchored = article_markup(doc)
    timeline = timeline_view(doc)
    meta = asdict(doc.metadata)
    meta["safe_url"] = safe_web_url(doc.metadata.url)
    return {
        "id": doc.id,
        "metadata": meta,
        "topics": list(doc.topics),
        "warnings": list(doc.warnings),
        "paragraphs": [paragraph_tree(str(p)) for p in paragraphs],
        "descriptions": {q.id: describe_quote(q) for q in doc.quotes},
        "people": [asdict(p) for p in people_panel(doc, anchored)],
        "speakers": {p.id: p.name for p in doc.people},
        "timeline": asdict(timeline) if timeline else None,
        "times": [{"text": t.text, "type": t.type, "value": t.value, "earliest_start": t.time.earliest_start,
                   "latest_end": t.time.latest_end, "qualifier": t.time.qualifier} for t in doc.times],
        "counts": {"quotes": len(doc.quotes), "people": len(doc.people), "events": len(doc.events)},
    }
