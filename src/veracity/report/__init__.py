"""Dossier reports of an analysed document: JSON (the contract), an HTML page, a text summary."""

from __future__ import annotations

from collections.abc import Callable

from veracity.errors import ConfigError
from veracity.model import Document
from veracity.report.html_report import render_html
from veracity.report.json_report import render_json
from veracity.report.text_report import render_text

__all__ = ["FORMATS", "render", "render_html", "render_json", "render_text"]

FORMATS = ("json", "html", "text")

_RENDERERS: dict[str, Callable[[Document], str]] = {
    "json": render_json,
    "html": render_html,
    "text": render_text,
}


def render(doc: Document, fmt: str) -> str:
    """The document's dossier in ``fmt``, one of ``FORMATS``."""
    renderer = _RENDERERS.get(fmt)
    if renderer is None:
        raise ConfigError(
            f"unknown report format {fmt!r}; choose one of: {', '.join(FORMATS)}"
        )
    return renderer(doc)
