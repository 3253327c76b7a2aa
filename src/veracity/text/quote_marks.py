"""Find quoted stretches of text by their quotation marks, with nesting and paragraph continuation.

A rule-based scanner, one paragraph at a time (a blank line ends a paragraph), so one stray mark can
never swallow the rest of an article and the whole text is scanned in linear time. Marks are paired
with a stack; apostrophes (don't, Macron's, '90s, rock 'n' roll, the dogs' bowls) are told apart
from single quotation marks by the characters around them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from veracity.errors import ConfigError

# Which marks may close a run opened by each opening mark. Scraped text often mixes straight and
# curly marks ("...” or ‘...'), so the straight form also closes its curly counterpart.
CLOSERS: dict[str, frozenset[str]] = {
    '"': frozenset('"”'),
    "“": frozenset('”"“'),  # “...“ is a common typographic slip, and the mark closes „...“
    "„": frozenset("“”"),
    "'": frozenset("'’"),
    "‘": frozenset("’'"),
    "‚": frozenset("‘’"),
    "«": frozenset("»"),
    "»": frozenset("«"),  # reversed German style: »...«
    "‹": frozenset("›"),
    "›": frozenset("‹"),
}
# Families decide whether a paragraph-opening mark continues the previous paragraph's open quote.
FAMILY = {'"': "double", "“": "double", "„": "double", "'": "single", "‘": "single",
          "‚": "single", "«": "guillemet", "»": "guillemet", "‹": "angle", "›": "angle"}
SINGLE_MARKS = frozenset("'‘’‚")
GUILLEMETS = frozenset("«»‹›")
INNER_SPACES = frozenset(" \u00a0\u202f\u2009")
ALL_MARKS = frozenset(CLOSERS) | frozenset("”’")
# Words that start with an elision apostrophe, so 'em or 'til never opens a quote.
ELISIONS = frozenset({"n", "em", "til", "tis", "twas", "cause", "cos", "bout", "nuff", "im"})
# Deeper nesting than this is noise (a run of stray marks); ignoring it keeps the scan linear.
MAX_NESTING = 6
DECADE = re.compile(r"\d\d(?:s)?(?!\w)")
PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
MARK_PATTERN = re.compile("[" + re.escape("".join(sorted(ALL_MARKS))) + "]")


@dataclass(frozen=True)
class QuotedRun:
    """One quoted stretch: offsets with and without its marks, its nesting and continuation."""

    start: int  # offset of the opening mark
    end: int  # offset just after the closing mark (or the end of the bounded stretch if unclosed)
    inner_start: int  # content without the marks
    inner_end: int
    depth: int  # 0 for outer quotes, 1 for a quote inside a quote, ...
    parent: int | None  # index of the enclosing run in the returned list
    closed: bool  # False when the closing mark was missing (bounded at the paragraph end)
    continues: int | None = None  # index of the run this one continues (multi-paragraph quote)


@dataclass
class _Open:
    """A run whose closing mark has not been seen yet."""

    run_id: int
    mark: str
    start: int
    depth: int
    parent_id: int | None


def _is_boundary(char: str) -> bool:
    """True for what may sit outside a quote mark: nothing, white space, punctuation, symbols."""
    if not char or char.isspace():
        return True
    category = unicodedata.category(char)
    return category[0] in "PSZ"


def _flanks(text: str, i: int, lo: int, hi: int) -> tuple[bool, bool]:
    """(can open, can close) for the mark at ``i`` from the characters around it."""
    before = text[i - 1] if i > lo else ""
    after = text[i + 1] if i + 1 < hi else ""
    can_open = bool(after) and not after.isspace() and _is_boundary(before)
    can_close = bool(before) and not before.isspace() and _is_boundary(after)
    if text[i] in GUILLEMETS:
        # French sets guillemets off with a (narrow, no-break) space inside: « Bonjour ».
        if after in INNER_SPACES and i + 2 < hi and not text[i + 2].isspace():
            can_open = can_open or _is_boundary(before)
        if before in INNER_SPACES and i - 2 >= lo and not text[i - 2].isspace():
            can_close = can_close or _is_boundary(after)
    return can_open, can_close


def _is_apostrophe(text: str, i: int, lo: int, hi: int) -> bool:
    """True when a single mark is an apostrophe: inside a word, or an elision like '90s or 'em."""
    before = text[i - 1] if i > lo else ""
    after = text[i + 1] if i + 1 < hi else ""
    if before.isalnum() and after.isalnum():
        return True
    if before.isalnum() or not after.isalnum():
        return False
    following = text[i + 1 : min(hi, i + 12)]
    if DECADE.match(following):  # '90s, the class of '99
        return True
    word = re.match(r"[^\W_]+", following)
    if word is None:
        return False
    token = word.group(0)
    if token.lower() == "n" and i + 2 < hi and text[i + 2] in "'’":  # rock 'n' roll
        return True
    return token.lower() in ELISIONS and token.lower() != "n"


def _single_roles(text: str, lo: int, hi: int) -> dict[int, str]:
    """Role of every single mark in a paragraph: 'open', 'close', 'both' or 'apostrophe'.

    A plural possessive (the dogs' bowls) looks like a closing mark; it is taken for an apostrophe
    when the next single mark in the paragraph is another closing one, which a real close would
    not be followed by.
    """
    roles: dict[int, str] = {}
    marks = MARK_PATTERN.finditer(text, lo, hi)
    positions = [m.start() for m in marks if m.group() in SINGLE_MARKS]
    for i in positions:
        if i - 2 >= lo and text[i - 2 : i + 1].lower() in ("'n'", "’n’", "‘n’"):
            roles[i] = "apostrophe"  # the closing half of rock 'n' roll
            continue
        if _is_apostrophe(text, i, lo, hi):
            roles[i] = "apostrophe"
            continue
        can_open, can_close = _flanks(text, i, lo, hi)
        roles[i] = {(True, True): "both", (True, False): "open", (False, True): "close"}.get(
            (can_open, can_close), "apostrophe"
        )
    next_role = ""
    for i in reversed(positions):
        role = roles[i]
        if role == "close" and next_role == "close" and _looks_possessive(text, i, hi):
            roles[i] = "apostrophe"
            continue
        if role != "apostrophe":
            next_role = role
    return roles


def _looks_possessive(text: str, i: int, hi: int) -> bool:
    """True for "s' word": a plural possessive followed by the thing possessed."""
    return (
        text[i - 1] in "sS"
        and i + 2 < hi
        and text[i + 1] == " "
        and text[i + 2].isalnum()
    )


class _ParagraphScanner:
    """Pairs the marks of one paragraph with a stack of open runs."""

    def __init__(self, text: str, lo: int, hi: int, runs: list[QuotedRun | None]) -> None:
        self.text, self.lo, self.hi = text, lo, hi
        self.runs = runs  # shared across paragraphs; indexed by run id
        self.stack: list[_Open] = []
        self.first_opened: _Open | None = None

    def scan(self) -> list[_Open]:
        """Pair every mark; return the runs still open at the paragraph end (outermost first)."""
        singles = _single_roles(self.text, self.lo, self.hi)
        for match in MARK_PATTERN.finditer(self.text, self.lo, self.hi):
            i, mark = match.start(), match.group()
            if mark in SINGLE_MARKS:
                self._single(i, mark, singles[i])
            else:
                self._other(i, mark)
        return self.stack

    def _find_open(self, mark: str) -> int | None:
        """Stack index of the innermost open run this mark can close."""
        for k in range(len(self.stack) - 1, -1, -1):
            if mark in CLOSERS[self.stack[k].mark]:
                return k
        return None

    def _single(self, i: int, mark: str, role: str) -> None:
        if role == "apostrophe":
            return
        k = self._find_open(mark) if role in ("close", "both") else None
        if k is not None:
            self._close(k, i)
        elif role in ("open", "both") and mark in CLOSERS and mark != "’":
            self._open(i, mark)

    def _other(self, i: int, mark: str) -> None:
        can_open, can_close = _flanks(self.text, i, self.lo, self.hi)
        if not (can_open or can_close):
            return  # a mark with space on both sides pairs with nothing
        k = self._find_open(mark)
        if mark == '"' and k is not None and can_open and not can_close and self._inside_other_family(k):
            # "She said, 'He told me, "Go."' …": marks alternate as quotes nest, so a straight mark
            # that can only open, inside a single-quoted run, opens a third level.
            self._open(i, mark)
        elif mark == '"' and k is not None and can_open and not can_close:
            # Odd count of straight marks: a space before means a new quote opens here, so the
            # open one lost its closing mark.
            self._close(k, i, closed=False)
            self._open(i, mark)
        elif k is not None and (can_close or mark not in CLOSERS):
            self._close(k, i)
        elif can_open and mark in CLOSERS:
            self._open(i, mark)
        elif can_open and mark == "”" and not self.stack and self._opens_line(i):
            # ”Fear. I am truly afraid …”: a closing mark typed where a line opens a quotation is the
            # same slip as “…“, the other way round.
            self._open(i, "“")

    def _inside_other_family(self, k: int) -> bool:
        """Whether a run of another family of marks is open inside the run at stack index ``k``."""
        family = FAMILY[self.stack[k].mark]
        return any(FAMILY[opened.mark] != family for opened in self.stack[k + 1 :])

    def _opens_line(self, i: int) -> bool:
        """Whether the mark at ``i`` is the first character of its line."""
        return i == self.lo or self.text[i - 1] == "\n"

    def _open(self, i: int, mark: str) -> None:
        if len(self.stack) >= MAX_NESTING:
            return
        parent = self.stack[-1].run_id if self.stack else None
        run_id = len(self.runs)
        self.runs.append(None)
        opened = _Open(run_id, mark, i, len(self.stack), parent)
        self.stack.append(opened)
        if self.first_opened is None:
            self.first_opened = opened

    def _close(self, k: int, i: int, closed: bool = True) -> None:
        """Close the run at stack index ``k`` at the mark ``i``; runs inside it end unclosed."""
        bound = _trim_end(self.text, self.lo, i)
        while len(self.stack) > k + 1:
            self.finish(self.stack.pop(), bound, closed=False)
        opened = self.stack.pop()
        if closed:
            self.runs[opened.run_id] = QuotedRun(
                opened.start, i + 1, opened.start + 1, i, opened.depth, opened.parent_id, True
            )
        else:
            self.finish(opened, bound, closed=False)

    def finish(self, opened: _Open, bound: int, closed: bool) -> None:
        """Record a run that ends at ``bound`` without its closing mark."""
        end = max(bound, opened.start + 1)
        self.runs[opened.run_id] = QuotedRun(
            opened.start, end, opened.start + 1, end, opened.depth, opened.parent_id, closed
        )


def _trim_end(text: str, lo: int, end: int) -> int:
    """Move ``end`` left past trailing white space, not before ``lo``."""
    while end > lo and text[end - 1].isspace():
        end -= 1
    return end


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Character spans of the paragraphs of ``text`` (a blank line separates two)."""
    spans, lo = [], 0
    for brk in PARAGRAPH_BREAK.finditer(text):
        spans.append((lo, brk.start()))
        lo = brk.end()
    spans.append((lo, len(text)))
    return spans


def find_quoted_runs(text: str, max_paragraphs: int = 200) -> list[QuotedRun]:
    """Every quoted run in ``text``, sorted by start, nested runs pointing at their parent.

    A quote running over several paragraphs (no closing mark at a paragraph end, a new opening
    mark at the next paragraph's start) is returned as one run per paragraph, each linked to the
    previous piece by ``continues``; a chain stops linking after ``max_paragraphs`` pieces.
    """
    if max_paragraphs < 1:
        raise ConfigError(f"max_paragraphs must be at least 1, got {max_paragraphs}")
    runs: list[QuotedRun | None] = []
    continues: dict[int, int] = {}  # run id -> run id it continues
    chain_length: dict[int, int] = {}
    pending: _Open | None = None  # the outer run left open by the previous paragraph
    for lo, hi in _paragraphs(text):
        scanner = _ParagraphScanner(text, lo, hi, runs)
        still_open = scanner.scan()
        first = scanner.first_opened
        if (
            pending is not None
            and first is not None
            and not text[lo : first.start].strip()  # the paragraph opens with the mark
            and FAMILY[first.mark] == FAMILY[pending.mark]
            and chain_length.get(pending.run_id, 1) < max_paragraphs
        ):
            continues[first.run_id] = pending.run_id
            chain_length[first.run_id] = chain_length.get(pending.run_id, 1) + 1
        bound = _trim_end(text, lo, hi)
        pending = still_open[0] if still_open else None
        for opened in reversed(still_open):
            scanner.finish(opened, bound, closed=False)
    return _ordered(text, runs, continues)


def _ordered(
    text: str, runs: list[QuotedRun | None], continues: dict[int, int]
) -> list[QuotedRun]:
    """Sort runs by start, trim white space off their content, rewrite links as list indices."""
    order = sorted(
        (run_id for run_id, run in enumerate(runs) if run is not None),
        key=lambda run_id: (runs[run_id].start, runs[run_id].depth),  # type: ignore[union-attr]
    )
    index = {run_id: position for position, run_id in enumerate(order)}
    result = []
    for run_id in order:
        run = runs[run_id]
        assert run is not None
        inner_start, inner_end = run.inner_start, run.inner_end
        while inner_start < inner_end and text[inner_start].isspace():  # « Bonjour »
            inner_start += 1
        while inner_end > inner_start and text[inner_end - 1].isspace():
            inner_end -= 1
        result.append(
            replace(
                run,
                inner_start=inner_start,
                inner_end=inner_end,
                parent=index[run.parent] if run.parent is not None else None,
                continues=index[continues[run_id]] if run_id in continues else None,
            )
        )
    return result
