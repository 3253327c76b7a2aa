"""The HTML dossier: one self-contained page with the article, its quotes highlighted by speaker.

Every string from the document is escaped: the article body is built here with ``html.escape`` and
everything else goes through a Jinja2 template with autoescape on.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import quote as url_quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from veracity.model import Document, Quote
from veracity.report.text_report import (
    attribution_line,
    party_label,
    quote_children,
    quote_parents,
    quote_position,
    speaker_groups,
)
from veracity.report.timeline_view import timeline_view

# (background, edge) pairs: dark text on each background is above 7:1 contrast, and each edge is
# above 3:1 against white, so borders and underlines stay visible too.
SPEAKER_PALETTE: tuple[tuple[str, str], ...] = (
    ("#cfe3ff", "#1f5fbf"),
    ("#ffdcb8", "#a35200"),
    ("#cdeccd", "#2e7d32"),
    ("#ffd1e1", "#c2185b"),
    ("#e3d4ff", "#6a3db8"),
    ("#fff0a8", "#7a6100"),
    ("#c4ede8", "#00796b"),
    ("#ffd3cc", "#c62828"),
    ("#e4ecbf", "#556300"),
    ("#ead9cc", "#795548"),
)
UNATTRIBUTED_COLOUR = ("#e6e6e6", "#5f5f5f")
UNATTRIBUTED_CLASS = "sp-none"
UNKNOWN_SPEAKER = "an unknown speaker"
# Outer layers first when spans start and end together: content holds source and cue.
_ROLE_RANK = {"content": 0, "source": 1, "cue": 2}
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def speaker_colour_classes(doc: Document) -> dict[str, str]:
    """A CSS class per speaker id, distinct for the first ten speakers in the dossier's order."""
    speakers = [group.speaker_id for group in speaker_groups(doc) if group.speaker_id is not None]
    return {
        speaker: f"sp-{index % len(SPEAKER_PALETTE)}" for index, speaker in enumerate(speakers)
    }


def describe_quote(quote: Quote) -> str:
    """The tooltip of a quote: speaker, cue, addressee, medium, form, kind and denial, one per line."""
    lines = [
        f"Speaker: {quote.speaker.name if quote.speaker else 'unattributed'}",
        f"Cue: {quote.cue.text if quote.cue else 'none'}",
        f"Addressee: {party_label(quote.addressee) or 'not stated'}",
        f"Medium: {party_label(quote.medium) or 'not stated'}",
        f"Form: {quote.form.text if quote.form else 'not stated'}",
        f"Kind: {quote.kind}",
        f"Denial: {'yes' if quote.is_denial else 'no'}",
    ]
    return "\n".join(lines)


@dataclass(frozen=True, eq=False)
class _Layer:
    """One stretch to draw over the text: a quote's content span, its cue or its source."""

    role: str
    quote: Quote
    start: int
    end: int
    depth: int
    order: int

    def sort_key(self) -> tuple[int, int, int, int, int]:
        # Wider, earlier spans go outside; a nested quote goes inside its parent.
        return (self.start, -self.end, _ROLE_RANK[self.role], self.depth, self.order)


@dataclass
class _MarkupContext:
    """What the body builder needs to know about every quote while it writes marks."""

    colours: dict[str, str]
    parents: dict[str, str]
    anchored: set[str] = field(default_factory=set)

    def colour(self, quote: Quote) -> str:
        if quote.speaker is None:
            return UNATTRIBUTED_CLASS
        return self.colours.get(quote.speaker.id, UNATTRIBUTED_CLASS)


def _nesting_depth(quote_id: str, parents: dict[str, str]) -> int:
    depth = 0
    while quote_id in parents:
        quote_id = parents[quote_id]
        depth += 1
    return depth


def _layers(doc: Document, parents: dict[str, str]) -> list[_Layer]:
    """Every span to draw, clipped to the text; empty or inverted spans are left out."""
    limit = len(doc.text)
    layers: list[_Layer] = []
    for order, quote in enumerate(doc.quotes):
        depth = _nesting_depth(quote.id, parents)
        spans = [("content", start, end) for start, end in quote.content.spans]
        for role, span in (("cue", quote.cue), ("source", quote.source)):
            if span is not None:
                spans.append((role, span.start, span.end))
        for role, start, end in spans:
            start, end = max(0, start), min(limit, end)
            if start < end:
                layers.append(_Layer(role, quote, start, end, depth, order))
    return layers


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """The [start, end) of each paragraph: text between blank lines, trimmed of whitespace."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        chunk = text[start:end]
        stripped_start = start + len(chunk) - len(chunk.lstrip())
        stripped_end = start + len(chunk.rstrip())
        if stripped_start < stripped_end:
            bounds.append((stripped_start, stripped_end))
        if match:
            start = match.end()
    return bounds


def _open_tag(layer: _Layer, ctx: _MarkupContext) -> str:
    quote = layer.quote
    quote_id = escape(quote.id)
    colour = ctx.colour(quote)
    if layer.role != "content":
        speaker = quote.speaker.name if quote.speaker else UNKNOWN_SPEAKER
        label = escape(f"{'Cue' if layer.role == 'cue' else 'Source'} of a quote by {speaker}")
        return f'<span class="{layer.role} {colour}" data-quote="{quote_id}" title="{label}">'
    classes = ["q", colour]
    if quote.is_denial:
        classes.append("denial")
    if quote.id in ctx.parents:
        classes.append("nested")
    # Only the first fragment of a quote carries the anchor, so ids stay unique on the page.
    anchor = "" if quote.id in ctx.anchored else f' id="q-{quote_id}"'
    ctx.anchored.add(quote.id)
    tip = escape(describe_quote(quote))
    return (
        f'<mark class="{" ".join(classes)}"{anchor} data-quote="{quote_id}" tabindex="0" '
        f'title="{tip}" data-tip="{tip}" aria-describedby="desc-{quote_id}">'
    )


def _close_tag(layer: _Layer) -> str:
    return "</mark>" if layer.role == "content" else "</span>"


def _paragraph_markup(
    text: str, bounds: tuple[int, int], layers: list[_Layer], ctx: _MarkupContext
) -> str:
    """One paragraph with its marks, from a sweep over every span boundary.

    Between two boundaries the set of covering layers is fixed; the open elements are kept as a
    stack in a fixed order, so partly overlapping spans are split into well-formed pieces.
    """
    start, end = bounds
    present = [layer for layer in layers if layer.start < end and layer.end > start]
    points = {start, end}
    for layer in present:
        points.update(p for p in (layer.start, layer.end) if start < p < end)
    ordered_points = sorted(points)
    out: list[str] = []
    stack: list[_Layer] = []
    for left, right in zip(ordered_points, ordered_points[1:], strict=False):
        active = sorted(
            (layer for layer in present if layer.start <= left and layer.end >= right),
            key=_Layer.sort_key,
        )
        kept = 0
        while kept < min(len(stack), len(active)) and stack[kept] is active[kept]:
            kept += 1
        while len(stack) > kept:
            out.append(_close_tag(stack.pop()))
        for layer in active[kept:]:
            out.append(_open_tag(layer, ctx))
            stack.append(layer)
        out.append(escape(text[left:right]))
    out.extend(_close_tag(layer) for layer in reversed(stack))
    return "".join(out)


def article_markup(doc: Document) -> tuple[list[Markup], set[str]]:
    """The article as escaped paragraphs with every quote marked up, and the quote ids anchored."""
    parents = quote_parents(doc)
    ctx = _MarkupContext(speaker_colour_classes(doc), parents)
    layers = _layers(doc, parents)
    paragraphs = [
        Markup(_paragraph_markup(doc.text, bounds, layers, ctx)) for bounds in _paragraphs(doc.text)
    ]
    return paragraphs, ctx.anchored


@dataclass
class _QuoteView:
    """A quote as the people panel lists it."""

    id: str
    content: str
    cue: str | None
    addressee: str | None
    medium: str | None
    form: str | None
    kind: str
    denial: bool
    confidence: float
    colour: str
    linked: bool
    within: tuple[str, str] | None = None  # (parent quote id, its speaker) for another's quote
    contains: list[tuple[str, str]] = field(default_factory=list)  # others' quotes inside this one
    children: list[_QuoteView] = field(default_factory=list)


@dataclass
class _SpeakerView:
    """A person or other speaker as the people panel lists them."""

    name: str
    type: str
    colour: str
    mentions: list[tuple[str, str, int]]
    quotes: list[_QuoteView]
    known: bool = True  # False for the quotes nobody was found to have said: no one to follow across stories


def people_panel(doc: Document, anchored: set[str]) -> list[_SpeakerView]:
    """Every person and every other speaker, with mentions and their quotes nested by parent."""
    parents = quote_parents(doc)
    children = quote_children(doc, parents)
    by_id = {quote.id: quote for quote in doc.quotes}
    ctx = _MarkupContext(speaker_colour_classes(doc), parents)

    def speaker_name(quote: Quote) -> str:
        return quote.speaker.name if quote.speaker else UNKNOWN_SPEAKER

    def speaker_key(quote: Quote) -> str | None:
        return quote.speaker.id if quote.speaker else None

    def view(quote: Quote) -> _QuoteView:
        parent = by_id.get(parents.get(quote.id, ""))
        own = [c for c in children.get(quote.id, []) if speaker_key(c) == speaker_key(quote)]
        others = [c for c in children.get(quote.id, []) if speaker_key(c) != speaker_key(quote)]
        return _QuoteView(
            id=quote.id,
            content=quote.content.text,
            cue=quote.cue.text if quote.cue else None,
            addressee=party_label(quote.addressee),
            medium=party_label(quote.medium),
            form=quote.form.text if quote.form else None,
            kind=quote.kind,
            denial=quote.is_denial,
            confidence=quote.confidence,
            colour=ctx.colour(quote),
            linked=quote.id in anchored,
            within=(
                (parent.id, speaker_name(parent))
                if parent and speaker_key(parent) != speaker_key(quote)
                else None
            ),
            contains=[(c.id, speaker_name(c)) for c in others],
            children=[view(c) for c in own],
        )

    panel: list[_SpeakerView] = []
    for group in speaker_groups(doc, include_silent_people=True):
        # A quote nested in the same speaker's quote is listed under it, not at the top.
        roots = [
            quote
            for quote in group.quotes
            if quote.id not in parents or speaker_key(by_id[parents[quote.id]]) != group.speaker_id
        ]
        said_as = group.person.mentions if group.person else []
        mentions = Counter((mention.text, mention.kind) for mention in said_as)
        panel.append(
            _SpeakerView(
                name=group.name,
                type=group.person.type if group.person else "",
                colour=ctx.colours.get(group.speaker_id or "", UNATTRIBUTED_CLASS),
                mentions=[(text, kind, count) for (text, kind), count in mentions.items()],
                quotes=[view(quote) for quote in sorted(roots, key=quote_position)],
                known=group.speaker_id is not None,
            )
        )
    return panel


def fragment(quote_id: str) -> str:
    """The link target of a quote's first mark in the article."""
    return "#q-" + url_quote(quote_id, safe="")


def render_html(doc: Document) -> str:
    """A self-contained HTML page: header, highlighted article, people panel; no external URL."""
    paragraphs, anchored = article_markup(doc)
    url = doc.metadata.url
    # Only web links become clickable: a javascript: or data: URL is shown as plain text.
    safe_url = url if url and re.match(r"https?://", url, re.IGNORECASE) else None
    template = _TEMPLATES.get_template("dossier.html.j2")
    return template.render(
        doc=doc,
        meta=doc.metadata,
        safe_url=safe_url,
        paragraphs=paragraphs,
        people=people_panel(doc, anchored),
        timeline=timeline_view(doc),
        times=doc.times,
        quotes=sorted(doc.quotes, key=quote_position),
        attributions=[attribution_line(a) for a in sorted(doc.attributions, key=quote_position)],
        describe=describe_quote,
        fragment=fragment,
        palette=[(f"sp-{i}", bg, edge) for i, (bg, edge) in enumerate(SPEAKER_PALETTE)],
        unattributed=(UNATTRIBUTED_CLASS, *UNATTRIBUTED_COLOUR),
    )
