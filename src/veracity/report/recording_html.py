"""The HTML recording dossier: one self-contained page from a recording report (``RecordingReport.to_dict()``).

Everything in the report that came from the file or the article (tags, transcript, printed quotes, speaker
labels, C2PA claims) is attacker-controlled, so it reaches the page only through the Jinja2 template with
autoescape on. The page loads nothing: its style sheet is inline, the spectrogram is a ``data:`` PNG, and
there is no script, so it works from a mail attachment or behind the web app's strict Content-Security-Policy
(which admits the one inline style sheet by its hash, ``style_hash()``).

Sections the report lacks (provenance, bandwidth, indicators, speakers, quotes) are left out of the page;
the report's own "not checked" list says which checks did not run.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import ChainableUndefined, Environment, FileSystemLoader, Undefined
from markupsafe import Markup

from veracity.audio.editing import INDICATOR_TITLES
from veracity.audio.spectrogram import Spectrogram, compute_spectrogram
from veracity.report.html_report import SPEAKER_PALETTE, UNATTRIBUTED_COLOUR

TEMPLATES = Path(__file__).parent / "templates"
# Chainable: a section written by another version may lack a key, and a missing key shows as blank, not a crash.
_ENVIRONMENT = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=ChainableUndefined,
                           trim_blocks=True, lstrip_blocks=True)
VERDICTS = {"verbatim": "verbatim", "faithful": "faithful", "altered": "ALTERED", "not_found": "not found",
            "not_checked": "not checked"}
WORD_STATUSES = {
    "exact": "said as printed",
    "asr_uncertain": "the transcript is unsure; probably said as printed",
    "different": "printed differently from what was said",
    "omitted": "said, but left out of the print",
    "inserted": "printed, but not said",
    "censored": "censored in print",
    "in_gap": "inside a marked gap (… or [inaudible])",
}
# The picture's geometry in SVG units: the image, a strip for speaker turns, a strip for the time axis.
PICTURE_WIDTH = 960
PICTURE_HEIGHT = 160
TURN_STRIP = 14
AXIS_STRIP = 22
_TICK_STEPS = (0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600)


@cache
def recording_css() -> str:
    """The page's one style sheet: the article dossier's, the speaker palette, and the recording's own rules."""
    parts = [(TEMPLATES / "dossier.css").read_text(encoding="utf-8")]
    colours = [(f"sp-{i}", bg, edge) for i, (bg, edge) in enumerate(SPEAKER_PALETTE)]
    colours.append(("sp-none", *UNATTRIBUTED_COLOUR))
    parts.append("\n".join(f".{name} {{ --bg: {bg}; --edge: {edge}; }}" for name, bg, edge in colours))
    parts.append((TEMPLATES / "recording.css").read_text(encoding="utf-8"))
    return "\n".join(parts) + "\n"


def style_hash() -> str:
    """The CSP source that admits the page's inline style sheet, e.g. ``'sha256-…'``."""
    digest = hashlib.sha256(recording_css().encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def render_recording_html(report: dict[str, Any], audio_path: str | Path | None = None, *,
                          spectrogram: Spectrogram | None = None) -> str:
    """The dossier page for ``report``; the spectrogram is drawn from ``audio_path`` (or given ready-made).

    Without either, the page says the picture was not drawn; everything else comes from the report alone.
    """
    if spectrogram is None and audio_path is not None:
        spectrogram = compute_spectrogram(audio_path, width=PICTURE_WIDTH, height=PICTURE_HEIGHT)
    recording = report.get("recording", {})
    transcript = recording.get("transcript") or {"segments": []}
    segments = transcript.get("segments") or []
    speakers = recording.get("speakers")
    colours = _speaker_classes(speakers)
    segment_speakers = list((speakers or {}).get("segment_speakers") or [])
    quotes = report.get("quotes")
    checks = [_quote_view(i, check, segments) for i, check in enumerate((quotes or {}).get("checks") or [])]
    duration = float(recording.get("duration_seconds") or (spectrogram.duration_seconds if spectrogram else 0.0))
    template = _ENVIRONMENT.get_template("recording.html.j2")
    return template.render(
        css=Markup(recording_css()),
        titles=INDICATOR_TITLES,
        report=report,
        recording=recording,
        container=recording.get("container") or {},
        transcript=transcript,
        segments=[{"index": i, "segment": s, "speaker": segment_speakers[i] if i < len(segment_speakers) else None}
                  for i, s in enumerate(segments)],
        colours=colours,
        quotes=quotes,
        checks=checks,
        picture=_picture(spectrogram, duration, checks, speakers, colours),
        provenance=recording.get("provenance"),
        bandwidth=recording.get("bandwidth"),
        editing=recording.get("editing"),
        synthetic=recording.get("synthetic_voice"),
        speakers=speakers,
        verdicts=VERDICTS,
        statuses=WORD_STATUSES,
        clock=clock,
        number=number,
        rate=rate,
        segment_at=lambda seconds: _segment_at(seconds, segments),
        file_tags=file_tags,
    )


def file_tags(container: dict[str, Any]) -> list[tuple[str, str]]:
    """FFmpeg's tags, then the native ones (mutagen) that add something: the same tag is listed once."""
    seen: set[tuple[str, str]] = set()
    rows = []
    for source in (container.get("tags") or {}, container.get("native_tags") or {}):
        for key, value in sorted(source.items()):
            if (str(key).lower(), str(value)) not in seen:
                seen.add((str(key).lower(), str(value)))
                rows.append((str(key), str(value)))
    return rows


def clock(seconds: Any) -> str:
    """m:ss.ss (h:mm:ss.ss past an hour); a dash when the time is unknown."""
    if not isinstance(seconds, int | float):
        return "–"
    minutes, rest = divmod(float(seconds), 60)
    hours, minutes = divmod(int(minutes), 60)
    return f"{hours}:{minutes:02d}:{rest:05.2f}" if hours else f"{minutes}:{rest:05.2f}"


def number(value: Any, digits: int = 3) -> str:
    if isinstance(value, Undefined):
        value = None
    if isinstance(value, bool) or value is None:
        return "–" if value is None else ("yes" if value else "no")
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def rate(value: Any) -> str:
    """An error or detection rate (a share) as a percentage; 'not measured' when absent."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{100 * value:.1f} %"
    return "not measured"


def _speaker_classes(speakers: dict[str, Any] | None) -> dict[str, str]:
    """A palette class per speaker label, in order of first appearance (turns, then the speaker list)."""
    labels: list[str] = []
    for label in [t.get("speaker") for t in (speakers or {}).get("turns") or []] + \
            [s.get("label") for s in (speakers or {}).get("speakers") or []] + \
            list((speakers or {}).get("segment_speakers") or []):
        if isinstance(label, str) and label not in labels:
            labels.append(label)
    return {label: f"sp-{i % len(SPEAKER_PALETTE)}" for i, label in enumerate(labels)}


def _segment_at(seconds: Any, segments: list[dict[str, Any]]) -> int | None:
    """The transcript segment that holds ``seconds`` (or the nearest one before it), for a link."""
    if not isinstance(seconds, int | float) or not segments:
        return None
    best = 0
    for index, segment in enumerate(segments):
        if float(segment.get("start", 0.0)) <= seconds + 1e-6:
            best = index
    return best


def _quote_view(index: int, check: dict[str, Any], segments: list[dict[str, Any]]) -> dict[str, Any]:
    return {"index": index, "check": check, "verdict": VERDICTS.get(str(check.get("verdict")), "not checked"),
            "verdict_class": str(check.get("verdict")) if check.get("verdict") in VERDICTS else "not_checked",
            "segment": _segment_at(check.get("start"), segments),
            "changes": [w for w in check.get("words") or [] if w.get("status") != "exact"]}


@dataclass(frozen=True)
class _Mark:
    """A stretch drawn over the picture: a quote's place, or a speaker's turn."""

    x: float
    width: float
    css: str
    label: str
    target: str | None = None


def _picture(spectrogram: Spectrogram | None, duration: float, checks: list[dict[str, Any]],
             speakers: dict[str, Any] | None, colours: dict[str, str]) -> dict[str, Any] | None:
    """What the SVG over the spectrogram draws: the image, quote marks, speaker turns and the time axis."""
    if spectrogram is None:
        return None
    seconds = spectrogram.duration_seconds or duration
    scale = PICTURE_WIDTH / seconds if seconds > 0 else 0.0

    def span(start: float, end: float) -> tuple[float, float]:
        x = max(0.0, min(PICTURE_WIDTH, start * scale))
        return round(x, 2), round(max(2.0, min(PICTURE_WIDTH - x, (end - start) * scale)), 2)

    quote_marks = []
    for view in checks:
        check = view["check"]
        start, end = check.get("start"), check.get("end")
        if isinstance(start, int | float) and isinstance(end, int | float):
            x, width = span(start, end)
            label = f"Quote {view['index'] + 1}, {view['verdict']}: {clock(start)} – {clock(end)}"
            quote_marks.append(_Mark(x, width, f"qm v-{view['verdict_class']}", label, f"#quote-{view['index'] + 1}"))
    turns = []
    for turn in (speakers or {}).get("turns") or []:
        start, end = turn.get("start"), turn.get("end")
        if isinstance(start, int | float) and isinstance(end, int | float):
            x, width = span(start, end)
            colour = colours.get(str(turn.get("speaker")), "sp-none")
            turns.append(_Mark(x, width, f"turn {colour}", f"{turn.get('speaker')}: {clock(start)} – {clock(end)}"))
    step = next((s for s in _TICK_STEPS if seconds / s <= 10), _TICK_STEPS[-1])
    ticks = [(round(t * scale, 2), clock(t).rsplit(".", 1)[0] if step >= 1 else clock(t))
             for t in _arange(0.0, seconds, step)]
    return {"uri": spectrogram.data_uri(), "width": PICTURE_WIDTH, "height": PICTURE_HEIGHT, "turn_y": PICTURE_HEIGHT,
            "axis_y": PICTURE_HEIGHT + TURN_STRIP, "total_height": PICTURE_HEIGHT + TURN_STRIP + AXIS_STRIP,
            "quotes": quote_marks, "turns": turns, "ticks": ticks, "seconds": seconds, "max_hz": spectrogram.max_hz}


def _arange(start: float, stop: float, step: float) -> list[float]:
    count = int(stop / step) + 1 if stop > 0 else 1
    return [start + i * step for i in range(count) if start + i * step <= stop + 1e-9]
