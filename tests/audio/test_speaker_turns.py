"""Speaker turns: the two-voice leak fixture, one voice, odd segments, the weights reader, and numpy vs torch.

leak.flac is festival's male kal_diphone (the politician, lines A) and female cmu_us_slt_arctic_hts (the
interviewer, lines B) taking turns; leak.json gives each line's start and end (tests/fixtures/audio/make_leak.py).
"""

from __future__ import annotations

import io
import json
import pickle
import re
import zipfile
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np
import pytest

from veracity.audio.decode import SAMPLE_RATE, stream_pcm
from veracity.audio.speaker_turns import (
    NOTE,
    Piece,
    describe,
    read_spans,
    speaker_turns,
    speech_regions,
    split_segments,
)
from veracity.audio.torch_weights import load_state_dict
from veracity.audio.voice_encoder import VoiceEncoder, partial_slices, voice_encoder, weights_path
from veracity.errors import AudioError, ModelError

AUDIO = Path(__file__).resolve().parents[1] / "fixtures" / "audio"
LEAK = AUDIO / "leak.flac"
KEY = json.loads((AUDIO / "leak.json").read_text())["lines"]
TOLERANCE = 0.5


def _key_turns() -> list[tuple[str, float, float]]:
    """The key's lines joined into turns (a voice's consecutive lines are one turn)."""
    turns: list[tuple[str, float, float]] = []
    for line in KEY:
        if turns and turns[-1][0] == line["voice"]:
            turns[-1] = (line["voice"], turns[-1][1], line["end"])
        else:
            turns.append((line["voice"], line["start"], line["end"]))
    return turns


def _assert_turns_match_key(result_turns: list[dict[str, object]]) -> None:
    expected = _key_turns()
    assert len(result_turns) == len(expected)
    voice_of = {"A": "Speaker 1", "B": "Speaker 2"}  # the politician speaks first
    for turn, (voice, start, end) in zip(result_turns, expected, strict=True):
        assert turn["speaker"] == voice_of[voice]
        assert abs(float(turn["start"]) - start) <= TOLERANCE  # type: ignore[arg-type]
        assert abs(float(turn["end"]) - end) <= TOLERANCE  # type: ignore[arg-type]


@pytest.mark.integration
def test_leak_fixture_gives_two_speakers_with_the_keys_turns() -> None:
    segments = [(line["start"], line["end"]) for line in KEY]
    report = speaker_turns(LEAK, segments).to_dict()
    assert [speaker["label"] for speaker in report["speakers"]] == ["Speaker 1", "Speaker 2"]
    assert report["segment_speakers"] == ["Speaker 1" if line["voice"] == "A" else "Speaker 2" for line in KEY]
    _assert_turns_match_key(report["turns"])
    seconds = {speaker["label"]: speaker["seconds"] for speaker in report["speakers"]}
    assert seconds["Speaker 1"] > 3 * seconds["Speaker 2"]  # the politician talks most
    assert report["note"] == NOTE and report["model"].startswith("Resemblyzer")
    json.dumps(report)


@pytest.mark.integration
def test_a_turn_change_inside_one_segment_is_found_and_placed() -> None:
    # As if whisper had heard the statement and the question as one segment (and the answer as another).
    first, question, answer = KEY[0], KEY[1], KEY[2]
    report = speaker_turns(LEAK, [(first["start"], question["end"]), (answer["start"], answer["end"])]).to_dict()
    # (The last two lines, outside both segments, are still speech heard: they follow as turns of their own.)
    assert [turn["speaker"] for turn in report["turns"][:3]] == ["Speaker 1", "Speaker 2", "Speaker 1"]
    assert report["turns"][2]["end"] <= answer["end"] + TOLERANCE
    # The change lies in the 0.6 s pause before the question, which the speech check hears as silence.
    assert abs(report["turns"][1]["start"] - question["start"]) <= TOLERANCE
    assert abs(report["turns"][0]["end"] - first["end"]) <= TOLERANCE  # the statement's turn ends with its speech
    assert report["segment_speakers"] == ["Speaker 1", "Speaker 1"]


@pytest.mark.integration
def test_leak_transcribed_by_whisper_is_near_verbatim_and_split_into_the_right_turns() -> None:
    from veracity.audio.transcribe import transcribe

    transcript = transcribe(LEAK, cpu_threads=2)

    def words(text: str) -> list[str]:
        return re.findall(r"[a-z']+", text.lower())

    heard, said = words(transcript.text), [word for line in KEY for word in words(line["text"])]
    # tiny.en hears all 55 words (punctuation aside); one slip is allowed so a new CPU's rounding cannot fail it.
    matched = sum(block.size for block in SequenceMatcher(a=said, b=heard, autojunk=False).get_matching_blocks())
    assert matched >= len(said) - 1 and len(heard) <= len(said) + 1
    report = speaker_turns(LEAK, [(segment.start, segment.end) for segment in transcript.segments]).to_dict()
    assert len(report["speakers"]) == 2
    _assert_turns_match_key(report["turns"])


@pytest.mark.integration
def test_one_voice_gives_one_speaker() -> None:
    politician = [(line["start"], line["end"]) for line in KEY if line["voice"] == "A"]
    report = speaker_turns(LEAK, politician).to_dict()
    assert [speaker["label"] for speaker in report["speakers"]] == ["Speaker 1"]
    assert report["segment_speakers"] == ["Speaker 1"] * 3
    clip = speaker_turns(AUDIO / "clip.flac", [(0.0, 1.5), (1.5, 3.0), (3.0, 4.3)]).to_dict()
    assert len(clip["speakers"]) == 1 and len(clip["turns"]) == 1


def test_no_segments_gives_no_speakers() -> None:
    report = speaker_turns(LEAK, []).to_dict()
    assert report["speakers"] == [] and report["turns"] == [] and report["segment_speakers"] == []
    assert isinstance(report["threshold"], float) and report["note"]


@pytest.mark.integration
def test_very_short_and_impossible_segments() -> None:
    a, b, c = KEY[0]["start"], KEY[1]["start"], KEY[2]["start"]
    segments = [(a, a + 0.05), (b + 0.1, b + 0.3), (c + 0.05, c + 0.1), (6.0, 5.0), (30.0, 31.0), (0.0, 0.2)]
    report = speaker_turns(LEAK, segments).to_dict()
    speakers = report["segment_speakers"]
    assert len(speakers) == len(segments)
    # A segment that ends before it starts, one past the end of the file, and one of pure silence hold no voice.
    assert speakers[3] is None and speakers[4] is None and speakers[5] is None
    assert all(label is not None for label in speakers[:3])
    assert 1 <= len(report["speakers"]) <= 3


def test_missing_recording_is_an_audio_error(tmp_path: Path) -> None:
    with pytest.raises(AudioError):
        speaker_turns(tmp_path / "absent.wav", [(0.0, 1.0)])


def test_long_segments_are_cut_into_pieces_in_time_order() -> None:
    pieces = split_segments([(10.0, 15.0), (0.0, 1.0), (3.0, 3.0)], piece_seconds=2.0)
    assert [(p.segment, round(p.start, 3), round(p.end, 3)) for p in pieces] == [
        (1, 0.0, 1.0), (0, 10.0, 11.667), (0, 11.667, 13.333), (0, 13.333, 15.0)]


@pytest.mark.integration
def test_speech_regions_follow_the_voices_not_the_segments() -> None:
    # One segment over the whole file, as whisper may give a quick exchange: the speech check finds the lines.
    regions = speech_regions(LEAK, [(0.0, 21.2)])
    assert regions and all(index == 0 for index, _, _ in regions)
    for _, start, end in regions:  # nothing found in the 0.6 s pauses between the lines
        assert any(line["start"] - 0.3 <= start and end <= line["end"] + 0.3 for line in KEY)
    for line in KEY:
        heard = sum(max(0.0, min(end, line["end"]) - max(start, line["start"])) for _, start, end in regions)
        assert heard >= 0.8 * (line["end"] - line["start"])


@pytest.mark.integration
def test_speech_whisper_left_without_words_is_kept_but_given_to_no_segment() -> None:
    first = KEY[0]
    regions = speech_regions(LEAK, [(first["start"], first["end"])])
    assert any(index == 0 for index, _, _ in regions)
    outside = [(start, end) for index, start, end in regions if index == -1]
    assert outside and min(start for start, _ in outside) >= first["end"]
    report = speaker_turns(LEAK, [(first["start"], first["end"])]).to_dict()
    assert report["segment_speakers"] == ["Speaker 1"]
    assert len(report["speakers"]) == 2 and report["turns"][-1]["end"] > KEY[-1]["start"]


def test_no_segments_means_no_speech_is_looked_for(tmp_path: Path) -> None:
    assert speech_regions(tmp_path / "absent.wav", []) == []


def test_a_voice_silent_for_long_starts_a_new_turn() -> None:
    pieces = [Piece(0, 0.0, 2.0), Piece(0, 2.0, 3.0), Piece(1, 3.5, 5.0), Piece(2, 8.0, 9.0)]
    result = describe(pieces, [0, 0, 0, 0], 3)
    assert [(turn.start, turn.end) for turn in result.turns] == [(0.0, 5.0), (8.0, 9.0)]
    assert result.speakers == [("Speaker 1", 5.5)] and result.segment_speakers == ["Speaker 1"] * 3


def test_spans_read_across_decoding_blocks_equal_the_whole_decode() -> None:
    whole = np.concatenate(list(stream_pcm(LEAK)))
    spans = [(0.5, 2.5), (0.9, 1.2), (4.9, 5.1), (9.99, 12.01), (19.5, 21.0)]
    for (start, end), samples in zip(spans, read_spans(LEAK, spans, chunk_seconds=1.0), strict=True):
        expected = whole[round(start * SAMPLE_RATE): round(end * SAMPLE_RATE)]
        np.testing.assert_array_equal(samples, expected)


def test_partials_follow_resemblyzer() -> None:
    # 2 s: two 1.6 s partials 0.77 s apart (the second 77 % covered, kept); 0.5 s: one, zero-padded.
    wav_slices, mel_slices = partial_slices(2 * SAMPLE_RATE)
    assert [(s.start, s.stop) for s in mel_slices] == [(0, 160), (77, 237)]
    assert partial_slices(SAMPLE_RATE // 2)[1] == [slice(0, 160)]


class _Boom:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        import os

        return (os.system, ("touch pwned",))


def test_the_weights_reader_refuses_any_other_global(tmp_path: Path) -> None:
    legacy = tmp_path / "legacy.pt"
    legacy.write_bytes(pickle.dumps(0x1950A86A20F9469CFC6C, protocol=2) + pickle.dumps(_Boom(), protocol=2))
    archive = tmp_path / "zipped.pt"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("model/data.pkl", pickle.dumps({"weight": _Boom()}, protocol=2))
    for path in (legacy, archive):
        with pytest.raises(ModelError, match="refused"):
            load_state_dict(path)
    assert not (Path.cwd() / "pwned").exists()


def test_the_weights_reader_rejects_files_that_are_not_checkpoints(tmp_path: Path) -> None:
    text = tmp_path / "notes.pt"
    text.write_text("not a checkpoint")
    with pytest.raises(ModelError):
        load_state_dict(text)
    with pytest.raises(ModelError):
        load_state_dict(tmp_path / "absent.pt")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as handle:
        handle.writestr("readme.txt", "hello")
    (tmp_path / "other.zip").write_bytes(buffer.getvalue())
    with pytest.raises(ModelError, match="data.pkl"):
        load_state_dict(tmp_path / "other.zip")


def test_the_weights_reader_matches_torch_load() -> None:
    torch = pytest.importorskip("torch")
    checkpoint = torch.load(weights_path(), map_location="cpu", weights_only=True)
    ours = load_state_dict(weights_path())
    for name, tensor in checkpoint["model_state"].items():
        np.testing.assert_array_equal(ours[f"model_state.{name}"], tensor.numpy())
    # and a zip-format file written by today's torch, with a non-contiguous view
    saved = tmp = Path(pytest.importorskip("tempfile").mkdtemp()) / "zipped.pt"
    base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
    torch.save({"t": base.t(), "slice": base[1:, 2:5], "half": base.half()}, saved)
    arrays = load_state_dict(tmp)
    np.testing.assert_array_equal(arrays["t"], base.t().numpy())
    np.testing.assert_array_equal(arrays["slice"], base[1:, 2:5].numpy())
    np.testing.assert_array_equal(arrays["half"], base.half().numpy())


def _torch_encoder(torch: object) -> object:
    """Resemblyzer's network as its voice_encoder.py defines it (torch.nn), weights loaded by torch."""
    from torch import nn  # type: ignore[import-not-found]

    class Reference(nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.lstm = nn.LSTM(40, 256, 3, batch_first=True)
            self.linear = nn.Linear(256, 256)
            self.relu = nn.ReLU()

        def forward(self, mels: object) -> object:
            _, (hidden, _) = self.lstm(mels)
            raw = self.relu(self.linear(hidden[-1]))
            return raw / raw.norm(dim=1, keepdim=True)

    model = Reference()
    checkpoint = torch.load(weights_path(), map_location="cpu", weights_only=True)  # type: ignore[attr-defined]
    model.load_state_dict(checkpoint["model_state"], strict=False)
    return model.eval()


@pytest.mark.integration
def test_numpy_embeddings_equal_resemblyzers_torch_network() -> None:
    torch = pytest.importorskip("torch")
    model = _torch_encoder(torch)
    encoder = voice_encoder()
    wav = np.concatenate(list(stream_pcm(LEAK)))[int(7.2 * SAMPLE_RATE): int(12.0 * SAMPLE_RATE)]
    ours = encoder.embed_utterance(wav, normalise_volume=False)
    wav_slices, mel_slices = partial_slices(len(wav))
    padded = np.pad(wav, (0, max(0, wav_slices[-1].stop - len(wav))))
    mel = encoder.mel_spectrogram(padded)
    with torch.no_grad():
        partials = model(torch.from_numpy(np.stack([mel[s] for s in mel_slices]))).numpy()  # type: ignore[operator]
    reference = partials.mean(axis=0) / np.linalg.norm(partials.mean(axis=0))
    assert np.max(np.abs(ours - reference)) < 1e-5


def test_mel_features_equal_librosas() -> None:
    librosa = pytest.importorskip("librosa")
    wav = np.concatenate(list(stream_pcm(AUDIO / "clip.flac")))
    expected = librosa.feature.melspectrogram(y=wav, sr=SAMPLE_RATE, n_fft=400, hop_length=160, n_mels=40).T
    ours = VoiceEncoder.__new__(VoiceEncoder)
    from veracity.audio.voice_encoder import mel_filterbank

    ours.mel_filters = mel_filterbank()
    np.testing.assert_allclose(ours.mel_spectrogram(wav), expected, rtol=1e-4, atol=1e-6 * float(expected.max()))
