"""expand_inputs: directories become their visible regular files, in a stable order."""

from __future__ import annotations

from pathlib import Path

import pytest

from veracity.errors import InputError
from veracity.ingest import expand_inputs

pytestmark = pytest.mark.unit


def touch(path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("The mayor resigned.\n")
    return str(path)


def test_directory_expands_to_sorted_visible_files_recursively(tmp_path: Path) -> None:
    root = tmp_path / "articles"
    wanted = [
        touch(root / "b.txt"),
        touch(root / "a" / "z.html"),
        touch(root / "a" / "deeper" / "one.txt"),
    ]
    touch(root / ".draft.txt")
    touch(root / ".git" / "config")
    touch(root / "a" / ".cache" / "page.html")
    assert expand_inputs([str(root)]) == sorted(wanted)


def test_files_and_stdin_are_kept_in_order(tmp_path: Path) -> None:
    hidden = touch(tmp_path / ".named-explicitly.txt")
    plain = touch(tmp_path / "story.txt")
    assert expand_inputs([plain, "-", hidden]) == [plain, "-", hidden]


def test_missing_path_raises_input_error(tmp_path: Path) -> None:
    missing = str(tmp_path / "gone.txt")
    with pytest.raises(InputError) as caught:
        expand_inputs([missing])
    assert caught.value.source == missing
    assert "no such file" in caught.value.message


def test_a_missing_path_can_be_kept_to_fail_on_its_own(tmp_path: Path) -> None:
    """A run over many inputs keeps a missing one, reports it when reading it, and goes on."""
    plain = touch(tmp_path / "story.txt")
    missing = str(tmp_path / "gone.txt")
    assert expand_inputs([missing, plain], keep_missing=True) == [missing, plain]
