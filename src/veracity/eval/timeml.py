"""Read TimeML (.tml) files: the plain text, the document creation time, the gold TIMEX3s and EVENTs.

Offsets are character offsets into the text between ``<TEXT>`` and ``</TEXT>`` with every tag
removed and XML entities decoded, so a system can run on that text and be scored by offsets.
Non-consuming TIMEX3s (empty ones TimeML uses for implied times) are left out: no system can
find them in the text. An EVENT keeps its extent (usually one word) and its ``class``
(OCCURRENCE, REPORTING, STATE, I_ACTION, I_STATE, ASPECTUAL, PERCEPTION), what TempEval-3 task B scores.
For task C (temporal relations) the reader also keeps each MAKEINSTANCE (an event instance: its eiid,
tense, aspect, polarity, part of speech) and each TLINK (relation type between two event instances and/or
timexes, ``t0`` being the DCT); TLINKs to non-consuming timexes are kept as written, since the scorer
only needs their ids.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_DCT = re.compile(r"<DCT>\s*<TIMEX3([^>]*)>", re.DOTALL)
_INSTANCE = re.compile(r"<MAKEINSTANCE([^>]*)>")
_TLINK = re.compile(r"<TLINK([^>]*)>")


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str
    tid: str = ""


@dataclass(frozen=True)
class GoldEvent:
    start: int
    end: int
    text: str
    eid: str
    cls: str  # the TimeML class attribute


@dataclass(frozen=True)
class GoldInstance:
    """A MAKEINSTANCE: TLINKs name event instances (``ei12``), not events (``e3``)."""

    eiid: str
    eid: str
    tense: str
    aspect: str
    polarity: str
    pos: str


@dataclass(frozen=True)
class GoldTlink:
    """A TLINK from ``source`` to ``target`` (eiids or tids) with its TimeML relation type."""

    lid: str
    source: str
    target: str
    rel: str


@dataclass(frozen=True)
class TimeMLDocument:
    name: str
    text: str
    dct: str | None  # YYYY-MM-DD
    timexes: tuple[GoldTimex, ...]
    events: tuple[GoldEvent, ...] = ()
    instances: tuple[GoldInstance, ...] = ()
    tlinks: tuple[GoldTlink, ...] = ()
    dct_tid: str = "t0"


def read_tml(path: Path) -> TimeMLDocument:
    """One TimeML document; the DCT is cut to its date."""
    return parse_tml(path.read_text(encoding="utf-8"), path.stem)


def parse_tml(raw: str, name: str = "") -> TimeMLDocument:
    """A TimeML document from its markup (``read_tml`` without the file)."""
    dct_match = _DCT.search(raw)
    dct = None
    dct_tid = "t0"
    if dct_match:
        dct_attrs = dict(_ATTR.findall(dct_match.group(1)))
        value = dct_attrs.get("value", "")
        dct = value[:10] if re.match(r"\d{4}-\d{2}-\d{2}", value) else None
        dct_tid = dct_attrs.get("tid", "t0")
    body_start = raw.find("<TEXT>")
    body_end = raw.find("</TEXT>")
    body = raw[body_start + len("<TEXT>"):body_end] if body_start >= 0 else raw
    text_parts: list[str] = []
    length = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    open_event: tuple[int, dict[str, str]] | None = None
    timexes: list[GoldTimex] = []
    events: list[GoldEvent] = []
    position = 0
    for match in _TAG.finditer(body):
        chunk = html.unescape(body[position:match.start()])
        text_parts.append(chunk)
        length += len(chunk)
        position = match.end()
        closing, name = match.group(1) == "/", match.group(2)
        if name == "EVENT":
            if not closing and not match.group(4):
                open_event = (length, dict(_ATTR.findall(match.group(3))))
            elif closing and open_event is not None:
                start, attrs = open_event
                open_event = None
                if length > start:
                    events.append(GoldEvent(start, length, "", attrs.get("eid", ""), attrs.get("class", "")))
            continue
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTR.findall(match.group(3))))
            if match.group(4):  # self-closing: non-consuming
                open_timex = None
        elif open_timex is not None:
            start, attrs = open_timex
            open_timex = None
            if length > start:
                timexes.append(GoldTimex(start, length, "", attrs.get("type", ""), attrs.get("value", ""),
                                         attrs.get("tid", "")))
    tail = html.unescape(body[position:])
    text_parts.append(tail)
    text = "".join(text_parts)
    timexes = [GoldTimex(t.start, t.end, text[t.start:t.end], t.type, t.value, t.tid) for t in timexes]
    events = [GoldEvent(e.start, e.end, text[e.start:e.end], e.eid, e.cls) for e in events]
    return TimeMLDocument(name, text, dct, tuple(timexes), tuple(events), _instances(raw), _tlinks(raw), dct_tid)


def _instances(raw: str) -> tuple[GoldInstance, ...]:
    found = []
    for match in _INSTANCE.finditer(raw):
        a = dict(_ATTR.findall(match.group(1)))
        found.append(GoldInstance(a.get("eiid", ""), a.get("eventID", ""), a.get("tense", "NONE"),
                                  a.get("aspect", "NONE"), a.get("polarity", "POS"), a.get("pos", "")))
    return tuple(found)


def _tlinks(raw: str) -> tuple[GoldTlink, ...]:
    found = []
    for match in _TLINK.finditer(raw):
        a = dict(_ATTR.findall(match.group(1)))
        source = a.get("eventInstanceID") or a.get("timeID") or ""
        target = a.get("relatedToEventInstance") or a.get("relatedToTime") or ""
        if source and target and a.get("relType"):
            found.append(GoldTlink(a.get("lid", ""), source, target, a["relType"].upper()))
    return tuple(found)


def read_folder(folder: Path) -> list[TimeMLDocument]:
    """Every .tml file under ``folder`` (recursively), in a stable order."""
    return [read_tml(path) for path in sorted(folder.rglob("*.tml"))]
