"""The tagger's windowing and BIO decoding, and the bundled model loading offline."""

import os

import numpy as np
import pytest

from veracity.errors import ConfigError, ModelError
from veracity.onnx_runtime import raw_tokenizer
from veracity.text.tagging import MODEL_DIR, WINDOW, AttributionTagger, _decode, _viterbi, sequence_ends, windows


@pytest.mark.unit
def test_windows_cover_every_token_with_overlap() -> None:
    spans = windows(1000, stride=192)
    assert spans[0] == (0, WINDOW) and spans[-1][1] == 1000
    covered = set()
    for lo, hi in spans:
        assert hi - lo <= WINDOW
        covered.update(range(lo, hi))
    assert covered == set(range(1000))
    assert windows(10, stride=192) == [(0, 10)]


@pytest.mark.unit
def test_viterbi_never_puts_an_inside_label_after_outside() -> None:
    # Greedy argmax would read O I I (an inside without a beginning); the constrained path opens
    # the span with B instead.
    probs = np.array([[0.9, 0.05, 0.05], [0.3, 0.3, 0.4], [0.1, 0.2, 0.7], [0.8, 0.1, 0.1]])
    labels = _viterbi(np.log(probs))
    assert list(labels) == [0, 1, 2, 0]


@pytest.mark.unit
def test_decode_widens_spans_to_whole_words() -> None:
    text = "Hale said unbelievable things"
    offsets = [(0, 4), (5, 9), (10, 12), (12, 22), (23, 29)]  # "unbelievable" split in two
    probs = np.full((5, 3, 3), [0.98, 0.01, 0.01])
    probs[1, 1] = [0.01, 0.98, 0.01]  # cue: said
    probs[3, 2] = [0.01, 0.98, 0.01]  # content starts mid-word
    probs[4, 2] = [0.01, 0.01, 0.98]
    spans = {(s.role, text[s.start : s.end]) for s in _decode(probs, offsets, text)}
    assert spans == {("cue", "said"), ("content", "unbelievable things")}


@pytest.mark.unit
def test_decode_keeps_punctuation_glued_to_a_word_as_a_word_of_its_own() -> None:
    # PolNeAR: "Poll: …" has the source "Poll" and the cue ":"; "He’s claiming" the source "He" and the
    # cue "’s claiming". A span that starts on the punctuation does not take the word before it.
    text = "Poll: He’s claiming"
    offsets = [(0, 4), (4, 5), (6, 8), (8, 10), (11, 19)]
    probs = np.full((5, 3, 3), [0.98, 0.01, 0.01])
    probs[0, 0] = [0.01, 0.98, 0.01]  # source: Poll
    probs[1, 1] = [0.01, 0.98, 0.01]  # cue: ":"
    probs[2, 0] = [0.01, 0.98, 0.01]  # source: He
    probs[3, 1] = [0.01, 0.98, 0.01]  # cue: ’s claiming
    probs[4, 1] = [0.01, 0.01, 0.98]
    spans = {(s.role, text[s.start : s.end]) for s in _decode(probs, offsets, text)}
    assert spans == {("cue", "’s claiming"), ("cue", ":"), ("source", "He"), ("source", "Poll")}


@pytest.mark.unit
def test_bad_stride_and_missing_model_are_clear(tmp_path) -> None:
    with pytest.raises(ConfigError, match="stride"):
        AttributionTagger(stride=0)
    with pytest.raises(ModelError, match="attribution model missing"):
        AttributionTagger(tmp_path).tag("He said so.")


@pytest.mark.integration
def test_bundled_model_tags_a_plain_attribution() -> None:
    text = 'The minister told reporters that the bridge would reopen in May.'
    spans = {(s.role, text[s.start : s.end]) for s in AttributionTagger().tag(text)}
    assert ("cue", "told") in spans
    assert ("source", "The minister") in spans
    assert any(role == "content" and "bridge would reopen" in words for role, words in spans)


STORY = ('"We will reopen the bridge in May," the minister told reporters on Tuesday. '
         'Her deputy said later that the date could slip.')


def _spans(background: str, model_dir: str | None = None) -> list[tuple[str, int, int]]:
    from veracity.model import Document
    from veracity.text.tagging import AttributionTaggerStage, tagged_spans

    stage = AttributionTaggerStage(background=background, **({"model_dir": model_dir} if model_dir else {}))
    docs = stage.process([Document(text=STORY), Document(text="Nothing is quoted here.")])
    return [(s.role, s.start, s.end) for doc in docs for s in tagged_spans(doc)]


@pytest.mark.integration
def test_process_thread_and_inline_tagging_agree() -> None:
    inline = _spans("none")
    assert inline and _spans("thread") == inline
    assert _spans("process") == inline
    assert _spans("process") == inline  # the second batch reuses the running worker


@pytest.mark.integration
def test_a_failure_in_the_tagger_process_reaches_the_caller(tmp_path) -> None:
    with pytest.raises(ModelError, match="attribution model missing"):
        _spans("process", str(tmp_path))


class _ReportsItsNiceness:
    def tag_many(self, texts: list[str]) -> list[int]:
        return [os.nice(0) for _ in texts]


def _niceness_reporter(*settings: object) -> _ReportsItsNiceness:
    return _ReportsItsNiceness()


@pytest.mark.integration
@pytest.mark.skipif(not hasattr(os, "nice"), reason="no process priorities here")
def test_the_tagger_process_runs_below_its_callers_priority() -> None:
    # At equal priority its second lane took a share of the parse's core: 4.1 articles/s on PolNeAR dev
    # against 4.8 when it yields.
    from veracity.text.tagger_process import NICENESS, TaggerProcess

    worker = TaggerProcess((), _niceness_reporter)
    assert worker.submit(["a", "b"]).result(timeout=120) == [min(os.nice(0) + NICENESS, 19)] * 2


def _tag_in_pool_worker(text: str) -> int:
    from veracity.model import Document
    from veracity.text.tagging import AttributionTaggerStage, tagged_spans

    (doc,) = AttributionTaggerStage(background="process").process([Document(text=text)])
    return len(tagged_spans(doc))


@pytest.mark.integration
def test_inside_a_pool_worker_the_tagger_falls_back_to_a_thread_and_the_worker_exits() -> None:
    # A multiprocessing.Pool worker is a daemon and may not start the tagger process; a
    # ProcessPoolExecutor worker may, and must still exit when its pool shuts down.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        assert pool.apply(_tag_in_pool_worker, (STORY,)) > 0
    with ProcessPoolExecutor(1, mp_context=context) as executor:
        assert executor.submit(_tag_in_pool_worker, STORY).result(timeout=120) > 0


@pytest.mark.unit
def test_unknown_background_is_a_config_error() -> None:
    from veracity.text.tagging import AttributionTaggerStage

    with pytest.raises(ConfigError, match="background"):
        AttributionTaggerStage(background="gpu")
    assert AttributionTaggerStage(background=True).background == "thread"  # older configurations


@pytest.mark.integration
def test_an_articles_spans_do_not_depend_on_what_else_is_in_the_batch() -> None:
    # Dynamic int8 scales activations per batch; mixing articles in a batch would let one change another.
    long_story = " ".join([STORY] * 40)  # several windows
    tagger = AttributionTagger()
    alone = [tagger.tag(text) for text in (STORY, long_story)]
    assert tagger.tag_many([STORY, long_story]) == alone
    assert tagger.tag_many([long_story, STORY, "No one said anything."])[:2] == alone[::-1]


@pytest.mark.unit
def test_sequence_ends_come_from_the_post_processor_not_the_token_names() -> None:
    # MPNet's vocabulary holds [CLS] and [SEP] too, but wraps a text in <s> ... </s>: a lookup by name
    # would pick ids its encoder never saw opening a text.
    from tokenizers import Tokenizer, models, pre_tokenizers, processors

    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "[UNK]": 3, "[CLS]": 4, "[SEP]": 5, "said": 6}
    mpnet_like = Tokenizer(models.WordPiece(vocab, unk_token="[UNK]"))
    mpnet_like.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    mpnet_like.post_processor = processors.RobertaProcessing(("</s>", 2), ("<s>", 0))
    assert sequence_ends(mpnet_like) == (0, 2)
    bert_like = Tokenizer(models.WordPiece(vocab, unk_token="[UNK]"))
    bert_like.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[("[CLS]", 4), ("[SEP]", 5)])
    assert sequence_ends(bert_like) == (4, 5)
    bare = Tokenizer(models.WordPiece(vocab, unk_token="[UNK]"))
    with pytest.raises(ModelError, match="special tokens"):
        sequence_ends(bare)


@pytest.mark.unit
def test_bundled_tokenizer_wraps_texts_in_cls_and_sep() -> None:
    tokenizer = raw_tokenizer(MODEL_DIR / "tokenizer.json")
    assert sequence_ends(tokenizer) == (tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]"))


@pytest.mark.integration
def test_batches_run_two_at_a_time_give_the_same_spans_as_one_at_a_time() -> None:
    text = " ".join(f'"We will look at case {i} again," the minister told reporters on day {i}.' for i in range(120))
    one = AttributionTagger(MODEL_DIR, threads=1, lanes=1).tag(text)
    two = AttributionTagger(MODEL_DIR, threads=1, lanes=2).tag(text)
    assert one and one == two
    with pytest.raises(ConfigError, match="lanes must be at least 1"):
        AttributionTagger(lanes=0)


def test_span_bias_trades_spans_for_precision_and_is_checked(tmp_path) -> None:
    from veracity.text.tagging import AttributionTaggerStage

    text = 'The minister said on Tuesday that the talks had "collapsed", according to two officials.'
    shipped = AttributionTagger(MODEL_DIR, threads=1).tag(text)
    fewer = AttributionTagger(MODEL_DIR, threads=1, span_bias=(-20.0, -20.0, -20.0)).tag(text)
    more = AttributionTagger(MODEL_DIR, threads=1, span_bias=(0.0, 0.0, 0.0)).tag(text)
    assert shipped and more and not fewer
    with pytest.raises(ConfigError, match="span_bias"):
        AttributionTagger(span_bias=(1.0, 2.0))
    with pytest.raises(ConfigError, match="span_bias"):
        AttributionTaggerStage(span_bias=[0.0, float("nan"), 0.0])
    assert AttributionTaggerStage(span_bias=[0.0, -0.5, 0.0]).config()["span_bias"] == [0.0, -0.5, 0.0]
