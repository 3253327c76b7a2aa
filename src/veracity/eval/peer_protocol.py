"""Score attribution spans on PolNeAR the way published systems (CofeNet, BERT-CRF) are scored.

Our own scorer (``veracity.eval.scoring``) forgives edge punctuation; the published PolNeAR figures do
not, so they cannot be compared with ours unless we score the same way. The peer protocol: each
annotation file becomes units of PolNeAR's own CoreNLP tokens, each token gets one BIO tag per role
(``O``, ``B-``/``I-`` ``source``, ``cue``, ``content``), and a predicted span counts only when its role
and token range ``[start, end)`` inside its unit equal a gold span's; precision, recall and F1 are
micro-averaged over all spans of all units. Gold and predictions go through the same conversion
(:func:`to_units`), so whatever it decides about a span decides it alike on both sides.

The rules below reproduce CofeNet's own conversion of the dev split (``cofenet/valid.txt.gz``);
:func:`check_against_cofenet` measures how closely: span F1 0.9988 on dev (0.9927 from the general
rules alone, without the one-file table below), 84,633 of CofeNet's 84,693 tokens aligned, 1,885 of
their 1,925 units identical.

* Units are groups of whole CoreNLP sentences: a paragraph break (a blank line, ``\n\n``) between two
  sentences starts a new unit, a single newline does not. CoreNLP did not split sentences at blank
  lines, so a "paragraph" such as ``6:05 p.m.\n\nDonald Trump is …`` that CoreNLP read as one
  sentence stays one unit. Where CoreNLP hung a paragraph's opening quotation mark on the end of the
  previous sentence (``… officers. ''`` / ``Hopefully …``), or a closing mark on the start of the next,
  the break is looked for past that one mark, so the unit still ends with that sentence.
* A sentence of one or two tokens opening a paragraph (``LETTERS.``, ``___.``, ``@handle.``, ``No.``,
  ``Harsh?``) joins the unit before it, and the paragraph break moves to the sentence after it:
  ``… Mexicans. @casawhitby. No.`` is one unit and ``Donand Trump has money …`` starts the next.
* "A paragraph split into parts": CofeNet cuts inside a paragraph only at sentence ends, and by no
  rule the data show (no length limit): one dev file throughout, one unit per sentence
  (:data:`COFENET_SENTENCE_UNITS`), and 6 single places elsewhere (``Graham asked. | “Neither do
  I.”``) that nothing tells apart from the thousands of sentence ends it keeps together; those 6 are
  not reproduced. Likewise some short closing lines of three or more tokens join the unit before
  (``Mauricio Fraga-Rosenfeld.``, ``Two-front war.``) while others of the same shape do not
  (``Kathryn Kates.``, ``FULL TEXT.``); here they all stay units of their own. No gold span touches
  those boundaries, so they change no score.
* No truncation: CofeNet's file keeps its three dev units longer than 300 tokens (550, 687 and 1,429)
  whole, spans labelled to the end, so no unit is cut here either. A system that reads only the first
  300 tokens of a unit simply misses what lies beyond.
* Token alignment: a token belongs to a span when it ends inside it and starts no more than one
  character before it. So a span that starts one character into a token (an annotator's slip,
  ``ot to recommend``) takes that token, one that starts further in (``a`` of ``Libya``) does not, and a
  span that ends inside a token (``the debat``) leaves that token out; a one-character token just
  before a span (an opening ``“``) stays out.
* Discontinuous spans: each fragment is its own span (its first token ``B-``). PolNeAR marks a quote
  interrupted by ``he said`` as two content fragments, and CofeNet scores two spans.
* Overlaps: PolNeAR gold never overlaps. A quote interrupted by its own source and cue is marked as
  content fragments around them, and attributions nested inside a quote (``… Clinton had told police
  officials that …`` inside what ``the source added``) are not marked at all: the quote's content
  keeps every token. The only repeats are one source shared by several relations, which is one span.
  Predictions may overlap, so they are resolved the same way: an attribution's content is cut around
  its own source and cue, and of two overlapping spans the longer keeps the shared tokens (a span
  inside a predicted quote does not surface; ties go cue, then source, then content). A span that
  loses tokens in its middle becomes two spans, like a gold discontinuous one. A span that runs
  across a unit boundary is one span per unit (CofeNet tags the first token of each part ``B-``).
* Tokens: PolNeAR's CoreNLP tokens (words as CoreNLP wrote them: ``-LRB-``, quotation marks as two
  backticks or two apostrophes); CofeNet shows round brackets as ``(``/``)``, which
  :func:`check_against_cofenet` allows for. Three PolNeAR
  texts (one of them in dev) have no CoreNLP tokens upstream; for those a PTB-like tokenizer
  (:func:`fallback_sentences`) stands in, used for gold and predictions alike.

What the dev check cannot reproduce, because CofeNet converted a slightly different PolNeAR release:
two dev files whose text has a passage in another place and whose annotation differs in a few spans
(``washington-post-hit-piece``, ``hillary-clinton-speaks-directly``: 13 of the 17 spans that differ),
and, in one more file, one of the unexplained sentence-end cuts above and an opening quotation mark
that CofeNet leaves out of the quote it opens (4). The per-sentence file is reproduced only because it
is listed; without the list its 87 differing spans take the figure to 0.9927.
"""

from __future__ import annotations

import bisect
import difflib
import gzip
import json
import re
import string
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from veracity.eval.scoring import Counts, HasRoles

ROLES = ("source", "cue", "content")
TAGS = ("O", "B-source", "I-source", "B-cue", "I-cue", "B-content", "I-content")  # cofenet/tag.txt

Token = tuple[str, int, int]  # CoreNLP word, character begin, character end
Sentence = list[Token]

# Between overlapping fragments of equal length (from different attributions), cue beats source beats content.
_ROLE_RANK = {"content": 0, "source": 1, "cue": 2}
_QUOTE_WORDS = frozenset({"``", "''", "`", "'", '"', "“", "”", "‘", "’"})
_BRACKET_WORDS = {"-LRB-": "(", "-RRB-": ")"}  # CofeNet's tokens show only round brackets as themselves
_PUNCT_WORDS = frozenset({"``", "''", "-LRB-", "-RRB-", "-LSB-", "-RSB-", "-LCB-", "-RCB-"})
_PARAGRAPH_BREAK = "\n\n"
SHORT_SENTENCE = 2  # tokens: a sentence this short opening a paragraph joins the unit before it

# Texts CofeNet's release cuts into one unit per sentence, which nothing in PolNeAR's text explains
# (their source text evidently differed, as it does for two other dev files); listed so that our units
# are the ones the published figures were computed on. Only dev is known: CofeNet's other files are
# not here.
COFENET_SENTENCE_UNITS = frozenset({"huff-post_2016-09-27_latinos-share-their-most-honest-"})


class Span(NamedTuple):
    """One labelled span of a unit: role and token range ``[start, end)``."""

    role: str
    start: int
    end: int


@dataclass(frozen=True)
class Unit:
    """One scoring unit of an annotation file: its tokens and one BIO tag per token."""

    name: str
    index: int
    tokens: tuple[Token, ...]
    labels: tuple[str, ...]

    @property
    def words(self) -> list[str]:
        return [word for word, _, _ in self.tokens]

    def spans(self) -> set[Span]:
        return bio_spans(self.labels)


# --- tokens ---------------------------------------------------------------------------------------


def load_corenlp(path: str | Path) -> dict[str, list[Sentence]]:
    """PolNeAR's CoreNLP tokens: text stem (file name without ``.txt``) -> sentences of tokens."""
    out: dict[str, list[Sentence]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            stem = record["file"].removesuffix(".txt")
            out[stem] = [[(str(w), int(b), int(e)) for w, b, e in sentence] for sentence in record["sentences"]]
    return out


def corenlp_path(split_dir: str | Path) -> Path:
    """Where the CoreNLP tokens of a split folder (``…/polnear/data/dev``) live in the shared layout."""
    split = Path(split_dir)
    return split.parent.parent / "corenlp" / f"polnear_{split.name}_corenlp_tokens.jsonl.gz"


def _text_names(name: str) -> tuple[str, str]:
    """An annotation file's stem, and the stem of the text it belongs to (``NAME_4e07`` -> ``NAME``)."""
    return name, name.rsplit("_", 1)[0]


def article_sentences(name: str, text: str, corenlp: Mapping[str, list[Sentence]]) -> tuple[list[Sentence], bool]:
    """The sentences of one annotation file's text, and whether they are CoreNLP's own.

    Falls back to :func:`fallback_sentences` when the text has no CoreNLP tokens (three upstream
    files) or when they do not fit it (the text changed since they were made).
    """
    sentences = next((corenlp[n] for n in _text_names(name) if n in corenlp), None)
    if sentences and _fits(text, sentences):
        return sentences, True
    return fallback_sentences(text), False


def _fits(text: str, sentences: Sequence[Sentence]) -> bool:
    tokens = [t for sentence in sentences for t in sentence]
    if not tokens or tokens[-1][2] > len(text):
        return False
    # Words are normalised (quotes, brackets, dashes), so compare only tokens made of letters and digits.
    plain = [(w, b, e) for w, b, e in tokens if w.isalnum()]
    return sum(text[b:e] == w for w, b, e in plain) >= 0.95 * len(plain)


_ABBREVIATIONS = frozenset(
    "mr mrs ms dr sen sens rep reps gov gen lt col sgt capt st jr sr inc co corp ltd jan feb mar apr jun jul aug "
    "sep sept oct nov dec vs v etc prof rev ave mt ft no ala ariz ark calif colo conn del fla ga ill ind kan ky "
    "la md mass mich minn miss mo mont neb nev okla ore pa tenn tex va vt wash wis wyo".split()
)
_WORD_REPLACEMENTS = {"“": "``", "”": "''", "‘": "`", "’": "'", "(": "-LRB-", ")": "-RRB-", "[": "-LSB-",
                      "]": "-RSB-", "{": "-LCB-", "}": "-RCB-", "—": "--", "―": "--", "–": "--", "…": "..."}
_FALLBACK_TOKEN = re.compile(
    r"""
    <[^<>\n]{1,400}>                          # markup left in the text: <tweet …>, one token as in CoreNLP
  | https?://\S+ | [\w.+-]+@\w+(?:\.\w+)+ | \w+(?:\.\w+)*\.(?:com|org|net|gov)\b(?:/\S*)?
  | (?:[A-Za-z]\.){2,}(?![A-Za-z])             # U.S., p.m., D.C.
  | \d+(?:[.,:/]\d+)+                          # 10,000  3.5  6:05  9/17/16
  | \w+?(?=n['’]t\b) | n['’]t\b                # do|n't, ca|n't
  | can(?=not\b)                               # can|not
  | ['’](?:s|re|ve|ll|d|m)\b                    # clitics: 's 're 've 'll 'd 'm
  | [@#]?\w+(?:['’](?!(?:s|re|ve|ll|d|m|t)\b)\w+|[-/]\w+)*   # words: O'Neill, coal-fired, Post/ABC, @handles
  | \.\.\.|--+|''|``|\S
    """,
    re.VERBOSE | re.IGNORECASE,
)
_SENTENCE_END = frozenset({".", "?", "!"})
_CLOSERS = frozenset({"''", "'", "-RRB-", "-RSB-", "-RCB-"})


def fallback_sentences(text: str) -> list[Sentence]:
    """A PTB-like tokenization and sentence split, for texts without CoreNLP tokens.

    Not CoreNLP, but close on news text: the same quote, bracket and dash words, clitics split off
    (``do n't``, ``Clinton 's``), abbreviations kept whole; sentences end at ``.``, ``?`` or ``!`` (with
    any closing quotation marks) and at blank lines.
    """
    tokens: list[Token] = []
    position = 0
    while match := _FALLBACK_TOKEN.search(text, position):
        word, begin, end = match.group(), match.start(), match.end()
        if word.isalpha() and text[end:end + 1] == "." and (
            word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper())
        ):
            word, end = word + ".", end + 1  # Mr. / Sen. / initials keep their full stop
        tokens.append((_fallback_word(text, word, begin), begin, end))
        position = end
    sentences: list[Sentence] = []
    for token in tokens:
        if not sentences or _PARAGRAPH_BREAK in text[sentences[-1][-1][2]:token[1]] or (
            token[0] not in _CLOSERS and _ended(sentences[-1])
        ):
            sentences.append([])
        sentences[-1].append(token)
    return sentences


def _ended(sentence: Sentence) -> bool:
    """Whether a sentence so far ends in ``.``, ``?`` or ``!``, maybe followed by closing marks."""
    words = [word for word, _, _ in sentence]
    while words and words[-1] in _CLOSERS:
        words.pop()
    return bool(words) and words[-1] in _SENTENCE_END


def _fallback_word(text: str, word: str, begin: int) -> str:
    if word in ('"', "'"):  # straight quotes: opening after a space or a bracket, closing otherwise
        before = text[begin - 1:begin]
        opening = not before or before.isspace() or before in "([{"
        return ("``" if opening else "''") if word == '"' else ("`" if opening else "'")
    if word[:1] == "’" or word.lower().startswith("n’"):
        return word.replace("’", "'")
    return _WORD_REPLACEMENTS.get(word, word)


# --- units and labels -----------------------------------------------------------------------------


def segment(text: str, sentences: Sequence[Sentence], per_sentence: bool = False) -> list[list[Token]]:
    """Group sentences into units at paragraph breaks (see the module's rules), or one per sentence."""
    if per_sentence:
        return [list(sentence) for sentence in sentences if sentence]
    units: list[list[Token]] = []
    pending = False  # a break that moved past a short paragraph-opening sentence
    for k, sentence in enumerate(sentences):
        if not sentence:
            continue
        brk = not units
        if units and k > 0:
            brk = pending or _paragraph_break(text, sentences[k - 1], sentence)
            pending = False
            if brk and len(sentence) <= SHORT_SENTENCE:
                brk, pending = False, True
        if brk:
            units.append([])
        units[-1].extend(sentence)
    return units


def _paragraph_break(text: str, before: Sentence, after: Sentence) -> bool:
    # Look past one quotation mark that CoreNLP put on the wrong side of the blank line.
    low = before[-2][2] if len(before) > 1 and before[-1][0] in _QUOTE_WORDS else before[-1][2]
    high = after[1][1] if len(after) > 1 and after[0][0] in _QUOTE_WORDS else after[0][1]
    return _PARAGRAPH_BREAK in text[low:high]


def _fragments(attributions: Iterable[HasRoles]) -> list[tuple[str, int, int]]:
    """Every (role, start, end) fragment once, in painting order: a later fragment wins a shared token.

    Each attribution's content is first cut around its own source and cue (PolNeAR marks ``“A,” he
    said, “B.”`` as two content fragments). Then the longer of two overlapping fragments wins, as in the
    gold, where a quote's content keeps every token and attributions nested inside it are not marked.
    """
    unique: set[tuple[str, int, int]] = set()
    for attribution in attributions:
        own = [*attribution.source, *attribution.cue]
        unique.update(("source", s, e) for s, e in attribution.source if s < e)
        unique.update(("cue", s, e) for s, e in attribution.cue if s < e)
        for start, end in attribution.content:
            unique.update(("content", s, e) for s, e in _subtract((start, end), own) if s < e)
    return sorted(unique, key=lambda f: (f[2] - f[1], _ROLE_RANK[f[0]], f[1]))


def _subtract(fragment: tuple[int, int], holes: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of a character range outside the given ranges."""
    parts = [fragment]
    for hole_start, hole_end in holes:
        parts = [piece for s, e in parts
                 for piece in ((s, min(e, hole_start)), (max(s, hole_end), e)) if piece[0] < piece[1]]
    return parts


def to_units(
    name: str,
    text: str,
    sentences: Sequence[Sentence],
    attributions: Iterable[HasRoles],
    sentence_units: Collection[str] = COFENET_SENTENCE_UNITS,
) -> list[Unit]:
    """The one conversion, for gold and predictions alike: units of tokens with BIO tags per role.

    ``name`` is the annotation file's stem, ``attributions`` are character fragments per role
    (``GoldAttribution`` or ``Attribution``); texts named in ``sentence_units`` get one unit per sentence.
    """
    tokens = [t for sentence in sentences for t in sentence]
    ends = [end for _, _, end in tokens]
    owner: list[int | None] = [None] * len(tokens)
    fragments = _fragments(attributions)
    for index, (_, start, end) in enumerate(fragments):
        # Tokens that end inside the span and start at most one character before it.
        first = bisect.bisect_right(ends, start)
        last = bisect.bisect_right(ends, end)
        for i in range(first, last):
            if tokens[i][1] >= start - 1:
                owner[i] = index
    units = []
    position = 0
    per_sentence = any(n in sentence_units for n in _text_names(name))
    for number, unit_tokens in enumerate(segment(text, sentences, per_sentence)):
        labels = []
        previous: int | None = None
        for offset in range(len(unit_tokens)):
            current = owner[position + offset]
            if current is None:
                labels.append("O")
            else:
                labels.append(("I-" if current == previous else "B-") + fragments[current][0])
            previous = current
        units.append(Unit(name, number, tuple(unit_tokens), tuple(labels)))
        position += len(unit_tokens)
    return units


def bio_spans(labels: Sequence[str]) -> set[Span]:
    """Spans of a BIO sequence: a ``B-`` tag, or an ``I-`` tag after another role or ``O``, opens one."""
    spans: set[Span] = set()
    start, role = 0, ""
    for i, tag in enumerate([*labels, "O"]):
        kind, _, tag_role = tag.partition("-")
        if role and (kind != "I" or tag_role != role):
            spans.add(Span(role, start, i))
            role = ""
        if kind in ("B", "I") and not role:
            start, role = i, tag_role
    return spans


# --- scoring --------------------------------------------------------------------------------------


class PeerScorer:
    """Exact-span micro P/R/F1 per role (and over all roles) across units."""

    def __init__(self) -> None:
        self.counts = {role: Counts() for role in (*ROLES, "all")}
        self.units = 0

    def add(self, gold: Sequence[Unit], predicted: Sequence[Unit]) -> None:
        """Score one annotation file's predicted units against its gold units (the same tokens)."""
        if [u.tokens for u in gold] != [u.tokens for u in predicted]:
            raise ValueError("gold and predicted units must come from the same text and sentences")
        for gold_unit, predicted_unit in zip(gold, predicted, strict=True):
            self.units += 1
            gold_spans, predicted_spans = gold_unit.spans(), predicted_unit.spans()
            for role in ROLES:
                g = {s for s in gold_spans if s.role == role}
                p = {s for s in predicted_spans if s.role == role}
                self.counts[role].add(len(g & p), len(p), len(g))
            self.counts["all"].add(len(gold_spans & predicted_spans), len(predicted_spans), len(gold_spans))

    def result(self) -> dict[str, dict[str, float | int]]:
        return {role: counts.summary() for role, counts in self.counts.items()}


def is_edge_token(word: str) -> bool:
    """Punctuation or a quotation mark: what annotators disagree on at a span's ends."""
    return word in _PUNCT_WORDS or all(c in string.punctuation or unicodedata.category(c)[0] == "P" for c in word)


def classify_content_miss(unit: Unit, gold: Span, predicted: Iterable[Span]) -> str:
    """Why a gold content span has no exact predicted match in its unit.

    ``edge-only``: a predicted content differs from it only by punctuation or quotation-mark tokens at
    its ends; ``no-overlap``: no predicted content shares a token with it; ``split``: two or more do;
    else the one that does is ``too-long`` (covers it and more), ``too-short`` (inside it), or
    ``crossing`` (each has tokens the other lacks).
    """
    overlapping = [p for p in predicted if p.role == "content" and p.start < gold.end and gold.start < p.end]
    words = unit.words
    core = _strip_edges(words, gold.start, gold.end)
    if any(_strip_edges(words, p.start, p.end) == core for p in overlapping):
        return "edge-only"
    if not overlapping:
        return "no-overlap"
    if len(overlapping) > 1:
        return "split"
    p = overlapping[0]
    if p.start <= gold.start and p.end >= gold.end:
        return "too-long"
    if p.start >= gold.start and p.end <= gold.end:
        return "too-short"
    return "crossing"


def _strip_edges(words: Sequence[str], start: int, end: int) -> tuple[int, int]:
    while start < end and is_edge_token(words[start]):
        start += 1
    while end > start and is_edge_token(words[end - 1]):
        end -= 1
    return start, end


def content_misses(gold: Sequence[Unit], predicted: Sequence[Unit]) -> list[dict[str, Any]]:
    """One record per gold content span without an exact predicted match, with its class."""
    out = []
    for gold_unit, predicted_unit in zip(gold, predicted, strict=True):
        predicted_spans = predicted_unit.spans()
        for span in sorted(s for s in gold_unit.spans() - predicted_spans if s.role == "content"):
            overlapping = sorted(p for p in predicted_spans
                                 if p.role == "content" and p.start < span.end and span.start < p.end)
            out.append({
                "file": gold_unit.name,
                "unit": gold_unit.index,
                "class": classify_content_miss(gold_unit, span, predicted_spans),
                "gold": _span_record(gold_unit, span),
                "predicted": [_span_record(gold_unit, p) for p in overlapping],
            })
    return out


def _span_record(unit: Unit, span: Span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "text": " ".join(unit.words[span.start:span.end])}


# --- the check against CofeNet's conversion -------------------------------------------------------


def read_cofenet(path: str | Path) -> dict[str, list[tuple[list[str], list[str]]]]:
    """CofeNet's converted split: annotation-file stem -> its units as (tokens, BIO labels), in order."""
    out: dict[str, list[tuple[list[str], list[str]]]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            out.setdefault(record["id"], []).append((record["tokens"], record["labels"]))
    return out


def check_against_cofenet(
    split_dir: str | Path, cofenet: str | Path, corenlp: str | Path | None = None
) -> dict[str, Any]:
    """Our gold units against CofeNet's conversion of the same split: span P/R/F1 and unit alignment.

    CofeNet's spans are the reference. Both sides are laid out as one token sequence per annotation
    file, aligned word by word (their text differs in a few places); a span of theirs counts as
    reproduced when its aligned range carries the same role in ours. ``rules_only`` is the same
    figure with :data:`COFENET_SENTENCE_UNITS` ignored, i.e. what the general rules alone reproduce.
    """
    from veracity.eval.polnear import read_split

    theirs_by_file = read_cofenet(cofenet)
    tokens_by_text = load_corenlp(corenlp or corenlp_path(split_dir))
    articles = {a.name: a for a in read_split(split_dir)}
    compared = sorted(set(articles) & set(theirs_by_file))
    counts = {role: Counts() for role in (*ROLES, "all")}
    rules_only = Counts()
    units = Counter[str]()
    aligned_tokens = their_tokens = 0
    fallback: list[str] = []
    for name in compared:
        article = articles[name]
        sentences, own = article_sentences(name, article.text, tokens_by_text)
        if not own:
            fallback.append(name)
        theirs = theirs_by_file[name]
        their_words = [w for tokens, _ in theirs for w in tokens]
        their_spans = _file_spans((len(tokens), bio_spans(labels)) for tokens, labels in theirs)
        ours = to_units(name, article.text, sentences, article.attributions)
        mapping = _align(their_words, [_BRACKET_WORDS.get(w, w) for u in ours for w in u.words])
        their_tokens += len(their_words)
        aligned_tokens += len(mapping)
        for role, (tp, n_ours, n_theirs) in _compare(ours, their_spans, mapping).items():
            counts[role].add(tp, n_ours, n_theirs)
        plain = ours
        if any(n in COFENET_SENTENCE_UNITS for n in _text_names(name)):
            plain = to_units(name, article.text, sentences, article.attributions, sentence_units=())
        rules_only.add(*_compare(plain, their_spans, mapping)["all"])
        our_units = Counter(tuple(_BRACKET_WORDS.get(w, w) for w in u.words) for u in ours)
        their_units = Counter(tuple(tokens) for tokens, _ in theirs)
        units["ours"] += len(ours)
        units["theirs"] += len(theirs)
        units["identical"] += sum((our_units & their_units).values())
    return {
        "span": counts["all"].summary(),
        "roles": {role: counts[role].summary() for role in ROLES},
        "rules_only": rules_only.summary(),
        "units": dict(units),
        "tokens": {"theirs": their_tokens, "aligned": aligned_tokens},
        "files": {
            "compared": len(compared),
            "only_ours": sorted(set(articles) - set(theirs_by_file)),
            "only_theirs": sorted(set(theirs_by_file) - set(articles)),
            "fallback_tokens": fallback,
        },
    }


def _compare(
    ours: Sequence[Unit], their_spans: set[Span], mapping: Mapping[int, int]
) -> dict[str, tuple[int, int, int]]:
    """(reproduced, ours, theirs) span counts per role and over all roles, for one file."""
    our_spans = _file_spans((len(u.tokens), u.spans()) for u in ours)
    # Theirs on our token positions; a span whose words did not all align cannot be reproduced.
    mapped = {
        Span(s.role, mapping[s.start], mapping[s.end - 1] + 1)
        for s in their_spans
        if s.start in mapping and s.end - 1 in mapping and mapping[s.end - 1] - mapping[s.start] == s.end - 1 - s.start
    }
    out = {}
    for role in (*ROLES, "all"):
        ours_role = {s for s in our_spans if role in ("all", s.role)}
        mapped_role = {s for s in mapped if role in ("all", s.role)}
        out[role] = (len(ours_role & mapped_role), len(ours_role), sum(role in ("all", s.role) for s in their_spans))
    return out


def _file_spans(units: Iterable[tuple[int, set[Span]]]) -> set[Span]:
    """Unit spans laid out on the file's token sequence (units keep their own span boundaries)."""
    out: set[Span] = set()
    offset = 0
    for length, spans in units:
        out.update(Span(s.role, s.start + offset, s.end + offset) for s in spans)
        offset += length
    return out


def _align(theirs: Sequence[str], ours: Sequence[str]) -> dict[int, int]:
    """Their token index -> ours, over the blocks of identical words."""
    matcher = difflib.SequenceMatcher(None, theirs, ours, autojunk=False)
    mapping = {}
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            mapping[block.a + k] = block.b + k
    return mapping
