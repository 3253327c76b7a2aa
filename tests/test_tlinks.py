"""The relation model on hand-written sentences, its value rules, and bad input."""

from __future__ import annotations

from typing import Any

import pytest

from veracity.time.tlinks import (
    TimeEntity,
    Tlink,
    compare_to_dct,
    consistent,
    load_relation_model,
    order_events,
    relation_model,
    timex_timex_relations,
    value_interval,
    value_relation,
)

DCT = "1998-05-10"


@pytest.fixture(scope="module")
def nlp() -> Any:
    from veracity.text.parse import load_spacy

    return load_spacy()


def _relation(links: list[Tlink], source: str, target: str) -> str | None:
    for link in links:
        if (link.source, link.target) == (source, target):
            return link.rel
    return None


def test_resigned_before_the_election(nlp: Any) -> None:
    text = "He resigned before the election on May 3."
    links = order_events(nlp(text), [(3, 11, "OCCURRENCE"), (23, 31, "OCCURRENCE")], [(35, 40, "DATE", "1998-05-03")],
                         DCT)
    assert _relation(links, "e0", "e1") == "BEFORE"
    assert _relation(links, "t1", "t0") == "BEFORE"  # May 3 is before the DCT, by its value
    assert _relation(links, "e0", "t1") == "IS_INCLUDED"


def test_ended_before_rebuilt(nlp: Any) -> None:
    text = "After the storm ended, the villagers rebuilt their homes."
    links = order_events(nlp(text), [(10, 15, "OCCURRENCE"), (16, 21, "ASPECTUAL"), (37, 44, "OCCURRENCE")], [], DCT)
    assert _relation(links, "e1", "e2") == "BEFORE"


def test_a_future_announcement_is_after_the_dct(nlp: Any) -> None:
    text = "The company will announce its results next week."
    links = order_events(nlp(text), [(17, 25, "OCCURRENCE")], [(38, 47, "DATE", "1998-W20")], DCT)
    assert _relation(links, "e0", "t0") == "AFTER"
    assert _relation(links, "t1", "t0") == "AFTER"


def test_the_model_loads_once() -> None:
    assert load_relation_model() is load_relation_model()


def test_empty_text_and_no_events(nlp: Any) -> None:
    assert order_events(nlp(""), [(0, 1, "OCCURRENCE")], [], DCT) == []
    assert order_events(nlp("Nothing happened."), [], [(0, 7, "DATE", "1998")], DCT) == []


def test_values_against_the_dct() -> None:
    assert compare_to_dct("1998-05-03", DCT) == "BEFORE"
    assert compare_to_dct("1998-05", DCT) == "INCLUDES"
    assert compare_to_dct("1998-05-10", DCT) == "SIMULTANEOUS"
    assert compare_to_dct("1999", DCT) == "AFTER"
    assert compare_to_dct("P3D", DCT) == "DURATION"
    assert compare_to_dct("1998-05-03", None) == "UNKNOWN"
    assert value_interval("1998-Q2") is not None and value_interval("XXXX-05") is None


def test_contradicting_links_are_dropped_least_probable_first() -> None:
    links = [Tlink("a", "b", "BEFORE", 0.9, "event-event"), Tlink("b", "a", "BEFORE", 0.4, "event-event"),
             Tlink("b", "c", "BEFORE", 0.5, "event-event")]
    assert [(x.source, x.target) for x in consistent(links)] == [("a", "b"), ("b", "c")]


def test_two_times_are_related_by_their_values() -> None:
    assert value_relation("1998-08-07", "1998-08-08") == "BEFORE"
    assert value_relation("1998-08", "1998-08-07") == "INCLUDES"
    assert value_relation("1998-08-07T10:35", "1998-08-07") == "IS_INCLUDED"
    assert value_relation("1998-08-07T10:35", "1998-08-07T11:00") is None  # one day, two clocks: not compared
    assert value_relation("P3D", "1998-08-07") is None


def test_the_time_rules_link_dated_times_only() -> None:
    times = [TimeEntity("t1", "timex", 0, 6, type="DATE", value="1998-08-08"),
             TimeEntity("t2", "timex", 10, 16, type="DATE", value="1998-08-07"),
             TimeEntity("t3", "timex", 20, 26, type="DURATION", value="P2D")]
    assert [(x.source, x.target, x.rel) for x in timex_timex_relations(times)] == [("t1", "t2", "AFTER")]


def test_weights_stored_in_thousandths_read_back_as_floats() -> None:
    part = {"labels": ["BEFORE", "NONE"], "intercepts": [0.0, 0.0], "indices": [7], "scale": 1000,
            "weights": [[1500, -500]]}
    model = relation_model({"width": 16, "thresholds": {"event-dct": 0.1}, "timex_dct": True, "timex_timex": True,
                            "models": {"event-dct": part}})
    assert model.timex_timex
    assert model.models["event-dct"].weights.tolist() == [[1.5, -0.5]]
