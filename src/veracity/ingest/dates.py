"""Publication dates: validate the --published option, read a plain-text story's own date line, and normalise
dates to ISO YYYY-MM-DD."""

from __future__ import annotations

import re
from datetime import date, datetime

from veracity.errors import ConfigError

# A calendar date, optionally followed by a time: "2025-07-09" or "2025-07-09T14:30:00+02:00".
# Python's fromisoformat also accepts forms like "20250709" or "2025-W28"; the option is stricter
# so that what a person types is what the dossier shows.
_ISO_DATE = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)


def iso_date(value: str) -> str | None:
    """The date of an ISO date or datetime as YYYY-MM-DD, or None when it is not one."""
    text = value.strip()
    if not _ISO_DATE.match(text):
        return None
    try:
        if len(text) == len("YYYY-MM-DD"):
            return date.fromisoformat(text).isoformat()
        return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        return None  # well formed but impossible, e.g. 2025-02-30


def validate_published(value: str, source: str | None = None) -> str:
    """The --published option as YYYY-MM-DD; ConfigError when it is not an ISO date."""
    normalised = iso_date(value)
    if normalised is None:
        raise ConfigError(
            f"--published must be a date like 2025-07-09, not {value!r}", source=source
        )
    return normalised


_MONTHS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
    ("december", "dec")), start=1) for name in names}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
# A line that is only a date, or a programme's name and its date: "Published 21 May 2025", "Friday 21 February
# 2025", "March 3, 2026, 14:05 GMT", "Updated: 2026-03-03 · 4 min read", "Morning Briefing, Radio Northfield, 4
# December 2026". A dateline ("KALMAR, Oct 14 (Baltic Wire) -") has no year: not one.
_DATE_LINE = re.compile(
    # (a programme or an outlet first: "Morning Briefing, Radio Northfield, 4 December 2026", names only)
    r"^(?-i:(?:[A-Z][\w'’&.-]*(?:\s+(?:[A-Z][\w'’&.-]*|of|the|and|&|on|at|in)){0,5},\s+){0,2})"
    r"(?P<label>(?:first\s+)?published|posted|(?:last\s+)?updated)?(?:\s+on)?\s*:?\s*"
    r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
    rf"(?:(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH})\.?,?\s+(?P<y>\d{{4}})"
    rf"|(?P<m2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
    r"|(?P<iso>\d{4}-\d{2}-\d{2}))"
    r"(?:\s*(?:,|at|·|\||-|–|—)?\s*\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,5}|UTC[+-]?\d*)?)?"
    r"(?:\s*[·|•–—-]\s*\d+\s+min(?:ute)?s?\s+read)?\s*$", re.IGNORECASE)
_DATE_LINE_REACH = 8  # lines from the top: headline, standfirst, byline, date


def date_line(text: str) -> str | None:
    """The date a plain-text story gives itself near its top, as YYYY-MM-DD ("Published 21 May 2025"); a
    "Published" (or bare) date before an "Updated" one. None when no line near the top is only a date."""
    found: list[tuple[bool, str]] = []
    lines = [line.strip() for line in text.split("\n") if line.strip()][:_DATE_LINE_REACH]
    for line in lines:
        match = _DATE_LINE.match(line)
        if match is None:
            continue
        if match.group("iso"):
            value = iso_date(match.group("iso"))
        else:
            day, month, year = (match.group("d") or match.group("d2"), match.group("m") or match.group("m2"),
                                match.group("y") or match.group("y2"))
            try:
                value = date(int(year), _MONTHS[month.lower()], int(day)).isoformat()
            except ValueError:
                value = None
        if value is not None:
            found.append(((match.group("label") or "").lower().endswith("updated"), value))
    return min(found, key=lambda item: item[0])[1] if found else None
