"""Editing indicators on generated signals with known edits, and on the real fixture clips."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from wav_files import write_wav

from veracity.audio.decode import SAMPLE_RATE
from veracity.audio.discontinuity import ClickDetector, ZeroRunDetector
from veracity.audio.editing import EditingReport, editing_indicators, measure_editing
from veracity.audio.enf import EnfTracker
from veracity.audio.mp3frames import parse_header, scan_mp3
from veracity.audio.stretch_change import StretchChangeDetector
from veracity.errors import AudioError

pytestmark = pytest.mark.unit

AUDIO = Path(__file__).resolve().parents[1] / "fixtures" / "audio"
INDICATOR_KEYS = {"name", "flagged", "score", "threshold", "at_seconds", "false_alarm_rate", "detection_rate",
                  "measured_by", "detail", "note"}


def seconds(value: float) -> np.ndarray:
    return np.arange(int(value * SAMPLE_RATE)) / SAMPLE_RATE


def room(duration: float, seed: int = 0, hum: float | None = None, noise: float = 0.003) -> np.ndarray:
    """A steady 'recording': a soft tone with vibrato, a noise floor, and optionally 50/60 Hz mains hum."""
    rng = np.random.default_rng(seed)
    t = seconds(duration)
    signal = 0.2 * np.sin(2 * np.pi * 220 * t + 3 * np.sin(2 * np.pi * 0.5 * t)) + rng.normal(0, noise, len(t))
    if hum is not None:
        signal += 0.01 * np.sin(2 * np.pi * hum * t + 0.7)
    return signal


def by_name(report: EditingReport) -> dict[str, dict]:
    return {item["name"]: item for item in report.to_dict()["indicators"]}


def test_untouched_steady_recording_raises_no_flag(tmp_path: Path) -> None:
    report = editing_indicators(write_wav(tmp_path / "clean.wav", room(12.0)))
    assert report.flagged == []
    names = set(by_name(report))
    assert {"sample_discontinuity", "digital_silence", "noise_floor_change", "spectrum_change",
            "enf_presence", "enf_discontinuity"} <= names


def test_report_shape_is_plain_json_with_measured_rates(tmp_path: Path) -> None:
    result = editing_indicators(write_wav(tmp_path / "clean.wav", room(6.0))).to_dict()
    assert set(result) == {"indicators", "not_computed", "note"}
    assert result["note"].startswith("Indicators, not verdicts")
    json.dumps(result)
    for item in result["indicators"]:
        assert set(item) == INDICATOR_KEYS
        assert 0.0 <= item["false_alarm_rate"] <= 1.0
        assert item["measured_by"].startswith("benchmarks/splices.py")
        assert item["note"] and item["detail"]
    assert {"name": "mp3_frame_grid", "reason": "not an MP3 file"} in result["not_computed"]


def test_hard_cut_in_a_tone_is_a_sample_discontinuity_at_the_cut(tmp_path: Path) -> None:
    signal = room(10.0, noise=0.0005)
    untouched = by_name(editing_indicators(write_wav(tmp_path / "tone.wav", signal)))["sample_discontinuity"]
    assert not untouched["flagged"]
    # Remove about 0.3 s, choosing the length so the tone resumes at the opposite extreme: a step of ~0.4.
    cut_at = int(4.0 * SAMPLE_RATE)
    removed = max(range(4_800, 4_900), key=lambda length: abs(signal[cut_at - 1] - signal[cut_at + length]))
    edited = np.concatenate([signal[:cut_at], signal[cut_at + removed:]])
    found = by_name(editing_indicators(write_wav(tmp_path / "cut.wav", edited)))["sample_discontinuity"]
    assert found["flagged"]
    assert any(abs(t - 4.0) < 0.02 for t in found["at_seconds"])


def test_inserted_digital_silence_is_found_where_it_was_pasted(tmp_path: Path) -> None:
    signal = room(10.0)
    at = int(5.0 * SAMPLE_RATE)
    edited = np.concatenate([signal[:at], np.zeros(SAMPLE_RATE // 2), signal[at:]])
    found = by_name(editing_indicators(write_wav(tmp_path / "zeros.wav", edited)))["digital_silence"]
    assert found["flagged"]
    assert found["score"] == pytest.approx(0.5, abs=0.01)
    assert found["at_seconds"][0] == pytest.approx(5.0, abs=0.01)


def test_leading_and_trailing_zeros_are_not_pasted_silence(tmp_path: Path) -> None:
    padded = np.concatenate([np.zeros(SAMPLE_RATE), room(8.0), np.zeros(SAMPLE_RATE)])
    found = by_name(editing_indicators(write_wav(tmp_path / "padded.wav", padded)))["digital_silence"]
    assert not found["flagged"] and found["score"] == 0.0


@pytest.mark.parametrize("mains", [50.0, 60.0])
def test_mains_hum_is_found_and_a_cut_makes_its_phase_jump(tmp_path: Path, mains: float) -> None:
    signal = room(24.0, hum=mains)
    untouched = by_name(editing_indicators(write_wav(tmp_path / "hum.wav", signal)))
    assert untouched["enf_presence"]["flagged"]
    assert f"{mains:g} Hz grid" in untouched["enf_presence"]["detail"]
    assert not untouched["enf_discontinuity"]["flagged"]
    # A removed stretch of 1.01 s (50 Hz) or 1.0083 s (60 Hz): the hum resumes half a cycle out of phase.
    removed = int((1.0 + 0.5 / mains) * SAMPLE_RATE)
    cut_at = int(11.0 * SAMPLE_RATE)
    # A 20 ms crossfade, so the click detector has nothing to see: only the hum's phase tells.
    fade = np.linspace(0, 1, 320)
    before, after = signal[:cut_at], signal[cut_at + removed:]
    edited = np.concatenate([before[:-320], before[-320:] * (1 - fade) + after[:320] * fade, after[320:]])
    jumped = by_name(editing_indicators(write_wav(tmp_path / "hum-cut.wav", edited)))["enf_discontinuity"]
    assert jumped["flagged"]
    assert jumped["score"] > 2.5  # about π
    assert any(abs(t - 11.0) < 1.0 for t in jumped["at_seconds"])


def test_background_from_another_room_is_a_noise_floor_change(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    quiet, noisy = room(6.0, seed=1), room(6.0, seed=2) + rng.normal(0, 0.05, 6 * SAMPLE_RATE)
    found = by_name(editing_indicators(write_wav(tmp_path / "rooms.wav", np.concatenate([quiet, noisy]))))
    assert found["noise_floor_change"]["flagged"]
    assert any(abs(t - 6.0) < 0.5 for t in found["noise_floor_change"]["at_seconds"])


def test_silence_only_is_handled_without_flags(tmp_path: Path) -> None:
    report = editing_indicators(write_wav(tmp_path / "silence.wav", np.zeros(5 * SAMPLE_RATE)))
    assert report.flagged == []
    assert "no noise floor" in by_name(report)["digital_silence"]["detail"]


def test_very_short_recording_says_what_could_not_be_computed(tmp_path: Path) -> None:
    report = editing_indicators(write_wav(tmp_path / "short.wav", room(0.5)))
    skipped = {item["name"] for item in report.to_dict()["not_computed"]}
    assert {"enf", "stretch_change", "reverberation_change", "mp3_double_compression"} <= skipped
    assert {"sample_discontinuity", "digital_silence"} <= set(by_name(report))


def test_music_like_tones_give_finite_scores(tmp_path: Path) -> None:
    t = seconds(0.5)
    envelope = np.sin(np.pi * t / 0.5) ** 2
    notes = [sum(0.1 * np.sin(2 * np.pi * f * k * t) for k in (1, 2, 3)) * envelope
             for f in (262, 330, 392, 523, 440, 349, 294, 247) * 3]
    report = editing_indicators(write_wav(tmp_path / "tones.wav", np.concatenate(notes)))
    assert all(np.isfinite(item["score"]) for item in report.to_dict()["indicators"])
    assert not by_name(report)["digital_silence"]["flagged"]


def test_detectors_give_the_same_answer_whatever_the_block_size() -> None:
    signal = room(14.0, hum=50.0)
    signal[int(3.3 * SAMPLE_RATE): int(3.8 * SAMPLE_RATE)] = 0.0
    signal[int(9.0 * SAMPLE_RATE)] += 0.5

    def run(block: int) -> tuple:
        detectors = ClickDetector(), ZeroRunDetector(), StretchChangeDetector(), EnfTracker()
        for start in range(0, len(signal), block):
            for detector in detectors:
                detector.feed(signal[start: start + block].astype(np.float32))
        return tuple(detector.result() for detector in detectors)

    whole, pieces = run(len(signal)), run(7_777)
    assert pieces[0].score == pytest.approx(whole[0].score)
    assert pieces[0].places[0][1] == pytest.approx(9.0, abs=0.001)
    assert pieces[1] == whole[1]
    assert pieces[1].longest_seconds == pytest.approx(0.5, abs=0.001)
    assert pieces[2].floor_db == pytest.approx(whole[2].floor_db, abs=1e-3)
    assert pieces[3].presence_db == pytest.approx(whole[3].presence_db, abs=0.5)
    assert pieces[3].jump_radians == pytest.approx(whole[3].jump_radians, abs=0.05)


@pytest.mark.parametrize("name", ["clip.wav", "clip.mp3", "clip.ogg", "clip.flac", "clip.m4a"])
def test_fixture_clips_in_every_format_are_measured(name: str) -> None:
    measured = measure_editing(AUDIO / name)
    assert measured.seconds == pytest.approx(4.3, abs=0.05)
    assert measured.zeros.longest_seconds < 0.05  # lossy codecs may round a pause to zero, not half a second
    report = editing_indicators(AUDIO / name).to_dict()
    assert report["indicators"]


def test_fixture_mp3_has_an_unbroken_frame_grid() -> None:
    grid = by_name(editing_indicators(AUDIO / "clip.mp3"))["mp3_frame_grid"]
    assert not grid["flagged"] and grid["score"] == 0.0
    scan = scan_mp3(AUDIO / "clip.mp3")
    assert scan.seconds == pytest.approx(4.3, abs=0.15)


def test_two_mp3_files_joined_bytewise_show_a_second_encoder_header(tmp_path: Path) -> None:
    clip = (AUDIO / "clip.mp3").read_bytes()
    joined = tmp_path / "joined.mp3"
    joined.write_bytes(clip + clip)
    grid = by_name(editing_indicators(joined))["mp3_frame_grid"]
    assert grid["flagged"]
    assert any(abs(t - 4.4) < 0.2 for t in grid["at_seconds"])
    assert "encoder_header" in grid["detail"] or "id3_inside" in grid["detail"]


def test_an_mp3_cut_at_an_arbitrary_byte_breaks_the_grid(tmp_path: Path) -> None:
    clip = (AUDIO / "clip.mp3").read_bytes()
    cut = tmp_path / "cut.mp3"
    cut.write_bytes(clip[:9_001] + clip[12_345:])
    scan = scan_mp3(cut)
    assert [event.kind for event in scan.events] == ["grid_break"]


def test_header_parsing() -> None:
    header = parse_header(bytes([0xFF, 0xFB, 0x90, 0x64]))  # MPEG-1 layer III, 128 kbps, 44.1 kHz
    assert header is not None
    assert (header.bitrate_kbps, header.sample_rate, header.length, header.samples) == (128, 44100, 417, 1152)
    assert parse_header(b"RIFF") is None
    assert parse_header(bytes([0xFF, 0xFB, 0xF0, 0x00])) is None  # bit-rate index 15 is invalid


def test_a_truncated_or_empty_file_is_an_audio_error() -> None:
    with pytest.raises(AudioError):
        editing_indicators(AUDIO / "truncated.mp3")
    with pytest.raises(AudioError):
        editing_indicators(AUDIO / "empty.wav")
    with pytest.raises(AudioError):
        editing_indicators(AUDIO / "not-audio.mp3")
