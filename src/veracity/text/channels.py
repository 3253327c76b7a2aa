"""To whom a quote was said, through which outlet, and in what form: the hearer and channel phrases
found in the parse (``cue_roles``), widened to the names that follow them, with news outlets told
something read as the medium rather than a hearer, and a channel that is only a form ("in a
statement", "on the recording") kept apart from the outlet it went through ("in an interview with
Channel 9 News": the form is the interview, the medium Channel 9 News)."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token
from spacy.tokens import Span as Words

from veracity.lang.en.media_words import FORM_WORDS, NEWS_OUTLETS, OUTLET_HEADS, PLATFORMS
from veracity.model import Document, PartyRef, Span
from veracity.text.cue_roles import find_addressee, find_medium
from veracity.text.drafts import Draft
from veracity.text.parse import lemma

# What a name inside a form may hang from to be where the form went out: "an interview with Channel 9
# News", "an address on state channel TVR1", "a post on Chirp". Not "by" or "from" (its author) and not
# "to" (its hearer).
_THROUGH = frozenset({"with", "on", "in", "for", "via", "through"})
# Entity types that are never an outlet.
_NEVER_OUTLETS = frozenset({"PERSON", "DATE", "TIME", "GPE", "LOC", "NORP", "CARDINAL", "ORDINAL", "PERCENT",
                            "MONEY", "QUANTITY", "LAW", "LANGUAGE", "EVENT", "FAC"})


def hearer_and_medium(doc: Document, draft: Draft) -> tuple[PartyRef | None, PartyRef | None, Span | None]:
    """The addressee, medium and form of a drafted quote with a cue, as mentions in the text."""
    if draft.cue is None or doc.parse is None:
        return None, None, None
    text = doc.text
    # Inside a quote, the hearer and channel must be in the quoted words too: the recording
    # that carries Hale's words is not the channel of what Brenner said at the dinner.
    scope = draft.parent.content if draft.parent else [(0, len(text))]
    found = draft.hearer or _with_name(doc, _within(find_addressee(doc.parse, draft.cue, draft.content), scope))
    addressee = PartyRef(text[found[0] : found[1]], *found) if found and found != draft.source else None
    found = draft.carrier or _titled(text, _with_name(doc, _within(find_medium(doc.parse, draft.cue, draft.content),
                                                                    scope)))
    found, form = _outlet_and_form(doc, found)
    if found is None:
        found = _within(_outlet_asking(doc, draft), scope)
    medium = PartyRef(text[found[0] : found[1]], *found) if found else None
    if addressee is not None and medium is not None and (addressee.start, addressee.end) == (medium.start, medium.end):
        addressee = None  # "told the BBC": the outlet the words went out on, not a party they were said to
    if addressee is not None and medium is None and draft.parent is None and _US.fullmatch(addressee.text.strip()):
        own = _own_outlet(doc)  # "A pal of Marr told us": the story's own outlet, named where it boasts
        if own is not None:
            medium, addressee = PartyRef(text[own[0] : own[1]], *own), None
    if addressee is not None and is_outlet_name(doc, addressee.text):
        # "told Nordwire": the agency is how the words came out, not a party they were said to.
        # "told CNA in a telephone interview": the agency says more than the kind of channel.
        if medium is None or not is_outlet_name(doc, medium.text):
            channel = _titled(text, (addressee.start, addressee.end)) or (addressee.start, addressee.end)
            medium = PartyRef(text[channel[0] : channel[1]], *channel)
        addressee = None
    return addressee, medium, (Span(text[form[0] : form[1]], *form) if form else None)


def _outlet_asking(doc: Document, draft: Draft) -> tuple[int, int] | None:
    """An outlet that asked for or carried the words: "Contacted by the Courier, Mr Tolley said …",
    "Temirov was quoted by KNA as saying", "Asked by Radio Norte whether …"."""
    assert draft.cue is not None
    cue = doc.parse.char_span(*draft.cue, alignment_mode="expand")
    if cue is None or not len(cue):
        return None
    verbs = [cue.root, *(c for c in cue.root.children if c.dep_ == "advcl")]
    source = doc.parse.char_span(*draft.source, alignment_mode="expand") if draft.source else None
    if source is not None and len(source):  # "two mechanics quoted by the Damaris Herald"
        verbs += [c for c in source.root.children if c.dep_ == "acl"]
    for verb in verbs:
        if lemma(verb).lower() not in _ASKING_LEMMAS:
            continue
        for agent in (c for c in verb.children if c.dep_ == "agent"):
            target = next((c for c in agent.children if c.dep_ == "pobj"), None)
            if target is None or any(s <= target.idx < e for s, e in draft.content):
                continue
            words = [t for t in target.subtree if t.dep_ not in ("det", "punct")]
            span = (words[0].idx, words[-1].idx + len(words[-1]))
            if is_outlet_name(doc, doc.text[span[0] : span[1]]):
                return span
    return None


_ASKING_LEMMAS = frozenset({"contact", "reach", "ask", "interview", "question", "quote", "approach", "press"})


def hearers_before_clause(parse: Doc | None, drafts: list[Draft], text: str) -> None:
    """ "told Meridian Press the prime minister had been joking": with no "that", the tagger runs the
    hearer into the words said. The parse has the hearer as the telling verb's object and the words as
    its clause: the hearer is set apart and the content starts where the clause does."""
    if parse is None:
        return
    for draft in drafts:
        if draft.cue is None or draft.hearer is not None or not draft.content:
            continue
        start, end = draft.content[0]
        if draft.cue[1] > start or text[draft.cue[1] : start].strip():
            continue
        cue = parse.char_span(*draft.cue, alignment_mode="expand")
        words = parse.char_span(start, end, alignment_mode="contract")
        verb = next((t for t in reversed(cue) if lemma(t).lower() in _TELLING_LEMMAS), None) if cue else None
        if verb is None or words is None or len(words) < 3:
            continue
        hearer = next((c for c in verb.children if c.dep_ in ("dobj", "dative", "iobj")
                       and c.left_edge.i == words.start), None)
        if hearer is None or hearer.right_edge.i + 1 >= words.end or hearer.lower_ in _SAID_THINGS:
            continue
        clause = [c for c in verb.children if c.dep_ == "ccomp" and hearer.right_edge.i < c.i < words.end]
        if not clause:
            continue
        after = parse[hearer.right_edge.i + 1]
        draft.hearer = (words.start_char, hearer.right_edge.idx + len(hearer.right_edge))
        draft.content[0] = (after.idx, end)


# Verbs whose object is told: "told the Courant the cabin smelled …".
_TELLING_LEMMAS = frozenset({"tell", "assure", "inform", "warn", "remind", "promise", "reassure", "email",
                             "text", "brief", "advise", "notify"})
_SAID_THINGS = frozenset({"it", "this", "that", "what", "something", "anything", "nothing", "everything"})


def _outlet_and_form(
    doc: Document, span: tuple[int, int] | None
) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """Split a channel phrase into the outlet it names and the form it names: "a statement" is a form
    with no outlet, "an interview with Channel 9 News" both, "its Rallycast channel" the outlet
    Rallycast, "Nordwire" an outlet."""
    if span is None:
        return None, None
    words = doc.parse.char_span(*span, alignment_mode="expand")
    if words is None or not len(words):
        return span, None
    head = words.root
    head_lemma = lemma(head).lower()
    if head.pos_ == "PROPN":
        return span, None  # "Nordwire", "Channel 9 News"
    if head_lemma in FORM_WORDS:
        return _outlet_inside(words, head), _without_clause(words, head)
    if head_lemma in OUTLET_HEADS:
        return _named_part(words, head), None
    return span, None


def _without_clause(words: Words, head: Token) -> tuple[int, int]:
    """A form without the clause about it: "A recording obtained by the Daily Ledger" is "A recording"."""
    kept = [head, *(t for child in head.children if child.dep_ not in ("acl", "relcl", "punct")
                    for t in child.subtree)]
    kept = [t for t in kept if words.start <= t.i < words.end]
    first, last = min(kept, key=lambda t: t.i), max(kept, key=lambda t: t.i)
    return first.idx, last.idx + len(last)


def _named_part(words: Words, head: Token) -> tuple[int, int]:
    """ "its Rallycast channel" -> "Rallycast": the name an outlet noun is given, else the whole phrase."""
    named = [t for t in words if t.i != head.i and t.pos_ == "PROPN" and t.head.i == head.i
             and t.dep_ in ("compound", "appos", "poss", "npadvmod", "nmod") and t.ent_type_ not in _NEVER_OUTLETS]
    if not named:
        return words.start_char, words.end_char
    name = named[0]
    chain = sorted([name, *(t for t in name.subtree if t.dep_ == "compound")], key=lambda t: t.i)
    return chain[0].idx, chain[-1].idx + len(chain[-1])


def _outlet_inside(words: Words, head: Token) -> tuple[int, int] | None:
    """The named outlet a form went out through, inside the form's phrase: "an interview with Channel
    9 News", "a post on Chirp", "an address on state channel TVR1"; None when it names none."""
    for preposition in (t for t in words if t.dep_ == "prep" and (t.lower_ in _THROUGH or t.lower_ == "to")):
        if preposition.head.i != head.i and preposition.head.head.i != head.i:
            continue  # a preposition of the form itself, or of the verb that posted it ("a statement posted on")
        target = next((c for c in preposition.children if c.dep_ == "pobj"), None)
        platform = target is not None and target.lower_.rstrip(".") in PLATFORMS  # ("X." at a sentence's end)
        if preposition.lower_ == "to" and not platform:
            continue  # "a video posted to TikTok" went out on it; "a letter to Smith" did not
        if target is None or not (words.start <= target.i < words.end) or (
                target.ent_type_ in _NEVER_OUTLETS and not platform):  # "Threads" read as a place
            continue
        if platform and target.text.endswith(".") and target.lower_ not in PLATFORMS:
            return target.idx, target.idx + len(target) - 1
        if target.pos_ == "PROPN" or platform:
            owner = next((c for c in target.children if c.dep_ == "poss" and c.pos_ == "PROPN"), None)
            chosen = owner or target
            named = [t for t in chosen.subtree if t.dep_ in ("compound", "nmod") and t.pos_ == "PROPN"]
            chain = sorted([chosen, *named], key=lambda t: t.i)
            return chain[0].idx, chain[-1].idx + len(chain[-1])
        if lemma(target).lower() in OUTLET_HEADS:
            part = _named_part(words, target)
            if part != (words.start_char, words.end_char):
                return part
    return None


_DATELINE_AGENCY = re.compile(r"^[A-Z][A-Z .'’-]+(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s+\(([^)\n]{2,40})\)\s*[-–—]",
                              re.MULTILINE)
_OUTLET_WORDS = re.compile(r"(?:\b|\B(?=wire\b))(?:wire|press|news|agency|radio|tv|television|times|post|herald|"
                           r"tribune|gazette|courier|courant|ledger|journal|broadcast\w*|channel|network|daily|weekly|"
                           r"monthly|chronicle|observer|echo|mail|standard|mirror|express|review|fm|podcast|"
                           r"programme|program|show|bulletin|dispatch|examiner|sentinel|guardian|telegraph|inquirer|"
                           r"enquirer|globe|lantern|beacon|clarion|messenger|spectator|argus|paper|newspaper|magazine|"
                           r"broadcaster|website|outlet)\b", re.IGNORECASE)
# A North American broadcaster's call sign, with its channel number: "KNCV 4", "WXRT-FM", "KVRT 9".
_CALL_SIGN = re.compile(r"[KW][A-Z]{2,3}(?:-(?:TV|FM|AM|DT))?(?:\s+\d{1,2})?$")
# An outlet's full name anywhere in the story ("the Continental Press Agency"), for its initials further down.
_TITLED_OUTLET = re.compile(r"\b(?!The\s)(?:[A-Z][\w'’-]+\s+){1,4}"
                            r"(?:Agency|Service|Press|News|Wire|Network|Broadcasting)\b")
# "Starwatch > Celebrity": a web page's breadcrumb starts with the site's own name.
_BREADCRUMB_SITE = re.compile(r"^([A-Z][\w'’ .-]{1,30}?)\s+>\s+\w", re.MULTILINE)
# "CheckPoint | August 12, 2025", "The Northgate Ledger | Features | 18 June 2025": the outlet's own line.
_BYLINE_SITE = re.compile(r"^(?:The\s+)?([A-Z][\w'’ .&-]{1,40}?)\s+\|\s", re.MULTILINE)
_US = re.compile(r"us|this\s+(?:newspaper|paper|website|site|magazine|programme|station)", re.IGNORECASE)
_PERSON_AT_OUTLET = re.compile(r"\b(?:host|presenter|anchor|reporter|correspondent|editor|journalist|columnist|"
                               r"interviewer|producer|commentator|pundit)s?\b", re.IGNORECASE)
# What only a newsroom does: "a letter seen by The Circuit", "a recording obtained by the Sunday Courier",
# "Buzzline can reveal". (Not "has learned" or "has seen": "Trump has seen his numbers" made a person an outlet.)
_OUTLET_DEED = re.compile(r"\b(?:seen|obtained|reviewed|verified)\s+by\s+((?:the\s+|The\s+)?(?:[A-Z][\w'’-]+\s?){1,4})"
                          r"|\b((?:The\s+)?(?:[A-Z][\w'’-]+\s+){1,4})can\s+(?:now\s+)?reveal\b")
_OUTLET_NOUN_BEFORE = re.compile(r"\b(?:news\s+agency|agency|broadcaster|newspaper|paper|radio|station|channel|weekly|"
                                 r"daily|magazine|tabloid|broadsheet|website|news\s+site|outlet)\s+"
                                 r"((?:[A-Z][\w'’-]+\s*){1,4})")


def _own_outlet(doc: Document) -> tuple[int, int] | None:
    """Where the story names its own outlet: "… The Daily Blurt can reveal", its masthead line ("The Northgate
    Ledger | 18 June 2025")."""
    found = next((m.span(2) for m in _OUTLET_DEED.finditer(doc.text) if m.group(2)), None)
    if found is None:
        site = _BYLINE_SITE.search(doc.text, 0, 2000)
        found = site.span(1) if site is not None else None
    if found is None:
        return None
    start, end = found
    while end > start and doc.text[end - 1].isspace():
        end -= 1
    return start, end


def is_outlet_name(doc: Document, mention: str) -> bool:
    """Whether a hearer is a news outlet: its name says so ("Capitol Wire", "the state news agency"),
    or the story itself names it as one (its dateline's agency, "the broadcaster ETV")."""
    name = re.sub(r"^(?:the|a|an)\s+", "", mention.strip(), flags=re.IGNORECASE)
    if _PERSON_AT_OUTLET.search(name):
        return False  # "the radio host Priya Lane": a person who works for an outlet
    if _OUTLET_WORDS.search(name) or _CALL_SIGN.match(name) or name.lower().rstrip(".") in NEWS_OUTLETS:
        return True  # ("told Reuters": an outlet every reader knows, whether or not the story says what it is)
    outlets = doc.scratch.get("outlet_names")
    if outlets is None:
        found = {m.group(1).strip() for m in _DATELINE_AGENCY.finditer(doc.text)}
        found |= {m.group(1).strip() for m in _OUTLET_NOUN_BEFORE.finditer(doc.text)}
        found |= {m.group(1).strip() for m in _BREADCRUMB_SITE.finditer(doc.text, 0, 2000)}
        found |= {m.group(1).strip() for m in _BYLINE_SITE.finditer(doc.text, 0, 2000)}
        found |= {m.group(0).strip() for m in _TITLED_OUTLET.finditer(doc.text)}
        found |= {re.sub(r"^the\s+", "", (m.group(1) or m.group(2)).strip(), flags=re.IGNORECASE)
                  for m in _OUTLET_DEED.finditer(doc.text)}
        # "Continental News Agency" is "CNA" further down.
        found |= {"".join(w[0] for w in n.split()) for n in found if len(n.split()) > 1 and n.istitle()}
        outlets = doc.scratch["outlet_names"] = frozenset(found)
    if name not in outlets and mention.strip().lower().startswith("the ") and len(name.split()) == 1:
        # "the Star", once the story has named "the Hallam Star": an outlet by its last word
        shortened = doc.scratch.get("outlet_last_words")
        if shortened is None:
            shortened = doc.scratch["outlet_last_words"] = frozenset(
                n.split()[-1] for n in outlets if len(n.split()) > 1 and n.split()[-1][:1].isupper())
        return name in shortened
    return name in outlets


def _with_name(doc: Document, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """Extend "the state news agency" to "the state news agency Nordpress" when a name follows."""
    if span is None:
        return None
    starts = doc.scratch.get("entity_starts")
    if starts is None:
        starts = doc.scratch["entity_starts"] = {e.start_char: e for e in doc.parse.ents}
    follower = starts.get(span[1] + 1) or starts.get(span[1])
    if (follower is not None and follower.label_ in {"ORG", "PERSON", "GPE", "NORP", "WORK_OF_ART"}
            and follower.root.dep_ not in ("nsubj", "nsubjpass")):
        return (span[0], follower.end_char)  # (not "told analysts | Castellan would cut …": whom the words are about)
    words = doc.parse.char_span(*span, alignment_mode="expand")
    if words is not None and len(words) and lemma(words.root).lower() in OUTLET_HEADS:
        # "the state news agency TNA": a name the entity recogniser missed, right after an outlet noun
        run = []
        for token in doc.parse[words.end : words.end + 4]:
            if token.pos_ != "PROPN" or token.ent_type_ in _NEVER_OUTLETS:
                break
            run.append(token)
        if run:
            return (span[0], run[-1].idx + len(run[-1]))
    return span


def _titled(text: str, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """A programme's or podcast's title in quotation marks is its name: 'his podcast “Off the Bar”', 'the
    "Off The Record" podcast', 'the breakfast programme “Morning Brew”' come through Off the Bar, Off The
    Record, Morning Brew."""
    if span is None:
        return span
    owner_end = span[1] - 2 if text[span[0] : span[1]].endswith(("'s", "’s")) else span[1]
    owned = _OWNED_PROGRAMME.match(text, owner_end)
    if owned is not None:  # "Radio 4's Today programme": the programme, which the outlet's name only places
        return span[0], owned.end()
    if not _PROGRAMME.search(text, *span):
        return span
    title = _QUOTED_TITLE.search(text, span[0], min(len(text), span[1] + 45))
    if title is None or title.start() > span[1]:
        return span
    return title.span("title")


_PROGRAMME = re.compile(r"\b(?:podcast|programme|program|show|series|broadcast|bulletin|column|blog)s?\b",
                        re.IGNORECASE)
_OWNED_PROGRAMME = re.compile(r"['’]s\s+(?:[A-Z][\w'’-]*\s+){1,4}(?:programme|program|show|podcast|bulletin)\b"
                              r"|['’]s\s+(?:[A-Z][\w'’-]*\s+){0,3}(?:at|At)\s+(?:One|Six|Ten)\b")
_QUOTED_TITLE = re.compile(r"\s*[\"“‘']\s*(?P<title>[A-Z][^\"“”‘’\n]{1,40}?)[\"”’']")


def _within(
    span: tuple[int, int] | None, scope: list[tuple[int, int]]
) -> tuple[int, int] | None:
    if span is None:
        return None
    return span if any(s <= span[0] and span[1] <= e for s, e in scope) else None
