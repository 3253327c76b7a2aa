"""A recording report as JSON (the contract), as text for a terminal, or as one self-contained HTML page."""

from __future__ import annotations

import json
from typing import Any

from veracity.audio.listen import RecordingReport
from veracity.audio.quote_check import AlignedWord, QuoteCheck
from veracity.errors import ConfigError

FORMATS = ("json", "text", "html")


def render_recording(report: RecordingReport, fmt: str) -> str:
    """The report in ``fmt``, one of ``FORMATS``."""
    if fmt == "json":
        return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "text":
        return render_text(report)
    if fmt == "html":
        from veracity.report.recording_html import render_recording_html

        return render_recording_html(report.to_dict(), audio_path=report.source)
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
    recording = _sections(report)
    lines += _provenance_lines(recording.get("provenance")) + _bandwidth_lines(recording.get("bandwidth"))
    transcript = report.transcript
    voices = report.speakers.segment_speakers if report.speakers else []
    heard_by = f", {len(report.speakers.speakers)} voice(s)" if report.speakers else ""
    lines += ["", f"Transcript ({transcript.model}, {transcript.speech_seconds:.1f} s of speech{heard_by})"]
    if not transcript.segments:
        lines.append("  no speech found")
    for index, segment in enumerate(transcript.segments):
        voice = f"{voices[index]}: " if index < len(voices) and voices[index] else ""
        lines.append(f"  [{_clock(segment.start)} – {_clock(segment.end)}] {voice}{segment.text}")
    if report.quotes is not None:
        lines += ["", f"Printed quotes ({report.article})"] + _quote_lines(report.quotes)
    lines += _indicator_lines(recording)
    if report.not_checked:
        lines += ["", "Not checked: " + "; ".join(report.not_checked) + "."]
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


def _sections(report: RecordingReport) -> dict[str, Any]:
    """The examinations' sections as the JSON report holds them, without serialising the whole transcript."""
    sections = {"provenance": report.provenance, "bandwidth": report.bandwidth,
                "synthetic_voice": report.synthetic_voice, "editing": report.editing}
    return {name: section.to_dict() for name, section in sections.items() if section is not None}


def _provenance_lines(provenance: dict[str, Any] | None) -> list[str]:
    """Content credentials: their state, who signed, whether the user's trust list admits the signer."""
    if provenance is None:
        return []
    state = provenance["state"]
    signer = f" · signed by {provenance['signer']}" if provenance.get("signer") else ""
    trusted = {True: " · signer on your trust list", False: " · signer NOT on your trust list",
               None: " · no trust list given"}[provenance.get("trusted")]
    lines = [f"  content credentials (C2PA): {state}{signer}{trusted if state != 'absent' else ''}"]
    lines += [f"    {error['code']}: {error['explanation']}" for error in provenance.get("validation_errors", [])]
    return lines + [f"    {provenance['note']}"]


def _bandwidth_lines(bandwidth: dict[str, Any] | None) -> list[str]:
    """Where the audio's spectrum ends, what the container leads one to expect, and what differs."""
    if bandwidth is None:
        return []
    measured = bandwidth.get("measured_cutoff_hz")
    expected = bandwidth.get("expected_cutoff_hz")
    line = f"  bandwidth: {f'{measured / 1000:.1f} kHz' if measured else 'no signal to measure'}"
    if expected:
        line += f" (expected about {expected / 1000:.1f} kHz)"
    return [line] + [f"    {finding['kind']}: {finding['detail']}" for finding in bandwidth.get("findings", [])]


def _indicator_lines(recording: dict[str, Any]) -> list[str]:
    """The synthetic-voice and editing indicators, each with the error rate our benchmarks measured."""
    lines: list[str] = []
    synthetic = recording.get("synthetic_voice")
    if synthetic is not None:
        unseen = (synthetic.get("measured") or {}).get("eer_unseen_generator") or {}
        eer = f" · EER on synthesisers it never saw {unseen['mean']:.0%}" if "mean" in unseen else ""
        score = "no speech to score" if synthetic.get("score") is None else \
            f"score {synthetic['score']:.2f} (threshold {synthetic['threshold']:.2f})" + \
            (" · FLAGGED" if synthetic.get("flagged") else "")
        lines += [f"  synthetic voice: {score}{eer}", f"    {synthetic['note']}"]
    editing = recording.get("editing")
    if editing is not None:
        for indicator in editing.get("indicators", []):
            flag = "FLAGGED" if indicator.get("flagged") else "not flagged"
            where = ", ".join(_clock(at) for at in indicator.get("at_seconds", [])[:5])
            rate = indicator.get("false_alarm_rate")
            alarms = f" · false alarms {rate:.0%} on unedited recordings" if rate is not None else ""
            lines.append(f"  {indicator['name']}: {flag}{f' at {where}' if where and indicator.get('flagged') else ''}"
                         f"{alarms}")
        lines.append(f"    {editing['note']}")
    return ["", "Indicators (not verdicts)"] + lines if lines else []


def _word(word: AlignedWord) -> str:
    at = f" @{_clock(word.start)}" if word.start is not None else ""
    return f"{_MARKS[word.status]}{word.printed or ''}/{word.heard or ''}{at}"


def _clock(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    hours, minutes = divmod(int(minutes), 60)
    return f"{hours}:{minutes:02d}:{rest:05.2f}" if hours else f"{minutes}:{rest:05.2f}"
