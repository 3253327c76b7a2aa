"""Terms in office learned from the text, and periods described against them ("during his first term").

Each description gets an interval derived from the term the text gives, anchored to that mention, and
an ordering against the term; when the text gives no date for the term, the description stays undated.
"""

from __future__ import annotations

import json

import pytest

from veracity import analyze
from veracity.model import Document, Event, Mention, Metadata, Person, dossier_json_schema
from veracity.report import render_html, render_json
from veracity.time.stage import annotate_times

pytestmark = pytest.mark.unit


def analysed(text: str, people: list[Person] | None = None) -> Document:
    return annotate_times(Document(text=text, metadata=Metadata(published="2026-03-14"), people=people or []))


def event(doc: Document, text: str) -> Event:
    matches = [e for e in doc.events if e.text == text]
    assert len(matches) == 1, [e.text for e in doc.events]
    return matches[0]


def bounds(e: Event) -> tuple[str | None, str | None, str | None, str | None]:
    return e.when.earliest_start, e.when.latest_start, e.when.earliest_end, e.when.latest_end


def relations(doc: Document) -> set[tuple[str, str, str]]:
    return {(r.source, r.relation, r.target) for r in doc.relations}


@pytest.mark.parametrize("text", ["Ruiz took office in January 2017. Ruiz left office in March 2021.",
                                  "Ruiz took office in January 2017 and left office in March 2021."])
def test_took_office_and_left_office_make_one_term(text: str) -> None:
    doc = analysed(text)
    term = event(doc, "Ruiz's term")
    assert bounds(term) == ("2017-01-01", "2017-01-31", "2021-03-01", "2021-03-31")
    assert term.when.anchor.kind == "mention" and term.when.anchor.value == "2017-01"


def test_left_office_then_first_term_range_is_one_term() -> None:
    doc = analysed("Ruiz left office in 2021. In his first term (2017-2021), the debt doubled.")
    term = event(doc, "Ruiz's first term")
    assert bounds(term) == ("2017-01-01", "2017-12-31", "2021-01-01", "2021-12-31")


@pytest.mark.parametrize("clause", ["was sworn in on 20 January 2021", "was elected president in January 2021",
                                    "became president in January 2021"])
def test_start_forms_give_an_open_term(clause: str) -> None:
    doc = analysed(f"Ruiz {clause}. During his term, prices rose.")
    term = next(e for e in doc.events if e.text.startswith("Ruiz's term"))
    assert term.when.earliest_start is not None and term.when.earliest_start.startswith("2021-01")
    assert term.when.latest_end is None  # the end is not given: open, not invented
    during = event(doc, "During his term")
    assert during.when.qualifier is None and during.when.latest_end is None  # within the term, as "in 2023"
    assert relations(doc) == {(during.id, "during", term.id)}


def test_became_without_an_office_is_no_term() -> None:
    doc = analysed("Ruiz became ill in 2021.")
    assert not any("term" in e.text for e in doc.events)


def test_has_been_since_runs_to_publication() -> None:
    doc = analysed("Kell has been chancellor since 2021. In her first year in office, she cut taxes.")
    term = event(doc, "Kell's term as chancellor")
    assert bounds(term) == ("2021-01-01", "2021-12-31", "2026-03-14", "2026-03-14")
    first = event(doc, "In her first year in office")
    assert bounds(first) == ("2021-01-01", "2022-12-30", "2021-01-01", "2022-12-30")
    assert (first.when.qualifier, first.when.anchor.kind, first.when.anchor.value) == ("start", "mention", "2021")
    assert relations(doc) == {(first.id, "during", term.id)}


def test_who_became_clause_and_the_period_when_not_yet() -> None:
    doc = analysed("Kell, who became chancellor in May 2025, denies it. The dinner took place in the period "
                   "when she was not yet the chancellor.")
    term = event(doc, "Kell's term as chancellor")
    period = event(doc, "the period when she was not yet the chancellor")
    # safe bound: she became chancellor on some day of May 2025, so the period ends by 30 May at the latest
    assert bounds(period) == (None, "2025-05-30", None, "2025-05-30")
    assert period.when.qualifier == "before" and period.when.anchor.ref == term.time
    (relation,) = doc.relations
    assert (relation.source, relation.relation, relation.target, relation.text) == (
        period.id, "before", term.id, "not yet")
    entries = {t.event: t for t in doc.timeline}
    assert term.id in entries[period.id].before


def test_first_term_year_range_and_after_left_office() -> None:
    text = "During his first term (2017-2021) Ruiz cut taxes. After he left office he wrote a book."
    doc = analysed(text, [Person("person-ruiz", "Ruiz", "PERSON", [Mention("Ruiz", 34, 38)])])  # as speakers finds
    term = event(doc, "Ruiz's first term")
    assert bounds(term) == ("2017-01-01", "2017-12-31", "2021-01-01", "2021-12-31")
    during = event(doc, "During his first term")
    assert bounds(during) == ("2017-01-01", "2021-12-31", "2017-01-01", "2021-12-31")
    after = event(doc, "After he left office")
    assert bounds(after) == ("2021-01-02", None, "2021-01-02", None)
    assert after.when.anchor.value == "2021"
    assert relations(doc) == {(during.id, "during", term.id), (after.id, "after", term.id)}
    rank = {t.event: t.rank for t in doc.timeline}
    assert rank[after.id] is not None and rank[after.id] > rank[term.id]  # ordered by what is known


def test_served_from_to_and_while_he_was() -> None:
    doc = analysed("Ruiz served as president from 2009 to 2017. While he was president, the debt doubled.")
    term = event(doc, "Ruiz's term as president")
    assert bounds(term) == ("2009-01-01", "2009-12-31", "2017-01-01", "2017-12-31")
    while_ = event(doc, "While he was president")
    assert bounds(while_) == ("2009-01-01", "2017-12-31", "2009-01-01", "2017-12-31")
    assert relations(doc) == {(while_.id, "during", term.id)}


def test_before_and_after_he_took_office() -> None:
    doc = analysed("Ruiz took office on 20 January 2021. Before he took office, he ran a bank. After he took "
                   "office, he sold it.")
    before, after = event(doc, "Before he took office"), event(doc, "After he took office")
    assert bounds(before) == (None, "2021-01-19", None, "2021-01-19")
    assert bounds(after) == ("2021-01-21", None, "2021-01-21", None)
    term = event(doc, "Ruiz's term")
    assert relations(doc) == {(before.id, "before", term.id), (after.id, "after", term.id)}


def test_a_term_the_text_does_not_date_stays_unknown() -> None:
    doc = analysed("Kell took office after a long campaign. During her first term she cut taxes; before she "
                   "took office she ran a bakery.")
    during, before = event(doc, "During her first term"), event(doc, "before she took office")
    for described in (during, before):
        assert not described.when.known and described.time is None  # kept, but never dated
        assert described.when.anchor.kind == "missing"
    assert (during.when.qualifier, before.when.qualifier) == (None, "before")
    term = event(doc, "Kell's first term")
    assert not term.when.known
    assert {t.event: t.rank for t in doc.timeline}[during.id] is None


def test_an_unnamed_holder_leaves_the_description_undated() -> None:
    doc = analysed("During his first term the debt doubled.")
    (only,) = doc.events
    assert only.text == "During his first term" and not only.when.known and not doc.relations


def test_pronouns_follow_the_speakers_stage_people() -> None:
    text = ("Ruiz took office in 2015. Lee took office in 2019. Officials said that during his term the debt "
            "doubled.")
    his = text.index("his term")
    ruiz = Person("person-ruiz", "Tom Ruiz", "PERSON", [Mention("Ruiz", 0, 4), Mention("his", his, his + 3,
                                                                                       kind="pronoun")])
    doc = analysed(text, [ruiz, Person("person-lee", "Ann Lee", "PERSON", [Mention("Lee", 26, 29)])])
    during = event(doc, "during his term")
    assert during.when.earliest_start == "2015-01-01"  # Ruiz's term, though Lee is named nearer
    assert {e.text for e in doc.events if e.id in {r.target for r in doc.relations}} == {"Tom Ruiz's term"}


def test_without_people_the_nearest_preceding_holder_is_meant() -> None:
    doc = analysed("Ruiz took office in 2015. Lee took office in 2019. During her term the debt doubled.")
    assert event(doc, "During her term").when.earliest_start == "2019-01-01"


def test_an_ordering_already_stated_is_not_read_twice() -> None:
    doc = analysed("Kell took office in January 2025. An official said the dinner was before Kell took office.")
    assert len(doc.relations) == 1 and not any(e.text == "before Kell took office" for e in doc.events)


def test_age_when_taking_office_gives_a_birth_range() -> None:
    doc = analysed("Ronald Reagan, who was 69 when he took office in 1981, was the oldest.")
    (birth,) = [e for e in doc.events if e.text.startswith("birth of")]
    # took office on some day of 1981 at 69: born after 1 January 1911 and by 31 December 1912
    assert bounds(birth) == ("1911-01-02", "1912-12-31", "1911-01-02", "1912-12-31")
    assert (birth.when.qualifier, birth.when.anchor.kind, birth.when.anchor.value) == ("about", "mention", "1981")


def test_age_when_taking_office_uses_the_holders_term() -> None:
    doc = analysed("Ruiz took office on 20 January 2021. Ruiz was 78 when he took office.")
    birth = event(doc, "birth of Ruiz (aged 78 at taking office)")
    assert bounds(birth) == ("1942-01-21", "1943-01-20", "1942-01-21", "1943-01-20")
    undated = analysed("Ruiz was 78 when he took office.")  # no date for the term: no birth range
    assert not any(e.text.startswith("birth of") for e in undated.events)


@pytest.mark.integration
def test_the_whole_pipeline_resolves_he_through_the_speakers_stage() -> None:
    text = ('Mayor Tom Ruiz took office in January 2017. Ann Lee was elected governor in 2019.\n\n'
            '"We cut the debt," Ruiz said on Friday. Before he took office, the city was broke, he said.')
    doc = analyze(text, published="2026-03-14")
    he = text.index("he took office")
    assert any(m.start == he and m.kind == "pronoun" for p in doc.people if p.name == "Tom Ruiz" for m in p.mentions)
    before, term = event(doc, "Before he took office"), event(doc, "Tom Ruiz's term")
    assert (before.when.latest_end, before.when.qualifier, before.when.anchor.kind) == (
        "2017-01-30", "before", "mention")
    assert term.when.earliest_start == "2017-01-01" and term.when.latest_end is None
    assert relations(doc) == {(before.id, "before", term.id)}
    data = json.loads(render_json(doc))
    assert Document.from_dict(data).to_dict() == data
    jsonschema = pytest.importorskip("jsonschema")
    schema = dossier_json_schema()
    jsonschema.Draft202012Validator(schema).validate(data)
    assert "Before he took office" in render_html(doc)
