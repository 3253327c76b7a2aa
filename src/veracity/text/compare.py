"""The same quote printed twice: align the words and name every difference.

A fact-checker holding the original words (a transcript, the first outlet's quote) and a later
printing needs to know *how* they differ, not just that they do: an elision marked with "…" or a
bracketed clarification is the trade's accepted practice; an unmarked cut, a swapped word, a lost
"not" or a changed number is a misquote. Words are aligned with rapidfuzz's longest-common-
subsequence opcodes; adjacent differences form one change, and each change gets one edit type.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz.distance import Indel

from veracity.lang.en.contractions import CONTRACTED_ENDINGS, CONTRACTIONS
from veracity.lang.en.negation import NEGATIONS, QUALIFIERS
from veracity.lang.en.numbers import NUMBER_WORDS

EditType = Literal[
    "marked_elision",  # words left out where the printing shows "…"
    "unmarked_elision",  # words left out from the middle with no mark
    "truncation",  # words cut at the start or end
    "substitution",  # words replaced by others
    "insertion",  # words added
    "bracketed_insertion",  # "[the president]": an editor's clarification, shown as such
    "censoring",  # "s**t", "f---", "[expletive]"
    "reordering",  # the same words in another order
    "changed_meaning",  # a negation lost or added, a number changed
]
Verdict = Literal["verbatim", "faithful", "altered"]
EDIT_TYPES: tuple[EditType, ...] = (
    "marked_elision", "unmarked_elision", "truncation", "substitution", "insertion",
    "bracketed_insertion", "censoring", "reordering", "changed_meaning",
)
# Edits the trade accepts when shown: they never make a printing a misquote on their own.
ACCEPTED: frozenset[EditType] = frozenset({"marked_elision", "bracketed_insertion", "censoring"})

# An elision is "…", "...", Chicago's spaced ". . ." or a bracketed "[…]"; a soft hyphen (U+00AD) is no break.
_TOKEN = re.compile(r"\[(?:…|\.\.\.)\]|\.\s\.\s\.|\[[^\]]{0,80}\]|\.\.\.|…|[A-Za-z][*#_]+[A-Za-z*#_-]*|[A-Za-z]-{2,}|"
                    r"[\w'’\u00ad]+(?:[.,-]\d+)*|[^\w\s]")
CENSORED = re.compile(r"^[a-z][*#_-]{1,}[a-z*#_-]*$|^\[(?:expletive|bleep|bleeped|profanity|obscenity|censored)"
                       r"(?: deleted| removed)?\]$")
_ELLIPSIS = frozenset({"...", "…", ". . .", "[…]", "[...]"})
# Marks of words left out: "…", and a recording's transcript's "[inaudible]" and kin. What they stand for is not
# quoted, so it is an elision, not a bracketed insertion, unless it is only a negation.
GAP_MARKS = frozenset({"…", "[inaudible]", "[unintelligible]", "[crosstalk]", "[indistinct]"})


@dataclass(frozen=True)
class Token:
    """One token of a quote: its text, its comparison form and where it sits in the quote text."""

    text: str
    key: str
    start: int
    end: int


@dataclass(frozen=True)
class Edit:
    """One difference: what the original said there, what the printing says, and how they differ."""

    type: EditType
    original: str
    printed: str
    original_span: tuple[int, int]  # character offsets into the original quote
    printed_span: tuple[int, int]  # character offsets into the printed quote
    detail: str = ""


@dataclass(frozen=True)
class AlignedPair:
    """A row of the side-by-side view: a word of each text, or None where one side has nothing."""

    original: str | None
    printed: str | None
    same: bool


@dataclass
class QuoteComparison:
    """How a printed quote differs from the original words."""

    original: str
    printed: str
    edits: list[Edit] = field(default_factory=list)
    alignment: list[AlignedPair] = field(default_factory=list)
    similarity: float = 1.0  # share of words in common (Indel normalised similarity over words)

    @property
    def types(self) -> set[EditType]:
        return {edit.type for edit in self.edits}

    @property
    def verdict(self) -> Verdict:
        """verbatim (same words), faithful (only accepted, visible edits or a plain cut) or altered."""
        if not self.edits:
            return "verbatim"
        return "altered" if self.is_misquote else "faithful"

    @property
    def is_misquote(self) -> bool:
        """An edit a reader cannot see (unmarked cut, swap, insertion, reordering), a changed
        meaning, or a cut made just before a qualifier."""
        return any(_misleads(edit) for edit in self.edits)

    def to_dict(self) -> dict[str, object]:
        return {
            "verdict": self.verdict,
            "is_misquote": self.is_misquote,
            "similarity": round(self.similarity, 4),
            "edits": [
                {"type": e.type, "original": e.original, "printed": e.printed, "detail": e.detail,
                 "original_span": list(e.original_span), "printed_span": list(e.printed_span)}
                for e in self.edits
            ],
            "alignment": [[w.original, w.printed] for w in self.alignment],
        }


def _misleads(edit: Edit) -> bool:
    if edit.type in ACCEPTED:
        return False
    if edit.type == "truncation":
        return edit.detail.startswith("cut before")
    return True


def words(text: str) -> list[Token]:
    """The quote's words (and "…", bracketed insertions and censored words as single tokens);
    other punctuation is dropped, since outlets restyle it freely."""
    out = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        key = _key(token)
        # "won't" and "will not" are the same words: a contraction counts as its two words.
        for part in _expand(key) if key else ():
            out.append(Token(token, part, match.start(), match.end()))
    return out


def _expand(key: str) -> list[str]:
    if key in CONTRACTIONS:
        return CONTRACTIONS[key]
    for suffix, full in CONTRACTED_ENDINGS:
        if key.endswith(suffix) and len(key) > len(suffix):
            return [key[: -len(suffix)], full]
    return [key]


def _key(token: str) -> str:
    if token in _ELLIPSIS:
        return "…"
    if token.startswith("["):
        return token.lower()
    folded = unicodedata.normalize("NFKC", token).lower().replace("’", "'").replace("\u00ad", "")
    if not any(ch.isalnum() for ch in folded):
        return ""
    return folded.strip("'")  # 'quoted' in single marks is the word; it's keeps its apostrophe


def compare_quotes(original: str, printed: str) -> QuoteComparison:
    """Align ``printed`` against ``original`` and classify each difference."""
    # An ellipsis in the original marks its own earlier cut; only the printing's marks matter here.
    source, target = [w for w in words(original) if w.key != "…"], words(printed)
    a, b = [w.key for w in source], [w.key for w in target]
    comparison = QuoteComparison(original, printed)
    comparison.similarity = Indel.normalized_similarity([k for k in a if k != "…"], [k for k in b if k != "…"])
    changes: list[tuple[int, int, int, int]] = []
    for op in Indel.opcodes(a, b):
        if op.tag == "equal":
            comparison.alignment.extend(
                AlignedPair(source[i].text, target[j].text, True)
                for i, j in zip(range(op.src_start, op.src_end), range(op.dest_start, op.dest_end), strict=True)
            )
            continue
        comparison.alignment.extend(AlignedPair(source[i].text, None, False) for i in range(op.src_start, op.src_end))
        comparison.alignment.extend(AlignedPair(None, target[j].text, False) for j in range(op.dest_start, op.dest_end))
        if changes and changes[-1][1] == op.src_start and changes[-1][3] == op.dest_start:
            changes[-1] = (changes[-1][0], op.src_end, changes[-1][2], op.dest_end)
        else:
            changes.append((op.src_start, op.src_end, op.dest_start, op.dest_end))
    comparison.edits = _classify(source, target, changes)
    return comparison


def _classify(source: list[Token], target: list[Token], changes: list[tuple[int, int, int, int]]) -> list[Edit]:
    moved = _moved_blocks(source, target, changes)
    edits = []
    if moved is not None:
        edits.append(moved)
        changes = [c for c in changes if not _is_move_part(source, target, c, moved)]
    for change in changes:
        edit = _edit(source, target, change)
        if edit is not None:
            edits.append(edit)
    return sorted(edits, key=lambda e: e.printed_span)


def _edit(source: list[Token], target: list[Token], change: tuple[int, int, int, int]) -> Edit | None:
    i, i_end, j, j_end = change
    gone, new = source[i:i_end], target[j:j_end]
    gone_keys, new_keys = [w.key for w in gone], [w.key for w in new]
    marks = [k for k in new_keys if k in GAP_MARKS]
    new_words = [k for k in new_keys if k not in GAP_MARKS]

    def make(kind: EditType, detail: str = "") -> Edit:
        return Edit(kind, _text(gone), _text(new), _span(source, i, i_end), _span(target, j, j_end), detail)

    if not gone:
        if not new_words:
            return None  # a "…" at a quote's edge, or one that replaces nothing: style, not an edit
        if all(k.startswith("[") for k in new_words):
            return make("bracketed_insertion")
        added = _negation_alone(new_words)
        return make("changed_meaning", f"negation added: '{added}'") if added else make("insertion")
    if new_words and len(new_words) == len(gone_keys) and all(
        _censors(n, g) for n, g in zip(new_words, gone_keys, strict=True)
    ):
        return make("censoring")  # before meaning: "n---" hides "never" without denying it
    if not new_words:
        lost = _negation_alone(gone_keys)
        if lost:
            return make("changed_meaning", f"negation lost: '{lost}'")
    meaning = _meaning_change(gone_keys, new_words) if new_words else ""
    if meaning:
        return make("changed_meaning", meaning)
    if new_words and all(k.startswith("[") for k in new_words):
        return make("bracketed_insertion", "in place of " + _text(gone))
    if new_words:
        return make("substitution")
    if marks:
        return make("marked_elision")
    if i_end == len(source):
        qualifier = gone_keys[0] in QUALIFIERS
        return make("truncation", f"cut before '{gone[0].text}'" if qualifier else "end cut")
    if i == 0:
        return make("truncation", "start cut")
    return make("unmarked_elision")


def _negation_alone(keys: list[str]) -> str:
    """The negation in a one- or two-word cut or addition ("not", "never"): the cut is the negation."""
    negations = [k for k in keys if _negates(k)]
    return negations[0] if negations and len(keys) <= 2 else ""


def _negates(key: str) -> bool:
    # ("nobody's" is "nobody is": the "'s" is kept on the word, since it may also be a possessive)
    return key in NEGATIONS or key.endswith("n't") or key.removesuffix("'s") in NEGATIONS


def _meaning_change(gone: list[str], new: list[str]) -> str:
    """Within a replacement: a negation lost or added, or a number changed."""
    lost = [k for k in gone if _negates(k)]
    added = [k for k in new if _negates(k)]
    if len(lost) > len(added):
        return f"negation lost: '{lost[0]}'"
    if len(added) > len(lost):
        return f"negation added: '{added[0]}'"
    numbers_gone = [k for k in gone if _is_number(k)]
    numbers_new = [k for k in new if _is_number(k)]
    if (numbers_gone or numbers_new) and Counter(numbers_gone) != Counter(numbers_new):
        return f"number changed: {' '.join(numbers_gone) or '—'} → {' '.join(numbers_new) or '—'}"
    return ""


def _is_number(key: str) -> bool:
    return any(ch.isdigit() for ch in key) or key in NUMBER_WORDS


def _censors(printed: str, original: str) -> bool:
    """"s**t" or "f---" for "shit" / "fuck" (same first letter), or a bracketed "[expletive]"."""
    if not CENSORED.match(printed):
        return False
    if printed.startswith("["):
        return True
    visible = [ch for ch in printed if ch.isalpha()]
    return printed[0] == original[0] and "".join(visible) != original and len(printed) <= len(original) + 3


def _moved_blocks(source: list[Token], target: list[Token], changes: list[tuple[int, int, int, int]]) -> Edit | None:
    """Words cut in one place and put back in another: one reordering edit over the moved words."""
    gone = Counter(w.key for c in changes for w in source[c[0] : c[1]])
    new = Counter(w.key for c in changes for w in target[c[2] : c[3]] if w.key != "…")
    # A move often drops or adds a joining word ("…, and B" -> "B, …"), so most, not all, must match.
    if not gone or sum((gone & new).values()) < max(2, 0.6 * max(sum(gone.values()), sum(new.values()))):
        return None
    first, last = changes[0], changes[-1]
    return Edit("reordering", _text(source[first[0] : last[1]]), _text(target[first[2] : last[3]]),
                _span(source, first[0], last[1]), _span(target, first[2], last[3]))


def _is_move_part(
    source: list[Token], target: list[Token], change: tuple[int, int, int, int], moved: Edit
) -> bool:
    start, end = moved.original_span
    span = _span(source, change[0], change[1])
    printed = _span(target, change[2], change[3])
    return start <= span[0] <= end or moved.printed_span[0] <= printed[0] <= moved.printed_span[1]


def _text(tokens: list[Token]) -> str:
    return " ".join(w.text for w in tokens)


def _span(tokens: list[Token], first: int, last: int) -> tuple[int, int]:
    if not tokens:
        return (0, 0)
    if first >= last:  # an empty stretch: the point between two words
        at = tokens[first].start if first < len(tokens) else tokens[-1].end
        return (at, at)
    return (tokens[first].start, tokens[last - 1].end)
