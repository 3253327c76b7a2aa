"""The reverberation-change detector on real speech (the LJSpeech fixture clip) put in synthetic rooms."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy.signal import fftconvolve

from veracity.audio.decode import SAMPLE_RATE, stream_pcm
from veracity.audio.reverberation import (
    CALIBRATION_FILE,
    CELL_FRAMES,
    CONTEXT_FRAMES,
    LOOKAHEAD_FRAMES,
    ReverbChangeDetector,
    ReverbResult,
    indicator_fields,
    load_calibration,
)

pytestmark = pytest.mark.unit

CLIP = Path(__file__).resolve().parents[1] / "fixtures" / "audio" / "clip.flac"
INDICATOR_KEYS = {"score", "flagged", "threshold", "at_seconds", "false_alarm_rate", "detection_rate",
                  "measured_by", "detail", "note"}


@pytest.fixture(scope="module")
def speech() -> np.ndarray:
    """13 s of real speech: the 4.3 s fixture clip three times over."""
    clip = np.concatenate(list(stream_pcm(CLIP))).astype(np.float64)
    return np.tile(clip, 3)


def room(samples: np.ndarray, rt60: float, seed: int = 0) -> np.ndarray:
    """``samples`` in a synthetic room: a direct path, then noise falling 60 dB in ``rt60`` s; level kept."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(1.2 * rt60 * SAMPLE_RATE)) / SAMPLE_RATE
    response = rng.normal(0, 1, len(t)) * np.exp(-6.9078 * t / rt60)
    response[:48] = 0.0
    response[0] = np.sqrt(np.sum(response**2) * 10 ** (4 / 10))  # direct-to-reverberant ratio 4 dB
    wet = fftconvolve(samples, response)[: len(samples)]
    return wet * np.std(samples) / np.std(wet)


def second_half_in_room(samples: np.ndarray, rt60: float) -> np.ndarray:
    middle = len(samples) // 2
    return np.concatenate([samples[:middle], room(samples, rt60)[middle:]])


def detect(samples: np.ndarray, block: int = 16_000) -> ReverbResult:
    detector = ReverbChangeDetector()
    for start in range(0, len(samples), block):
        detector.feed(samples[start: start + block].astype(np.float32))
    return detector.result()


def test_a_second_half_in_a_room_scores_above_the_dry_and_the_uniformly_reverberant_recording(
        speech: np.ndarray) -> None:
    dry = detect(speech)
    uniform = detect(room(speech, 0.6))
    spliced = detect(second_half_in_room(speech, 0.6))
    assert spliced.points > 0 and dry.points > 0 and uniform.points > 0
    assert spliced.score > 2 * dry.score
    assert spliced.score > 2 * uniform.score
    assert spliced.sides is not None
    before, after = spliced.sides
    assert after.asymmetry > before.asymmetry  # the room slows the falls, not the rises
    assert after.fall_db_per_second < before.fall_db_per_second


def test_the_change_is_placed_near_where_the_room_changes(speech: np.ndarray) -> None:
    spliced = detect(second_half_in_room(speech, 0.6))
    middle = len(speech) / 2 / SAMPLE_RATE
    assert abs(spliced.places[0][1] - middle) <= 1.0


def test_the_rough_rt60_estimate_grows_with_the_room(speech: np.ndarray) -> None:
    dry, small, large = detect(speech), detect(room(speech, 0.4)), detect(room(speech, 1.0))
    assert dry.rt60_seconds is not None and small.rt60_seconds is not None and large.rt60_seconds is not None
    assert dry.rt60_seconds < small.rt60_seconds < large.rt60_seconds


def test_block_size_does_not_change_the_result(speech: np.ndarray) -> None:
    samples = second_half_in_room(speech, 0.6)
    whole, small_blocks = detect(samples, block=len(samples)), detect(samples, block=777)
    assert small_blocks.score == pytest.approx(whole.score, abs=1e-4)
    assert small_blocks.places[0][1] == whole.places[0][1]
    assert small_blocks.rt60_seconds == whole.rt60_seconds


@pytest.mark.parametrize("samples", [np.zeros(0), np.zeros(SAMPLE_RATE * 2), np.zeros(SAMPLE_RATE * 10),
                                     np.random.default_rng(0).normal(0, 0.01, SAMPLE_RATE * 2)],
                         ids=["empty", "two_seconds_of_zeros", "ten_seconds_of_zeros", "two_seconds_of_noise"])
def test_silence_and_short_input_say_too_short(samples: np.ndarray) -> None:
    result = detect(samples)
    assert result.too_short and result.points == 0
    assert result.score == 0.0 and result.places == [] and result.sides is None
    fields = indicator_fields(result)
    assert fields["flagged"] is False and fields["at_seconds"] == []


def test_memory_stays_bounded_whatever_the_length() -> None:
    detector = ReverbChangeDetector()
    rng = np.random.default_rng(1)
    for _ in range(120):  # two minutes of noise bursts, one second at a time
        burst = rng.normal(0, 0.1, SAMPLE_RATE) * (np.arange(SAMPLE_RATE) % 4000 < 2000)
        detector.feed(burst.astype(np.float32))
        assert len(detector._frames) <= CONTEXT_FRAMES + 2 * CELL_FRAMES + LOOKAHEAD_FRAMES + 10
    assert detector.result().points > 200


def test_indicator_fields_carry_the_measured_rates(speech: np.ndarray) -> None:
    calibration = load_calibration()
    assert CALIBRATION_FILE.is_file()
    assert 0.0 <= calibration["false_alarm_rate"] <= 1.0 and 0.0 <= calibration["detection_rate"] <= 1.0
    spliced = indicator_fields(detect(second_half_in_room(speech, 0.6)), calibration)
    dry = indicator_fields(detect(speech), calibration)
    assert set(spliced) == set(dry) == INDICATOR_KEYS
    assert spliced["flagged"] and not dry["flagged"]
    assert spliced["at_seconds"] and dry["at_seconds"] == []
    assert spliced["measured_by"].startswith("benchmarks/reverberation.py: ")
    assert "another room" in spliced["note"] and "rt60" in spliced["detail"].lower()
