"""TimeML values as intervals, and qualifiers that narrow or open them."""

from __future__ import annotations

import pytest

from veracity.time.calendar import UNKNOWN, add_months, interval_of, shift_bounds

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(("value", "first", "last", "granularity"), [
    ("2026-03-14", "2026-03-14", "2026-03-14", "day"),
    ("2024-02", "2024-02-01", "2024-02-29", "month"),
    ("2026-W11", "2026-03-09", "2026-03-15", "week"),
    ("2026-W11-WE", "2026-03-14", "2026-03-15", "week"),
    ("1989-Q3", "1989-07-01", "1989-09-30", "quarter"),
    ("2025-WI", "2025-12-01", "2026-02-28", "season"),
    ("2023", "2023-01-01", "2023-12-31", "year"),
    ("199", "1990-01-01", "1999-12-31", "decade"),
    ("19", "1900-01-01", "1999-12-31", "century"),
])
def test_values_cover_their_whole_period(value: str, first: str, last: str, granularity: str) -> None:
    bounds = interval_of(value)
    assert (bounds.earliest_start, bounds.latest_end, bounds.granularity) == (first, last, granularity)


def test_times_of_day_are_instants_or_parts_of_a_day() -> None:
    assert interval_of("2026-03-14T10:30").earliest_start == "2026-03-14T10:30"
    assert interval_of("2026-03-14TMO").latest_end == "2026-03-14T11:59"


@pytest.mark.parametrize("value", ["PRESENT_REF", "XXXX-03-14", "P3Y", "2026-02-30", ""])
def test_what_is_not_a_known_period_has_no_bounds(value: str) -> None:
    assert interval_of(value) == UNKNOWN


def test_qualifiers_narrow_or_open_the_interval() -> None:
    march = interval_of("2026-03")
    assert shift_bounds(march, "late").earliest_start == "2026-03-22"
    assert shift_bounds(march, "after").earliest_start == "2026-04-01"
    assert shift_bounds(march, "after").latest_end is None
    assert shift_bounds(march, "unknown ordering").earliest_start is None


def test_months_are_added_with_the_day_clamped() -> None:
    from datetime import date

    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)


def test_a_years_thirds_are_whole_months() -> None:
    year = interval_of("2023")
    assert (shift_bounds(year, "early").earliest_start, shift_bounds(year, "early").latest_end) == \
        ("2023-01-01", "2023-04-30")
    assert (shift_bounds(year, "mid").earliest_start, shift_bounds(year, "mid").latest_end) == \
        ("2023-05-01", "2023-08-31")
    assert (shift_bounds(year, "late").earliest_start, shift_bounds(year, "late").latest_end) == \
        ("2023-09-01", "2023-12-31")
