"""``veracity listen``: one recording in, one report out (file identity, container metadata, transcript).

This is the first slice of the recording dossier (issue 5). Checks that are not built yet are listed in the
report itself, so that no reader takes a missing indicator for a clean result.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from veracity.audio.container import ContainerInfo, read_container
from veracity.audio.decode import SAMPLE_RATE, check_complete
from veracity.audio.quote_check import QuoteCheck, check_article_quotes
from veracity.audio.transcribe import Transcript, transcribe
from veracity.model import Quote

REPORT_KIND = "veracity.recording"
REPORT_VERSION = 1
# What the issue asks for that this version does not do yet; shown in every report.
NOT_CHECKED = (
    "content credentials (C2PA)",
    "declared versus actual bandwidth",
    "editing indicators (ENF, discontinuities, double compression)",
    "synthetic-voice indicator",
    "speaker turns",
    "printed quotes against the recording",
)
QUOTES_NOT_CHECKED = "printed quotes against the recording"
# With --article the quotes are checked against the transcript only; ASR disagreements are not re-checked.
FORCED_ALIGNMENT = "forced-alignment re-check of printed words the transcript disagrees with"


@dataclass
class RecordingReport:
    """What Veracity knows about one recording: its bytes, its container and what is said in it."""

    source: str
    sha256: str
    container: ContainerInfo
    transcript: Transcript
    duration_seconds: float
    not_checked: list[str] = field(default_factory=lambda: list(NOT_CHECKED))
    article: str | None = None
    quotes: list[QuoteCheck] | None = None  # None: no article was given

    def to_dict(self) -> dict[str, Any]:
        report = self._recording_dict()
        if self.quotes is not None:
            report["quotes"] = {"article": self.article, "checks": [check.to_dict() for check in self.quotes]}
        return report

    def _recording_dict(self) -> dict[str, Any]:
        return {
            "kind": REPORT_KIND,
            "version": REPORT_VERSION,
            "recording": {
                "source": self.source,
                "sha256": self.sha256,
                "duration_seconds": self.duration_seconds,
                "decoded_as": {"sample_rate": SAMPLE_RATE, "channels": 1},
                "container": self.container.to_dict(),
                "transcript": self.transcript.to_dict(),
                "not_checked": self.not_checked,
            },
        }


def listen(path: str | Path, *, cpu_threads: int | None = None, article: str | Path | None = None,
           published: str | None = None) -> RecordingReport:
    """Read, describe and transcribe the recording at ``path``; ``AudioError`` when it is not a usable one.

    With ``article`` (a text or HTML file), each quote the article prints is located in the transcript.
    """
    check_complete(path)  # fail a cut-off download in a second, not after transcribing it
    quotes = _article_quotes(article, published) if article is not None else None  # a bad article fails first
    container = read_container(path)
    transcript = transcribe(path, cpu_threads=cpu_threads)
    report = RecordingReport(source=str(path), sha256=_sha256(Path(path)), container=container,
                             transcript=transcript, duration_seconds=transcript.decoded_seconds)
    if quotes is not None:
        report.article = str(article)
        report.quotes = check_article_quotes(quotes, transcript.words)
        report.not_checked = [FORCED_ALIGNMENT if item == QUOTES_NOT_CHECKED else item for item in NOT_CHECKED]
    return report


def _article_quotes(article: str | Path, published: str | None) -> list[Quote]:
    """The quotes of the article, read with the ingest loader and analysed with the default pipeline."""
    from veracity import analyze, load_document

    return list(analyze(load_document(str(article), published=published)).quotes)


def _sha256(path: Path) -> str:
    """The file's SHA-256, read in blocks: it names the exact bytes examined, for a chain of custody."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
