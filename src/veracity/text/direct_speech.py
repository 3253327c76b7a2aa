"""Direct speech the tagger missed, found from quotation marks and the reporting verb beside them.

A quotation the learned spans do not already claim becomes a quote when a speech verb with a subject
stands next to it (``X said: "…"``, ``"…," said X``), when it continues the previous paragraph's
quotation, or, as journalists write, when it follows a quote of a known speaker with no cue of its own.
"""

from __future__ import annotations

import bisect
import sys
from typing import Any

from veracity.lang.en.speech_words import ASKING_CUE, COLLOQUIAL_VERBS, PERCEPTION_VERBS, SPEECH_VERBS
from veracity.text.drafts import Draft, clamp, inside, opens_sentence, overlaps, paragraph_of, strip_marks
from veracity.text.parse import lemma, sentence_starts
from veracity.text.quote_marks import QuotedRun

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "agent"})


def absorb_runs(
    drafts: list[Draft], runs: list[QuotedRun], text: str, parse: Any, paragraphs: list[int]
) -> list[Draft]:
    covered = sorted(p for d in drafts for p in d.content)
    near = _DraftsByParagraph(drafts, paragraphs)
    by_index: dict[int, Draft] = {}
    for index, run in enumerate(runs):
        inner = strip_marks(text, run.inner_start, run.inner_end)
        if inner is None:
            continue
        if _claimed(inner, run, covered):
            owner = next((d for d in near.around(run.start) if any(overlaps(p, inner) for p in d.content)), None)
            if owner is not None:
                by_index[index] = owner  # so the paragraphs that carry this quotation on join its quote
            continue
        previous = by_index.get(run.continues) if run.continues is not None else None
        if previous is not None and _reporting_verb(run, parse) is None:
            # The same quotation carried on into a new paragraph: one quote, one more piece of it.
            previous.take([inner])
            by_index[index] = previous
            continue
        neighbours = near.around(run.start)
        draft = _draft_for_run(run, inner, text, parse, previous, neighbours)
        if draft is None:
            continue
        if any(inside(inner, d.source) for d in neighbours):
            continue  # a programme or title named in a source ("Fox News's "Fox and Friends"")
        same_cue = next((d for d in neighbours if draft.cue and overlaps(d.cue, draft.cue)), None)
        if same_cue is not None:
            if opens_sentence(text, run.start):  # "A," he said. "B." is one quote around its cue
                same_cue.take(draft.content)
                by_index[index] = same_cue
            continue  # otherwise a title or scare quote inside the attribution's narration
        if draft.source is not None and draft.cue is not None:
            draft.source = clamp(draft.source, paragraphs, text, draft.cue)
        speaker_goes_on = next((d for d in neighbours if draft.cue is None and draft.source is not None
                                and d.source == draft.source and d.end <= run.start and _quoted_then_told(d, text)),
                               None)
        if speaker_goes_on is not None and _whole_paragraph(text, run):
            # A paragraph of quotation with no attribution of its own after "'…,' Kessel says": Kessel
            # goes on speaking; one quote in pieces, as a quotation carried over paragraphs is.
            speaker_goes_on.take(draft.content)
            by_index[index] = speaker_goes_on
            continue
        drafts.append(draft)
        near.add(draft)
        by_index[index] = draft
    return drafts


class _DraftsByParagraph:
    """Drafts filed under the paragraphs they touch, so a quotation is compared only with the
    drafts of its own and the few preceding paragraphs."""

    REACH = 3  # paragraphs back: a continuation follows its speaker within 300 characters

    def __init__(self, drafts: list[Draft], paragraphs: list[int]) -> None:
        self.paragraphs = paragraphs
        self.filed: dict[int, list[Draft]] = {}
        for draft in drafts:
            self.add(draft)

    def add(self, draft: Draft) -> None:
        offsets = [draft.start, draft.end - 1] + [p for span in (draft.cue, draft.source) if span for p in span]
        for paragraph in {paragraph_of(self.paragraphs, o) for o in offsets}:
            self.filed.setdefault(paragraph, []).append(draft)

    def around(self, offset: int) -> list[Draft]:
        home = paragraph_of(self.paragraphs, offset)
        found: dict[int, Draft] = {}
        for paragraph in range(max(0, home - self.REACH), home + 2):
            for draft in self.filed.get(paragraph, []):
                found[id(draft)] = draft
        return list(found.values())


def _claimed(inner: tuple[int, int], run: QuotedRun, covered: list[tuple[int, int]]) -> bool:
    """Whether the tagger already has this quotation. A nested quotation sits inside its parent's
    content, so for it only a content piece of about its own size counts."""
    if run.depth == 0:
        return _covered_share(inner, covered) >= 0.5
    size = inner[1] - inner[0]
    first = bisect.bisect_left(covered, (inner[0] - size, -1))  # a piece of about its size starts near
    last = bisect.bisect_right(covered, (inner[1], sys.maxsize))
    return any(
        min(e, inner[1]) - max(s, inner[0]) >= 0.5 * max(size, e - s) for s, e in covered[first:last]
    )


def _covered_share(span: tuple[int, int], covered: list[tuple[int, int]]) -> float:
    total = 0
    i = bisect.bisect_left(covered, (span[0], -1)) - 1
    for start, end in covered[max(i, 0) :]:
        if start >= span[1]:
            break
        total += max(0, min(end, span[1]) - max(start, span[0]))
    return total / (span[1] - span[0])


def _draft_for_run(
    run: QuotedRun,
    inner: tuple[int, int],
    text: str,
    parse: Any,
    previous: Draft | None,
    drafts: list[Draft],
) -> Draft | None:
    verb = _reporting_verb(run, parse)
    subject = subject_of(verb) if verb is not None else None
    if verb is not None and subject is not None:  # a verb with no speaker ("so-called") reports nothing
        cue = (verb.idx, verb.idx + len(verb.text))
        if told_to_subject(verb):
            # "… and had been told, '…'": the subject heard the words; who said them is not given here
            return Draft([inner], cue=cue, source=None, scores=[0.6], from_marks=True)
        source = (subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge.text))
        if verb.head.i == subject.i:
            source = _name_phrase(subject)  # "a woman", not "a woman telling a contractor"
        return Draft([inner], cue=cue, source=source, scores=[0.7], from_marks=True)
    if not opens_sentence(text, run.start):
        return None  # a title or scare quote inside a sentence ("a true ''genius''") reports no speech
    answerer = _answerer(run, text, parse)
    if answerer is not None:
        source = (answerer.left_edge.idx, answerer.right_edge.idx + len(answerer.right_edge.text))
        return Draft([inner], cue=None, source=source, scores=[0.5], from_marks=True)
    if previous is None:
        previous = _previous_speaker(run, drafts)
    if previous is not None and previous.source is not None:
        # A paragraph continuing the same speaker's quote, with no cue of its own.
        return Draft([inner], cue=None, source=previous.source, scores=[0.5], from_marks=True)
    if run.depth == 0 and len(text[inner[0] : inner[1]].split()) >= 4:
        return Draft([inner], scores=[0.4], from_marks=True)  # direct speech, speaker unknown
    return None


_HEARD_WHEN_PASSIVE = frozenset("tell ask warn inform assure remind advise promise".split())


def told_to_subject(verb: Any) -> bool:
    """A passive telling ("had been told", "was warned"): its subject is whom the words were said to."""
    return lemma(verb) in _HEARD_WHEN_PASSIVE and any(c.dep_ == "auxpass" for c in verb.children)


def _tokens_between(parse: Any, start: int, end: int) -> list[Any]:
    span = parse.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _reporting_verb(run: QuotedRun, parse: Any) -> Any | None:
    """A speech verb just outside the run, in its sentence: ``X said: "…"`` or ``"…," said X``."""
    sentence_starts = _sentence_starts(parse)
    before = _tokens_between(parse, max(0, run.start - 120), run.start)
    text_end = parse[-1].idx + len(parse[-1].text_with_ws) if len(parse) else 0  # Doc.text joins every token
    after = _tokens_between(parse, run.end, min(text_end, run.end + 120))
    after_clause: list[Any] = []
    for token in after:
        if token.i in sentence_starts and after_clause or token.text in {"“", '"', "‘", "«"} or _breaks(token):
            break
        after_clause.append(token)
    for token in after_clause:
        if token.pos_ == "VERB" and (lemma(token) in SPEECH_VERBS or _answers_back(token)) and not (
                _opens_colon(token) or lemma(token) in COLLOQUIAL_VERBS and not _ends_clause(token)):
            return token
    clause: list[Any] = []
    for token in reversed(before):
        if _breaks(token) and not clause and token.i > 0 and token.doc[token.i - 1].text == ":":
            continue  # "Barr said:" ending the paragraph before introduces the quotation that opens this one
        if token.text in {"”", '"', "’", "»"} or token.text == "." and clause or _breaks(token):
            break
        clause.append(token)
        if token.i in sentence_starts:
            break
    after_a_full_stop = any(token.text == "." for token in clause)
    for token in clause:  # nearest first
        if after_a_full_stop and put_to_the_subject(token):
            continue  # "Asked whether …, Bianchi smiled. “Of course.”": the answer, not the question
        if token.pos_ in {"VERB", "AUX"} and (
            lemma(token) in SPEECH_VERBS or lemma(token) in COLLOQUIAL_VERBS or _answers_back(token)
        ):
            return token
    return None


def _answerer(run: QuotedRun, text: str, parse: Any) -> Any | None:
    """ "Asked by the presenter whether the feud was alive, she threw back her head and laughed. “Alive? …”": a
    quotation right after the sentence of a question put to its subject is that subject's answer."""
    before = _tokens_between(parse, max(0, run.start - 200), run.start)
    asked = next((t for t in reversed(before) if put_to_the_subject(t)), None)
    if asked is None or text[asked.sent.end_char : run.start].strip():
        return None
    if asked.dep_ != "advcl":
        return None
    # the subject nearest the verb: the parser sometimes hangs the asker's name on it too ("…, Rhys Talbot, …")
    subjects = [child for child in asked.head.children if child.dep_ in SUBJECT_DEPS and child.i < asked.head.i]
    return subjects[-1] if subjects else None


def put_to_the_subject(token: Any) -> bool:
    """A question put to the sentence's subject ("Asked whether …", "Pressed on …"): a participle of asking with no
    subject of its own (not "Although Trump has admitted …")."""
    return (token.tag_ == "VBN" and ASKING_CUE.fullmatch(token.text) is not None
            and not any(child.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for child in token.children))


def _next_token(token: Any) -> Any | None:
    return token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None


def _ends_clause(verb: Any) -> bool:
    """ "'…,' he goes." reports; "… before the line went dead" does not: a colloquial verb after a quotation
    reports it only where nothing follows the verb in its clause."""
    following = _next_token(verb)
    return following is None or following.is_punct or following.is_space


def _opens_colon(verb: Any) -> bool:
    """ "The man replies: '…'" introduces the quotation after it, never the one before."""
    following = _next_token(verb)
    return following is not None and following.text == ":"


def _answers_back(token: Any) -> bool:
    """ "'That is simply false,' Okafor-Lyle shot back": a retort, whatever the verb is alone."""
    following = _next_token(token)
    return following is not None and following.lower_ == "back" and lemma(token) in _RETORT_VERBS


_RETORT_VERBS = frozenset({"shoot", "fire", "hit", "snap", "bite", "push"})


def _sentence_starts(parse: Any) -> frozenset[int]:
    """Indices of sentence-initial tokens (``Token.is_sent_start`` scans the whole document on every
    call), as a set, once per parse."""
    key = "veracity.sentence_start_set"
    if key not in parse.user_data:
        parse.user_data[key] = frozenset(sentence_starts(parse)[0])
    return parse.user_data[key]


def _breaks(token: Any) -> bool:
    """A paragraph break: a reporting verb never reaches across one."""
    return bool(token.is_space and "\n" in token.text)


def subject_of(verb: Any) -> Any | None:
    """The verb's subject; a participle or infinitive with none takes its head's ("Marsh can be heard
    telling Achebe: '…'", "she went on to say")."""
    for _ in range(3):
        for child in verb.children:
            if child.dep_ in SUBJECT_DEPS:
                return child
        if _shown_saying(verb):
            return verb.head  # "the audio appears to capture a woman telling a contractor: '…'"
        if verb.dep_ not in ("xcomp", "advcl", "conj") or verb.head is verb:
            return None
        verb = verb.head
    return None


def _shown_saying(participle: Any) -> bool:
    """A speech participle on the one a recording shows or who is named: "capture a woman telling a contractor",
    "Hale saying"; not on a thing ("a letter saying"), whose writer is not said."""
    head = participle.head
    return participle.dep_ == "acl" and participle.tag_ == "VBG" and head.pos_ in ("NOUN", "PROPN", "PRON") and (
        head.pos_ in ("PROPN", "PRON") or lemma(head.head) in PERCEPTION_VERBS)


def _previous_speaker(run: QuotedRun, drafts: list[Draft]) -> Draft | None:
    """The quote that ends right before this run's paragraph, when one does (same speaker)."""
    before = [d for d in drafts if d.end <= run.start and d.source is not None]
    if not before:
        return None
    last = max(before, key=lambda d: d.end)
    return last if run.start - last.end <= 300 else None


def participle_drafts(text: str, parse: Any, drafts: list[Draft]) -> list[Draft]:
    """Reported speech carried by a participle, the way leak stories write it.

    ``a recording … captures Victor Hale telling donors that he once threatened …`` and ``he can be
    heard saying that …`` have no finite reporting verb with a subject; the speaker is the object
    (or passive subject) of the perception verb. Only clauses no other draft already covers count.
    """
    found = []
    for token in parse:
        if token.tag_ != "VBG" or lemma(token) not in SPEECH_VERBS:
            continue
        clause = next((c for c in token.children if c.dep_ == "ccomp"), None) or _told_clause(token)
        speaker = _perceived_speaker(token)
        doer = None if speaker is not None else _doer_going_on(token)
        if clause is None or (speaker or doer) is None:
            continue
        cue = (token.idx, token.idx + len(token.text))
        content = (clause.left_edge.idx, _end_of_report(text, token, clause))
        source = _name_phrase(speaker or doer)
        same_cue = next((d for d in drafts if overlaps(cue, d.cue)), None)
        if same_cue is not None and doer is not None:
            if same_cue.source is None:
                same_cue.source = source  # "…, joking to colleagues that …": whoever did the main clause
            continue
        if same_cue is not None:
            # The tagger, as PolNeAR does, makes the clip the source of what it shows someone telling;
            # the person shown speaks (the clip stays the medium).
            if same_cue.source is None or not overlaps(same_cue.source, source):
                same_cue.source = source
            if any(overlaps(source, piece) for piece in same_cue.content):
                # "The port chief was recorded telling a donor that …", read by the tagger as the words
                # "The port chief … a donor that …": the one recorded speaks; the told clause is the words.
                same_cue.content = [content]
            continue
        framing = next((d for d in drafts if (len(d.content) == 1 or overlaps(source, d.content[0])) and (
            d.content[0][0] <= cue[0] and cue[1] <= d.content[-1][1]  # the showing's content holds the telling
            or (d.cue is not None and token.sent.start_char <= d.cue[0] and d.cue[1] <= cue[0]
                and overlaps(d.content[-1], content)))), None)  # or the told words, cued by "appears"
        if framing is not None:
            # "a recording appears [to capture Kolberg telling donors that he …]": the tagger read the
            # clip's showing as the report; what is shown is Kolberg's telling, to the end of his clause.
            framing.content, framing.cue, framing.source = [content], cue, source
            continue
        if any(any(overlaps(content, p) for p in d.content) for d in drafts):
            continue
        found.append(Draft([content], cue=cue, source=source, scores=[0.6]))
    return found


_TELLING = frozenset("tell assure warn inform promise remind".split())


def _told_clause(participle: Any) -> Any | None:
    """ "telling a donor that the contract was his", parsed with the "that" clause as a relative clause on the
    hearer: after a verb of telling, "that" opens what was told."""
    if lemma(participle) not in _TELLING:
        return None
    hearer = next((c for c in participle.children if c.dep_ in ("dobj", "dative")), None)
    if hearer is None:
        return None
    return next((c for c in hearer.children if c.dep_ == "relcl" and c.left_edge.lower_ == "that"), None)


def _name_phrase(token: Any) -> tuple[int, int]:
    """The phrase that names the person shown: "mayor Gus Harrowgate", not "…, 61," or a clause about him."""
    right = token
    for child in token.rights:
        if child.dep_ in ("appos", "punct", "relcl", "acl", "amod"):
            break
        right = child.right_edge
    return token.left_edge.idx, right.idx + len(right.text)


_PAIRED_MARK = {"“": "”", '"': '"', "‘": "’", "«": "»"}


def _end_of_report(text: str, participle: Any, clause: Any) -> int:
    """Where the told clause ends: the end of its sentence, since the parse often hangs a clause's last
    part ("… warned Marek [he would strike …]") on the sentence's main verb; a trailing "according to …"
    is the report's source, not the words told; words in quotation marks run to their closing mark, over
    sentences ("saying: "We fixed it last time. Nobody checks the postal votes.""). (``text`` is the parsed
    text: spaCy rebuilds ``Doc.text`` from every token on each read.)"""
    start = clause.left_edge.idx
    closing = _PAIRED_MARK.get(text[start - 1 : start]) if start else None
    if closing is not None:
        paragraph_end = text.find("\n", start)
        close = text.find(closing, start)
        if close > 0 and (paragraph_end < 0 or close < paragraph_end):
            return close + 1
    sentence = participle.sent
    words = [t for t in sentence if not (t.is_space or t.is_punct)]
    last = words[-1] if words else clause.right_edge
    end = max(clause.right_edge.idx + len(clause.right_edge.text), last.idx + len(last.text))
    aside = text.find(", according to", clause.left_edge.idx, end)
    if aside > 0:
        return aside
    return end + 1 if text[end : end + 1] in _CLOSING_MARKS else end  # '… "by any means".': its mark too


_CLOSING_MARKS = frozenset("\"”’'»")


def _doer_going_on(participle: Any) -> Any | None:
    """ "The Housing Secretary privately mocked the pledge, joking to colleagues that …": a speech participle
    that goes on from a finite verb speaks for that verb's subject."""
    governor = participle.head
    if participle.dep_ != "advcl" or governor.pos_ not in ("VERB", "AUX") or governor.i > participle.i:
        return None
    return next((c for c in governor.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in ("PROPN", "NOUN")),
                None)


def _perceived_speaker(participle: Any) -> Any | None:
    """Who the perception verb's object is: its object ("captures Hale telling …"), its passive subject
    ("he can be heard saying …"), or the participle's own subject where the parse reads the object and
    participle as one small clause ("capture [Reyna telling donors …]")."""
    governor = participle.head
    if lemma(governor) not in PERCEPTION_VERBS:
        # "appears to capture Ibarra telling …", parsed with the participle on "appears": its showing verb
        governor = next((c for c in governor.children if c.dep_ == "xcomp" and lemma(c) in PERCEPTION_VERBS
                         and c.i < participle.i), governor)
    if participle.dep_ not in ("advcl", "xcomp", "acl", "oprd", "ccomp") or lemma(governor) not in PERCEPTION_VERBS:
        return None
    own_subject = next((c for c in participle.children if c.dep_ == "nsubj"), None)
    if own_subject is not None:
        return own_subject
    for dep in ("dobj", "nsubjpass"):
        # the one nearest the verb: a dateline's place ("KALMAR, Oct 14 (Baltic Wire) - The head of …") is
        # parsed as a second subject at the sentence's start
        speaker = next((c for c in reversed(list(governor.lefts if dep == "nsubjpass" else governor.children))
                        if c.dep_ == dep), None)
        if speaker is not None:
            return speaker
    return None


def _whole_paragraph(text: str, run: QuotedRun) -> bool:
    """Whether the quotation is its paragraph: nothing but punctuation before or after it on its line."""
    line_start = text.rfind("\n", 0, run.start) + 1
    line_end = text.find("\n", run.end)
    after = text[run.end : line_end if line_end >= 0 else len(text)]
    return not text[line_start : run.start].strip() and not any(char.isalnum() for char in after)


def _asks(draft: Draft, text: str) -> bool:
    """Whether a quote's last words are a question."""
    start, end = draft.content[-1]
    return text[start:end].rstrip(" \"”’'»,").endswith("?")


def _quoted_then_told(draft: Draft, text: str) -> bool:
    """A direct quote attributed after its words ("'…,' Kessel says"): its last piece is a quotation
    and its cue follows it."""
    last_end = draft.content[-1][1]
    closing = text[last_end : last_end + 3].lstrip(" ,.")
    marks = "\"”’'»"
    if _asks(draft, text):
        return False  # '"So what happened?" Pryce asked her.': the next paragraph is her answer, not his
    return draft.cue is not None and draft.cue[0] >= last_end and bool(
        text[last_end - 1 : last_end] in marks or closing[:1] in marks)
