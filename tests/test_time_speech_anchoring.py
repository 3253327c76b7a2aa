"""Times inside speech read against when it was said, datelines, seasons and ranges (issue 22, point 5).

Each date pattern a fresh story got wrong is pinned here. Quotes are built by hand, as the quotes and
speakers stages would give them, so only the times stage is under test. Unless a test says otherwise
the publication date is Saturday 14 March 2026.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from veracity.model import (
    Document,
    Metadata,
    PartyRef,
    Quote,
    QuoteContent,
    QuoteKind,
    Span,
    SpeakerRef,
    TimeExpression,
)
from veracity.time import find_times
from veracity.time.stage import annotate_times

pytestmark = pytest.mark.unit

PUBLISHED = "2026-03-14"


def quote(text: str, words: str, cue: str | None, *, speaker: str | None = None, source: str | None = None,
          medium: str | None = None, parent: Quote | None = None, kind: QuoteKind = "direct") -> Quote:
    """A quote over the first occurrence of ``words``; cue, source and medium are looked for after it
    (before it when the quote comes last in its sentence)."""
    start = text.index(words)

    def span(words_: str | None) -> Span | None:
        if words_ is None:
            return None
        at = text.find(words_, start + len(words))
        at = at if at >= 0 else text.rindex(words_, 0, start)
        return Span(words_, at, at + len(words_))

    found_medium = span(medium)
    return Quote(f"quote-{start}", QuoteContent(words, [(start, start + len(words))]), span(cue), span(source),
                 SpeakerRef(f"person-{speaker}", speaker) if speaker else None, None,
                 PartyRef(found_medium.text, found_medium.start, found_medium.end) if found_medium else None,
                 kind, parent.id if parent else None)


def analysed(text: str, quotes: Sequence[Quote] = (), published: str = PUBLISHED) -> Document:
    return annotate_times(Document(text=text, metadata=Metadata(published=published), quotes=list(quotes)))


def time_of(doc: Document, words: str) -> TimeExpression:
    found = [t for t in doc.times if t.text == words]
    assert len(found) == 1, [t.text for t in doc.times]
    return found[0]


def anchor(time: TimeExpression) -> tuple[str, str | None, str | None]:
    return time.time.anchor.kind, time.time.anchor.value, time.time.anchor.ref


def speech_when(doc: Document, said: Quote) -> tuple[str | None, str | None, str | None]:
    event = next(e for e in doc.events if e.quote == said.id)
    return event.when.earliest_start, event.when.latest_end, event.when.qualifier


# --- relative expressions inside speech ------------------------------------------------------------

def test_last_thursday_on_a_tape_counts_from_the_day_the_recording_was_made() -> None:
    text = ("The Courier, which published the recording on Wednesday, said it was made at a fundraising dinner "
            "on February 6.\n\n\"I spoke to him again last Thursday,\" Kolberg says on the tape.")
    courier = quote(text, "it was made at a fundraising dinner on February 6", "said", speaker="Courier",
                    kind="indirect")
    tape = quote(text, "I spoke to him again last Thursday,", "says", speaker="Kolberg", source="Kolberg",
                 medium="the tape")
    doc = analysed(text, [courier, tape])
    last_thursday = time_of(doc, "last Thursday")
    # made on Friday 6 February: "last Thursday" is the day before, not 12 March (or XXXX-WXX-4, as it was)
    assert last_thursday.value == "2026-02-05"
    assert anchor(last_thursday) == ("speech", "2026-02-06", tape.id)
    assert speech_when(doc, tape) == ("2026-02-06", "2026-02-06", None)


def test_a_quote_with_no_speech_time_counts_from_publication_and_says_so() -> None:
    text = "\"I spoke to him last Thursday,\" he said."
    said = quote(text, "I spoke to him last Thursday,", "said", source="he")
    time = time_of(analysed(text, [said]), "last Thursday")
    assert time.value == "2026-03-12"  # was XXXX-WXX-4
    assert anchor(time) == ("publication", PUBLISHED, None)


def test_a_statement_dated_in_the_sentence_before_dates_the_quote_and_its_tomorrow() -> None:
    text = "The ministry issued a statement on Thursday.\n\n\"We will respond tomorrow,\" it said."
    said = quote(text, "We will respond tomorrow,", "said", source="it")
    doc = analysed(text, [said])
    assert time_of(doc, "tomorrow").value == "2026-03-13"  # the day after Thursday, not after publication
    assert anchor(time_of(doc, "tomorrow")) == ("speech", "2026-03-12", said.id)
    assert speech_when(doc, said) == ("2026-03-12", "2026-03-12", None)  # was "on or before 14 March"


def test_a_quote_introduced_with_a_colon_takes_the_introductions_time() -> None:
    text = ("In a statement issued through his solicitor on Thursday, Pennock said:\n\n"
            "\u201cI will answer every question tomorrow.\u201d")
    said = quote(text, "I will answer every question tomorrow.", None, speaker="Pennock")
    doc = analysed(text, [said])
    assert time_of(doc, "tomorrow").value == "2026-03-13"
    assert speech_when(doc, said) == ("2026-03-12", "2026-03-12", None)


def test_a_quote_that_goes_on_from_a_dated_one_keeps_its_day() -> None:
    text = "\"We met on Monday,\" Kell said on Thursday. \"We will meet again tomorrow,\" she added."
    first = quote(text, "We met on Monday,", "said", speaker="Kell", source="Kell")
    second = quote(text, "We will meet again tomorrow,", "added", speaker="Kell", source="she")
    doc = analysed(text, [first, second])
    assert time_of(doc, "Monday").value == "2026-03-09"
    assert time_of(doc, "tomorrow").value == "2026-03-13"
    assert anchor(time_of(doc, "tomorrow")) == ("speech", "2026-03-12", second.id)


def test_a_speech_time_known_only_to_the_month_anchors_nothing() -> None:
    text = ("In the recording, which was sent to club directors in May, Dragan talks about the final.\n\n"
            "\"I've had a word with the guy for Saturday,\" Dragan says.")
    said = quote(text, "I've had a word with the guy for Saturday,", "says", speaker="Dragan", source="Dragan")
    saturday = time_of(analysed(text, [said]), "Saturday")
    assert saturday.value == "XXXX-WXX-6"  # some Saturday around May: not the one before publication
    assert saturday.time.anchor.kind == "missing"


# --- a weekday takes the tense of its clause ---------------------------------------------------------

def test_a_future_weekday_in_indirect_speech_is_the_coming_one() -> None:
    text = "Iriarte said her party would hold protests in the capital on Saturday."
    said = quote(text, "her party would hold protests in the capital on Saturday", "said", speaker="Iriarte",
                 source="Iriarte", kind="indirect")
    doc = analysed(text, [said], published="2024-06-20")  # a Thursday
    assert time_of(doc, "Saturday").value == "2024-06-22"  # was XXXX-WXX-6


def test_a_weekday_in_a_present_tense_schedule_is_the_coming_one() -> None:
    text = "\u201cWhatever happens on Thursday, your lads will get their pavilion,\u201d he said."
    said = quote(text, "Whatever happens on Thursday, your lads will get their pavilion,", "said", source="he")
    assert time_of(analysed(text, [said]), "Thursday").value == "2026-03-19"
    hearing = find_times("The hearing continues on Wednesday, when two planners give evidence.", "2025-09-23")
    assert [t.value for t in hearing] == ["2025-09-24"]  # was 2025-09-17


def test_a_weekday_after_a_past_verb_stays_in_the_past_even_near_will() -> None:
    times = find_times("They will appeal the decision, announced Wednesday by the agency.", "2000-01-06")
    assert [t.value for t in times] == ["2000-01-05"]
    assert [t.value for t in find_times("It had been due to expire Friday evening.", "1989-10-30")] == [
        "1989-10-27TEV"]


# --- seasons ---------------------------------------------------------------------------------------------

def test_a_bare_season_is_the_nearest_one_in_the_clauses_tense() -> None:
    thaw = find_times("Both sides need a prisoner exchange before the spring thaw.", "2026-02-10")
    assert [(t.text, t.value) for t in thaw] == [("the spring", "2026-SP")]
    assert thaw[0].time.qualifier == "before" and thaw[0].time.latest_end == "2026-02-28"
    ballot = find_times("The union said it would ballot members in the autumn.", "2026-02-10")
    assert [(t.text, t.value) for t in ballot] == [("the autumn", "2026-FA")]
    summer = find_times("Saldana describes a meeting in the summer with the chair.", "2024-11-20")
    assert [(t.text, t.value, t.time.earliest_start, t.time.latest_end) for t in summer] == [
        ("the summer", "2024-SU", "2024-06-01", "2024-08-31")]
    assert [t.value for t in find_times("Talks resume in spring.", PUBLISHED)] == ["2026-SP"]


def test_seasons_with_a_year_or_last_are_read_as_before() -> None:
    assert [t.value for t in find_times("He was sacked last summer.", PUBLISHED)] == ["2025-SU"]
    autumn = find_times("They met in the autumn of 2023.", PUBLISHED)
    assert [(t.text, t.value, t.time.earliest_start, t.time.latest_end) for t in autumn] == [
        ("the autumn of 2023", "2023-FA", "2023-09-01", "2023-11-30")]


def test_season_words_that_are_not_seasons_are_left_alone() -> None:
    for text in ("Prices could spring back.", "the Arab Spring protests", "a fall in prices", "the fall of Rome"):
        assert find_times(text, PUBLISHED) == [], text


# --- ranges ----------------------------------------------------------------------------------------------

def test_between_two_years_covers_both_with_one_timex_per_year() -> None:
    times = find_times("Kolberg served as defence minister between 2015 and 2018.", PUBLISHED)
    assert [(t.text, t.value) for t in times] == [("2015", "2015"), ("2018", "2018")]  # TimeML's two TIMEX3s
    for time in times:
        assert (time.time.earliest_start, time.time.latest_end, time.time.qualifier) == (
            "2015-01-01", "2018-12-31", None)
    assert times[0].signal is not None and times[0].signal.text == "between"


def test_from_one_year_to_another_is_the_same_interval_not_on_or_after() -> None:
    times = find_times("He served from 2015 to 2018.", PUBLISHED)
    assert [(t.value, t.time.earliest_start, t.time.latest_end, t.time.qualifier) for t in times] == [
        ("2015", "2015-01-01", "2018-12-31", None), ("2018", "2015-01-01", "2018-12-31", None)]


def test_a_month_range_takes_its_year_from_the_second_end() -> None:
    times = find_times("The firm donated between June and November 2023.", "2025-09-23")
    assert [(t.text, t.value) for t in times] == [("June", "2023-06"), ("November 2023", "2023-11")]
    assert (times[0].time.earliest_start, times[0].time.latest_end) == ("2023-06-01", "2023-11-30")
    assert times[0].time.anchor.kind == "mention" and times[0].time.anchor.ref == times[1].id


# --- datelines -------------------------------------------------------------------------------------------

def test_a_dateline_is_the_reports_day_for_narration_and_quotes() -> None:
    text = ("LEEDS, May 27 (Pressline) - A public inquiry heard evidence yesterday.\n\n"
            "\"Today was the first time anyone said it,\" said Tom Haddad.")
    said = quote(text, "Today was the first time anyone said it,", "said", speaker="Tom Haddad", source="Tom Haddad")
    doc = analysed(text, [said], published="2025-05-28")
    line = time_of(doc, "May 27")
    assert (line.value, line.time.earliest_start, line.time.latest_end) == ("2025-05-27", "2025-05-27", "2025-05-27")
    assert time_of(doc, "yesterday").value == "2025-05-26"  # the day before the dateline, not before publication
    assert anchor(time_of(doc, "yesterday")) == ("mention", "2025-05-27", line.id)
    assert time_of(doc, "Today").value == "2025-05-27"  # was XXXX-XX-XX
    assert anchor(time_of(doc, "Today")) == ("mention", "2025-05-27", line.id)


def test_a_dateline_inside_a_mis_drawn_quote_still_takes_the_publication_year() -> None:
    text = "STOCKHOLM, March 12 (Nordwire) - Sweden's central bank will keep rates on hold, officials said."
    said = quote(text, "STOCKHOLM, March 12 (Nordwire) - Sweden's central bank will keep rates on hold", "said",
                 speaker="officials", kind="indirect")
    doc = analysed(text, [said], published="2026-03-13")
    line = time_of(doc, "March 12")
    assert line.value == "2026-03-12"  # was XXXX-03-12
    assert anchor(line) == ("publication", "2026-03-13", None)


def test_a_dateline_takes_the_year_before_only_when_the_calendar_requires_it() -> None:
    text = "WASHINGTON, Dec. 31 (Reuters) - The talks will resume next week, officials said."
    assert time_of(analysed(text, published="2026-01-02"), "Dec. 31").value == "2025-12-31"
    text = "WASHINGTON, March 14 (Reuters) - The talks will resume next week, officials said."
    assert time_of(analysed(text, published="2026-03-13"), "March 14").value == "2026-03-14"
    text = "WASHINGTON, Feb. 29 (Reuters) - The talks will resume next week, officials said."
    assert time_of(analysed(text, published="2025-03-02"), "Feb. 29").value == "2024-02-29"


# --- times that point back ---------------------------------------------------------------------------------

def test_that_week_is_the_week_of_the_last_day_named() -> None:
    times = find_times("Ostrov met Begai on January 14. He was in Dravograd the whole of that week.", "2026-02-10")
    day, week = times
    assert (week.text, week.value, week.time.earliest_start, week.time.latest_end) == (
        "that week", "2026-W03", "2026-01-12", "2026-01-18")
    assert (week.time.anchor.kind, week.time.anchor.ref) == ("mention", day.id)


def test_a_voicemail_read_from_the_day_it_was_left_with_the_same_afternoon_after_it() -> None:
    text = ("Pennock left the message for Rao on March 19.\n\n"
            "\u201cI had a coffee with Kieran this morning and he said to me, \u2018Whatever happens on Thursday, "
            "you will get your pavilion.\u2019\u201d\n\n"
            "Rao reported the message to the monitoring officer the same afternoon.")
    outer = quote(text, "I had a coffee with Kieran this morning and he said to me, \u2018Whatever happens on "
                  "Thursday, you will get your pavilion.\u2019", None, speaker="Pennock")
    inner = quote(text, "Whatever happens on Thursday, you will get your pavilion.", "said", speaker="Kieran",
                  source="he", parent=outer)
    doc = analysed(text, [outer, inner], published="2024-06-11")
    assert time_of(doc, "this morning").value == "2024-03-19TMO"  # the voicemail's day, a Tuesday
    assert anchor(time_of(doc, "this morning")) == ("speech", "2024-03-19", outer.id)
    assert time_of(doc, "Thursday").value == "2024-03-21"  # the vote two days on, told within the voicemail
    # the narration's "same afternoon" is the voicemail's day, not the Thursday told inside it
    assert time_of(doc, "the same afternoon").value == "2024-03-19TAF"
    assert speech_when(doc, outer) == ("2024-03-19", "2024-03-19", None)


# --- issue 22, point 5, tried again on fresh stories -------------------------------------------------------

def test_last_thursday_in_indirect_speech_counts_from_the_speech_day_else_publication() -> None:
    text = "Marsh said the unions had walked out last Thursday."
    said = quote(text, "the unions had walked out last Thursday", "said", speaker="Marsh", source="Marsh",
                 kind="indirect")
    time = time_of(analysed(text, [said]), "last Thursday")
    assert (time.value, anchor(time)) == ("2026-03-12", ("publication", PUBLISHED, None))
    text = "Marsh, speaking to reporters on Monday, said the unions had walked out last Thursday."
    said = quote(text, "the unions had walked out last Thursday", "said", speaker="Marsh", source="Marsh",
                 kind="indirect")
    doc = analysed(text, [said])
    assert time_of(doc, "last Thursday").value == "2026-03-05"  # the Thursday before Monday 9 March
    assert anchor(time_of(doc, "last Thursday")) == ("speech", "2026-03-09", said.id)


def test_a_quote_takes_the_day_of_the_occasion_the_sentence_before_shows_its_speaker_at() -> None:
    text = ("Kremlin spokesman Dmitry Peskov addressed the recording on Thursday. \"There were no talks then, "
            "and we will answer in full tomorrow,\" he said.")
    said = quote(text, "There were no talks then, and we will answer in full tomorrow,", "said",
                 speaker="Dmitry Peskov", source="he")
    doc = analysed(text, [said])
    assert speech_when(doc, said) == ("2026-03-12", "2026-03-12", None)  # was "on or before 14 March"
    assert time_of(doc, "tomorrow").value == "2026-03-13"
    assert anchor(time_of(doc, "tomorrow")) == ("speech", "2026-03-12", said.id)


def test_an_occasion_of_someone_else_does_not_date_the_quote() -> None:
    text = "Peskov addressed the recording on Thursday.\n\n\"It is a crude fake,\" Varga said."
    said = quote(text, "It is a crude fake,", "said", speaker="Lena Varga", source="Varga")
    assert speech_when(analysed(text, [said]), said) == (None, PUBLISHED, "on or before")


@pytest.mark.parametrize("text", [
    "March 12 — The city council voted yesterday to close the library.",
    "WASHINGTON (Capital Wire) — March 12 — The city council voted yesterday to close the library.",
    "BRUSSELS, Thursday, March 12 — The city council voted yesterday to close the library.",
    "Library to close\nBy Anna Lind, Capital Wire\nMarch 12 — The city council voted yesterday to close the library.",
])
def test_a_dateline_without_a_place_or_after_the_agency_is_the_reports_day(text: str) -> None:
    doc = analysed(text)
    line = next(t for t in doc.times if t.value == "2026-03-12" and "March 12" in t.text)
    assert line.time.anchor.kind == "publication"  # was XXXX-03-12 with no anchor when the text starts with it
    yesterday = time_of(doc, "yesterday")
    assert yesterday.value == "2026-03-11"  # the day before the dateline, not before publication
    assert anchor(yesterday) == ("mention", "2026-03-12", line.id)


def test_a_chronologys_date_line_later_in_the_story_is_no_dateline() -> None:
    text = ("How the dispute grew.\n\nThe council first met in 2024.\n\nTalks failed.\n\nThe union balloted.\n\n"
            "March 12 — Talks resumed yesterday.")
    assert time_of(analysed(text), "yesterday").value == "2026-03-13"


def test_an_undated_quote_in_a_datelined_report_was_said_on_or_before_the_dateline() -> None:
    text = ("WASHINGTON, March 12 (Capital Wire) - The Senate passed the bill, officials said.\n\n"
            "\"We will finish this tomorrow,\" Senator Jane Cole said.")
    said = quote(text, "We will finish this tomorrow,", "said", speaker="Jane Cole", source="Jane Cole")
    doc = analysed(text, [said])
    assert speech_when(doc, said) == (None, "2026-03-12", "on or before")  # was on or before 14 March
    assert time_of(doc, "tomorrow").value == "2026-03-13"


def test_the_day_a_recording_came_out_does_not_date_the_words_on_it() -> None:
    text = ('The audio, published this morning by the website Harbour Watch, appears to capture a woman telling a '
            'contractor: "You\'ll get the bridge tomorrow."')
    said = quote(text, "You'll get the bridge tomorrow.", "telling", speaker="a woman", source="a woman")
    assert speech_when(analysed(text, [said]), said) == (None, PUBLISHED, "on or before")  # was this morning
    posted = 'Reyes posted on Monday: "We will win tomorrow."'
    said = quote(posted, "We will win tomorrow.", "posted", speaker="Ana Reyes", source="Reyes")
    assert speech_when(analysed(posted, [said]), said)[0] == "2026-03-09"  # the posting is the saying


def test_words_said_to_the_room_of_the_leads_sitting_were_said_that_day() -> None:
    text = ("The minister was accused of burying a report in a heated Commons exchange on Thursday.\n\n"
            'Aisha Rahman told MPs the report had been "sitting on his desk since July".\n\n'
            'Responding, Tom Hadley said the report was "a draft".\n\n'
            'Later, a spokesperson said in a statement: "We will publish it."')
    told = quote(text, 'the report had been "sitting on his desk since July"', "told", speaker="Aisha Rahman")
    responding = quote(text, 'the report was "a draft"', "Tom Hadley said", speaker="Tom Hadley")
    later = quote(text, "We will publish it.", "said in a statement:", speaker="a spokesperson")
    doc = analysed(text, [told, responding, later])
    assert speech_when(doc, told)[:2] == ("2026-03-12", "2026-03-12")  # was on or before publication
    assert speech_when(doc, responding)[:2] == ("2026-03-12", "2026-03-12")
    assert speech_when(doc, later) == (None, PUBLISHED, "on or before")  # not said in the chamber
    trial = ("Kassar is on trial for arson over the blaze on the night of 3 June 2023.\n\n"
             "The prosecutor told the jury that Kassar had planned the fire.")
    planned = quote(trial, "Kassar had planned the fire", "told", speaker="the prosecutor")
    assert speech_when(analysed(trial, [planned]), planned)[0] != "2023-06-03"  # the blaze's date, not the trial's


def test_the_following_month_or_year_counts_from_the_date_named_before_not_from_publication() -> None:
    doc = analysed("The contract was signed on 3 March 2025. The following month, auditors flagged the transfer. "
                   "The following year the minister resigned.")
    assert time_of(doc, "The following month").value == "2025-04"  # was 2026-04, the month after publication
    assert anchor(time_of(doc, "The following month"))[:2] == ("mention", "2025-03-03")
    assert time_of(doc, "The following year").value == "2026"
    alone = analysed("The following week, nothing happened.")
    assert time_of(alone, "The following week").value == "XXXX-WXX"  # no date before it: not known


def test_a_date_the_speaker_recounts_is_not_when_they_said_it() -> None:
    text = ('Recounting their first meeting, during rehearsals at the Royal Harbour Theatre in 1977, she said: "He '
            'walked up to me on the first morning and said I would never be a leading lady."')
    told = quote(text, "He walked up to me", "said:", speaker="Celia Marwood")
    assert speech_when(analysed(text, [told]), told)[0] != "1977-01-01"  # was said in 1977


@pytest.mark.parametrize(("text", "value"), [
    ("Her memoir is published on Thursday.", "2026-03-19"),  # a present passive: scheduled, so the coming one
    ("Her memoir was published on Thursday.", "2026-03-12"),
])
def test_a_present_passive_looks_ahead_as_a_schedule_does(text: str, value: str) -> None:
    (thursday,) = [t for t in find_times(text, PUBLISHED) if t.text == "Thursday"]
    assert thursday.value == value
