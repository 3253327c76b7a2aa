"""The newsroom web app: an HTTP API over the pipeline and the store, and a page that reads dossiers.

``veracity serve`` runs ``create_app`` under uvicorn. The modules each do one job:

    settings   what a server is configured with (store, limits, token, CORS)
    security   bearer-token check and the security headers every response carries
    limits     request size and media-type bounds (413 / 415)
    problems   every error as one JSON shape, never a stack trace
    jobs       one worker thread that runs the CPU-heavy work in order, with progress
    analyst    the server's one pipeline and what jobs do with it (analyse, store, link, import)
    view       a dossier laid out for the page (the HTML report's own markup, as a tree of text and marks)
    story      the conflicts panel: this document against related stored ones
    api        the routes; ``pages`` the page, its assets and the self-hosted API docs
"""

from veracity.web.app import create_app
from veracity.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]
