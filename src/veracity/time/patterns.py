"""The regular expressions of the grammar, each paired with its handler in ``rules``.

Order matters only for ties: the tagger keeps the longest match at each place, then the earliest
rule. Patterns are compiled once, case-insensitive; handlers check capitals where case decides
("May" the month, "may" the verb).
"""

from __future__ import annotations

import re

from veracity.lang.en.time_words import HOLIDAYS, MONTH_RE, NUMBER_RE, UNIT_RE, WEEKDAY_RE
from veracity.time import anaphora, relative, rules, tense

_B = r"(?<![\w-])"  # a word starts here
_E = r"(?![\w])"  # and ends here
_MOD = (r"(?:(?P<mod>early|late|mid-|mid|the (?:end|beginning|start|middle) of|(?:the )?(?:end|start) of)"
        r"\s*)?")
_WD = rf"(?:(?P<wdpre>{WEEKDAY_RE}),?\s+)?"
_HOLIDAY_RE = "|".join(sorted((re.escape(h).replace(r"\ ", r"\s+") for h in HOLIDAYS), key=len, reverse=True))

RULES: list[tuple[str, str, rules.Handler]] = [
    ("iso", rf"{_B}(?P<y>\d{{4}})-(?P<m>\d{{2}})-(?P<d>\d{{2}}){_E}", rules.iso_date),
    ("slash", rf"{_B}(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})/(?P<y>\d{{4}}|\d{{2}}){_E}", rules.slash_date),
    ("mdy", rf"{_B}{_WD}{_MOD}(?P<mon>{MONTH_RE})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?!\d|,\d|:\d)"
            rf"(?:,?\s+(?P<year>\d{{4}})(?!\d)|\s+(?P<dyear>this|last|next)\s+year{_E})?", rules.calendar_date),
    ("dmy", rf"{_B}{_WD}{_MOD}(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<mon>{MONTH_RE})"
            rf"(?:,?\s+(?P<year>\d{{4}})(?!\d)|\s+(?P<dyear>this|last|next)\s+year)?{_E}", rules.calendar_date),
    ("month", rf"{_B}(?:(?P<mrel>last|this|next)\s+)?{_MOD}(?P<mon>{MONTH_RE})(?:,?\s+(?:of\s+)?(?P<year>\d{{4}})(?!\d)"
              rf"|\s+(?P<myear>this|last|next)\s+year)?{_E}", rules.month_year),
    ("year", rf"(?:{_B}|(?<=\d{{4}}[-–])){_MOD}(?:(?P<fiscal>fiscal(?:\s+year)?|(?:the\s+)?year)\s+)?"
             rf"(?:(?P<the>the)\s+(?=\d{{4}}(?:'?s|\s+period)))?"
             rf"(?P<year>\d{{4}})(?P<decade>'?s)?(?P<period>\s+period)?{_E}", rules.year),
    ("year_words", rf"{_B}(?:the\s+year\s+)?(?P<yw>nineteen[\s-]+(?:hundred|\w+(?:[\s-]\w+)?)|two\s+thousand"
                   rf"(?:\s+and\s+\w+)?){_E}", rules.year_in_words),
    ("century", rf"{_B}(?:the\s+)?(?P<cent>\d{{1,2}})(?:st|nd|rd|th)\s+century{_E}", rules.ordinal_century),
    ("adjectival_year", rf"{_B}(?:the\s+)?(?P<yadj>year-earlier|year-ago)(?:\s+(?P<period>period)|(?=\s+(?:quarter|"
                        rf"level|results|figure|month|week|loss|profit|net|sales|earnings)))", relative.year_earlier),
    ("bare_units", rf"{_B}(?P<prep>for|within|over|in|after)\s+(?P<unit>years|months|weeks|days|decades|hours)"
                   rf"(?=\s*[.,;]|\s+ago|\s+of\b|\s+now\b)(?:\s+ago)?{_E}", relative.bare_units),
    ("year_end", rf"{_B}(?:year-end|year's\s+end|the\s+end\s+of\s+the\s+year){_E}", relative.year_end),
    ("latest_period", rf"{_B}the\s+(?:latest|most\s+recent)\s+period{_E}", relative.quarter),
    ("the_past_unit", rf"{_B}the\s+(?:past|last|previous|next|coming)\s+(?P<unit>year|month|week|decade){_E}",
     relative.the_past_unit),
    ("the_weekend", rf"{_B}the\s+weekend{_E}", relative.the_weekend),
    ("the_year", rf"{_B}the\s+(?:full\s+|fiscal\s+|entire\s+|whole\s+)?year(?!-|\s+(?:earlier|ago|before|after|"
                 rf"when|that|in|of|'s|\d)){_E}", relative.the_year),
    ("two_digit_year", rf"(?<=\bin )'(?P<yy>\d{{2}}){_E}", rules.two_digit_year),
    ("relative_day", rf"{_B}(?:(?:early|late|later|earlier)\s+)?(?:(?:the\s+day\s+before\s+)?yesterday|today|tomorrow"
                     rf"|tonight|last\s+night|(?:this|yesterday|tomorrow)\s+(?:morning|afternoon|evening|night))"
                     rf"(?:\s+(?:morning|afternoon|evening|night))?{_E}", relative.relative_day),
    ("weekday", rf"{_B}(?:(?P<rel>last|next|this|coming|past|early|late)\s+)?(?P<wd>{WEEKDAY_RE})"
                rf"(?:\s+(?P<part>morning|afternoon|evening|night))?{_E}", tense.weekday),
    ("relative_unit", rf"{_B}(?:(?P<edge>earlier|later|early|late)\s+)?(?P<rel>this|last|next|current|(?:the\s+)?"
                      r"coming|previous|following)\s+(?P<unit>week|weekend|month|quarter|year|decade|century"
                      rf"|spring|summer|fall|autumn|winter){_E}", relative.relative_unit),
    ("ago", rf"{_B}(?:(?:about|nearly|almost|more\s+than|less\s+than|some|over|just)\s+)?(?P<num>{NUMBER_RE})"
            rf"[\s-]+(?P<unit>{UNIT_RE})\s+(?P<dir>ago|earlier|later|from\s+now|hence){_E}", relative.ago),
    ("duration", rf"{_B}(?:(?P<det>the|an?)\s+)?(?:(?P<rel>past|last|next|first|coming|previous|final|latest|"
                 r"same|full|entire|whole)\s+)?(?:(?P<approx>about|nearly|almost|more\s+than|less\s+than|up\s+to|"
                 rf"at\s+least|roughly|some)\s+)?(?P<num>{NUMBER_RE})[\s-]+(?P<unit>{UNIT_RE})(?!-old){_E}",
     relative.duration),
    ("reference", rf"{_B}(?:now|currently|current|at\s+present|nowadays|these\s+days|recently|recent\s+(?:years|"
                  r"months|weeks|days|decades)|lately|the\s+past|the\s+(?:near\s+)?future|the\s+present)"
                  rf"{_E}", relative.reference),
    ("set", rf"{_B}(?:hourly|daily|nightly|weekly|monthly|yearly|(?:every|each)\s+(?:other\s+)?"
            rf"(?:(?P<swd>{WEEKDAY_RE})|(?P<sunit>day|week|month|year|morning|evening|night|hour|quarter))"
            rf"|(?:once|twice|three\s+times|four\s+times)\s+an?\s+(?P<sunit2>day|week|month|year)){_E}",
     relative.set_expression),
    ("clock", rf"{_B}(?:(?P<h>\d{{1,2}})(?:[:.](?P<min>\d{{2}}))?\s*(?P<ap>a\.m\.|p\.m\.|am|pm)(?=\W|$)"
              rf"(?:\s+(?:EST|EDT|GMT|PST|PDT|CST|CDT|UTC))?|(?P<h24>\d{{1,2}}):(?P<m24>\d{{2}})(?:\s*(?:GMT|UTC|BST|CET|CEST)|(?<=(?:at|om|by|ll)\s\d\d:\d\d)"
              rf"|(?<=(?:\||,)\s\d\d:\d\d)(?!\d))"
              rf"|noon|midnight|midday)"
              rf"(?:\s+(?:on\s+)?(?P<cday>today|yesterday|tomorrow|{WEEKDAY_RE})(?!,?\s+(?:the\s+)?\d))?{_E}",
     relative.clock_time),  # not "00:01 on Tuesday 5 May": the weekday goes with its date
    ("quarter", rf"{_B}(?:the\s+)?(?:(?P<qyear2>\d{{4}})\s+)?(?P<which>(?:(?:fiscal|latest|current|most\s+recent|"
                r"recent|year-ago|year-earlier|same|"
                r"(?:this|last|next)\s+year's)[\s-]+)*)(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+"
                r"(?:fiscal[\s-]+)?)?quarter(?:\s+of\s+(?:fiscal\s+)?(?P<qyear>\d{4}))?" + _E, relative.quarter),
    ("half", rf"{_B}(?:the\s+)?(?P<half>first|second)[\s-]+half(?:\s+of\s+(?P<hyear>\d{{4}}))?{_E}", relative.half),
    ("season", rf"{_B}(?:(?:the|this|early|late)\s+)?(?P<season>spring|summer|fall|autumn|winter)\s+(?:of\s+)?"
               rf"(?P<syear>\d{{4}}){_E}", relative.season),
    ("long", rf"{_B}(?P<lunit>day|week|month|year|decade|hour|minute)(?P<lplural>s)?-long{_E}", relative.long_span),
    ("anaphoric", rf"{_B}(?:that|the\s+same|the\s+(?:next|following|previous|preceding)(?=\s+(?:day|morning|"
                  rf"afternoon|evening|night))|the\s+(?:following|preceding|previous)(?=\s+(?:week|month|year)))"
                  rf"\s+(?P<aunit>day|week|month|year|morning|afternoon|evening|night){_E}",
     anaphora.unresolved),
    ("bare_season", rf"{_B}(?:(?P<bprep>in|by|until|till|before|after|during|over|through|throughout|since)\s+)?"
                    rf"(?P<bthe>the\s+)?(?:(?P<bmod>early|late|mid)[\s-]*)?"
                    rf"(?P<bseason>spring|summer|autumn|winter|fall){_E}(?!\s+(?:of|in|from|\d))",
     tense.bare_season),
    ("holiday", rf"{_B}(?P<holiday>{_HOLIDAY_RE})(?:\s+(?P<hyear2>\d{{4}}))?{_E}", relative.holiday),
    ("end_of", rf"{_B}(?:the\s+)?(?P<edge2>end|beginning|start|middle)\s+of\s+(?:the|this)\s+"
               rf"(?P<eunit>week|month|quarter|year|decade|century){_E}", relative.end_of_unit),
]

COMPILED = [(name, re.compile(pattern, re.IGNORECASE), handler) for name, pattern, handler in RULES]
