"""English verbs and nouns of speech: what reports words, who hears them, what names a claim.

The quote rules (``text.direct_speech``, ``text.cue_roles``, ``text.missed_cues``, ``text.nominal_claims``)
read them; the tagger finds most cues without them, and these say which verbs carry a hearer, a question or
a quotation the tagger left untagged.
"""

from __future__ import annotations

import re

# Verbs whose direct object (or passive subject) is the hearer: "told reporters", "Reporters
# were told". "said" is not here: its object is what was said.
HEARER_OBJECT_VERBS = frozenset({
    "tell", "inform", "brief", "assure", "warn", "advise", "remind", "notify", "promise",
    "ask", "address", "urge", "reassure", "caution", "question", "interview", "email", "text",
    "press", "challenge", "quiz", "grill", "cross-examine",  # "Pressed by Miss Okafor, the defendant replied"
})
# Verbs that take the hearer in a "to" phrase or, for conversations, a "with" phrase.
TO_HEARER_VERBS = frozenset({
    "say", "tell", "write", "speak", "talk", "explain", "declare", "announce", "admit",
    "confide", "complain", "reply", "respond", "insist", "confirm", "deny", "state", "report",
    "suggest", "describe", "mention", "send", "post", "add", "note", "argue", "claim", "stress",
    "put",  # "put it to him that …", as counsel questions a witness
})
# Objects of those verbs that are what was said, not who heard it: "told the truth".
SAID_THINGS = frozenset({"story", "truth", "lie", "joke", "tale", "news", "question", "that",
                         "it", "this", "what", "something", "anything", "nothing", "everything"})
CONVERSATION_VERBS = frozenset({"speak", "talk", "chat", "meet", "confer"})
# Verbs that head an adverbial clause about the speech situation: "Speaking to journalists, ...",
# "..., when asked by reporters".
SITUATION_VERBS = frozenset({"speak", "talk", "write", "address", "ask", "tell", "question",
                             "brief", "answer", "respond", "reply", "interview", "press", "challenge",
                             "quiz", "grill", "cross-examine"})
# Cues that put a question ("asked", "pressed"): their hearer is the person asked, who answers next.
ASKING_CUE = re.compile(r"\b(?:ask|asks|asked|asking|questioned|pressed|demanded)\b", re.IGNORECASE)
SPEECH_VERBS = frozenset(
    "say tell add state claim insist deny explain argue note warn ask reply respond write tweet post "
    "declare announce confirm admit acknowledge suggest continue recall joke quip complain shout "
    "scream whisper mutter yell boast vow promise threaten pledge predict concede dismiss reject "
    "describe call go hear testify allege assert maintain contend agree counter retort".split()
)
# Verbs that tell someone to do something ("ordered Kerr to 'get his story straight'"): the infinitive is the words.
DIRECTING_VERBS = frozenset({"order", "beg", "urge", "instruct", "implore", "advise", "command"})
# Colloquial "he goes, 'I don't buy it'" only reports speech right before a quotation.
COLLOQUIAL_VERBS = frozenset({"go", "be like"})
# Verbs whose object is heard or seen saying something: "the tape captures Hale telling donors …",
# "he can be heard saying …", "the clip features a woman's voice saying: …".
PERCEPTION_VERBS = frozenset("capture hear show see record film catch depict reveal overhear feature".split())
CLAIM_NOUNS = frozenset({
    "claim", "claims", "insistence", "allegation", "allegations", "assertion", "assertions", "suggestion",
    "suggestions", "contention", "accusation", "accusations", "argument", "admission", "boast",
})
# verbs that report words whatever follows them (not "called her", "went on", "heard it")
TELLING_VERBS = frozenset("say tell add claim insist deny admit warn explain argue testify allege assert maintain "
                           "promise reply write acknowledge concede confirm announce suggest".split())
# What a reply answers that is no hearer of it: "replied to the statement", "responded to the allegations".
ANSWERED_WRITINGS = frozenset("statement post tweet letter email e-mail message memo report article claim allegation "
                              "accusation question criticism remark comment video".split())
