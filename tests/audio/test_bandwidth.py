"""Declared versus actual bandwidth on small files generated here with PyAV (noise with known walls).

Broadband noise makes the walls unambiguous: a genuine full-band file, the same noise through an MP3 encoder,
decoded to WAV, re-encoded at a higher bit rate, and upsampled from 8 kHz. Each test file is a few seconds.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from veracity.audio.bandwidth import MAX_SECONDS, check_bandwidth, expected_cutoff
from veracity.audio.container import ContainerInfo, read_container
from veracity.errors import AudioError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "audio"


def noise(seconds: float, rate: int, seed: int = 0) -> np.ndarray:
    """Broadband noise under a 300 Hz tone, as float32 in [-1, 1]: energy up to Nyquist."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * rate)) / rate
    return (0.1 * rng.standard_normal(len(t)) + 0.3 * np.sin(2 * np.pi * 300 * t)).clip(-1, 1).astype(np.float32)


def write(path: Path, samples: np.ndarray, rate: int, codec: str = "pcm_s16le", out_rate: int | None = None,
          bit_rate: int | None = None, layout: str = "mono") -> Path:
    """Encode mono float samples with PyAV (resampling to ``out_rate`` and ``layout`` on the way)."""
    out_rate = out_rate or rate
    with av.open(str(path), "w") as container:
        stream = container.add_stream(codec, rate=out_rate, layout=layout)
        if bit_rate:
            stream.bit_rate = bit_rate
        resampler = av.AudioResampler(format=stream.format.name, layout=layout, rate=out_rate)
        frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="flt", layout="mono")
        frame.sample_rate = rate
        frame.time_base = Fraction(1, rate)
        frame.pts = 0
        for part in (*resampler.resample(frame), *resampler.resample(None)):
            for packet in stream.encode(part):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return path


def decode(path: Path) -> tuple[np.ndarray, int]:
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="flt", layout="mono", rate=stream.rate)
        parts = [out.to_ndarray().reshape(-1)
                 for frame in container.decode(stream) for out in resampler.resample(frame)]
        return np.concatenate(parts), stream.rate


def check(path: Path) -> dict[str, object]:
    return check_bandwidth(path, read_container(path)).to_dict()


def kinds(result: dict[str, object]) -> set[str]:
    return {f["kind"] for f in result["findings"]}  # type: ignore[attr-defined,index]


@pytest.fixture(scope="module")
def mp3_128(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Noise through LAME at 128 kb/s stereo: everything above its 17 kHz lowpass gone."""
    return write(tmp_path_factory.mktemp("bw") / "n128.mp3", noise(4, 44100), 44100, "libmp3lame",
                 bit_rate=128_000, layout="stereo")


def test_full_band_wav_is_consistent(tmp_path: Path) -> None:
    result = check(write(tmp_path / "full.wav", noise(3, 44100), 44100))
    assert result["findings"] == []
    assert result["sharp_cutoff"] is False
    assert result["measured_cutoff_hz"] >= 0.9 * 22050  # type: ignore[operator]
    assert (result["sample_rate"], result["nyquist_hz"], result["expected_cutoff_hz"]) == (44100, 22050, 22050)
    assert result["analysed_seconds"] == pytest.approx(3, abs=0.05)
    assert set(result["error_rates"]) >= {"false_alarm_rate", "detection_rate"}  # type: ignore[arg-type]


def test_mp3_at_its_declared_rate_is_consistent(mp3_128: Path) -> None:
    result = check(mp3_128)
    assert result["expected_cutoff_hz"] == 17000
    assert result["sharp_cutoff"] is True
    assert 15500 <= result["measured_cutoff_hz"] <= 17500  # type: ignore[operator]
    assert result["findings"] == []  # the encoder's own lowpass


def test_wav_decoded_from_mp3_has_lossy_origin(tmp_path: Path, mp3_128: Path) -> None:
    samples, rate = decode(mp3_128)
    result = check(write(tmp_path / "was-mp3.wav", samples, rate))
    assert kinds(result) == {"lossy_origin"}
    assert 15500 <= result["measured_cutoff_hz"] <= 17500  # type: ignore[operator]
    assert "128 kb/s" in result["findings"][0]["detail"]  # type: ignore[index]


def test_flac_decoded_from_mp3_has_lossy_origin(tmp_path: Path, mp3_128: Path) -> None:
    samples, rate = decode(mp3_128)
    assert kinds(check(write(tmp_path / "was-mp3.flac", samples, rate, "flac"))) == {"lossy_origin"}


def test_mp3_128_reencoded_at_320_is_transcoded(tmp_path: Path, mp3_128: Path) -> None:
    samples, rate = decode(mp3_128)
    result = check(write(tmp_path / "t320.mp3", samples, rate, "libmp3lame", bit_rate=320_000, layout="stereo"))
    assert result["expected_cutoff_hz"] == 20500
    assert kinds(result) == {"transcoded"}
    assert "320 kb/s" in result["findings"][0]["detail"]  # type: ignore[index]


def test_genuine_mp3_320_is_consistent(tmp_path: Path) -> None:
    result = check(write(tmp_path / "n320.mp3", noise(3, 44100), 44100, "libmp3lame", bit_rate=320_000,
                         layout="stereo"))
    assert result["findings"] == []


def test_telephone_audio_upsampled_to_44k1(tmp_path: Path) -> None:
    result = check(write(tmp_path / "tel.wav", noise(3, 8000), 8000, out_rate=44100))
    assert {"upsampled", "narrowband_origin"} <= kinds(result)
    assert 3400 <= result["measured_cutoff_hz"] <= 4600  # type: ignore[operator]


def test_wideband_audio_upsampled_to_48k(tmp_path: Path) -> None:
    result = check(write(tmp_path / "wb.wav", noise(3, 16000), 16000, out_rate=48000))
    assert kinds(result) == {"upsampled"}
    assert "16000 Hz" in result["findings"][0]["detail"]  # type: ignore[index]


def test_native_8k_file_is_not_flagged(tmp_path: Path) -> None:
    result = check(write(tmp_path / "phone.wav", noise(3, 8000), 8000))
    assert result["findings"] == []
    assert result["nyquist_hz"] == 4000


def test_a_pure_tone_is_not_a_wall(tmp_path: Path) -> None:
    t = np.arange(3 * 44100) / 44100
    result = check(write(tmp_path / "hum.wav", (0.5 * np.sin(2 * np.pi * 1000 * t)).astype(np.float32), 44100))
    assert result["findings"] == []
    assert result["sharp_cutoff"] is False


def test_silence_is_no_signal(tmp_path: Path) -> None:
    result = check(write(tmp_path / "silence.wav", np.zeros(3 * 16000, dtype=np.float32), 16000))
    assert result["measured_cutoff_hz"] is None
    assert result["findings"] == [] and result["sharp_cutoff"] is False
    assert str(result["note"]).startswith("No signal")


def test_long_file_reads_at_most_sixty_seconds_spread_over_it(tmp_path: Path) -> None:
    rate = 8000
    path = write(tmp_path / "long.wav", noise(150, rate), rate)
    result = check(path)
    assert result["analysed_seconds"] == pytest.approx(MAX_SECONDS, abs=1.0)
    assert result["findings"] == []


def test_the_committed_fixtures_are_consistent() -> None:
    for name in ("clip.wav", "clip.flac", "clip.mp3", "clip.m4a", "clip.ogg"):
        result = check(FIXTURES / name)
        assert result["measured_cutoff_hz"] is not None, name
        assert "lossy_origin" not in kinds(result), name


def test_not_audio_raises_audio_error() -> None:
    path = FIXTURES / "not-audio.mp3"
    with pytest.raises(AudioError):
        check_bandwidth(path, read_container(FIXTURES / "clip.wav"))


def info(codec: str, rate: int = 44100, channels: int = 2, bit_rate: int | None = None,
         mode: str | None = None) -> ContainerInfo:
    return ContainerInfo(format="x", format_long_name="x", codec=codec, codec_long_name="", sample_rate=rate,
                         channels=channels, channel_layout="", declared_duration_seconds=None, bit_rate=bit_rate,
                         stream_bit_rate=None, bit_rate_mode=mode)


@pytest.mark.parametrize(("container", "expected"), [
    (info("mp3", bit_rate=128_000), 17000),  # LAME's table
    (info("mp3", bit_rate=96_000), 15100),
    (info("mp3", bit_rate=64_000, channels=1), 16500),  # mono: 1.5 x the stereo lowpass
    (info("mp3", bit_rate=128_000, channels=1), 20500),  # capped at 20.5 kHz
    (info("mp3", rate=22050, bit_rate=64_000), 11000),
    (info("mp3", rate=16000, bit_rate=64_000), 8000),  # capped at Nyquist
    (info("mp3", bit_rate=200_000, mode="vbr"), None),  # VBR: the quality level is not declared
    (info("flac", rate=48000), 24000),
    (info("pcm_s24le", rate=96000), 48000),
    (info("opus", rate=48000, channels=1, bit_rate=24_000), 20000),
    (info("opus", rate=48000, channels=1, bit_rate=10_000), 8000),
    (info("vorbis", bit_rate=128_000), None),
    (info("mp3"), None),  # no bit rate declared
])
def test_expected_cutoff(container: ContainerInfo, expected: float | None) -> None:
    assert expected_cutoff(container) == expected
