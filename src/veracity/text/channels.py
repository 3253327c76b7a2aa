"""To whom a quote was said and through which outlet: the hearer and channel phrases found in the parse
(``cue_roles``), widened to the names that follow them, with news outlets told something read as the
medium rather than a hearer."""

from __future__ import annotations

import re

from veracity.model import Document, PartyRef
from veracity.text.cue_roles import find_addressee, find_medium
from veracity.text.drafts import Draft


def hearer_and_medium(doc: Document, draft: Draft) -> tuple[PartyRef | None, PartyRef | None]:
    """The addressee and medium of a drafted quote with a cue, as mentions in the text."""
    if draft.cue is None or doc.parse is None:
        return None, None
    text = doc.text
    # Inside a quote, the hearer and channel must be in the quoted words too: the recording
    # that carries Hale's words is not the channel of what Brenner said at the dinner.
    scope = draft.parent.content if draft.parent else [(0, len(text))]
    found = draft.hearer or _with_name(doc, _within(find_addressee(doc.parse, draft.cue, draft.content), scope))
    addressee = PartyRef(text[found[0] : found[1]], *found) if found and found != draft.source else None
    found = _titled(text, _with_name(doc, _within(find_medium(doc.parse, draft.cue, draft.content), scope)))
    medium = PartyRef(text[found[0] : found[1]], *found) if found else None
    if addressee is not None and _is_outlet_name(doc, addressee.text):
        # "told Nordwire": the agency is how the words came out, not a party they were said to.
        # "told CNA in a telephone interview": the agency says more than the kind of channel.
        if medium is None or not _is_outlet_name(doc, medium.text):
            channel = _titled(text, (addressee.start, addressee.end)) or (addressee.start, addressee.end)
            medium = PartyRef(text[channel[0] : channel[1]], *channel)
        addressee = None
    return addressee, medium


_DATELINE_AGENCY = re.compile(r"^[A-Z][A-Z .'’-]+(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s+\(([^)\n]{2,40})\)\s*[-–—]",
                              re.MULTILINE)
_OUTLET_WORDS = re.compile(r"(?:\b|\B(?=wire\b))(?:wire|press|news|agency|radio|tv|television|times|post|herald|"
                           r"tribune|gazette|courier|courant|ledger|journal|broadcast\w*|channel|network|daily|weekly|"
                           r"monthly|chronicle|observer|echo|mail|standard|mirror|express|review|fm|podcast|"
                           r"programme|program|show|bulletin|dispatch|examiner|sentinel|guardian|telegraph|inquirer|"
                           r"enquirer|globe|lantern|beacon|clarion|messenger|spectator|argus|paper|newspaper|magazine|"
                           r"broadcaster|website)\b", re.IGNORECASE)
# An outlet's full name anywhere in the story ("the Continental Press Agency"), for its initials further down.
_TITLED_OUTLET = re.compile(r"\b(?!The\s)(?:[A-Z][\w'’-]+\s+){1,4}"
                            r"(?:Agency|Service|Press|News|Wire|Network|Broadcasting)\b")
# "Starwatch > Celebrity": a web page's breadcrumb starts with the site's own name.
_BREADCRUMB_SITE = re.compile(r"^([A-Z][\w'’ .-]{1,30}?)\s+>\s+\w", re.MULTILINE)
# "CheckPoint | August 12, 2025", "The Northgate Ledger | Features | 18 June 2025": the outlet's own line.
_BYLINE_SITE = re.compile(r"^(?:The\s+)?([A-Z][\w'’ .&-]{1,40}?)\s+\|\s", re.MULTILINE)
_PERSON_AT_OUTLET = re.compile(r"\b(?:host|presenter|anchor|reporter|correspondent|editor|journalist|columnist|"
                               r"interviewer|producer|commentator|pundit)s?\b", re.IGNORECASE)
_OUTLET_NOUN_BEFORE = re.compile(r"\b(?:news\s+agency|agency|broadcaster|newspaper|paper|radio|station|channel)\s+"
                                 r"((?:[A-Z][\w'’-]+\s*){1,4})")


def _is_outlet_name(doc: Document, mention: str) -> bool:
    """Whether a hearer is a news outlet: its name says so ("Capitol Wire", "the state news agency"),
    or the story itself names it as one (its dateline's agency, "the broadcaster ETV")."""
    name = re.sub(r"^(?:the|a|an)\s+", "", mention.strip(), flags=re.IGNORECASE)
    if _PERSON_AT_OUTLET.search(name):
        return False  # "the radio host Priya Lane": a person who works for an outlet
    if _OUTLET_WORDS.search(name):
        return True
    outlets = doc.scratch.get("outlet_names")
    if outlets is None:
        found = {m.group(1).strip() for m in _DATELINE_AGENCY.finditer(doc.text)}
        found |= {m.group(1).strip() for m in _OUTLET_NOUN_BEFORE.finditer(doc.text)}
        found |= {m.group(1).strip() for m in _BREADCRUMB_SITE.finditer(doc.text, 0, 2000)}
        found |= {m.group(1).strip() for m in _BYLINE_SITE.finditer(doc.text, 0, 2000)}
        found |= {m.group(0).strip() for m in _TITLED_OUTLET.finditer(doc.text)}
        # "Continental News Agency" is "CNA" further down.
        found |= {"".join(w[0] for w in n.split()) for n in found if len(n.split()) > 1 and n.istitle()}
        outlets = doc.scratch["outlet_names"] = frozenset(found)
    return name in outlets


def _with_name(doc: Document, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """Extend "the state news agency" to "the state news agency Nordpress" when a name follows."""
    if span is None:
        return None
    starts = doc.scratch.get("entity_starts")
    if starts is None:
        starts = doc.scratch["entity_starts"] = {e.start_char: e for e in doc.parse.ents}
    follower = starts.get(span[1] + 1) or starts.get(span[1])
    if follower is not None and follower.label_ in {"ORG", "PERSON", "GPE", "NORP", "WORK_OF_ART"}:
        return (span[0], follower.end_char)
    return span


def _titled(text: str, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """A programme's or podcast's title in quotation marks is its name: 'his podcast “Off the Bar”', 'the
    "Off The Record" podcast', 'the breakfast programme “Morning Brew”' come through Off the Bar, Off The
    Record, Morning Brew."""
    if span is None or not _PROGRAMME.search(text, *span):
        return span
    title = _QUOTED_TITLE.search(text, span[0], min(len(text), span[1] + 45))
    if title is None or title.start() > span[1]:
        return span
    return title.span("title")


_PROGRAMME = re.compile(r"\b(?:podcast|programme|program|show|series|broadcast|bulletin|column|blog)s?\b",
                        re.IGNORECASE)
_QUOTED_TITLE = re.compile(r"\s*[\"“‘']\s*(?P<title>[A-Z][^\"“”‘’\n]{1,40}?)[\"”’']")


def _within(
    span: tuple[int, int] | None, scope: list[tuple[int, int]]
) -> tuple[int, int] | None:
    if span is None:
        return None
    return span if any(s <= span[0] and span[1] <= e for s, e in scope) else None
