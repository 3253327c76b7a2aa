"""Printed quotes located in a transcript, word by word, with a verdict (issue 5).

The unit tests use hand-made transcripts (words with times and probabilities), so no audio is needed; the
integration test checks an article against the LJ001-0001 fixture clip ("Printing, in the only sense with
which we are at present concerned,").
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from veracity.audio import listen
from veracity.audio.listen import QUOTES_NOT_CHECKED
from veracity.audio.numbers import spellings
from veracity.audio.quote_check import QuoteCheck, check_quote, printed_fragments
from veracity.audio.transcribe import Word
from veracity.cli import main
from veracity.report.recording_report import render_recording

AUDIO = Path(__file__).resolve().parents[1] / "fixtures" / "audio"
SAID = ("Well, look. We will not raise taxes on working families, and I told the governor that ten times. "
        "Frankly it's a shit plan and the senator knows it.")


def _heard(text: str = SAID, low: tuple[str, ...] = ()) -> list[Word]:
    """A transcript of ``text``: one word every 0.4 s, confident except the words in ``low``."""
    return [Word(word, round(i * 0.4, 2), round(i * 0.4 + 0.3, 2), 0.3 if word.strip(".,") in low else 0.95)
            for i, word in enumerate(text.split())]


def _statuses(check: QuoteCheck) -> list[tuple[str, str | None, str | None]]:
    return [(w.status, w.printed, w.heard) for w in check.words if w.status != "exact"]


@pytest.mark.unit
def test_a_verbatim_quote_is_found_at_its_time() -> None:
    check = check_quote("We will not raise taxes on working families", _heard())
    assert check.verdict == "verbatim" and check.how == [] and not check.edits
    assert (check.start, check.end) == (0.8, 3.9)  # "We" is the third word heard, "families," the tenth
    assert [w.status for w in check.words] == ["exact"] * 8
    assert check.words[2].heard == "not" and check.words[2].start == 1.6


@pytest.mark.unit
def test_an_unmarked_elision_is_an_alteration() -> None:
    check = check_quote("We will not raise taxes on families", _heard())
    assert check.verdict == "altered" and check.how == ["unmarked elision"]
    assert _statuses(check) == [("omitted", None, "working")]


@pytest.mark.unit
def test_a_marked_elision_is_faithful_and_its_gap_is_bounded() -> None:
    check = check_quote("We will not raise taxes … and I told the governor that ten times", _heard())
    assert check.verdict == "faithful" and [e.type for e in check.edits] == ["marked_elision"]
    gap = [w.heard for w in check.words if w.status == "in_gap" and w.heard]
    assert gap == ["on", "working", "families,"]
    # a gap may stand for at most eight heard words: a longer cut is not bridged
    far = check_quote("Well, look … the senator knows it", _heard())
    assert far.verdict != "faithful"


@pytest.mark.unit
@pytest.mark.parametrize("printed", ["Frankly it's a s**t plan", "Frankly it's a [expletive] plan",
                                     "Frankly it's a f--- plan"])
def test_a_censored_word_matches_any_one_heard_word(printed: str) -> None:
    check = check_quote(printed, _heard())
    assert check.verdict == "faithful" and [e.type for e in check.edits] == ["censoring"]
    assert [(w.status, w.heard) for w in check.words if w.status == "censored"] == [("censored", "shit")]
    assert check.matched_share == 1.0


@pytest.mark.unit
def test_inaudible_is_a_gap_not_a_misquote() -> None:
    check = check_quote("I told the [inaudible] that ten times", _heard())
    assert check.verdict == "faithful"
    assert [w.heard for w in check.words if w.status == "in_gap" and w.heard] == ["governor"]


@pytest.mark.unit
def test_a_substituted_word_is_different() -> None:
    check = check_quote("We will not raise fees on working families", _heard())
    assert check.verdict == "altered" and check.how == ["words changed"]
    assert _statuses(check) == [("different", "fees", "taxes")]
    assert not check.asr_doubt


@pytest.mark.unit
def test_a_lost_not_is_named() -> None:
    check = check_quote("We will raise taxes on working families", _heard())
    assert check.verdict == "altered" and check.how == ["negation lost"]
    assert _statuses(check) == [("omitted", None, "not")]


@pytest.mark.unit
def test_a_changed_number_is_named_and_a_spelled_number_is_not() -> None:
    assert check_quote("I told the governor that five times", _heard()).how == ["number changed"]
    assert check_quote("I told the governor that 10 times", _heard()).verdict == "verbatim"


@pytest.mark.unit
def test_a_year_or_an_ordinal_heard_in_digits_matches_its_printed_words() -> None:
    heard = [Word(w, i * 0.4, i * 0.4 + 0.3, 0.95) for i, w in enumerate(
        "The Bible was printed in 1455 and sold on the 15th of May.".split())]
    printed = "The Bible was printed in fourteen fifty-five and sold on the fifteenth of May."
    assert check_quote(printed, heard).verdict == "verbatim"
    assert check_quote(printed.replace("fifty-five", "fifty-six"), heard).how == ["number changed"]


@pytest.mark.unit
@pytest.mark.parametrize("digits, words", [
    ("1455", "fourteen fifty five"), ("1800", "eighteen hundred"), ("1905", "nineteen oh five"),
    ("15th", "fifteenth"), ("21st", "twenty first"), ("1,200", "twelve hundred"),
    ("1012", "one thousand and twelve"), ("2nd", "second"), ("40th", "fortieth"),
])
def test_digits_read_the_usual_ways(digits: str, words: str) -> None:
    assert words.split() in spellings(digits)


@pytest.mark.unit
def test_words_and_huge_numbers_have_no_spelling() -> None:
    assert spellings("print") == [] and spellings("12345678901") == []


@pytest.mark.unit
def test_a_quote_cut_before_the_qualifier_that_followed_is_altered() -> None:
    heard = [Word(w, i * 0.4, i * 0.4 + 0.3, 0.95) for i, w in enumerate(
        "Then he said we will hit them very hard unless they stop the shelling. Nobody laughed.".split())]
    cut = check_quote("we will hit them very hard", heard)
    assert cut.verdict == "altered" and cut.how == ["cut before a qualifier"]
    whole = check_quote("we will hit them very hard unless they stop the shelling", heard)
    assert whole.verdict == "verbatim"
    assert check_quote("Then he said we will", heard).verdict == "verbatim"  # no qualifier follows


@pytest.mark.unit
def test_a_reordered_quote_is_found_whole() -> None:
    check = check_quote("on working families we will not raise taxes", _heard())
    assert check.verdict == "altered" and check.how == ["order changed"]
    assert (check.start, check.end) == (0.8, 3.9)


@pytest.mark.unit
def test_a_quote_never_said_is_not_found() -> None:
    check = check_quote("the economy is growing faster than ever before", _heard())
    assert check.verdict == "not_found" and check.start is None and check.words == []
    assert check.matched_share < 0.6


@pytest.mark.unit
def test_asr_doubts_are_not_misquotes() -> None:
    # heard as printed but with a low probability; and a near spelling ("concern" for "concerned")
    heard = _heard("we are at present concern", low=("present",))
    check = check_quote("we are at present concerned", heard)
    assert check.verdict == "verbatim"
    assert _statuses(check) == [("asr_uncertain", "present", "present"), ("asr_uncertain", "concerned", "concern")]
    # a different word heard with low confidence is still different, but flagged for a listen
    doubt = check_quote("we are at present concerned", _heard("we are at pleasant concerned", low=("pleasant",)))
    assert doubt.verdict == "altered" and doubt.asr_doubt


@pytest.mark.unit
def test_mixed_quotes_are_checked_by_their_quoted_words() -> None:
    assert printed_fragments('that he said: "Printing, in the sense" and “we are concerned”', "mixed") == [
        "Printing, in the sense", "we are concerned"]
    assert printed_fragments("“We will not raise taxes”", "direct") == ["We will not raise taxes"]


ARTICLE = """Printers look back

John Smith began. "Printing, in the only sense with which we are at present concerned," John Smith said.

Later John Smith said: "Printing, in the sense with which we are not concerned."

"The press was invented in Mainz in 1450 by a goldsmith," John Smith added.

John Smith said that the talk would be short.
"""


@pytest.mark.integration
def test_an_article_checked_against_the_fixture_clip(tmp_path: Path) -> None:
    article = tmp_path / "story.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    report = listen(AUDIO / "clip.wav", cpu_threads=2, article=article, published="2024-05-01")
    assert report.quotes is not None
    checks = {c.printed: c for c in report.quotes}
    verbatim = checks["Printing, in the only sense with which we are at present concerned"]
    assert verbatim.verdict == "verbatim"
    assert verbatim.start is not None and verbatim.end is not None
    assert 0.0 <= verbatim.start < 0.5 < 3.0 < verbatim.end <= report.duration_seconds + 0.001
    altered = checks["Printing, in the sense with which we are not concerned."]
    assert altered.verdict == "altered"
    assert "unmarked elision" in altered.how and "negation added" in altered.how
    assert ("inserted", "not", None) in _statuses(altered) and ("omitted", None, "only") in _statuses(altered)
    never = checks["The press was invented in Mainz in 1450 by a goldsmith"]
    assert never.verdict == "not_found"
    assert checks["the talk would be short"].verdict == "not_checked"  # an indirect paraphrase
    assert {c.speaker for c in report.quotes} == {"John Smith"}
    assert QUOTES_NOT_CHECKED not in report.not_checked and report.quotes[0].recheck is not None
    data = json.loads(render_recording(report, "json"))
    assert {c["verdict"] for c in data["quotes"]["checks"]} >= {"verbatim", "altered", "not_found"}
    first = data["quotes"]["checks"][0]
    assert {"speaker", "start", "end", "words", "how", "edits"} <= set(first)
    text = render_recording(report, "text")
    assert "Printed quotes" in text and "ALTERED" in text and "not found in the recording" in text


@pytest.mark.unit
def test_published_without_article_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["listen", str(AUDIO / "clip.wav"), "--published", "2024-05-01"]) != 0
    assert "--published is for --article" in capsys.readouterr().err
