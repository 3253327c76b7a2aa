"""A recording report as JSON (the contract) or as text for a terminal."""

from __future__ import annotations

import json

from veracity.audio.listen import RecordingReport
from veracity.audio.quote_check import AlignedWord, QuoteCheck
from veracity.errors import ConfigError

FORMATS = ("json", "text")


def render_recording(report: RecordingReport, fmt: str) -> str:
    """The report in ``fmt``, one of ``FORMATS``."""
    if fmt == "json":
        return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "text":
        return render_text(report)
    raise ConfigError(f"unknown recording report format {fmt!r}; choose one of: {', '.join(FORMATS)}")


def render_text(report: RecordingReport) -> str:
    """A readable summary: what the file is, what it claims about itself, and the timed transcript."""
    info = report.container
    rate = f"{info.bit_rate // 1000} kb/s" if info.bit_rate else "bit rate not stated"
    lines = [
        f"Recording: {report.source}",
        f"  sha256 {report.sha256}",
        f"  {_clock(report.duration_seconds)} decoded · {info.codec} in {info.format_long_name} · "
        f"{info.sample_rate} Hz · {info.channels} channel{'s' if info.channels != 1 else ''} · {rate}",
    ]
    if info.encoders:
        lines.append(f"  encoder: {', '.join(info.encoders)}")
    for created in info.created:
        lines.append(f"  date tag {created['tag']}: {created['value']}")
    for key in ("title", "artist", "comment"):
        if key in info.tags:
            lines.append(f"  {key}: {info.tags[key]}")
    lines.append(f"  file modified {info.file_modified} (this copy's, not the recording's)")
    transcript = report.transcript
    lines += ["", f"Transcript ({transcript.model}, {transcript.speech_seconds:.1f} s of speech)"]
    if not transcript.segments:
        lines.append("  no speech found")
    for segment in transcript.segments:
        lines.append(f"  [{_clock(segment.start)} – {_clock(segment.end)}] {segment.text}")
    if report.quotes is not None:
        lines += ["", f"Printed quotes ({report.article})"] + _quote_lines(report.quotes)
    lines += ["", "Not checked yet: " + "; ".join(report.not_checked) + "."]
    return "\n".join(lines) + "\n"


_VERDICTS = {"verbatim": "verbatim", "faithful": "faithful (marked edits only)", "altered": "ALTERED",
             "not_found": "not found in the recording", "not_checked": "paraphrase, not checked"}
_MARKS = {"exact": "", "asr_uncertain": "?", "different": "≠", "omitted": "-", "inserted": "+", "censored": "*",
          "in_gap": "…"}


def _quote_lines(checks: list[QuoteCheck]) -> list[str]:
    """Each quote: speaker, verdict and why, where it was said, and the words that differ."""
    if not checks:
        return ["  the article prints no quotes"]
    lines = []
    for check in checks:
        who = check.speaker or "unattributed"
        how = f": {', '.join(check.how)}" if check.verdict == "altered" and check.how else ""
        lines.append(f"  “{check.printed}” — {who} · {_VERDICTS[check.verdict]}{how}")
        if check.start is not None and check.end is not None:
            lines.append(f"    heard [{_clock(check.start)} – {_clock(check.end)}] {check.heard}")
        marked = [_word(word) for word in check.words if word.status not in ("exact", "in_gap")]
        if marked:
            lines.append("    " + " · ".join(marked))
        if check.asr_doubt:
            lines.append("    a differing word was heard with low confidence: listen before calling it a misquote")
    lines.append("  ? ASR-uncertain  ≠ different  - said, not printed  + printed, not said  * censored")
    return lines


def _word(word: AlignedWord) -> str:
    at = f" @{_clock(word.start)}" if word.start is not None else ""
    return f"{_MARKS[word.status]}{word.printed or ''}/{word.heard or ''}{at}"


def _clock(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    hours, minutes = divmod(int(minutes), 60)
    return f"{hours}:{minutes:02d}:{rest:05.2f}" if hours else f"{minutes}:{rest:05.2f}"
