"""Where a printed quote sits in a long recording, among sentences it does not quote (issue 5).

``benchmarks/quote_spans.py`` measures this on three minutes of real speech; these tests pin each rule with a
hand-made transcript and, where the rule reads the sound, a recording of tone bursts (one per word) whose true
times are known to the sample.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from wav_files import write_wav

from veracity.audio.decode import SAMPLE_RATE
from veracity.audio.quote_check import check_quote
from veracity.audio.transcribe import Word

WORD_SECONDS, BETWEEN_WORDS, BETWEEN_SENTENCES = 0.3, 0.05, 1.0
BEFORE = "The trade in books grew fast in Germany and in France."
SENTENCE = "In 1465 Sweynheim and Pannartz began printing in the monastery of Subiaco near Rome."


def _said(*sentences: str) -> tuple[list[Word], list[tuple[float, float]]]:
    """Words spoken one every 0.35 s, a second of silence between sentences; the heard words as whisper often
    times them (a sentence's first word starting where the last word before the pause ended) and each
    sentence's true (start, end)."""
    heard, truth, at = [], [], 0.5
    for sentence in sentences:
        start = at
        for index, text in enumerate(sentence.split()):
            said_start = at
            at += WORD_SECONDS
            heard_start = heard[-1].end if index == 0 and heard else said_start
            heard.append(Word(text, round(heard_start, 2), round(at, 2), 0.95))
            at += BETWEEN_WORDS
        truth.append((start, at - BETWEEN_WORDS))
        at += BETWEEN_SENTENCES
    return heard, truth


def _recording(path: Path, heard: list[Word], truth: list[tuple[float, float]]) -> Path:
    """A tone burst where each word was said, silence elsewhere."""
    samples = np.zeros(int((truth[-1][1] + 0.5) * SAMPLE_RATE), dtype=np.float32)
    tone = 0.3 * np.sin(2 * np.pi * 220 * np.arange(int(WORD_SECONDS * SAMPLE_RATE)) / SAMPLE_RATE)
    for word in heard:
        said_end = word.end
        first = int(round((said_end - WORD_SECONDS) * SAMPLE_RATE))
        samples[first:first + len(tone)] = tone
    return write_wav(path, samples)


@pytest.mark.unit
def test_a_quote_does_not_reach_into_the_sentence_before_for_a_shared_word() -> None:
    heard, truth = _said("He told them about the printers of the Rhine.", "The earliest book was printed in Mainz.")
    check = check_quote("the earliest book was printed in Mainz", heard)
    assert check.verdict == "verbatim"
    assert check.start == heard[9].start and check.end == pytest.approx(truth[1][1], abs=0.05)  # "The" to "Mainz."


@pytest.mark.unit
def test_a_sentence_sharing_only_its_little_words_with_the_talk_is_not_found() -> None:
    heard, _ = _said(BEFORE, SENTENCE)
    assert check_quote("In the end the cost of the war was paid by the poor of Rome", heard).verdict == "not_found"


@pytest.mark.unit
def test_a_number_heard_in_digits_at_either_end_is_inside_the_span() -> None:
    heard, truth = _said(BEFORE, SENTENCE, "It was printed in the year 1462.")
    opening = check_quote("In fourteen sixty-five Sweynheim and Pannartz began printing", heard)
    assert opening.verdict == "verbatim" and opening.start == heard[len(BEFORE.split())].start
    closing = check_quote("It was printed in the year fourteen sixty-two", heard)
    assert closing.verdict == "verbatim" and closing.end == pytest.approx(truth[2][1], abs=0.05)


@pytest.mark.unit
def test_a_cut_qualifier_is_compared_but_the_span_ends_where_the_printed_words_do() -> None:
    heard, _ = _said("We will hit them very hard unless they stop the shelling.")
    check = check_quote("we will hit them very hard", heard)
    assert check.verdict == "altered" and check.how == ["cut before a qualifier"]
    assert check.end == next(w.end for w in heard if w.text == "hard")


@pytest.mark.unit
def test_a_first_word_holding_the_pause_before_it_starts_where_its_sound_does(tmp_path: Path) -> None:
    heard, truth = _said(BEFORE, SENTENCE)
    audio = _recording(tmp_path / "two-sentences.wav", heard, truth)
    first = heard[len(BEFORE.split())]
    assert first.start < truth[1][0] - 0.9  # whisper's time holds the second of silence
    check = check_quote("In fourteen sixty-five Sweynheim and Pannartz began printing in the monastery", heard, audio)
    assert check.verdict == "verbatim"
    assert check.start == pytest.approx(truth[1][0], abs=0.05)


@pytest.mark.unit
def test_a_marked_gap_does_not_reach_back_across_a_pause_the_word_times_hide(tmp_path: Path) -> None:
    """"…" lets up to eight heard words go unprinted; without the sound, the sentence before's "in" fits
    the printing as well as the quote's own first word, and whisper's times show no pause between them."""
    heard, truth = _said(BEFORE, SENTENCE)
    audio = _recording(tmp_path / "two-sentences.wav", heard, truth)
    check = check_quote("In fourteen sixty-five Sweynheim and Pannartz … monastery of Subiaco near Rome", heard, audio)
    assert check.verdict == "faithful"
    assert check.start == pytest.approx(truth[1][0], abs=0.05) and check.end == pytest.approx(truth[1][1], abs=0.05)


@pytest.mark.unit
def test_a_last_word_whisper_ends_early_ends_where_its_sound_fades(tmp_path: Path) -> None:
    said, truth = _said(BEFORE, SENTENCE)
    audio = _recording(tmp_path / "two-sentences.wav", said, truth)
    last = len(BEFORE.split()) - 1
    heard = [*said[:last], Word(said[last].text, said[last].start, round(said[last].end - 0.6, 2), 0.9),
             *said[last + 1:]]  # "France." heard as ending 0.6 s before its sound does
    check = check_quote("The trade in books grew fast in Germany and in France.", heard, audio)
    assert check.verdict == "verbatim"
    assert check.end == pytest.approx(truth[0][1], abs=0.05)
