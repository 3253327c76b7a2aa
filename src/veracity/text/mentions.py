"""Rules for reading mentions of people and organisations: names, titles, descriptions, pronouns.

These are the small parsers the speaker resolver (``veracity.text.speakers``) uses, over the words of
``veracity.lang.en.people``. They are rules over the spaCy parse because no offline coreference model is
available.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from veracity.lang.en.people import (
    FEMALE_CUES,
    FEMALE_FIRST_NAMES,
    HEADLINE_VERBS,
    MALE_CUES,
    MALE_FIRST_NAMES,
    PERSON_NOUNS,
    POST_NOMINALS,
    TITLE_WORDS,
)
from veracity.model import Mention, Person, content_id

_AGE_DESCRIPTION = re.compile(r"^the (\d{1,3})-year-old\b", re.IGNORECASE)
_AGE_BEFORE_NAME = re.compile(r"\b(\d{1,3})-year-old\s+$", re.IGNORECASE)
_AGE_AFTER_NAME = re.compile(r"^,\s*(\d{1,3}),")
_POSSESSIVE = re.compile(r"['’]s?$")


@dataclass
class PersonRecord:
    """A Person being built, with what the rules learned about them (roles, age, gender)."""

    name: str
    type: str
    roles: set[str] = field(default_factory=set)
    ages: set[int] = field(default_factory=set)
    gender: str | None = None  # "m", "f" or None when unknown
    gender_at: int = -1  # where the text first shows the gender ("Mrs Kassar" at the end says nothing before it)
    mentions: list[Mention] = field(default_factory=list)
    _mention_starts: set[int] = field(default_factory=set, repr=False, compare=False)
    _starts_seen: int = field(default=0, repr=False, compare=False)  # mentions already in ``_mention_starts``
    _named_starts: list[int] = field(default_factory=list, repr=False, compare=False)
    _named_seen: int = field(default=0, repr=False, compare=False)

    @cached_property
    def tokens(self) -> list[str]:
        """The name's words, lower-cased (a record's name never changes, so they are split once)."""
        return self.name.lower().split()

    @cached_property
    def person_id(self) -> str:
        """The id of ``to_person()``'s Person, without building it (a long text's record has thousands of
        mentions, and the id is asked for at every quote)."""
        return content_id("person", self.name.lower())

    def has_mention_at(self, start: int) -> bool:
        self._mention_starts.update(m.start for m in self.mentions[self._starts_seen :])
        self._starts_seen = len(self.mentions)
        return start in self._mention_starts

    def named_at(self) -> list[int]:
        """Where the record is named (name and organisation mentions), in text order, kept sorted as
        mentions arrive: namesakes are told apart at every later mention by the last one before it."""
        for mention in self.mentions[self._named_seen :]:
            if mention.kind in ("name", "organisation"):
                bisect.insort(self._named_starts, mention.start)
        self._named_seen = len(self.mentions)
        return self._named_starts

    def to_person(self) -> Person:
        """The model Person, mentions in text order without duplicates."""
        unique = {(m.start, m.end, m.kind): m for m in self.mentions}
        ordered = sorted(unique.values(), key=lambda m: (m.start, m.end))
        return Person(self.person_id, self.name, self.type, ordered)

    def add_mention(self, text: str, start: int, end: int, kind: Any) -> None:
        self.mentions.append(Mention(text, start, end, kind))


@dataclass
class Group:
    """An unnamed group ("officials") that becomes an UNKNOWN Person only when it speaks."""

    text: str
    start: int
    end: int


Referent = PersonRecord | Group


@dataclass
class SalienceEvent:
    """A mention that can serve as an antecedent, with its salience weight."""

    pos: int
    sentence: int
    referent: Referent
    weight: float
    speaker: bool = False


class SalienceEvents:
    """Salience events filed by sentence, so a look-back reads only the sentences in its window
    (resolution stays linear in the length of the document)."""

    def __init__(self) -> None:
        self.by_sentence: dict[int, list[SalienceEvent]] = {}

    def append(self, event: SalienceEvent) -> None:
        self.by_sentence.setdefault(event.sentence, []).append(event)

    def within(self, first_sentence: int, last_sentence: int) -> list[SalienceEvent]:
        return [e for s in range(first_sentence, last_sentence + 1) for e in self.by_sentence.get(s, [])]


def strip_possessive(text: str) -> str:
    """``"Macron's"`` -> ``"Macron"``."""
    return _POSSESSIVE.sub("", text) if re.search(r"['’]s?$", text) and len(text) > 2 else text


_DESCRIBED_AFTER = re.compile(r",\s+(?:where|who|which|whose|when)\s.*$", re.DOTALL)
_ABBREVIATED_END = re.compile(r"\b(?:Ltd|Inc|Co|Corp|Pvt|Jr|Sr|Bros|Pty|Cie|Ltda)\.$")
_ACRONYM_AFTER = re.compile(r"(?<=\w)\s+\([A-Z][\w&.-]{0,11}\)?\s*$")


def canonical_name(text: str) -> str:
    """The entity text without a leading article, titles, possessive or edge punctuation (the dash of
    a signature, "― Carla Sanchez", too)."""
    text = _DESCRIBED_AFTER.sub("", text)  # "Residents of Harmon Avenue, where crews worked": the residents
    text = _ACRONYM_AFTER.sub("", text)  # "the Transport Workers' Union (TAWU)": the union
    abbreviated = _ABBREVIATED_END.search(text.strip().rstrip(",;:"))  # "Shubham Healthcare Pvt. Ltd.": its "."
    words = strip_possessive(text.strip().strip(",.;:\"'“”‘’―—–-").strip()).split()
    if abbreviated and words:
        words[-1] += "."
    while words and words[0].lower() == "the":
        words = words[1:]
    while len(words) > 1 and words[0].lower().rstrip(".") in TITLE_WORDS:
        words = words[1:]
    # Headlines glue the verb onto the name ("Obama Says ..."); never part of a canonical name, and
    # neither is a post-nominal ("Nadia Crewe KC").
    while len(words) > 1 and (words[-1].lower() in HEADLINE_VERBS or words[-1].rstrip(",") in POST_NOMINALS):
        words = words[:-1]
    return " ".join(words)


def gender_from_words(words: list[str]) -> str | None:
    """``"m"``/``"f"`` when an honorific, a gendered role or a known first name says so."""
    for word in (w.lower().rstrip(".") for w in words):
        if word in MALE_CUES or word in MALE_FIRST_NAMES:
            return "m"
        if word in FEMALE_CUES or word in FEMALE_FIRST_NAMES:
            return "f"
    return None


def age_near_name(text: str, start: int, end: int) -> int | None:
    """An age written next to a name: ``"Macron, 47,"`` or ``"the 73-year-old Macron"``."""
    after = _AGE_AFTER_NAME.match(text[end : end + 8])
    before = _AGE_BEFORE_NAME.search(text[max(0, start - 20) : start])
    match = after or before
    return int(match.group(1)) if match else None


def description_age(text: str) -> int | None:
    """The age in ``"the 73-year-old"``, else None."""
    match = _AGE_DESCRIPTION.match(text.strip())
    return int(match.group(1)) if match else None


def title_tokens(name_span: Any) -> list[Any]:
    """Tokens just left of a name that modify it: ``French President``, ``spokeswoman``."""
    doc = name_span.doc
    inside = set(range(name_span.start, name_span.end))
    taken: list[Any] = []
    index = name_span.start - 1
    while index >= 0:
        token = doc[index]
        attached = token.head.i in inside or token.head.i in {t.i for t in taken}
        if not attached or token.dep_ in ("det", "poss", "punct", "cc", "prep", "case", "appos"):
            break
        if token.pos_ in ("VERB", "AUX", "ADP", "DET", "PUNCT", "PRON", "SPACE", "NUM"):
            break
        taken.insert(0, token)
        index -= 1
    return taken or _role_words_before(name_span)


def _role_words_before(name_span: Any) -> list[Any]:
    """The parser sometimes hangs a title on the line before ("9 September 2024 / Former transport
    minister Claire Devereux"): words before the name still make its title when the one next to it
    is a role noun."""
    doc = name_span.doc
    index = name_span.start - 1
    if index < 0 or doc[index].lower_ not in PERSON_NOUNS:
        return []
    taken: list[Any] = []
    while index >= 0 and doc[index].pos_ in ("NOUN", "ADJ", "PROPN") and "\n" not in doc[index].text:
        taken.insert(0, doc[index])
        index -= 1
    return taken


def apposition_roles(name_span: Any) -> set[str]:
    """Role words of an apposition after the name (``Donald Trump, the Republican nominee,``) or of
    the description the name is in apposition to (``the Kastel's spokesman, Gleb Vartanov``)."""
    roles: set[str] = set()
    root = name_span.root
    for child in root.children:
        if child.dep_ == "appos" and child.i >= name_span.end and child.pos_ != "NUM":
            roles.update(t.lower_ for t in child.subtree if t.pos_ in ("NOUN", "ADJ", "PROPN"))
    head = root.head
    if root.dep_ == "appos" and head.i < name_span.start and head.pos_ == "NOUN":
        roles.add(head.lower_)
        roles.update(c.lower_ for c in head.children if c.dep_ in ("amod", "compound") and c.pos_ in ("NOUN", "ADJ")
                     or c.dep_ == "poss" and c.pos_ == "PROPN")  # "Labour's candidate, Mark Fellowes": Labour's
    return roles


def is_group_phrase(span: Any) -> bool:
    """A plural common noun phrase without a name: ``officials``, ``the senators``, ``critics``."""
    root = span.root
    # A capitalised word inside a sentence is a name the tagger took for a plural ("Tavares said").
    name_like = root.text[:1].isupper() and not root.is_sent_start
    return root.tag_ in ("NNS",) and not name_like and not any(t.pos_ == "PROPN" for t in span)


def proper_noun_run(span: Any) -> Any | None:
    """The last run of proper nouns in a span (``RIA Novosti`` in ``the state news agency ...``); a
    hyphen inside a double-barrelled name ("Okonkwo-Hart") does not break the run."""
    best = None
    run_start: int | None = None
    for token in list(span) + [None]:
        if token is not None and (token.pos_ == "PROPN" or _joins_name(token)):
            run_start = token.i if run_start is None else run_start
            continue
        if run_start is not None:
            end = token.i if token is not None else span.end
            while end - run_start > 1 and span.doc[end - 1].text in POST_NOMINALS:
                end -= 1
            best = span.doc[run_start:end]
            run_start = None
    return best


def _joins_name(token: Any) -> bool:
    """A hyphen written without spaces between two capitalised words."""
    doc = token.doc
    return (token.text == "-" and not token.whitespace_ and 0 < token.i < len(doc) - 1
            and not doc[token.i - 1].whitespace_ and doc[token.i - 1].text[:1].isupper()
            and doc[token.i + 1].text[:1].isupper())
