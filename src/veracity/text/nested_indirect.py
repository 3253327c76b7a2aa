"""Indirect speech reported inside a quote, found from the parse.

"Kolberg told donors that he once warned President Marek he would strike the republic" holds a quote
inside the quote: what Kolberg says is that he warned Marek of something, and what he warned Marek of
("he would strike the republic") is speech of its own. Inside a quote's content, a reporting verb whose
subject is a person or a pronoun and whose clausal complement is a whole clause gives an inner quote: the
clause is what was said, the verb (with its auxiliaries) the cue, its subject the source and its object,
where it takes one ("warned Marek", "told him"), the hearer. The parent is set later, as for every quote,
from whose content holds it.

Kept narrow, because every clause under a verb in a quote is a candidate: no quote for what is denied or
supposed ("did not say", "would tell", "if he said"), none for what a quote's own speaker thinks ("I believe", "he
thinks", said of himself), and none where a quote for the same words already exists.
"""

from __future__ import annotations

from typing import Any

from veracity.lang.en.people import FIRST_PERSON, THIRD_PERSON
from veracity.lang.en.speech_words import DIRECTING_VERBS, SPEECH_VERBS
from veracity.stretches import Slots
from veracity.text.drafts import OPENING_MARKS, Draft, overlaps
from veracity.text.parse import lemma

# A verb that hears or names rather than reports ("heard he had left", "called it a fake") says nothing
# of what was said; "assure" reports a promise the shared list misses.
_REPORTING = (SPEECH_VERBS - {"hear", "go", "call", "describe", "continue", "dismiss", "reject", "post"}) | {"assure"}
# What someone thinks is reported speech only when another says it of them ("He thought I was crazy").
_THINKING = frozenset({"think", "believe"})
_SUPPOSING = frozenset({"if", "unless", "whether"})
_COMPLEMENTS = frozenset({"ccomp", "xcomp"})
_OBJECTS = frozenset({"dobj", "dative", "iobj"})
_PERSON_ENTITIES = frozenset({"PERSON", "ORG", "NORP"})
_MARKS = "\"“”‘«»"  # (’ is an apostrophe as often as a mark)
_MAX_SOURCE_TOKENS = 6
_MIN_CONTENT_TOKENS = 3
_MIN_ORDER_TOKENS = 2
_INNER_SCORE = 0.5
_SLOT = 256  # characters per slot of the spans already taken


def nested_indirect_drafts(text: str, drafts: list[Draft], parse: Any) -> list[Draft]:
    """New drafts for the indirect speech reported inside the content of ``drafts``."""
    if parse is None:
        return []
    taken: Slots[tuple[int, int]] = Slots(_SLOT)
    cues: Slots[tuple[int, int]] = Slots(_SLOT)
    for held in drafts:
        for piece in held.content:
            taken.add(*piece, piece)
        if held.cue is not None:
            cues.add(*held.cue, held.cue)
    found: list[Draft] = []
    for holder in drafts:
        if holder.cue is None and holder.source is None:
            continue
        for start, end in holder.content:
            span = parse.char_span(start, end, alignment_mode="contract")
            for verb in span if span is not None else ():
                draft = _inner_quote(verb, (start, end), _in_own_words(text, start), text)
                if draft is None or draft.cue is None or any(overlaps(draft.cue, c) for c in cues.near(*draft.cue)):
                    continue
                # (A piece that holds the cue is the quote it is said in: "She said there was no more money …"
                # inside a spokesman's quotation is most of that piece's words, and still a quote of its own.)
                if any(_same_words(draft.content[0], p) and not _inside(draft.cue, p)
                       for p in taken.near(*draft.content[0])):
                    continue
                found.append(draft)
                taken.add(*draft.content[0], draft.content[0])
                cues.add(*draft.cue, draft.cue)
    return found


def _inner_quote(verb: Any, piece: tuple[int, int], own_words: bool, text: str) -> Draft | None:
    """The quote a reporting verb inside one piece of a holder's content reports, or None; ``own_words``
    says the piece is a quotation, in its speaker's voice. (``text`` is the document's: spaCy's
    ``doc.text`` joins every token again at each access.)"""
    if verb.pos_ != "VERB":  # (asked first: a lemma is computed, and every word of every quote is asked)
        return None
    word = lemma(verb)
    if word not in _REPORTING and word not in _THINKING and word not in DIRECTING_VERBS:
        return None
    if any(c.dep_ == "neg" or c.tag_ == "MD" or c.lower_ in _SUPPOSING for c in verb.children):
        return None  # "did not tell", "would say", "if he said that": nothing was said
    complement = next((c for c in verb.children if c.pos_ in ("VERB", "AUX") and c.i > verb.i and (
        c.dep_ in _COMPLEMENTS or (c.dep_ == "advcl" and _infinitive(c)))), None)  # (what is said follows)
    if complement is None:
        complement = _clause_after_hearer(verb)
    subject = _subject(verb)
    told = _agent(verb) if subject is None else None
    if told is not None:  # "was told by a representative that …": who told speaks, the one told hears
        subject = told
    if complement is None or subject is None or not (
            is_party(subject) or subject.pos_ == "NOUN" and (told is not None or _directs(verb, complement))
            or _recounted_to_you(subject, verb)):
        return None
    if word in _THINKING and _own_thought(subject, own_words):
        return None
    if complement.dep_ != "ccomp" and not any(c.dep_ in _OBJECTS for c in verb.children):
        return None  # "promised to come" is a pledge of the subject's own, not words to someone
    content = _clause(complement, piece)
    source = _phrase(subject)
    if content is None or not _inside(source, piece):
        return None
    hearer = next((_phrase(c) for c in verb.children if c.dep_ in _OBJECTS and c.i < complement.i), None)
    if told is not None:
        hearer = next((_phrase(c) for c in verb.children if c.dep_ == "nsubjpass"), None)
    cue = (min([verb.idx] + [a.idx for a in verb.children if a.dep_ in ("aux", "auxpass") and a.i < verb.i]),
           verb.idx + len(verb))
    # Reported words are indirect even inside a quotation, unless marks quote some of them again.
    around = text[max(0, content[0] - 1) : content[1]]
    kind = None if any(c in _MARKS for c in around) else "indirect"
    return Draft([content], cue=cue, source=source, scores=[_INNER_SCORE], hearer=hearer, kind=kind)


def _clause_after_hearer(verb: Any) -> Any | None:
    """ "warned President Ilya Marek he would strike the republic": a clause right after the hearer that the
    parser hung elsewhere (on the sentence's root) is still what the hearer was told."""
    hearer = next((c for c in verb.children if c.dep_ in _OBJECTS and c.i > verb.i), None)
    if hearer is None or hearer.right_edge.i + 1 >= len(verb.doc):
        return None
    subject = verb.doc[hearer.right_edge.i + 1]
    clause = subject.head
    if subject.dep_ != "nsubj" or clause.i <= subject.i or clause.pos_ not in ("VERB", "AUX") or verb in clause.subtree:
        return None
    return clause if clause.dep_ == "ccomp" else None


def _subject(verb: Any) -> Any | None:
    """The verb's subject; for "to tell Farrow …" under another verb, that verb's subject."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None and verb.dep_ in ("xcomp", "advcl") and _infinitive(verb):
        subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    return subject


def _directs(verb: Any, complement: Any) -> bool:
    """ "producers had begged Marr to come back", "Your own mother told you to slow down": someone told to do
    something, by whoever the subject is (a noun that tells a person what to do stands for people)."""
    return complement.dep_ != "ccomp" and _infinitive(complement) and any(
        c.dep_ in _OBJECTS and (is_party(c) or c.lower_ == "you") for c in verb.children)


def _recounted_to_you(subject: Any, verb: Any) -> bool:
    """ "You told Mr Penn that the delays were the bank's fault": a judge recounting to a defendant what he
    said, to whom, in the past; not "you say you were frightened", words put to a witness."""
    return subject.lower_ == "you" and verb.tag_ == "VBD" and any(c.dep_ in _OBJECTS for c in verb.children)


def _agent(verb: Any) -> Any | None:
    """The doer of a passive reporting verb: "a representative" of "was told by a representative"."""
    by = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None


def _infinitive(verb: Any) -> bool:
    """ "to tell", "to make": what someone is asked or sets out to do (the parser calls it xcomp or advcl)."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def is_party(token: Any) -> bool:
    """A person, an organisation or a pronoun for one: someone who can say things. (Not "you": "You say
    you were frightened" puts words to a witness to challenge them, and reports nothing.)"""
    lower = token.lower_
    return (lower in FIRST_PERSON or lower in THIRD_PERSON
            or token.ent_type_ in _PERSON_ENTITIES or token.pos_ == "PROPN")


def _own_thought(subject: Any, own_words: bool) -> bool:
    """Whether "think"/"believe" is said of the quote's own speaker: "I", or, in reported speech, a
    pronoun standing for them ("he said he believed …"); in a quotation "he" is someone else."""
    lower = subject.lower_
    return lower in FIRST_PERSON or (lower in THIRD_PERSON and not own_words)


def _in_own_words(text: str, start: int) -> bool:
    """Whether a content piece is a quotation: a quotation mark opens it."""
    return text[max(0, start - 1) : start + 1].strip()[:1] in OPENING_MARKS


def _clause(complement: Any, piece: tuple[int, int]) -> tuple[int, int] | None:
    """The complement's words, without the "that" or "to" opening it, clipped to the holder's piece.

    What someone was asked or told to do ("asked her to 'find a way' to approve it") is, where marks
    quote some of it, just those quoted words: the rest is the reporter's."""
    tokens = [t for t in complement.subtree
              if not (t.i <= complement.i and (t.dep_ == "mark" or (t.dep_ == "aux" and t.lower_ == "to")))]
    quoted = _quoted(tokens) if complement.dep_ != "ccomp" else []
    tokens = quoted or tokens
    while tokens and (tokens[-1].is_punct and not tokens[-1].is_quote):
        tokens.pop()
    while tokens and tokens[0].is_punct and not tokens[0].is_quote:
        tokens.pop(0)
    if tokens and tokens[0].is_quote and not any(t.is_quote for t in tokens[1:]):
        tokens.pop(0)  # (the parser hung the closing mark on the verb: "ordered her to “stop eating …”")
    if len([t for t in tokens if not t.is_punct]) < (_MIN_CONTENT_TOKENS if complement.dep_ == "ccomp" else
                                                     1 if quoted else _MIN_ORDER_TOKENS):
        return None  # ("told you to slow down": an order may be short; a quoted word is the speaker's)
    start = max(tokens[0].idx, piece[0])
    end = min(tokens[-1].idx + len(tokens[-1]), piece[1])
    return (start, end) if end > start else None


def _quoted(tokens: list[Any]) -> list[Any]:
    """The tokens between the first pair of quotation marks among ``tokens`` (none if there is none)."""
    marks = [i for i, t in enumerate(tokens) if t.is_quote and t.text != "'s"]
    return tokens[marks[0] + 1 : marks[1]] if len(marks) >= 2 else []


def _phrase(token: Any) -> tuple[int, int]:
    """A short noun phrase around a token: the whole subtree, or the token with its name words."""
    tokens = list(token.subtree)
    if len(tokens) > _MAX_SOURCE_TOKENS:
        tokens = [t for t in token.lefts if t.dep_ in ("compound", "det", "poss", "amod")] + [token]
    return (tokens[0].idx, tokens[-1].idx + len(tokens[-1]))


def _inside(span: tuple[int, int], piece: tuple[int, int]) -> bool:
    return piece[0] <= span[0] and span[1] <= piece[1]


def _same_words(new: tuple[int, int], old: tuple[int, int]) -> bool:
    """Whether an existing content is (nearly) the same words: most of the longer of the two shared."""
    shared = max(0, min(new[1], old[1]) - max(new[0], old[0]))
    return shared >= 0.8 * max(new[1] - new[0], old[1] - old[0])
