"""The model registry: every shipped model file is pinned by its hash, a changed one is refused before it is
read, and ``veracity models list`` says so."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from veracity import resources
from veracity.cli import main
from veracity.errors import ModelError

pytestmark = pytest.mark.unit


def test_the_manifest_pins_every_shipped_file() -> None:
    """Fails after retraining a model until `python -m veracity.resources --write` pins the new files."""
    pinned = json.loads(resources.MANIFEST.read_text())
    for name in resources.RESOURCES:
        on_disk = {str(f.relative_to(resources.location(name))) for f in resources.location(name).rglob("*")
                   if f.is_file()}
        assert set(pinned[name]) == on_disk, name
        assert resources.check(name) == [], name


@pytest.fixture
def copied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The relations model and the manifest, copied where they can be changed."""
    shutil.copytree(resources.location("relations"), tmp_path / "relations")
    shutil.copy(resources.MANIFEST, tmp_path / "MANIFEST.json")
    monkeypatch.setattr(resources, "MODELS_DIR", tmp_path)
    monkeypatch.setattr(resources, "MANIFEST", tmp_path / "MANIFEST.json")
    monkeypatch.setattr(resources, "_VERIFIED", set())
    monkeypatch.setattr(resources, "_manifest_cache", {})
    return tmp_path / "relations"


def test_a_changed_model_file_is_refused_before_it_is_read(copied: Path) -> None:
    weights = copied / "judge.json"
    weights.write_text(weights.read_text().replace("0", "1", 1))
    with pytest.raises(ModelError, match="judge.json does not match its SHA-256"):
        resources.verified(weights)


def test_a_missing_model_file_is_named(copied: Path) -> None:
    (copied / "judge.json").unlink()
    with pytest.raises(ModelError, match="judge.json is missing"):
        resources.verified(copied)


def test_a_model_of_the_users_own_is_not_checked(tmp_path: Path) -> None:
    own = tmp_path / "my-tagger"
    assert resources.verified(own) == own


def test_models_list_names_every_resource(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "list"]) == 0
    out = capsys.readouterr().out
    assert all(f"{name} " in out for name in resources.RESOURCES)
    assert "NOT VERIFIED" not in out
