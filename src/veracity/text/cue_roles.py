"""Who a quote was said to, through which channel, and whether it is a denial, from a spaCy parse.

Rules over the dependency parse of the cue's sentence: the addressee is the hearer of the speech
act (an object of "tell", a "to" phrase, a passive subject, the other side of an interview), the
medium is the channel (a statement, a recording, a post on X, a news outlet). Every span returned
is a character span of a whole noun phrase that never reaches into the quoted content.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from veracity.lang.en.media_words import (
    CHANNEL_WORDS,
    HEARER_CARRYING_CHANNELS,
    NEWS_OUTLETS,
    OUTLET_NAME_WORDS,
    PLATFORMS,
)
from veracity.lang.en.negation import DENIAL_CONTENT_PATTERN, DENIAL_CUE_PATTERN, DENIAL_VERDICT
from veracity.lang.en.speech_words import (
    ANSWERED_WRITINGS,
    CONVERSATION_VERBS,
    HEARER_OBJECT_VERBS,
    SAID_THINGS,
    SITUATION_VERBS,
    TO_HEARER_VERBS,
)
from veracity.text.parse import lemma

CharSpan = tuple[int, int]

# The candidate-side path from the cue down to a medium may not pass through these: a channel
# mentioned in a relative clause or in the subject ("the minister, who appeared on TV") is not
# the channel of this quote.
BLOCKED_PATH_DEPS = frozenset({"relcl", "ccomp", "nsubj", "nsubjpass", "csubj", "conj", "acl"})
MAX_CUE_CLIMB = 2  # "he can be heard saying": the recording hangs off "heard", one step up

# A verdict is the whole of what is quoted ("simply false", "speculative and wrong"), not a sentence's first word.
_VERDICT_WORDS = 8
# what may follow a verdict: nothing, punctuation, or a word that goes on judging ("a lie from start to finish")
_ENDS_A_VERDICT = re.compile(r"\s*(?:$|[,;.!:)\-–—]|(?:and|but|or|from|to|in|on|about|by|of|at|for|that|and)\b)",
                             re.IGNORECASE)
_VERDICT_QUOTED = re.compile(r"(?:\w+,?\s+(?:and|but)\s+)?(?:" + DENIAL_VERDICT.pattern + ")", re.IGNORECASE)


def _overlaps(start: int, end: int, spans: Iterable[CharSpan]) -> bool:
    return any(start < span_end and span_start < end for span_start, span_end in spans)


def _in_content(token: Token, content: list[CharSpan]) -> bool:
    return _overlaps(token.idx, token.idx + len(token), content)


def _cue_head(parse: Doc, cue: CharSpan) -> Token | None:
    """The syntactic head of the cue span (for "can be heard saying" it is "heard")."""
    span = parse.char_span(cue[0], cue[1], alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    verbs = [token for token in span if token.pos_ in ("VERB", "AUX")]
    heads = [token for token in (verbs or list(span)) if not _inside_span(token.head, span)
             or token.head == token]
    return heads[-1] if heads else span.root


def _inside_span(token: Token, span: Span) -> bool:
    return span.start <= token.i < span.end


def _phrase(token: Token, content: list[CharSpan], stop_at_to: bool = False, stop_at_place: bool = False) -> CharSpan:
    """Character span of ``token``'s noun phrase, cut before the content and trimmed of punctuation.

    With ``stop_at_to`` the phrase ends before a trailing "to ..." modifier ("a letter to the
    senator" as a medium is "a letter": the senator is the hearer) or a relative clause ("the recording,
    which the agency dated to September" is "the recording").
    """
    tokens = list(token.subtree)
    if stop_at_place:  # "reporters in Kesh", "a jury at Bristol Crown Court": where they were, not who
        cut = next((child for child in token.rights if child.dep_ == "prep" and (
            child.lower_ in _PLACE_PREPOSITIONS or _through_a_channel(child))), None)
        if cut is not None:
            tokens = [t for t in tokens if t.i < cut.left_edge.i]
    if stop_at_to:
        cut = next((child for child in token.rights if child.lower_ == "to" or child.dep_ == "relcl"), None)
        if cut is not None:
            tokens = [t for t in tokens if t.i < cut.left_edge.i]
    left = [t for t in tokens if t.i <= token.i]
    right = [t for t in tokens if t.i > token.i]
    kept_left: list[Token] = []
    for t in reversed(left):
        if _in_content(t, content) and t != token:
            break
        kept_left.insert(0, t)
    kept = list(kept_left)
    for t in right:
        if _in_content(t, content):
            break
        kept.append(t)
    doc = token.doc
    while (kept[-1].i + 2 < len(doc) and not kept[-1].whitespace_ and doc[kept[-1].i + 1].text == "-"
           and not _in_content(doc[kept[-1].i + 2], content)):
        # "co-host Ryan Fell": the parser heads a glued word's first half; the name is the rest.
        kept.append(doc[kept[-1].i + 1])
        while (kept[-1].i + 1 < len(doc) and doc[kept[-1].i + 1].pos_ in ("NOUN", "PROPN")
               and not _in_content(doc[kept[-1].i + 1], content)):
            kept.append(doc[kept[-1].i + 1])
    while len(kept) > 1 and (kept[0].is_punct or kept[0].is_quote):
        kept.pop(0)
    while len(kept) > 1 and (kept[-1].is_punct or kept[-1].is_quote):
        kept.pop()
    start, end = kept[0].idx, kept[-1].idx + len(kept[-1])
    if kept[-1].text.endswith(".") and kept[-1].text[:-1].lower() in PLATFORMS:
        end -= 1  # the tokenizer glues the full stop to "X." at a sentence end
    return start, end


def _name(token: Token) -> str:
    """Lower-cased name of the phrase ``token`` heads, compounds included, without "the"."""
    words = [t for t in token.lefts if t.dep_ in ("compound", "amod", "det")] + [token]
    text = " ".join(t.text for t in words).lower().rstrip(".")
    return text.removeprefix("the ").strip()


def _is_outlet(token: Token) -> bool:
    """True when ``token`` heads the name of a news organisation."""
    name = _name(token)
    if name in NEWS_OUTLETS or token.text.lower().rstrip(".") in NEWS_OUTLETS:
        return True
    appositions = [child for child in token.children if child.dep_ == "appos"]
    if any(_is_outlet(child) for child in appositions):
        return True
    if token.ent_type_ == "ORG" or token.pos_ == "PROPN":
        return any(word in OUTLET_NAME_WORDS for word in name.split())
    return False


def _is_platform(token: Token) -> bool:
    return _name(token) in PLATFORMS or token.text.lower().rstrip(".") in PLATFORMS


def _is_channel(token: Token) -> bool:
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    # The lemma costs a rule lookup: ask for it only for words that begin like a channel word.
    maybe = token.lower_[:3] in _CHANNEL_PREFIXES and lemma(token).lower() in CHANNEL_WORDS
    return maybe or _is_outlet(token) or _is_platform(token)


_CHANNEL_PREFIXES = frozenset(word[:3] for word in CHANNEL_WORDS) | {"tvs"}  # "TVs": lemma "tv"


def _pobj(preposition: Token) -> Token | None:
    return next((child for child in preposition.children if child.dep_ == "pobj"), None)


def _hearers_of(verb: Token, content: list[CharSpan]) -> Iterable[Token]:
    """Tokens that head the hearer of ``verb``, most direct first."""
    verb_lemma = lemma(verb).lower()
    for child in verb.children:
        if _in_content(child, content):
            continue
        if (
            child.dep_ in ("dobj", "dative", "iobj")
            and verb_lemma in HEARER_OBJECT_VERBS
            and child.pos_ in ("NOUN", "PROPN", "PRON")
            and lemma(child).lower() not in SAID_THINGS
        ):
            yield child
        if child.dep_ == "nsubjpass" and verb_lemma in HEARER_OBJECT_VERBS:
            yield child  # "Reporters were told"
        if child.dep_ in ("dative", "prep") and child.lower_ == "to" and verb_lemma in TO_HEARER_VERBS:
            hearer = _pobj(child)
            if hearer is not None and lemma(hearer).lower() not in _REACTIONS and not _a_writing(hearer):
                yield hearer  # (not "he said, to jeers from the opposition benches", nor "replied to the statement")
        if child.dep_ == "prep" and child.lower_ == "with" and verb_lemma in CONVERSATION_VERBS:
            hearer = _pobj(child)
            if hearer is not None:
                yield hearer
        if child.dep_ == "agent" and verb_lemma in HEARER_OBJECT_VERBS:
            hearer = _pobj(child)  # "asked by reporters"
            if hearer is not None:
                yield hearer
    for child in verb.children:
        if child.dep_ != "prep" or _in_content(child, content):
            continue
        channel = _pobj(child)
        if channel is None or lemma(channel).lower() not in HEARER_CARRYING_CHANNELS:
            continue
        for modifier in channel.children:  # "in a letter to the senator", "an interview with CNN"
            if modifier.dep_ == "prep" and modifier.lower_ in ("to", "with"):
                hearer = _pobj(modifier)
                if hearer is not None:
                    yield hearer


def _a_writing(noun: Token) -> bool:
    """ "replied to the statement", "responded to a post on X": what was answered, not who heard the answer."""
    return noun.pos_ == "NOUN" and lemma(noun).lower() in ANSWERED_WRITINGS


# what a room answers with: "said, to jeers from the benches" names no one the words were said to
_REACTIONS = frozenset("jeer cheer applause laughter laugh groan boo gasp murmur cry shout heckle heckling "
                       "silence approval dismay ridicule derision scorn amusement outrage protest".split())
_PLACE_PREPOSITIONS = frozenset({"in", "at", "outside", "inside", "near", "during"})


def _through_a_channel(preposition: Token) -> bool:
    """ "analysts on a conference call", "listeners via the podcast": how they heard, not who they are."""
    return preposition.lower_ in ("on", "over", "via", "through") and any(
        child.dep_ == "pobj" and lemma(child).lower() in CHANNEL_WORDS for child in preposition.children)


def find_addressee(parse: Doc, cue: CharSpan, content: list[CharSpan]) -> CharSpan | None:
    """Character span of the hearer of the speech act the cue reports, or None when unstated."""
    verb = _cue_head(parse, cue)
    if verb is None:
        return None
    verbs = [verb] + [
        child for child in verb.children
        if child.dep_ in ("advcl", "xcomp") and lemma(child).lower() in SITUATION_VERBS
        and not _in_content(child, content)
    ]
    if _goes_on(verb):
        verbs.append(verb.head)  # "…," she told analysts, adding that …: the same hearers
    for candidate_verb in verbs:
        for hearer in _hearers_of(candidate_verb, content):
            if not _in_content(hearer, content):
                return _phrase(hearer, content, stop_at_place=True)
    return _words_after_telling(verb, content)


def _words_after_telling(verb: Token, content: list[CharSpan]) -> CharSpan | None:
    """ "…," the 51-year-old told reporters at his press conference: the parser made "told" a modifier of
    "reporters" (one noun phrase, "the 51-year-old told reporters"), so it has no object; the noun phrase
    right after a telling verb is whom it was told to."""
    if lemma(verb).lower() not in HEARER_OBJECT_VERBS or verb.dep_ not in ("amod", "compound", "acl"):
        return None
    words: list[Token] = []
    for token in verb.doc[verb.i + 1 : verb.i + 1 + _MAX_HEARER_WORDS]:
        if token.pos_ not in ("DET", "ADJ", "NOUN", "PROPN", "NUM") or _in_content(token, content):
            break
        words.append(token)
    if not words or words[-1].pos_ not in ("NOUN", "PROPN"):
        return None
    return words[0].idx, words[-1].idx + len(words[-1])


_MAX_HEARER_WORDS = 5


def _goes_on(verb: Token) -> bool:
    """Whether the cue goes on from a telling in the same breath ("told supporters, adding …", "told
    the court, saying …"): a participle hung on a verb that takes a hearer."""
    head = verb.head
    return (verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp", "conj") and head is not verb
            and lemma(head).lower() in HEARER_OBJECT_VERBS | TO_HEARER_VERBS)


def _clause_of_its_own(node: Token) -> bool:
    """An adverbial clause with a subject or a conjunction of its own ("… after emails were leaked to the
    Ledger"): what it names went elsewhere than the quote."""
    return node.dep_ == "advcl" and any(c.dep_ in ("mark", "nsubj", "nsubjpass") for c in node.children)


def _path_to(cue_head: Token, candidate: Token) -> int | None:
    """Tree distance from the cue to ``candidate``, or None when the path is not a medium's path.

    The path may climb at most ``MAX_CUE_CLIMB`` steps up from the cue, and must come down to
    the candidate without crossing a relative clause, a subject or a complement clause.
    """
    climbs = {cue_head.i: 0}
    node = cue_head
    for step in range(1, MAX_CUE_CLIMB + 1):
        if node.head == node:
            break
        node = node.head
        climbs[node.i] = step
    down = 0
    node = candidate
    while node.i not in climbs:
        if node.head == node:
            return None
        if node != candidate and (node.dep_ in BLOCKED_PATH_DEPS or _clause_of_its_own(node)):
            return None
        down += 1
        node = node.head
    if down > 1 and candidate.dep_ in ("nsubj", "nsubjpass"):
        return None  # only the cue's own subject ("a statement said") can be a channel subject
    return climbs[node.i] + down


def find_medium(parse: Doc, cue: CharSpan, content: list[CharSpan]) -> CharSpan | None:
    """Character span of the channel the quote came through (statement, recording, outlet ...)."""
    cue_head = _cue_head(parse, cue)
    if cue_head is None:
        return None
    best: tuple[int, int, Token] | None = None
    for token in cue_head.sent:
        if _in_content(token, content) or not _is_channel(token):
            continue
        if token.dep_ in ("nsubj", "nsubjpass") and (_is_outlet(token) or _is_platform(token)):
            continue  # "CNN reported": the outlet is the source, not a channel
        if token.dep_ not in ("pobj", "dobj", "dative", "nsubj", "nsubjpass", "appos"):
            continue
        if token.dep_ == "appos" and _is_channel(token.head):
            continue  # "the agency RIA": the phrase is headed by "agency"
        if token.dep_ == "pobj" and token.head.lower_ in _WHEN_NOT_THROUGH:
            continue  # "After the programme, a spokesperson said": when, not through what
        distance = _path_to(cue_head, token)
        if distance is None:
            continue
        rank = (distance, abs(token.i - cue_head.i), token)
        if best is None or rank[:2] < best[:2]:
            best = rank
    if best is None:
        return _on_air(cue_head, content)
    return _phrase(best[2], content, stop_at_to=True, stop_at_place=True)


_WHEN_NOT_THROUGH = frozenset({"after", "before", "following", "since", "until", "ahead"})
# Entity types that are never a channel: "said on Monday", "spoke on Ukraine".
_NOT_A_CHANNEL = frozenset({"DATE", "TIME", "GPE", "LOC", "NORP", "CARDINAL", "ORDINAL", "PERCENT", "MONEY",
                            "QUANTITY", "LAW", "LANGUAGE"})


def _on_air(cue_head: Token, content: list[CharSpan]) -> CharSpan | None:
    """A named outlet, platform or programme the words went out on: "posted on Chirp", "said on Vista
    Sport's "Match Night Live"" (the outlet whose programme it is), "Speaking on the “Lap Nine” podcast"."""
    verbs = [cue_head] + [c for c in cue_head.children if c.dep_ == "advcl" and lemma(c).lower() in SITUATION_VERBS]
    # "Halloran, speaking on Radio Orvel Uno late on Thursday, said": the parser hangs the situation on the speaker
    verbs += [c for subject in cue_head.children if subject.dep_ == "nsubj" for c in subject.children
              if c.dep_ == "acl" and lemma(c).lower() in SITUATION_VERBS]
    for verb in verbs:
        for preposition in verb.children:
            if preposition.dep_ != "prep" or preposition.lower_ != "on":
                continue
            name = _pobj(preposition)
            if name is not None and name.pos_ == "NOUN" and lemma(name).lower() in _NAMED_CARRIERS:
                # "wrote on the platform Chirp", "said on the channel Rallycast TV": the name it is given
                name = next((c for c in name.children if c.dep_ in ("appos", "compound") and c.pos_ == "PROPN"), None)
            if (name is None or name.pos_ != "PROPN" or name.ent_type_ in _NOT_A_CHANNEL
                    or _in_content(name, content)):
                continue
            owner = next((c for c in name.children if c.dep_ == "poss" and c.pos_ == "PROPN"), None)
            words = [t for t in (owner or name).subtree if t.dep_ not in ("det", "case", "punct") and not t.is_quote]
            if words:
                return words[0].idx, words[-1].idx + len(words[-1])
    return None


# Common nouns a carrier's name is given after: "the platform Chirp", "the app Signal".
_NAMED_CARRIERS = frozenset({"platform", "app", "site", "website", "network", "channel", "station", "service",
                             "messenger", "forum"})


def _normalise(text: str) -> str:
    """Straight apostrophes, and no quotation marks: 'she has “never received” any' reads as words."""
    text = text.replace("’", "'").replace("‘", "'")
    return _QUOTATION_MARK.sub("", text)


_QUOTATION_MARK = re.compile(r"[\"“”«»]|(?<![A-Za-z])'|'(?![A-Za-z])")


def is_denial(cue_text: str | None, content_text: str) -> bool:
    """True when the cue denies or rejects, or the content denies that something happened (a question
    asks whether it did: "So the Courier made it up?")."""
    if cue_text and DENIAL_CUE_PATTERN.search(_normalise(cue_text)):
        return True
    words = _normalise(content_text).strip()
    if words.endswith("?"):
        return False
    verdict = _VERDICT_QUOTED.match(words) if len(words.split()) <= _VERDICT_WORDS else None
    if verdict is not None and _ENDS_A_VERDICT.match(words, verdict.end()):
        return True  # ("misleading voters" is what someone was accused of doing, no verdict on a report)
    return any(not _CONDITION.search(words, _sentence_start(words, m.start()), m.start())
               for m in DENIAL_CONTENT_PATTERN.finditer(words))


def _sentence_start(text: str, pos: int) -> int:
    return max(text.rfind(". ", 0, pos), text.rfind("? ", 0, pos), text.rfind("! ", 0, pos)) + 1


# "If the tape is fake, he should …": a denial supposed, not made.
_CONDITION = re.compile(r"\b(?:if|whether|unless|suppose|supposing)\b", re.IGNORECASE)
