"""Bad input from issue 17 that used to end in an internal error: now one line, a typed error, exit 1.

The other cases of the issue are tested beside their commands: ``factchecks import`` (deep JSON, binary, an HTML
page without ClaimReview) in tests/corpus/test_factchecks.py, a truncated WARC in tests/corpus/test_warc.py and
tests/batch/test_batch.py, encodings in tests/test_ingest_loading.py.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from veracity.audio.decode import open_audio
from veracity.errors import AudioError

NOISE = random.Random(17).randbytes(200_000)  # random bytes FFmpeg's MP3 probe opens (some it refuses outright)


@pytest.mark.unit
def test_random_bytes_named_mp3_are_an_audio_error(tmp_path: Path) -> None:
    """FFmpeg's MP3 probe opens any bytes, finds no frame and so no sample rate, which every later step divides
    by ("OverflowError: cannot convert float infinity to integer" after a numpy divide-by-zero warning)."""
    path = tmp_path / "noise.mp3"
    path.write_bytes(NOISE)
    with pytest.raises(AudioError, match="not a recording FFmpeg can read: no audio frame found in it") as caught, \
            open_audio(path):
        pass
    assert caught.value.source == str(path)


@pytest.mark.integration
def test_listen_on_random_bytes_is_one_line_and_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "noise.mp3"
    path.write_bytes(NOISE)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    env.pop("VERACITY_DEBUG", None)
    done = subprocess.run([sys.executable, "-m", "veracity.cli", "listen", str(path)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == (f"veracity: {path}: not a recording FFmpeg can read: no audio frame found in it (its audio "
                           "track has no sample rate); another kind of file renamed, or a damaged file; supply a "
                           "complete WAV, MP3, M4A, OGG/Opus or FLAC file\n")
