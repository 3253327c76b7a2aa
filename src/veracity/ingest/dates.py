"""Publication dates: validate the --published option and normalise dates to ISO YYYY-MM-DD."""

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
