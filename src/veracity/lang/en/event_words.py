"""English words that name events, by the type a verification desk sorts them into.

Kept apart from the rules that use them (``story_events``, ``coreference``, ``claims``) so a language
is one more table, as ``time_words`` is for words of time. Nouns are matched singular or plural; verbs in the
past tense a story recounts them in. Reporting verbs ("said", "told reporters") are not events here:
they are the quotes stage's cues, and a quote already has its speech event.
"""

from __future__ import annotations

import re

EVENT_NOUNS: dict[str, str] = {
    **dict.fromkeys(("call", "phone call", "telephone call", "conversation", "exchange", "talks", "chat",
                     "text message", "message", "email", "letter", "warning", "threat", "voicemail",
                     "interview", "phone conversation", "telephone conversation", "televised address",
                     "press release"), "communication"),
    **dict.fromkeys(("meeting", "dinner", "lunch", "breakfast", "fundraiser", "fundraising event",
                     "fundraising dinner", "fundraising lunch", "summit", "reception", "gala", "visit",
                     "trade mission", "briefing", "rally", "conference", "debate", "ceremony", "funeral",
                     "premiere", "rehearsal", "workshop", "question time", "question hour", "concert", "gig"),
                    "meeting"),
    **dict.fromkeys(("match", "qualifier", "defeat", "victory"), "match"),
    **dict.fromkeys(("invasion", "war", "attack", "crisis", "uprising", "coup", "offensive", "incursion",
                     "bombing", "annexation", "standoff", "occupation", "air strike", "airstrike", "drone strike",
                     "missile strike", "firebombing"), "conflict"),
    **dict.fromkeys(("blaze", "flood", "flooding", "outbreak", "explosion", "crash", "shooting", "earthquake",
                     "evacuation"), "disaster"),
    **dict.fromkeys(("election", "referendum", "ballot", "primary", "re-election", "runoff", "run-off"),
                    "election"),
    **dict.fromkeys(("presidency", "premiership", "chancellorship", "tenure", "term in office"), "term"),
    **dict.fromkeys(("trial", "hearing", "inquiry", "investigation", "appeal", "sentencing"), "trial"),
    **dict.fromkeys(("arrest",), "arrest"),
    **dict.fromkeys(("ceasefire", "truce", "treaty", "accord", "peace deal"), "agreement"),
    **dict.fromkeys(("protest", "demonstration", "walkout", "strike"), "protest"),
}

EVENT_VERBS: dict[str, str] = {
    **dict.fromkeys(("called", "phoned", "rang", "spoke", "texted", "emailed", "wrote", "warned", "threatened"),
                    "communication"),
    **dict.fromkeys(("met",), "meeting"),
    **dict.fromkeys(("invaded", "attacked", "bombed"), "conflict"),
    **dict.fromkeys(("elected", "re-elected"), "election"),
    **dict.fromkeys(("arrested", "detained"), "arrest"),
    **dict.fromkeys(("signed",), "agreement"),
}

# Inside a quote, a speaker recounting what passed between them and another: "I told him", "he said to me".
RECOUNT_VERBS = ("told", "said to", "asked", "warned", "threatened", "promised", "spoke to", "spoke with",
                 "called", "phoned", "rang", "texted", "met", "goes", "went")

# What hedges a dating: "believed to have taken place", "reportedly held", "thought to have been".
HEDGES = r"(?:is|was|are|were)\s+(?:widely\s+)?(?:believed|thought|understood|said|reported|alleged|" \
         r"suspected)\s+to\s+have|reportedly|allegedly|apparently|(?:is|was)\s+(?:likely|said)\s+to\s+have"

_PLURAL = r"(?:s|es)?"


def noun_pattern() -> re.Pattern[str]:
    """One pattern over every event noun, longest first, so "phone call" wins over "call"."""
    words = sorted(EVENT_NOUNS, key=len, reverse=True)
    return re.compile(r"\b(?P<noun>" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")"
                      + _PLURAL + r"\b", re.IGNORECASE)


def verb_pattern() -> re.Pattern[str]:
    return re.compile(r"\b(?P<verb>" + "|".join(sorted(EVENT_VERBS, key=len, reverse=True)) + r")\b")


def event_type(word: str) -> str | None:
    """The type of an event noun or verb as the text writes it ("Conversations" -> communication)."""
    key = re.sub(r"\s+", " ", word.lower())
    if key in EVENT_NOUNS or key in EVENT_VERBS:
        return EVENT_NOUNS.get(key) or EVENT_VERBS[key]
    for suffix in ("es", "s"):
        if key.endswith(suffix) and key[: -len(suffix)] in EVENT_NOUNS:
            return EVENT_NOUNS[key[: -len(suffix)]]
    return None
