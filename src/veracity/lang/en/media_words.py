"""English words for the medium a quote came through: channel nouns, platforms, news outlets, forms.

The cue roles (``text.cue_roles``), the medium finder (``text.channels``) and the speaker resolver read them:
a phrase headed by a channel noun is the medium, an outlet that is told something is hearer and medium.
"""

from __future__ import annotations

# Channel nouns: a phrase whose head is one of these names the medium of the speech.
CHANNEL_WORDS = frozenset({
    "statement", "interview", "recording", "tape", "audio", "video", "footage", "clip", "post",
    "tweet", "letter", "release", "briefing", "conference", "broadcast", "television", "tv",
    "radio", "podcast", "newspaper", "agency", "transcript", "email", "e-mail", "speech",
    "message", "memo", "note", "op-ed", "editorial", "column", "blog", "livestream", "stream",
    "webcast", "address", "call", "phone", "programme", "program", "show", "channel", "newsletter",
    "documentary", "remarks", "testimony", "hearing", "voicemail", "text", "filing", "report",
})
# Channel nouns whose "to"/"with" phrase names the hearer: "a letter to the senator".
HEARER_CARRYING_CHANNELS = frozenset({
    "letter", "interview", "email", "e-mail", "message", "memo", "note", "call", "speech",
    "address", "remarks", "testimony", "conversation", "briefing", "statement", "submission",
})
# Social platforms and news outlets are media (and an outlet that is told something is both the
# hearer and the medium). Matched on the lower-cased name, with or without a leading "the".
PLATFORMS = frozenset({
    "twitter", "x", "facebook", "instagram", "truth social", "telegram", "youtube", "tiktok",
    "threads", "bluesky", "linkedin", "weibo", "wechat", "vk", "vkontakte", "reddit", "substack",
    "snapchat", "whatsapp", "rumble", "gab", "parler", "mastodon",
})
NEWS_OUTLETS = frozenset({
    "bbc", "cnn", "reuters", "ap", "associated press", "afp", "agence france-presse", "ria",
    "ria novosti", "tass", "interfax", "xinhua", "fox news", "fox", "msnbc", "nbc", "cbs", "abc",
    "npr", "pbs", "al jazeera", "bloomberg", "politico", "axios", "new york times", "times",
    "washington post", "wall street journal", "guardian", "financial times", "le monde",
    "der spiegel", "spiegel", "bild", "rt", "sky news", "itv", "channel 4", "dpa", "anadolu",
    "kyodo", "yonhap", "efe", "ansa", "breitbart", "daily mail", "telegraph", "the hill",
    "usa today", "newsweek", "time", "economist", "cnbc", "euronews", "deutsche welle", "dw",
})
# Words that make an organisation name a news outlet: "the state news agency", "Channel One TV".
OUTLET_NAME_WORDS = frozenset({
    "news", "agency", "tv", "television", "radio", "times", "post", "journal", "gazette",
    "herald", "tribune", "broadcasting", "press", "daily", "channel", "network", "magazine",
})
# Heads of a channel phrase that say what form the words took, not which outlet carried them.
FORM_WORDS = frozenset({
    "statement", "interview", "recording", "tape", "audio", "video", "footage", "clip", "post", "tweet",
    "letter", "release", "briefing", "conference", "transcript", "email", "e-mail", "speech", "message",
    "memo", "note", "op-ed", "editorial", "column", "livestream", "stream", "webcast", "address", "call",
    "phone", "remarks", "testimony", "hearing", "voicemail", "text", "filing", "report", "documentary",
    "newsletter", "submission", "conversation", "session", "meeting", "rally", "event",
})
# Heads that name a kind of outlet: "its Rallycast channel" goes out through Rallycast.
OUTLET_HEADS = frozenset({"channel", "station", "programme", "program", "show", "podcast", "paper", "newspaper",
                          "agency", "network", "broadcaster", "website", "site", "account", "page", "feed",
                          "radio", "tv", "television", "broadcast", "magazine", "outlet", "wire", "service"})
