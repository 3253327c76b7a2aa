"""Issue 5's "done when": a synthesized two-voice "leaked remark" and an article that quotes it four ways.

The recording (tests/fixtures/audio/leak.flac, made by make_leak.py with two festival voices; leak.json gives
each line's times by construction) and the article (leak-article.txt) quote it once verbatim, once with a
censored word, once with an unmarked elision that drops "never", and once with a line never said. The dossier
must find each printed quote at the right time, give each the right verdict, tell the two voices apart and
show the synthetic-voice indicator with its measured error rate.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from veracity.audio import listen
from veracity.audio.listen import RecordingReport
from veracity.cli import main
from veracity.report.recording_report import render_recording

AUDIO = Path(__file__).resolve().parents[1] / "fixtures" / "audio"
LINES = json.loads((AUDIO / "leak.json").read_text())["lines"]
TOLERANCE = 0.5  # seconds: the printed words are found within this of the line's known start and end


@pytest.fixture(scope="module")
def report() -> RecordingReport:
    return listen(AUDIO / "leak.flac", cpu_threads=2, article=AUDIO / "leak-article.txt", published="2026-11-20")


def _check(report: RecordingReport, printed_start: str) -> Any:
    [check] = [c for c in report.quotes or [] if c.printed.lower().startswith(printed_start.lower())]
    return check


def _within_line(check: Any, line: int) -> None:
    assert check.start is not None and check.end is not None
    assert LINES[line]["start"] - TOLERANCE <= check.start < check.end <= LINES[line]["end"] + TOLERANCE


@pytest.mark.integration
def test_verbatim_quote_is_found_where_it_was_said(report: RecordingReport) -> None:
    check = _check(report, "If you cross that line")
    assert check.verdict == "verbatim"
    assert check.speaker == "Mark Halvorsen"
    _within_line(check, 0)
    assert check.start > LINES[0]["start"] + 1.0  # after "At the dinner I told him", which is not printed


@pytest.mark.integration
def test_censored_word_is_a_marked_edit_not_a_misquote(report: RecordingReport) -> None:
    check = _check(report, "a d**n stupid")
    assert check.verdict == "faithful"
    assert [w.status for w in check.words if w.printed == "d**n"] == ["censored"]
    _within_line(check, 4)


@pytest.mark.integration
def test_unmarked_elision_that_loses_the_negation_is_altered(report: RecordingReport) -> None:
    check = _check(report, "I would order a strike")
    assert check.verdict == "altered"
    assert "negation lost" in check.how
    assert [w.heard for w in check.words if w.status == "omitted"] == ["never"]
    _within_line(check, 2)


@pytest.mark.integration
def test_a_line_never_said_is_not_found(report: RecordingReport) -> None:
    check = _check(report, "We have the bombs ready")
    assert check.verdict == "not_found"
    assert check.start is None


@pytest.mark.integration
def test_two_voices_and_the_synthetic_voice_indicator_with_its_error_rate(report: RecordingReport) -> None:
    recording = report.to_dict()["recording"]
    speakers = recording["speakers"]
    assert [s["label"] for s in speakers["speakers"]] == ["Speaker 1", "Speaker 2"]
    voice_of = {line["voice"]: None for line in LINES}
    for turn in speakers["turns"]:
        for line in LINES:
            if turn["start"] - TOLERANCE <= line["start"] and line["end"] <= turn["end"] + TOLERANCE:
                assert voice_of[line["voice"]] in (None, turn["speaker"]), "one voice, one label"
                voice_of[line["voice"]] = turn["speaker"]
    assert sorted(v for v in voice_of.values() if v) == ["Speaker 1", "Speaker 2"]
    synthetic = recording["synthetic_voice"]
    assert synthetic["score"] is not None and 0.0 <= synthetic["score"] <= 1.0
    measured = synthetic["measured"]
    assert 0.0 < measured["eer_unseen_generator"]["mean"] < 0.5 and "benchmark" in measured
    assert "not a verdict" in synthetic["note"]
    flagged = {i["name"] for i in recording["editing"]["indicators"] if i["flagged"]}
    assert "digital_silence" in flagged  # the synthesizer's lines were joined with exact zeros
    assert json.loads(render_recording(report, "json"))["recording"]["editing"]["indicators"]  # plain JSON types


@pytest.mark.integration
def test_the_html_dossier_shows_quotes_voices_and_indicators(report: RecordingReport, tmp_path: Path) -> None:
    page = render_recording(report, "html")
    assert page.startswith("<!DOCTYPE html>") or page.lstrip().lower().startswith("<!doctype html>")
    for expected in ("If you cross that line", "ALTERED", "not found", "Speaker 2", "data:image/png;base64,"):
        assert expected in page
    assert "http://" not in page and "https://" not in page.replace("https://schema.org", "")


@pytest.mark.integration
def test_cli_writes_the_html_dossier(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "leak.html"
    assert main(["listen", str(AUDIO / "leak.flac"), "--article", str(AUDIO / "leak-article.txt"),
                 "--published", "2026-11-20", "--format", "html", "-o", str(out), "--no-progress"]) == 0
    assert capsys.readouterr().out == ""
    assert "a d**n stupid thing" in out.read_text()


@pytest.mark.integration
def test_the_report_keeps_its_published_schema(report: RecordingReport) -> None:
    """docs/schema/recording.schema.json is the recording report's contract (issue 21), quotes included."""
    import jsonschema

    schema = json.loads((Path(__file__).resolve().parents[2] / "docs" / "schema" / "recording.schema.json").read_text())
    document = json.loads(render_recording(report, "json"))
    jsonschema.Draft202012Validator(schema).validate(document)
    assert document["quotes"]["checks"]
