"""The recording routes: upload a recording (and optionally the article that quotes it), get its dossier.

``POST /recordings`` takes a multipart upload. The body is already capped by ``BodyLimit`` as it streams in;
the audio part is copied to a private temporary directory in blocks, counted again, and opened with FFmpeg
(PyAV) before anything is queued, so a text file renamed ``.wav`` is refused with 415 at once, not after a
minute in the queue. Transcription takes seconds to minutes, so the work runs as a job on its own lane
(``recordings``) and never holds up article analysis; ``GET /jobs/{id}`` shows it, and its result names the
report. The recording is also kept in the store, as ``veracity add leak.mp3 --article story.html`` keeps it
(under the SHA-256 of its bytes, its transcript searchable), with the uploaded article stored and linked to
it: the story's page then shows the recording it quotes, and ``GET /recordings/stored/{sha256}`` serves it
for good. The report with its spectrogram (``/recordings/{id}``, ``/view``) is kept in memory, the most
recent ``KEEP_RECORDINGS`` only; an older id answers 404 there (the stored report stays).

The HTML view is ``render_recording_html``'s self-contained page. The app's Content-Security-Policy forbids
inline styles, so this one page is served with a policy that admits its single inline style sheet by hash
(``style-src 'self' 'sha256-…'``) and ``sandbox``; it needs no script, and ``data:`` images are already allowed.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Annotated, Any

import anyio
from fastapi import APIRouter, Depends, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.datastructures import UploadFile

from veracity.audio.spectrogram import Spectrogram
from veracity.corpus.recordings import AUDIO_SUFFIXES
from veracity.errors import AudioError, VeracityError
from veracity.ingest.dates import iso_date
from veracity.web.contract import A_DATE, WRITES, RecordingAccepted, answers
from veracity.web.jobs import Job, JobRunner, JobsFull
from veracity.web.limits import media_type, too_large_message, upload_kind, upload_label
from veracity.web.problems import Problem, from_veracity_error, invalid, refuse_unknown_fields
from veracity.web.security import CONTENT_SECURITY_POLICY, require_token
from veracity.web.settings import WebSettings

if TYPE_CHECKING:
    from veracity.audio.listen import RecordingReport
    from veracity.model import Document
    from veracity.web.analyst import Analyst

LANE = "recordings"
KEEP_RECORDINGS = 16  # a two-hour report with every word timed is a few MB; sixteen stay well under a GB
RECORDING_ID = r"^rec-[0-9a-f]{16}$"
RecordingId = Annotated[str, PathParam(pattern=RECORDING_ID, description="a recording id, e.g. rec-0123456789abcdef")]
BLOCK = 1 << 20
# The extension kept on the temporary copy (one of AUDIO_SUFFIXES) helps FFmpeg guess a format; anything else
# is saved without one.
ARTICLE_EXTENSIONS = {"text/plain": ".txt", "text/html": ".html"}
FORM_FIELDS = frozenset({"file", "article", "article_file", "published"})
_RECORDINGS_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"], "additionalProperties": False, "properties": {
        "file": {"type": "string", "format": "binary", "description": "the recording (WAV, MP3, M4A, OGG/Opus, FLAC…)"},
        "article": {"type": "string", "description": "the article that quotes it, as plain text (optional)"},
        "article_file": {"type": "string", "format": "binary", "description": "…or as a text or HTML file"},
        "published": {**A_DATE, "description": "the article's publication date, YYYY-MM-DD"}}}}}}}


@dataclass(frozen=True)
class FinishedRecording:
    """One analysed recording: its report (``RecordingReport.to_dict()``) and its spectrogram."""

    report: dict[str, Any]
    spectrogram: Spectrogram | None


class RecordingReports:
    """Recordings by id: the job of each one under way, and the most recent ``keep`` finished reports.

    An id is given when the upload is accepted, so a client can ask for the report at once and is told to
    wait (202 with the job) until it is ready; the oldest finished report is dropped when a new one arrives.
    """

    def __init__(self, keep: int = KEEP_RECORDINGS) -> None:
        self._keep = keep
        self._reports: OrderedDict[str, FinishedRecording] = OrderedDict()
        self._pending: OrderedDict[str, Job] = OrderedDict()  # under way, or failed (to say why)
        self._lock = threading.Lock()

    def new_id(self) -> str:
        return "rec-" + uuid.uuid4().hex[:16]

    def started(self, recording_id: str, job: Job) -> None:
        with self._lock:
            self._pending[recording_id] = job
            excess = len(self._pending) - 4 * self._keep  # failed jobs are kept a while, not forever
            if excess > 0:
                for old in [key for key, known in self._pending.items() if known.over][:excess]:
                    del self._pending[old]

    def put(self, recording_id: str, finished: FinishedRecording) -> None:
        with self._lock:
            self._pending.pop(recording_id, None)
            self._reports[recording_id] = finished
            while len(self._reports) > self._keep:
                self._reports.popitem(last=False)

    def get(self, recording_id: str) -> FinishedRecording | Job | None:
        """The finished report, or the job still working on it, or None when the id is unknown or expired."""
        with self._lock:
            return self._reports.get(recording_id) or self._pending.get(recording_id)


@dataclass
class _Upload:
    """A recording saved to a private temporary directory, with the labels the report will show."""

    directory: Path
    audio: Path
    label: str
    article: Path | None = None
    article_label: str | None = None
    published: str | None = None

    def discard(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


def analyse_recording(job: Job, recording_id: str, upload: _Upload, reports: RecordingReports,
                      analyst: Analyst) -> dict[str, Any]:
    """The job: listen to the recording (and check the article's quotes), draw its spectrogram, keep the
    report in memory for its page and the recording, the article and their link in the store."""
    from veracity.audio.listen import listen
    from veracity.audio.spectrogram import compute_spectrogram
    from veracity.ingest.sources import content_hash
    from veracity.report.recording_html import PICTURE_HEIGHT, PICTURE_WIDTH

    def progress(stage: str, done: float, total: float) -> None:
        job.stage = stage
        job.done, job.total = (round(done), round(total)) if total else (0, None)  # seconds of audio transcribed

    try:
        job.stage = "reading the article" if upload.article else "reading the file"
        article = _article(upload) if upload.article else None
        examined = listen(upload.audio, article=article, progress=progress)
        job.stage = "drawing the spectrogram"
        spectrogram = compute_spectrogram(upload.audio, width=PICTURE_WIDTH, height=PICTURE_HEIGHT)
        sha256 = content_hash(upload.audio)
    finally:
        upload.discard()
    report = examined.to_dict()
    _relabel(report, upload)
    reports.put(recording_id, FinishedRecording(report, spectrogram))
    job.stage = "storing"
    summary = _links(recording_id)
    summary.update(kind="recording", source=upload.label, duration_seconds=examined.duration_seconds,
                   quotes=len((report.get("quotes") or {}).get("checks") or []),
                   **_keep(analyst, sha256, upload.label, examined, article, report))
    job.documents.append(summary)
    return summary


def _article(upload: _Upload) -> Document:
    """The uploaded article, analysed, under its upload label (not the server's temporary path)."""
    from veracity.ingest import load_document
    from veracity.pipeline import shared_pipeline

    doc = load_document(str(upload.article), published=upload.published)
    doc.metadata.source = upload.article_label
    return shared_pipeline()(doc)


def _keep(analyst: Analyst, sha256: str, label: str, examined: RecordingReport, article: Document | None,
          report: dict[str, Any]) -> dict[str, Any]:
    """Keep the recording (once per bytes) and the article with its quote checks; their stored addresses."""
    from veracity.corpus.recordings import as_stored

    store = analyst.store()
    kept: dict[str, Any] = {"stored": f"/recordings/stored/{sha256}"}
    store.add_recording(as_stored(sha256, label, examined, report))
    if article is not None:
        if store.add(article, source=article.metadata.source) == "added" and analyst.after_store is not None:
            analyst.after_store([article.id])  # its conflicts panel, as for any new document
        store.link_recording(sha256, article.id, report["quotes"]["checks"])
        kept["document"] = article.id
    return kept


def _links(recording_id: str) -> dict[str, Any]:
    base = f"/recordings/{recording_id}"
    return {"id": recording_id, "recording": base, "view": f"{base}/view", "spectrogram": f"{base}/spectrogram.png"}


def _relabel(report: dict[str, Any], upload: _Upload) -> None:
    """Upload labels instead of the server's temporary paths, which mean nothing to the reader."""
    recording = report["recording"]
    recording["source"] = upload.label
    container = recording.get("container")
    if isinstance(container, dict) and "file_modified" in container:
        container["file_modified"] = None  # the temporary copy's time, not the recording's
    if "quotes" in report:
        report["quotes"]["article"] = upload.article_label


def view_policy() -> str:
    """The app's policy with this page's inline style sheet admitted by its hash, and no scripts at all."""
    from veracity.report.recording_html import style_hash

    policy = re.sub(r"style-src [^;]+", f"style-src 'self' {style_hash()}", CONTENT_SECURITY_POLICY)
    return policy + "; sandbox"


def build_recordings_router(settings: WebSettings, runner: JobRunner, reports: RecordingReports,
                            analyst: Analyst) -> APIRouter:
    router = APIRouter(dependencies=[Depends(require_token(settings.token))], tags=["recordings"])
    waiting = (RecordingAccepted, "not ready yet: poll the job")

    @router.post("/recordings", status_code=202, openapi_extra=_RECORDINGS_BODY,
                 responses=answers({202: (RecordingAccepted, "accepted: poll the job; the report's URL is given")},
                                   *WRITES, 503),
                 summary="Analyse a recording: metadata, transcript, indicators, and the printed quotes of an article")
    async def post_recording(request: Request) -> Response:
        if media_type(request.headers.get("content-type")) != "multipart/form-data":
            raise Problem(415, "upload the recording as multipart/form-data with a field named 'file'")
        upload = await _receive(request, settings.max_upload_bytes)
        recording_id = reports.new_id()
        try:
            await anyio.to_thread.run_sync(_check_audio, upload)
            # Off the loop: the journal writes the job to the store. No payload: the upload is a temporary
            # file, so a recording cut off by a server stop is reported interrupted, to be uploaded again.
            job = await anyio.to_thread.run_sync(lambda: runner.submit(
                "recording", lambda job: analyse_recording(job, recording_id, upload, reports, analyst), lane=LANE))
        except JobsFull as error:
            upload.discard()
            raise Problem(503, str(error), headers={"Retry-After": "60"}) from error
        except BaseException:
            upload.discard()
            raise
        reports.started(recording_id, job)
        return JSONResponse({**_links(recording_id), "job": job.to_dict(), "poll": f"/jobs/{job.id}"},
                            status_code=202, headers={"Location": f"/jobs/{job.id}"})

    @router.get("/recordings/{recording_id}",
                responses={**answers({202: waiting}, 404, 422), 200: {"description": "the report", "content": {
                    "application/json": {"schema": {"type": "object", "required": ["recording"]}}}}},
                summary="A recording's report (the `veracity listen` JSON)")
    def get_recording(recording_id: RecordingId) -> Response:
        found = _finished(reports, recording_id)
        return found if isinstance(found, Response) else JSONResponse(found.report)

    @router.get("/recordings/{recording_id}/view",
                responses={**answers({202: waiting}, 404, 422), 200: {"description": "the page", "content": {
                    "text/html": {"schema": {"type": "string"}}}}},
                summary="A recording's dossier as one self-contained HTML page")
    def get_recording_view(recording_id: RecordingId) -> Response:
        from veracity.report.recording_html import render_recording_html

        finished = _finished(reports, recording_id)
        if isinstance(finished, Response):
            return finished
        page = render_recording_html(finished.report, spectrogram=finished.spectrogram)
        return HTMLResponse(page, headers={"Content-Security-Policy": view_policy()})

    @router.get("/recordings/{recording_id}/spectrogram.png", summary="A recording's spectrogram as a PNG",
                responses={**answers({202: waiting}, 404, 422), 200: {"description": "the picture", "content": {
                    "image/png": {"schema": {"type": "string", "format": "binary"}}}}})
    def get_spectrogram(recording_id: RecordingId) -> Response:
        finished = _finished(reports, recording_id)
        if isinstance(finished, Response):
            return finished
        if finished.spectrogram is None:
            raise Problem(404, f"no spectrogram was drawn for {recording_id}")
        return Response(finished.spectrogram.png(), media_type="image/png",
                        headers={"Cache-Control": "private, max-age=3600"})

    return router


def _finished(reports: RecordingReports, recording_id: str) -> FinishedRecording | Response:
    """The finished recording; a 202 answer naming its job while it runs; 404 unknown, 422 failed."""
    found = reports.get(recording_id)
    if isinstance(found, FinishedRecording):
        return found
    if found is None:
        raise Problem(404, f"no recording {recording_id}: reports are kept in memory, the {KEEP_RECORDINGS} most "
                           "recent only, and not across restarts; upload it again")
    if found.status == "failed":
        raise Problem(422, f"the recording could not be analysed: {found.message}")
    return JSONResponse({**_links(recording_id), "job": found.to_dict(), "poll": f"/jobs/{found.id}"},
                        status_code=202, headers={"Location": f"/jobs/{found.id}"})


async def _receive(request: Request, max_bytes: int) -> _Upload:
    """The form's recording and article, copied to a fresh private directory; 413/415/422 on a bad part."""
    form = await request.form(max_files=2, max_fields=8)
    audio = form.get("file")
    if not isinstance(audio, UploadFile):
        raise invalid("file", "upload the recording as a form field named 'file'")
    refuse_unknown_fields(form.keys(), FORM_FIELDS)
    fields = {key: value for key, value in form.items() if isinstance(value, str)}
    published = None
    if fields.get("published"):
        published = iso_date(fields["published"])
        if published is None:
            raise invalid("published", "must be a date like 2025-07-09")
    article_file = form.get("article_file")
    article_text = fields.get("article", "")
    directory = Path(tempfile.mkdtemp(prefix="veracity-recording-"))
    try:
        suffix = PurePosixPath((audio.filename or "").replace("\\", "/")).suffix.lower()
        target = directory / ("recording" + (suffix if suffix in AUDIO_SUFFIXES else ""))
        await _copy(audio, target, max_bytes, "file")
        upload = _Upload(directory, target, upload_label(audio.filename), published=published)
        if isinstance(article_file, UploadFile) and article_file.filename:
            kind = upload_kind(article_file.content_type or "", article_file.filename)
            if kind not in ARTICLE_EXTENSIONS:
                raise Problem(415, "the article must be a text or HTML file (.txt, .html)")
            upload.article = directory / ("article" + ARTICLE_EXTENSIONS[kind])
            await _copy(article_file, upload.article, max_bytes, "article_file")
            upload.article_label = upload_label(article_file.filename)
        elif article_text.strip():
            upload.article = directory / "article.txt"
            upload.article.write_text(article_text, encoding="utf-8")
            upload.article_label = "web:text"
        return upload
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise


async def _copy(part: UploadFile, target: Path, max_bytes: int, field: str) -> None:
    """Copy an uploaded part to ``target`` in blocks, refusing it past ``max_bytes`` or when it is empty."""
    written = 0
    with target.open("wb") as out:
        while block := await part.read(BLOCK):
            written += len(block)
            if written > max_bytes:
                raise Problem(413, too_large_message(max_bytes))
            out.write(block)
    if written == 0:
        raise invalid(field, "the file is empty (0 bytes); a download or copy may have failed")


def _check_audio(upload: _Upload) -> None:
    """Refuse, before queueing, a file FFmpeg cannot open as audio (415) or a recording cut short (422)."""
    from veracity.audio.decode import check_complete, open_audio

    try:
        with open_audio(upload.audio):
            pass
    except AudioError as error:
        raise Problem(415, f"not a recording this server can read: {error.message}") from error
    try:
        check_complete(upload.audio)
    except VeracityError as error:
        raise from_veracity_error(error, "file") from error
