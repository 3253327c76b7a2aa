"""Decoding and container metadata of the audio fixtures (tests/fixtures/audio, made by make_fixtures.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from veracity.audio import SAMPLE_RATE, check_complete, decoded_duration, read_container, stream_pcm, windows
from veracity.errors import AudioError, InputError

pytestmark = pytest.mark.unit

AUDIO = Path(__file__).resolve().parents[1] / "fixtures" / "audio"
CLIP_SECONDS = 4.3
FORMATS = ["clip.wav", "clip.mp3", "clip.ogg", "clip.flac", "clip.m4a"]


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_decodes_to_the_clip_length(name: str) -> None:
    assert decoded_duration(AUDIO / name) == pytest.approx(CLIP_SECONDS, abs=0.05)


@pytest.mark.parametrize("name", FORMATS)
def test_decoded_audio_is_16k_mono_float_and_the_same_speech(name: str) -> None:
    reference = np.concatenate(list(stream_pcm(AUDIO / "clip.wav")))
    samples = np.concatenate(list(stream_pcm(AUDIO / name)))
    assert samples.dtype == np.float32 and samples.ndim == 1
    assert np.abs(samples).max() <= 1.0
    # Same loudness within lossy-codec error: a wrong rate, a lost channel or garbage would miss by far.
    assert np.sqrt(np.mean(samples**2)) == pytest.approx(np.sqrt(np.mean(reference**2)), rel=0.15)


def test_stream_comes_in_bounded_chunks() -> None:
    chunks = list(stream_pcm(AUDIO / "clip.flac", chunk_seconds=1.0))
    assert len(chunks) >= 4
    assert all(len(chunk) < 1.2 * SAMPLE_RATE for chunk in chunks)


def test_windows_cover_the_recording_without_gaps_and_cut_in_pauses() -> None:
    parts = list(windows(AUDIO / "clip.wav", seconds=1.5))
    assert len(parts) >= 3
    assert parts[0].start == 0.0
    for before, after in zip(parts, parts[1:], strict=False):
        assert after.start == pytest.approx(before.end)
        assert before.end - before.start <= 1.5
    assert parts[-1].end == pytest.approx(CLIP_SECONDS, abs=0.01)


@pytest.mark.parametrize(
    ("name", "fmt", "codec", "rate", "channels"),
    [("clip.wav", "wav", "pcm_s16le", 16000, 1), ("clip.mp3", "mp3", "mp3", 22050, 1),
     ("clip.ogg", "ogg", "opus", 48000, 1), ("clip.flac", "flac", "flac", 22050, 1),
     ("clip.m4a", "mov,mp4,m4a,3gp,3g2,mj2", "aac", 44100, 2)],
)
def test_container_reports_codec_rate_channels_and_tags(name: str, fmt: str, codec: str, rate: int,
                                                        channels: int) -> None:
    info = read_container(AUDIO / name)
    assert (info.format, info.codec, info.sample_rate, info.channels) == (fmt, codec, rate, channels)
    assert info.declared_duration_seconds == pytest.approx(CLIP_SECONDS, abs=0.05)
    assert info.tags["title"] == "LJ001-0001 (first clause)"
    assert any(encoder.startswith("Lavf") for encoder in info.encoders)
    assert {"tag": "date", "value": "2017-07-05"} in info.created
    assert info.file_size_bytes == (AUDIO / name).stat().st_size


def test_container_bit_rates_are_the_encoded_ones() -> None:
    assert read_container(AUDIO / "clip.mp3").stream_bit_rate == 48_000
    assert read_container(AUDIO / "clip.wav").stream_bit_rate == 16000 * 16


def test_native_tags_and_creation_time_come_from_both_parsers() -> None:
    mp3 = read_container(AUDIO / "clip.mp3")
    assert mp3.native_tags["TDRC"] == "2017-07-05"  # ID3, read by mutagen
    m4a = read_container(AUDIO / "clip.m4a")
    assert {"tag": "creation_time", "value": "2024-03-01T09:30:00.000000Z"} in m4a.created
    assert m4a.native_tags["©day"] == "2017-07-05"


@pytest.mark.parametrize(
    ("name", "words"),
    [("not-audio.mp3", "not a recording"), ("empty.wav", "empty"), ("missing.wav", "no such file")],
)
def test_unreadable_inputs_raise_a_typed_error_that_says_why(name: str, words: str) -> None:
    with pytest.raises(AudioError, match=words) as caught:
        read_container(AUDIO / name)
    assert isinstance(caught.value, InputError)
    assert caught.value.source == str(AUDIO / name)


def test_text_renamed_wav_is_not_audio(tmp_path: Path) -> None:
    fake = tmp_path / "leak.wav"
    fake.write_text("RIFF? no: just the minutes of a meeting, typed.\n" * 20)
    with pytest.raises(AudioError, match="not a recording"):
        list(stream_pcm(fake))


def test_truncated_mp3_is_caught_before_decoding_and_after() -> None:
    with pytest.raises(AudioError, match=r"cut short: its header says 4\.3 s"):
        check_complete(AUDIO / "truncated.mp3")
    with pytest.raises(AudioError, match="cut short"):
        decoded_duration(AUDIO / "truncated.mp3")


@pytest.mark.parametrize("name", FORMATS)
def test_complete_files_pass_the_truncation_check(name: str) -> None:
    check_complete(AUDIO / name)


def test_a_directory_is_refused(tmp_path: Path) -> None:
    shutil.copy(AUDIO / "clip.wav", tmp_path / "clip.wav")
    with pytest.raises(AudioError, match="directory"):
        read_container(tmp_path)


@pytest.mark.parametrize(("name", "keep"), [("clip.wav", 0.5), ("clip.flac", 0.45)])
def test_truncated_wav_and_flac_are_caught(name: str, keep: float, tmp_path: Path) -> None:
    data = (AUDIO / name).read_bytes()
    cut = tmp_path / name
    cut.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(AudioError, match="cut short"):
        check_complete(cut)


def test_truncated_m4a_says_it_may_be_cut_short(tmp_path: Path) -> None:
    cut = tmp_path / "clip.m4a"
    cut.write_bytes((AUDIO / "clip.m4a").read_bytes()[:20_000])
    with pytest.raises(AudioError, match="cut short before its header"):
        check_complete(cut)
