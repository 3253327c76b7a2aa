"""The app factory: one FastAPI app with its job worker, store handles, limits and error handlers."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from veracity import __version__
from veracity.web.analysis import AnalysisProcess
from veracity.web.analyst import Analyst
from veracity.web.api import build_router
from veracity.web.jobs import LANES, JobJournal, JobRunner, JobsFull
from veracity.web.limits import BodyLimit
from veracity.web.origins import OriginGuard
from veracity.web.pages import build_pages, static_files
from veracity.web.problems import install_handlers
from veracity.web.recordings import LANE as RECORDINGS_LANE
from veracity.web.recordings import RecordingReports, build_recordings_router
from veracity.web.security import SecurityHeaders
from veracity.web.settings import WebSettings
from veracity.web.stores import StoreHandles

DESCRIPTION = """Veracity's newsroom API: analyse articles into dossiers (who said what, to whom, through what,
when), keep them in a store, search them, follow a person across stories, import fact-checks, and see how
a story's quotes were printed elsewhere, who denies what, and which known fact-checks its claims match;
upload a recording to get its transcript, signs of editing or synthesis, and the printed quotes checked against it.
Long work runs as a job: poll `GET /jobs/{id}`. Errors are `{"error", "message"}` (and `fields` on 422)."""


def create_app(settings: WebSettings) -> FastAPI:
    """An app over ``settings.store``; the job workers start (taking back the jobs a killed server left in
    the store) and stop with the app's lifespan."""
    recordings = RecordingReports()
    stores = StoreHandles(settings.store)
    analyst = Analyst(stores, max_job_s=settings.max_job_s,
                      analysis=AnalysisProcess() if settings.analysis_process else None)
    runner = JobRunner(max_queued=settings.max_queued_jobs, lanes=(*LANES, RECORDINGS_LANE),
                       journal=JobJournal(stores, settings.server_name), resume=analyst.work)

    def compute_panels(doc_ids: list[str]) -> None:
        """Queue the conflicts panels of newly stored documents (a full queue leaves them to the first view)."""
        with contextlib.suppress(JobsFull):
            runner.submit("panels", lambda job: analyst.panels(job, doc_ids), total=len(doc_ids), lane="links",
                          payload={"documents": doc_ids})

    analyst.after_store = compute_panels

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runner.start()
        if settings.warm_up:
            runner.submit("warm-up", analyst.warm_up)
        yield
        runner.stop()
        analyst.close()
        stores.close_all()

    app = FastAPI(title="Veracity", version=__version__, description=DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    install_handlers(app)
    app.include_router(build_pages())
    app.include_router(build_router(settings, runner, analyst, stores))
    app.include_router(build_recordings_router(settings, runner, recordings, analyst))
    app.mount("/static", static_files(), name="static")
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_credentials=False,
                           allow_methods=["GET", "POST"], allow_headers=["Authorization", "Content-Type"])
    app.add_middleware(BodyLimit, max_bytes=settings.max_upload_bytes)
    app.add_middleware(OriginGuard, hosts=settings.host_names, allowed_origins=settings.cors_origins)
    app.add_middleware(SecurityHeaders)
    app.state.runner, app.state.analyst, app.state.stores = runner, analyst, stores
    app.state.recordings = recordings
    return app
