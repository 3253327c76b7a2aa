"""The relation model's orderings for the story's own events: marked as inferred, never over the text."""

from __future__ import annotations

from typing import Any

import pytest

from veracity.model import Event, TemporalRelation
from veracity.time.inferred_orders import inferred_relations

TEXT = "The minister resigned after the scandal broke. Police then opened an inquiry."


@pytest.fixture(scope="module")
def parse() -> Any:
    from veracity.text.parse import load_spacy

    return load_spacy()(TEXT)


def _events() -> list[Event]:
    spans = [("resigned", "a"), ("broke", "b"), ("opened", "c")]
    return [Event(name, "reported", word, TEXT.index(word), TEXT.index(word) + len(word)) for word, name in spans]


def test_inferred_orderings_are_marked_and_consistent(parse: Any) -> None:
    found = inferred_relations("doc", parse, _events(), [], "2024-05-10", [], least=0.0)
    assert found, "the model relates some of three events in two sentences"
    assert all(r.qualifier == "inferred" and not r.stated and r.id for r in found)
    pairs = [frozenset((r.source, r.target)) for r in found]
    assert len(pairs) == len(set(pairs))


def test_a_pair_the_text_relates_is_left_to_the_text(parse: Any) -> None:
    stated = [TemporalRelation("after", 22, 27, source="a", target="b", relation="unknown"),
              TemporalRelation("then", 53, 57, source="c", target="a", relation="after")]
    found = inferred_relations("doc", parse, _events(), [], "2024-05-10", stated, least=0.0)
    assert {frozenset((r.source, r.target)) for r in found}.isdisjoint({frozenset("ab"), frozenset("ca")})
    # c after a is stated; the model may not put c before a through b
    assert not any(r.source == "c" and r.target == "a" for r in found)


def test_nothing_without_a_parse_or_events(parse: Any) -> None:
    assert inferred_relations("doc", None, _events(), [], "2024-05-10", []) == []
    assert inferred_relations("doc", parse, [], [], "2024-05-10", []) == []


def test_an_inferred_relation_fits_the_dossier_schema() -> None:
    import json

    jsonschema = pytest.importorskip("jsonschema")
    from veracity.model import Document, content_id, dossier_json_schema
    from veracity.report import render_json

    events = _events()[:2]
    for event in events:
        event.id = content_id("event", event.id)
    relation = TemporalRelation("", 13, 13, source=events[0].id, target=events[1].id, relation="after",
                                stated=False, id=content_id("relation", "inferred"), qualifier="inferred")
    doc = Document(text=TEXT, events=events, relations=[relation])
    jsonschema.Draft202012Validator(dossier_json_schema()).validate(json.loads(render_json(doc)))


def test_a_document_with_more_events_than_the_limit_gets_no_inferred_orders_and_a_warning(monkeypatch) -> None:
    import veracity
    from veracity.time import inferred_orders

    text = ("The minister met the envoy on Monday. The envoy left before the vote. " * 3).strip()
    monkeypatch.setattr(inferred_orders, "MAX_EVENTS", 1)
    monkeypatch.setattr("veracity.time.stage.MAX_EVENTS", 1)
    doc = veracity.analyze(text, published="2024-03-08")
    assert len(doc.events) > 1
    assert not [r for r in doc.relations if r.qualifier == "inferred"]
    assert any("not inferred past 1" in w for w in doc.warnings)
