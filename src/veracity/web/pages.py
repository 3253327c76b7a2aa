"""The page, its assets and the API docs, all served by the app itself: nothing is loaded from a CDN.

FastAPI's own docs page fetches Swagger UI from a CDN, so it is switched off; ``/docs`` is a small page
of our own that reads ``/openapi.json`` and lists every route with its parameters and answers.
The dossier style sheet is the HTML report's, with its speaker palette, so the page and the
self-contained report look the same.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles

from veracity.web.view import palette_css

STATIC = Path(__file__).parent / "static"
REPORT_CSS = Path(__file__).parent.parent / "report" / "templates" / "dossier.css"
RECORDING_CSS = REPORT_CSS.with_name("recording.css")  # the recording dossier's rules, for the recording panel


@cache
def dossier_css() -> str:
    return REPORT_CSS.read_text(encoding="utf-8") + "\n" + palette_css()


def build_pages() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/")
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    @router.get("/docs")
    def docs() -> FileResponse:
        return FileResponse(STATIC / "docs.html", media_type="text/html; charset=utf-8")

    @router.get("/assets/dossier.css")
    def report_css() -> Response:
        return Response(dossier_css(), media_type="text/css; charset=utf-8",
                        headers={"Cache-Control": "public, max-age=3600"})

    @router.get("/assets/recording.css")
    def recording_css() -> FileResponse:
        return FileResponse(RECORDING_CSS, media_type="text/css; charset=utf-8",
                            headers={"Cache-Control": "public, max-age=3600"})

    return router


def static_files() -> StaticFiles:
    return StaticFiles(directory=STATIC)
