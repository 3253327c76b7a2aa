"""Recordings kept with the stories that quote them: ``veracity add leak.mp3 --article ID-URL-OR-FILE``.

A newsroom's question about a tape outlives one examination: which stories quote it, what exactly was said
on it, and does the printing hold up. So a recording is examined once, as ``veracity listen`` examines it,
and kept in the store under the SHA-256 of its bytes (a re-encoded copy is another recording; the same
bytes under another name are the same one): its report, its transcript in a full-text index (``veracity
search`` finds words said on it), and for each story linked to it, that story's printed quotes checked
against what is heard. Adding the same bytes again examines nothing; linking another story to a stored
recording checks its quotes against the stored transcript (and the file, for a second listening).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from veracity.errors import ConfigError
from veracity.ingest.sources import content_hash
from veracity.model import Document
from veracity.store import AddStatus, Store, StoredRecording

if TYPE_CHECKING:
    from veracity.audio.listen import RecordingReport

# What ``add`` takes for a recording (by name: the decoder checks the bytes).
AUDIO_SUFFIXES = frozenset({".wav", ".wave", ".mp3", ".m4a", ".mp4", ".aac", ".ogg", ".oga", ".opus", ".flac",
                            ".webm", ".mka", ".aif", ".aiff", ".amr", ".3gp", ".caf", ".wma"})


def is_recording(path: str) -> bool:
    return Path(path).suffix.lower() in AUDIO_SUFFIXES


@dataclass(frozen=True)
class KeptRecording:
    """What adding one recording did: the recording stored or already there, and the story linked, if any."""

    recording_id: str
    status: AddStatus
    doc_id: str | None = None
    link: AddStatus | None = None
    verdicts: Counter[str] | None = None  # the linked story's quote checks by verdict

    def summary(self) -> str:
        line = f"recording {self.recording_id[:12]} {self.status}"
        if self.doc_id is not None and self.verdicts is not None:
            checked = ", ".join(f"{n} {verdict.replace('_', ' ')}" for verdict, n in sorted(self.verdicts.items()))
            line += f"; story {self.doc_id} {'linked' if self.link == 'added' else 'already linked'}"
            line += f" ({checked or 'no printed quotes'})"
        return line


def keep_recording(store: Store, path: str, *, article: Document | None = None) -> KeptRecording:
    """Examine ``path`` unless its bytes are stored, keep it, and link ``article`` (a stored document) to it.

    ``InputError`` (``AudioError`` among them) when the file cannot be read or is not a recording.
    """
    recording_id = content_hash(path)
    report: dict[str, Any] | None = None  # read from the store only if a new story needs its transcript
    if store.has_recording(recording_id):
        status: AddStatus = "unchanged"
        store.note(path, recording_id, "unchanged")
    else:
        from veracity.audio.listen import listen

        examined = listen(path)
        report = examined.to_dict()
        status = store.add_recording(as_stored(recording_id, path, examined, report))
    if article is None:
        return KeptRecording(recording_id, status)
    linked = next((link for link in store.recordings_of(article.id) if link.recording_id == recording_id), None)
    if linked is not None:
        return KeptRecording(recording_id, status, article.id, "unchanged", _verdicts(linked.checks))
    checks = _check_quotes(article, report or store.recording(recording_id) or {}, path)
    link = store.link_recording(recording_id, article.id, checks)
    return KeptRecording(recording_id, status, article.id, link, _verdicts(checks))


def as_stored(recording_id: str, source: str, examined: RecordingReport,
              report: dict[str, Any] | None = None) -> StoredRecording:
    """A recording as the store keeps it: its report (``report`` when the caller relabelled it) without any
    article's quotes (those are kept per story, with the link), and its transcript's segments for the index."""
    report = dict(report if report is not None else examined.to_dict())
    report.pop("quotes", None)
    report["recording"]["source"] = source
    return StoredRecording(recording_id, source, examined.duration_seconds, report,
                           [(segment.start, segment.end, segment.text.strip())
                            for segment in examined.transcript.segments if segment.text.strip()])


def stored_article(store: Store, reference: str, *, published: str | None,
                   say: Callable[[str], None]) -> Document:
    """The story ``--article`` names: a stored document's id, URL or source, else a file analysed and stored now."""
    found = store.find_document(reference)
    if found is not None:
        return found
    if not Path(reference).is_file():
        raise ConfigError(f"--article {reference!r} is neither a stored document (id, URL or source) nor a file")
    from veracity.ingest import load_document
    from veracity.pipeline import shared_pipeline

    doc = shared_pipeline()(load_document(reference, published=published))
    status = store.add(doc, source=reference)
    say(f"{reference}: story {doc.id} {status}")
    return doc


def _check_quotes(article: Document, report: dict[str, Any], audio: str) -> list[dict[str, Any]]:
    from veracity.audio.quote_check import check_article_quotes
    from veracity.audio.transcribe import Word

    heard = [Word(**word) for segment in report["recording"]["transcript"]["segments"] for word in segment["words"]]
    checks = check_article_quotes(list(article.quotes), heard, audio=audio, text=article.text)
    return [check.to_dict() for check in checks]


def _verdicts(checks: Iterable[dict[str, Any]]) -> Counter[str]:
    return Counter(str(check["verdict"]) for check in checks)
