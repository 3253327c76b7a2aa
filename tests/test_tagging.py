"""The tagger's windowing and BIO decoding, and the bundled model loading offline."""

import numpy as np
import pytest

from veracity.errors import ConfigError, ModelError
from veracity.text.tagging import WINDOW, AttributionTagger, _decode, _viterbi, windows


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
