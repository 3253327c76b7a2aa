"""``veracity listen``: one recording in, one report out.

The report says what the file is and claims (identity, container, bandwidth, content credentials), what is
said in it and by how many voices (transcript, speaker turns), how each printed quote compares with it, and
the indicators of editing or synthesis, each with the error rate our benchmarks measured. Whatever was not
examined is listed in the report itself, so that no reader takes a missing indicator for a clean result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from veracity.audio.bandwidth import BandwidthCheck, check_bandwidth
from veracity.audio.container import ContainerInfo, read_container
from veracity.audio.decode import SAMPLE_RATE, check_complete
from veracity.audio.editing import EditingReport, editing_indicators
from veracity.audio.provenance import Provenance, read_provenance
from veracity.audio.quote_check import QuoteCheck, check_article_quotes
from veracity.audio.speaker_turns import SpeakerTurns, speaker_turns
from veracity.audio.synthetic import SyntheticVoice, synthetic_voice_indicator
from veracity.audio.transcribe import Transcript, transcribe
from veracity.ingest.sources import content_hash
from veracity.model import Document
from veracity.pipeline import pipeline_config, shared_pipeline

REPORT_KIND = "veracity.recording"
REPORT_VERSION = 2
QUOTES_NOT_CHECKED = "printed quotes against the recording (no --article given)"

Progress = Callable[[str, float, float], None]
"""``progress(stage, done, total)``: the stage running, and for "transcribing" the seconds done of the total."""


class _Section(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Heard:
    """What every examination may read: the file, its container, the user's trust list, and where the
    transcript found speech (start, end in seconds)."""

    path: str | Path
    container: ContainerInfo
    trust_list: str | Path | None
    speech: list[tuple[float, float]]


@dataclass(frozen=True)
class Examination:
    """One examination of the recording besides its transcript: the report section it fills (``name``), what
    a reader is told when it was left out, what the progress line says while it runs, and how it runs."""

    name: str
    not_run: str
    doing: str
    run: Callable[[Heard], _Section]
    needs_speech: bool = True  # False: runs before the transcript, so a bad trust list fails in a second


# listen's stages after the transcript, in the order they run; each can be left out (--skip) to save time.
# Adding one is one line here and one field of RecordingReport (docs/architecture.md).
EXAMINATIONS = (
    Examination("provenance", "content credentials (C2PA)", "reading content credentials",
                lambda heard: read_provenance(heard.path, heard.trust_list), needs_speech=False),
    Examination("bandwidth", "declared versus actual bandwidth", "measuring the bandwidth",
                lambda heard: check_bandwidth(heard.path, heard.container), needs_speech=False),
    Examination("speakers", "speaker turns", "telling voices apart",
                lambda heard: speaker_turns(heard.path, heard.speech)),
    Examination("synthetic_voice", "synthetic-voice indicator", "scoring the voice",
                lambda heard: synthetic_voice_indicator(heard.path, heard.speech)),
    Examination("editing", "editing indicators (ENF, discontinuities, MP3 frame grid)", "looking for edits",
                lambda heard: editing_indicators(heard.path)),
)
STEPS = tuple(examination.name for examination in EXAMINATIONS)


@dataclass
class RecordingReport:
    """What Veracity knows about one recording: its bytes, its claims, what is said in it, and how."""

    source: str
    sha256: str
    container: ContainerInfo
    transcript: Transcript
    duration_seconds: float
    provenance: Provenance | None = None
    bandwidth: BandwidthCheck | None = None
    speakers: SpeakerTurns | None = None
    synthetic_voice: SyntheticVoice | None = None
    editing: EditingReport | None = None
    not_checked: list[str] = field(default_factory=list)
    article: str | None = None
    quotes: list[QuoteCheck] | None = None  # None: no article was given

    def to_dict(self) -> dict[str, Any]:
        report = self._recording_dict()
        if self.quotes is not None:
            report["quotes"] = {"article": self.article, "checks": [check.to_dict() for check in self.quotes]}
        return report

    def _recording_dict(self) -> dict[str, Any]:
        recording: dict[str, Any] = {
            "source": self.source,
            "sha256": self.sha256,
            "duration_seconds": self.duration_seconds,
            "decoded_as": {"sample_rate": SAMPLE_RATE, "channels": 1},
            "container": self.container.to_dict(),
            "transcript": self.transcript.to_dict(),
        }
        for step in STEPS:
            section: _Section | None = getattr(self, step)
            if section is not None:
                recording[step] = section.to_dict()
        recording["not_checked"] = self.not_checked
        return {"kind": REPORT_KIND, "version": REPORT_VERSION, "recording": recording}


def listen(path: str | Path, *, cpu_threads: int | None = None, article: str | Path | Document | None = None,
           published: str | None = None, trust_list: str | Path | None = None, skip: tuple[str, ...] = (),
           progress: Progress | None = None) -> RecordingReport:
    """Read, describe, transcribe and examine the recording at ``path``; ``AudioError`` when it is not one.

    With ``article`` (a text or HTML file, or a Document already analysed), each quote the article prints is
    located in the recording.
    ``trust_list``: a PEM file of the signing anchors the user trusts for content credentials.
    ``skip``: names from ``STEPS`` to leave out; the report lists them as not checked.
    """
    unknown = sorted(set(skip) - set(STEPS))
    if unknown:
        raise ValueError(f"unknown step(s) {', '.join(unknown)}; steps: {', '.join(STEPS)}")
    report_progress = progress or (lambda stage, done, total: None)
    check_complete(path)  # fail a cut-off download in a second, not after transcribing it
    # a bad article fails first, before minutes of listening
    article_doc = article if isinstance(article, Document) or article is None else _analysed(article, published)
    report_progress("reading the file", 0.0, 0.0)
    container = read_container(path)
    found = _examine(Heard(path, container, trust_list, []), skip, report_progress, needs_speech=False)
    transcript = transcribe(path, cpu_threads=cpu_threads, language=pipeline_config().get("language", "en"),
                            on_progress=lambda done, total: report_progress("transcribing", done, total))
    report = RecordingReport(source=str(path), sha256=content_hash(path), container=container,
                             transcript=transcript, duration_seconds=transcript.decoded_seconds)
    heard = Heard(path, container, trust_list, [(segment.start, segment.end) for segment in transcript.segments])
    found |= _examine(heard, skip, report_progress, needs_speech=True)
    for name, section in found.items():
        setattr(report, name, section)
    if article_doc is not None:
        report_progress("checking the printed quotes", 0.0, 0.0)
        report.article = article_doc.metadata.source or str(article) if isinstance(article, Document) else str(article)
        report.quotes = check_article_quotes(list(article_doc.quotes), report.transcript.words, audio=path,
                                             text=article_doc.text)
    report.not_checked = [examination.not_run for examination in EXAMINATIONS if examination.name in skip]
    if article_doc is None:
        report.not_checked.append(QUOTES_NOT_CHECKED)
    return report


def _examine(heard: Heard, skip: tuple[str, ...], progress: Progress, *, needs_speech: bool) -> dict[str, _Section]:
    """The sections of the examinations not skipped that do (or do not) need the transcript's speech."""
    found = {}
    for examination in EXAMINATIONS:
        if examination.name not in skip and examination.needs_speech == needs_speech:
            progress(examination.doing, 0.0, 0.0)
            found[examination.name] = examination.run(heard)
    return found


def _analysed(article: str | Path, published: str | None) -> Document:
    """The article read with the ingest loader and analysed with the default pipeline (its quotes and text)."""
    from veracity.ingest import load_document

    return shared_pipeline()(load_document(str(article), published=published))
