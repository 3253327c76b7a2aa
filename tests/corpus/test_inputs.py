"""What ``add`` and ``batch`` read: every bad input is one ``Loaded`` with its reason, and the others still load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from veracity.corpus.inputs import iter_inputs

pytestmark = pytest.mark.unit

TEXT = '"The bridge opens on Monday," the mayor said at a news conference on Friday.'


def test_a_missing_path_among_good_ones_fails_alone(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(TEXT)
    missing = str(tmp_path / "gone.txt")
    missing_jsonl = str(tmp_path / "gone.jsonl")
    loaded = list(iter_inputs([missing, str(good), missing_jsonl]))
    assert [(item.source, item.document is not None) for item in loaded] == [
        (missing, False), (str(good), True), (missing_jsonl, False)]
    assert loaded[0].error == loaded[2].error == "no such file; check the path"
    assert loaded[0].failure() == f"{missing}: no such file; check the path"


def test_jsonl_reasons_do_not_repeat_the_source(tmp_path: Path) -> None:
    """The reason is the message alone: a report writes ``SOURCE: REASON`` once, never
    ``malformed.jsonl:2: malformed.jsonl:2: …``."""
    path = tmp_path / "malformed.jsonl"
    path.write_bytes(b"\n".join([
        json.dumps({"text": TEXT}).encode(),
        b"not json at all",
        json.dumps({"text": TEXT, "published": "yesterday"}).encode(),
        b"[" * 50_000 + b"]" * 50_000,
        json.dumps({"text": TEXT.replace("mayor", "Mayor M\u00fcller")}).encode().replace(b"Friday", b"Fri\xffday"),
    ]) + b"\n")
    loaded = list(iter_inputs([str(path)]))
    assert [item.source for item in loaded] == [f"{path}:{n}" for n in range(1, 6)]
    assert loaded[0].document is not None
    assert loaded[1].error == "not valid JSON (Expecting value at column 1)"
    assert loaded[2].error == "published must be a date like 2025-07-09, not 'yesterday'"
    assert loaded[3].error == "not an article: its JSON is nested too deeply"
    for item in loaded[1:4]:
        assert str(path) not in (item.error or "")
    doc = loaded[4].document
    assert doc is not None and "Mayor Müller" in doc.text and "Fri\ufffdday" in doc.text
    assert "the JSONL line is not valid UTF-8: 1 byte(s) replaced with U+FFFD" in doc.warnings


def test_an_unexpected_error_while_loading_one_file_is_its_failure(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    bad, good = tmp_path / "a.txt", tmp_path / "b.txt"
    bad.write_text(TEXT)
    good.write_text(TEXT.replace("Monday", "Tuesday"))
    from veracity.corpus import inputs

    real = inputs.load_document

    def flaky(path: str, **kwargs: object):  # type: ignore[no-untyped-def]
        if str(path) == str(bad):
            raise RecursionError("maximum recursion depth exceeded")
        return real(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(inputs, "load_document", flaky)
    first, second = iter_inputs([str(tmp_path)])
    assert first.error == "could not be loaded (RecursionError: maximum recursion depth exceeded)"
    assert second.document is not None
