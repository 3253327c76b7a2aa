"""Speaker turns of an interview transcript printed in an article: ``WALLACE: Do you really …``.

News sites print broadcast interviews as paragraphs opened by the speaker's name and a colon, in
capitals or as a name is written ("Clare Ashdown: Do you accept that?", "Quinn: No."), each paragraph
sometimes opened by a quotation mark; leaked chat logs print lines the same way after a time stamp
("[21:14] Dan Morris: It's bad."). Each such turn is one direct quote: the name is its source, the
colon its cue, the rest of the paragraph its content. A single label is more often a rubric
("UPDATE:", "Watch:"), so turns count only where a text has at least two of them; a label written as
a name counts only when its last word is also a name in the story's prose ("Photo: Reuters" is not).
"""

from __future__ import annotations

import re

from veracity.text.drafts import Draft, SpanIndex, strip_marks

_LABEL = r"(?P<label>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})"
# a role with the name in brackets: "PRESENTER (JAMES OKORO):", "Chair (Dame Ann Lowe):"
_NAMED = r"(?:[ \t]+\((?P<named>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})\))?"
# a chat log's time stamp before the name: "[21:14] Dan Morris: …", "21:14 - Dan Morris: …", "(9.05pm) Kate: …"
CHAT_STAMP = r"[\[(]?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?[\])]?[ \t]*(?:[-–—,][ \t]*)?"
_TURN = re.compile(r"^[ \t]*[\"“‘']?" + f"(?P<stamp>{CHAT_STAMP})?" + _LABEL + _NAMED
                   + r"(?P<colon>:)[ \t]+(?P<rest>\S[^\n]*)", re.MULTILINE)
_RUBRICS = frozenset(
    "UPDATE UPDATED BREAKING WATCH READ MORE NOTE EDITOR'S EDITOR’S CORRECTION EXCLUSIVE LIVE VIDEO PHOTOS "
    "RELATED SOURCE SOURCES CREDIT WARNING ALERT OPINION ANALYSIS COMMENTARY FACT CHECK TOPICS TAGS "
    "PHOTO PICTURE PICTURED IMAGE IMAGES CAPTION LISTEN SEE ALSO DISCLAIMER REPORTING CONTACT EMAIL "
    "SUBSCRIBE SIGN UP FOLLOW SHARE ADVERTISEMENT ADVERT SPONSORED QUESTION ANSWER Q A "
    # a fact-check's rubrics: "CLAIM: A video shows …", "VERDICT: Misleading."
    "CLAIM CLAIMS CLAIMED VERDICT RATING RATED RULING CONCLUSION FACTS CONTEXT EVIDENCE SUMMARY BOTTOM LINE "
    "WHAT'S WHAT’S TRUE FALSE MISLEADING".split()
)
MIN_TURNS = 2


def transcript_turns(text: str) -> list[Draft]:
    """One draft per speaker turn, or none when the text is not a transcript."""
    return _named_turns(text) or _answers(text)


# A printed question-and-answer interview: "Q: Is that right?" / "A: My signature was on the forms, yes."
_QA_TURN = re.compile(r"^[ \t]*(?P<label>Q|A|Question|Answer)(?P<colon>[:.])[ \t]+(?P<rest>\S[^\n]*)", re.MULTILINE)
# whom the introduction says the outlet spoke to: "…, Simon Greaves, spoke to the Evening Record about …"
_INTERVIEWEE = re.compile(r"(?P<who>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,2}),?\s+(?:\d{1,3},\s+)?(?:spoke|talked)\s+"
                          r"(?:to|with)\s+(?:the\s+)?" + r"(?P<outlet>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,4})")


def _answers(text: str) -> list[Draft]:
    """The answers of a printed Q-and-A interview, each a direct quote of the one the introduction says the
    outlet spoke to (the questions are the outlet's). None unless at least two answers follow an introduction
    that names both: a lone "A:" is a rubric."""
    turns = [m for m in _QA_TURN.finditer(text)]
    answers = [m for m in turns if m.group("label")[0] == "A"]
    if len(answers) < MIN_TURNS or not any(m.group("label")[0] == "Q" for m in turns):
        return []
    introduction = list(_INTERVIEWEE.finditer(text, max(0, turns[0].start() - _INTRO_REACH), turns[0].start()))
    if not introduction:
        return []
    who, outlet = introduction[-1].span("who"), introduction[-1].span("outlet")
    drafts = []
    for answer in answers:
        content = strip_marks(text, answer.start("rest"), answer.end("rest"))
        if content is not None:
            drafts.append(Draft([content], cue=answer.span("colon"), source=who, scores=[0.8], kind="direct",
                                carrier=outlet))
    return drafts


def _named_turns(text: str) -> list[Draft]:
    turns = []
    stamped = False
    in_prose: set[str] | None = None  # read once, the first time a label is written as a name
    for match in _TURN.finditer(text):
        label, who = match.group("label"), "named" if match.group("named") else "label"
        if any(word.strip(".").upper() in _RUBRICS for word in label.split()):
            continue
        if not label.isupper():
            in_prose = _names_in_prose(text) if in_prose is None else in_prose
            if label.split()[-1] not in in_prose:
                continue
        content = strip_marks(text, match.start("rest"), match.end("rest"))
        if content is None:
            continue
        stamped = stamped or match.group("stamp") is not None
        turns.append(
            Draft([content], cue=match.span("colon"), source=match.span(who), scores=[0.8], kind="direct")
        )
    if len(turns) < MIN_TURNS:
        return []
    first = turns[0].source[0] if turns[0].source else turns[0].start
    carrier = _programme(text, first) or (_chat_platform(text, first) if stamped else None)
    for turn in turns:
        turn.carrier = carrier
    return turns


def _programme(text: str, first_turn: int) -> tuple[int, int] | None:
    """The outlet the interview was given to, as its introduction names it: "he spoke to me for BBC Radio 4's
    World at One", "in an interview with Channel 9 News": every turn went out on it."""
    named = list(_INTERVIEW_FOR.finditer(text, max(0, first_turn - _INTRO_REACH), first_turn))
    return named[-1].span("outlet") if named else None


def _chat_platform(text: str, first_turn: int) -> tuple[int, int] | None:
    """The messaging service a chat log's introduction names ("according to WhatsApp messages seen by …")."""
    named = list(_PLATFORM.finditer(text, max(0, first_turn - _INTRO_REACH), first_turn))
    return named[-1].span() if named else None


_PLATFORM = re.compile(r"\b(?:WhatsApp|Signal|Telegram|Slack|Microsoft Teams|iMessage|Messenger|Discord|WeChat)\b")
_INTRO_REACH = 600  # characters before the first turn where the introduction is
_WORD = r"[A-Z0-9](?:[\w'’&-]|\.(?=\w))*"  # "Radio", "4's", "U.S.": a full stop only inside a word
_OUTLET_NAME = rf"(?P<outlet>{_WORD}(?:\s+(?:{_WORD}|at|of|on|the|and)){{0,7}}(?<![\s.]))"
_INTERVIEW_FOR = re.compile(r"\b(?:(?:spoke|talked|speaking|talking)\s+(?:to|with)\s+(?:me|us|[A-Z][\w'’-]+)\s+"
                            r"(?:for|on)|interview\s+(?:with|for|on))\s+" + _OUTLET_NAME)


def _names_in_prose(text: str) -> set[str]:
    """The capitalised words of the story that stand somewhere other than at the head of a turn: one pass."""
    names = set()
    for found in _CAPITALISED.finditer(text):
        opens_line = text.rfind("\n", max(0, found.start() - 40), found.start()) >= 0 or found.start() < 40
        if opens_line and _LABEL_END.match(text, found.end()):
            continue  # a turn's label
        if not found.group()[1:].isupper():  # (not "BBC": a name written as a name)
            names.add(found.group())
    return names


_CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]+(?![\w'’-])")
_LABEL_END = re.compile(r"[^\n:]{0,40}:")


def with_turns(drafts: list[Draft], turns: list[Draft], text: str) -> list[Draft]:
    """Replace what the tagger and the mark rules made of the turns' labels and uncued lines.

    A draft touching a label misread it (content "WALLACE: If I may …"); a draft with no cue inside
    a turn is the same turn found from its quotation marks. Drafts with a cue of their own inside a
    turn stay: they are quotes the speaker reports, and nest under the turn. The turns are looked up
    in indexes, so a transcript of thousands of turns costs no scan of all of them per draft.
    """
    if not turns:
        return drafts
    labels = SpanIndex([_Label(turn) for turn in turns])
    bodies = SpanIndex(turns)
    kept = []
    for draft in drafts:
        touched = [(draft.start, draft.end), *([draft.cue] if draft.cue is not None else [])]
        touches_label = any(labels.overlapping(*span) for span in touched)
        uncued_inside = draft.cue is None and any(
            turn.start <= draft.start and draft.end <= turn.end for turn in bodies.overlapping(draft.start, draft.end)
        )
        if not touches_label and not uncued_inside:
            kept.append(draft)
            _source_after_label(draft, labels, text)
    return kept + turns


class _Label:
    """A turn's label and colon ("Ashdown:"), as a span an index can hold."""

    def __init__(self, turn: Draft) -> None:
        assert turn.source is not None and turn.cue is not None
        self.start, self.end = turn.source[0], turn.cue[1]  # the end is just after the colon
        if turn.source[1] < turn.cue[0] - 1:  # an answer's speaker named in the introduction: its label is "A:"
            self.start = turn.cue[0] - 1


def _source_after_label(draft: Draft, labels: SpanIndex, text: str) -> None:
    """ "Ashdown: Campaigners say …": a quote the turn reports keeps its source, not the label run into it."""
    if draft.source is None:
        return
    for label in labels.overlapping(*draft.source):
        if draft.source[0] < label.end < draft.source[1]:
            gap = text[label.end : draft.source[1]]
            draft.source = (label.end + len(gap) - len(gap.lstrip()), draft.source[1])
            return
