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
from typing import Any, ClassVar, cast

from veracity.lang.en.speech_words import ASKING_CUE
from veracity.model import Document, Quote, QuoteContent, QuoteKind, Span, content_id
from veracity.pipeline import Stage, register_stage
from veracity.text.called_words import called_words_drafts
from veracity.text.channels import hearer_and_medium, hearers_before_clause
from veracity.text.content_edges import (
    contents_after_the_sources_apposition,
    contents_after_their_hearer,
    contents_before_an_aside,
    contents_before_the_next_cue,
    contents_through_their_quotation,
    contents_to_their_clause_end,
    questions_before_their_answer,
    said_within_their_opening_quotation,
)
from veracity.text.content_frames import split_frames
from veracity.text.cue_edges import (
    cues_through_their_preposition,
    cues_with_their_adverbs,
    cues_with_their_colon,
    cues_with_their_particle,
    cues_without_a_modifier_of_what_follows,
    cues_without_dangling_preposition,
)
from veracity.text.cue_lexicon import rarely_a_cue
from veracity.text.cue_roles import is_denial
from veracity.text.direct_speech import absorb_runs, participle_drafts
from veracity.text.drafts import (
    OPENING_MARKS,
    Draft,
    DraftSpan,
    SpanIndex,
    after_dateline,
    clamp,
    gap,
    opens_sentence,
    overlaps,
    paragraph_of,
    paragraph_starts,
    strip_marks,
    trimmed,
)
from veracity.text.layout import furniture_lines, in_furniture
from veracity.text.missed_cues import with_missed_cues
from veracity.text.nested_indirect import nested_indirect_drafts
from veracity.text.nested_speech import nested_speech_drafts
from veracity.text.nominal_claims import nominal_claim_drafts
from veracity.text.parse import sentence_starts
from veracity.text.quote_marks import QuotedRun, find_quoted_runs
from veracity.text.shown_speech import shown_speech_drafts
from veracity.text.signatures import signed_quotes
from veracity.text.sources import (
    documents_read_by_their_authors,
    hearers_of_passive_telling,
    is_reportative_passive,
    parsed_sources,
    participle_owners,
    participles_of_a_reported_clause,
    possessor_sources,
    quoting_asides,
    relative_clause_sources,
    reportative_subjects,
    sources_after_a_preposition,
    unnamed_sources_whole,
    whole_noun_phrases,
    without_agent_preposition,
    without_the_carrier,
    writings_quoted_after_a_colon,
)
from veracity.text.tagging import TaggedSpan, tagged_spans
from veracity.text.transcript import transcript_turns, with_turns

MAX_LINK_GAP = 400  # characters between a cue and a content it may claim
MAX_SOURCE_GAP = 200  # characters between a cue and its source
MAX_CUE_CHARS = 300  # longer "cues" or sources than this are tagger errors; the windows below rely on it


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

    def process(self, docs: list[Document]) -> list[Document]:
        for doc in docs:
            quotes = assemble_quotes(doc, self.use_quote_marks)
            doc.quotes, doc.attributions = without_words(quotes, doc.text, doc.parse)
        return docs


def without_words(quotes: list[Quote], text: str, parse: Any) -> tuple[list[Quote], list[Quote]]:
    """The quotes, and apart from them the attributions that give none of the speaker's words."""
    parents = {q.parent for q in quotes}
    kept: list[Quote] = []
    named: list[Quote] = []
    for quote in quotes:
        (named if quote.id not in parents and _gives_no_words(quote, text, parse) else kept).append(quote)
    return kept, named


def assemble_quotes(doc: Document, use_quote_marks: bool = True) -> list[Quote]:
    text, parse = doc.text, doc.parse
    tagged = _without_contents_in_sources(tagged_spans(doc))
    paragraphs = paragraph_starts(text)
    runs = find_quoted_runs(text) if use_quote_marks else []
    tagged = _split_at_narration(split_frames(_whole_quotations(tagged, runs), runs, text), runs, text)
    sentences = sentence_starts(parse)[1] if parse is not None else []
    tagged = with_missed_cues(tagged, text, parse)
    drafts = _link_tagged(tagged, text, paragraphs, sentences)
    drafts += _closing_attributions(tagged, drafts, text, sentences)
    drafts = [d for d in drafts if not _raising_cue(d, text) and not rarely_a_cue(d, parse)]
    drafts += reportative_subjects(text, parse, drafts)
    whole_noun_phrases(text, parse, drafts)
    possessor_sources(text, drafts)
    parsed_sources(text, parse, drafts)
    drafts += participle_drafts(text, parse, drafts)
    run_index = SpanIndex(runs)
    bounds = _Boundaries(paragraphs, sentences)
    if use_quote_marks:
        _end_unquoted_contents(drafts, text, bounds, run_index)
        drafts = absorb_runs(drafts, runs, text, parse, paragraphs)
        drafts = signed_quotes(drafts, runs, text)
        drafts = nested_speech_drafts(drafts, runs, text)
    drafts = with_turns(drafts, transcript_turns(text), text)
    drafts = [_tidy(d, text, bounds, run_index) for d in drafts if not _is_non_response(d, text)]
    hearers_before_clause(parse, [d for d in drafts if not run_index.overlapping(d.start, d.start + 1)], text)
    parsed_sources(text, parse, drafts)  # for sources _tidy found inside their own content
    relative_clause_sources(text, parse, drafts)
    without_agent_preposition(text, drafts)
    without_the_carrier(text, drafts)
    sources_after_a_preposition(text, drafts)
    unnamed_sources_whole(text, drafts)
    documents_read_by_their_authors(text, drafts)
    writings_quoted_after_a_colon(text, drafts, run_index)
    quoting_asides(text, drafts)
    hearers_of_passive_telling(parse, drafts)
    participle_owners(parse, drafts)
    participles_of_a_reported_clause(parse, drafts)
    drafts = [piece for d in drafts for piece in _split_claims(d, text, run_index)]
    furniture = furniture_lines(text)
    drafts = [d for d in drafts if not _is_fragment(d, text, run_index) and not _is_title(d, text, run_index)
              and not _is_expectation(d, text) and not in_furniture(furniture, d.start)]
    drafts += nested_indirect_drafts(text, drafts, parse)
    drafts += nominal_claim_drafts(text, drafts, parse)
    drafts = called_words_drafts(text, drafts, run_index, parse)
    drafts = shown_speech_drafts(text, drafts, run_index)
    cues_without_dangling_preposition(text, parse, drafts)
    cues_without_a_modifier_of_what_follows(parse, drafts)
    cues_through_their_preposition(text, parse, drafts)
    cues_with_their_particle(text, drafts)
    cues_with_their_colon(text, drafts)
    cues_with_their_adverbs(parse, drafts)
    contents_to_their_clause_end(text, parse, drafts)
    contents_through_their_quotation(text, drafts, run_index)
    contents_after_their_hearer(text, parse, drafts, run_index)
    contents_after_the_sources_apposition(text, parse, drafts)
    contents_before_an_aside(text, drafts, run_index)
    said_within_their_opening_quotation(text, parse, drafts, run_index)
    questions_before_their_answer(parse, drafts)
    contents_before_the_next_cue(text, drafts)
    _without_other_reports(drafts, run_index)
    drafts = _distinct(drafts)
    drafts.sort(key=lambda d: (d.start, -d.end))
    _nest(drafts)
    return [_finish(doc, d, run_index) for d in drafts]


def _without_other_reports(drafts: list[Draft], runs: SpanIndex) -> None:
    """Drop from a quote's words an unquoted piece before its attribution that is someone else's report, cue
    and source inside it: in "In the recording, which the Courier said was made at a dinner last June, a voice
    … says: '…'" the clause is the Courier's, not words on the recording."""
    reports = SpanIndex([DraftSpan(*d.cue, d) for d in drafts if d.cue is not None and d.source is not None])
    for draft in drafts:
        if len(draft.content) < 2 or draft.cue is None:
            continue
        kept = [piece for piece in draft.content if piece[1] > draft.cue[0] or runs.overlapping(*piece) or not any(
            cue.draft is not draft and piece[0] <= cue.start and cue.end <= piece[1]
            and piece[0] <= cue.draft.source[0] and cue.draft.source[1] <= piece[1]
            for cue in reports.overlapping(*piece))]  # (the cues inside the piece, found without a scan)
        if kept:
            draft.content = kept


# --- linking the tagger's spans -------------------------------------------------------------------


def _without_contents_in_sources(tagged: Sequence[TaggedSpan]) -> list[TaggedSpan]:
    """Drop a content the tagger put inside one of its sources ("Port" of "Port authority chief Tomas Rein
    said: …", tagged both ways): a speaker's name holds none of the words, and the overlap would cost the quote
    its source."""
    sources = SpanIndex([s for s in tagged if s.role == "source"])
    return [s for s in tagged if s.role != "content" or not any(
        o.start <= s.start and s.end <= o.end and o.score > s.score for o in sources.overlapping(s.start, s.end))]


def _whole_quotations(tagged: Sequence[TaggedSpan], runs: list[QuotedRun]) -> list[TaggedSpan]:
    """Join contents the tagger split inside one closed quotation ('"… a robot.' and 'Which one is it?"'):
    what lies between a pair of marks is one speaker's words, attributed once."""
    top_runs = SpanIndex([r for r in runs if r.depth == 0 and r.closed])
    contents = [s for s in tagged if s.role == "content"]
    joined: dict[int, list[TaggedSpan]] = {}
    for content in contents:
        holder = [r for r in top_runs.overlapping(content.start, content.end)
                  if r.start <= content.start and content.end <= r.end]
        if holder:
            joined.setdefault(holder[0].start, []).append(content)
    merged = {id(c) for group in joined.values() if len(group) > 1 for c in group}
    if not merged:
        return list(tagged)
    out = [s for s in tagged if id(s) not in merged]
    out += [TaggedSpan("content", min(c.start for c in group), max(c.end for c in group),
                       min(c.score for c in group)) for group in joined.values() if len(group) > 1]
    return sorted(out, key=lambda s: (s.start, s.end))


def _split_at_narration(tagged: Sequence[TaggedSpan], runs: list[QuotedRun], text: str) -> list[TaggedSpan]:
    """Cut a content span where narration with a cue interrupts it between two quotations.

    The tagger often runs one content over ``"A," Flynn said on Fox News. "B."``: the quoted words
    are the content, the narration between them is the attribution, so the content becomes two
    pieces either side of it (and the cue links them as one discontinuous quote).
    """
    cues = SpanIndex([s for s in tagged if s.role == "cue"])
    top_runs = SpanIndex([r for r in runs if r.depth == 0])
    out = [s for s in tagged if s.role != "content"]
    for content in (s for s in tagged if s.role == "content"):
        inside = [r for r in top_runs.starting_in(content.start, content.end) if r.end <= content.end + 1]
        pieces = [(content.start, content.end)]
        for cue in cues.starting_in(content.start + 1, content.end):
            if not cue.end < content.end:
                continue
            if any(r.inner_start <= cue.start and cue.end <= r.inner_end for r in inside):
                continue  # the cue is quoted speech itself: a nested quote, not narration
            before = [r for r in inside if r.end <= cue.start]
            after = [r for r in inside if r.start >= cue.end and opens_sentence(text, r.start)]
            if not before or not after:
                continue
            cut_start, cut_end = before[-1].inner_end, after[0].inner_start
            pieces = [p for s, e in pieces for p in ((s, min(e, cut_start)), (max(s, cut_end), e)) if p[1] > p[0]]
        out.extend(TaggedSpan("content", s, e, content.score) for s, e in pieces)
    return sorted(out, key=lambda s: (s.start, s.end))


def _link_tagged(
    tagged: Sequence[TaggedSpan], text: str, paragraphs: list[int], sentences: list[int]
) -> list[Draft]:
    cues = SpanIndex([s for s in tagged if s.role == "cue"])
    # (a content inside a cue is a slip: "has denied claims" tagged both ways, with "claims" as words said)
    contents = [s for s in tagged if s.role == "content" and not any(
        c.start <= s.start and s.end <= c.end for c in cues.overlapping(s.start, s.end))]
    # (not whom a writing went to: "The letter, addressed to | Health Secretary Priya Nair …, says")
    sources = SpanIndex([s for s in tagged if s.role == "source" and not _RECIPIENT_BEFORE.search(
        text, max(0, s.start - 30), s.start)])
    claimed: dict[int, list[TaggedSpan]] = {}
    for content in contents:
        best = _nearest_cue(content, cues, paragraphs, sentences, text)
        if best is not None:
            claimed.setdefault(id(best), []).append(content)
    drafts = []
    for cue in cues.items:
        if id(cue) not in claimed:
            continue
        cue_span = (cue.start, cue.end)
        pieces = _merge_pieces(sorted((c.start, c.end) for c in claimed[id(cue)]), cue_span)
        draft = Draft(pieces, cue=cue_span)
        draft.scores = [cue.score] + [c.score for c in claimed[id(cue)]]
        source = _nearest_source(draft, sources, paragraphs)
        if source is not None:
            draft.source = clamp((source.start, source.end), paragraphs, text, cue_span)
            draft.scores.append(source.score)
        drafts.append(draft)
    return drafts


def _closing_attributions(
    tagged: Sequence[TaggedSpan], drafts: list[Draft], text: str, sentences: list[int]
) -> list[Draft]:
    """ "Personal details of 2 million patients were exposed …, the Information Commissioner's Office has said.": a
    source and cue that close a sentence, with no words tagged, report the clause before them."""
    used = {d.cue for d in drafts}
    sources = {s.end: s for s in tagged if s.role == "source"}
    found = []
    for cue in (s for s in tagged if s.role == "cue" and (s.start, s.end) not in used):
        if not text.startswith(".", cue.end):
            continue
        source = sources.get(cue.start - 1)
        if source is None or not text.startswith(", ", source.start - 2):
            continue
        index = bisect.bisect_right(sentences, source.start) - 1
        start = sentences[index] if index >= 0 else 0
        words = text[start : source.start - 2]
        if len(words.split()) < _CLOSED_CLAUSE_WORDS or "\n" in words or any(m in words for m in '"“”'):
            continue
        found.append(Draft([(start, source.start - 2)], cue=(cue.start, cue.end), source=(source.start, source.end),
                           scores=[cue.score, source.score]))
    return found


_CLOSED_CLAUSE_WORDS = 5


def _nearest_cue(
    content: TaggedSpan, cues: SpanIndex, paragraphs: list[int], sentences: list[int], text: str
) -> TaggedSpan | None:
    """The cue a content belongs to: same paragraph (or the one before, for a quote that ends a
    paragraph and is attributed in the next), nearest by characters, not inside the content, and
    not in a later sentence: "… a tweet attacking Machado. She says his temperament …" gives the
    tweet to whoever described it, not to the next sentence's "says". A quotation that closes on a
    comma (``here,’” Kessel says``) has not ended its sentence, whatever the parser's split says."""
    words = text[content.start : content.end].rstrip(" \"'”’»")
    # '"… Which one is it?" she told reporters': a question or exclamation followed by a lowercase
    # attribution has not ended the sentence either.
    told_next = text[content.end : content.end + 2].lstrip()[:1].islower()
    open_end = words.endswith(",") or (words.endswith(("?", "!")) and told_next)
    question = bool(_QUESTION_OPENING.match(text, content.start, content.end))
    # A "that" clause follows the verb that reports it: "warned on 2 March that …, adding: …" gives the
    # clause to "warned", however near "adding" is.
    complement = text.startswith("that ", content.start)
    quoted = text[content.start : content.start + 1] in OPENING_MARKS
    best, best_gap = None, MAX_LINK_GAP + 1
    span = (content.start, content.end)
    home = (paragraph_of(paragraphs, content.end - 1), paragraph_of(paragraphs, content.start))
    for cue in cues.starting_in(content.start - MAX_LINK_GAP - MAX_CUE_CHARS, content.end + MAX_LINK_GAP):
        if content.start <= cue.start and cue.end <= content.end:
            continue  # a cue inside the content reports a nested quote
        if paragraph_of(paragraphs, cue.start) not in home:
            continue
        if cue.start >= content.end and not open_end and _starts_between(sentences, content.end, cue.start):
            continue  # a later sentence's cue reports its own words, not these
        if cue.start >= content.end and (complement or _introduces(text, cue) or (
                not quoted and _introduces_after_its_hearer(text, cue))):
            continue  # (and a cue ending in a colon introduces what follows it: "he told a rally at the Pier Head:")
        asking = cue.end <= content.start and ASKING_CUE.search(text, cue.start, cue.end)
        if asking and _starts_between(sentences, cue.end, content.start):
            continue  # "Asked whether …, Bianchi smiled. “Of course.”": a later sentence answers the question
        distance = gap(span, (cue.start, cue.end))
        if question and asking:
            distance = 0  # "Asked by reporters whether …, the spokesman said: …": the question is asked
        if distance < best_gap:
            best, best_gap = cue, distance
    return best


# (also "sent in March 2024 by the head of housing, Peter Olawale, to council leader Sandra Pike")
_RECIPIENT_BEFORE = re.compile(r"\b(?:addressed|sent|written|delivered|copied|directed|posted)\b[^.;:!?\n]{0,90}?"
                               r"\s+to\s+$", re.IGNORECASE)


def _introduces(text: str, cue: TaggedSpan) -> bool:
    """Whether a cue ends on a colon, its own or the one right after it ("The man replies: '…'")."""
    return text[cue.start : cue.end].rstrip().endswith(":") or text[cue.end : cue.end + 2].lstrip().startswith(":")


def _introduces_after_its_hearer(text: str, cue: TaggedSpan) -> bool:
    """Whether the cue's clause runs on to a colon, with no end of sentence or quotation before it."""
    return _CLAUSE_TO_COLON.match(text, cue.end, min(len(text), cue.end + _HEARER_BEFORE_COLON)) is not None


_HEARER_BEFORE_COLON = 60
_CLAUSE_TO_COLON = re.compile(r"[^.!?:;\n\"“”‘’«»]*:")
_QUESTION_OPENING = re.compile(r"(?:whether|why|if|what|how|when|where|who)\b", re.IGNORECASE)


def _starts_between(starts: list[int], low: int, high: int) -> bool:
    """Whether one of the sorted ``starts`` (of sentences) lies in ``(low, high]``."""
    index = bisect.bisect_right(starts, low)
    return index < len(starts) and starts[index] <= high


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


def _nearest_source(draft: Draft, sources: SpanIndex, paragraphs: list[int]) -> TaggedSpan | None:
    assert draft.cue is not None
    cue = draft.cue
    home = paragraph_of(paragraphs, cue[0])
    best, best_gap = None, MAX_SOURCE_GAP
    for source in sources.starting_in(cue[0] - MAX_SOURCE_GAP - MAX_CUE_CHARS, cue[1] + MAX_SOURCE_GAP):
        span = (source.start, source.end)
        if paragraph_of(paragraphs, source.start) != home:
            continue
        if any(s <= span[0] and span[1] <= e for s, e in draft.content):
            continue
        distance = gap(span, cue)
        if distance < best_gap:
            best, best_gap = source, distance
    return best


# --- tidying -------------------------------------------------------------------------------------

_NON_RESPONSE = re.compile(
    r"\b(?:(?:not|never)\s+(?:immediately\s+)?(?:respond|reply|return|answer)|declin|could\s+not\s+be\s+reached)",
    re.IGNORECASE,
)
_HEARER_IN_CUE = re.compile(r"(?<=\w)\s+to\s+(?P<hearer>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4})\s*$")
_CUE_TAIL = re.compile(r"(?:\s+(?:the|a|an|his|her|their|its|to the))+$", re.IGNORECASE)


# Content never ends on a coordinator, a bare subject or relative pronoun or a dangling "to": "… is
# “true,” but", "… for criminal behavior, she" and "the inquiry, which" ran on into the narration.
_DANGLING_END = re.compile(r"(?:[\s,;]+(?:and|but|or|he|she|they|which|who|to))+[\s,;.]*$", re.IGNORECASE)
_RELATIVE_START = re.compile(r"(?:which|who|whom|whose|where)\b", re.IGNORECASE)
_RAISING = frozenset("appear appears appeared appearing seem seems seemed seeming".split())


def _raising_cue(draft: Draft, text: str) -> bool:
    """"The recording appears to capture …": a raising verb reports nobody's words; nor does a verdict ("was
    found guilty last month of two counts of bribery" is no words of the one found guilty)."""
    words = text[draft.cue[0] : draft.cue[1]].lower().split() if draft.cue else []
    return bool(words) and (words[0] in _RAISING or bool(_VERDICT.search(" ".join(words))))


_VERDICT = re.compile(r"\bfound\s+(?:not\s+)?(?:guilty|liable|innocent|responsible|culpable)\b")


def _is_non_response(draft: Draft, text: str) -> bool:
    """"X did not respond to a request for comment" reports silence, not a statement; "a person who
    asked not to be named" asks for anonymity; and a cue that is only a pronoun ("It") reports nothing."""
    if draft.cue is None:
        return False
    cue = text[draft.cue[0] : draft.cue[1]]
    if _NON_RESPONSE.search(cue) or cue.strip().lower() in _PRONOUNS:
        return True
    return bool(_ANONYMITY.match(text, draft.start, draft.end))


_PRONOUNS = frozenset("it he she they i we you this that his her its their".split())
_ANONYMITY = re.compile(r"not\s+to\s+be(?:\s+(?:named|identified)\b|\s*$)", re.IGNORECASE)


def _end_unquoted_contents(drafts: list[Draft], text: str, bounds: _Boundaries, runs: SpanIndex) -> None:
    """Stop a tagged indirect content at the end of its sentence before quotations are matched to drafts:
    "He said the chairman had phoned him. "Ray rang me and said, …"" was tagged as one content, which
    claimed the quotation after it, and the quotation went with the words cut off later."""
    for draft in drafts:
        if draft.kind == "direct" or len(draft.content) != 1:
            continue
        start, end = draft.content[0]
        if not runs.overlapping(start, start + 1):
            draft.content = [(start, bounds.end_of_unquoted(text, start, end, runs))]


def _tidy(draft: Draft, text: str, bounds: _Boundaries, runs: SpanIndex) -> Draft:
    """Trim a cue's trailing article or preposition ("told the" → "told": the rest is the hearer)
    and stop indirect content at the end of its sentence (the tagger runs on into the next
    sentence's first words) or of its paragraph (a headline does not run into the byline)."""
    if draft.cue is not None and not text[draft.cue[0] : draft.cue[1]].lower().startswith("according"):
        tail = _CUE_TAIL.search(text[draft.cue[0] : draft.cue[1]])
        if tail and tail.start() > 0:
            draft.cue = (draft.cue[0], draft.cue[0] + tail.start())
        told = _HEARER_IN_CUE.search(text, draft.cue[0], draft.cue[1])
        if told is not None and draft.hearer is None:  # "confirmed to ClaimCheck": the cue, then whom it was told
            draft.cue, draft.hearer = (draft.cue[0], told.start()), told.span("hearer")
            after = told.end()
            while after < len(text) and text[after].isspace():
                after += 1
            draft.content = [(max(s, after), e) for s, e in draft.content if e > after] or draft.content
    asking_first = draft.cue is not None and text[draft.cue[0] : draft.cue[1]] in ("Asked", "asked")
    asker = _ASKED_BY.match(text, draft.cue[1]) if asking_first and draft.cue is not None else None
    if asker is not None:  # "Asked by the clerk whether she understood": the clerk asks, whoever answers
        draft.source = asker.span("asker")
    if asking_first and draft.content:
        # "…, the 44-year-old replied": who answers is who was asked; with no "by", the asker goes unnamed.
        answerer = _ANSWERED_BY.match(text, draft.content[-1][1])
        if answerer is not None:
            draft.hearer = answerer.span("who")
            if asker is None and draft.source is not None and overlaps(draft.source, draft.hearer):
                draft.source = None
    if _told_after_cue(draft, text):
        # "telling co-host Ryan Fell that …": a party between a telling and its words is told, not telling.
        assert draft.source is not None
        draft.hearer = (draft.source[0], len(text[: draft.content[0][0]].rstrip()))
        draft.source = None
    if draft.source is not None:
        draft.source = (after_dateline(text, *draft.source), draft.source[1])
        if any(s < draft.source[1] and draft.source[0] < e for s, e in draft.content):
            draft.source = None  # "'Piers, the mic,' Hannah Berg replies": the words are not who says them
    pieces: list[tuple[int, int]] = []
    asking = draft.cue is not None and bool(ASKING_CUE.search(text, draft.cue[0], draft.cue[1]))
    for start, end in draft.content:
        start = after_dateline(text, start, end)
        if pieces and _RELATIVE_START.match(text, start) and not runs.overlapping(start, start + 1):
            continue  # '"…," she says on the recording, which the agency dated to May': the frame's, not hers
        hearer_first = _HEARER_BEFORE_QUESTION.match(text, start, end) if asking else None
        if hearer_first is not None:  # "asked Weller why he …": Weller is asked, the question is the content
            start = hearer_first.start("question")
        if draft.cue is not None and draft.cue[1] <= start and not runs.overlapping(start, start + 1) \
                and _POSTING.search(text, draft.cue[0], draft.cue[1]):
            # "posted a cryptic message on Instagram yesterday: “Some men never change.”": what was posted,
            # then the words; the words are the quotation after the colon
            colon = _OBJECT_THEN_COLON.match(text, start, end)
            if colon is not None and runs.overlapping(colon.end(), colon.end() + 1):
                start = colon.end()
        said_from = _after_cue_object(draft, text, start, end, runs)
        if said_from > start:
            end = _quotation_then_circumstance(text, said_from, end, runs)
        if said_from == start:
            said_from, hearer = _after_complementiser(draft, text, start, end, runs)
            if hearer is not None and draft.hearer is None:
                draft.hearer = hearer
                start = text.index("that", hearer[1])  # the span PolNeAR gives: "that he was …"
        if said_from > start and not pieces:
            draft.said_from = said_from
        if not runs.overlapping(start, start + 1) and draft.kind != "direct":  # (a turn is its paragraph)
            end = bounds.end_of_unquoted(text, start, end, runs)
        dangling = _DANGLING_END.search(text, start, end)
        if dangling and dangling.start() > start:
            end = dangling.start()
        piece = strip_marks(text, start, end)
        if piece is not None:
            pieces.append(piece)
    draft.content = pieces or draft.content
    return draft


_POSTING = re.compile(r"\b(?:post|tweet|share|publish|send|sent|text|message|left|leave|upload|write|wrote|written)",
                      re.IGNORECASE)  # verbs whose object is the message: "posted a cryptic message on Instagram:"
_OBJECT_THEN_COLON = re.compile(r"(?:an?|the|his|her|their|its|this|one|another)\s+[^\"“”‘’:.!?\n]{3,80}?:\s*"
                                r"(?=[\"“‘'])", re.IGNORECASE)


def _quotation_then_circumstance(text: str, said_from: int, end: int, runs: SpanIndex) -> int:
    """ 'accused the referee of "losing control of the game" | after his side's defeat on Saturday': words said
    that are a quotation end with it; what follows says when or why the accusing was made."""
    quoted = next((r for r in runs.overlapping(said_from, said_from + 1) if r.start == said_from), None)
    if quoted is not None and quoted.end < end and _CIRCUMSTANCE.match(text, quoted.end, end):
        return quoted.end
    return end


_CIRCUMSTANCE = re.compile(r"[,\s]+(?:after|before|during|following|when|while|as|amid|over|at|on|in)\b")


def _told_after_cue(draft: Draft, text: str) -> bool:
    """Whether the tagger's source is the hearer of a telling cue: right after it, right before "that …"."""
    if draft.cue is None or draft.source is None or not draft.content or draft.hearer is not None:
        return False
    source, words = draft.source, draft.content[0]
    return (draft.cue[1] <= source[0] and source[1] <= words[0] and not text[draft.cue[1] : source[0]].strip()
            and text.startswith("that", words[0]) and bool(_TELLING.search(text, draft.cue[0], draft.cue[1])))


def _after_cue_object(draft: Draft, text: str, start: int, end: int, runs: SpanIndex) -> int:
    """Where the words said begin when the cue's object comes first: "accused the ruling party of
    buying votes", "dismissed the report as “a fantasy”", "called the recording “a fabrication”",
    "called on both sides to “get back in a room”". The object is whom or what the speaker speaks of."""
    if draft.cue is None:
        return start
    cue = text[draft.cue[0] : draft.cue[1]].lower()
    for verbs, joint in _OBJECT_FIRST_CUES:
        if not verbs.search(cue):
            continue
        if joint is None:  # "called the recording “a fabrication”": the quotation after a short object
            quoted = [r for r in runs.overlapping(start, end) if r.start > start and r.end <= end + 1]
            if quoted and len(text[start : quoted[0].start].split()) <= 8 and not _CALLED_ON.match(text, start):
                return quoted[0].start
            joint = _CALLED_ON_TO
        match = joint.search(text, start, end)
        if match is not None and match.end() < end and not runs.overlapping(start, match.start()):
            return match.end()
        return start
    return start


def _after_complementiser(draft: Draft, text: str, start: int, end: int, runs: SpanIndex
                          ) -> tuple[int, tuple[int, int] | None]:
    """Where indirect speech begins after its "that" ("told Nordwire that no such call took place"), and
    the hearer the tagger ran into the content before it, if any. The annotated span keeps the
    complementiser, as PolNeAR's content does; the words said do not."""
    if draft.cue is None or draft.cue[1] > start or runs.overlapping(start, start + 1):
        return start, None
    match = _THAT.match(text, start, end)
    if match is not None:
        return (match.end(), None) if match.end() < end else (start, None)
    match = _TO_HEARER_THEN_THAT.match(text, start, end)
    if match is not None and match.end() < end:  # "confirmed to ClaimCheck that …": whom it was said to
        return match.end(), match.span("hearer")
    if _TELLING.search(text, draft.cue[0], draft.cue[1]):
        # "telling co-host Ryan Fell that he was …", "assured a senior official that she would …": the
        # hearer is whom it was said to, not what was said.
        match = _HEARER_THEN_THAT.match(text, start, end)
        if match is not None and match.end() < end and not _JOINED.search(match.group("hearer")):
            return match.end(), match.span("hearer")  # (not "told Iberwire the call took place but that …")
    return start, None


_THAT = re.compile(r"that\s+(?=\S)")
_TELLING = re.compile(r"\b(?:tell|tells|told|telling|assur\w+|warn\w*|inform\w*|remind\w*|promis\w+|convinc\w+)\b",
                      re.IGNORECASE)
_HEARER_THEN_THAT = re.compile(r"(?P<hearer>[\w'’.-]+(?:\s+[\w'’.-]+){0,5}?)\s+that\s+(?=\S)")
_TO_HEARER_THEN_THAT = re.compile(r"to\s+" + _HEARER_THEN_THAT.pattern)
_JOINED = re.compile(r"\b(?:but|and|or)$")


_OBJECT_FIRST_CUES = (
    (re.compile(r"\baccus"), re.compile(r"\bof\s+")),
    (re.compile(r"\b(?:dismiss|describ|brand|label|characteri[sz]|portray|denounc|condemn)"), re.compile(r"\bas\s+")),
    # ("urged people not to buy it": the words said keep their "not")
    (re.compile(r"\b(?:urg|implor|exhort)"), re.compile(r"\b(?=(?:not|never)\s+to\s)|\bto\s+")),
    (re.compile(r"\bcall(?:ed|s|ing)?\b"), None),
)
_CALLED_ON = re.compile(r"on\b")
_CALLED_ON_TO = re.compile(r"^on\s+[^\n]{1,80}?\b(?:(?=(?:not|never)\s+to\s)|to\s+)")


_ASKED_BY = re.compile(r"\s+by\s+(?P<asker>(?:the\s+|a\s+)?[\w'’.-]+(?:\s+[\w'’.-]+){0,4}?"
                       r"(?:,\s+[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,2}(?=,))?)"  # "by the presenter, Rhys Talbot,"
                       r"(?:\s+(?:in|at)\s+[\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,2})?,?\s+"
                       r"(?:whether|why|if|what|how|when|where|who|about)\b")
_ANSWERED_BY = re.compile(r"[\"'”’]?,\s+(?P<who>[^,.;:\n\"“”]{2,60}?)\s+(?:[a-z]+ly\s+)?"  # (not "Reilly")
                          r"(?:said|says|replied|replies|responded|responds|answered|answers|told|tells)\b")
_HEARER_BEFORE_QUESTION = re.compile(
    r"(?:[A-Z][\w’'.-]+\s+){1,3}(?P<question>(?:why|whether|if|what|how|when|where|who)\b)")


def _is_fragment(draft: Draft, text: str, runs: SpanIndex) -> bool:
    """A content that is only an article or a relative pronoun ("the", "which") is a tagging slip, not
    something anybody said: nothing in it can be checked; "has said nothing" reports silence. (A pronoun or
    a single noun — "released it", "urged voters" — may still be what a cue reports, as PolNeAR annotates
    them.)"""
    if len(draft.content) != 1:
        return False
    start, end = draft.content[0]
    words = [w.strip(".,;:") for w in text[start:end].lower().split()]
    if runs.overlapping(start, end) or not words:
        return False
    return all(w in _FUNCTION_WORDS for w in words) or _says_nothing(words)


def _gives_no_words(quote: Quote, text: str, parse: Any) -> bool:
    """Reported "words" that are only a thing named, no clause and no quotation ("approved the
    incinerator", "thanked voters", "called for Brandt's resignation"), only an intention ("threatened
    to fire her"), or hearsay of nobody named ("a man said to be him", "is believed to have met"). PolNeAR
    annotates such contents of non-speech cues; a dossier would show "voters" as something said. A denial
    keeps what it denies ("denies three counts of bribery"), a nominal cue what it names ("voiced fears of
    a repeat of the strikes")."""
    if quote.kind != "indirect" or quote.is_denial or parse is None:
        return False
    if quote.source is None and quote.cue is not None and is_reportative_passive(
            text, (quote.cue.start, quote.cue.end), parse):
        return True
    if quote.cue is not None:
        cue = parse.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand")
        if cue is not None and any(token.pos_ == "NOUN" for token in cue):
            return False
    spans = [parse.char_span(start, end, alignment_mode="expand") for start, end in quote.content.spans]
    if any(span is None or not len(span) for span in spans):
        return False
    first = spans[0]
    if first[0].lower_ == "to" and len(first) > 1 and first[1].pos_ in _CLAUSE_POS:
        return True
    return not any(token.pos_ in _CLAUSE_POS for span in spans for token in span)


_CLAUSE_POS = frozenset({"VERB", "AUX"})


_AUXILIARIES = frozenset("had has have was is were would will could can should must did does may might".split())


def _says_nothing(words: list[str]) -> bool:
    """"has said nothing (in public since …)": silence reported; "said nothing had changed" is a claim."""
    return words[0] == "nothing" and (len(words) == 1 or words[1] not in _AUXILIARIES)


_EXPECTATION_CUE = re.compile(
    r"(?:(?:is|was|are|were|had been|has been|have been)\s+)?(?:expected|due|scheduled|slated|set)", re.IGNORECASE)


def _is_expectation(draft: Draft, text: str) -> bool:
    """"Hollins is expected to give evidence on Thursday", "the trial is due to last six weeks": a schedule,
    not words anybody said (PolNeAR annotates a few such cues; a dossier would give Hollins the words)."""
    if draft.cue is None or not draft.content:
        return False
    cue = text[draft.cue[0] : draft.cue[1]].strip()
    if not _EXPECTATION_CUE.fullmatch(cue):
        return False
    line_end = text.find("\n", draft.end)
    if "according to" in text[draft.end : line_end if line_end >= 0 else len(text)].lower():
        return False  # "… is expected to conclude next year, according to the regulator's report": reported
    return any(text[start:end].lstrip().lower().startswith("to ") for start, end in draft.content)


def _is_title(draft: Draft, text: str, runs: SpanIndex) -> bool:
    """A quotation that is a name, not words anybody said: a memoir "Full Steam Ahead", a programme
    "Monday Night Football", a horse 'Lantern Light' — a short run in title case, alone as the content,
    that no colon or full stop introduces — or any run a name is given by ("by the name", "known as")."""
    if len(draft.content) != 1:
        return False
    start, end = draft.content[0]
    run = next((r for r in runs.overlapping(start, end) if r.closed and r.depth == 0
                and r.inner_start - 1 <= start and end <= r.inner_end + 1), None)
    if run is None or text[max(0, run.start - 3) : run.start].rstrip().endswith(":"):
        return False
    if _NAME_GIVEN.search(text, max(0, run.start - 40), run.start):
        return True  # "who goes by the name "TruthSeeker77"", "known as 'the Bulldozer'": a name, whatever its case
    words = _WORD.findall(text[run.inner_start : run.inner_end])
    if not words or len(words) > _TITLE_WORDS or text[run.inner_start : run.inner_end].rstrip()[-1:] in ".?!,":
        return False
    content_words = [w for w in words if w.lower() not in _TITLE_SMALL_WORDS]
    return bool(content_words) and all(w[0].isupper() for w in content_words) and len(content_words) >= 2


_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_NAME_GIVEN = re.compile(r"\b(?:(?:user)?name|handle|alias|pseudonym|known\s+as|nicknamed|so-called)\s*$",
                         re.IGNORECASE)
_TITLE_WORDS = 8
_TITLE_SMALL_WORDS = frozenset("a an the of and or in on at to for with by from as vs".split())


_FUNCTION_WORDS = frozenset("the a an this that these those which who whom what some any his its their to".split())


_SECOND_ACT = re.compile(r",?\s+(?:and|but)\s+(?P<verb>warned|cautioned|insisted|argued|stressed|conceded|"
                         r"admitted|added|said|claimed|noted|suggested)\s+"
                         r"(?P<that>that\s+|(?=(?:the|a|an|it|he|she|they|there|this|his|her|its|their|[A-Z]\w*)\s))?")
_SECOND_VERDICT = re.compile(r",?\s+and\s+(?P<verb>called|described|dismissed|branded|labelled|labeled|expected|"
                             r"predicted|vowed|promised|warned|urged|accused|insisted)\s+")
def _first_of_two_acts(draft: Draft, text: str) -> Draft | None:
    """ "told the ABC the service "rejects that characterisation" and said the footage was "a partial extract"":
    the tagger gave both reports to the second verb; the first piece is a quote of its own, told by the first."""
    if draft.cue is None or len(draft.content) < 2:
        return None
    first, following = draft.content[0], draft.content[1]
    if not first[1] <= draft.cue[0] < following[0] or not _JOINED_ACT.fullmatch(text, first[1], draft.cue[0]):
        return None
    line_start = text.rfind("\n", 0, first[0]) + 1
    verb = _FIRST_VERB.search(text, max(line_start, first[0] - 80), first[0])
    if verb is None:
        return None
    draft.content = draft.content[1:]
    return Draft([first], cue=verb.span("verb"), source=draft.source, scores=list(draft.scores))


_JOINED_ACT = re.compile(r"[\"”’']?\s*,?\s+(?:and|but)\s+(?:also\s+|then\s+|later\s+)?")
_FIRST_VERB = re.compile(r"\b(?P<verb>told|tells|said|says|insisted|insists|claimed|claims|argued|argues|wrote|writes|"
                         r"confirmed|confirms|stressed|stresses|maintained|maintains)\b(?:\s+[\w'’.-]+){0,4}?"
                         r"\s+(?:that\s+)?[\"“‘']?$")


# "…, and that B", "… but that B", "A, that B" (a list of claims): where a second reported clause begins.
# (Not ", that had been agreed": a relative clause goes straight on to its verb.)
_SECOND_CLAIM = re.compile(r",?\s+(?:and|but)\s+that\s+|,\s+that\s+(?!(?:is|was|were|are|had|has|have|will|would|"
                           r"could|can|may|might|should|must|did|does|do|\w+ed)\b)(?=\w)")


def _split_claims(draft: Draft, text: str, runs: SpanIndex) -> list[Draft]:
    """ "said there had been "no such call" and that the recording was "a fabrication" " reports two
    claims, each checked (and denied, and matched to fact-checks) on its own: one quote each, sharing
    the attribution. Only where both clauses quote the speaker's words, so a plain compound report
    stays whole."""
    first_act = _first_of_two_acts(draft, text)
    if first_act is not None:
        return [first_act, *_split_claims(draft, text, runs)]
    if draft.cue is None or len(draft.content) != 1:
        return [draft]
    start, end = draft.content[0]
    for match in _SECOND_CLAIM.finditer(text, start, end):
        if any(r.start < match.start() < r.end for r in runs.overlapping(match.start(), match.end())):
            continue  # the words are inside a quotation
        first, second = (start, match.start()), (match.end(), end)
        twin = Draft([second], cue=draft.cue, source=draft.source, scores=list(draft.scores))
        draft.content = [first]
        return [draft, *_split_claims(twin, text, runs)]
    for match in _SECOND_ACT.finditer(text, start, end):
        # "said the study was "impressive" but warned against overstating it": a second act of the speaker's,
        # reported with a clause of its own (a claim of its own) or with none (not words of the first claim)
        if any(r.start < match.start() < r.end for r in runs.overlapping(match.start(), match.end())):
            continue
        draft.content = [(start, match.start())]
        if not match.group("that"):
            return [draft]
        twin = Draft([(match.end(), end)], cue=match.span("verb"), source=draft.source, scores=list(draft.scores))
        return [draft, *_split_claims(twin, text, runs)]
    for match in _SECOND_VERDICT.finditer(text, start, end):
        # "said the lunch "never took place" and called the recording "a fabrication"": a second
        # speech act with its own verb; its words are the quotation after the verb's short object.
        if any(r.start < match.start() < r.end for r in runs.overlapping(match.start(), match.end())):
            continue
        quoted = [r for r in runs.overlapping(match.end(), end) if r.start >= match.end() and r.end <= end + 1]
        short_object = bool(quoted) and len(text[match.end() : quoted[0].start].split()) <= 8
        if not short_object or not runs.overlapping(start, match.start()):
            continue
        twin = Draft([(match.end(), end)], cue=match.span("verb"), source=draft.source, scores=list(draft.scores),
                     said_from=quoted[0].start)
        draft.content = [(start, match.start())]
        return [draft, twin]
    return [draft]


class _Boundaries:
    """Paragraph and sentence starts of one text, for cutting content that runs past them."""

    def __init__(self, paragraphs: list[int], sentences: list[int]) -> None:
        self.paragraphs = paragraphs
        self.sentences = sentences

    def end_of_unquoted(self, text: str, start: int, end: int, runs: SpanIndex) -> int:
        """Where unquoted content from ``start`` really ends: before the next paragraph, and before
        the first following sentence that no quotation reaches into (a quoted sentence after
        "that" is part of a mixed quote: the quotation opened before it; one that opens a new
        quotation is the next quote)."""
        following = paragraph_of(self.paragraphs, start) + 1
        limit = self.paragraphs[following] if following < len(self.paragraphs) else end
        index = bisect.bisect_right(self.sentences, start)
        while index < len(self.sentences) and self.sentences[index] < min(end, limit):
            sentence = self.sentences[index]
            if not any(r.start < sentence for r in runs.overlapping(sentence, end)):
                limit = self.sentences[index]
                break
            index += 1
        if limit >= end:
            return end
        within = trimmed(text, start, limit)
        return within[1] if within else end


# --- nesting and the finished quote ---------------------------------------------------------------


def _distinct(drafts: list[Draft]) -> list[Draft]:
    """One draft per content and cue: two ways of finding the same quote (the tagger and the marks)
    are one quote, and a quote's id is made from exactly these, so ids stay unique per document."""
    seen: dict[tuple[tuple[tuple[int, int], ...], tuple[int, int] | None], Draft] = {}
    for draft in drafts:
        key = (tuple(draft.content), draft.cue)
        if key not in seen or (seen[key].source is None and draft.source is not None):
            seen[key] = draft
    return list(seen.values())


def _nest(drafts: list[Draft]) -> None:
    """Each quote's parent is the smallest other quote whose content holds its content and cue.

    ``drafts`` are sorted by start; a sweep keeps the quotes still open at each start, so nesting
    costs the depth of the nesting, not the number of quotes.
    """
    open_drafts: list[Draft] = []
    for draft in drafts:
        open_drafts = [d for d in open_drafts if d.end > draft.start]
        holders = [d for d in open_drafts if _contains(d, draft)]
        draft.parent = min(holders, key=lambda d: d.end - d.start) if holders else None
        open_drafts.append(draft)


def _contains(outer: Draft, inner: Draft) -> bool:
    inside = [inner.content[0], inner.content[-1]] + ([inner.cue] if inner.cue else [])
    return (outer.end - outer.start > inner.end - inner.start) and all(
        any(s <= a and b <= e for s, e in outer.content) for a, b in inside
    )


def _finish(doc: Document, draft: Draft, runs: SpanIndex) -> Quote:
    text = doc.text
    cue = Span(text[draft.cue[0] : draft.cue[1]], *draft.cue) if draft.cue else None
    source = Span(text[draft.source[0] : draft.source[1]], *draft.source) if draft.source else None
    content_text = " … ".join(text[s:e] for s, e in _said(text, draft))
    spans = annotated_spans(text, draft.content, runs)
    addressee, medium, form = hearer_and_medium(doc, draft)
    return Quote(
        id=_quote_id(doc, draft),
        content=QuoteContent(content_text, spans),
        cue=cue,
        source=source,
        speaker=None,
        addressee=addressee,
        medium=medium,
        form=form,
        kind=cast(QuoteKind, draft.kind) if draft.kind else _kind(draft, runs, text),
        parent=_quote_id(doc, draft.parent) if draft.parent else None,
        is_denial=is_denial(cue.text if cue else None, content_text),
        confidence=round(sum(draft.scores) / len(draft.scores), 3) if draft.scores else 0.0,
    )


def _said(text: str, draft: Draft) -> list[tuple[int, int]]:
    """The pieces as displayed: the first begins where the words said begin, the last ends where they end,
    without their marks."""
    pieces = list(draft.content)
    if draft.said_from is not None and pieces[0][0] <= draft.said_from < pieces[0][1]:
        pieces[0] = strip_marks(text, draft.said_from, pieces[0][1]) or (draft.said_from, pieces[0][1])
    if draft.said_to is not None and pieces[-1][0] < draft.said_to < pieces[-1][1]:
        pieces[-1] = strip_marks(text, pieces[-1][0], draft.said_to) or (pieces[-1][0], draft.said_to)
    return pieces


def annotated_spans(text: str, pieces: list[tuple[int, int]], runs: SpanIndex) -> list[tuple[int, int]]:
    """The content's spans as PolNeAR annotates them: a piece that is a quotation's words takes the
    quotation marks around it and the punctuation inside them (``“We were there,”``).

    The displayed text (``QuoteContent.text``) stays without the marks; the spans that are stored,
    highlighted and scored follow the annotation convention, so they compare with gold token for
    token.
    """
    out = []
    for start, end in pieces:
        new_start, new_end = start, end
        for run in runs.overlapping(start, end):
            if not run.closed:
                continue
            if run.start < start and _only_edges(text, run.inner_start, start):
                new_start = min(new_start, run.start)
            if end < run.end and _only_edges(text, end, run.inner_end):
                new_end = max(new_end, run.end)
        out.append((new_start, new_end))
    return out


def _only_edges(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds nothing but spaces and punctuation (or is empty)."""
    return start <= end and all(not char.isalnum() for char in text[start:end])


def _quote_id(doc: Document, draft: Draft) -> str:
    return content_id("quote", doc.id, draft.content, draft.cue)


def _kind(draft: Draft, runs: SpanIndex, text: str) -> QuoteKind:
    """Direct when quotation marks hold (nearly) all of it; partial when those quoted words are a
    fragment woven into narration (called it "a crude fake"); mixed when marks hold only part of
    a reported clause; indirect otherwise."""
    content = [p for p in (trimmed(text, s, e) for s, e in draft.content) if p]
    if not content:
        return "indirect"
    length = sum(e - s for s, e in content)
    quoted, opening = 0, None
    for run in runs.overlapping(content[0][0], content[-1][1]):
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
