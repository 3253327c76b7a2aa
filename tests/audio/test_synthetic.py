"""The synthetic-voice indicator: committed weights, real vs espeak-ng fixtures, short clips, reasons, streaming."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from wav_files import write_wav

from veracity.audio.decode import SAMPLE_RATE, stream_pcm
from veracity.audio.synthetic import (
    MAX_WINDOWS,
    MODEL_DIR,
    NOTE,
    V1_FEATURES,
    extract_windows,
    load_detector,
    plan_windows,
    synthetic_voice_indicator,
    window_features,
)
from veracity.errors import AudioError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "audio"
REAL = FIXTURES / "clip.wav"  # LJSpeech LJ001-0001, first 4.3 s
SYNTHETIC = FIXTURES / "synthetic_espeak.flac"  # espeak-ng en-us, make_synthetic_fixture.py


def decoded(path: Path) -> np.ndarray:
    return np.concatenate(list(stream_pcm(path)))


def test_committed_weights_fit_the_features() -> None:
    detector = load_detector()
    features = window_features(decoded(REAL)[: 3 * SAMPLE_RATE])
    assert features is not None
    assert detector.coef.shape == detector.mean.shape == detector.scale.shape
    used = np.arange(len(features))[: len(detector.mean)] if detector.columns is None else detector.columns
    assert len(used) == len(detector.coef) and used.max() < len(features)  # it reads features we compute
    assert used[:V1_FEATURES].tolist() == list(range(V1_FEATURES))  # v2 = the v1 set and more
    assert detector.one_window_threshold is None or detector.threshold <= detector.one_window_threshold < 1.0
    assert 0.0 < detector.threshold < 1.0


@pytest.mark.integration
def test_espeak_scores_above_the_real_voice_and_both_are_probabilities() -> None:
    real = synthetic_voice_indicator(REAL)
    fake = synthetic_voice_indicator(SYNTHETIC)
    assert real.score is not None and fake.score is not None
    assert 0.0 <= real.score <= 1.0 and 0.0 <= fake.score <= 1.0
    assert fake.score > real.score
    assert fake.flagged and not real.flagged
    for window in real.windows + fake.windows:
        assert 0.0 <= window.score <= 1.0 and window.end - window.start <= 3.0 + 1e-6


@pytest.mark.integration
def test_report_carries_the_benchmarks_measured_figures_and_the_note() -> None:
    result = synthetic_voice_indicator(SYNTHETIC).to_dict()
    measured = json.loads((MODEL_DIR / "measured.json").read_text())
    assert result["measured"] == measured
    unseen = result["measured"]["eer_unseen_generator"]
    assert set(unseen) == {"espeak-ng", "diphone", "statistical-parametric", "piper-vits", "kokoro",
                           "world-resynth", "mean", "mean_old", "mean_neural"}
    assert {"eer_unseen_real_voices", "eer_in_domain", "aasist_baseline", "benchmark", "date", "short_clips",
            "unseen_generator_by_codec", "threshold_rule"} <= set(measured)
    assert set(measured["unseen_generator_by_codec"]["kokoro"]) == {"channel", "wav", "mp3-64", "mp3-128",
                                                                     "opus-32", "phone-8k"}
    assert measured["benchmark"].startswith("python benchmarks/synthetic_voice.py")
    assert set(result) == {"score", "threshold", "flagged", "windows", "model", "measured", "note"}
    assert result["note"] == NOTE and "not a verdict" in NOTE and "voice clones" in NOTE
    json.dumps(result)


def test_silence_gives_no_score_with_a_reason_true_of_it(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    silent = write_wav(tmp_path / "silence.wav", rng.normal(0, 1e-4, 8 * SAMPLE_RATE))
    result = synthetic_voice_indicator(silent).to_dict()
    assert result["score"] is None and result["flagged"] is False and result["windows"] == []
    assert result["reason"].startswith("no speech to score")
    assert "silent" in result["reason"] and "dBFS" in result["reason"]  # it is silent: -80 dBFS noise
    assert "3 stretches" in result["reason"]  # 8 s: windows at 0, 3 and 6 s, all silent


def test_a_two_second_clip_of_speech_gets_a_score(tmp_path: Path) -> None:
    """The issue's short clips: 2 s that are speech throughout are scored (a 1 s window is enough)."""
    two = write_wav(tmp_path / "two.wav", decoded(REAL)[int(0.3 * SAMPLE_RATE): int(2.3 * SAMPLE_RATE)])
    result = synthetic_voice_indicator(two)
    assert result.score is not None and result.reason is None
    assert [(w.start, round(w.end, 2)) for w in result.windows] == [(0.0, 2.0)]


def test_transcript_segments_split_at_pauses_are_joined(tmp_path: Path) -> None:
    """A transcript cuts a short clip at every pause; the pieces (each under a second here) are one stretch."""
    two = write_wav(tmp_path / "two.wav", decoded(REAL)[int(0.3 * SAMPLE_RATE): int(2.3 * SAMPLE_RATE)])
    result = synthetic_voice_indicator(two, speech=[(0.1, 0.8), (1.1, 1.9)])
    assert result.score is not None
    assert [(w.start, round(w.end, 2)) for w in result.windows] == [(0.0, 2.0)]


def test_noise_without_pitch_gives_the_voicing_reason(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    noise = write_wav(tmp_path / "noise.wav", rng.normal(0, 0.05, 2 * SAMPLE_RATE))
    result = synthetic_voice_indicator(noise)
    assert result.score is None and result.reason is not None and "voicing" in result.reason


def test_a_clip_shorter_than_a_window_gives_no_score_and_says_how_long_it_is(tmp_path: Path) -> None:
    short = write_wav(tmp_path / "short.wav", decoded(REAL)[: int(0.8 * SAMPLE_RATE)])
    result = synthetic_voice_indicator(short)
    assert result.score is None and not result.flagged
    assert result.reason is not None and "0.80 s long" in result.reason


def test_only_the_given_speech_is_scored() -> None:
    result = synthetic_voice_indicator(REAL, speech=[(0.5, 2.5)])
    assert [(w.start, w.end) for w in result.windows] == [(0.25, 2.75)]  # widened by SPAN_PAD_SECONDS
    empty = synthetic_voice_indicator(REAL, speech=[])
    assert empty.score is None and empty.reason is not None and "no speech in the recording" in empty.reason
    few = synthetic_voice_indicator(REAL, speech=[(1.0, 1.2)])
    assert few.score is None and few.reason is not None and "longest 0.70 s" in few.reason


def test_a_long_recording_is_sampled_in_at_most_fifty_windows() -> None:
    planned = plan_windows(2 * 3600.0, None)
    assert len(planned) == MAX_WINDOWS
    assert planned[0][0] == 0.0 and planned[-1][1] > 7190.0


def test_windows_cut_from_the_stream_equal_the_whole_decode(tmp_path: Path) -> None:
    """Windows that straddle stream_pcm's 30 s chunks hold exactly the samples of the full decode."""
    long = write_wav(tmp_path / "long.wav", np.tile(decoded(REAL), 17))  # 73 s: crosses two chunk edges
    whole = decoded(long)
    planned = [(1.0, 4.0), (28.5, 31.5), (59.0, 62.0), (71.0, 73.1)]
    for start, end, samples in extract_windows(long, planned):
        first = int(round(start * SAMPLE_RATE))
        assert np.array_equal(samples, whole[first:first + len(samples)])
        assert abs(len(samples) / SAMPLE_RATE - (min(end, len(whole) / SAMPLE_RATE) - start)) < 1e-3


def test_not_audio_is_an_audio_error() -> None:
    with pytest.raises(AudioError):
        synthetic_voice_indicator(FIXTURES / "not-audio.mp3")


def test_run_time_does_not_import_torch() -> None:
    code = ("import sys; from veracity.audio.synthetic import synthetic_voice_indicator as s; "
            f"s({str(REAL)!r}); print('torch' in sys.modules)")
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "False"


AASIST_WEIGHTS = Path(__file__).resolve().parents[3] / "shared" / "data" / "audio" / "aasist"


@pytest.mark.integration
@pytest.mark.parametrize("variant", ["AASIST", "AASIST-L"])
def test_the_aasist_baseline_loads_the_published_weights_strictly(variant: str) -> None:
    """The benchmark's baseline: our definition takes every tensor of the authors' checkpoint, shapes and all."""
    torch = pytest.importorskip("torch")
    if not (AASIST_WEIGHTS / f"{variant}.pth").is_file():
        pytest.skip("AASIST weights are in ../shared/data/audio/aasist")
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from aasist_model import load_aasist, spoof_scores

    model = load_aasist(AASIST_WEIGHTS / f"{variant}.pth")
    state = torch.load(AASIST_WEIGHTS / f"{variant}.pth", map_location="cpu", weights_only=True)
    assert set(model.state_dict()) == set(state)
    scores = spoof_scores(model, [decoded(REAL), decoded(SYNTHETIC)])
    assert np.all(np.isfinite(scores)) and scores[1] > scores[0]
