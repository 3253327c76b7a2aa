"""Recognise page furniture that survives text extraction: adverts, share bars, promos, captions.

Only whole, short lines are judged, so a sentence that merely mentions "read more" or "subscribe"
is article text and stays. Each pattern is anchored at both ends of the (trimmed) line.
"""

from __future__ import annotations

import re

_SOCIAL = (
    r"facebook|twitter|x|whatsapp|linkedin|e-?mail|messenger|reddit|telegram|bluesky|threads"
    r"|pinterest|instagram|tiktok|youtube|flipboard|mastodon"
)
# Written with \s, not spaces, because the pattern is also used in verbose regexes.
_AGENCIES = (
    r"getty\simages|getty|reuters|afp|ap|associated\spress|epa|epa-efe|pa|pa\smedia|pa\swire"
    r"|shutterstock|alamy|bloomberg|anadolu|xinhua|dpa|ansa|efe|nurphoto|sopa\simages|zuma"
)
_PROMO_WORDS = re.compile(
    r"\b(newsletters?|inbox|e-?mails?|alerts?|subscribe|subscription|subscribers?|briefing"
    r"|updates|digest|free trial|unlimited access)\b",
    re.IGNORECASE,
)

# Lines dropped whenever they match (after trimming bullets and trailing punctuation).
_FURNITURE = re.compile(
    r"""^(?:
        advert|advertisement|advertising|sponsored(?:\ content)?|paid\ content|promoted
      | skip\ (?:advert|advertisement|ad|past\ advert|next\ section|to\ content|to\ main\ content)
      | (?:story|article)\ continues\ (?:below|after)(?:\ (?:this\ )?advert(?:isement)?)?
      | continue\ reading(?:\ (?:below|the\ main\ story))?
      | read\ more | read\ next | read\ the\ full\ (?:story|article) | see\ also
      | more\ on\ this\ story
      | (?:read\ more|read\ next|see\ also|more\ on\ this\ story|related
         |related\ (?:stories|articles|content|coverage|topics|reading|links))\ ?:\ ?.{0,160}
      | related(?:\ (?:stories|articles|content|coverage|topics|reading|links))?
      | subscribe(?:\ (?:now|today|here))? | sign\ up(?:\ (?:now|today|here))?
      | share | save | saved | comments? | \d+\ comments? | view\ comments | show\ comments | print
      | share\ (?:this|the)\ (?:article|story|page|post|video)(?:\ on\ .{1,40})?
      | share\ (?:on|via|to|with)\ (?:"""
    + _SOCIAL
    + r""")
      | share\ this\ with\ .{1,40}
      | (?:"""
    + _SOCIAL
    + r""")
      | copy\ (?:the\ )?link(?:\ to\ clipboard)? | link\ copied | copied(?:\ to\ clipboard)?
      | follow\ us\ (?:on|at)\ .{1,80}
      | (?:image|media|video)\ caption\ ?,.{0,400}
      | (?:image|photo|picture|video)\ source\ ?,.{0,120}
      | (?:photograph|photo|photos|picture|image|video|illustration|graphic|credit|photo\ credit
         |image\ credit)\ ?:\ ?.{1,120}
      | \(\s*(?:[^()]{0,60}/\s*)?(?:"""
    + _AGENCIES
    + r""")(?:\s*via\s*[^()]{1,40})?\s*\)
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

# A caption line that ends with its credit: "The ferry leaves port. Photograph: Anna Holm/Reuters".
# The credit must name an agency or use the "Name/Agency" form, so that a sentence ending in
# "an image: a cartoon of the mayor" is not mistaken for a caption.
_TRAILING_CREDIT = re.compile(
    r"\b(?:photograph|photo|picture|image|illustration)\s*:\s*(?:[^.:!?/]{1,60}/\s*[^.:!?/]{1,40}"
    r"|(?:[^.:!?/]{0,40}\b)?(?:" + _AGENCIES + r"))$",
    re.IGNORECASE,
)
_PROMO_START = re.compile(r"^(?:sign\ up|subscribe|get\ (?:our|the)|join\ our)\b", re.IGNORECASE)
_LEADING_BULLETS = " \t•·▪‣*|>-–—"
_TRAILING_NOISE = " \t.…:»›>→|-–—!"
_TOPICS_LINE = re.compile(r"^(?:topics|tags)\s*:\s*(.+)$", re.IGNORECASE)

MAX_PROMO_WORDS = 14
MAX_CAPTION_WORDS = 60


def _trim(line: str) -> str:
    return line.strip().lstrip(_LEADING_BULLETS).rstrip(_TRAILING_NOISE).strip()


def is_boilerplate(line: str) -> bool:
    """Whether a whole line is page furniture rather than article text."""
    trimmed = _trim(line)
    if not trimmed:
        return False
    if _FURNITURE.match(trimmed):
        return True
    words = len(trimmed.split())
    promo = _PROMO_START.match(trimmed)
    # The promise must come after the opening words: "Subscribe to the channel, he urged" stays.
    if promo and words <= MAX_PROMO_WORDS and _PROMO_WORDS.search(trimmed, promo.end()):
        return True
    return words <= MAX_CAPTION_WORDS and _TRAILING_CREDIT.search(line.strip()) is not None


def parse_topics(line: str) -> list[str] | None:
    """The topics of a "Topics: a, b, c" (or "Tags: ...") line, or None for any other line."""
    match = _TOPICS_LINE.match(line.strip())
    if not match:
        return None
    topics = [part.strip() for part in re.split(r"[,;|•]", match.group(1))]
    return [topic for topic in topics if topic] or None
