"""The API routes: documents in, dossiers, search, people, fact-checks, jobs and health out.

Long work goes through ``jobs``: a request for one document waits a few seconds for its job and answers
201 with the dossier's id, or 202 with the job to poll; a batch always answers 202. Nothing a request
carries names a filesystem path: uploads are read from the request body and their file names are kept
only as labels in the dossier's ``source``.

Recordings (``POST /recordings`` and their reports) have their own module, ``recordings``.
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from typing import Annotated, Any, Literal

import anyio
from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from starlette.datastructures import UploadFile

from veracity import __version__
from veracity.errors import InvalidDateError, VeracityError
from veracity.ingest import load_bytes
from veracity.ingest.dates import iso_date
from veracity.model import Document
from veracity.web.analyst import Analyst
from veracity.web.contract import (
    FACTCHECKS_BODY,
    QUERY_PATTERN,
    WRITES,
    DocumentKnown,
    DocumentStored,
    DossierLinks,
    DossierRecordings,
    DossierView,
    FactchecksImported,
    Health,
    JobAccepted,
    JobOut,
    PersonOut,
    SearchOut,
    answers,
    documents_body,
    dossier_schema,
)
from veracity.web.jobs import Job, JobRunner, JobsFull
from veracity.web.limits import (
    ACCEPTED_UPLOADS,
    BATCH_TYPES,
    HTML_TYPES,
    TEXT_TYPES,
    media_type,
    upload_kind,
    upload_label,
)
from veracity.web.problems import Problem, from_veracity_error, invalid, refuse_unknown_fields
from veracity.web.settings import WebSettings
from veracity.web.stores import StoreHandles
from veracity.web.view import dossier_view

DOC_ID = r"^doc-[0-9a-f]{12}$"
# What the page shows of each quote check (the word-by-word alignment stays in the recording's report).
CHECK_FIELDS = ("quote_id", "printed", "speaker", "verdict", "how", "start", "end", "heard")
PERSON_ID = re.compile(r"^person-[0-9a-f]{12}$")
JOB_ID = r"^[0-9a-f]{32}$"
DossierId = Annotated[str, Path(pattern=DOC_ID, description="a dossier id, e.g. doc-0123456789ab")]


class DocumentIn(BaseModel):
    """One article as JSON: exactly one of ``text`` or ``html``; the other fields override its metadata."""

    model_config = ConfigDict(extra="forbid")
    text: str | None = Field(default=None, description="the article as plain text")
    html: str | None = Field(default=None, description="the article as an HTML page")
    published: str | None = Field(default=None, description="publication date, YYYY-MM-DD", max_length=40)
    title: str | None = Field(default=None, max_length=1000)
    url: str | None = Field(default=None, max_length=4000)
    outlet: str | None = Field(default=None, max_length=500)

    @field_validator("*", mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:  # null is not a value: a field is given or left out, as the published schema says
            raise ValueError("give a string or leave the field out (null is not accepted)")
        return value


def build_router(settings: WebSettings, runner: JobRunner, analyst: Analyst, stores: StoreHandles) -> APIRouter:
    from veracity.web.security import require_token

    router = APIRouter()
    guarded = APIRouter(dependencies=[Depends(require_token(settings.token))])

    @router.get("/health", tags=["service"], summary="Is the server up, and are its models loaded?",
                response_model=Health, responses=answers({}, token=False))
    def health() -> dict[str, Any]:
        return {"status": "ok", "version": __version__, "models_loaded": analyst.ready}

    @guarded.post("/documents", tags=["documents"], status_code=201, openapi_extra=documents_body(DocumentIn),
                  responses=answers({200: (DocumentKnown, "the same text is already stored: nothing was analysed"),
                                     201: (DocumentStored, "analysed and stored"),
                                     202: (JobAccepted, "accepted: poll the job (always for a batch)")},
                                    *WRITES, 503),
                  summary="Analyse and store an article (JSON, a text/HTML upload) or a JSONL batch")
    async def post_documents(
        request: Request,
        wait: Annotated[float | None, Query(ge=0, le=60, description="seconds to wait for one document")] = None,
        published: Annotated[str | None, Query(max_length=40,
                                               description="publication date of a raw text/HTML body")] = None,
    ) -> Response:
        kind = media_type(request.headers.get("content-type"))
        waiting = settings.inline_wait_s if wait is None else wait
        if kind == "application/json":
            payload = _validated(DocumentIn, await _json(request))
            return await _one_document(payload, "web:text", waiting)
        if kind == "multipart/form-data":
            upload, fields = await _upload(request, frozenset({"file", "published"}))
            data = await upload.read()
            return await _uploaded(data, upload.content_type or "", upload.filename,
                                   fields.get("published") or published, waiting)
        if kind in TEXT_TYPES or kind in HTML_TYPES or kind in BATCH_TYPES:
            return await _uploaded(await request.body(), kind, None, published, waiting)
        raise Problem(415, f"send application/json, multipart/form-data, or a raw body of {ACCEPTED_UPLOADS}; "
                           f"not {kind or 'a body without Content-Type'}")

    async def _uploaded(data: bytes, declared: str, filename: str | None, published: str | None,
                        waiting: float) -> Response:
        kind = upload_kind(declared, filename)
        if kind is None:
            raise Problem(415, f"{declared or 'this file type'} cannot be analysed; upload {ACCEPTED_UPLOADS}")
        label = upload_label(filename) if filename else "web:body"
        if kind == "jsonl":
            return await _batch(data.decode("utf-8", errors="replace"), label)
        # Validated as the JSON body's field is (a form's date has no length limit of its own): a 422, not a 500.
        fields = _validated(DocumentIn, {"published": published}) if published else DocumentIn()
        return await _one_document(fields, label, waiting, raw=(data, kind))

    async def _one_document(payload: DocumentIn, label: str, waiting: float,
                            raw: tuple[bytes, str] | None = None) -> Response:
        doc = await anyio.to_thread.run_sync(_load, payload, label, raw, settings.max_upload_bytes)
        if await anyio.to_thread.run_sync(lambda: stores.get().contains(doc.id)):
            return JSONResponse({"id": doc.id, "status": "unchanged", "dossier": f"/dossiers/{doc.id}"})
        job = await _submit("analyse", {"document": doc.to_dict(), "label": label}, total=1)
        if not await job.finished_within(waiting):
            return _accepted(job)
        if job.status == "failed" or job.errors:
            message = job.message or "; ".join(e["message"] for e in job.errors)
            raise Problem(422, f"the document could not be analysed: {message}")
        summary = job.documents[0]
        return JSONResponse({**summary, "dossier": f"/dossiers/{summary['id']}", "job": job.id}, status_code=201)

    async def _batch(text: str, label: str) -> Response:
        total = sum(1 for line in text.splitlines() if line.strip())
        if total == 0:
            raise invalid("file", "the JSONL batch has no lines")
        if total > settings.max_batch_documents:
            raise Problem(413, f"the batch has {total} articles; a job takes at most {settings.max_batch_documents}"
                               ": split the file")
        payload = {"text": text, "label": label, "max_bytes": settings.max_upload_bytes}
        return _accepted(await _submit("batch", payload, total=total))

    async def _submit(kind: str, payload: dict[str, Any], total: int | None = None, lane: str = "analysis") -> Job:
        """Queue a job off the event loop (the journal writes its payload to the store before it is queued)."""
        return await anyio.to_thread.run_sync(lambda: _queue(kind, payload, total, lane))

    def _queue(kind: str, payload: dict[str, Any], total: int | None = None, lane: str = "analysis") -> Job:
        work = analyst.work(kind, payload)
        assert work is not None, f"no work for job kind {kind}"
        try:
            return runner.submit(kind, work, total=total, lane=lane, payload=payload)
        except JobsFull as error:
            raise Problem(503, str(error), headers={"Retry-After": "30"}) from error

    @guarded.get("/dossiers/{dossier_id}", tags=["dossiers"], summary="A stored dossier (the dossier JSON schema)",
                 responses={**answers({}, 404, 422), 200: {"description": "the dossier", "content": {
                     "application/json": {"schema": dossier_schema()}}}})
    def get_dossier(dossier_id: DossierId) -> Response:
        stored = stores.get().dossier_json(dossier_id)
        if stored is None:
            raise Problem(404, f"no dossier {dossier_id} in this store")
        return Response(stored, media_type="application/json")

    @guarded.get("/dossiers/{dossier_id}/view", tags=["dossiers"], response_model=DossierView,
                 responses=answers({}, 404, 422),
                 summary="A dossier laid out for the page: text and marks as a tree, people panel, timeline")
    def get_dossier_view(dossier_id: DossierId) -> dict[str, Any]:
        return dossier_view(_document(dossier_id))

    @guarded.get("/dossiers/{dossier_id}/recordings", tags=["dossiers"], response_model=DossierRecordings,
                 responses=answers({}, 404, 422),
                 summary="The stored recordings this story quotes from, its printed quotes checked against each")
    def get_dossier_recordings(dossier_id: DossierId) -> dict[str, Any]:
        store = stores.get()
        if not store.contains(dossier_id):
            raise Problem(404, f"no dossier {dossier_id} in this store")
        return {"document": dossier_id, "recordings": [
            {"id": link.recording_id, "source": link.source, "duration_seconds": link.duration,
             "verdicts": dict(Counter(str(check["verdict"]) for check in link.checks)),
             "checks": [{key: check.get(key) for key in CHECK_FIELDS} for check in link.checks]}
            for link in store.recordings_of(dossier_id)]}

    @guarded.get("/recordings/stored/{sha256}", tags=["recordings"], responses={**answers({}, 404, 422), 200: {
                     "description": "the report `veracity listen` gave, and each linked story's quote checks",
                     "content": {"application/json": {"schema": {"type": "object"}}}}},
                 summary="A recording kept in the store (by the SHA-256 of its bytes)")
    def get_stored_recording(sha256: Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")]) -> dict[str, Any]:
        report = stores.get().recording(sha256)
        if report is None:
            raise Problem(404, f"no recording {sha256} in this store; keep one with `veracity add FILE --article …`")
        return report

    @guarded.get("/dossiers/{dossier_id}/links", tags=["dossiers"],
                 responses=answers({200: (DossierLinks, "the links"),
                                    202: (JobAccepted, "still being computed: poll the job")}, 404, 422, 503),
                 summary="Quote variants, denials, conflicts and fact-checks linking this dossier to stored ones")
    async def get_dossier_links(
        dossier_id: DossierId,
        wait: Annotated[float | None, Query(ge=0, le=60, description=(
            "seconds to wait for the panel being computed (default 15); given, a stale stored panel waits "
            "for the fresh one too, else it is answered at once"))] = None,
    ) -> Response:
        def stored_or_job() -> tuple[dict[str, Any] | None, Job | None]:
            """The stored panel, if any, and the job computing it afresh, if one is needed."""
            store = stores.get()
            if not store.contains(dossier_id):
                raise Problem(404, f"no dossier {dossier_id} in this store")
            stored = store.panel(dossier_id)
            if stored is None:
                return None, _links_job(dossier_id)
            panel, stale = stored
            if not stale:
                return {**panel, "stale": False}, None
            try:
                return {**panel, "stale": True}, _links_job(dossier_id)
            except Problem:  # a full queue: the stale panel is served as it is
                return {**panel, "stale": True}, None

        panel, job = await anyio.to_thread.run_sync(stored_or_job)
        if job is None or (panel is not None and wait is None):
            return JSONResponse(panel)  # a stale panel is served at once unless the client asked to wait
        if await job.finished_within(settings.inline_wait_s if wait is None else wait) and job.status == "done":
            return JSONResponse(job.result)
        if panel is not None:
            return JSONResponse(panel)
        if job.status == "failed":
            raise Problem(503, job.message or "the links could not be computed")
        return _accepted(job)

    computing: dict[str, Job] = {}  # the links job under way for each document
    computing_lock = threading.Lock()

    def _links_job(dossier_id: str) -> Job:
        """The job computing a document's panel: the one under way, or a new one (views never queue two)."""
        with computing_lock:
            under_way = computing.get(dossier_id)
            if under_way is not None and not under_way.over:
                return under_way
            job = _queue("links", {"document": dossier_id}, lane="links")
            computing[dossier_id] = job
            if len(computing) > 1000:
                for finished in [key for key, known in computing.items() if known.over]:
                    del computing[finished]
            return job

    @guarded.get("/search", tags=["search"], response_model=SearchOut, responses=answers({}, 422, 503),
                 summary="Search stored documents and quotes by their words, their meaning, or both")
    def search(
        q: Annotated[str, Query(min_length=1, max_length=500, description="plain words (not query syntax)",
                                json_schema_extra={"pattern": QUERY_PATTERN})],
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
        mode: Annotated[Literal["text", "meaning", "both"], Query(
            description="text: every word must match; meaning: closest in meaning, in any words; both: fused")
        ] = "both",
    ) -> dict[str, Any]:
        if not re.search(QUERY_PATTERN, q):
            raise invalid("query.q", "give at least one word to search for")
        # A query of symbols only (a control character, an emoji) is valid and finds nothing.
        store = stores.get()
        words = re.search(r"\w", q) is not None
        hits = store.search(q, limit=limit, mode=mode) if words else []
        heard = store.search_recordings(q, limit=limit) if words else []
        return {"query": q, "mode": mode,
                "hits": [{"document": h.doc_id, "quote": h.quote_id, "outlet": h.outlet, "title": h.title,
                          "published": h.published, "snippet": h.snippet, "matched": h.matched} for h in hits],
                "heard": [{"recording": h.recording_id, "source": h.source, "start": h.start, "end": h.end,
                           "snippet": h.snippet} for h in heard]}

    @guarded.get("/people/{person}", tags=["people"], response_model=PersonOut, responses=answers({}, 404, 422),
                 summary="Everything a person said, oldest first, with sources (a person id or part of a name)")
    def person(person: Annotated[str, Path(min_length=2, max_length=200)]) -> dict[str, Any]:
        store = stores.get()
        names = store.speaker_names(person) if PERSON_ID.match(person) else [person]
        said = [q for name in names for q in store.person(name)]
        unique = list({(q.doc_id, q.content): q for q in said}.values())
        if not unique:
            raise Problem(404, f"no quotes by a speaker named like {person!r} in this store")
        unique.sort(key=lambda q: (q.published is None, q.published or "", q.doc_id))
        return {"query": person, "names": sorted({q.speaker for q in unique}),
                "quotes": [{"speaker": q.speaker, "text": q.content, "kind": q.kind, "cue": q.cue,
                            "published": q.published, "document": q.doc_id, "outlet": q.outlet, "title": q.title}
                           for q in unique]}

    @guarded.post("/factchecks", tags=["fact-checks"], status_code=201, openapi_extra=FACTCHECKS_BODY,
                  responses=answers({201: (FactchecksImported, "imported"),
                                     202: (JobAccepted, "accepted: poll the job")}, *WRITES, 503),
                  summary="Import fact-checks: ClaimReview JSON-LD")
    async def post_factchecks(request: Request) -> Response:
        from veracity.corpus.claimreview import BadReview, read_claimreviews

        kind = media_type(request.headers.get("content-type"))
        if kind in ("application/json", "application/ld+json"):
            text, label = (await request.body()).decode("utf-8", errors="replace"), "web:factchecks"
        elif kind == "multipart/form-data":
            upload, _ = await _upload(request, frozenset({"file"}))
            if upload_kind(upload.content_type or "", None) is None and media_type(upload.content_type) not in (
                    "application/json", "application/ld+json", "application/octet-stream", ""):
                raise Problem(415, "upload ClaimReview JSON-LD (.json, .jsonld)")
            text, label = (await upload.read()).decode("utf-8", errors="replace"), upload_label(upload.filename)
        else:
            raise Problem(415, "send ClaimReview JSON-LD as application/ld+json or application/json, "
                               f"not {kind or 'a body without Content-Type'}")
        try:
            json.loads(text)
        except json.JSONDecodeError as error:
            raise invalid("body", f"not JSON ({error.msg} at line {error.lineno})") from error
        reviews = list(read_claimreviews(text, label))
        bad = [r for r in reviews if isinstance(r, BadReview)]
        if len(bad) == len(reviews):
            reasons = "; ".join(f"{r.where}: {r.reason}" for r in bad[:5]) or "no ClaimReview found"
            raise invalid("body", f"no ClaimReview could be read ({reasons})")
        job = await _submit("factchecks", {"text": text, "label": label}, total=len(reviews))
        if not await job.finished_within(settings.inline_wait_s):
            return _accepted(job)
        if job.status == "failed":
            raise Problem(503, job.message or "the fact-checks could not be stored")
        return JSONResponse(job.result, status_code=201)

    @guarded.get("/jobs/{job_id}", tags=["jobs"], summary="A job's progress and outcome", response_model=JobOut,
                 responses=answers({}, 404, 422))
    def get_job(job_id: Annotated[str, Path(pattern=JOB_ID)]) -> dict[str, Any]:
        job = runner.describe(job_id)
        if job is None:
            raise Problem(404, f"no job {job_id} (finished jobs are kept for a while, not forever)")
        return job

    def _document(dossier_id: str) -> Document:
        doc = stores.get().document(dossier_id)
        if doc is None:
            raise Problem(404, f"no dossier {dossier_id} in this store")
        return doc

    router.include_router(guarded)
    return router


def _accepted(job: Job) -> JSONResponse:
    return JSONResponse({"job": job.to_dict(), "poll": f"/jobs/{job.id}"}, status_code=202,
                        headers={"Location": f"/jobs/{job.id}"})


def _validated(model: type[DocumentIn], data: Any) -> DocumentIn:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        fields = [{"field": ".".join(["body", *(str(p) for p in item["loc"])]),
                   "message": item["msg"].removeprefix("Value error, ")}
                  for item in error.errors()]
        raise Problem(422, "; ".join(f"{f['field']}: {f['message']}" for f in fields), fields=fields) from error


async def _json(request: Request) -> Any:
    body = await request.body()
    try:
        return json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise invalid("body", "not valid JSON; send an object like {\"text\": \"…\"}") from error


async def _upload(request: Request, allowed: frozenset[str]) -> tuple[UploadFile, dict[str, str]]:
    form = await request.form(max_files=1, max_fields=8)
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise invalid("file", "upload the article as a form field named 'file'")
    refuse_unknown_fields(form.keys(), allowed)
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    return upload, fields


def _load(payload: DocumentIn, label: str, raw: tuple[bytes, str] | None, max_bytes: int) -> Document:
    """A cleaned Document from a request; its errors become 413/415/422 naming the field."""
    published = None
    if payload.published:
        published = iso_date(payload.published)
        if published is None:
            raise invalid("published", "must be a date like 2025-07-09")
    if raw is not None:
        data, kind, field = raw[0], raw[1], "file"
    else:
        if (payload.text is None) == (payload.html is None):
            raise invalid("body.text", "give exactly one of text or html")
        body = payload.text if payload.text is not None else payload.html
        data, kind = (body or "").encode("utf-8"), "text/plain" if payload.text is not None else "text/html"
        field = "body.text" if payload.text is not None else "body.html"
    try:
        doc = load_bytes(data, source=label, published=published, max_bytes=max_bytes, media_type=kind)
    except InvalidDateError as error:
        raise invalid("published", error.message) from error
    except VeracityError as error:
        raise from_veracity_error(error, field) from error
    meta = doc.metadata
    meta.title = payload.title or meta.title
    meta.url = payload.url or meta.url
    meta.site_name = payload.outlet or meta.site_name
    return doc
