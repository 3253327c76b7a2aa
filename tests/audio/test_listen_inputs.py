"""``veracity listen`` on the awkward recordings issue 5 names: silence only, music only, 8 kHz telephone audio,
content credentials with a broken signature, and a very long recording (slow). Each gets a clear result, never a
hang, and the long one is read in bounded memory.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import av
import numpy as np
import pytest
from wav_files import write_wav

from veracity.audio import listen
from veracity.audio.decode import stream_pcm
from veracity.cli import main
from veracity.report.recording_report import render_recording

AUDIO = Path(__file__).resolve().parents[1] / "fixtures" / "audio"


def _music(seconds: float, rate: int = 22_050) -> np.ndarray:
    """A few bars of chords with a beat: pitched, rhythmic and wordless."""
    t = np.arange(int(seconds * rate)) / rate
    chords = [(261.6, 329.6, 392.0), (220.0, 261.6, 329.6), (174.6, 220.0, 261.6), (196.0, 246.9, 293.7)]
    music = np.zeros_like(t)
    for index, chord in enumerate(chords * int(seconds // 4 + 1)):
        bar = (t >= index) & (t < index + 1)
        for note in chord:
            music[bar] += 0.1 * np.sin(2 * np.pi * note * t[bar]) + 0.03 * np.sin(4 * np.pi * note * t[bar])
    beat = np.exp(-30 * (t % 0.5)) * np.random.default_rng(1).normal(0, 0.2, t.size)
    return 0.6 * music + beat


@pytest.mark.integration
def test_silence_only_gives_no_speech_and_unscored_indicators(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "silence.wav", np.zeros(16_000 * 8), 16_000)
    recording = listen(path, cpu_threads=2).to_dict()["recording"]
    assert recording["transcript"]["segments"] == []
    assert recording["speakers"]["speakers"] == []
    assert recording["synthetic_voice"]["score"] is None and recording["synthetic_voice"]["reason"]
    assert recording["bandwidth"]["measured_cutoff_hz"] is None
    json.dumps(recording)


@pytest.mark.integration
def test_music_only_is_not_transcribed_into_words_or_voices(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "music.wav", _music(12.0), 22_050)
    report = listen(path, cpu_threads=2)
    recording = report.to_dict()["recording"]
    words = [w for s in recording["transcript"]["segments"] for w in s["words"]]
    assert len(words) <= 3  # whisper may still hallucinate a word or two over music; never a transcript
    assert recording["synthetic_voice"]["flagged"] is False
    assert "Indicators (not verdicts)" in render_recording(report, "text")


@pytest.mark.integration
def test_telephone_audio_at_8_khz_is_transcribed_and_called_narrowband(tmp_path: Path) -> None:
    samples = np.concatenate(list(stream_pcm(AUDIO / "clip.wav")))[::2]  # 16 kHz -> 8 kHz (speech < 4 kHz kept)
    path = write_wav(tmp_path / "phone.wav", samples, 8_000)
    recording = listen(path, cpu_threads=2).to_dict()["recording"]
    assert recording["container"]["sample_rate"] == 8000
    assert "only sense" in recording["transcript"]["text"].lower()
    assert recording["bandwidth"]["nyquist_hz"] == 4000


def test_broken_content_credentials_are_reported_not_fatal(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.json"
    code = main(["listen", str(AUDIO / "c2pa" / "broken-signature.wav"), "-o", str(out), "--no-progress",
                 "--skip", "speakers", "--skip", "synthetic_voice", "--skip", "editing"])
    assert code == 0, capsys.readouterr().err
    provenance = json.loads(out.read_text())["recording"]["provenance"]
    assert provenance["state"] == "invalid" and provenance["validation_errors"]
    assert provenance["trusted"] is None


def test_a_trust_list_that_is_not_a_pem_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bogus = tmp_path / "anchors.pem"
    bogus.write_text("not a certificate")
    assert main(["listen", str(AUDIO / "clip.wav"), "--trust-list", str(bogus), "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and "anchors.pem" in err


def _long_mp3(path: Path, hours: float) -> Path:
    """Quiet pink-ish noise at 16 kHz, 24 kb/s: hours of audio in a few tens of MB, written by PyAV."""
    rng = np.random.default_rng(7)
    with av.open(str(path), "w", format="mp3") as container:
        stream = container.add_stream("libmp3lame", rate=16_000, layout="mono")
        stream.bit_rate = 24_000
        block = 16_000 * 60
        for _ in range(int(hours * 60)):
            noise = np.cumsum(rng.normal(0, 0.002, block)).astype(np.float32)
            noise -= np.linspace(noise[0], noise[-1], block, dtype=np.float32)  # no drift, no jump between minutes
            frame = av.AudioFrame.from_ndarray(noise[None, :], format="flt", layout="mono")
            frame.sample_rate = 16_000
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return path


@pytest.mark.slow
def test_a_six_hour_recording_finishes_in_bounded_memory(tmp_path: Path) -> None:
    path = _long_mp3(tmp_path / "six-hours.mp3", 6.0)
    script = ("import resource, sys; from veracity.cli import main; code = main(sys.argv[1:]); "
              "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024); sys.exit(code)")
    done = subprocess.run([sys.executable, "-c", script, "listen", str(path), "-o", str(tmp_path / "r.json"),
                           "--no-progress"], capture_output=True, text=True, timeout=3600, check=False)
    assert done.returncode == 0, done.stderr
    peak_mb = int(done.stdout.strip().splitlines()[-1])
    assert peak_mb < 1500, f"peak RSS {peak_mb} MB"
    report = json.loads((tmp_path / "r.json").read_text())["recording"]
    assert report["duration_seconds"] == pytest.approx(6 * 3600, abs=2)
