"""Temporal expressions read as a reader would: TimeML value, interval, qualifier and anchor.

Publication date in these tests: Saturday 14 March 2026.
"""

from __future__ import annotations

from datetime import date

import pytest

from veracity.errors import InputError, InvalidDateError
from veracity.model import TimeExpression
from veracity.time import AnchorRegion, find_times
from veracity.time.tagger import foreign_month_names

pytestmark = pytest.mark.unit

PUBLISHED = "2026-03-14"


def one(text: str, published: str | None = PUBLISHED) -> TimeExpression:
    times = find_times(text, published)
    assert len(times) == 1, [t.text for t in times]
    return times[0]


def bounds(time: TimeExpression) -> tuple[str | None, str | None, str | None, str | None]:
    value = time.time
    return value.earliest_start, value.latest_start, value.earliest_end, value.latest_end


def test_day_and_month_is_that_day_of_the_nearest_year() -> None:
    time = one("The recording was released on 14 March.")
    assert (time.text, time.type, time.value) == ("14 March", "DATE", "2026-03-14")
    assert bounds(time) == ("2026-03-14",) * 4
    assert time.time.granularity == "day"
    assert time.time.anchor.kind == "publication"


@pytest.mark.parametrize(("text", "words", "value"), [
    ("The match, a 2-1 win on April 12 last year, kept them up.", "April 12 last year", "2025-04-12"),
    ("The vote on 12 April last year was close.", "12 April last year", "2025-04-12"),
    ("The stadium opens on June 5 next year.", "June 5 next year", "2027-06-05"),
])
def test_a_day_of_last_or_next_year_is_one_expression_in_that_year(text: str, words: str, value: str) -> None:
    time = one(text)
    assert (time.text, time.value) == (words, value)


def test_earlier_today_and_yesterday_count_from_publication() -> None:
    today = one("It was released earlier today.")
    assert (today.text, today.value, today.time.anchor.value) == ("earlier today", "2026-03-14", PUBLISHED)
    yesterday = one("She spoke yesterday.")
    assert yesterday.value == "2026-03-13"
    assert bounds(yesterday) == ("2026-03-13",) * 4


def test_on_monday_is_the_monday_before_publication_in_past_narration() -> None:
    time = one("They met on Monday.")
    assert (time.text, time.value) == ("Monday", "2026-03-09")


def test_on_monday_after_will_is_the_coming_monday() -> None:
    assert one("They will meet on Monday.").value == "2026-03-16"


def test_in_2023_is_the_whole_year_and_needs_no_anchor() -> None:
    time = one("a dinner in 2023")
    assert (time.text, time.value, time.time.granularity) == ("2023", "2023", "year")
    assert bounds(time) == ("2023-01-01", "2023-01-01", "2023-12-31", "2023-12-31")
    assert time.time.anchor.kind == "none"


def test_october_2021_is_the_month_not_a_day_in_it() -> None:
    time = one("the border crisis in October 2021")
    assert (time.text, time.value, time.time.granularity) == ("October 2021", "2021-10", "month")
    assert bounds(time) == ("2021-10-01", "2021-10-01", "2021-10-31", "2021-10-31")


def test_early_march_is_the_first_third_of_the_month() -> None:
    time = one("It happened in early March.")
    assert (time.text, time.value, time.time.qualifier) == ("early March", "2026-03", "early")
    assert bounds(time) == ("2026-03-01", "2026-03-01", "2026-03-10", "2026-03-10")


def test_last_week_is_the_iso_week_before() -> None:
    time = one("They met last week.")
    assert (time.value, time.time.granularity) == ("2026-W10", "week")
    assert bounds(time) == ("2026-03-02", "2026-03-02", "2026-03-08", "2026-03-08")


def test_three_years_ago_is_a_year_not_a_day() -> None:
    time = one("It began three years ago.")
    assert (time.text, time.value, time.time.granularity) == ("three years ago", "2023", "year")


def test_since_2014_starts_in_2014_and_runs_to_publication() -> None:
    time = one("He has led the party since 2014.")
    assert (time.text, time.value, time.time.qualifier) == ("2014", "2014", "since")
    assert time.signal is not None and time.signal.text == "since"
    assert bounds(time) == ("2014-01-01", "2014-12-31", PUBLISHED, PUBLISHED)


def test_by_the_end_of_the_month_has_only_a_latest_end() -> None:
    time = one("The report is due by the end of the month.")
    assert (time.text, time.value, time.time.qualifier) == ("the end of the month", "2026-03", "on or before")
    assert bounds(time) == (None, "2026-03-31", None, "2026-03-31")


def test_for_three_years_is_a_duration_with_no_dates() -> None:
    time = one("He served for three years.")
    assert (time.text, time.type, time.value) == ("three years", "DURATION", "P3Y")
    assert bounds(time) == (None, None, None, None)


def test_the_past_two_months_ends_at_publication() -> None:
    time = one("Prices rose over the past two months.")
    assert (time.type, time.value) == ("DURATION", "P2M")
    assert bounds(time) == ("2026-01-14", "2026-01-14", PUBLISHED, PUBLISHED)


def test_every_tuesday_is_a_set() -> None:
    time = one("The council meets every Tuesday.")
    assert (time.text, time.type, time.value) == ("every Tuesday", "SET", "XXXX-WXX-2")


def test_before_or_after_a_month_is_an_unknown_ordering_never_a_date() -> None:
    time = one("It is not known whether they met before or after October 2021.")
    assert time.value == "2021-10"  # the month it is compared with, as TimeML keeps it
    assert time.time.qualifier == "unknown ordering"
    assert bounds(time) == (None, None, None, None)
    assert time.signal is not None and time.signal.text == "before or after"


def test_before_a_month_ends_the_day_before_it() -> None:
    time = one("It happened before October 2021.")
    assert (time.time.qualifier, bounds(time)) == ("before", (None, "2021-09-30", None, "2021-09-30"))


def test_thirty_first_of_february_is_reported_not_read() -> None:
    time = one("The meeting on 31 February was cancelled.")
    assert time.value == "XXXX-XX-XX"
    assert time.error is not None and "no such date" in time.error
    assert bounds(time) == (None, None, None, None)


def test_years_far_out_of_range_are_not_dates() -> None:
    assert find_times("Order 9999 shipped in 2023.", PUBLISHED)[0].value == "2023"
    assert [t.text for t in find_times("Order 9999 shipped.", PUBLISHED)] == []
    far = one("It is dated 14 March 3021.")
    assert far.error is not None and "out of range" in far.error


def test_two_digit_years_keep_the_century_open() -> None:
    time = one("It was signed on 3/14/23.")
    assert time.value == "XXXX-03-14"
    assert time.error is not None and "two-digit year" in time.error


def test_other_languages_month_names_are_not_read_as_english_dates() -> None:
    text = "La réunion a eu lieu le 14 mars et en juin."
    assert [t.text for t in find_times(text, PUBLISHED)] == []
    assert foreign_month_names(text) == ["juin"]


def test_without_a_publication_date_relative_expressions_stay_relative() -> None:
    yesterday = one("She spoke yesterday.", None)
    assert yesterday.value == "XXXX-XX-XX"
    assert yesterday.time.anchor.kind == "missing"
    assert bounds(yesterday) == (None, None, None, None)
    march = one("They met on 14 March.", None)
    assert march.value == "XXXX-03-14"
    assert one("a dinner in 2023", None).value == "2023"


def test_inside_a_quote_said_on_a_known_day_yesterday_is_the_day_before_that() -> None:
    text = '"I saw him yesterday," she said at a briefing on 13 March.'
    region = AnchorRegion(1, 26, None, "speech", "quote-1")
    spoken = AnchorRegion(1, 26, date(2026, 3, 13), "speech", "quote-1")
    said = find_times(text, PUBLISHED, [spoken])
    assert [(t.text, t.value, t.time.anchor.kind) for t in said] == [
        ("yesterday", "2026-03-12", "speech"), ("13 March", "2026-03-13", "publication")]
    unknown = find_times(text, PUBLISHED, [region])
    # said when, the text does not say: "yesterday" stays relative rather than borrow the publication date
    assert unknown[0].value == "XXXX-XX-XX" and unknown[0].time.anchor.kind == "missing"


def test_bad_publication_dates_raise_a_typed_input_error() -> None:
    with pytest.raises(InvalidDateError, match="not a date"):
        find_times("yesterday", "2026-02-31")
    with pytest.raises(InputError, match="out of the range"):
        find_times("yesterday", "0099-01-01")


def test_ids_are_stable_and_offsets_point_into_the_text() -> None:
    text = "On Monday, a week after the vote in 2023, they met again."
    first, second = find_times(text, PUBLISHED, doc_id="doc-x"), find_times(text, PUBLISHED, doc_id="doc-x")
    assert [t.id for t in first] == [t.id for t in second]
    assert all(text[t.start:t.end] == t.text for t in first)


def test_an_age_with_a_publication_date_gives_a_birth_within_a_year() -> None:
    from veracity.time.events import age_events

    (birth,) = age_events("doc-x", "The 71-year-old denied it.", PUBLISHED)
    assert birth.text == "birth of The 71-year-old"
    assert (birth.when.earliest_start, birth.when.latest_end) == ("1954-03-15", "1955-03-14")
    assert age_events("doc-x", "The 71-year-old denied it.", None) == []
    assert age_events("doc-x", "the 8-month-old truce", PUBLISHED) == []


def test_expressions_read_against_another_date_name_it_as_their_anchor() -> None:
    text = "Profit rose in the third quarter from a year earlier. They met on Friday, Oct. 23, 1998 at 10 a.m."
    times = {t.text: t for t in find_times(text, "1998-11-02")}
    earlier, quarter = times["a year earlier"], times["the third quarter"]
    assert (earlier.value, earlier.time.anchor.kind, earlier.time.anchor.ref) == ("1997-Q3", "mention", quarter.id)
    clock, day = times["10 a.m."], times["Friday, Oct. 23, 1998"]
    assert (clock.value, clock.time.anchor.kind, clock.time.anchor.ref) == ("1998-10-23T10:00", "mention", day.id)


def test_fractional_centuries_and_quarters_scale_without_crashing() -> None:
    # A PolNeAR dev article ("half a century") once stopped the whole times stage.
    values = {t.text: t.value for t in find_times("It took half a century, then two decades and three quarters.", None)}
    assert values["half a century"] == "P50Y"
    assert values["two decades"] == "P20Y"
    assert values["three quarters"] == "P9M"


def test_a_birth_takes_the_name_the_speakers_stage_gave_the_description() -> None:
    from veracity.model import Mention, Person
    from veracity.time.events import age_events

    hale = Person("person-hale", "Victor Hale", "PERSON", [Mention("The 71-year-old", 0, 15, "description")])
    (birth,) = age_events("doc-x", "The 71-year-old denied it.", PUBLISHED, [hale])
    assert birth.text == "birth of Victor Hale"


# --- issue 22: a future weekday, seasons and ranges on fresh stories ----------------------------------------

@pytest.mark.parametrize(("text", "value"), [
    ("On Monday, the council will vote on the plan.", "2026-03-16"),  # was the Monday before
    ("Pirc signs the deal on Monday, her office said.", "2026-03-16"),
    ("Parliament votes on the bill on Monday.", "2026-03-16"),
    ("Voters go to the polls on Monday.", "2026-03-16"),
    ("The ministers are due to meet on Monday.", "2026-03-16"),
    ("On Monday, he said he will resign.", "2026-03-09"),  # told in the past: the Monday before
    ("The office was open on Monday.", "2026-03-09"),
    ("He opens the files released on Monday.", "2026-03-09"),
    ("They accused him of buying votes in Sunday's election.", "2026-03-08"),  # "votes" a noun, the clause past
    ("His account is likely to be tested on Monday.", "2026-03-16"),  # a likelihood looks ahead
    ("Pawsey, who chairs the planning committee, recorded the message on Monday.", "2026-03-09"),  # a noun
])
def test_a_weekday_takes_the_tense_of_its_clause_wherever_the_verb_stands(text: str, value: str) -> None:
    assert one(text).value == value


def test_a_season_with_early_or_late_is_a_season_narrowed() -> None:
    time = one("The offensive began in early spring.")  # was not found
    assert (time.text, time.value, time.time.qualifier) == ("early spring", "2026-SP", "early")
    assert (time.time.earliest_start, time.time.latest_end) == ("2026-03-01", "2026-03-30")


def test_a_bare_season_takes_the_year_its_sentence_just_named() -> None:
    spring, autumn = find_times("The talks began in the spring of 2023 and stalled by the autumn.", PUBLISHED)
    assert (autumn.text, autumn.value, autumn.time.latest_end) == ("the autumn", "2023-FA", "2023-11-30")
    assert (autumn.time.anchor.kind, autumn.time.anchor.ref) == ("mention", spring.id)


def test_a_season_opening_a_future_clause_is_the_coming_one() -> None:
    assert one("By autumn we will be out of money.").value == "2026-FA"
    assert one("In the spring, the council will vote.", "2025-07-09").value == "2026-SP"


def test_two_years_joined_by_a_dash_are_one_range() -> None:
    for text in ("He lived there from 2015-2018.", "The drought of 2015–2018 ruined them."):
        times = find_times(text, PUBLISHED)
        assert [(t.text, t.value, t.time.earliest_start, t.time.latest_end, t.time.qualifier) for t in times] == [
            ("2015", "2015", "2015-01-01", "2018-12-31", None), ("2018", "2018", "2015-01-01", "2018-12-31", None)]


@pytest.mark.parametrize(("text", "published", "value"), [
    # told in the past: the month has happened, however near the next one is
    ("The director died in March after a short illness.", "2025-11-30", "2025-03"),
    ("Quist, who took over in March, said the closures would be completed by spring.", "2025-11-06", "2025-03"),
    ("The adviser had met Frayne at his London office in May.", "2026-03-15", "2025-05"),
    # not told in the past: a plan, a deadline, a passive in the present, a "won't"
    ("A vote on the closure is now expected at the December cabinet meeting.", "2025-10-08", "2025-12"),
    ("The board declared a dividend, payable in December.", "2025-10-08", "2025-12"),
    ("If the bank won't move, we lose in October.", "2026-04-08", "2026-10"),
    ("He said he expects a decision in March.", "2025-11-30", "2026-03"),
])
def test_a_month_told_in_the_past_is_not_after_publication(text: str, published: str, value: str) -> None:
    months = [t for t in find_times(text, published) if len(t.value) == 7 and t.value[5:].isdigit()]
    assert [t.value for t in months] == [value]


def test_a_clock_time_on_a_named_day_is_one_time_on_that_day() -> None:
    time = one("Mallard was struck by a van at about 6.15am on Saturday and died at the scene.", "2025-11-12")
    assert (time.text, time.type, time.value) == ("6.15am on Saturday", "TIME", "2025-11-08T06:15")


def test_a_date_before_a_colon_keeps_its_day() -> None:
    time = one("Pell wrote to Rao on March 3: “Once this is over the line, there is a table for you.”", "2025-06-18")
    assert (time.text, time.value) == ("March 3", "2025-03-03")


@pytest.mark.parametrize(("text", "value"), [
    ("The fire started on June 12. The next day, the mayor resigned.", "2025-06-13"),
    ("The plane was flagged on June 12 and returned to service the following day.", "2025-06-13"),
    ("Rao wrote on March 3. The next evening, Pell replied.", "2025-03-04TEV"),
    ("The coach approached her on March 28. She had left by the previous night.", "2025-03-27TNI"),
])
def test_the_next_day_is_the_day_after_the_date_before_it(text: str, value: str) -> None:
    times = find_times(text, "2025-06-18")
    assert times[-1].value == value and times[-1].time.anchor.kind == "mention"


@pytest.mark.parametrize(("text", "value"), [
    ("By Priya Callow, Crime Reporter Published 12 November 2025, 17:42 Share this article", "2025-11-12T17:42"),
    ("By Aurelia Novak 17 April 2025 | 14:32 RIVNA, April 17 -", "2025-04-17T14:32"),
    ("Listen to the interview on the programme from 10:00.", "2025-11-20T10:00"),
])
def test_a_bylines_clock_time_is_on_its_date(text: str, value: str) -> None:
    assert [t.value for t in find_times(text, "2025-11-20") if t.type == "TIME"] == [value]


def test_a_score_or_a_verse_is_no_clock_time() -> None:
    assert not [t for t in find_times("They led 2:10 at half time, as Genesis 3:16 says.", "2025-11-20")
                if t.type == "TIME"]


def test_a_weekday_before_its_date_is_not_taken_by_the_clock_time() -> None:
    times = find_times("Workers will walk out from 00:01 on Tuesday 5 May until 23:59.", "2026-04-15")
    assert ("Tuesday 5 May", "2026-05-05") in [(t.text, t.value) for t in times]


@pytest.mark.parametrize(("text", "extent"), [
    ("The trial is expected to last six weeks.", "six weeks"),
    ("The strike will last about two hours.", "about two hours"),
    ("Prices rose over the last six weeks.", "the last six weeks"),
])
def test_last_as_a_verb_is_not_part_of_the_duration(text: str, extent: str) -> None:
    assert one(text).text == extent
