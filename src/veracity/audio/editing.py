"""Editing indicators: signs that a recording was cut, joined or padded, each with its measured error rates.

One decoding pass (16 kHz mono, streamed) feeds every detector at once: the mains hum (``enf``), sample-level
splices and digital zeros (``discontinuity``), changes of noise floor and colour between stretches
(``stretch_change``) and of reverberation (``reverberation``, calibrated by ``benchmarks/reverberation.py``);
an MP3's bytes are walked separately for frame-grid breaks (``mp3frames``), and parts of
it are re-encoded to see whether it was encoded twice (``mp3_recompression``). Each score
is compared with the threshold that ``benchmarks/splices.py`` chose on its tuning speakers, and shown with the
false-alarm and detection rates it measured on other speakers (``editing_calibration``). A flag is a reason to
listen closely at that moment, never proof of editing; no flag is not proof of an untouched recording.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from veracity.audio.decode import SAMPLE_RATE, open_audio, stream_pcm
from veracity.audio.discontinuity import ClickDetector, ClickResult, ZeroResult, ZeroRunDetector
from veracity.audio.editing_calibration import CALIBRATION
from veracity.audio.enf import EnfResult, EnfTracker
from veracity.audio.mp3_recompression import NotMeasurable, Recompression, measure_recompression
from veracity.audio.mp3frames import FrameScan, scan_mp3
from veracity.audio.reverberation import NOT_COMPUTED_REASON as REVERB_NOT_COMPUTED
from veracity.audio.reverberation import ReverbChangeDetector, ReverbResult
from veracity.audio.reverberation import indicator_fields as reverb_indicator_fields
from veracity.audio.stretch_change import ChangeResult, StretchChangeDetector, places_at_or_above

REPORT_NOTE = ("Indicators, not verdicts: each flag marks a moment worth listening to closely, with the rate at "
               "which it fires on recordings nobody edited. Editing leaves no trace a careful editor cannot avoid, "
               "and ordinary recording (a noise gate, a recorder paused and resumed, a change of room) can raise "
               "a flag; an absent flag is not proof the recording is untouched.")
# A recording whose quietest stretches sit below this has no noise floor (synthesised or gated audio): exact
# zeros inside it are normal, not pasted in.
NO_FLOOR_DBFS = -90.0
MP3_FORMATS = {"mp3"}
# The hum's phase is followed only where it stands this far above its surroundings: a fainter hum's phase
# wanders with the noise (on the benchmark's tuning half, faint real hum raised most false phase jumps).
ENF_TRACKABLE_DB = 20.0
# An indicator whose measured detection rate is under twice its false-alarm rate says so in its note.
WEAK_SEPARATION = 2.0


# Plain names for the indicators' ids (and the checks a report lists as not computed), for pages people read.
INDICATOR_TITLES = {
    "enf_presence": "Mains hum (ENF) present", "enf_discontinuity": "Mains hum (ENF) jump",
    "sample_discontinuity": "Sample jump (splice)", "digital_silence": "Digital silence",
    "noise_floor_change": "Background noise change", "spectrum_change": "Sound colour change",
    "reverberation_change": "Room echo (reverberation) change", "mp3_frame_grid": "MP3 frame break",
    "mp3_double_compression": "MP3 encoded twice", "enf": "Mains hum (ENF) checks",
    "stretch_change": "Background noise and sound colour changes",
}


@dataclass(frozen=True)
class Indicator:
    """One measured sign of editing, with the threshold used and its measured error rates."""

    name: str
    flagged: bool
    score: float
    threshold: float
    at_seconds: list[float]
    false_alarm_rate: float
    detection_rate: float | None
    measured_by: str
    detail: str
    note: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class EditingMeasurements:
    """The raw detector outputs, before thresholds: what the benchmark scores."""

    seconds: float
    enf: EnfResult | None
    clicks: ClickResult
    zeros: ZeroResult
    change: ChangeResult
    mp3: FrameScan | None
    reverb: ReverbResult
    recompression: Recompression | None = None
    recompression_unmeasured: str = "not an MP3 file"  # why ``recompression`` is None


@dataclass(frozen=True)
class EditingReport:
    indicators: list[Indicator]
    not_computed: list[dict[str, str]] = field(default_factory=list)
    note: str = REPORT_NOTE

    def to_dict(self) -> dict[str, Any]:
        return {"indicators": [indicator.to_dict() for indicator in self.indicators],
                "not_computed": list(self.not_computed), "note": self.note}

    @property
    def flagged(self) -> list[Indicator]:
        return [indicator for indicator in self.indicators if indicator.flagged]


def measure_editing(path: str | Path) -> EditingMeasurements:
    """Run every detector over the recording in one streamed pass (and one byte walk for an MP3)."""
    with open_audio(path) as container:
        is_mp3 = container.format.name in MP3_FORMATS
    enf, clicks, zeros, change = EnfTracker(), ClickDetector(), ZeroRunDetector(), StretchChangeDetector()
    reverb = ReverbChangeDetector()
    total = 0
    for block in stream_pcm(path):
        total += len(block)
        for detector in (enf, clicks, zeros, change, reverb):
            detector.feed(block)
    recompression, unmeasured = None, "not an MP3 file"
    if is_mp3:
        try:
            recompression = measure_recompression(path)
        except NotMeasurable as reason:
            unmeasured = str(reason)
    return EditingMeasurements(seconds=total / SAMPLE_RATE, enf=enf.result(), clicks=clicks.result(),
                               zeros=zeros.result(), change=change.result(), mp3=scan_mp3(path) if is_mp3 else None,
                               reverb=reverb.result(), recompression=recompression, recompression_unmeasured=unmeasured)


def editing_indicators(path: str | Path) -> EditingReport:
    """Editing indicators for the recording at ``path``; raises ``AudioError`` where it cannot be decoded."""
    return judge(measure_editing(path))


def judge(measured: EditingMeasurements) -> EditingReport:
    """Compare each measurement with its calibrated threshold."""
    indicators: list[Indicator] = []
    not_computed: list[dict[str, str]] = []
    if measured.enf is None:
        not_computed.append({"name": "enf", "reason": "the recording is shorter than four seconds, too short to "
                                                      "separate a mains hum from other low sounds"})
    else:
        indicators.extend(_enf_indicators(measured.enf))
    indicators.append(_click_indicator(measured.clicks))
    indicators.append(_zero_indicator(measured.zeros))
    if measured.change.points == 0:
        not_computed.append({"name": "stretch_change", "reason": "the recording is shorter than four seconds: "
                                                                 "there are no two adjacent two-second stretches"})
    else:
        indicators.extend(_change_indicators(measured.change))
    if measured.reverb.too_short:
        not_computed.append({"name": "reverberation_change", "reason": REVERB_NOT_COMPUTED})
    else:
        indicators.append(Indicator(name="reverberation_change", **reverb_indicator_fields(measured.reverb)))
    if measured.mp3 is None:
        not_computed.append({"name": "mp3_frame_grid", "reason": "not an MP3 file"})
    else:
        indicators.append(_grid_indicator(measured.mp3))
    if measured.recompression is None:
        not_computed.append({"name": "mp3_double_compression", "reason": measured.recompression_unmeasured
                             + "; the cue re-encodes a constant-bit-rate MP3 at its own bit rate (a recording that "
                             "was an MP3 before it became another format shows in the bandwidth check instead)"})
    else:
        indicators.append(_recompression_indicator(measured.recompression))
    return EditingReport(indicators=indicators, not_computed=not_computed)


def _indicator(name: str, score: float, flagged: bool, at: list[float], detail: str, note: str) -> Indicator:
    table = CALIBRATION["indicators"][name]
    detection, false_alarms = table["detection_rate"], table["false_alarm_rate"]
    if detection is not None and detection < WEAK_SEPARATION * false_alarms + 0.05:
        note += (f" On the benchmark it barely tells edited recordings from untouched ones (caught {detection:.0%} "
                 f"of its edits, fired on {false_alarms:.0%} of untouched recordings): weigh it accordingly.")
    return Indicator(name=name, flagged=bool(flagged), score=round(float(score), 4), threshold=table["threshold"],
                     at_seconds=at if flagged else [], false_alarm_rate=table["false_alarm_rate"],
                     detection_rate=table["detection_rate"],
                     measured_by=f"benchmarks/splices.py: {table['measured_on']}", detail=detail, note=note)


def _threshold(name: str) -> float:
    return float(CALIBRATION["indicators"][name]["threshold"])


def _enf_indicators(enf: EnfResult) -> list[Indicator]:
    present = enf.presence_db >= _threshold("enf_presence")
    if present:
        heard = (f"mains hum at {enf.component_hz:g} Hz ({enf.nominal_hz:g} Hz grid) stands "
                 f"{enf.presence_db:.1f} dB above its surroundings; mean frequency {enf.frequency_hz:.3f} Hz")
    else:
        heard = (f"no mains hum: the strongest candidate ({enf.component_hz:g} Hz) stands only "
                 f"{enf.presence_db:.1f} dB above its surroundings")
    presence = _indicator("enf_presence", enf.presence_db, present, [], heard,
                          "Hum from mains wiring; its presence is not a sign of editing, but where it is present its "
                          "phase can be followed through the recording (next indicator).")
    if enf.presence_db >= ENF_TRACKABLE_DB:
        jumped = enf.jump_sigmas >= _threshold("enf_discontinuity")
        detail = (f"largest jump of the hum's phase beyond its drift: {enf.jump_radians:.2f} rad, "
                  f"{enf.jump_sigmas:.1f} times the phase noise expected at this hum's strength, over "
                  f"{enf.track_seconds:.0f} s of track")
        score = enf.jump_sigmas
    else:
        jumped, score = False, 0.0
        detail = (f"not followed: no mains hum stands {ENF_TRACKABLE_DB:g} dB above its surroundings, so this says "
                  "nothing either way")
    jump = _indicator("enf_discontinuity", score, jumped, enf.jumps_at, detail,
                      "A cut or a join in a recording with mains hum makes the hum's phase jump; so can a recorder "
                      "paused and resumed, or a strong low sound at the mains frequency.")
    return [presence, jump]


def _click_indicator(clicks: ClickResult) -> Indicator:
    threshold = _threshold("sample_discontinuity")
    flagged = clicks.score >= threshold
    return _indicator("sample_discontinuity", clicks.score, flagged, clicks.at(threshold)[:5],
                      f"largest unpredictable jump in the waveform: {clicks.score:.1f} times the prediction error "
                      "expected there (its own 20 ms and the recording's typical error together)",
                      "Two waveforms butted together without a crossfade leave a click. Plosives, clipping, "
                      "dropouts and digital glitches can do the same; a crossfaded edit leaves none.")


def _zero_indicator(zeros: ZeroResult) -> Indicator:
    has_floor = zeros.floor_dbfs > NO_FLOOR_DBFS
    flagged = has_floor and zeros.longest_seconds >= _threshold("digital_silence")
    if has_floor:
        detail = (f"longest run of exact zeros inside the recording: {zeros.longest_seconds:.3f} s; the recording's "
                  f"noise floor elsewhere is about {zeros.floor_dbfs:.0f} dBFS")
    else:
        detail = (f"the recording has no noise floor (quietest stretches at {zeros.floor_dbfs:.0f} dBFS): exact "
                  "zeros are normal in it, so they are not counted")
    return _indicator("digital_silence", zeros.longest_seconds, flagged, zeros.at[:5], detail,
                      "A microphone never records exact zeros; an editor's inserted silence is often exactly that. "
                      "Noise gates and some recorder apps also write zeros in pauses.")


def _change_indicators(change: ChangeResult) -> list[Indicator]:
    floor_threshold, colour_threshold = _threshold("noise_floor_change"), _threshold("spectrum_change")
    floor, colour = change.floor_db >= floor_threshold, change.colour_db >= colour_threshold
    return [
        _indicator("noise_floor_change", change.floor_db, floor,
                   places_at_or_above(change.floor_places, floor_threshold)[:3],
                   f"largest change of the background level between adjacent two-second stretches: "
                   f"{change.floor_db:.1f} dB (median over 24 bands)",
                   "A stretch pasted in from another take or room brings its own background. A door closing, "
                   "an air conditioner starting or a moved microphone change it as well."),
        _indicator("spectrum_change", change.colour_db, colour,
                   places_at_or_above(change.colour_places, colour_threshold)[:3],
                   f"largest change of the speech's spectral colour between adjacent two-second stretches: "
                   f"{change.colour_db:.1f} dB (mean over 24 bands)",
                   "Another microphone, room or speaker changes the colour; so does a speaker turning away or a "
                   "new voice joining. Reverberation is measured on its own (reverberation_change)."),
    ]


def _grid_indicator(scan: FrameScan) -> Indicator:
    count = len(scan.events)
    flagged = count >= _threshold("mp3_frame_grid")
    kinds = sorted({event.kind for event in scan.events})
    detail = (f"{scan.frames} frames walked ({scan.seconds:.1f} s); "
              + (f"{count} break(s) of the frame chain: {', '.join(kinds)}" if count else "the chain is unbroken"))
    return _indicator("mp3_frame_grid", float(count), flagged, [round(e.seconds, 2) for e in scan.events][:10],
                      detail, "MP3 files joined or cut byte-wise leave a broken frame chain or a second encoder header "
                      "mid-file. A recording re-encoded after editing has a clean chain, so a clean chain proves "
                      "nothing; streaming captures and some players' repairs can also break it.")


def _recompression_indicator(measured: Recompression) -> Indicator:
    flagged = measured.score >= _threshold("mp3_double_compression")
    detail = (f"re-encoding {measured.seconds:.0f} s of the file at its own {measured.bit_rate_kbps} kb/s on its "
              f"frame grid repeated the quantiser step of {measured.reproduced:.0%} of {measured.granules} "
              f"granules (the encoder's 576-sample blocks); re-encoding that re-encoding repeated "
              f"{measured.reproduced_again:.0%} "
              f"(score {measured.score:+.3f}: the first share minus the second)")
    return _indicator("mp3_double_compression", measured.score, flagged, [], detail,
                      "Each pass through an MP3 encoder changes the audio less: a file decoded (perhaps edited) "
                      "and encoded again reproduces itself on re-encoding about as well as a re-encoding does. "
                      "The re-encoder is LAME: a file another encoder made re-encodes less faithfully either way, "
                      "so the cue mostly misses there. Double compression is not editing: a file converted once "
                      "more (another bit rate, a messaging app) scores like an edited one.")
