"""Words of time: month and weekday names, number words, units, parts of day, seasons, holidays.

Kept apart from the patterns so the recogniser reads as grammar and this file as a dictionary.
"""

from __future__ import annotations

import re

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    ["january jan", "february feb", "march mar", "april apr", "may", "june jun", "july jul",
     "august aug", "september sept sep", "october oct", "november nov", "december dec"], start=1):
    for _name in _names.split():
        MONTHS[_name] = _number

WEEKDAYS: dict[str, int] = {}  # ISO numbering: Monday is 1
for _number, _names in enumerate(
    ["monday mon", "tuesday tue tues", "wednesday wed", "thursday thu thur thurs", "friday fri",
     "saturday sat", "sunday sun"], start=1):
    for _name in _names.split():
        WEEKDAYS[_name] = _number

# Month names in other languages we recognise only to say we cannot read them (never guessed as English).
FOREIGN_MONTHS = frozenset(
    "janvier février fevrier avril mai juin juillet août aout septembre octobre novembre décembre "
    "januar februar märz maerz juni juli oktober dezember enero febrero marzo abril mayo junio julio "
    "agosto septiembre setiembre octubre noviembre diciembre gennaio febbraio aprile maggio giugno "
    "luglio settembre ottobre dicembre".split())

UNITS: dict[str, str] = {  # unit word -> TimeML duration letter
    "second": "S", "minute": "M", "hour": "H", "day": "D", "night": "D", "week": "W", "weekend": "WE",
    "month": "M", "quarter": "Q", "year": "Y", "decade": "DE", "century": "CE", "centurie": "CE",
}
TIME_UNITS = frozenset({"second", "minute", "hour"})

_SMALL = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
          "fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
NUMBER_WORDS: dict[str, float] = {word: float(i) for i, word in enumerate(_SMALL)}
NUMBER_WORDS.update({word: float(20 + 10 * i) for i, word in enumerate(_TENS)})
NUMBER_WORDS.update({"a": 1, "an": 1, "one": 1, "a half": 0.5, "half a": 0.5, "hundred": 100,
                     "a hundred": 100, "a couple of": 2, "couple of": 2, "a dozen": 12, "dozen": 12})
VAGUE_NUMBERS = frozenset({"several", "a few", "few", "some", "many", "numerous", "the next few",
                           "the past few", "a number of"})

PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
HOLIDAYS = {  # name -> (month, day); day 0: the fourth Thursday (US Thanksgiving); Easter is left out
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
    "new year's day": (1, 1), "new year's eve": (12, 31), "halloween": (10, 31),
    "independence day": (7, 4), "valentine's day": (2, 14), "thanksgiving": (11, 0), "thanksgiving day": (11, 0),
}


def number_value(words: str) -> float | None:
    """The value of a number written in digits or words ("twenty four", "2 1/2"), None when vague."""
    text = words.lower().replace("-", " ").strip()
    text = re.sub(r"\s+", " ", text)
    if text in NUMBER_WORDS:
        return NUMBER_WORDS[text]
    if re.fullmatch(r"\d+(\.\d+)?", text.replace(",", "")):
        return float(text.replace(",", ""))
    if re.fullmatch(r"\d+ 1/2", text):
        return float(text.split()[0]) + 0.5
    parts = text.split()
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _SMALL[1:10]:
        return NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]]
    return None


MONTH_RE = r"(?:" + "|".join(
    sorted((m + (r"\.?" if len(m) <= 4 and m != "may" and m != "june" and m != "july" else "") for m in MONTHS),
           key=len, reverse=True)) + r")"
WEEKDAY_RE = r"(?:" + "|".join(sorted((d + (r"\.?" if len(d) <= 5 and not d.endswith("day") else "")
                                       for d in WEEKDAYS), key=len, reverse=True)) + r")"
_NUMBER_WORD_RE = (r"(?:(?:" + "|".join(_TENS) + r")(?:[- ](?:" + "|".join(_SMALL[1:10]) + r"))?|"
                   + "|".join(sorted(_SMALL, key=len, reverse=True)) + ")")
NUMBER_RE = (r"(?:\d{1,3}(?:\.\d+)?(?: 1/2)?(?!\d)|" + _NUMBER_WORD_RE + r"|a couple of|a dozen|a half|half an?|an?|"
             r"several|a few|few|some|many|numerous|a number of)")
UNIT_RE = r"(?:second|minute|hour|day|night|weekend|week|month|quarter|year|decade|century|centurie)s?"


def month_number(word: str) -> int | None:
    return MONTHS.get(word.lower().rstrip("."))


def weekday_number(word: str) -> int | None:
    return WEEKDAYS.get(word.lower().rstrip("."))


def unit_of(word: str) -> str:
    """The singular unit of a unit word: "years" -> "year", "centuries" -> "century"."""
    base = word.lower()
    if base.endswith("ies"):
        return "century"
    return base[:-1] if base.endswith("s") else base
