"""The peer protocol (exact BIO spans in CoreNLP-token units, as CofeNet and BERT-CRF are scored).

Unit tests use hand-made sentences of ``(word, begin, end)`` tokens; the integration test checks our
gold conversion of PolNeAR dev against CofeNet's own, when the shared data is beside the repository.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from shared_data import POLNEAR_DEV

from veracity.eval.peer_protocol import (
    TAGS,
    PeerScorer,
    Sentence,
    Span,
    Unit,
    article_sentences,
    bio_spans,
    check_against_cofenet,
    classify_content_miss,
    content_misses,
    fallback_sentences,
    load_corenlp,
    segment,
    to_units,
)
from veracity.eval.polnear import GoldAttribution
from veracity.eval.scoring import Attribution

COFENET = POLNEAR_DEV.parent.parent / "cofenet" / "valid.txt.gz"


def sentences_of(text: str, breaks: tuple[int, ...] = ()) -> list[Sentence]:
    """Whitespace tokens of ``text`` as sentences, a new one starting at each token index in ``breaks``."""
    tokens: list[tuple[str, int, int]] = []
    position = 0
    for word in text.split():
        begin = text.index(word, position)
        position = begin + len(word)
        tokens.append((word, begin, position))
    cuts = [0, *breaks, len(tokens)]
    return [tokens[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]


def at(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return (start, start + len(phrase))


def gold(text: str, source: str = "", cue: str = "", content: tuple[str, ...] = ()) -> GoldAttribution:
    return GoldAttribution(
        (at(text, source),) if source else (),
        (at(text, cue),) if cue else (),
        tuple(at(text, c) for c in content),
    )


def labels(units: list[Unit]) -> list[list[str]]:
    return [list(u.labels) for u in units]


@pytest.mark.unit
def test_bio_spans_reads_b_and_stray_i_tags() -> None:
    tags = ["B-source", "I-source", "B-cue", "O", "I-content", "I-content", "B-content", "I-cue"]
    assert bio_spans(tags) == {
        Span("source", 0, 2), Span("cue", 2, 3), Span("content", 4, 6), Span("content", 6, 7), Span("cue", 7, 8)
    }
    assert bio_spans([]) == set()
    assert set(TAGS) >= set(tags)


@pytest.mark.unit
def test_units_break_at_blank_lines_between_sentences_not_at_single_newlines() -> None:
    text = "Alpha said so .\nBeta agreed .\n\nGamma left ."
    sentences = sentences_of(text, (4, 7))
    assert [[w for w, _, _ in unit] for unit in segment(text, sentences)] == [
        ["Alpha", "said", "so", ".", "Beta", "agreed", "."], ["Gamma", "left", "."]
    ]


@pytest.mark.unit
def test_a_blank_line_inside_a_sentence_does_not_break_it() -> None:
    text = "6:05 p.m.\n\nDonald Trump spoke .\n\nThen more ."
    units = segment(text, sentences_of(text, (6,)))  # CoreNLP read "6:05 p.m. Donald Trump spoke ." as one
    assert [len(u) for u in units] == [6, 3]


@pytest.mark.unit
def test_a_quote_mark_hung_on_the_wrong_sentence_stays_there() -> None:
    # CoreNLP put the next paragraph's opening '' at the end of the previous sentence.
    text = "He spoke .\n\n'' Hopefully , '' he said ."
    units = segment(text, sentences_of(text, (4,)))
    assert [[w for w, _, _ in u] for u in units] == [["He", "spoke", ".", "''"],
                                                      ["Hopefully", ",", "''", "he", "said", "."]]


@pytest.mark.unit
def test_a_short_sentence_opening_a_paragraph_joins_the_unit_before() -> None:
    text = "Yes , rules differ .\n\n@casawhitby .\n\nNo . Donand Trump has money ."
    units = segment(text, sentences_of(text, (5, 7, 9)))
    assert [[w for w, _, _ in u] for u in units] == [
        ["Yes", ",", "rules", "differ", ".", "@casawhitby", ".", "No", "."], ["Donand", "Trump", "has", "money", "."]
    ]


@pytest.mark.unit
def test_units_are_never_truncated() -> None:
    text = " ".join(["word"] * 400)
    units = to_units("long", text, sentences_of(text), [gold(text, content=(text,))])
    assert len(units) == 1 and len(units[0].tokens) == 400
    assert units[0].spans() == {Span("content", 0, 400)}


@pytest.mark.unit
def test_tokens_join_a_span_that_starts_at_most_one_character_into_them() -> None:
    text = "not to recommend charges in Libya after the debate ."
    sentences = sentences_of(text)
    ot = (text.index("ot to"), text.index("charges") - 1)
    a = (text.index("Libya") + 4, text.index("Libya") + 5)
    debat = (text.index("after"), text.index("debate") + 5)
    units = to_units("t", text, sentences, [GoldAttribution((), (), (ot, a, debat))])
    assert units[0].spans() == {Span("content", 0, 3), Span("content", 6, 8)}  # not Libya, not debate


@pytest.mark.unit
def test_an_opening_mark_just_before_a_span_stays_out() -> None:
    text = "She said “ We win . ”"
    units = to_units("t", text, sentences_of(text), [gold(text, "She", "said", ("We win .",))])
    assert units[0].labels == ("B-source", "B-cue", "O", "B-content", "I-content", "I-content", "O")


@pytest.mark.unit
def test_each_fragment_of_a_discontinuous_span_is_its_own_span() -> None:
    text = "“ Taxes will fall , ” the minister said , “ and wages will rise . ”"
    attribution = gold(text, "the minister", "said", ("Taxes will fall", "and wages will rise ."))
    units = to_units("t", text, sentences_of(text), [attribution])
    assert units[0].spans() == {Span("content", 1, 4), Span("source", 6, 8), Span("cue", 8, 9),
                                Span("content", 11, 16)}


@pytest.mark.unit
def test_adjacent_fragments_stay_two_spans() -> None:
    text = "It was bad . It was sad ."
    units = to_units("t", text, sentences_of(text), [gold(text, content=("It was bad .", "It was sad ."))])
    assert units[0].labels == ("B-content", "I-content", "I-content", "I-content",
                               "B-content", "I-content", "I-content", "I-content")


@pytest.mark.unit
def test_a_shared_source_is_one_span() -> None:
    text = "Trump demands accountability and refuses disclosure ."
    first = gold(text, "Trump", "demands", ("accountability",))
    second = gold(text, "Trump", "refuses", ("disclosure",))
    units = to_units("t", text, sentences_of(text), [first, second])
    assert sorted(units[0].spans()) == [Span("content", 2, 3), Span("content", 5, 6), Span("cue", 1, 2),
                                        Span("cue", 4, 5), Span("source", 0, 1)]


@pytest.mark.unit
def test_a_span_across_units_is_one_span_per_unit() -> None:
    text = "He said it was fine .\n\nAnd that was all ."
    units = to_units("t", text, sentences_of(text, (6,)), [gold(text, "He", "said", ("it was fine .\n\nAnd that",))])
    assert [u.spans() for u in units] == [{Span("source", 0, 1), Span("cue", 1, 2), Span("content", 2, 6)},
                                          {Span("content", 0, 2)}]


@pytest.mark.unit
def test_a_content_is_cut_around_its_own_source_and_cue() -> None:
    text = "“ We win , ” she said , “ again . ”"
    whole = (text.index("We"), text.index("again") + len("again"))
    predicted = Attribution((at(text, "she"),), (at(text, "said"),), (whole,))
    units = to_units("t", text, sentences_of(text), [predicted])
    assert units[0].spans() == {Span("content", 1, 5), Span("source", 5, 6), Span("cue", 6, 7),
                                Span("content", 7, 10)}


@pytest.mark.unit
def test_a_nested_attribution_inside_a_quote_does_not_surface() -> None:
    # PolNeAR marks the outer quote's content whole and leaves attributions inside it unmarked.
    text = "Pence said Clinton thinks this is a show ."
    outer = gold(text, "Pence", "said", ("Clinton thinks this is a show",))
    inner = gold(text, "Clinton", "thinks", ("this is a show",))
    units = to_units("t", text, sentences_of(text), [inner, outer])
    assert units[0].spans() == {Span("source", 0, 1), Span("cue", 1, 2), Span("content", 2, 8)}
    # Gold and predictions go through the same conversion: the same input gives the same units.
    assert to_units("t", text, sentences_of(text), [outer, inner]) == units


@pytest.mark.unit
def test_scorer_counts_only_exact_role_and_range() -> None:
    text = "“ We win , ” she said ."
    sentences = sentences_of(text)
    truth = to_units("t", text, sentences, [gold(text, "she", "said", ("We win",))])
    guess = to_units("t", text, sentences, [gold(text, "she", "said", ("We win ,",))])
    scorer = PeerScorer()
    scorer.add(truth, guess)
    result = scorer.result()
    assert result["source"]["f1"] == 1.0 and result["cue"]["f1"] == 1.0
    assert result["content"]["tp"] == 0 and result["content"]["n_pred"] == 1 and result["content"]["n_gold"] == 1
    assert result["all"]["tp"] == 2 and result["all"]["n_gold"] == 3
    with pytest.raises(ValueError):
        scorer.add(truth, to_units("t", "Another text .", sentences_of("Another text ."), []))


@pytest.mark.unit
def test_content_misses_are_classified() -> None:
    text = "“ We will win big , ” she said , and then more ."
    sentences = sentences_of(text)
    truth = to_units("t", text, sentences, [gold(text, content=("We will win big",))])
    unit = truth[0]
    g = Span("content", 1, 5)
    assert classify_content_miss(unit, g, [Span("content", 0, 6)]) == "edge-only"
    assert classify_content_miss(unit, g, [Span("content", 8, 9)]) == "no-overlap"
    assert classify_content_miss(unit, g, [Span("content", 1, 9)]) == "too-long"
    assert classify_content_miss(unit, g, [Span("content", 2, 4)]) == "too-short"
    assert classify_content_miss(unit, g, [Span("content", 1, 3), Span("content", 3, 5)]) == "split"
    assert classify_content_miss(unit, g, [Span("content", 3, 9)]) == "crossing"
    guess = to_units("t", text, sentences, [gold(text, content=("We will",))])
    [miss] = content_misses(truth, guess)
    assert miss["class"] == "too-short" and miss["gold"]["text"] == "We will win big"
    assert miss["predicted"] == [{"start": 1, "end": 3, "text": "We will"}]


@pytest.mark.unit
def test_fallback_tokenizer_follows_corenlp_conventions() -> None:
    text = "Mr. O'Neill said: “I can't, cannot (ever).” Sen. Smith’s aide left at 6:05 p.m.\n\nNext—yes."
    sentences = fallback_sentences(text)
    words = [[w for w, _, _ in s] for s in sentences]
    assert words == [
        ["Mr.", "O'Neill", "said", ":", "``", "I", "ca", "n't", ",", "can", "not", "-LRB-", "ever", "-RRB-", ".",
         "''"],
        ["Sen.", "Smith", "'s", "aide", "left", "at", "6:05", "p.m."],
        ["Next", "--", "yes", "."],
    ]
    assert all(text[b:e] for s in sentences for _, b, e in s)


@pytest.mark.unit
def test_article_sentences_fall_back_when_corenlp_lacks_the_text(tmp_path: Path) -> None:
    text = "She said no ."
    path = tmp_path / "tokens.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write(json.dumps({"file": "story.txt", "sentences": [[["She", 0, 3], ["said", 4, 8],
                                                                   ["no", 9, 11], [".", 12, 13]]]}) + "\n")
    corenlp = load_corenlp(path)
    assert article_sentences("story_4e07", text, corenlp) == (corenlp["story"], True)
    sentences, own = article_sentences("other_4e07", text, corenlp)
    assert not own and [w for w, _, _ in sentences[0]] == ["She", "said", "no", "."]
    assert article_sentences("story", "Something else entirely .", corenlp)[1] is False


@pytest.mark.integration
@pytest.mark.skipif(not COFENET.is_file(), reason="PolNeAR and CofeNet's conversion not found beside the repository")
def test_dev_gold_reproduces_cofenets_conversion() -> None:
    result = check_against_cofenet(POLNEAR_DEV, COFENET)
    print(result["span"], result["rules_only"], result["units"])
    assert result["files"]["only_ours"] == [] and result["files"]["only_theirs"] == []
    assert result["span"]["f1"] >= 0.995
    assert result["tokens"]["aligned"] >= 0.999 * result["tokens"]["theirs"]
