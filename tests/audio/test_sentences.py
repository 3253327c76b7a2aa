"""A batched chunk of whisper's words is cut into segments where a sentence ends or the speaker pauses."""

from __future__ import annotations

from typing import NamedTuple

from veracity.audio.transcribe import sentences


class W(NamedTuple):
    word: str
    start: float
    end: float


def texts(pieces: list[list[W]]) -> list[str]:
    return ["".join(w.word for w in piece).strip() for piece in pieces]


def test_a_question_and_its_answer_are_two_segments() -> None:
    words = [W(" Did", 14.5, 14.7), W(" you", 14.7, 14.8), W(" mean", 14.8, 15.0), W(" it?", 15.0, 15.3),
             W(" Of", 15.76, 15.9), W(" course.", 15.9, 16.5)]
    assert texts(sentences(words)) == ["Did you mean it?", "Of course."]


def test_a_long_pause_ends_a_segment_without_a_full_stop_and_abbreviations_run_on() -> None:
    words = [W(" yeah", 1.0, 1.3), W(" right", 2.4, 2.7), W(" Mr.", 2.7, 2.9), W(" Hale", 2.9, 3.2),
             W(" said", 3.2, 3.5), W(" so.", 3.5, 3.8)]
    # "Mr." is followed without a gap: no cut there; the 1.1 s silence after "yeah" is a cut.
    assert texts(sentences(words)) == ["yeah", "right Mr. Hale said so."]


def test_no_words_no_segments() -> None:
    assert sentences([]) == []
    assert texts(sentences([W(" Hello.", 0.0, 0.4)])) == ["Hello."]
