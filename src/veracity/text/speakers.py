"""Speaker resolution: one Person per person or organisation, every mention, each quote's speaker.

Rules over the spaCy parse (no offline coreference model exists): name variants cluster by shared
surname, titles and appositions teach each person's roles and age, and pronouns and descriptions go to
the most salient compatible antecedent, where salience favours recent subjects and quote speakers.
First-person sources ("I told Erdogan") belong to the speaker of the quote they sit inside.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from typing import Any

from veracity.errors import StageError
from veracity.lang.en.media_words import OUTLET_NAME_WORDS
from veracity.lang.en.people import (
    FIRST_PERSON,
    GENERIC_PERSON_NOUNS,
    MALE_PRONOUNS,
    ORG_NOUNS,
    PERSON_NOUNS,
    PLURAL_PRONOUNS,
    POST_NOMINALS,
    THIRD_PERSON,
    TITLE_ROLES,
    TITLE_WORDS,
)
from veracity.lang.en.speech_words import ASKING_CUE
from veracity.model import Document, Entity, PartyRef, Quote, QuotedText, Span, SpeakerRef
from veracity.pipeline import Stage, register_stage
from veracity.stretches import Stretches
from veracity.text.channels import is_outlet_name
from veracity.text.drafts import OPENING_MARKS
from veracity.text.mentions import (
    Group,
    PersonRecord,
    Referent,
    SalienceEvent,
    SalienceEvents,
    age_near_name,
    apposition_roles,
    canonical_name,
    description_age,
    gender_from_words,
    is_group_phrase,
    proper_noun_run,
    title_tokens,
)
from veracity.text.parse import lemma, sentence_starts
from veracity.text.quote_marks import find_quoted_runs
from veracity.text.sources import read_from_a_document
from veracity.text.transcript import CHAT_STAMP

_LABEL_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "NORP": "NORP", "FAC": "ORG", "LOC": "GPE"}
_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_NOT_TITLE_POS = frozenset({"DET", "PUNCT", "ADP", "CCONJ", "SPACE"})
_LOOKBACK_SENTENCES = 8
# The highest score a salience event can have at distance 0 (a subject's weight plus a speaker's bonus):
# a look-back stops where even that could no longer win.
_MAX_SALIENCE = 2.5
_CALENDAR_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow tonight january february "
    "march april may june july august september october november december".split()
)


# "a first Oscar nomination", "two Emmy awards": a prize's name before what it names is nobody.
_AWARD_AFTER = re.compile(r"['’]?s?\s+(?:nominations?|nominees?|awards?|winners?|prizes?|statuettes?|trophy|"
                          r"trophies)\b", re.IGNORECASE)


# "a training base in Sollen", "the festival at Lisbourne": a place the tagger called a person.
_PLACE_BEFORE = re.compile(r"\b(?:in|at|near|outside)\s+$")
_POSSESSIVE_AFTER = re.compile(r"['’]s\b")


def _is_name(text: str) -> bool:
    """Whether an entity can name a speaker: not a day or month the tagger took for an organisation
    ("a recording published on Wednesday"), not run across a line break (a headline into the body), not
    words in lower case the tagger took for a name ("The finance minister rang me": "rang me", PERSON)."""
    name = canonical_name(text)
    return (bool(name) and "\n" not in text and name.lower() not in _CALENDAR_WORDS
            and any(word[:1].isupper() or word[:1].isdigit() for word in name.split())
            and not _ORDINAL_END.search(name)  # "Rovers 19th" of "which left Rovers 19th"
            and name.lower() not in _FORMS_OF_ADDRESS)  # "Madam" of "Madam President", said to her


_NAME_GIVEN = re.compile(r",?\s+who\s+gave\s+(?:only\s+)?(?:her|his|their)\s+(?:first\s+)?name(?:\s+only)?"
                         r"(?:\s+as|,)\s+(?P<name>[A-Z][\w'’-]+)")
_NAME_GIVEN_REACH = 60
# "a voice the newspaper identified as port director Anders Holm": the one named is the speaker.
_BREAK = re.compile(r"[.,;:!?\"“”]")  # between a source phrase and what names it
_IDENTIFIED_AS = re.compile(r"\b(?:identified|named)\s+as\s+(?:[a-z][\w'’-]*\s+){0,3}"
                            r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})")
_FORMS_OF_ADDRESS = frozenset("madam madame sir ma'am ma’am darling mate boss guv".split())
_ORDINAL_END = re.compile(r"\s\d+(?:st|nd|rd|th)$")


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping cover of the spans (for a binary search of "inside a quote")."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


class _DocumentResolver:
    """Resolution state for one document."""

    def __init__(self, doc: Document) -> None:
        if doc.parse is None:
            raise StageError(
                "doc.parse is empty; run the parse stage before speakers", stage="speakers", source=doc.metadata.source
            )
        self.doc = doc
        self.parse = doc.parse
        self._subjects: dict[int, bool] = {}  # mention start -> heads a clause subject (see _is_subject)
        self._affiliation_words: set[str] | None = None  # lower-cased words of countries, peoples, parties: read once
        self._named_as_bodies: set[str] = set()  # names an organisation noun introduced ("the delivery app Zipp")
        self.records: list[PersonRecord] = []
        self._by_person_id: dict[str, PersonRecord] = {}  # the first record with each id
        # Name lookups by exact words, by surname, and by first name of full names: a new entity is
        # matched against its namesakes only, never against every record (linear in a long text).
        self._by_words: dict[tuple[str, ...], PersonRecord] = {}
        self._people_by_last: dict[str, list[PersonRecord]] = {}
        self._people_by_first: dict[str, list[PersonRecord]] = {}
        self.entity_records: list[tuple[int, int, PersonRecord]] = []
        self._entity_starts: list[int] = []
        self._longest_entity = 0
        self.groups: dict[str, PersonRecord] = {}
        self._title_holders: dict[str, dict[int, PersonRecord]] | None = None
        self.events = SalienceEvents()
        self.sentence_starts = sentence_starts(self.parse)[1]
        self.quoted = _merged([(s, e) for q in doc.quotes if q.kind != "indirect" for s, e in q.content.spans])
        self.quoted_starts = [s for s, _ in self.quoted]

    def sentence_of(self, pos: int) -> int:
        return max(0, bisect_right(self.sentence_starts, pos) - 1)

    def in_quote(self, pos: int) -> bool:
        i = bisect_right(self.quoted_starts, pos) - 1
        return i >= 0 and pos < self.quoted[i][1]

    # -- names ---------------------------------------------------------------------------------
    def cluster_entities(self) -> None:
        """One record per person/organisation; shorter name variants join the longest full name."""
        bylines = [m.span() for m in _BYLINE_LINE.finditer(self.doc.text)]
        # "KERVAN, June 11 (Meridian Wire) -": the dateline's place is a place wherever it recurs ("no truth in
        # Kervan's story"), never someone who speaks or whom "its chief spokesman" serves.
        places = {m.group("place").strip().lower() for m in _DATELINE_PLACE.finditer(self.doc.text)}
        usable = [self._repaired(e.start, e.start + _before_apposition(e.text), e.label)
                  for e in _joined_bodies(self.doc.text, self.doc.entities)
                  if e.label in _LABEL_TYPES and _is_name(e.text) and e.text not in POST_NOMINALS
                  and e.text.lower() not in places and not _VENUE_END.search(e.text)
                  and not _FURNITURE_WORD.fullmatch(e.text)
                  and not any(s <= e.start < end for s, end in bylines)  # who wrote it is no party to it
                  and not _NICKNAME_BEFORE.search(self.doc.text, max(0, e.start - 60), e.start)
                  and not self._verb_taken_for_a_name(e.start, e.end)
                  and not (e.label == "PERSON" and self._names_a_thing(e.start, e.end))
                  and not _AWARD_AFTER.match(self.doc.text, e.end)
                  and not (e.label == "PERSON" and _PLACE_BEFORE.search(self.doc.text, max(0, e.start - 8), e.start)
                           and not _POSSESSIVE_AFTER.match(self.doc.text, e.end))]
        # "the investigative website Ledgerline": a name an outlet's noun introduces is an outlet wherever it recurs.
        outlets = {canonical_name(m.group(1)) for m in _OUTLET_INTRODUCED.finditer(self.doc.text)}
        usable = [(s, e, "ORG" if canonical_name(self.doc.text[s:e]) in outlets else label) for s, e, label in usable]
        # "ex Ria Castell" tagged ORG, and later "Castell, 27,": a name whose surname is given an age is a person.
        ages = [(m.group(1), int(m.group(2))) for m in _SURNAME_AGED.finditer(self.doc.text)]
        aged = {surname for surname, _ in ages}
        usable = [(s, e, "PERSON" if label == "ORG" and _personal_name(self.doc.text[s:e], aged) else label)
                  for s, e, label in usable]
        usable.sort(key=lambda e: (e[2] != "PERSON", -len(canonical_name(self.doc.text[e[0] : e[1]]).split()), e[0]))
        for start, end, label in usable:
            name = canonical_name(self.doc.text[start:end])
            record = self._matching_record(name, label, start)
            if record is None:
                record = self._add_record(PersonRecord(name, _LABEL_TYPES[label]))
            self._learn_from_name(record, start, end, name)
        for surname, age in ages:
            # "Anselm, 58, was appointed …", the name the recogniser missed: the age is the named person's
            people = self._people_by_last.get(surname.lower(), [])
            if len(people) == 1:
                people[0].ages.add(age)
        self.entity_records.sort(key=lambda item: item[0])
        self._entity_starts = [start for start, _, _ in self.entity_records]
        self._longest_entity = max((end - start for start, end, _ in self.entity_records), default=0)

    def _verb_taken_for_a_name(self, start: int, end: int) -> bool:
        """ "Drop the judicial review and …": an imperative opening a quotation, labelled PERSON."""
        span = self.parse.char_span(start, end, alignment_mode="expand")
        # ("Stround himself told reporters": a surname the parser took for a verb, outside any quotation, names.)
        return span is not None and len(span) == 1 and span[0].pos_ in ("VERB", "AUX") and self.in_quote(start)

    def _names_a_thing(self, start: int, end: int) -> bool:
        """ "the Lisbourne film festival", "the Trump administration": a name between "the" and the noun it
        modifies names that thing, not a person who speaks or whom a later "she" means."""
        span = self.parse.char_span(start, end, alignment_mode="expand")
        if span is None or span.start == 0 or span.end >= len(self.parse):
            return False
        following = self.parse[span.end]
        return (self.parse[span.start - 1].lower_ == "the" and span.root.dep_ == "compound"
                and span.root.head.i >= span.end and following.pos_ == "NOUN" and following.is_lower)

    def record_by_id(self, person_id: str) -> PersonRecord | None:
        return self._by_person_id.get(person_id)

    def _add_record(self, record: PersonRecord) -> PersonRecord:
        if record.type == "PERSON" and record.name.isupper() and len(record.name.split()) > 1:
            record.name = record.name.title()  # a transcript's "JAMES OKORO:" is James Okoro (the id is the same)
        self.records.append(record)
        self._by_person_id.setdefault(record.person_id, record)
        words = tuple(record.tokens)
        self._by_words.setdefault(words, record)
        if record.type == "PERSON" and words:
            self._people_by_last.setdefault(words[-1], []).append(record)
            if len(words) > 1:
                self._people_by_first.setdefault(words[0], []).append(record)
        return record

    def entities_between(self, start: int, end: int) -> list[tuple[int, int, PersonRecord]]:
        """The named entities that start in [start, end), in text order."""
        return self.entity_records[bisect_left(self._entity_starts, start) : bisect_left(self._entity_starts, end)]

    def _repaired(self, start: int, end: int, label: str) -> tuple[int, int, str]:
        """An entity that is a known first name is a person, whatever the tagger labelled it ("I called
        Irina"), and takes the surname the tagger left out ("Nadia" of "Nadia Crewe KC")."""
        name = canonical_name(self.doc.text[start:end])
        if label == "PERSON" and is_outlet_name(self.doc, name) and not gender_from_words(name.split()[:1]):
            return start, end, "ORG"  # "SAN ALBANO, Jan 17 (Meridian Wire) -": an agency, whatever the tagger said
        body = _ORG_NOUN_BEFORE.search(self.doc.text, max(0, start - 20), start) if label == "PERSON" else None
        if body is not None and (not body.group("apposed") or self.doc.text.startswith(",", end)):
            if not gender_from_words(name.split()[:1]):  # (not "the developer Gerald Marsh")
                self._named_as_bodies.add(name)
            return start, end, "ORG"  # "whose company Vantry Rail won", "His current club, Porto, denied"
        if label == "PERSON" and name in self._named_as_bodies:
            return start, end, "ORG"  # "the delivery app Zipp", then "Zipp knew": the app still
        if label == "PERSON" and name.split()[-1] in _CLUB_WORDS:
            return start, end, "ORG"  # "Castlebridge Rovers", "Harrowby Town": a club, whatever the tagger said
        title = _TITLE_BEFORE.search(self.doc.text, max(0, start - 24), start)
        if label != "PERSON" and (_HONORIFIC_BEFORE.search(self.doc.text, max(0, start - 12), start)
                                  or _HONORIFIC_FIRST.match(self.doc.text, start, end)  # "Dame Celia Marwood" as ORG
                                  or _POST_NOMINAL_AFTER.match(self.doc.text, end)
                                  or (title is not None and title.group(1).lower() in TITLE_WORDS - _NOT_TITLES)):
            return start, end, "PERSON"  # "Mr Amory", "Felix Amory KC": only people are addressed so
        if label in ("NORP", "ORG"):
            cut = _PARTY_WORDS_BEFORE.search(self.doc.text, max(0, start - 30), start) or (
                _JOINED_NAME_BEFORE.search(self.doc.text, max(0, start - 30), start) if label == "ORG" else None)
            if cut is not None:  # "The Liberal Democrats", tagged "Democrats": the party's whole name
                start, name = cut.start(1), canonical_name(self.doc.text[cut.start(1) : end])
        if label == "PERSON":
            start = self._first_name_left_out(start)
        words = name.split()
        if label != "PERSON" and 1 < len(words) <= 3 and gender_from_words(words[:1]) and all(
                w[:1].isupper() for w in words):
            return start, end, "PERSON"  # "Irina Sadikova" labelled ORG: a known first name opens it
        if " " in name or not gender_from_words([name]):
            return start, end, label
        span = self.parse.char_span(start, end, alignment_mode="expand")
        if span is not None:
            token = span[-1]
            while token.i + 1 < len(self.parse) and token.whitespace_ == " " and _surname(self.parse[token.i + 1]):
                token = self.parse[token.i + 1]
            end = max(end, token.idx + len(token.text))
        return start, end, "PERSON"

    def _holder_of_title(self, phrase: str) -> PersonRecord | None:
        """The one person the story names with this capitalised title ("Chief Whip Moira Penhale") when the
        phrase is the title alone ("the Chief Whip", "Chief Whip")."""
        title = _TITLE_ALONE.fullmatch(phrase)
        if title is None:
            return None
        if self._title_holders is None:  # built once: the capitalised words right before each named person
            self._title_holders = {}
            for start, _, record in self.entity_records:
                before = _TITLE_BEFORE_NAME.search(self.doc.text, max(0, start - 60), start)
                if record.type != "PERSON" or before is None:
                    continue
                words = before.group(1).split()
                for first in range(len(words)):  # "Chief Whip" and "Whip" alike
                    self._title_holders.setdefault(" ".join(words[first:]), {})[id(record)] = record
        holders = self._title_holders.get(title.group("title"), {})
        return next(iter(holders.values())) if len(holders) == 1 else None

    def _first_name_left_out(self, start: int) -> int:
        """ "Darren James Hollis, 44," opening a sentence, tagged as "James Hollis": the proper noun the
        tagger left out before a name is its first name, when it is no word for a role ("Prosecutor Ruth
        Okafor", "Passenger Hugo Brandvold")."""
        span = self.parse.char_span(start, start + 1, alignment_mode="expand")
        if span is None or span.start == 0:
            return start
        before = self.parse[span.start - 1]
        if (before.is_sent_start and before.is_alpha and before.text.istitle() and before.whitespace_ == " "
                and not before.ent_type_ and before.pos_ == "PROPN" and (
                    gender_from_words([before.text]) is not None or (
                        not _ROLE_WORD.search(before.lower_)
                        and before.lower_ not in _ROLE_NOUNS))
                and before.text not in _HONORIFICS):
            return before.idx
        return start

    def _matching_record(self, name: str, label: str, start: int) -> PersonRecord | None:
        tokens = name.lower().split()
        exact = self._by_words.get(tuple(tokens))
        if exact is not None:
            return exact
        if not tokens:
            return None
        if label == "PERSON":
            matches = [r for r in self._people_by_last.get(tokens[-1], []) if set(tokens) <= set(r.tokens)]
            if not matches and len(tokens) == 1:
                matches = list(self._people_by_first.get(tokens[0], []))
        elif len(tokens) == 1:  # spaCy often labels a bare surname ORG or GPE ("Zakharova said")
            matches = list(self._people_by_last.get(tokens[0], []))
        else:
            matches = []
        return self._closest_record(matches, start) if matches else None

    def _closest_record(self, records: list[PersonRecord], start: int) -> PersonRecord:
        """Of namesakes ("Clinton"), the one last named as a subject before, else last named."""
        if len(records) == 1:
            return records[0]

        def last_before(record: PersonRecord, subjects_only: bool) -> int:
            named = record.named_at()
            for i in range(bisect_left(named, start) - 1, -1, -1):
                if not subjects_only or self._is_subject(named[i]):
                    return named[i]
            return -1

        for subjects_only in (True, False):
            best = max(records, key=lambda r: last_before(r, subjects_only))
            if last_before(best, subjects_only) >= 0:
                return best
        return records[0]

    def _is_subject(self, start: int) -> bool:
        """Whether the mention at ``start`` heads a clause subject; asked again for every namesake ("Clinton")
        at every later mention, so each answer is kept."""
        known = self._subjects.get(start)
        if known is None:
            span = self.parse.char_span(start, start + 1, alignment_mode="expand")
            known = self._subjects[start] = bool(span) and self._subject_token(span[0]) is not None
        return known

    @staticmethod
    def _subject_token(token: Any) -> Any | None:
        """The token heading the noun phrase if that phrase is a clause subject."""
        while token.dep_ in ("compound", "flat", "amod") and token.head is not token:
            token = token.head
        return token if token.dep_ in _SUBJECT_DEPS else None

    def _learn_from_name(self, record: PersonRecord, start: int, end: int, name: str) -> None:
        span = self.parse.char_span(start, end, alignment_mode="expand")
        name_start = self.doc.text.find(name, start, end) if name else -1
        name_start = start if name_start < 0 else name_start
        kind = "name" if record.type == "PERSON" else "organisation"
        record.add_mention(name, name_start, name_start + len(name), kind)
        self.entity_records.append((start, end, record))
        if span is None:
            return
        titles = [t for t in title_tokens(span)] + [t for t in span if t.idx < name_start]
        # "the" in "the Daily Ledger" is no title; neither is punctuation between title and name.
        titles = sorted({t for t in titles if t.pos_ not in _NOT_TITLE_POS}, key=lambda t: t.i)
        if titles:
            t_start, t_end = titles[0].idx, titles[-1].idx + len(titles[-1])
            record.add_mention(self.doc.text[t_start:t_end], t_start, t_end, "title")
        roles = {t.lower_.rstrip(".") for t in titles} | apposition_roles(span) | self._courtroom_roles(start, end)
        held = _ROLE_HELD.match(self.doc.text, end) if record.type == "PERSON" else None
        if held is not None:  # "Sir Anthony Pell, who was permanent secretary at …"
            roles |= set(held.group("role").lower().split())
        record.roles.update(roles)
        if record.type == "PERSON":
            gender = gender_from_words(list(roles) + name.split()[:1])
            if gender is not None and (record.gender is None or start < record.gender_at):
                record.gender, record.gender_at = gender, start
        age = age_near_name(self.doc.text, start, end)
        if age is not None:
            record.ages.add(age)

    def _courtroom_roles(self, start: int, end: int) -> set[str]:
        """Roles a court report gives without an apposition: "the trial of Harold Dunmore" and "Crowe,
        who denies the charges" name the defendant; "Amari, giving evidence" a witness."""
        text = self.doc.text
        roles = set()
        if _DEFENDANT_BEFORE.search(text, max(0, start - 40), start):
            roles.add("defendant")
        after = text[end : end + 200]
        if _DEFENDANT_AFTER.match(after):
            roles.add("defendant")
        if _WITNESS_AFTER.match(after):
            roles.add("witness")
        return roles

    # -- salience ------------------------------------------------------------------------------
    def collect_events(self) -> None:
        """Antecedent candidates: named mentions (subjects weigh more) and plural subject groups."""
        for start, end, record in self.entity_records:
            span = self.parse.char_span(start, end, alignment_mode="expand")
            subject = span is not None and self._subject_token(span.root) is not None
            weight = _IN_QUOTE_WEIGHT if self.in_quote(start) else (
                2.0 if subject else _BY_THE_WAY_WEIGHT if span is not None and _by_the_way(span.root) else 1.0)
            self.events.append(SalienceEvent(start, self.sentence_of(start), record, weight))
        for token in self.parse:
            if token.dep_ in _SUBJECT_DEPS and token.tag_ == "NNS" and not self.in_quote(token.idx):
                phrase = self.parse[token.left_edge.i : token.i + 1]
                if is_group_phrase(phrase):
                    group = Group(phrase.text, phrase.start_char, phrase.end_char)
                    self.events.append(SalienceEvent(token.idx, self.sentence_of(token.idx), group, 2.0))

    def _compatible(self, referent: Referent, pronoun: str, at: int | None = None) -> bool:
        """Whether the pronoun can be the referent; a pronoun at ``at`` knows only the gender shown before it."""
        if isinstance(referent, Group):
            return pronoun in PLURAL_PRONOUNS
        if pronoun in PLURAL_PRONOUNS:
            return referent.type in ("ORG", "NORP", "UNKNOWN")
        if referent.type != "PERSON" and UNNAMED_PERSON not in referent.roles:
            return False
        if at is not None and referent.gender_at > at:
            return True
        wanted = "m" if pronoun in MALE_PRONOUNS else "f"
        return referent.gender in (None, wanted)

    def most_salient(self, pos: int, accept: Any, window: int = _LOOKBACK_SENTENCES) -> Referent | None:
        """The accepted referent whose mentions before ``pos`` score highest (weight minus distance)."""
        sentence = self.sentence_of(pos)
        best: tuple[float, int] | None = None
        chosen: Referent | None = None
        # Sentence by sentence backwards; an older mention wins only on a higher score (ties go to the
        # later one), so the walk stops where no mention could score higher than the best found.
        for distance in range(min(window, sentence) + 1):
            if best is not None and _MAX_SALIENCE - distance <= best[0]:
                break
            for event in self.events.by_sentence.get(sentence - distance, ()):
                if event.pos >= pos or not accept(event.referent):
                    continue
                score = event.weight - distance + (0.5 if event.speaker else 0.0)
                key = (score, event.pos)
                if best is None or key > best:
                    best, chosen = key, event.referent
        return chosen

    # -- resolving spans -----------------------------------------------------------------------
    def resolve_span(
        self, start: int, end: int, pronoun_ok: bool = True, exclude: Referent | None = None,
        salient_at: int | None = None, speaking: bool = True,
    ) -> Referent | None:
        """What a source/addressee/medium span refers to, or None when nothing fits; a pronoun
        never resolves to ``exclude``, and weighs only mentions before ``salient_at`` (default: itself).
        A ``speaking`` phrase (a source) that describes someone is a party of its own; a hearer's or
        channel's phrase is resolved to the name inside it ("an interview with Radio Kessara")."""
        text = self.doc.text[start:end].strip()
        lower = text.lower()
        dangling = _DANGLING_RELATIVE.search(text)
        if dangling is not None and dangling.start() > 0:  # "One dealer who attended, and who": the dealer
            return self.resolve_span(start, start + dangling.start(), pronoun_ok, exclude, salient_at, speaking)
        if lower in THIRD_PERSON and pronoun_ok:
            at = start if salient_at is None else salient_at
            referent = self.most_salient(at, lambda r: r is not exclude and self._compatible(r, lower, at))
            if (isinstance(referent, PersonRecord) and referent.gender is None and lower not in PLURAL_PRONOUNS
                    and self._sole_candidate(at, referent, exclude)):
                referent.gender, referent.gender_at = ("m" if lower in MALE_PRONOUNS else "f"), at
            return referent
        if lower == "it" and pronoun_ok and speaking and _IMPERSONAL_AFTER.match(self.doc.text, end):
            return None  # "It is understood that …": nobody
        if lower == "it" and pronoun_ok and speaking:
            # "'…,' it said", "In a statement, it added": a body that speaks, the latest one before.
            at = start if salient_at is None else salient_at
            return self.most_salient(at, lambda r: r is not exclude and _speaks_as_a_body(r))
        if lower.split(maxsplit=1)[0] in _RELATIVE_PRONOUNS:  # "who", or "who is known as …" whole
            antecedent = self._antecedent_of_relative(start)
            if antecedent is not None:
                return self.resolve_span(*antecedent, pronoun_ok=pronoun_ok, exclude=exclude)
        # "Another parent, who gave her name only as Maria,": Maria (the tagger's source may stop at "who").
        given = _NAME_GIVEN.search(self.doc.text, start, min(len(self.doc.text), end + _NAME_GIVEN_REACH))
        if given is not None and given.start() < end:
            return self._record_for_name(given.group("name"), *given.span("name"), "PERSON")
        identified = _IDENTIFIED_AS.search(self.doc.text, start, min(len(self.doc.text), end + _NAME_GIVEN_REACH))
        if identified is not None and speaking and not _BREAK.search(self.doc.text, end, identified.start()):
            return self._record_for_name(canonical_name(identified.group("name")), *identified.span("name"), "PERSON")
        clause = _RELATIVE_AFTER_NAME.search(self.doc.text, start, end)
        if clause is not None and clause.start() > start:
            # "Marsh, whose firm …, who is known as “the Bulldozer”,": the clause describes the speaker.
            return self.resolve_span(start, clause.start(), pronoun_ok, exclude, salient_at)
        span = self.parse.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        issuer = _issuer_of(span) if speaking else None
        if issuer is not None:  # "TAWU's ballot notice", "a report in the weekly Vesti Kurier": who issued it
            return self.resolve_span(issuer.start_char, issuer.end_char, pronoun_ok, exclude, salient_at)
        if _nationality(span):  # "The Pole revealed …": the person the last sentences were about
            anaphor = self._definite_anaphor(span, start)
            if anaphor is not None:
                return anaphor
        if lower in _BENCH_ADDRESS:  # "Her Honour said …": the judge of the case
            judges = [r for r in self.records if r.type == "PERSON" and r.roles & _ON_THE_BENCH]
            if judges:
                return self._salient_record(start, judges)
        named = self._entity_in(start, end)
        if named is not None:
            return named
        titled = self._holder_of_title(text)
        if titled is not None:  # "the Chief Whip told me", and elsewhere "Chief Whip Moira Penhale said"
            return titled
        if is_group_phrase(span):
            return Group(text, start, end)
        description = self._resolve_description(span, start)
        if description is not None:
            return description
        appositive = _appositive_name(span)
        if appositive is not None:  # "a spokesman for the ministry, Per Engström"
            return self._record_for_name(canonical_name(appositive.text), appositive.start_char,
                                         appositive.end_char, "PERSON")
        introduced_unnamed = self._unnamed_before(span, start)
        if introduced_unnamed is not None:  # "A spokesman for Sir Desmond said …" then "the spokesman said"
            return introduced_unnamed
        if lemma(span.root).lower() in PERSON_NOUNS | _UNNAMED_HEADS or _names_a_doer(span.root):
            introduced = self._named_next(span)
            if introduced is not None:
                return introduced
            anaphor = self._definite_anaphor(span, start)
            if anaphor is not None:
                return anaphor
        if _unnamed_party(span) or lemma(span.root).lower() in PERSON_NOUNS:
            # Unnamed ("a source close to Grant") or described and not yet named ("the former mayor of
            # Leeford"): a party of its own, never the person or place named inside the phrase.
            return Group(text, start, end)
        run = proper_noun_run(span)
        if run is not None and not run.start <= span.root.i < run.end and (
                run.start < span.root.i or not self._heads_description(span, run.start_char)):
            # The name says whose or where, not who: "the government of Castreva", "two residents of Ulm
            # Dara", "the Tavrenian army" are the phrase; "Verifact, a group based in Solvara" is Verifact.
            if span.root.text[:1].isupper() and not (span.root.is_sent_start and span.root.pos_ == "NOUN"):
                run = _name_around(span, span.root)  # (not "Sources close to Mr Penhallow", capitalised to open)
            elif speaking and span.root.pos_ == "NOUN":
                return Group(text, start, end)
        if (run is None and len(span) <= 3 and all(t.text[:1].isupper() and t.pos_ != "PRON" for t in span)
                and not span[0].is_sent_start):  # ("I was told by …" after a colon is no one's surname)
            run = span  # a surname the tagger took for a common noun ("Tavares said")
        if run is not None and _is_name(run.text):
            # "Marsh, whose firm …" / "Santos, 59, …": a name the tagger did not label, described as a person.
            after = run.end_char
            person = (_PERSON_AFTER.match(self.doc.text, after) or _POST_NOMINAL_AFTER.match(self.doc.text, after)
                      or _HONORIFIC_BEFORE.search(self.doc.text, max(0, run.start_char - 12), run.start_char)
                      or span[0].text.rstrip(".") in _HONORIFICS)
            label = "PERSON" if person else "ORG"
            return self._record_for_name(canonical_name(run.text), run.start_char, run.end_char, label)
        one_of = _ONE_OF_DESCRIBED.match(text)
        if one_of is not None:  # "one of them, a 52-year-old shopkeeper": the description names the party
            return Group(one_of.group("who"), start + one_of.start("who"), start + one_of.end("who"))
        if lemma(span.root).lower() in ORG_NOUNS or _ONE_OF.match(text) or _ANOTHER.match(text):
            # A body the text describes but never names ("the club's supporters' trust", "the electoral
            # commission"), or one of a group just mentioned: a party of its own, named by the phrase.
            return Group(text, start, end)
        if speaking and span.root.pos_ == "NOUN" and lemma(span.root).lower() not in _NOT_PARTIES:
            # Whoever a reporting verb's subject describes ("my granddaughter asked me", "the woman next to
            # me said") speaks, named by the phrase until the text names them.
            return Group(text, start, end)
        return None

    def _unnamed_before(self, span: Any, start: int) -> PersonRecord | None:
        """ "A spokesman for Sir Desmond said …" … "the spokesman said": a bare definite description is the
        unnamed party the story introduced with the same noun, the latest before it."""
        head = lemma(span.root).lower()
        if len(span) != 2 or span[0].lower_ != "the" or head not in _INTRODUCED_HEADS:
            return None
        noun = re.escape(span.root.lower_)
        introduced = re.compile(rf"(?:an?|one|another)\s+(?:[\w'’-]+\s+)?{noun}\b", re.IGNORECASE)
        firsts = ((min(m.start for m in r.mentions), r) for r in self.groups.values() if r.mentions)
        earlier = [(first, r) for first, r in firsts if first < start and introduced.match(r.name)]
        return max(earlier, key=lambda item: item[0])[1] if earlier else None

    def _named_next(self, span: Any) -> PersonRecord | None:
        """Wire copy's delayed identification: "The former mayor of Leeford told a jury …", then, opening
        the next paragraph, "Martin Crowe, 61, who led the city council …". A description that
        introduces someone is named by the person who opens the following paragraph, if that person
        is new there; the description's words become their roles ("the former mayor" later on).
        Anonymous heads ("a source", "a person close to …") are never named this way."""
        head = lemma(span.root).lower()
        if head in _ANONYMOUS_HEADS or self.in_quote(span.start_char):
            return None
        if span[0].lower_ in _INDEFINITE and any(t.lower_ in ("who", "whom") for t in span):
            return None  # "One dealer who attended": picked out by what they did, not to be named later
        text = self.doc.text
        titled = self._titled_later(span, head)
        if titled is not None:
            return titled
        match = _NEXT_PARAGRAPH.search(text, span.end_char)
        if match is None or "\n" in text[span.end_char : match.start()].strip():
            return None
        opening = match.end()
        lead_in = _PARTICIPLE_LEAD.match(text, opening)  # "Speaking through an interpreter in Kyiv, Andriy Melnyk said"
        opening = lead_in.end() if lead_in is not None else opening
        title = _TITLE_LEAD.match(text, opening)  # "Sergeant Lucy Amari, 38, was giving evidence …"
        reach = title.end() if title is not None and title.group(1).lower() in TITLE_WORDS else opening
        if title is not None and self._titled_as_another(span, title.group(1), match.start()):
            return None  # "The head of the federation has denied …, after a former team doctor claimed …" / "Dr …"
        # "A former aide to Sen. Vance says …", then "The aide, Kevin Marsh, 31, said …": named in apposition
        described = _DESCRIBED_AGAIN.match(text, opening)
        if described is not None and described.group("head").lower() == span.root.lower_:
            reach = described.end()
        candidates = self.entities_between(opening, reach + 3)
        if text[opening : opening + 1] in OPENING_MARKS:
            # The next paragraph is their words; the name comes with its attribution: "“I told him in
            # writing …,” the witness, Carys Lloyd, said." — the first person named outside the quotation.
            following = _NEXT_PARAGRAPH.search(text, opening)
            limit = following.start() if following is not None else len(text)
            candidates = [c for c in self.entities_between(opening, limit) if not self.in_quote(c[0])][:1]
        if head in _SPEAKING_FOR_OTHERS and (described is None or described.group("head").lower() != span.root.lower_):
            return None  # "A spokesperson for the department told Verify …" is named as one ("The spokesperson, …")
        for _, _, record in candidates:
            if record.type == "PERSON":
                # Named before only inside quotations ("Make it go away, Lucy.") is not named yet.
                first = min((m.start for m in record.mentions if m.kind == "name" and not self.in_quote(m.start)),
                            default=opening)
                if first >= opening:
                    record.roles.update(t.lower_ for t in span if t.pos_ in ("NOUN", "ADJ") or t.i == span.root.i)
                    return record
        return None

    def _titled_as_another(self, span: Any, title: str, paragraph_end: int) -> bool:
        """Whether the title that opens the next paragraph ("Dr Henrik Sommer") names another description of the
        same paragraph ("a former team doctor"), not this one ("The head of cycling's world governing body")."""
        role = TITLE_ROLES.get(title.lower().rstrip("."))
        if role is None or any(t.lower_ == role for t in span):
            return False
        other = re.compile(rf"\b(?:a|an|the|his|her)\s+(?:[\w'’-]+\s+){{0,3}}{role}\b", re.IGNORECASE)
        return other.search(self.doc.text, span.end_char, paragraph_end) is not None

    def _titled_later(self, span: Any, head: str) -> PersonRecord | None:
        """ "… with a judge telling him his 'selfish stupidity' …", then two paragraphs on "Judge Margaret
        Ollerenshaw said": the description is whoever the story soon gives its head as a title, not the
        person the next paragraph is about."""
        if head not in TITLE_WORDS or span[0].lower_ not in _INDEFINITE:
            return None
        title = re.compile(rf"\b{re.escape(head.capitalize())}\s+(?=[A-Z])")
        match = title.search(self.doc.text, span.end_char, span.end_char + _TITLE_REACH)
        if match is None:
            return None
        found = [r for _, _, r in self.entities_between(match.end(), match.end() + 40) if r.type == "PERSON"]
        if not found:
            return None
        found[0].roles.update(t.lower_ for t in span if t.pos_ in ("NOUN", "ADJ") or t.i == span.root.i)
        return found[0]

    def _definite_anaphor(self, span: Any, pos: int) -> PersonRecord | None:
        """ "The tape is the second to embarrass Brandt … the former diplomat told business leaders":
        a definite description of a person that no role names, with nothing after its head to make
        it someone new ("the former mayor of Leeford"), is the person the last sentences were about.
        Parties of their own (a prosecutor, a witness, a spokesman, a source) are never read so."""
        head = lemma(span.root).lower()
        if (span[0].lower_ != "the" or head in _OWN_PARTIES or any(t.i > span.root.i for t in span)
                or self.in_quote(pos)):
            return None
        wanted = gender_from_words([head])
        window = _PLAIN_PERSON_REACH if head in _PLAIN_PEOPLE else 3
        # "The Conservative candidate" is someone of that party: a person the story gave it as a role
        of = _affiliations(span, with_names=False)
        found = self.most_salient(pos, lambda r: isinstance(r, PersonRecord) and r.type == "PERSON"
                                  and (wanted is None or r.gender in (None, wanted))
                                  and (not of or bool(of & r.roles)), window=window)
        return found if isinstance(found, PersonRecord) else None

    def _sole_candidate(self, pos: int, chosen: PersonRecord, exclude: Referent | None) -> bool:
        """Whether a pronoun can teach ``chosen``'s gender: no other person of unknown gender was in
        reach ("she told him" after Brandt and Santos are both named teaches nothing about either)."""
        def rival(referent: Referent) -> bool:
            return (isinstance(referent, PersonRecord) and referent is not chosen and referent is not exclude
                    and referent.type == "PERSON" and referent.gender is None)
        return self.most_salient(pos, rival) is None

    def _antecedent_of_relative(self, start: int) -> tuple[int, int] | None:
        """The noun phrase a relative pronoun stands for ("a person close to the magnate, who said"),
        without the relative clause itself."""
        span = self.parse.char_span(start, start + 1, alignment_mode="expand")
        if span is None:
            return None
        clause = span[0].head
        while clause.dep_ == "conj" and clause.head is not clause:  # "whose firm built …, and who is known as"
            clause = clause.head
        if clause.dep_ != "relcl" or clause.head is clause:
            return None
        noun = clause.head
        while (noun.ent_type_ in ("GPE", "LOC", "FAC") and noun.dep_ == "pobj"
               and noun.head.head.pos_ in ("NOUN", "PROPN")):
            # "two residents of Ulm Dara, who asked …", "the U.N. mission in Tavrenia, which said …": the
            # parse hangs the clause on the nearest noun; the place is where, the phrase it ends is who.
            noun = noun.head.head
        first = noun.left_edge
        last = max((t for t in noun.subtree if t.i < clause.left_edge.i), key=lambda t: t.i, default=noun)
        end = last.idx + len(last.text)
        return (first.idx, end) if first.idx < end else None

    def _entity_in(self, start: int, end: int) -> PersonRecord | None:
        inside = [(s, e, r) for s, e, r in self.entities_between(start - self._longest_entity, end) if e > start]
        if not inside:
            return None
        span = self.parse.char_span(start, end, alignment_mode="expand")
        if span is not None:
            root = span.root.idx
            for s, e, record in inside:
                if s <= root < e:
                    return record
            # A name after a description heads it ("the agency RIA Novosti", "a spokesman for the
            # ministry, Per Engström"); a name before the head noun only modifies it ("the French
            # leader"), and one behind a preposition is someone else ("a source close to Grant").
            inside = [(s, e, r) for s, e, r in inside if s > root and self._heads_description(span, s)]
            if not inside:
                return None
        # "Ostos's chief of staff, Elena Paredes": a possessor names whose staff it is, not who speaks.
        owned = [(s, e, r) for s, e, r in inside if not self.doc.text.startswith(("'s", "’s"), e)]
        inside = owned or inside
        people = [r for _, _, r in inside if r.type == "PERSON"]
        return people[0] if people else inside[0][2]

    def _heads_description(self, span: Any, start: int) -> bool:
        """Whether the name starting at ``start`` names the phrase's head: in apposition to it, or
        joined to it with no preposition between ("the agency RIA Novosti")."""
        name = self.parse.char_span(start, start + 1, alignment_mode="expand")
        if name is None:
            return False
        token = name[0]
        while token.dep_ == "compound" and token.head.i > token.i and token.head in span:
            token = token.head  # "Per" → "Engström"
        if token.dep_ == "appos":  # (one person is no apposition to "Sources close to the contractor, Bruno Leal")
            return span.root.tag_ != "NNS"
        between = [t for t in span if span.root.i < t.i < name[0].i]
        # "two council members who backed Dreyer": a name in a clause about the head is not its name.
        return not any(t.pos_ in ("ADP", "VERB", "AUX") or t.dep_ == "relcl" for t in between)

    def _record_for_name(self, name: str, start: int, end: int, label: str = "ORG") -> PersonRecord:
        record = self._matching_record(name, label, start)
        if record is None:
            record = self._add_record(PersonRecord(name, label))
        record.add_mention(name, start, end, "name" if record.type == "PERSON" else "organisation")
        return record

    def _resolve_description(self, span: Any, pos: int) -> PersonRecord | None:
        """ "the French leader", "the 73-year-old", "the bank": the compatible, most salient entity.

        An indefinite description ("an official", "a source close to him") introduces someone new,
        so it never resolves to a person already in the text.
        """
        if any(t.dep_ == "det" and t.lower_ in _INDEFINITE for t in span.root.children) or (
                span[0].lower_ in _INDEFINITE):
            return None
        if span.root.tag_ == "NNS" and lemma(span.root).lower() not in ORG_NOUNS:
            return None  # "analysts at Morrow Capital" are several people, never the one named last
        head = lemma(span.root).lower()
        words = {t.lower_ for t in span if t.pos_ in ("NOUN", "ADJ", "PROPN") and t.i != span.root.i}
        age = description_age(span.text)
        if age is not None:
            aged = [r for r in self.records if age in r.ages]
            if aged:
                return self._salient_record(pos, aged)
            if head not in PERSON_NOUNS:  # "the 58-year-old spokesman" still says which role
                head = "person"
        if head in ORG_NOUNS and _owner(span.root) is not None:
            return None  # "Brandt's office", "the club's board": a body of its own, named by the phrase
        if head in ORG_NOUNS:
            orgs = [r for r in self.records if r.type == "ORG"]
            named = [r for r in orgs if r.tokens != [head] and (head in r.tokens or head in r.roles)]
            if head in _CLUB_HEADS and not named:
                # "the club" is a club the story named ("Harrowgate Athletic"), not an app: the one it names most
                clubs = [r for r in orgs if r.name.split()[-1] in _CLUB_WORDS]
                if clubs:
                    return max(clubs, key=lambda r: sum(m.start < pos for m in r.mentions))
            if named:
                return self._salient_record(pos, named)
            if any(t.i != span.root.i and t.pos_ in ("NOUN", "ADJ", "PROPN") and t.ent_type_ not in ("NORP", "GPE")
                   for t in span):
                return None  # "the electoral commission" is not whichever body was named last
            if head in _BODIES_OF_A_KIND:
                return None  # nor is "the council" a care company: a council is one the story names as one
            # Nor is "the committee" the press agency of the dateline: an outlet only for an outlet's noun.
            # Nor "the ministry" a body whose own name says it is another kind ("Allied Nurses' Union").
            bodies = {id(r) for r in orgs if r.tokens != [head] and (head in _OUTLET_HEADS or not (
                _OUTLET_WORDS & set(r.tokens) or is_outlet_name(self.doc, r.name)))
                and not (r.tokens and r.tokens[-1] in ORG_NOUNS and r.tokens[-1] != head)}
            found = self.most_salient(pos, lambda r: id(r) in bodies, window=10_000)  # named before, not after
            return found if isinstance(found, PersonRecord) else None
        if head not in PERSON_NOUNS and head != "person":
            return None
        people = [r for r in self.records if r.type == "PERSON"]
        wanted = gender_from_words([head])
        people = [r for r in people if wanted is None or r.gender in (None, wanted)]
        affiliations = _affiliations(span)
        titled = [r for r in people if head in r.roles and not self._of_another_affiliation(affiliations, r)]
        if titled:
            # "the finance chief" is the "Chief Financial Officer", not the "Chief Executive": words of a role
            # compared by their stems
            stems = {_stem(w) for w in words}
            overlap = {id(r): len(stems & {_stem(role) for role in r.roles}) for r in titled}
            best_overlap = max(overlap.values())
            return self._salient_record(pos, [r for r in titled if overlap[id(r)] == best_overlap])
        if head in _PLAIN_PEOPLE and age is None:
            # "The man replies: '…'" after a recording's "a woman telling a contractor": someone of this or the
            # last sentence, never a man the story named paragraphs before.
            near = self.most_salient(pos, lambda r: isinstance(r, PersonRecord) and (
                r.type == "PERSON" or UNNAMED_PERSON in r.roles) and (wanted is None or r.gender in (None, wanted)),
                window=_PLAIN_PERSON_REACH)
            return near if isinstance(near, PersonRecord) else None
        if affiliations:
            return None  # "The Conservative candidate": someone of that party, not whoever was named last
        if head in GENERIC_PERSON_NOUNS or head == "person":
            return self._salient_record(pos, people)
        return None

    def _of_another_affiliation(self, affiliations: set[str], record: PersonRecord) -> bool:
        """ "Ukraine's foreign minister" is not "the Hungarian prime minister, Viktor Orban", nor "The Conservative
        candidate" "Labour's candidate, Mark Fellowes": the description names a country, people or party, and the
        record's roles name only others (``affiliations``: the description's, from ``_affiliations``)."""
        if not affiliations:
            return False
        if self._affiliation_words is None:
            self._affiliation_words = {t.lower_ for t in self.parse if t.ent_type_ in _AFFILIATIONS}
        theirs = record.roles & self._affiliation_words
        return bool(theirs) and not theirs & affiliations

    def _salient_record(self, pos: int, records: list[PersonRecord]) -> PersonRecord | None:
        if not records:
            return None
        wanted = {id(r) for r in records}
        found = self.most_salient(pos, lambda r: id(r) in wanted, window=10_000)
        return found if isinstance(found, PersonRecord) else records[0]

    def materialise(self, referent: Referent | None) -> PersonRecord | None:
        """A PersonRecord for the referent; unnamed groups become UNKNOWN people named by the phrase."""
        if referent is None or isinstance(referent, PersonRecord):
            return referent
        name = _party_name(referent.text)
        key = name.lower()
        if key not in self.groups:
            record = PersonRecord(name, "UNKNOWN")
            gender = _one_unnamed_person(name)
            if gender:  # "A Downing Street spokeswoman says …" then "She said …"
                record.roles.add(UNNAMED_PERSON)
                record.gender = gender
            self.groups[key] = self._add_record(record)
        return self.groups[key]


_INDEFINITE = frozenset({"a", "an", "another", "one", "some"})
_AFFILIATIONS = frozenset({"GPE", "NORP", "ORG"})  # what a role is of: a country, a people, a party


def _affiliations(span: Any, with_names: bool = True) -> set[str]:
    """The countries, peoples and parties a description names beside its head ("Ukraine's", "Conservative");
    ``with_names=False`` leaves out proper nouns ("Labour's"), keeping the adjectives."""
    return {t.lower_ for t in span if t.ent_type_ in _AFFILIATIONS and t.i != span.root.i
            and (with_names or t.pos_ != "PROPN")}
# "known in the trade as “the Bulldozer”": a nickname names someone already there, not a new person.
_NICKNAME_BEFORE = re.compile(r"\b(?:known(?:\s+[\w'’]+){0,4}\s+as|nicknamed|dubbed|so-called)\s+[\"'“‘]?(?:the\s+)?$",
                              re.IGNORECASE)
_RELATIVE_AFTER_NAME = re.compile(r",\s+(?:who|whose|which|where)\b")
_OUTLET_HEADS = frozenset(
    "agency newspaper paper website site broadcaster channel station outlet magazine network".split())
_OWN_PARTIES = frozenset(
    "source person insider friend colleague member official officer spokesman spokeswoman spokesperson aide adviser "
    "advisor lawyer prosecutor defendant witness judge juror claimant plaintiff barrister solicitor counsel accused "
    "reporter journalist host anchor analyst economist doctor chair clerk magistrate coroner detective inspector "
    "constable referee coach player victim neighbour neighbor resident voter protester student worker employee "
    "driver pilot soldier".split())
_SELF_NAMED = re.compile(r"(?:[A-Z][\w'’-]+,\s+)?(?:[Hh]i,?\s+)?(?:it['’]s|it is|this is)\s+(?P<name>[A-Z][\w'’-]+)\b")
_OUTLET_INTRODUCED = re.compile(
    r"\b(?:website|site|newspaper|paper|tabloid|daily|weekly|magazine|agency|broadcaster|channel|station|network|"
    r"outlet|programme|program|show|podcast|blog)\s+((?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+){0,3})")
_DANGLING_RELATIVE = re.compile(r",?\s+(?:and\s+)?(?:who|which|whose)$", re.IGNORECASE)
_BENCH_ADDRESS = frozenset(f"{whose} {title}" for whose in ("her", "his") for title in ("honour", "honor", "worship"))
_ON_THE_BENCH = frozenset({"judge", "justice", "magistrate", "coroner"})
_TITLE_BEFORE_NAME = re.compile(r"(?<![\w'’-])((?:[A-Z][a-z]+\s+){1,4})$")
_TITLE_ALONE = re.compile(r"(?:[Tt]he\s+)?(?P<title>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,3})")
# Endings of the nouns for what someone does ("Prosecutor", "Analyst", "Passenger" opening a sentence).
_ROLE_WORD = re.compile(r"(?:ist|er|or|ian|ant|ent|man|woman|ee|eer|ess|ive|ic)$")
_HONORIFICS = frozenset("Mr Mrs Ms Miss Dr Sir Dame Lord Lady Judge Justice".split())
_HONORIFIC_BEFORE = re.compile(r"\b(?:" + "|".join(_HONORIFICS) + r")\.?\s+$")
_HONORIFIC_FIRST = re.compile(r"(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame)\.?\s+[A-Z]")  # (not "Justice Department")
_ROLE_HELD = re.compile(r",\s+who\s+(?:was|is|has\s+been|had\s+been|served\s+as)\s+(?:the\s+|a\s+|an\s+)?"
                        r"(?P<role>(?:[a-z]+\s+){0,2}[a-z]+)\s+(?:at|of|for|in|from|until|between|when)\b")
_PARTICIPLE_LEAD = re.compile(r"(?:Speaking|Writing|Addressing|Appearing|Talking)\b[^.\n\"“”]{0,160}?,\s+(?=[A-Z])")
_TITLE_LEAD = re.compile(r"([A-Z][a-z]+)\.?\s+(?:[A-Z][a-z]+\.?\s+)?(?=[A-Z])")
_NOT_TITLES = frozenset({"first", "former", "vice", "prime", "leader", "candidate", "speaker"})
_TITLE_BEFORE = re.compile(r"\b([A-Z][a-z]+)\s+$")  # "President Marek Holt": a capitalised title
_POST_NOMINAL_AFTER = re.compile(r",?\s+(?:" + "|".join(sorted(POST_NOMINALS)) + r")\b")
_PERSON_AFTER = re.compile(r",\s+(?:\d{1,3},|who\b|whose\b|aged\b)")
# "By Marta Oyelowo, Senior Correspondent", "(Reporting by Lena Moravec; Editing by Joris Plat)"
_IMPERSONAL_AFTER = re.compile(r"\s+(?:is|was|has\s+been|had\s+been)\s+(?:\w+ly\s+)?(?:understood|believed|thought|"
                               r"said|reported|known|claimed|alleged|expected|rumou?red|suggested|feared|learned|"
                               r"learnt)\b")


def _stem(word: str) -> str:
    """A role word's stem, enough to tell "finance" and "financial" from "executive": its first six letters."""
    return word[:6]


def _parties(doc: Document) -> set[str]:
    """The ids of everyone a quote names as its speaker, hearer or channel. An unnamed party no quote names any
    more ("the witness", once the reply went to whom counsel put the question) is nobody of the story's."""
    refs = [r for q in doc.quotes for r in (q.speaker, q.addressee, q.medium) if r is not None]
    return {r.id for r in refs if r.id is not None}


def _speaks_as_a_body(referent: Referent) -> bool:
    """An organisation, a government or an unnamed body ("the ministry"), never a person or a group of people."""
    return isinstance(referent, PersonRecord) and (
        referent.type in ("ORG", "GPE", "NORP") or referent.type == "UNKNOWN" and UNNAMED_PERSON not in referent.roles)


_IN_QUOTE_WEIGHT = 0.3  # a name inside a quotation: someone talked of, seldom the story's next "he"
# "Advert" between paragraphs, labelled PERSON: page furniture, never a party.
_FURNITURE_WORD = re.compile(r"(?i:advert|advertisement|sponsored|pictured|watch|listen|share)")
# "the club's Moss Lane training ground", "outside 10 Downing Street": a street or venue, whatever the tagger said.
_VENUE_END = re.compile(r"\s(?:Lane|Street|Road|Avenue|Square|Stadium|Arena|Boulevard|Drive|Terrace)$")
_ORG_NOUN_BEFORE = re.compile(r"\b(?:company|firm|group|agency|bank|charity|carrier|airline|operator|developer|"
                              r"retailer|manufacturer|insurer|lender|consultancy|start-?up|brand|subsidiary|club|"
                              r"team|side|app|platform|chain|supermarket)(?P<apposed>\s*,)?\s+$", re.IGNORECASE)
# "The aide, Kevin Marsh, …": a description again, with the name in apposition
_DESCRIBED_AGAIN = re.compile(r"the\s+(?:[\w'’-]+\s+){0,2}?(?P<head>[\w'’-]+),\s+", re.IGNORECASE)
_CLUB_HEADS = frozenset({"club", "team"})
_CLUB_WORDS = frozenset("Rovers United City Town Athletic Wanderers Albion Rangers Hotspur County Villa Celtic FC AFC "
                        "Orient Argyle Academicals Thistle".split())
_DATELINE_PLACE = re.compile(r"^(?P<place>[A-Z][A-Z .'’-]{2,40}?)(?:,\s+[^()\n,]{2,20})?\s+\([^)\n]{2,40}\)\s*[-–—]",
                             re.MULTILINE)
_BYLINE_LINE = re.compile(r"^[ \t]*(?:By|\(?Reporting by|Written by|Additional reporting by)\s[^\n]{0,160}$",
                          re.MULTILINE)
_ONE_OF_DESCRIBED = re.compile(
    r"(?i)(?:one|two|some|several|each) of (?:them|those|these|the \w+),\s+(?P<who>(?:a|an|the)\s[^,]{3,60}?)\s*,?$")
# "One cabinet colleague told me … Another said simply: …": one more of those just described.
# "Fans rushed to her defence. One wrote: '…' Another posted: '…'": one of a group just named, a party of its own
_ANOTHER = re.compile(r"(?i)^(?:one|another|a\s+second|a\s+third|a\s+fourth|yet\s+another)$")
_ONE_OF = re.compile(
    r"(?i)(?:one|two|some|several|many|most|each|none|neither|either|both) of (?:them|those|these|the)\b")
_DEFENDANT_BEFORE = re.compile(r"\b(?:trial|retrial|prosecution|sentencing|case)\s+of\s+(?:[a-z-]+\s+){0,3}$")
_DEFENDANT_AFTER = re.compile(
    r"^,?\s*(?:\d{1,3},\s*)?(?:who\s+[^,.;]{1,120},\s*)?(?:who\s+)?(?:denies|has\s+denied|had\s+denied|pleaded\s+not\s+guilty|"
    r"has\s+pleaded\s+not\s+guilty|(?:is|was|stands)\s+(?:accused|charged)|is\s+on\s+trial)\b")
_WITNESS_AFTER = re.compile(
    r"^,?\s*(?:\d{1,3},\s*)?(?:who\s+)?(?:(?:was|is)\s+)?(?:giving\s+evidence|gave\s+evidence|testified|testifying)\b")
_VOCATIVE_NAME = r"(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"
_VOCATIVE_START = re.compile(r"^[\"'“‘]?(?:(?:Look|Listen|Well|Oh|No|Yes|Sorry),\s+)?" + _VOCATIVE_NAME + r",\s")
# "It is my son, Lucy. Do you …", "Honestly, Hannah, it was done": a name set off by a comma that
# closes a sentence or an opening interjection.
_VOCATIVE_INSIDE = re.compile(r"(?:^|[.?!]\s+|,\s+)" + _VOCATIVE_NAME + r"(?=[.?!]|,\s+(?!who\b|which\b|whose\b)[a-z])")
_VOCATIVE_END = re.compile(r",\s+" + _VOCATIVE_NAME + r"[.?!]?[,\"'”’]*$")
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
# Only a clause set off by a comma is about the party: "a person who was present" is the party's name.
_CLAUSE_AFTER_NAME = re.compile(r"(?:,\s+(?:who|which|that)|\s+and\s+(?:who|which)|,?\s+(?:speaking|asking|citing|"
                                r"according))\b.*$", re.DOTALL)


_SURNAME_AGED = re.compile(r"\b([A-Z][\w'’-]+),\s+(\d{1,3}),")


def _opens_line(text: str, pos: int) -> bool:
    """Whether only spaces, an opening quotation mark or a chat log's time stamp ("[21:14] ") stand between
    ``pos`` and the start of its line."""
    stamp = _LINE_STAMP.search(text, max(0, pos - 24), pos)
    if stamp is not None:
        pos = stamp.start()
    while pos > 0 and text[pos - 1] in " \t\"“‘'":
        pos -= 1
    return pos == 0 or text[pos - 1] == "\n"


_LINE_STAMP = re.compile(CHAT_STAMP + "$")


def _personal_name(name: str, aged: set[str]) -> bool:
    """Whether a name the tagger called a body ends in a surname the story gives an age to."""
    words = name.split()
    return (0 < len(words) <= 3 and words[-1] in aged and all(w[:1].isupper() for w in words)
            and words[-1].lower() not in ORG_NOUNS)


def _joined_bodies(text: str, entities: list[Entity]) -> list[Entity]:
    """ "Norbridge and District NHS Trust", tagged as two names: one body when the second ends in a body's noun."""
    out: list[Entity] = []
    for entity in entities:
        before = out[-1] if out else None
        if (before is not None and entity.label == "ORG" and before.label in ("ORG", "GPE")
                and text[before.end : entity.start] in (" and ", " & ")
                and entity.text.split()[-1].lower() in ORG_NOUNS):
            out[-1] = Entity(text[before.start : entity.end], before.start, entity.end, "ORG")
        else:
            out.append(entity)
    return out


def _before_apposition(name: str) -> int:
    """How much of an entity's text is its name when the tagger ran it over an apposition: "the
    Department for Transport, Amal Osei" is the department; the person after the comma is her own. A list
    inside a name ("the Department of Climate, Water and Regions") is all of it."""
    comma = name.find(", ")
    if comma > 0 and _LISTED_IN_NAME.fullmatch(name[comma + 2 :]):
        return len(name)
    return comma if comma > 0 else len(name)


_LISTED_IN_NAME = re.compile(r"(?:[A-Z][\w'’-]*,\s+)*[A-Z][\w'’-]*,?\s+(?:and|&)\s+[A-Z][\w'’-]*")


def _names_a_doer(token: Any) -> bool:
    """A singular common noun for someone who does something ("the former public defender"): the
    word's ending says so where no list of roles does."""
    word = lemma(token).lower()
    return (token.tag_ == "NN" and bool(_DOER_ENDING.search(word)) and word not in ORG_NOUNS
            and word not in _NOT_PARTIES)


_DOER_ENDING = re.compile(r"(?:[^e]er|or|ist|ian|ant)$")


def _name_around(span: Any, token: Any) -> Any:
    """The run of names within ``span`` that holds ``token`` (capitalised words the tagger missed too)."""
    def named(t: Any) -> bool:
        return t.pos_ == "PROPN" or (t.text[:1].isupper() and t.is_alpha)

    start, end = token.i, token.i + 1
    while start > span.start and named(span.doc[start - 1]):
        start -= 1
    while end < span.end and named(span.doc[end]):
        end += 1
    return span.doc[start:end]


def _surname(token: Any) -> bool:
    """A capitalised proper noun that can continue a person's name (not a post-nominal such as "KC")."""
    return token.pos_ == "PROPN" and token.text[:1].isupper() and token.text not in POST_NOMINALS


def _party_name(phrase: str) -> str:
    """An unnamed party's name: its phrase without a clause about it ("A person close to the magnate,
    who asked not to be named" → "A person close to the magnate") or trailing punctuation."""
    name = _CLAUSE_AFTER_NAME.sub("", phrase.strip())
    name = _TRAILING_AGE_OR_ADVERB.sub("", name)  # "A representative for Brandt, 61", "… for Strand later"
    name = _TRAILING_APPOSED_NAME.sub("", name)  # "Sources close to the contractor, Bruno Leal,": he is the contractor
    return name.rstrip(" ,;:—–-") or phrase.strip()


_TRAILING_APPOSED_NAME = re.compile(r",\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3}\s*,?$")
_TRAILING_AGE_OR_ADVERB = re.compile(r"(?:,\s*\d{1,3}|\s+(?:later|also|again|too|then|now|earlier|previously|"
                                     r"once|separately|herself|himself|themselves))+\s*,?$")
_UNNAMED_HEADS = frozenset("source spokesman spokeswoman spokesperson official person aide adviser advisor lawyer "
                           "insider diplomat friend colleague member officer witness".split())


UNNAMED_PERSON = "unnamed person"  # a role: one person the story describes and never names
_FEMALE_HEADS = frozenset("spokeswoman woman mother daughter wife sister girl businesswoman chairwoman "
                          "congresswoman councilwoman actress".split())
_MALE_HEADS = frozenset("spokesman man father son husband brother boy businessman chairman congressman "
                        "councilman actor".split())
_MORE_PEOPLE = frozenset("paramedic dealer investor shopkeeper parent pal teammate athlete swimmer fan mourner "
                         "caller passenger patient relative cousin partner boss staffer supporter donor".split())
# Nouns for one person, unioned once: what an unnamed speaker may be called, what a role word opening a
# sentence may be, and what a bare "the …" may take up from an earlier "a …".
_ONE_PERSON_NOUNS = PERSON_NOUNS | _OWN_PARTIES | _UNNAMED_HEADS | _MORE_PEOPLE
_ROLE_NOUNS = TITLE_WORDS | PERSON_NOUNS | _OWN_PARTIES | _MORE_PEOPLE
_INTRODUCED_HEADS = _UNNAMED_HEADS | _OWN_PARTIES | _MORE_PEOPLE
_ONE_PERSON_HEAD = re.compile(r"^(?:a|an|the|one|another)\s+(?:[\w'’-]+\s+){0,3}?(?P<head>[a-z]+)"
                              r"(?=\s+(?:for|of|at|close|who|in|from|with|to|on)\b|\s*,|\s*$)", re.IGNORECASE)


def _one_unnamed_person(name: str) -> str | None:
    """For a description of one person ("a Downing Street spokeswoman", "one paramedic", "a senior official at
    the department"): "f", "m", or "" when the noun does not say; None for anything else (a group, a body)."""
    head = _ONE_PERSON_HEAD.match(name)
    if head is None:
        return None
    noun = head.group("head").lower()
    if noun in _FEMALE_HEADS:
        return "f"
    if noun in _MALE_HEADS:
        return "m"
    return "" if noun in _ONE_PERSON_NOUNS else None


def _owner(token: Any) -> Any | None:
    """The possessor of a head noun ("Brandt's" in "Brandt's office"), if any."""
    return next((child for child in token.children if child.dep_ == "poss"), None)


def _appositive_name(span: Any) -> Any | None:
    """A proper name in apposition to a person noun heading ``span`` ("a spokesman for the ministry, Per
    Engström"), as a token span, or None."""
    if lemma(span.root).lower() not in PERSON_NOUNS and lemma(span.root).lower() not in _UNNAMED_HEADS:
        return None
    if span.root.tag_ == "NNS":
        return None  # "Sources close to the contractor, Bruno Leal": several people, and he is the contractor
    for token in span:
        if token.dep_ == "appos" and token.pos_ == "PROPN" and token.i > span.root.i:
            left = token
            while left.i > span.start and span.doc[left.i - 1].pos_ == "PROPN":
                left = span.doc[left.i - 1]
            return span.doc[left.i : token.i + 1]
    # The parser often misreads a foreign first name ("Per" as a preposition): the shape decides.
    match = _TRAILING_NAME.search(span.text)
    if match is not None:
        return span.doc.char_span(span.start_char + match.start(1), span.start_char + match.end(1))
    return None


# (after up to three words of a role: "The donor, shipping executive Per Lindqvist")
_TRAILING_NAME = re.compile(r",\s+(?:[a-z][\w'’-]*\s+){0,3}((?:[A-Z][\w'’.-]+\s+){0,3}[A-Z][\w'’.-]+),?\s*$")


def _issuer_of(span: Any) -> Any | None:
    """Who issued the document a source phrase names: its possessor ("the ministry's own figures", "TAWU's
    ballot notice") or where it appeared ("a report in the weekly Vesti Kurier"). A document reports
    what its issuer says; the issuer is the party."""
    root = span.root
    if root.pos_ != "NOUN" or lemma(root).lower() not in _DOCUMENTS:
        return None
    for child in root.children:
        if child.i < span.start or child.i >= span.end:
            continue
        if child.dep_ == "poss" and child.lower_ not in ("my", "our", "your"):
            words = [t for t in child.subtree if t.dep_ != "case"]
            return span.doc[words[0].i : words[-1].i + 1]
        if child.dep_ == "compound" and _names_a_body(child):  # "a Sarvan army statement", "a Hearthway notice"
            last = max(c.i for c in root.children if c.dep_ == "compound" and c.i < root.i)
            return span.doc[child.left_edge.i : last + 1]
        if child.dep_ == "prep" and child.lower_ in ("in", "by", "from"):
            target = next((c for c in child.children if c.dep_ == "pobj"), None)
            if target is not None and target.i < span.end and (target.pos_ == "PROPN" or target.ent_type_ == "ORG"):
                return span.doc[target.left_edge.i : target.i + 1]
        if child.dep_ in ("relcl", "acl") and lemma(child).lower() not in _CAME_TO:
            # "a summary the office released", "a report issued by the police" (not "an email seen by the Echo")
            agent = next((c for c in child.children if c.dep_ == "nsubj" and c.pos_ != "PRON"), None)
            by = next((c for c in child.children if c.dep_ == "agent"), None)
            agent = agent or (next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None)
            if agent is not None and agent.i < span.end:
                return span.doc[agent.left_edge.i : agent.i + 1]
    return None


# What a newsroom or a reader did with a document someone else wrote.
_CAME_TO = frozenset("see obtain review verify read receive share leak hear".split())


def _nationality(span: Any) -> bool:
    """ "the Pole", "the Frenchman", "the 34-year-old Dutchman": one person described by nationality (not "the
    Poles", a group, nor "the Dutch government")."""
    root = span.root
    if span[0].lower_ != "the" or len(span) > 3 or root.i != span.end - 1 or not root.text[:1].isupper():
        return False
    word = root.lower_
    if word in _OUTLET_WORDS or word in ("guardian", "custodian"):
        return False
    return word in _DEMONYMS or bool(_DEMONYM_ENDING.search(word)) or (root.ent_type_ == "NORP" and word[-1] != "s")


# Nationalities a person is called by ("the Pole said"), beyond the regular endings below.
_DEMONYMS = frozenset("""
pole briton brit scot swede dane finn turk greek czech slovak serb croat spaniard swiss thai afghan
iraqi israeli saudi pakistani bangladeshi kuwaiti qatari emirati yemeni omani somali kiwi aussie yank
frenchman frenchwoman dutchman dutchwoman englishman englishwoman irishman irishwoman scotsman scotswoman
welshman welshwoman
""".split())
_DEMONYM_ENDING = re.compile(r"(?:ian|ean|ese)$")  # the Corvanian, the Chilean, the Portuguese


def _names_a_body(token: Any) -> bool:
    """Whether a compound before a document names who issued it: a name, or a body's noun."""
    return any(t.pos_ == "PROPN" or t.ent_type_ in ("NORP", "ORG") for t in token.subtree) or (
        lemma(token).lower() in ORG_NOUNS)


# Documents that speak for whoever issued them.
_DOCUMENTS = frozenset("report figures figure count tally notice statement letter release data record records "
                       "document documents filing filings memo email poll survey study analysis findings "
                       "website bulletin circular summary readout transcript".split())


def _unnamed_party(span: Any) -> bool:
    """A source the text does not name: "a source close to Grant", "a spokesman for the police",
    "Brandt's office", "the club's board" — a party of its own, never the person or body named inside it."""
    root = span.root
    head = lemma(root).lower()
    if head in ORG_NOUNS and _owner(root) is not None:
        return True
    indefinite = any(t.dep_ in ("det", "nummod") and (t.lower_ in _INDEFINITE or t.like_num) for t in root.children)
    return head in _UNNAMED_HEADS and (indefinite or _owner(root) is not None)
_ANONYMOUS_HEADS = frozenset("source person insider friend colleague official diplomat member officer".split())
# Those who speak for a body are named where they are introduced ("a spokesman, Dmitry Peskov,") or described again
# ("The spokeswoman, Ana Ruiz, said"), never by whoever opens the next paragraph.
_SPEAKING_FOR_OTHERS = frozenset("spokesman spokeswoman spokesperson representative".split())
_NEXT_PARAGRAPH = re.compile(r"\n\s*\n\s*")
# Words of a news outlet's name ("Vestrahamn Courier"), which the entity tagger sometimes calls a person.
_OUTLET_WORDS = OUTLET_NAME_WORDS | {"courier", "wire", "ledger", "chronicle", "observer", "echo", "mail", "standard"}
_RECORDINGS = frozenset("voicemail recording tape clip audio message footage video".split())
_GOING_ON_CUES = frozenset({"said", "says", "added", "adds", "continued", "went on", "goes on", "wrote", "writes", ""})
_ADVERB_IN_CUE = re.compile(r"\b(?:then|later|also|again)\s+")  # "then adds:" goes on as "adds" does
_ON_RECORDING = re.compile(r"\b(?:recording|tape|clip|audio|footage|video|voicemail|voice note|can be heard|"
                           r"is heard|appears to (?:show|capture))\b", re.IGNORECASE)
_AROUND_QUOTE = 400  # characters of a quote's sentence read either side of it
_RECORDING_REACH = 1500  # characters from words to a recording's audience to later words on it
_GOING_ON_REACH = 400  # characters from one quote to the next of the same speaker and hearer
_PUT_TO = re.compile(r"(?:put\s+(?:it|the\s+question|questions?)|suggested|pressed)\s+to\b", re.IGNORECASE)
_ISSUED = frozenset("statement release letter post filing submission".split())
# Heads of a source phrase that are not parties: what carried or recorded the words, or what was found.
_NOT_PARTIES = _RECORDINGS | _ISSUED | frozenset(
    "report poll survey study document data figure figures record records email text note transcript "
    "memo account version footage evidence analysis review investigation finding findings".split())
_STATEMENT_REACH = 1500  # characters back to where the statement was said to be issued
_TITLE_REACH = 1500  # characters after "a judge" where "Judge Margaret Ollerenshaw" names her
_REPLY_REACH = 400  # characters between a question and the reply that answers it
_TELLING_REACH = 700  # characters before a recounted exchange where its other party is named
_BY_THE_WAY_WEIGHT = 0.5  # a name inside a noun's modifier ("an email sent by Dev Sandhu"): least salient


def _by_the_way(token: Any) -> bool:
    """Whether a name is the agent of a participle modifying a noun ("an email sent … by Dev Sandhu"): said in
    passing, never who the next "him" is."""
    while token.dep_ in ("compound", "flat") and token.head is not token:
        token = token.head
    agent = token.head
    return token.dep_ == "pobj" and agent.dep_ == "agent" and agent.head.dep_ == "acl"


# cues of words said back at whoever spoke just before
# (not "replied" or "responded": as often to a report or a request for comment as to whoever spoke before)
_RETORT_CUE = re.compile(r"\b(?:interject\w*|retort\w*|counter(?:ed|s|ing)?|(?:shot|hit|fired|snapped|bit)\s+back|"
                         r"cut\s+in|snapped)\b", re.IGNORECASE)
# A written reply in an exchange of messages: "Kerr replied minutes later: '…'", "Varik texted back: '…'"
_REPLY_CUE = re.compile(r"\b(?:repl(?:y|ied|ies|ying)|(?:wrote|writes|texted|texts|messaged|emailed)\s+back)\b",
                        re.IGNORECASE)
_ASKED_BEFORE = re.compile(r"\b(?:[Aa]sked|[Qq]uestioned|[Pp]ressed|[Cc]hallenged)\b[^.!?\n]*$")  # by someone unquoted
# "The Wine and Spirit Trade Association", tagged "Spirit Trade Association": a name joined by "and"
_JOINED_NAME_BEFORE = re.compile(r"\b[Tt]he\s+([A-Z][\w'’-]+\s+(?:and|&)\s+)$")
_PARTY_WORDS_BEFORE = re.compile(r"\b[Tt]he\s+((?:[A-Z][a-z]+\s+){1,2})$")
# "asked her to …", "asked him not to …", "asked the board to …" (the one asked may open the words)
_REQUESTED = re.compile(r"(?:(?:him|her|them|me|us|you|(?:the|his|her|their)\s+[\w'’-]+)\s+)?(?:not\s+)?to\s+[\"“]?"
                        r"[a-z]", re.IGNORECASE)
# bodies of a kind a named body's name says ("Hallam City Council"): never another kind of body named last
_BODIES_OF_A_KIND = frozenset("council committee court union university hospital school commission parliament "
                              "assembly embassy charity league federation party".split())
_PLAIN_PERSON_REACH = 1  # sentences back to the one "the man" or "the woman" is
_PLAIN_PEOPLE = frozenset("man woman lady guy bloke girl boy person gentleman fellow chap".split())
_SIDES = frozenset({"PERSON", "UNKNOWN"})  # who can be a side of a recounted exchange: a person, named or described


def _mention_kind(text: str) -> str:
    lower = text.strip().lower()
    return "pronoun" if lower in THIRD_PERSON or lower in FIRST_PERSON else "description"


class _QuoteSpeakers:
    """Assigns speakers to quotes, addressees and media, in text order, then first-person sources."""

    def __init__(self, resolver: _DocumentResolver) -> None:
        self.resolver = resolver
        self.by_id = {q.id: q for q in resolver.doc.quotes}
        self.children: dict[str, list[Quote]] = {}  # a quote's id -> the quotations it recounts
        for quote in resolver.doc.quotes:
            if quote.parent is not None:
                self.children.setdefault(quote.parent, []).append(quote)
        self.quoted = QuotedText(resolver.doc.quotes)
        # Where quotation marks give a speaker's own words: there "he" is someone other than the speaker.
        self.voiced = Stretches((r.inner_start, r.inner_end) for r in find_quoted_runs(resolver.doc.text) if r.closed)
        self.speakers: dict[str, PersonRecord | None] = {}
        self._called_names: dict[str, list[tuple[str, int]]] = {}  # quote id -> its vocatives
        self._resolving: set[str] = set()  # quotes whose source is being resolved: a guard against cycles
        # Questions by their hearer's span, in text order: a reply's source looks up who asked it in one step.
        text = resolver.doc.text
        self._questions_to: dict[tuple[int, int], list[Quote]] = {}
        for quote in resolver.doc.quotes:
            if (quote.addressee is not None and quote.cue is not None and quote.source is not None
                    and ASKING_CUE.search(text, quote.cue.start, quote.cue.end)):
                self._questions_to.setdefault((quote.addressee.start, quote.addressee.end), []).append(quote)

    def run(self) -> None:
        resolver = self.resolver
        items: list[tuple[int, str, Any]] = []
        for quote in resolver.doc.quotes:
            if quote.source is not None:
                items.append((quote.source.start, "source", quote))
            for party, medium in ((quote.addressee, False), (quote.medium, True)):
                if party is not None:
                    items.append((party.start, "party", (party, quote, medium)))
        resolved_apart = {(q.source.start, q.source.end) for q in resolver.doc.quotes if q.source}
        # A hearer's pronoun is resolved as a hearer, never its own speaker ("Morgan put it to her"), not again
        # as a plain pronoun, which would take the most salient person: the speaker.
        resolved_apart |= {(party.start, party.end) for q in resolver.doc.quotes
                           for party in (q.addressee, q.medium) if party is not None}
        for token in resolver.parse:
            # "her" as an object is rarely the next speaker; as a possessive it is a reference.
            referring = token.lower_ in THIRD_PERSON and not (token.lower_ == "her" and token.dep_ == "dobj")
            outside = not resolver.in_quote(token.idx) and (token.idx, token.idx + len(token)) not in resolved_apart
            if referring and outside:
                items.append((token.idx, "pronoun", token))
        for _, what, item in sorted(items, key=lambda i: (i[0], i[1])):
            if what == "source":
                self._resolve_source(item)
            elif what == "party":
                self._resolve_party(*item)
            else:
                self._resolve_pronoun(item)
        self._answers_without_attribution()
        for quote in resolver.doc.quotes:
            self._speaker_of(quote)
            if quote.kind == "direct" and quote.parent is None:
                self._self_named(quote)
        for quote in sorted(resolver.doc.quotes, key=lambda q: q.start):
            if quote.parent in self.by_id:
                self._frame_nested(quote, self.by_id[quote.parent])
            if quote.addressee is None and quote.kind == "direct":
                self._vocative_addressee(quote)
            if quote.parent in self.by_id:
                self._implied_hearer(quote, self.by_id[quote.parent])
        self._question_and_answer()
        self._turns_to_each_other()
        self._same_hearers_going_on()

    def _same_hearers_going_on(self) -> None:
        """ "Nadia Crewe KC told jurors … / 'Parents sat at hospital bedsides …,' she said.": a speaker
        who goes on with a plain "said" or "added" is still speaking to whom she spoke just before, and
        through the same outlet."""
        text = self.resolver.doc.text
        top = sorted((q for q in self.resolver.doc.quotes if q.parent is None), key=lambda q: q.start)
        on_recording = {q.id: self._on_recording(q) for q in top}
        # The outlet a speaker told something goes on through their next words, not through all they say after.
        stated_media = {q.id for q in top if q.medium is not None}
        audiences: dict[str, Quote] = {}  # speaker id -> their latest words to an audience on the recording
        for before, quote in itertools.pairwise(top):
            if before.addressee is not None and before.speaker is not None and on_recording[before.id]:
                audiences[before.speaker.id] = before
            cue = _ADVERB_IN_CUE.sub("", text[quote.cue.start : quote.cue.end].lower()) if quote.cue else ""
            cue = cue.strip(" :,")
            heard = audiences.get(quote.speaker.id) if quote.speaker is not None else None
            if (quote.addressee is None and heard is not None and heard.addressee is not None
                    and quote.start - heard.end <= _RECORDING_REACH and on_recording[quote.id]):
                # "A clip shows Okonkwo-Hart telling supporters …" / "'…,' Okonkwo-Hart says in the clip": the
                # recording's audience hears all he says on it, whatever the story puts between.
                quote.addressee = replace(heard.addressee)
                continue
            goes_on = (quote.speaker is not None and before.speaker is not None
                       and quote.speaker.id == before.speaker.id and quote.start - before.end <= _GOING_ON_REACH
                       and cue in _GOING_ON_CUES)
            if (goes_on and quote.addressee is None and before.addressee is not None
                    and not (before.medium is not None and before.medium.start == before.addressee.start)
                    and not any(s <= before.addressee.start < e for s, e in before.content.spans)):
                # (an outlet told something is the channel of what follows, not its hearer; a name called
                # out inside the words is the hearer of those words only)
                quote.addressee = replace(before.addressee)
            if goes_on and quote.medium is None and before.medium is not None and before.id in stated_media and (
                    before.medium.id is not None or before.medium.text[:1].isupper()) and _same_occasion(before, quote):
                # "Marsh told the Northgate Herald that … / '…,' he said.": the interview goes on (not when the
                # words name an occasion of their own: "Speaking at a press conference, Stanek said …").
                quote.medium = replace(before.medium)

    def _on_recording(self, quote: Quote) -> bool:
        """Whether the quote's own sentence puts it on a recording ("says in the clip", "a video appears to
        show him telling …", "Laughter can be heard. He then adds: …" after one)."""
        text = self.resolver.doc.text
        floor = max(0, quote.start - _AROUND_QUOTE)  # (bounded: a text without full stops stays linear)
        start = max(text.rfind("\n", floor, quote.start), text.rfind(". ", floor, quote.start), floor - 1) + 1
        line_end = text.find("\n", quote.end, quote.end + _AROUND_QUOTE)
        after = text[quote.end : line_end if line_end >= 0 else quote.end + _AROUND_QUOTE]
        around = self._frame(start, quote.start) + " " + self._frame(quote.end, quote.end + len(after))
        return bool(_ON_RECORDING.search(around)) or any(w in quote.channel_words for w in _RECORDINGS)

    def _frame(self, start: int, end: int) -> str:
        """The narration between ``start`` and ``end``, other quotes' words blanked: "told Nordwire that the
        recording had been “cut and spliced” and that he had never …" speaks of a recording, not on one."""
        chars = list(self.resolver.doc.text[start:end])
        for s, e in self.quoted.spans_in(start, end):
            first, last = max(s, start) - start, min(e, end) - start
            chars[first:last] = " " * (last - first)
        return "".join(chars)

    def _self_named(self, quote: Quote) -> None:
        """ "Sunita, it's Barry. Look, …": a caller who names himself on a phone or voicemail is the
        speaker, when the name is a person of the story."""
        words = self.resolver.doc.text[quote.content.spans[0][0] : quote.content.spans[0][1]]
        match = _SELF_NAMED.match(words.lstrip("\"'“‘ "))
        if match is None:
            return
        name = match.group("name").lower()
        people = [r for r in self.resolver.records if r.type == "PERSON" and name in r.tokens]
        if len(people) == 1:
            self.speakers[quote.id] = people[0]
            quote.speaker = SpeakerRef(people[0].person_id, people[0].name)

    def _question_and_answer(self) -> None:
        """A question and the reply that follows it are said to each other: "'Do you stand by that?'
        Sandoval asked. / 'Every word,' Devereux said." gives each the other's speaker as hearer."""
        top = sorted((q for q in self.resolver.doc.quotes if q.parent is None), key=lambda q: q.start)
        by_person_id = {r.person_id: r for r in self.resolver.records}
        for asked, reply in itertools.pairwise(top):
            if reply.start - asked.end > _REPLY_REACH:
                continue
            if asked.source is not None and asked.source.start >= reply.start:
                continue  # "Asked about it …, Adeyemi was unrepentant. “…,” he said": the one asked was found later

            if not self._is_question(asked):
                self._retort(asked, reply)
                continue
            if _ISSUED & set(reply.channel_words.split()):
                continue  # a written statement answers no question put in the room
            self._answered_by_the_asked(asked, reply, by_person_id)
            asker, answerer = self.speakers.get(asked.id), self.speakers.get(reply.id)
            if asker is None or answerer is None or asker is answerer or asker.type != "PERSON":
                continue
            if reply.addressee is None and asked.source is not None:
                reply.addressee = PartyRef(asked.source.text, asked.source.start, asked.source.end,
                                           asker.person_id, asker.name)
            if asked.addressee is None and reply.source is not None and answerer.type == "PERSON":
                asked.addressee = PartyRef(reply.source.text, reply.source.start, reply.source.end,
                                           answerer.person_id, answerer.name)

    def _retort(self, said: Quote, retort: Quote) -> None:
        """ "'That is simply not true,' interjected Dunmore" right after Farouk's words, "Kerr replied minutes later:
        '…'" after Varik's message: a retort or a reply is said to whoever spoke just before (who that was said
        it to stays unknown)."""
        if retort.addressee is not None or retort.cue is None or retort.cue.text.endswith(" to"):
            return  # ("replied to the statement": to the words, which the form names)
        if not (_RETORT_CUE.search(retort.cue.text)
                or retort.kind == "direct" and _REPLY_CUE.search(retort.cue.text)):
            return
        text = self.resolver.doc.text
        if _ASKED_BEFORE.search(text, max(0, retort.cue.start - 200), retort.cue.start):
            return  # "Asked about it, Jones replied": a reply to whoever asked, not to the last speaker
        speaker, other = self.speakers.get(retort.id), self.speakers.get(said.id)
        if speaker is None or other is None or speaker is other or other.type != "PERSON" or said.source is None:
            return
        retort.addressee = PartyRef(said.source.text, said.source.start, said.source.end, other.person_id, other.name)

    def _turns_to_each_other(self) -> None:
        """The turns of a printed interview ("Ashdown: Were they?" / "Quinn: Some of them were.") are said to
        the other side: each to the speaker of the turn before it, the first to the one after it."""
        text = self.resolver.doc.text
        turns = sorted((q for q in self.resolver.doc.quotes if q.parent is None and q.cue is not None
                        and q.cue.text == ":" and q.source is not None and q.source.end == q.cue.start
                        and _opens_line(text, q.source.start)), key=lambda q: q.start)
        for index, turn in enumerate(turns):
            speaker = self.speakers.get(turn.id)
            if turn.addressee is not None or speaker is None:
                continue
            neighbours = turns[max(0, index - 1) : index] + turns[index + 1 : index + 2]  # the one before first
            others = [t for t in neighbours if t.source is not None and self.speakers.get(t.id) not in (None, speaker)]
            if others:
                other, record = others[0], self.speakers[others[0].id]
                assert other.source is not None and record is not None
                turn.addressee = PartyRef(other.source.text, other.source.start, other.source.end,
                                          record.person_id, record.name)

    def _answers_without_attribution(self) -> None:
        """ '"So what happened?" Pryce asked her. / "Honestly? I walked in …"': a paragraph of quotation with
        no attribution of its own after a question is the answer, said by whoever was asked (it took the
        asker's mention when it was drafted, as a speaker going on does). Settled before the quotes inside
        it are, since their "I" is the answerer."""
        top = sorted((q for q in self.resolver.doc.quotes if q.parent is None), key=lambda q: q.start)
        by_person_id = {r.person_id: r for r in self.resolver.records}
        for asked, reply in itertools.pairwise(top):
            if (reply.cue is not None or reply.source is None or asked.source is None or asked.addressee is None
                    or (reply.source.start, reply.source.end) != (asked.source.start, asked.source.end)
                    or reply.start - asked.end > _REPLY_REACH or not self._is_question(asked)):
                continue
            hearer = by_person_id.get(asked.addressee.id or "")
            if hearer is not None and hearer is not self.speakers.get(asked.id):
                self.speakers[reply.id] = hearer

    def _answered_by_the_asked(self, asked: Quote, reply: Quote, by_person_id: dict[str, PersonRecord]) -> None:
        """ "Nandakumar asked Weller why …" then "'Because I was 29,' he said": the "he" who answers is
        the person asked, when the pronoun fits them."""
        pronoun = reply.source.text.strip().lower() if reply.source is not None else ""
        hearer = by_person_id.get(asked.addressee.id or "") if asked.addressee is not None else None
        if hearer is None or hearer is self.speakers.get(asked.id):
            return
        unnamed = self.speakers.get(reply.id)
        described = pronoun.startswith("the ") and unnamed is not None and unnamed.type == "UNKNOWN"
        if (pronoun in THIRD_PERSON and self.resolver._compatible(hearer, pronoun)) or (
                described and hearer.type == "PERSON"):
            # (and "'I remember it exactly,' the witness replied": whom counsel put it to, not a new party)
            self.speakers[reply.id] = hearer
            reply.speaker = SpeakerRef(hearer.person_id, hearer.name)

    def _is_question(self, quote: Quote) -> bool:
        """Whether the quote asks something; a question mark that ends a quotation it recounts ("… and she
        goes, 'Are you threatening me?'") is the other party's question, not the teller's."""
        text = self.resolver.doc.text
        start = quote.content.spans[-1][0]
        words = text[start : quote.content.spans[-1][1]].rstrip(" \"'”’»")
        mark = start + len(words) - 1
        recounted = any(s <= mark < e for inner in self.children.get(quote.id, ()) for s, e in inner.content.spans)
        cue = text[quote.cue.start : quote.cue.end].lower() if quote.cue else ""
        put_to = quote.cue is not None and bool(_PUT_TO.match(text, quote.cue.start))  # counsel's question
        # (not "asked her to 'tidy up' a list": a request, which nobody answers in words)
        request = _REQUESTED.match(text, quote.content.spans[0][0]) is not None
        return (words.endswith("?") and not recounted) or bool(ASKING_CUE.search(cue)) and not request or put_to

    def _vocative_addressee(self, quote: Quote) -> None:
        """ "Ruth, I don't care how" and "Then make it move, Otto.": a name the speaker calls out at the
        start or end of direct speech is the hearer (when it names a person of the story)."""
        start = quote.content.spans[0][0]
        for name, offset in self._vocatives(quote):
            record = self.resolver._matching_record(name, "PERSON", start)
            speaker = self.speakers.get(quote.id)
            if record is None or record.type != "PERSON" or record is speaker:
                continue
            quote.addressee = PartyRef(name, offset, offset + len(name), record.person_id, record.name)
            return

    def _vocatives(self, quote: Quote) -> list[tuple[str, int]]:
        """(name, offset) of each name called out in the quote's own words. A name called out inside a
        quotation it recounts ("… and he goes, 'Are you threatening me, Danny?'") calls that
        quotation's hearer, not the teller's. (Read once per quote: the other party of a telling asks it
        of each name the telling holds.)"""
        known = self._called_names.get(quote.id)
        if known is not None:
            return known
        text = self.resolver.doc.text
        start, end = quote.content.spans[0][0], quote.content.spans[-1][1]
        words = text[start:end]
        inner = [span for q in self.children.get(quote.id, ()) for span in q.content.spans]
        matches = [_VOCATIVE_START.match(words), _VOCATIVE_END.search(words), *_VOCATIVE_INSIDE.finditer(words)]
        found = [(m.group("name"), start + m.start("name")) for m in matches if m is not None]
        called = [(name, offset) for name, offset in found if not any(s <= offset < e for s, e in inner)]
        self._called_names[quote.id] = called
        return called

    # -- speech inside speech ------------------------------------------------------------------
    def _frame_nested(self, quote: Quote, parent: Quote) -> None:
        """Speakers and hearers of a recounted exchange come from the teller's frame: "I" is the
        teller, "he" and "him" the other party of the exchange, "me" the teller again."""
        teller = self.speakers.get(parent.id)
        if teller is None:
            return
        lower = quote.source.text.strip().lower() if quote.source else ""
        other = self._other_party(quote, parent, teller, lower)
        told = self._record_of(parent.addressee)  # whom the teller is telling: the "you" of the exchange
        speaker = self.speakers.get(quote.id)
        if lower in THIRD_PERSON and other is not None and self._in_own_words(quote, parent):
            speaker = other  # (in reported speech "he" is the reporter's word, resolved as any other)
        elif lower in FIRST_PERSON:
            speaker = teller
        elif lower == "you" and told is not None:
            speaker = told  # a judge's "You told Mrs Hollis, '…'": the one sentenced
        elif lower not in THIRD_PERSON and self._in_own_words(quote, parent) and quote.source is not None:
            # "Someone at the ministry told them": words of the teller that name no one known are a party.
            speaker = (self._described_anew(quote, parent, speaker) or speaker
                       or self.resolver.materialise(Group(quote.source.text, quote.source.start, quote.source.end)))
        if speaker is not None:
            self.speakers[quote.id] = speaker
            quote.speaker = SpeakerRef(speaker.person_id, speaker.name)
        hearer = quote.addressee.text.strip().lower() if quote.addressee else None
        called = self._called_out(quote, speaker)
        if hearer in FIRST_PERSON:
            self._set_party(quote, teller)
        elif hearer == "you" and told is not None:
            self._set_party(quote, told)  # "he phoned you and said": the one the teller is telling
        elif hearer in THIRD_PERSON and called is not None:
            self._set_party(quote, called)  # "I said to him, 'Have a good one, Kev'": "him" is Kev
        elif hearer in THIRD_PERSON and other is not None:
            heard = self._pronoun_hearer(quote, parent, teller, speaker, hearer)
            if heard is not None:
                self._set_party(quote, heard)
        addressee = quote.addressee
        if (addressee is not None and addressee.id is None and hearer is not None and speaker is teller
                and hearer not in THIRD_PERSON and hearer not in FIRST_PERSON and hearer.startswith("the ")):
            # "I called the general and I said, '…'": a side the teller describes, the next "he goes" is them.
            described = self.resolver.materialise(Group(addressee.text, addressee.start, addressee.end))
            if described is not None:
                self._set_party(quote, described)
        if (hearer in THIRD_PERSON and speaker is teller and quote.addressee is not None
                and quote.addressee.id == teller.person_id):
            # "I told him, '…'" with no other side in sight: "him" is someone, but never the teller himself.
            quote.addressee = replace(quote.addressee, id=None, name=None)

    def _record_of(self, party: PartyRef | None) -> PersonRecord | None:
        """The person a resolved addressee or medium stands for."""
        return self.resolver.record_by_id(party.id) if party is not None and party.id else None

    def _pronoun_hearer(self, quote: Quote, parent: Quote, teller: PersonRecord, speaker: PersonRecord | None,
                        pronoun: str) -> PersonRecord | None:
        """Whom a recounted line's "him" or "her" is. Said by the teller: the other side, or whoever
        just spoke in the exchange ("The woman next to me said, '…' I told her, '…'"). Said by someone
        else: the teller when the word fits them, else the other side ("Minister Kavan told him, '…'"
        in a woman's telling is the man named before, not her)."""
        if speaker is teller:
            return self._other_party(quote, parent, teller, pronoun, spoke=True)
        if self._fits(teller, pronoun):
            return teller
        return self._other_party(quote, parent, teller, pronoun, besides=speaker)

    def _described_anew(self, quote: Quote, parent: Quote, speaker: PersonRecord | None) -> PersonRecord | None:
        """ "The woman next to me grabbed my arm and said", "the man on the phone told me": a plain man
        or woman the teller describes is someone of the teller's story, not whoever the article named
        last, unless the telling itself named them before."""
        source = quote.source
        if source is None or speaker is None:
            return None
        span = self.resolver.parse.char_span(source.start, source.end, alignment_mode="expand")
        if span is None or span[0].lower_ != "the" or lemma(span.root).lower() not in _PLAIN_PEOPLE:
            return None
        if any(record is speaker for _, _, record in self.resolver.entities_between(parent.start, source.start)):
            return None
        return self.resolver.materialise(Group(source.text, source.start, source.end))

    def _in_own_words(self, quote: Quote, outer: Quote) -> bool:
        """Whether a quote's source is a word of the outer quote's speaker (the outer quote is direct,
        or marks quote the source) rather than of the reporter who tells what was said."""
        if outer.kind == "direct" or quote.source is None:
            return True
        return self.voiced.cover(quote.source.start)

    def _called_out(self, quote: Quote, speaker: PersonRecord | None) -> PersonRecord | None:
        """The person of the story a quotation calls out by name (its hearer), if any."""
        for name, offset in self._vocatives(quote):
            record = self.resolver._matching_record(name, "PERSON", offset)
            if record is not None and record.type == "PERSON" and record is not speaker:
                return record
        return None

    def _implied_hearer(self, quote: Quote, parent: Quote) -> None:
        """An exchange has two sides: unless the frame or a vocative names another hearer, what the
        other party says is said to the teller ("And he goes, 'Are you threatening me?'"), and the
        other way round."""
        teller, speaker = self.speakers.get(parent.id), self.speakers.get(quote.id)
        if quote.addressee is not None or teller is None or speaker is None or quote.kind in ("indirect", "mixed"):
            return  # (what someone is reported to have said or thought names its hearer, if it had one)
        pronoun = quote.source.text.strip().lower() if quote.source else ""
        other = self._other_party(quote, parent, teller, pronoun)
        if other is None:
            return
        if speaker is other:
            quote.addressee = self._mention_of(teller, parent.source or parent.cue, before=quote.start)
        elif speaker is teller:
            quote.addressee = self._mention_of(other, None, before=quote.start)

    def _other_party(self, quote: Quote, parent: Quote, teller: PersonRecord, pronoun: str = "",
                     spoke: bool = False, besides: PersonRecord | None = None) -> PersonRecord | None:
        """The other side of the teller's exchange: the last person the teller names before this quote,
        else the last person named just before the telling. (Whom the teller tells it to — donors, a
        jury, the voicemail's owner — is the audience of the telling, not a party to the exchange.)
        A "she" or "him" is only someone it fits; ``besides`` is never it; with ``spoke``, whoever spoke
        in the exchange is a side too.

        Inside the recounted quotations a name counts only when the teller calls it out ("I said,
        'Gerald, drop the case against Fenwick'" makes Gerald the other party, never Fenwick); the
        other party calling out a name calls the teller ("'Are you threatening me, Danny?'")."""
        audience = self._audience(parent)
        nearby = self.resolver.entities_between(parent.start - _TELLING_REACH, quote.start)
        people = [(s, r) for s, _, r in nearby if r.type == "PERSON" and r is not teller and r is not audience
                  and r is not besides and not _OUTLET_WORDS & set(r.tokens)]
        inside = [(s, r) for s, r in people
                  if parent.start <= s < quote.start and self._told_by_teller(s, parent, teller)]
        inside += [(s, r) for s, r in self._sides_so_far(quote, parent, teller, spoke) if r is not besides]
        before = [(s, r) for s, r in people if parent.start - _TELLING_REACH <= s < parent.start]
        fitting = [[(s, r) for s, r in found if self._fits(r, pronoun)] for found in (inside, before)]
        for found in (*fitting, inside, before):  # (a gender learnt wrongly must not lose the only candidate)
            if found:
                return max(found, key=lambda item: item[0])[1]
        return None

    def _sides_so_far(self, quote: Quote, parent: Quote, teller: PersonRecord,
                      spoke: bool = False) -> list[tuple[int, PersonRecord]]:
        """(where, who) for the other side named by the exchange's earlier lines: whom the teller spoke
        to ("I asked her, 'Can you be fair?'" with "her" resolved), or who spoke to the teller ("my
        sister told me, '…'"). The next "she goes" is that person, though no name was said."""
        sides = []
        for line in self.children.get(parent.id, ()):
            speaker = self.speakers.get(line.id)
            if line.start >= quote.start:
                continue
            if spoke and speaker is not None and speaker is not teller and speaker.type in _SIDES:
                sides.append((line.source.start if line.source is not None else line.start, speaker))
            if line.addressee is None or line.addressee.id is None:
                continue
            hearer = self.resolver.record_by_id(line.addressee.id)
            if speaker is teller and hearer is not None and hearer is not teller and hearer.type in _SIDES:
                sides.append((line.addressee.start, hearer))
            elif hearer is teller and speaker is not None and speaker is not teller and speaker.type in _SIDES:
                sides.append((line.source.start if line.source is not None else line.start, speaker))
        return sides

    def _fits(self, record: PersonRecord, pronoun: str) -> bool:
        """Whether a "she" or "him" can be ``record``: a described party ("my mum") by its words."""
        if pronoun not in THIRD_PERSON or pronoun in PLURAL_PRONOUNS:
            return True
        if record.type != "UNKNOWN":
            return self.resolver._compatible(record, pronoun)
        return gender_from_words(record.name.split()) in (None, "m" if pronoun in MALE_PRONOUNS else "f")

    def _audience(self, parent: Quote) -> PersonRecord | None:
        """Whom the telling is addressed to ("telling fellow pundit Joel Achebe: '…'"), as a record."""
        if parent.addressee is None or parent.addressee.id is None:
            return None
        return self.resolver.record_by_id(parent.addressee.id)

    def _told_by_teller(self, pos: int, parent: Quote, teller: PersonRecord) -> bool:
        """Whether a name at ``pos`` inside the telling is the teller's: in the teller's own narration,
        or called out in a quotation the teller says."""
        for inner in self.children.get(parent.id, ()):
            if not any(s <= pos < e for s, e in inner.content.spans):
                continue
            return self.speakers.get(inner.id) is teller and any(o == pos for _, o in self._vocatives(inner))
        return True

    @staticmethod
    def _mention_of(record: PersonRecord, fallback: Span | None, before: int) -> PartyRef | None:
        """An addressee the text implies: the latest mention of ``record`` before ``before``."""
        earlier = [m for m in record.mentions if m.start < before]
        named = [m for m in earlier if m.text.lower() not in FIRST_PERSON | THIRD_PERSON] or earlier
        last: Any = max(named, key=lambda m: m.start) if named else fallback
        if last is None:
            return None
        return PartyRef(last.text, last.start, last.end, record.person_id, record.name)

    @staticmethod
    def _set_party(quote: Quote, record: PersonRecord) -> None:
        """Name ``record`` as the person the quote's stated addressee ("him", "me") refers to."""
        if quote.addressee is not None:
            quote.addressee.id, quote.addressee.name = record.person_id, record.name

    def _record_mention(self, record: PersonRecord, span: Span, weight: float, speaker: bool) -> None:
        resolver = self.resolver
        text = resolver.doc.text[span.start : span.end]
        if not record.has_mention_at(span.start):
            record.add_mention(text, span.start, span.end, _mention_kind(text))
        resolver.events.append(SalienceEvent(span.start, resolver.sentence_of(span.start), record, weight, speaker))

    def _resolve_source(self, quote: Quote) -> None:
        assert quote.source is not None
        lower = quote.source.text.strip().lower()
        if lower in FIRST_PERSON or quote.id in self.speakers or quote.id in self._resolving:
            return  # first person: resolved after the quote it sits inside
        # Two quotes can each hold the other's "he" when quotation marks run wild ('"A"He said: "A"He
        # said:'); asking the outer quote's speaker then comes back here, and stops.
        self._resolving.add(quote.id)
        excluded = None
        outer = self._enclosing(quote) if lower in THIRD_PERSON else None
        if outer is not None and outer.source is not None and self._in_own_words(quote, outer):
            # Inside Hale's quote, "he goes" is someone else: a speaker says "I" of himself. (In what Hale
            # is reported to have said, "he" is the reporter's word, and may well be Hale.)
            self._resolve_source(outer)
            excluded = self.speakers.get(outer.id)
        # "'I told Halvorsen …,' he says": the people a quote names are not who says it, so a pronoun
        # after the quote weighs only the mentions before the quote began.
        asker = self._asker_of(quote)
        referent = self._voice_on_recording(quote) or self._author_of_statement(quote) or self.resolver.resolve_span(
            quote.source.start, quote.source.end, exclude=excluded or asker,
            salient_at=min(quote.source.start, quote.start))
        if asker is not None and referent is asker:
            # "Asked by Ms Quennell what she had written, the 58-year-old replied": who answers was asked,
            # and is never the one asking, however salient she is.
            found = self.resolver.most_salient(quote.source.start, lambda r: isinstance(r, PersonRecord)
                                               and r.type == "PERSON" and r is not asker)
            referent = found if isinstance(found, PersonRecord) else None
        record = self.resolver.materialise(referent)
        self.speakers[quote.id] = record
        if record is not None and quote.parent is not None and self.resolver.in_quote(quote.source.start):
            # "'Ray rang me and said, …,' he said": a speaker the teller quotes weighs as any name said
            # inside a quotation, not as the story's next speaker.
            self._record_mention(record, quote.source, _IN_QUOTE_WEIGHT, speaker=False)
        elif record is not None and quote.parent is not None and quote.kind != "direct":
            # Someone another speaker says said something is mentioned, not the story's next speaker.
            self._record_mention(record, quote.source, 1.0, speaker=False)
        elif record is not None and quote.cue is not None and read_from_a_document(
                self.resolver.doc.text, (quote.cue.start, quote.cue.end)):
            # The author of a document read out ("an email … by Dev Sandhu, which read: …") is named in passing.
            self._record_mention(record, quote.source, _BY_THE_WAY_WEIGHT, speaker=False)
        elif record is not None:
            self._record_mention(record, quote.source, 2.0, speaker=True)

    def _asker_of(self, quote: Quote) -> PersonRecord | None:
        """Who put the question this quote answers: the speaker of an asking quote whose hearer is this
        quote's source ("Asked by Ms Quennell what she had written, the 58-year-old replied: …")."""
        source = quote.source
        if source is None:
            return None
        asked = next((q for q in self._questions_to.get((source.start, source.end), ()) if q is not quote), None)
        if asked is None:
            return None
        self._resolve_source(asked)
        return self.speakers.get(asked.id)

    def _voice_on_recording(self, quote: Quote) -> PersonRecord | None:
        """ "The voicemail says: '…'": the words a recording speaks in direct speech are those of the
        person the story has just put on it. (What a clip "shows" is the clip's, and stays unresolved.)"""
        assert quote.source is not None
        span = self.resolver.parse.char_span(quote.source.start, quote.source.end, alignment_mode="expand")
        if quote.kind != "direct" or span is None or not len(span) or lemma(span.root).lower() not in _RECORDINGS:
            return None
        if any(t.pos_ == "PROPN" for left in span.root.lefts for t in left.subtree):
            return None  # "Ledgerline's recording": named by whoever published it
        found = self.resolver.most_salient(
            quote.source.start, lambda r: isinstance(r, PersonRecord) and r.type == "PERSON")
        return found if isinstance(found, PersonRecord) else None

    def _author_of_statement(self, quote: Quote) -> PersonRecord | None:
        """ "'…,' the statement said": whoever the story just said issued that statement ("Lumora Pay
        said in a statement that …"), found as the speaker of the latest quote given through a medium of
        the same kind, within a few paragraphs."""
        assert quote.source is not None
        span = self.resolver.parse.char_span(quote.source.start, quote.source.end, alignment_mode="expand")
        if span is None or not len(span) or span[0].lower_ != "the":
            return None
        head = lemma(span.root).lower()
        if head not in _ISSUED or any(t.pos_ == "PROPN" for t in span):
            return None
        earlier = [q for q in self.resolver.doc.quotes
                   if q.end <= quote.start and quote.start - q.end < _STATEMENT_REACH
                   and head in q.channel_words and self.speakers.get(q.id) is not None]
        latest = max(earlier, key=lambda q: q.end, default=None)
        return self.speakers[latest.id] if latest is not None else None

    def _resolve_party(self, party: PartyRef, quote: Quote, medium: bool = False) -> None:
        # "Pryce asked her": a hearer's pronoun is never the speaker (that would be "herself").
        speaker = self.speakers.get(quote.id) if party.text.strip().lower() in THIRD_PERSON else None
        referent = self.resolver.resolve_span(party.start, party.end, speaking=False, exclude=speaker)
        if medium and isinstance(referent, PersonRecord) and referent.type == "PERSON":
            return  # "told the Star": an outlet, never a person ("star" also describes people)
        if isinstance(referent, PersonRecord) and referent.type != "UNKNOWN":
            party.id, party.name = referent.person_id, referent.name
            self._record_mention(referent, party, 1.0, speaker=False)

    def _resolve_pronoun(self, token: Any) -> None:
        referent = self.resolver.resolve_span(token.idx, token.idx + len(token))
        if isinstance(referent, PersonRecord):
            weight = 2.0 if token.dep_ in _SUBJECT_DEPS else 1.0
            self._record_mention(referent, Span(token.text, token.idx, token.idx + len(token)), weight, speaker=False)
        elif isinstance(referent, Group):
            self.resolver.events.append(SalienceEvent(token.idx, self.resolver.sentence_of(token.idx), referent, 2.0))

    def _speaker_of(self, quote: Quote, depth: int = 0) -> PersonRecord | None:
        """The quote's speaker; a first-person source takes the enclosing quote's speaker."""
        if quote.id in self.speakers or quote.source is None or depth > 10:
            record = self.speakers.get(quote.id)
        else:
            outer = self._enclosing(quote)
            record = self._speaker_of(outer, depth + 1) if outer is not None else None
            self.speakers[quote.id] = record
            if record is not None:
                self._record_mention(record, quote.source, 0.0, speaker=False)
        if record is not None:
            quote.speaker = SpeakerRef(record.person_id, record.name)
        return record

    def _enclosing(self, quote: Quote) -> Quote | None:
        if quote.parent in self.by_id:
            return self.by_id[quote.parent]
        assert quote.source is not None
        position = quote.source.start
        containing = [q for q in self.quoted.covering(position) if q.id != quote.id]
        return min(containing, key=lambda q: q.end - q.start) if containing else None


@register_stage("speakers")
class SpeakerResolver(Stage):
    """Fills ``doc.people`` and each quote's ``speaker`` (and resolvable addressees and media)."""

    requires = ("parse", "entities", "quotes")
    provides = ("people", "speakers")

    def process(self, docs: list[Document]) -> list[Document]:
        for doc in docs:
            # Attributions without words are evidence of who speaks where ("a spokeswoman, Dalia Orsenko,
            # told …" makes the next "she" hers), and their speakers are wanted too: resolve all of them in
            # text order, then part them again.
            apart = {id(q) for q in doc.attributions}
            if apart:
                doc.quotes = sorted(doc.quotes + doc.attributions, key=lambda q: (q.start, -q.end))
            resolver = _DocumentResolver(doc)
            resolver.cluster_entities()
            resolver.collect_events()
            _QuoteSpeakers(resolver).run()
            named = _parties(doc)
            doc.people = [r.to_person() for r in resolver.records if r.type != "UNKNOWN" or r.person_id in named]
            if apart:
                doc.attributions = [q for q in doc.quotes if id(q) in apart]
                doc.quotes = [q for q in doc.quotes if id(q) not in apart]
        return docs


def _same_occasion(before: Quote, quote: Quote) -> bool:
    """Whether ``quote`` names no form of its own, or the same one as ``before`` ("in the interview")."""
    return quote.form is None or (before.form is not None and before.form.text.lower() == quote.form.text.lower())
