"""Assemble quotes: link learned source/cue/content spans, add quoted runs the model missed, nest them.

Three sources of evidence meet here. The learned tagger (``attribution_tagger``) proposes source, cue
and content spans the way PolNeAR annotates them; quotation marks (``quote_marks``) say exactly where
direct speech starts and ends, nested speech included; the parse says which verb reports what and who
its subject is. Linking is local: a content belongs to the nearest cue of its paragraph, a source to the
nearest subject-like span around its cue. Direct quotes no cue claims take the speaker of a reporting
verb next to them, or, as journalists write, of the quote just before ("…," he added; a next paragraph
of the same speaker with no cue).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from veracity.model import Document, PartyRef, Quote, QuoteContent, QuoteKind, Span, content_id
from veracity.pipeline import Stage, register_stage
from veracity.text.cue_roles import find_addressee, find_medium, is_denial
from veracity.text.quote_marks import QuotedRun, find_quoted_runs
from veracity.text.tagging import TaggedSpan, tagged_spans

# Verbs that report speech when the parse puts them next to a quotation (lemmas).
SPEECH_VERBS = frozenset(
    "say tell add state claim insist deny explain argue note warn ask reply respond write tweet post "
    "declare announce confirm admit acknowledge suggest continue recall joke quip complain shout "
    "scream whisper mutter yell boast vow promise threaten pledge predict concede dismiss reject "
    "describe call go hear testify allege assert maintain contend agree counter retort".split()
)
# Colloquial "he goes, 'I don't buy it'" only reports speech right before a quotation.
COLLOQUIAL_VERBS = frozenset({"go", "be like"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "agent"})
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")
_TRIM = " \t\n\r,.;:!?\"'“”‘’«»‹›„‚—–-…()[]"
MAX_LINK_GAP = 400  # characters between a cue and a content it may claim


@dataclass
class _Draft:
    """A quote under construction; spans are character offsets into the document text."""

    content: list[tuple[int, int]]
    cue: tuple[int, int] | None = None
    source: tuple[int, int] | None = None
    scores: list[float] = field(default_factory=list)
    from_marks: bool = False
    parent: _Draft | None = None

    @property
    def start(self) -> int:
        return self.content[0][0]

    @property
    def end(self) -> int:
        return self.content[-1][1]


@register_stage("quotes")
class QuoteAssembler(Stage):
    """Turn tagged spans, quotation marks and the parse into the document's quotes.

    The tagger's spans are used when an earlier stage provided them; without them the stage falls
    back on quotation marks and reporting verbs alone (fast, and blind to indirect speech).
    """

    requires: ClassVar[tuple[str, ...]] = ("parse",)
    provides: ClassVar[tuple[str, ...]] = ("quotes",)

    def __init__(self, use_quote_marks: bool = True) -> None:
        self.use_quote_marks = use_quote_marks

    def config(self) -> dict[str, Any]:
        return {"use_quote_marks": self.use_quote_marks}

    def process(self, docs: list[Document]) -> list[Document]:
        for doc in docs:
            doc.quotes = assemble_quotes(doc, self.use_quote_marks)
        return docs


def assemble_quotes(doc: Document, use_quote_marks: bool = True) -> list[Quote]:
    text, parse = doc.text, doc.parse
    tagged = tagged_spans(doc)
    paragraphs = _paragraph_starts(text)
    runs = find_quoted_runs(text) if use_quote_marks else []
    tagged = _split_at_narration(tagged, runs, text)
    drafts = _link_tagged(tagged, text, paragraphs)
    if use_quote_marks:
        drafts = _absorb_runs(drafts, runs, text, parse, paragraphs)
    drafts = [_tidy(d, text, paragraphs, runs) for d in drafts if not _is_non_response(d, text)]
    drafts.sort(key=lambda d: (d.start, -d.end))
    _nest(drafts)
    return [_finish(doc, d, runs) for d in drafts]


# --- linking the tagger's spans -------------------------------------------------------------------


def _paragraph_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]


def _paragraph_of(paragraphs: list[int], offset: int) -> int:
    return bisect.bisect_right(paragraphs, offset) - 1


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(a[0] - b[1], b[0] - a[1], 0)


def _split_at_narration(tagged: Sequence[TaggedSpan], runs: list[QuotedRun], text: str) -> list[TaggedSpan]:
    """Cut a content span where narration with a cue interrupts it between two quotations.

    The tagger often runs one content over ``"A," Flynn said on Fox News. "B."``: the quoted words
    are the content, the narration between them is the attribution, so the content becomes two
    pieces either side of it (and the cue links them as one discontinuous quote).
    """
    cues = [s for s in tagged if s.role == "cue"]
    out = [s for s in tagged if s.role != "content"]
    for content in (s for s in tagged if s.role == "content"):
        inside = [r for r in runs if content.start <= r.start and r.end <= content.end + 1 and r.depth == 0]
        pieces = [(content.start, content.end)]
        for cue in cues:
            if not (content.start < cue.start and cue.end < content.end):
                continue
            if any(r.inner_start <= cue.start and cue.end <= r.inner_end for r in inside):
                continue  # the cue is quoted speech itself: a nested quote, not narration
            before = [r for r in inside if r.end <= cue.start]
            after = [r for r in inside if r.start >= cue.end and _opens_sentence(text, r.start)]
            if not before or not after:
                continue
            cut_start, cut_end = before[-1].inner_end, after[0].inner_start
            pieces = [p for s, e in pieces for p in ((s, min(e, cut_start)), (max(s, cut_end), e)) if p[1] > p[0]]
        out.extend(TaggedSpan("content", s, e, content.score) for s, e in pieces)
    return sorted(out, key=lambda s: (s.start, s.end))


def _opens_sentence(text: str, offset: int) -> bool:
    """A quotation that starts a sentence (after a full stop, colon or line break), not a title."""
    before = text[max(0, offset - 3) : offset].rstrip(" ")
    return not before or before[-1] in ".!?:\n”\"’'"


def _link_tagged(tagged: Sequence[TaggedSpan], text: str, paragraphs: list[int]) -> list[_Draft]:
    cues = [s for s in tagged if s.role == "cue"]
    contents = [s for s in tagged if s.role == "content"]
    sources = [s for s in tagged if s.role == "source"]
    claimed: dict[int, list[TaggedSpan]] = {i: [] for i in range(len(cues))}
    for content in contents:
        best = _nearest_cue(content, cues, text, paragraphs)
        if best is not None:
            claimed[best].append(content)
    drafts = []
    for i, cue in enumerate(cues):
        if not claimed[i]:
            continue
        cue_span = (cue.start, cue.end)
        pieces = _merge_pieces(sorted((c.start, c.end) for c in claimed[i]), cue_span)
        draft = _Draft(pieces, cue=cue_span)
        draft.scores = [cue.score] + [c.score for c in claimed[i]]
        source = _nearest_source(draft, sources, paragraphs)
        if source is not None:
            draft.source = _clamp((source.start, source.end), paragraphs, text, cue_span)
            draft.scores.append(source.score)
        drafts.append(draft)
    return drafts


def _nearest_cue(
    content: TaggedSpan, cues: Sequence[TaggedSpan], text: str, paragraphs: list[int]
) -> int | None:
    """The cue a content belongs to: same paragraph (or the one before, for a quote that ends a
    paragraph and is attributed in the next), nearest by characters, not inside the content."""
    best, best_gap = None, MAX_LINK_GAP + 1
    span = (content.start, content.end)
    home = _paragraph_of(paragraphs, content.end - 1)
    for i, cue in enumerate(cues):
        if content.start <= cue.start and cue.end <= content.end:
            continue  # a cue inside the content reports a nested quote
        if _paragraph_of(paragraphs, cue.start) not in (home, _paragraph_of(paragraphs, content.start)):
            continue
        gap = _gap(span, (cue.start, cue.end))
        if gap < best_gap:
            best, best_gap = i, gap
    return best


def _merge_pieces(pieces: list[tuple[int, int]], cue: tuple[int, int]) -> list[tuple[int, int]]:
    """Join content pieces of one cue; keep a gap only where the cue (or its source) interrupts."""
    merged = [pieces[0]]
    for start, end in pieces[1:]:
        last_start, last_end = merged[-1]
        if start <= last_end or not (last_end <= cue[0] < start):
            merged[-1] = (last_start, max(last_end, end))
        else:
            merged.append((start, end))
    return merged


def _nearest_source(
    draft: _Draft, sources: Sequence[TaggedSpan], paragraphs: list[int]
) -> TaggedSpan | None:
    assert draft.cue is not None
    cue = draft.cue
    home = _paragraph_of(paragraphs, cue[0])
    best, best_gap = None, 200
    for source in sources:
        span = (source.start, source.end)
        if _paragraph_of(paragraphs, source.start) != home:
            continue
        if any(s <= span[0] and span[1] <= e for s, e in draft.content):
            continue
        gap = _gap(span, cue)
        if gap < best_gap:
            best, best_gap = source, gap
    return best


# --- quotation marks the model did not claim -----------------------------------------------------


def _absorb_runs(
    drafts: list[_Draft], runs: list[QuotedRun], text: str, parse: Any, paragraphs: list[int]
) -> list[_Draft]:
    covered = sorted(p for d in drafts for p in d.content)
    by_index: dict[int, _Draft] = {}
    for index, run in enumerate(runs):
        inner = _trimmed(text, run.inner_start, run.inner_end)
        if inner is None or _claimed(inner, run, covered):
            continue
        previous = by_index.get(run.continues) if run.continues is not None else None
        draft = _draft_for_run(run, inner, text, parse, previous, drafts)
        if draft is None:
            continue
        if any(_inside(inner, d.source) for d in drafts):
            continue  # a programme or title named in a source ("Fox News's "Fox and Friends"")
        same_cue = next((d for d in drafts if draft.cue and _overlaps(d.cue, draft.cue)), None)
        if same_cue is not None:
            if _opens_sentence(text, run.start):  # "A," he said. "B." is one quote around its cue
                same_cue.content = sorted(same_cue.content + draft.content)
                by_index[index] = same_cue
            continue  # otherwise a title or scare quote inside the attribution's narration
        if draft.source is not None:
            draft.source = _clamp(draft.source, paragraphs, text, draft.cue or inner)
        drafts.append(draft)
        by_index[index] = draft
    return drafts


def _inside(span: tuple[int, int], outer: tuple[int, int] | None) -> bool:
    return outer is not None and outer[0] <= span[0] and span[1] <= outer[1]


def _overlaps(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _clamp(
    span: tuple[int, int], paragraphs: list[int], text: str, anchor: tuple[int, int]
) -> tuple[int, int] | None:
    """Cut a span to the paragraph of its anchor: the parser sometimes runs noun phrases across a
    paragraph break (a stray "Advert" line fused with the next sentence's subject)."""
    home = _paragraph_of(paragraphs, anchor[0])
    low = paragraphs[home]
    high = paragraphs[home + 1] if home + 1 < len(paragraphs) else len(text)
    return _trimmed(text, max(span[0], low), min(span[1], high))


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return (start, end) if end > start else None


def _claimed(inner: tuple[int, int], run: QuotedRun, covered: list[tuple[int, int]]) -> bool:
    """Whether the tagger already has this quotation. A nested quotation sits inside its parent's
    content, so for it only a content piece of about its own size counts."""
    if run.depth == 0:
        return _covered_share(inner, covered) >= 0.5
    size = inner[1] - inner[0]
    return any(
        min(e, inner[1]) - max(s, inner[0]) >= 0.5 * max(size, e - s) for s, e in covered
    )


def _covered_share(span: tuple[int, int], covered: list[tuple[int, int]]) -> float:
    total = 0
    i = bisect.bisect_left(covered, (span[0], -1)) - 1
    for start, end in covered[max(i, 0) :]:
        if start >= span[1]:
            break
        total += max(0, min(end, span[1]) - max(start, span[0]))
    return total / (span[1] - span[0])


def _draft_for_run(
    run: QuotedRun,
    inner: tuple[int, int],
    text: str,
    parse: Any,
    previous: _Draft | None,
    drafts: list[_Draft],
) -> _Draft | None:
    verb = _reporting_verb(run, parse)
    if verb is not None:
        cue = (verb.idx, verb.idx + len(verb.text))
        subject = _subject_of(verb)
        source = (subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge.text)) \
            if subject is not None else None
        return _Draft([inner], cue=cue, source=source, scores=[0.7], from_marks=True)
    if previous is None:
        previous = _previous_speaker(run, drafts)
    if previous is not None and previous.source is not None:
        # A paragraph continuing the same speaker's quote, with no cue of its own.
        return _Draft([inner], cue=None, source=previous.source, scores=[0.5], from_marks=True)
    if run.depth == 0 and len(text[inner[0] : inner[1]].split()) >= 4:
        return _Draft([inner], scores=[0.4], from_marks=True)  # direct speech, speaker unknown
    return None


def _tokens_between(parse: Any, start: int, end: int) -> list[Any]:
    span = parse.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _reporting_verb(run: QuotedRun, parse: Any) -> Any | None:
    """A speech verb just outside the run, in its sentence: ``X said: "…"`` or ``"…," said X``."""
    before = _tokens_between(parse, max(0, run.start - 120), run.start)
    after = _tokens_between(parse, run.end, min(len(parse.text), run.end + 120))
    after_clause: list[Any] = []
    for token in after:
        if token.is_sent_start and after_clause or token.text in {"“", '"', "‘", "«"}:
            break
        after_clause.append(token)
    for token in after_clause:
        if token.pos_ == "VERB" and token.lemma_ in SPEECH_VERBS:
            return token
    clause: list[Any] = []
    for token in reversed(before):
        if token.text in {"”", '"', "’", "»"} or token.text == "." and clause:
            break
        clause.append(token)
        if token.is_sent_start:
            break
    for token in clause:  # nearest first
        if token.pos_ in {"VERB", "AUX"} and (
            token.lemma_ in SPEECH_VERBS or token.lemma_ in COLLOQUIAL_VERBS
        ):
            return token
    return None


def _subject_of(verb: Any) -> Any | None:
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            return child
    return None


def _previous_speaker(run: QuotedRun, drafts: list[_Draft]) -> _Draft | None:
    """The quote that ends right before this run's paragraph, when one does (same speaker)."""
    before = [d for d in drafts if d.end <= run.start and d.source is not None]
    if not before:
        return None
    last = max(before, key=lambda d: d.end)
    return last if run.start - last.end <= 300 else None


# --- tidying -------------------------------------------------------------------------------------

_NON_RESPONSE = re.compile(
    r"\b(?:(?:not|never)\s+(?:immediately\s+)?(?:respond|reply|return|answer)|declin|could\s+not\s+be\s+reached)",
    re.IGNORECASE,
)
_CUE_TAIL = re.compile(r"(?:\s+(?:the|a|an|his|her|their|its|on|in|at|to the))+$", re.IGNORECASE)


def _is_non_response(draft: _Draft, text: str) -> bool:
    """"X did not respond to a request for comment" reports silence, not a statement."""
    return draft.cue is not None and bool(_NON_RESPONSE.search(text[draft.cue[0] : draft.cue[1]]))


def _tidy(draft: _Draft, text: str, paragraphs: list[int], runs: list[QuotedRun]) -> _Draft:
    """Trim a cue's trailing article or preposition ("told the" → "told": the rest is the hearer)
    and stop indirect content at its paragraph's end (a headline does not run into the byline)."""
    if draft.cue is not None and not text[draft.cue[0] : draft.cue[1]].lower().startswith("according"):
        tail = _CUE_TAIL.search(text[draft.cue[0] : draft.cue[1]])
        if tail and tail.start() > 0:
            draft.cue = (draft.cue[0], draft.cue[0] + tail.start())
    pieces = []
    for start, end in draft.content:
        quoted = any(r.inner_start <= start < r.inner_end or r.start <= start < r.end for r in runs)
        if not quoted:
            stop = paragraphs[_paragraph_of(paragraphs, start) + 1:][:1]
            if stop and stop[0] < end:
                end = _trimmed(text, start, stop[0]) [1] if _trimmed(text, start, stop[0]) else end
        trimmed = _strip_marks(text, start, end)
        if trimmed is not None:
            pieces.append(trimmed)
    draft.content = pieces or draft.content
    return draft


_EDGE_PUNCTUATION = " \t\n\r,;:—–-"
_OPENING = "\"'“‘«‹„‚"
_CLOSING = "\"'”’»›“"


def _strip_marks(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Content without the commas and spaces at its edges, and without its quotation marks when
    they enclose all of it (a mark that closes a quotation inside the content stays)."""
    for _ in range(3):
        while start < end and text[start] in _EDGE_PUNCTUATION:
            start += 1
        while end > start and text[end - 1] in _EDGE_PUNCTUATION:
            end -= 1
        if end - start >= 2 and text[start] in _OPENING and text[end - 1] in _CLOSING:
            start, end = start + 1, end - 1
        else:
            break
    return (start, end) if end > start else None


# --- nesting and the finished quote ---------------------------------------------------------------


def _nest(drafts: list[_Draft]) -> None:
    """Each quote's parent is the smallest other quote whose content holds its content and cue."""
    for draft in drafts:
        best = None
        for other in drafts:
            if other is draft or not _contains(other, draft):
                continue
            if best is None or other.end - other.start < best.end - best.start:
                best = other
        draft.parent = best


def _contains(outer: _Draft, inner: _Draft) -> bool:
    inside = [inner.content[0], inner.content[-1]] + ([inner.cue] if inner.cue else [])
    return (outer.end - outer.start > inner.end - inner.start) and all(
        any(s <= a and b <= e for s, e in outer.content) for a, b in inside
    )


def _finish(doc: Document, draft: _Draft, runs: list[QuotedRun]) -> Quote:
    text = doc.text
    cue = Span(text[draft.cue[0] : draft.cue[1]], *draft.cue) if draft.cue else None
    source = Span(text[draft.source[0] : draft.source[1]], *draft.source) if draft.source else None
    content_text = " … ".join(text[s:e] for s, e in draft.content)
    addressee = medium = None
    if draft.cue is not None and doc.parse is not None:
        # Inside a quote, the hearer and channel must be in the quoted words too: the recording
        # that carries Hale's words is not the channel of what Brenner said at the dinner.
        scope = draft.parent.content if draft.parent else [(0, len(text))]
        found = _with_name(doc, _within(find_addressee(doc.parse, draft.cue, draft.content), scope))
        addressee = PartyRef(text[found[0] : found[1]], *found) if found else None
        found = _with_name(doc, _within(find_medium(doc.parse, draft.cue, draft.content), scope))
        medium = PartyRef(text[found[0] : found[1]], *found) if found else None
    return Quote(
        id=_quote_id(doc, draft),
        content=QuoteContent(content_text, list(draft.content)),
        cue=cue,
        source=source,
        speaker=None,
        addressee=addressee,
        medium=medium,
        kind=_kind(draft, runs, text),
        parent=_quote_id(doc, draft.parent) if draft.parent else None,
        is_denial=is_denial(cue.text if cue else None, content_text),
        confidence=round(sum(draft.scores) / len(draft.scores), 3) if draft.scores else 0.0,
    )


def _with_name(doc: Document, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """Extend "the state news agency" to "the state news agency Nordpress" when a name follows."""
    if span is None:
        return None
    follower = next((e for e in doc.entities if 0 <= e.start - span[1] <= 1), None)
    if follower is not None and follower.label in {"ORG", "PERSON", "GPE", "NORP", "WORK_OF_ART"}:
        return (span[0], follower.end)
    return span


def _within(
    span: tuple[int, int] | None, scope: list[tuple[int, int]]
) -> tuple[int, int] | None:
    if span is None:
        return None
    return span if any(s <= span[0] and span[1] <= e for s, e in scope) else None


def _quote_id(doc: Document, draft: _Draft) -> str:
    return content_id("quote", doc.id, draft.content, draft.cue)


def _kind(draft: _Draft, runs: list[QuotedRun], text: str) -> QuoteKind:
    """Direct when quotation marks hold (nearly) all of it; partial when those quoted words are a
    fragment woven into narration (called it "a crude fake"); mixed when marks hold only part of
    a reported clause; indirect otherwise."""
    content = [p for p in (_trimmed(text, s, e) for s, e in draft.content) if p]
    if not content:
        return "indirect"
    length = sum(e - s for s, e in content)
    quoted, opening = 0, None
    for run in runs:
        for s, e in content:
            overlap = min(e, run.inner_end) - max(s, run.inner_start)
            if overlap > 0:
                quoted += overlap
                opening = run.start if opening is None else min(opening, run.start)
    share = quoted / length
    if share >= 0.9 and opening is not None:
        before = text[:opening].rstrip()[-1:]
        woven = before.isalnum() and len(text[content[0][0] : content[-1][1]].split()) <= 8
        return "partial" if woven else "direct"
    return "mixed" if share > 0 else "indirect"
