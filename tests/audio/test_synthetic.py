"""The synthetic-voice indicator: committed weights, real vs espeak-ng fixtures, silence, streaming, no torch."""

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
    assert detector.coef.shape == detector.mean.shape == detector.scale.shape == features.shape
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
    assert set(unseen) == {"espeak-ng", "diphone", "flite-clustergen", "festival-hts", "mean"}
    assert {"eer_unseen_real_voices", "eer_in_domain", "aasist_baseline", "benchmark", "date"} <= set(measured)
    assert measured["benchmark"].startswith("python benchmarks/synthetic_voice.py")
    assert set(result) == {"score", "threshold", "flagged", "windows", "model", "measured", "note"}
    assert result["note"] == NOTE and "neural voice clones" in NOTE
    json.dumps(result)


def test_silence_gives_no_score_with_a_reason(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    silent = write_wav(tmp_path / "silence.wav", rng.normal(0, 1e-4, 8 * SAMPLE_RATE))
    result = synthetic_voice_indicator(silent).to_dict()
    assert result["score"] is None and result["flagged"] is False and result["windows"] == []
    assert "no speech" in result["reason"]


def test_a_clip_shorter_than_a_window_gives_no_score(tmp_path: Path) -> None:
    short = write_wav(tmp_path / "short.wav", decoded(REAL)[: SAMPLE_RATE])
    result = synthetic_voice_indicator(short)
    assert result.score is None and not result.flagged and result.reason


def test_only_the_given_speech_is_scored() -> None:
    result = synthetic_voice_indicator(REAL, speech=[(0.5, 2.5)])
    assert [(w.start, w.end) for w in result.windows] == [(0.5, 2.5)]
    assert synthetic_voice_indicator(REAL, speech=[]).score is None


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
