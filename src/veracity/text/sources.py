"""Sources the tagger missed or put in the wrong place, repaired from the parse and the words.

The tagger learned PolNeAR's spans, and sometimes tags a cue with no source ("said in a statement"
with "Lumora Pay" untagged) or takes a nominal cue's possessor into the cue ("Party's claim"). The
verb's grammatical subject, or the possessor of the claim, is then who speaks.
"""

from __future__ import annotations

import re
from typing import Any

from veracity.lang.en.speech_words import SPEECH_VERBS
from veracity.text.direct_speech import subject_of, told_to_subject
from veracity.text.drafts import OPENING_MARKS, Draft, SpanIndex, overlaps
from veracity.text.parse import lemma


def parsed_sources(text: str, parse: Any, drafts: list[Draft]) -> None:
    """A cue the tagger left without a source takes its verb's grammatical subject ("Lumora Pay said in
    a statement that …", when the tagger saw only "said in a statement"), if that subject is a short
    phrase outside the content. A relative pronoun counts ("economists who argue …"): PolNeAR marks "who"
    itself as the source, and the speaker resolver follows it back to whom it describes."""
    if parse is None:
        return
    for draft in drafts:
        if draft.source is not None or draft.cue is None:
            continue
        cue = parse.char_span(*draft.cue, alignment_mode="expand")
        verb = _cue_verb(cue) if cue is not None else None
        for subject in _subjects(verb) if verb else ():
            if subject.lower_ in ("it", "there"):
                continue
            source = (subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge.text))
            # A headline the parser ran into the first sentence is no part of the cue's subject.
            source = (max(source[0], text.rfind("\n", 0, draft.cue[0]) + 1), source[1])
            if not text[source[0] : source[1]].strip():
                continue
            if source[1] - source[0] > _MAX_SUBJECT_CHARS:
                continue
            tail = draft.content[-1]
            said = text[tail[0] : source[0]].rstrip()
            if tail[0] < source[0] < tail[1] <= source[1] and _CLOSED.search(said) and len(said.split()) >= 2:
                # '"…," Mr Haddad | 's solicitor, Ana Petrovic, said': the tagger ran the words on into whoever
                # said them; they end with the quotation
                draft.content[-1] = (tail[0], len(text[: source[0]].rstrip()))
            if not any(overlaps(source, p) for p in draft.content):
                draft.source = source
                break


_CLOSED = re.compile(r"[\w.,!?…]\s?[\"”’']$")  # words, then the quotation's closing mark


def _subjects(verb: Any) -> list[Any]:
    """The verb's subjects; a participle without one has its clause's ("Batalla quit, telling Fell …")."""
    own = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if own or verb.tag_ != "VBG":
        return own
    inherited = subject_of(verb)
    return [inherited] if inherited is not None else []


def _cue_verb(cue: Any) -> Any | None:
    """The verb of a cue: a speech verb where there is one, else the cue's first verb ("Trump unleashed a
    flurry of tweets", "PolitiFact rated …": whoever does the cue's act is its source)."""
    speech = next((t for t in cue if lemma(t) in SPEECH_VERBS), None)
    return speech if speech is not None else next((t for t in cue if t.pos_ == "VERB"), None)


_MAX_SUBJECT_CHARS = 120
# "the Green Party's claim that …": the possessor of a nominal cue is who claims.
_POSSESSED_CUE = re.compile(r"(?P<owner>(?:[Tt]he\s+)?(?:[A-Z][\w&.-]*\s+){0,4}[A-Z][\w&.-]*)['’]s\s+(?P<noun>"
                            r"claim|claims|allegation|allegations|assertion|accusation|warning|denial|statement|"
                            r"insistence|argument|view|position|account|version)\b")


def possessor_sources(text: str, drafts: list[Draft]) -> None:
    """A nominal cue the tagger took with its possessor ("Party's claim"), or whose possessor it gave
    to another source ("The recording has revived the Green Party's claim that …"): the possessor
    speaks, the noun is the cue."""
    for draft in drafts:
        if draft.cue is None:
            continue
        for match in _POSSESSED_CUE.finditer(text, max(0, draft.cue[0] - 60), draft.cue[1]):
            if overlaps(match.span("noun"), draft.cue):
                draft.source, draft.cue = match.span("owner"), match.span("noun")
                break


_RELATIVE = frozenset({"who", "whose", "which"})


def unnamed_sources_whole(text: str, drafts: list[Draft]) -> None:
    """ "Sources close to Mr Penhallow insisted …": the tagger takes "Sources" alone, or "Mr Penhallow"
    alone, who would then speak; the source is the whole unnamed phrase, someone close to him."""
    for draft in drafts:
        if draft.source is None or draft.cue is None or draft.cue[0] < draft.source[1]:
            continue
        start, end = draft.source
        before = _UNNAMED_BEFORE.search(text, max(0, start - 60), start)
        if before is not None:
            start = before.start()
        after = _UNNAMED_AFTER.match(text, end, draft.cue[0])
        if after is not None and _UNNAMED_HEAD.fullmatch(text, start, end):
            end = after.start() + len(after.group(0).rstrip())
        draft.source = (start, end)


# "sources close to", "people familiar with", "an official close to", "allies of": who is close, not who is named.
_UNNAMED = (r"(?:[Ss]ources?|[Pp]eople|[Oo]fficials?|[Aa]ides?|[Aa]llies|[Ff]riends|[Ii]nsiders?|[Ff]igures"
            r"|[Dd]iplomats?)")
_RELATION = r"(?:close\s+to|familiar\s+with|loyal\s+to|allied\s+to|briefed\s+on|with\s+knowledge\s+of)"
_HOW_MANY = r"(?:(?:[Aa]|[Aa]n|[Tt]wo|[Tt]hree|[Ss]everal|[Ss]enior|[Tt]he)\s+)*"
# (with a named one in apposition: "Sources close to the contractor, Bruno Leal, said")
_APPOSED = r"(?:the\s+[a-z][\w'’-]*(?:\s+[a-z][\w'’-]*)?,\s+)?"
_UNNAMED_BEFORE = re.compile(rf"\b{_HOW_MANY}{_UNNAMED}\s+{_RELATION}\s+{_APPOSED}$")
_UNNAMED_HEAD = re.compile(rf"{_HOW_MANY}{_UNNAMED}")
_UNNAMED_AFTER = re.compile(rf"\s+{_RELATION}\s+[^,.;:\n\"“”]{{2,60}}")


def without_agent_preposition(text: str, drafts: list[Draft]) -> None:
    """"is supported by far fewer publications": the source is who supports, "far fewer publications";
    the passive's "by" links it to the cue and belongs to neither (as PolNeAR annotates it)."""
    for draft in drafts:
        if draft.source is not None:
            by = _AGENT_BY.match(text, *draft.source)
            if by is not None and by.end() < draft.source[1]:
                draft.source = (by.end(), draft.source[1])


_AGENT_BY = re.compile(r"\b[Bb]y\s+")


def without_the_carrier(text: str, drafts: list[Draft]) -> None:
    """"according to two mechanics quoted by the Damaris Herald": who speaks is the mechanics; the paper that
    quoted them is the medium (``channels``), and a source never ends at "quoted by"."""
    for draft in drafts:
        if draft.source is not None:
            carrier = _CARRIED_BY.search(text, *draft.source)
            if carrier is not None and carrier.start() > draft.source[0]:
                draft.source = (draft.source[0], carrier.start())


_CARRIED_BY = re.compile(r",?\s+(?:quoted|cited|interviewed|contacted|reached)\s+by\b")


def sources_after_a_preposition(text: str, drafts: list[Draft]) -> None:
    """A tagger's source that begins at a preposition's object names a place or an agent, not who speaks:
    "At a televised briefing in Kervan, the spokesman, Colonel Idris Malkan, said …" loses "Kervan, " (the
    first comma-separated piece, when a person's phrase follows it); after "by" the speaker is the last name
    of the list (``_after_the_agent``)."""
    for draft in drafts:
        if draft.source is None or draft.cue is None or draft.cue[0] < draft.source[1]:
            continue
        start, end = draft.source
        inner_by = [m.end() for m in _AGENT_BY.finditer(text, start, end)]
        if inner_by or _AGENT_BEFORE.search(text, max(0, start - 4), start) is not None:
            after = inner_by[-1] if inner_by else start
            speaker = _after_the_agent(text, after, end)
            if speaker[0] > after:  # (a source that is the agent alone stays: "supported by far fewer publications")
                draft.source = speaker
            continue
        if _PREPOSITION_BEFORE.search(text, max(0, start - 12), start) is None:
            continue
        comma = _APPOSITION_COMMA.search(text, start, end)
        if comma is not None and text[comma.end() : end].strip(" ,"):
            draft.source = (comma.end(), end)


def _after_the_agent(text: str, start: int, end: int) -> tuple[int, int]:
    """ "read to the court by prosecutor Simon Reeve, Brenda Hollis, 81, said" (the tagger's source sometimes
    begins before "by"), "Under cross-examination by Ashcombe's barrister, Julian Mortlake KC, Ms Hollis
    accepted": after "by" come the agent and its appositions, and who speaks is the last name in the list (an
    age goes with the name before it)."""
    pieces = [m for m in _LIST_PIECE.finditer(text, start, end) if not m.group().strip(" ,").isdigit()]
    named = [m for m in pieces if _CAPITALISED.search(m.group())]
    if len(named) < 2:
        return start, end
    return named[-1].start() + len(named[-1].group()) - len(named[-1].group().lstrip(" ,")), end


_AGENT_BEFORE = re.compile(r"\bby\s+$")
_LIST_PIECE = re.compile(r"[^,]+,?")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]")
_PREPOSITION_BEFORE = re.compile(r"\b(?:in|at|from|near|outside|inside|across|throughout)\s+$", re.IGNORECASE)
_APPOSITION_COMMA = re.compile(r",\s+(?=(?:the|a|an|his|her|its|their)\s)")


def relative_clause_sources(text: str, parse: Any, drafts: list[Draft]) -> None:
    """A source that is only the relative clause describing the cue's subject ("Sen. Bernie Sanders
    (Vt.), who lost the primaries to Clinton, identified …") takes the subject it describes: the clause
    speaks of the speaker, it is not who speaks. "Mr. Obama, who understood …, told his advisers" keeps
    "who" where the clause's own verb is the cue."""
    if parse is None:
        return
    for draft in drafts:
        if draft.source is None or draft.cue is None or draft.cue[0] < draft.source[1]:
            continue
        start, end = draft.source
        words = text[start:end].split()
        if len(words) == 1 and words[0].lower() in _RELATIVE:
            _antecedent_speaks(parse, draft)
            continue
        if len(words) < 2 or words[0].lower() not in _RELATIVE or text[end:draft.cue[0]].strip():
            continue
        if not _after_comma(text, start):
            continue
        pronoun = parse.char_span(start, start + len(words[0]))
        clause = pronoun[0].head if pronoun is not None and len(pronoun) == 1 else None
        if clause is None or clause.dep_ != "relcl":
            continue
        # The subject's first word, past any quotation mark the parser hung on it ("On “Face the Nation,” Sen. …").
        first = next(t.idx for t in clause.head.subtree if not (t.is_punct or t.is_space))
        if first < start and "\n" not in text[first:start]:
            draft.source = (first, end)


def _antecedent_speaks(parse: Any, draft: Draft) -> None:
    """ "another, who asked not to be named, told the FT": the tagger's "who" is the subject of the clause's own
    verb; the cue's subject is what the clause describes ("another")."""
    assert draft.source is not None and draft.cue is not None
    pronoun = parse.char_span(*draft.source)
    cue = parse.char_span(*draft.cue, alignment_mode="expand")
    if pronoun is None or len(pronoun) != 1 or cue is None or not len(cue):
        return
    clause = pronoun[0].head
    antecedent = clause.head
    if clause.dep_ != "relcl" or antecedent.dep_ not in ("nsubj", "nsubjpass") or antecedent.head.i != cue.root.i:
        return
    # the phrase up to its relative clause: "One long-serving backbencher on the Government benches"
    words = [t for t in antecedent.subtree if t.i < clause.left_edge.i and not (t.is_punct or t.is_space)]
    draft.source = (words[0].idx, words[-1].idx + len(words[-1]))


def documents_read_by_their_authors(text: str, drafts: list[Draft]) -> None:
    """ "showed him an email sent on 14 March by site engineer Dev Sandhu, which read: '…'": what a document
    reads is its author's words (the parser hangs "which read" on the nearest noun, the tagger gives it to
    whoever showed the email); a document whose author is not said gives its words to nobody. "A second message
    from Kerr, sent days afterwards, read: '…'": the writing is the source the tagger found, its author Kerr."""
    for draft in drafts:
        if draft.cue is not None and _READ_CUE.fullmatch(text, *draft.cue):
            # (the writing as the source, or no source where the parser left the reading verb without a subject)
            start, end = draft.source or (max(text.rfind("\n", 0, draft.cue[0]) + 1, draft.cue[0] - 120), draft.cue[0])
            author = _WRITING_FROM.search(text, start, end)
            if author is not None:
                draft.source = author.span("author")
                continue
        document = read_from_a_document(text, draft.cue) if draft.cue is not None else None
        if document is None:
            continue
        author = _AUTHOR_BY.search(text, document.end("noun"), document.end())
        if author is not None:
            draft.source = author.span("author")
            continue
        # "Rovers had published a statement on their website which read: '…'": who put it out
        publisher = _PUBLISHER_BEFORE.search(text, max(0, document.start() - 80), document.start())
        draft.source = publisher.span("author") if publisher is not None else None


def writings_quoted_after_a_colon(text: str, drafts: list[Draft], runs: SpanIndex) -> None:
    """ "pointing to a text message he allegedly sent a council colleague in January: 'Keep your mouth shut …'":
    the words are the quotation after the colon, and whoever sent the writing wrote them (the tagger took the
    writing for the words, and gave them to whoever pointed to it)."""
    for draft in drafts:
        if draft.from_marks or not draft.content:
            continue
        start, end = draft.content[0]
        writing = _WRITING_THEN_COLON.match(text, start, end)
        if writing is None:
            continue
        quotation = next((r for r in runs.starting_in(writing.end(), writing.end() + 1) if r.depth == 0 and r.closed),
                         None)
        if quotation is None or quotation.end > end + 1:
            continue
        draft.content = [(quotation.inner_start, quotation.inner_end), *draft.content[1:]]
        author = _SENDER.search(text, writing.end("noun"), writing.end())
        if author is not None:
            draft.source = author.span("author")


# What a writing is called, for the rules that give its words to whoever wrote it; what one person sends another.
_WRITING_NOUN = (r"(?:text\s+message|voice\s+note|e-?mail|letter|message|note|text|memo|post|tweet|statement|notice|"
                 r"card|sign|placard|banner|leaflet|flyer|caption|voicemail|reply|response)")
_SENT_NOUN = r"(?:text\s+message|voice\s+note|e-?mail|letter|message|note|text|memo|post|tweet|voicemail)"
_WRITING_THEN_COLON = re.compile(
    r"(?:to\s+have\s+sent\s+|(?:an?|the|his|her|their|one|another|a\s+second)\s+(?:[\w'’-]+\s+){0,2}?"
    rf"(?P<noun>{_SENT_NOUN})s?\b)"
    r"[^\"“”:.\n]{0,160}?:\s*(?=[\"“‘])")
_SENDER = re.compile(r"\b(?P<author>he|she|they|[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+(?:is\s+alleged\s+to\s+have\s+|"
                     r"allegedly\s+|had\s+|has\s+|reportedly\s+)?(?:sent|wrote|posted|texted|left|emailed)\b")


def participle_owners(parse: Any, drafts: list[Draft]) -> None:
    """ "a letter telling us to be grateful": a participle cue on a writing speaks for it, not for a noun phrase
    the tagger found nearby ("A two per cent offer and a letter telling us …" gave it to the offer), unless who
    wrote or filed it is named as the clause's subject."""
    if parse is None:
        return
    for draft in drafts:
        if draft.cue is None or draft.source is None:
            continue
        cue = parse.char_span(*draft.cue, alignment_mode="expand")
        if cue is None or len(cue) != 1 or cue.root.tag_ != "VBG" or cue.root.dep_ != "acl":
            continue
        owner = cue.root.head
        if owner.pos_ != "NOUN" or owner.i > cue.root.i or lemma(owner).lower() not in _WRITINGS:
            continue
        doer = next((c for c in owner.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if doer is not None and overlaps((doer.left_edge.idx, doer.idx + len(doer.text)), draft.source):
            continue  # "lawyers filed legal papers opposing …": who filed them speaks through them
        phrase = (owner.left_edge.idx, owner.idx + len(owner.text))
        if not overlaps(phrase, draft.source) and not any(overlaps(phrase, p) for p in draft.content):
            draft.source = phrase


def participles_of_a_reported_clause(parse: Any, drafts: list[Draft]) -> None:
    """ "A sergeant told a jury that her chief constable ordered her to delete the footage, saying: '…'": a participle
    that hangs on a reported act of speech is its subject's, said inside what the teller reports; the teller's
    words run on over it, so that it nests there."""
    if parse is None:
        return
    for draft in drafts:
        if draft.cue is None or not draft.content or draft.cue[1] > draft.start:
            continue
        cue = parse.char_span(*draft.cue, alignment_mode="expand")
        if cue is None or not len(cue) or cue[0].tag_ != "VBG" or cue[0].dep_ != "advcl":
            continue
        clause = cue[0].head
        subject = next((c for c in clause.children if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN")), None)
        if clause.dep_ not in ("ccomp", "xcomp") or subject is None or lemma(clause) not in _SPEAKING_ACTS:
            continue  # ("said the agency had not ruled it out, adding …": the parser's attachment is no guide)
        teller = next((d for d in drafts if d is not draft and d.content and d.cue is not None
                       and d.content[-1][0] <= clause.idx < d.content[-1][1] <= draft.cue[0]), None)
        if teller is None:
            continue
        words = [t for t in subject.subtree if t.dep_ not in ("appos", "relcl", "punct")]
        draft.source = (words[0].idx, words[-1].idx + len(words[-1]))
        teller.content[-1] = (teller.content[-1][0], draft.end)


_SPEAKING_ACTS = SPEECH_VERBS | {"order", "beg", "urge", "instruct", "demand"}  # ("threaten" is a speech verb)


# what speaks by being read: "a letter telling us …", "a statement announcing the pick"
_WRITINGS = frozenset("letter statement message email e-mail note memo post tweet text notice sign leaflet flyer "
                      "paper papers filing report document release".split())


def hearers_of_passive_telling(parse: Any, drafts: list[Draft]) -> None:
    """ "The officer … was told, '…'": the subject of a passive telling heard the words; who said them is not
    given (unless "by" names them, which the tagger takes as the source)."""
    if parse is None:
        return
    for draft in drafts:
        if draft.cue is None or draft.source is None or draft.hearer is not None:
            continue
        cue = parse.char_span(*draft.cue, alignment_mode="expand")
        if cue is None or not len(cue) or not told_to_subject(cue.root):
            continue
        subject = subject_of(cue.root)
        if subject is not None and subject.left_edge.idx <= draft.source[0] < subject.idx + len(subject.text) + 1:
            draft.hearer, draft.source = draft.source, None


def quoting_asides(text: str, drafts: list[Draft]) -> None:
    """ "It says, and I quote, '…'": the aside is whoever reads the words out; the words are the frame's
    before it ("It says"), the source and cue the tagger gives to "I quote"."""
    for draft in drafts:
        if draft.cue is None or draft.source is None or not draft.content:
            continue
        frame = _QUOTING_ASIDE.search(text, max(0, draft.content[0][0] - 120), draft.content[0][0])
        if frame is not None and frame.start("aside") <= draft.cue[0] < frame.end("aside"):
            draft.source, draft.cue = frame.span("source"), frame.span("cue")


_QUOTING_ASIDE = re.compile(r"(?P<source>\b(?:[Ii]t|[Tt]hey|[Hh]e|[Ss]he|(?:[Tt]he|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir)\s+"
                            r"[\w'’-]+(?:\s+[\w'’-]+)?))\s+(?P<cue>says|said|reads|read|states|stated|writes|wrote),"
                            r"\s+(?P<aside>(?:and\s+)?I\s+quote),?\s*[\"“‘']?$")


def read_from_a_document(text: str, cue: tuple[int, int]) -> re.Match[str] | None:
    """The document ("an email sent … by X, which") whose reading the cue ("read:") reports, if it is one."""
    if not _READ_CUE.fullmatch(text, *cue):
        return None
    return _DOCUMENT_WHICH.search(text, max(0, cue[0] - 200), cue[0])


_READ_CUE = re.compile(r"(?:read|reads|said|says|stated|states)\s*:?")
_DOCUMENT_WHICH = re.compile(
    rf"\b(?:an?|the|his|her|their|its|one)\s+(?:[\w'’-]+\s+){{0,2}}?(?P<noun>{_WRITING_NOUN})\b"
    r"[^.;:\"“”\n]{0,120}?,?\s+(?:which|that)\s+$")
_PUBLISHER_BEFORE = re.compile(r"(?P<author>(?:[A-Z][\w'’.&-]*\s+){0,3}[A-Z][\w'’.&-]*)\s+"
                               r"(?:had\s+|has\s+|have\s+|later\s+)?"
                               r"(?:published|issued|released|posted|sent|put\s+out|wrote|tweeted|circulated)\s+$")
_WRITING_FROM = re.compile(
    r"(?:an?|the|one|another|a\s+second|a\s+third|a\s+later|a\s+further|his|her|their)\s+(?:[\w'’-]+\s+){0,2}?"
    rf"{_WRITING_NOUN}s?\s+from\s+(?P<author>(?:the\s+)?(?:[\w'’.-]+\s+){{0,5}}?[\w'’.-]+?)(?=\s*,)", re.IGNORECASE)
_AUTHOR_BY = re.compile(r"\b(?:sent|written|signed|posted|left|issued)\b[^,;]{0,60}?\bby\s+"
                        r"(?P<author>(?:[\w'’.-]+\s+){0,4}[A-Z][\w'’.-]+)")


def _after_comma(text: str, start: int) -> bool:
    """Whether the last character before ``start``, spaces aside, is a comma (read back from ``start``, not
    from a copy of the text up to it: once per draft, that copy made the rule quadratic in a long text)."""
    before = start
    while before > 0 and text[before - 1].isspace():
        before -= 1
    return before > 0 and text[before - 1] == ","


def reportative_subjects(text: str, parse: Any, drafts: list[Draft]) -> list[Draft]:
    """"A man said to be him tells …", "Osman is believed to have been on the flight": a passive that
    reports what unnamed others say of its subject. The subject is not who speaks; PolNeAR marks it as
    the first piece of the content ("A developer" + "to be bullish on golf"). Without "is" or "was" the
    passive describes a noun ("a man said to be him") and the sentence's own verb is no part of what is
    reported: when that verb is one of speech ("tells an executive: '…'"), the described noun says what
    follows it. Returns those new quotes."""
    spoken: list[Draft] = []
    for draft in drafts:
        if draft.source is None or draft.cue is None or draft.source[1] > draft.cue[0]:
            continue
        if not is_reportative_passive(text, draft.cue, parse):
            continue
        between = text[draft.source[1] : draft.cue[0]]
        if not _PASSIVE_GAP.fullmatch(between):
            continue
        if not _BE.search(between + " " + text[draft.cue[0] : draft.cue[1]]):
            # Without "is" or "was" only a sentence verb after it shows a description, not "Reed said to
            # be careful": the words stop before that verb.
            verb = _main_verb_after(parse, draft)
            if verb is None:
                continue
            start, end = draft.content[0]
            draft.content = [(start, start + len(text[start : verb.idx].rstrip(" \t,;")))]
            said = _words_after_verb(text, verb, end)
            if lemma(verb) in SPEECH_VERBS and said is not None:
                spoken.append(Draft([said], cue=(verb.idx, verb.idx + len(verb.text)), source=draft.source,
                                    scores=list(draft.scores)))
        subject, draft.source = draft.source, None
        draft.take([subject])
    return spoken


def is_reportative_passive(text: str, cue: tuple[int, int], parse: Any) -> bool:
    """A cue that is a passive of saying or believing followed by "to be" or "to have" and a participle
    ("said to be", "is believed to have met"), not a speech verb with its own infinitive ("said to
    cheers", "told to leave", "said to have the report ready") nor an alleged speech act ("is alleged to
    have told a friend")."""
    if not _REPORTATIVE.fullmatch(text, *cue):
        return False
    after = _INFINITIVE.match(text, cue[1])
    if after is None:
        return False
    if after.group("be"):
        return True
    participle = parse.char_span(*after.span("participle")) if parse is not None else None
    if participle is None or len(participle) != 1 or participle[0].tag_ != "VBN":
        return False
    # "is alleged to have told a friend: '…'": the subject speaks, allegedly.
    return lemma(participle[0]) not in SPEECH_VERBS and lemma(participle[0]) != "send"


def _main_verb_after(parse: Any, draft: Draft) -> Any | None:
    """The first finite verb after the infinitive a one-piece content opens with: inside the content ("to be
    him | tells …"), or the word right after it when the tagger already stopped there ("to be Halden | tells")."""
    if parse is None or len(draft.content) != 1:
        return None
    span = parse.char_span(*draft.content[0], alignment_mode="expand")
    if span is None or not len(span):
        return None
    inside = next((t for t in span[1:] if t.tag_ in _FINITE), None)
    if inside is not None:
        return inside
    following = parse[span.end] if span.end < len(parse) else None
    return following if following is not None and following.tag_ in _FINITE else None


def _words_after_verb(text: str, verb: Any, end: int) -> tuple[int, int] | None:
    """What a speech verb introduces, up to ``end``: after its colon where one comes before the first
    quotation mark ("tells an executive: '…'"), else right after the verb."""
    start = verb.idx + len(verb.text)
    colon = text.find(":", start, end)
    mark = next((i for i in range(start, end) if text[i] in OPENING_MARKS), end)
    if 0 <= colon < mark:
        start = colon + 1
    while start < end and text[start].isspace():
        start += 1
    return (start, end) if start < end else None


_FINITE = frozenset({"VBZ", "VBD", "VBP", "MD"})
_ADVERBS = r"(?:(?:widely|also|once|long|often|generally|commonly|not|now|still|already|reportedly)\s+)*"
_BE_WORDS = r"(?:is|are|was|were|be|been|being|has\s+been|have\s+been|had\s+been|['’]s)"
_BE = re.compile(rf"\b{_BE_WORDS}\b", re.IGNORECASE)
_PASSIVE_GAP = re.compile(rf"\s*(?:{_BE_WORDS}\s+)?{_ADVERBS}", re.IGNORECASE)
_REPORTATIVE = re.compile(rf"(?:{_BE_WORDS}\s+)?{_ADVERBS}(?:said|believed|thought|known|reported|alleged|rumou?red|"
                          r"understood|reputed|presumed)", re.IGNORECASE)
_INFINITIVE = re.compile(r"\s+to\s+(?:(?P<be>be)|have\s+(?P<participle>\w+))\b", re.IGNORECASE)


def whole_noun_phrases(text: str, parse: Any, drafts: list[Draft]) -> None:
    """A tagger's source cut inside a noun phrase is widened to the whole phrase: "the" of "the FBI",
    "Mr." of "Mr. Ban", "Joseph" of "Amelize Joseph", "One of" of "One of the docs". The phrase is the
    parse's base noun phrase (a source ending on a preposition takes the phrase after it); the widened source
    must stay in its line and clear of the words and of every cue (a misparse makes one phrase of "the
    66-year-old told supporters", whose "told" is another quote's cue)."""
    if parse is None:
        return
    chunks = _SentenceChunks(parse)
    cues = [draft.cue for draft in drafts if draft.cue is not None]
    for draft in drafts:
        if draft.source is None:
            continue
        span = parse.char_span(*draft.source, alignment_mode="expand")
        if span is None or not len(span):
            continue
        start, end = _whole_phrase(parse, chunks, span, draft.source)
        if (start, end) == draft.source or "\n" in text[start:end]:
            continue
        if not any(overlaps((start, end), p) for p in [*cues, *draft.content]):
            draft.source = (start, end)


class _SentenceChunks:
    """The base noun phrases around a token, found in its sentence only (``Doc.noun_chunks`` walks the
    whole document on every call), each sentence once."""

    def __init__(self, parse: Any) -> None:
        self._parse = parse
        self._by_token: dict[int, tuple[int, int]] = {}
        self._done: set[int] = set()

    def at(self, token: Any) -> Any | None:
        sentence = token.sent
        if sentence.start not in self._done:
            self._done.add(sentence.start)
            for start, end, _ in self._parse.vocab.get_noun_chunks(sentence):
                self._by_token.update(dict.fromkeys(range(start, end), (start, end)))
        bounds = self._by_token.get(token.i)
        return self._parse[bounds[0] : bounds[1]] if bounds else None


def _whole_phrase(parse: Any, chunks: _SentenceChunks, span: Any, source: tuple[int, int]) -> tuple[int, int]:
    """The source's edges moved out to the noun phrase its first and last words sit in, each edge on its own."""
    start, end = source
    first, last = span[0], span[-1]
    head = chunks.at(first)
    if head is not None and head.start < first.i and head.end <= span.end \
            and all(_opens_phrase(t) for t in parse[head.start : first.i]):
        start = head.start_char
    if last.tag_ == "PRP$":  # "His promises …": the possessor is the source of a nominal cue
        return start, end
    tail = chunks.at(last)
    if tail is not None and tail.end > last.i + 1 and last.i != tail.root.i and tail.start >= span.start:
        end = tail.end_char
    elif last.dep_ == "prep" and last.i + 1 < len(parse) and (after := chunks.at(parse[last.i + 1])) is not None \
            and after.start == last.i + 1:
        # "One of" → "One of the docs"; but "The head of the port authority on" [Monday] denied …: a time
        # after the preposition is when, not who, and the preposition goes too.
        when = all(t.ent_type_ in ("DATE", "TIME") for t in after)
        end = parse[last.i - 1].idx + len(parse[last.i - 1].text) if when and last.i > span.start else after.end_char
    return start, end


def _opens_phrase(token: Any) -> bool:
    """A word a noun phrase may begin with before the name or noun the tagger started at ("Surety"
    companies, "skittish" Democrats, "Sen." Ted Cruz), not "Both", a quotation mark or a speech verb."""
    return (token.pos_ in ("DET", "ADJ", "PROPN", "NOUN", "NUM") and token.dep_ != "predet"
            and lemma(token) not in SPEECH_VERBS)
