"""How an outlet can reprint a quote, written without the detector's word lists.

The misquote benchmark must not be the detector's mirror, so nothing here comes from ``veracity``: the word
lists follow the categories of a grammar reference instead — Quirk, Greenbaum, Leech and Svartvik, *A
Comprehensive Grammar of the English Language* (Longman, 1985): negators and approximate negators,
conditional, concessive and exceptive subordinators, adversative conjunctions, downtoners and amplifiers,
modal auxiliaries and operators, and cardinal, ordinal and fractional numerals. They are wider than the
detector's own lists on purpose, so the benchmark also asks about words the detector never listed. The
typographic restylings follow what print and web copy do to the same words (curly marks, dashes,
ellipses, line breaks, non-breaking spaces and soft hyphens, punctuation at the closing mark).

Every editor takes the quote's words (split on spaces), a random source and the split's vocabulary and
returns an :class:`Edited` printing, or None when the edit does not apply to that quote.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

# --- word lists (Quirk et al. 1985 categories; written for this benchmark) ----------------------------
# Negators: "not"/"n't" and the negative words of the no-series; approximate negators ("hardly" …) are
# negative in meaning though not in form.
NEGATORS = ("not", "never", "no", "none", "nobody", "nothing", "nowhere", "neither", "nor")
APPROXIMATE_NEGATORS = ("hardly", "scarcely", "barely", "seldom", "rarely")
# The negative word and the assertive word it stands against: printing one for the other reverses a claim.
# ("nowhere" is left out: "out of nowhere" is an idiom, not a denial.)
NEGATOR_OPPOSITES = {"never": "always", "nobody": "everybody", "nothing": "everything", "none": "all",
                     "neither": "both"}
# Operators with their negative contraction undone: "don't" printed as "do" (and "cannot" as "can").
NEGATIVE_CONTRACTIONS = {
    "cannot": "can",
    "aren't": "are", "can't": "can", "couldn't": "could", "didn't": "did", "doesn't": "does", "don't": "do",
    "hadn't": "had", "hasn't": "has", "haven't": "have", "isn't": "is", "mightn't": "might", "mustn't": "must",
    "needn't": "need", "oughtn't": "ought", "shan't": "shall", "shouldn't": "should", "wasn't": "was",
    "weren't": "were", "won't": "will", "wouldn't": "would", "ain't": "is",
}
# Operators (auxiliaries and modals) that take "not" straight after them.
OPERATORS = ("is", "are", "was", "were", "will", "would", "can", "could", "should", "must", "may", "might",
             "shall", "has", "have", "had", "does", "did")
# Words that open a condition, a concession, an exception or a contrast: what follows limits what came
# before, so a printing that stops just before one claims more than was said.
# (Bare "provided"/"providing" and "whether" are left out: most are a verb or an indirect question.)
CONDITIONAL = ("if", "unless", "provided that", "providing that", "as long as", "so long as",
               "on condition that", "in case", "assuming", "supposing", "only if", "even if")
CONCESSIVE = ("although", "though", "even though", "while", "whilst", "whereas", "despite", "in spite of",
              "notwithstanding", "albeit", "even so")
EXCEPTIVE = ("except", "except that", "excepting", "save for", "apart from", "other than", "barring",
             "excluding", "but for")
ADVERSATIVE = ("but", "yet", "however", "nevertheless", "nonetheless", "instead", "on the other hand")
LIMITING = ("only", "until", "till", "as far as", "insofar as", "at least")
QUALIFIERS = CONDITIONAL + CONCESSIVE + EXCEPTIVE + ADVERSATIVE + LIMITING
# Downtoners and disjuncts of doubt: dropping one turns a guess into a statement.
HEDGES = ("probably", "possibly", "perhaps", "maybe", "apparently", "allegedly", "reportedly", "arguably",
          "roughly", "approximately", "almost", "nearly", "partly", "somewhat", "largely", "mostly",
          "likely", "potentially", "presumably")
# Amplifiers (boosters and maximizers): the commonest word an outlet adds.
AMPLIFIERS = ("completely", "totally", "utterly", "absolutely", "entirely", "fully", "deeply", "greatly",
              "highly", "extremely", "terribly", "really", "truly", "clearly", "certainly", "definitely",
              "obviously", "all along")
# A modal or tense swapped: "may" hardened to "will", "will" softened to "would", "is" put in the past.
MODAL_AND_TENSE_SWAPS = {
    "may": "will", "might": "will", "could": "would", "should": "must", "would": "will", "will": "would",
    "can": "could", "must": "should", "is": "was", "are": "were", "was": "is", "were": "are", "has": "had",
    "have": "had", "does": "did", "do": "did",
}
# Reporting and mental verbs an outlet hardens.
HARDENED_VERBS = {
    "said": "claimed", "says": "insists", "think": "know", "believe": "know", "asked": "demanded",
    "suggested": "insisted", "told": "warned", "concerned": "alarmed", "worried": "terrified",
    "disagree": "oppose", "criticized": "attacked", "want": "demand", "hope": "expect", "expect": "promise",
}
CARDINALS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
             "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred "
             "thousand million billion trillion dozen").split()
ORDINALS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth twentieth "
            "hundredth").split()
FRACTIONS = "half third quarter fifth tenth".split()
# Pronouns an editor replaces with a bracketed referent, and the referents (PolNeAR is US politics).
# ("this" and "that" are left out: most are determiners or conjunctions, not a referent to clarify.)
PRONOUNS = ("he", "she", "they", "it", "him", "her", "them", "we", "us")
REFERENTS = ("[the senator]", "[the candidate]", "[the administration]", "[the campaign]", "[the committee]",
             "[Mr. Trump]", "[Mrs. Clinton]", "[the voters]", "[the bill]", "[the agency]", "[Russia]")
BRACKETED_ADDITIONS = ("[in 2016]", "[sic]", "[last year]", "[the Republicans]", "[of the party]")
# How newsrooms hide a swear word (AP: first letter and dashes; tabloids: asterisks; broadcasters: brackets).
CENSOR_BRACKETS = ("[expletive]", "[expletive deleted]", "[bleep]", "[obscenity]")
# How an elision is marked: AP's "...", the single character, Chicago's spaced periods, a bracketed one.
ELLIPSES = ("…", "…", "…", "...", "...", ". . .", "[…]")
DASHES = (" - ", "--", "—", " — ", "–", " – ")

_EDGE = ".,;:!?\"“”‘’'()—–-"


@dataclass(frozen=True)
class Edited:
    """One printing: its words, the edit types in it, whether an editor would call it a misquote, how."""

    tokens: list[str]
    types: frozenset[str]
    misquote: bool
    variant: str


Editor = Callable[[list[str], random.Random, list[str]], "Edited | None"]


def bare(token: str) -> str:
    """A token without its edge punctuation, lower-cased, with a straight apostrophe."""
    return token.strip(_EDGE).lower().replace("’", "'")


def is_number(word: str) -> bool:
    return any(ch.isdigit() for ch in word) or word in CARDINALS or word in ORDINALS or word in FRACTIONS


def is_load_bearing(word: str) -> bool:
    """A word whose loss changes what a quote claims: a negator, a number, a one-word qualifier."""
    return (word in NEGATORS or word in APPROXIMATE_NEGATORS or word in NEGATIVE_CONTRACTIONS or is_number(word)
            or word in QUALIFIERS or word.endswith("n't"))


def _with_case(word: str, like: str) -> str:
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


def _replace_word(token: str, word: str) -> str:
    """Put ``word`` in place of the token's letters, keeping its edge punctuation and capital."""
    core = token.strip(_EDGE)
    at = token.find(core)
    return token[:at] + _with_case(word, core) + token[at + len(core):]


def _one(types: str, misquote: bool, variant: str, tokens: list[str]) -> Edited:
    return Edited(tokens, frozenset({types}), misquote, variant)


# --- meaning changed -----------------------------------------------------------------------------------


def negation_lost(tokens: list[str], rng: random.Random, _: list[str]) -> Edited | None:
    """A negator dropped, a contraction undone, or the negator printed as its assertive opposite."""
    spots = []
    for i, token in enumerate(tokens):
        word = bare(token)
        if word in ("not", "never") + APPROXIMATE_NEGATORS and 0 < i < len(tokens) - 1:
            spots.append((i, "dropped: " + ("approximate negator" if word in APPROXIMATE_NEGATORS else word)))
        elif word in NEGATIVE_CONTRACTIONS:
            spots.append((i, "contraction undone"))
        elif word in NEGATOR_OPPOSITES:
            spots.append((i, "opposite printed"))
    if not spots:
        return None
    i, variant = rng.choice(spots)
    word = bare(tokens[i])
    out = list(tokens)
    if variant.startswith("dropped"):
        del out[i]
    else:
        out[i] = _replace_word(tokens[i], (NEGATIVE_CONTRACTIONS | NEGATOR_OPPOSITES)[word])
    return _one("changed_meaning", True, "negation lost, " + variant, out)


def negation_added(tokens: list[str], rng: random.Random, _: list[str]) -> Edited | None:
    """"not" put after an operator that had none: "we will win" printed "we will not win"."""
    spots = [i for i, t in enumerate(tokens[:-1]) if bare(t) in OPERATORS and t == t.strip(_EDGE)
             and bare(tokens[i + 1]) not in NEGATORS + ("n't",)]
    if not spots:
        return None
    i = rng.choice(spots)
    return _one("changed_meaning", True, "negation added", tokens[: i + 1] + ["not"] + tokens[i + 1 :])


def number_changed(tokens: list[str], rng: random.Random, _: list[str]) -> Edited | None:
    """A figure with one digit changed, or a number word swapped for another of its kind."""
    spots = []
    for i, token in enumerate(tokens):
        word = bare(token)
        if re.search(r"\d", word):
            spots.append((i, "digit"))
        for name, group in (("cardinal", CARDINALS), ("ordinal", ORDINALS), ("fraction", FRACTIONS)):
            if word in group:
                spots.append((i, name))
    if not spots:
        return None
    i, kind = rng.choice(spots)
    out = list(tokens)
    if kind == "digit":
        digits = [m.start() for m in re.finditer(r"\d", tokens[i])]
        at = rng.choice(digits)
        new = str((int(tokens[i][at]) + rng.randint(1, 9)) % 10)
        out[i] = tokens[i][:at] + new + tokens[i][at + 1 :]
    else:
        group = {"cardinal": CARDINALS, "ordinal": ORDINALS, "fraction": FRACTIONS}[kind]
        out[i] = _replace_word(tokens[i], rng.choice([w for w in group if w != bare(tokens[i])]))
    return _one("changed_meaning", True, f"number changed ({kind})", out) if out[i] != tokens[i] else None


# --- cuts -------------------------------------------------------------------------------------------------


def _qualifier_at(tokens: list[str], i: int) -> str:
    """The qualifier (one or more words) that starts at token ``i``, or ""."""
    for phrase in sorted(QUALIFIERS, key=len, reverse=True):
        words = phrase.split()
        if [bare(t) for t in tokens[i : i + len(words)]] == words:
            return phrase
    return ""


def cut_before_qualifier(tokens: list[str], rng: random.Random, _: list[str]) -> Edited | None:
    """The quote stops just before "unless", "but", "except", "as long as" …: a misquote."""
    spots = [(i, q) for i in range(4, len(tokens) - 2) if (q := _qualifier_at(tokens, i))]
    if not spots:
        return None
    i, phrase = rng.choice(spots)
    out = tokens[:i]
    out[-1] = out[-1].rstrip(",;:—–-")
    return _one("truncation", True, f"cut before '{phrase}'", out)


_ABBREVIATIONS = frozenset("mr mrs ms dr st jr sr gov sen rep gen lt col sgt no vs etc inc co corp".split())


def _ends_sentence(token: str, following: str) -> bool:
    """A token that closes a sentence: ".", "?" or "!" at its end, not an abbreviation, a capital next."""
    core = token.rstrip("\"”’'")
    if core[-1:] not in ".?!" or not following[:1].isupper():
        return False
    word = core.rstrip(".?!")
    return core[-1] != "." or ("." not in word and word.lower() not in _ABBREVIATIONS and len(word) > 1)


def cut_at_sentence_end(tokens: list[str], rng: random.Random, _: list[str]) -> Edited | None:
    """A whole closing sentence left off, or an opening one: the usual, accepted trim."""
    ends = [i for i in range(3, len(tokens) - 3)
            if _ends_sentence(tokens[i], tokens[i + 1].lstrip("\"“‘'")) and not _qualifier_at(tokens, i + 1)]
    if not ends:
        return None
    i = rng.choice(ends)
    if rng.random() < 0.5:
        return _one("truncation", False, "closing sentence cut", tokens[: i + 1])
    return _one("truncation", False, "opening sentence cut", tokens[i + 1 :])


def cut_opening_words(tokens: list[str], rng: random.Random, _: list[str]) -> Edited | None:
    """A short lead-in ("Look, …", "Folks, …") left off the front."""
    for i in range(min(5, len(tokens) - 4)):
        if tokens[i].endswith(","):
            lead = [bare(t) for t in tokens[: i + 1]]
            if not any(is_load_bearing(w) for w in lead) and not any(_qualifier_at(tokens, j) for j in range(i + 1)):
                return _one("truncation", False, "lead-in cut", tokens[i + 1 :])
            return None
    return None


def _middle(tokens: list[str], rng: random.Random) -> tuple[int, int] | None:
    """A stretch of three to six words well inside the quote, with no negator or number in it."""
    if len(tokens) < 9:
        return None
    for _ in range(12):
        size = rng.randint(3, min(6, len(tokens) - 6))
        start = rng.randint(2, len(tokens) - 3 - size)
        stretch = range(start, start + size)
        beside = tokens[start - 1] + tokens[start + size]
        # Not next to the original's own "…": the cut would then look marked.
        if not any(is_load_bearing(bare(tokens[i])) or _qualifier_at(tokens, i) for i in stretch) \
                and "…" not in beside and "..." not in beside:
            return start, start + size
    return None


def elision_marked(tokens: list[str], rng: random.Random, _: list[str]) -> Edited | None:
    stretch = _middle(tokens, rng)
    if stretch is None:
        return None
    mark = rng.choice(ELLIPSES)
    return _one("marked_elision", False, f"marked with '{mark}'", tokens[: stretch[0]] + [mark] + tokens[stretch[1] :])


def elision_unmarked(tokens: list[str], rng: random.Random, _: list[str]) -> Edited | None:
    """Words cut from the middle with no mark: a stretch, or a single hedge ("probably", "almost")."""
    hedges = [i for i, t in enumerate(tokens) if 0 < i < len(tokens) - 1 and bare(t) in HEDGES and t == t.strip(_EDGE)]
    if hedges and rng.random() < 0.5:
        i = rng.choice(hedges)
        return _one("unmarked_elision", True, "hedge dropped", tokens[:i] + tokens[i + 1 :])
    stretch = _middle(tokens, rng)
    if stretch is None:
        return None
    return _one("unmarked_elision", True, "stretch cut", tokens[: stretch[0]] + tokens[stretch[1] :])


# --- words swapped, added, moved -------------------------------------------------------------------------


def substitution(tokens: list[str], rng: random.Random, vocabulary: list[str]) -> Edited | None:
    """A modal or tense swapped, a verb hardened, or a word from elsewhere in the split put in."""
    swaps = [(i, table, variant) for i, t in enumerate(tokens)
             for table, variant in ((MODAL_AND_TENSE_SWAPS, "modal or tense"), (HARDENED_VERBS, "verb hardened"))
             if bare(t) in table]
    if swaps and rng.random() < 0.5:
        i, table, variant = rng.choice(swaps)
        out = list(tokens)
        out[i] = _replace_word(tokens[i], table[bare(tokens[i])])
        return _one("substitution", True, variant, out)
    spots = [i for i, t in enumerate(tokens) if t.isalpha() and t.islower() and len(t) >= 4 and not is_load_bearing(t)]
    if not spots:
        return None
    i = rng.choice(spots)
    out = list(tokens)
    out[i] = rng.choice([w for w in vocabulary if w != tokens[i]])
    return _one("substitution", True, "word from elsewhere", out)


def insertion(tokens: list[str], rng: random.Random, _: list[str]) -> Edited | None:
    i = rng.randint(1, len(tokens) - 1)
    return _one("insertion", True, "amplifier added", tokens[:i] + rng.choice(AMPLIFIERS).split() + tokens[i:])


def reordering(tokens: list[str], rng: random.Random, _: list[str]) -> Edited | None:
    """The two halves of the quote swapped at a comma or an "and"."""
    spots = [i for i in range(3, len(tokens) - 4) if tokens[i].endswith(",") or bare(tokens[i + 1]) == "and"]
    if not spots:
        return None
    i = rng.choice(spots) + 1
    first, second = list(tokens[:i]), list(tokens[i:])
    if bare(second[0]) == "and":
        second = second[1:]
    first[-1] = first[-1].rstrip(",")
    second[-1] = second[-1].rstrip(".!?") + ","
    out = [second[0][:1].upper() + second[0][1:], *second[1:], first[0][:1].lower() + first[0][1:], *first[1:]]
    return _one("reordering", True, "halves swapped", out)


def bracketed(tokens: list[str], rng: random.Random, _: list[str]) -> Edited | None:
    """A pronoun replaced by a bracketed referent, or a bracketed clarification added."""
    pronouns = [i for i, t in enumerate(tokens) if bare(t) in PRONOUNS and t == t.strip(_EDGE)]
    if pronouns and rng.random() < 0.7:
        i = rng.choice(pronouns)
        out = tokens[:i] + [rng.choice(REFERENTS)] + tokens[i + 1 :]
        return _one("bracketed_insertion", False, "pronoun replaced", out)
    i = rng.randint(2, len(tokens) - 1)
    out = tokens[:i] + [rng.choice(BRACKETED_ADDITIONS)] + tokens[i:]
    return _one("bracketed_insertion", False, "clarification added", out)


def censoring(tokens: list[str], rng: random.Random, _: list[str]) -> Edited | None:
    """A word hidden as a swear word would be: "s***", "f---", "[expletive]"."""
    spots = [i for i, t in enumerate(tokens) if t.isalpha() and len(t) >= 4 and not is_load_bearing(bare(t))]
    if not spots:
        return None
    i = rng.choice(spots)
    word = tokens[i]
    style = rng.choice(["stars", "dashes", "bracket"])
    masked = {"stars": word[0] + "*" * (len(word) - 1), "dashes": word[0] + "---",
              "bracket": rng.choice(CENSOR_BRACKETS)}[style]
    return _one("censoring", False, style, tokens[:i] + [masked] + tokens[i + 1 :])


SINGLE_EDITS: dict[str, Editor] = {
    "negation lost": negation_lost, "negation added": negation_added, "number changed": number_changed,
    "cut before a qualifier": cut_before_qualifier, "sentence cut": cut_at_sentence_end,
    "lead-in cut": cut_opening_words, "marked elision": elision_marked, "unmarked elision": elision_unmarked,
    "substitution": substitution, "insertion": insertion, "reordering": reordering, "bracketed": bracketed,
    "censoring": censoring,
}


# --- typography: the same words, printed differently ----------------------------------------------------


def _curl(text: str) -> str:
    text = re.sub(r'(^|[\s(\[—–-])"', "\\1“", text).replace('"', "”")
    text = re.sub(r"(^|[\s(\[—–-])'(?=\w)", "\\1‘", text)
    return text.replace("'", "’")


def marks_restyled(text: str, rng: random.Random) -> str | None:
    """Straight marks and apostrophes printed curly, or curly ones straight."""
    if any(c in text for c in "‘’“”"):
        return text.translate(str.maketrans("‘’“”", "''\"\""))
    return _curl(text) if any(c in text for c in "'\"") else None


_DASH = re.compile(r" - |(?<!-)--(?!-)| ?[—–―] ?")  # not the dashes of a censored "f---"


def dashes_restyled(text: str, rng: random.Random) -> str | None:
    if not _DASH.search(text):
        return None
    return _DASH.sub(lambda m: rng.choice([d for d in DASHES if d != m.group()]), text)


def ellipsis_restyled(text: str, rng: random.Random) -> str | None:
    if "..." in text:
        return text.replace("...", rng.choice(["…", " … ", " . . . "]))
    return text.replace("…", "...") if "…" in text else None


def spacing_restyled(text: str, rng: random.Random) -> str | None:
    """A line break, a double space or a non-breaking space where a plain space was."""
    spaces = [m.start() for m in re.finditer(" ", text)]
    if not spaces:
        return None
    at = rng.choice(spaces)
    return text[:at] + rng.choice(["\n", "  ", "\u00a0", " \n"]) + text[at + 1 :]


def closing_restyled(text: str, rng: random.Random) -> str | None:
    """The final stop dropped, added, or printed outside closing marks put round the quote."""
    stripped = text.rstrip()
    if stripped[-1:] in ".,!?":
        return rng.choice([stripped[:-1], "“" + stripped[:-1] + "”" + stripped[-1], "“" + stripped + "”"])
    return rng.choice([stripped + ".", "“" + stripped + ".”", "“" + stripped + "”."])


def soft_hyphenated(text: str, rng: random.Random) -> str | None:
    """A soft hyphen (U+00AD) inside a long word, as a hyphenating web layout leaves it."""
    long_words = [m for m in re.finditer(r"[A-Za-z]{9,}", text)]
    if not long_words:
        return None
    word = rng.choice(long_words)
    at = word.start() + len(word.group()) // 2
    return text[:at] + "\u00ad" + text[at:]


RESTYLINGS: dict[str, Callable[[str, random.Random], str | None]] = {
    "marks": marks_restyled, "dashes": dashes_restyled, "ellipsis": ellipsis_restyled,
    "spacing": spacing_restyled, "closing": closing_restyled, "soft hyphen": soft_hyphenated,
}
# Soft hyphens are rarer in copy than the rest: drawn less often (about one copy in ten).
_WEIGHTS = {"marks": 3, "dashes": 3, "ellipsis": 3, "spacing": 3, "closing": 3, "soft hyphen": 0.25}


def restyle(text: str, rng: random.Random, tries: int = 6) -> tuple[str, str] | None:
    """The same words in one to three typographic changes, and their names; None if nothing changed."""
    for _ in range(tries):
        names = [n for n in RESTYLINGS if RESTYLINGS[n](text, random.Random(0)) is not None]
        chosen: list[str] = []
        for _ in range(rng.choice([1, 2, 2, 3])):
            left = [n for n in names if n not in chosen]
            if left:
                chosen.append(rng.choices(left, [_WEIGHTS[n] for n in left])[0])
        printed = text
        for name in sorted(chosen, key=list(RESTYLINGS).index):
            printed = RESTYLINGS[name](printed, rng) or printed
        if printed != text:
            return printed, "+".join(sorted(chosen, key=list(RESTYLINGS).index))
    return None


def typographic_key(text: str) -> str:
    """The words with every difference ``restyle`` can make taken out: two restylings share a key."""
    text = text.replace("\u00ad", "").translate(str.maketrans("‘’“”", "''\"\""))
    # Full stops go too (not a decimal point): ellipses in any spacing leave only their stops behind.
    text = re.sub(r"\.(?!\d)|…", " ", re.sub(r"\s+", " ", text))
    text = re.sub(r" - |--|[—–―]", " ", text)
    return re.sub(r"\s+", " ", text).strip().strip("\"'.,!? ")
