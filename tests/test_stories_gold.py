"""Every gold story file loads: substrings found, ids resolve, quote ids unique.

The gold set is written by hand, so a typo in a substring or an id would otherwise only surface as a
silently worse benchmark figure. This only loads the files; it reads no figures off the test half.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from veracity.eval.stories import load_story

pytestmark = pytest.mark.unit

STORIES = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "stories"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "stories"
HALVES = ("dev", "test", "holdout")


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json"))


def _cases() -> list[object]:
    cases: list[object] = []
    for half in HALVES:
        files = _files(STORIES / half)
        if not files:
            cases.append(pytest.param(None, id=f"{half}-empty", marks=pytest.mark.skip(f"no {half} stories yet")))
        cases.extend(pytest.param(path, id=f"{half}/{path.name}") for path in files)
    cases.extend(pytest.param(path, id=f"fixtures/{path.name}") for path in _files(FIXTURES))
    return cases


@pytest.mark.parametrize("path", _cases())
def test_story_loads_with_unique_quote_ids(path: Path) -> None:
    story = load_story(path)
    assert story.text.strip() and story.published
    ids = [q.id for q in story.quotes]
    assert len(ids) == len(set(ids)), f"{path.name}: repeated quote ids"
    # The loader resolves ids; check the file itself too, so a repeated id cannot hide behind a fix there.
    raw_ids = [q.get("id") for q in json.loads(path.read_text(encoding="utf-8")).get("quotes", [])]
    assert len(raw_ids) == len(set(raw_ids)), f"{path.name}: repeated quote ids"


def test_frozen_test_half_is_not_empty_once_it_exists() -> None:
    folder = STORIES / "test"
    if not folder.is_dir():
        pytest.skip("the test half has not been written yet")
    assert _files(folder), "benchmarks/data/stories/test exists but holds no stories: the frozen half is gone"


def test_story_ids_are_unique_across_halves() -> None:
    """A story in both halves would leak the frozen half into tuning."""
    seen: dict[str, str] = {}
    for half in HALVES:
        for path in _files(STORIES / half):
            data = json.loads(path.read_text(encoding="utf-8"))
            story_id = str(data.get("id") or path.stem)
            assert story_id not in seen, f"story id {story_id!r} in {seen.get(story_id)} and {half}/{path.name}"
            seen[story_id] = f"{half}/{path.name}"
