"""How a number heard as digits may have been printed in words: whisper writes "1455" and "15th" where
a transcript or an article prints "fourteen fifty-five" and "fifteenth", and the two are the same words.

``spellings`` gives every usual English reading of a digit token: cardinal ("one thousand four hundred
and fifty-five"), year-style ("fourteen fifty-five", "eighteen hundred", "nineteen oh five") and ordinal
("fifteenth"), each as a list of words with hyphens split, the way ``text.compare.words`` keys them.
"""

from __future__ import annotations

import re

from veracity.lang.en.numbers import IRREGULAR_ORDINALS, ONES, TENS
from veracity.text.compare import CENSORED

_DIGITS = re.compile(r"^(\d{1,3}(?:,\d{3})*|\d+)(st|nd|rd|th)?$")
LARGEST = 999_999_999  # beyond this nobody reads digits aloud as words
# Number words whisper may write in digits, and back ("ten" / "10"): one word each.
WORD_TO_DIGITS = {**{name: str(n) for n, name in enumerate([*ONES, "twenty"])},
                  **{name: str(10 * tens) for tens, name in TENS.items() if tens > 2}}


def spellings(token: str) -> list[list[str]]:
    """Each way ``token`` ("1455", "15th", "1,200") reads in words; none for anything that is not a number."""
    match = _DIGITS.match(token.strip(".,;:!?\"'()").lower())
    if not match:
        return []
    number = int(match.group(1).replace(",", ""))
    if number > LARGEST:
        return []
    readings = [_cardinal(number), _cardinal(number, with_and=True)]
    if 1100 <= number <= 2099 and number % 1000 >= 100:
        readings.append(_year(number))
    if match.group(2):
        readings = [_ordinal(words) for words in readings]
    unique: list[list[str]] = []
    for words in readings:
        if words not in unique:
            unique.append(words)
    return unique


def _below_hundred(n: int) -> list[str]:
    if n < 20:
        return [ONES[n]]
    tens, ones = divmod(n, 10)
    return [TENS[tens]] + ([ONES[ones]] if ones else [])


def _below_thousand(n: int, with_and: bool) -> list[str]:
    hundreds, rest = divmod(n, 100)
    words = [ONES[hundreds], "hundred"] if hundreds else []
    if rest:
        words += (["and"] if hundreds and with_and else []) + _below_hundred(rest)
    return words


def _cardinal(n: int, with_and: bool = False) -> list[str]:
    if n == 0:
        return ["zero"]
    words: list[str] = []
    for size, name in ((1_000_000, "million"), (1_000, "thousand")):
        if n >= size:
            words += _below_thousand(n // size, with_and) + [name]
            n %= size
    if n:
        words += (["and"] if words and n < 100 and with_and else []) + _below_thousand(n, with_and)
    return words


def _year(n: int) -> list[str]:
    """1455 → fourteen fifty-five; 1800 → eighteen hundred; 1905 → nineteen oh five."""
    century, rest = divmod(n, 100)
    if rest == 0:
        return _below_hundred(century) + ["hundred"]
    return _below_hundred(century) + (["oh"] if rest < 10 else []) + _below_hundred(rest)


def _ordinal(words: list[str]) -> list[str]:
    last = words[-1]
    if last in IRREGULAR_ORDINALS:
        ordinal = IRREGULAR_ORDINALS[last]
    elif last.endswith("y"):
        ordinal = last[:-1] + "ieth"
    else:
        ordinal = last + "th"
    return words[:-1] + [ordinal]


def as_printed(text: str, printed_keys: frozenset[str] | set[str]) -> str:
    """A number heard in digits where the print has words ("10" and "ten", "1455" and "fourteen fifty-five"),
    or in words where the print has digits, is the same number: spell it as printed."""
    key = text.strip(".,;:!?").lower()
    if key in WORD_TO_DIGITS and WORD_TO_DIGITS[key] in printed_keys:
        return WORD_TO_DIGITS[key]
    hidden = sum(1 for printed in printed_keys if CENSORED.match(printed))  # "f--- fifty-five" may hide "fourteen"
    for reading in spellings(key):  # "1455" heard, "fourteen fifty-five" printed; "15th" and "fifteenth"
        missing = sum(word not in printed_keys for word in reading)
        if missing == 0 or missing <= min(hidden, len(reading) - 1):
            return " ".join(reading)
    return text
