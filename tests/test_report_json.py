"""The JSON dossier, its documented schema, and choosing a report format."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from test_report_story import build_story

from veracity.errors import ConfigError
from veracity.model import Document, Metadata, dossier_json_schema
from veracity.report import FORMATS, render, render_html, render_json, render_text

DOCS = Path(__file__).resolve().parent.parent / "docs"
SCHEMA = dossier_json_schema()


def documented_example() -> dict[str, Any]:
    """The example dossier in docs/dossier-schema.md."""
    markdown = (DOCS / "dossier-schema.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"```json\n(.*?)```", markdown, re.DOTALL)
    return json.loads(block)


@pytest.mark.unit
def test_json_is_the_readable_dossier_and_reads_back() -> None:
    doc = build_story()
    doc.metadata.author = "Zoë Ångström"
    output = render_json(doc)
    assert output.endswith("}\n")
    assert "Zoë Ångström" in output, "non-ASCII stays readable"
    assert output == json.dumps(doc.to_dict(), ensure_ascii=False, indent=2) + "\n"
    assert Document.from_dict(json.loads(output)) == doc


@pytest.mark.unit
def test_schema_names_exactly_the_fields_the_model_writes() -> None:
    data = build_story().to_dict()
    defs = SCHEMA["$defs"]
    assert set(SCHEMA["properties"]) == set(data) == set(SCHEMA["required"])
    assert set(defs["metadata"]["properties"]) == set(data["metadata"])
    quote = next(q for q in data["quotes"] if q["addressee"])
    assert set(defs["quote"]["properties"]) == set(quote)
    assert set(defs["quote"]["properties"]["content"]["properties"]) == set(quote["content"])
    assert set(defs["party_ref"]["properties"]) == set(quote["addressee"])
    assert set(defs["span"]["properties"]) == set(quote["cue"])
    assert set(defs["speaker_ref"]["properties"]) == set(quote["speaker"])
    person = next(p for p in data["people"] if p["mentions"])
    assert set(defs["person"]["properties"]) == set(person)
    assert set(defs["mention"]["properties"]) == set(person["mentions"][0])


@pytest.mark.unit
def test_documented_example_is_a_consistent_dossier() -> None:
    example = documented_example()
    doc = Document.from_dict(example)
    assert doc.to_dict() == example
    text = example["text"]
    for quote in example["quotes"]:
        for start, end in quote["content"]["spans"]:
            # The span follows PolNeAR (the quotation with its marks); the text is the words alone.
            assert quote["content"]["text"] in text[start:end]
            assert text[start:end].strip("\"'“”‘’,.") == quote["content"]["text"]
        for part in ("cue", "source", "addressee"):
            assert text[quote[part]["start"]:quote[part]["end"]] == quote[part]["text"]


@pytest.mark.unit
def test_rendered_json_validates_against_the_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(SCHEMA)
    validator.check_schema(SCHEMA)
    validator.validate(json.loads(render_json(build_story())))
    validator.validate(json.loads(render_json(Document(text="Only text."))))
    validator.validate(documented_example())
    broken = json.loads(render_json(build_story()))
    broken["quotes"][0]["kind"] = "shouted"
    assert not validator.is_valid(broken)


@pytest.mark.unit
def test_render_picks_the_format() -> None:
    doc = Document(text="Plain.", metadata=Metadata(title="Plain"))
    assert FORMATS == ("json", "html", "text")
    assert render(doc, "json") == render_json(doc)
    assert render(doc, "html") == render_html(doc)
    assert render(doc, "text") == render_text(doc)


@pytest.mark.unit
def test_unknown_format_names_the_valid_ones() -> None:
    with pytest.raises(ConfigError) as error:
        render(Document(text="Plain."), "pdf")
    message = str(error.value)
    assert "'pdf'" in message
    assert all(fmt in message for fmt in FORMATS)
