"""veracity.wordpiece gives exactly the ids, offsets and type ids of the Rust ``tokenizers`` it replaces.

Every comparison runs both on the same tokenizer.json (the four models ship the same one) and compares the
three lists the callers read. ``tokenizers`` stays a dev dependency for these tests only.
"""

from __future__ import annotations

import copy
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veracity.wordpiece import WordPieceTokenizer

tokenizers = pytest.importorskip("tokenizers")

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "src" / "veracity" / "models"
TOKENIZER_FILE = MODELS / "attribution" / "tokenizer.json"
STORY_TEXTS = [json.loads(path.read_text(encoding="utf-8"))["text"]
               for path in sorted((ROOT / "benchmarks" / "data" / "stories").glob("*/*.json"))]

Input = str | tuple[str, str]


class Both:
    """The reference and our tokenizer, loaded from one file and set up alike."""

    def __init__(self, path: Path) -> None:
        self.reference = tokenizers.Tokenizer.from_file(str(path))
        self.ours = WordPieceTokenizer.from_file(path)
        for tokenizer in (self.reference, self.ours):
            tokenizer.no_padding()
            tokenizer.no_truncation()

    def truncate(self, max_length: int | None) -> None:
        for tokenizer in (self.reference, self.ours):
            if max_length is None:
                tokenizer.no_truncation()
            else:
                tokenizer.enable_truncation(max_length)

    def differences(self, inputs: Sequence[Input], add_special_tokens: bool = True) -> list[str]:
        """Each input whose ids, offsets or type ids differ, with both answers; empty when all agree."""
        expected = self.reference.encode_batch(list(inputs), add_special_tokens=add_special_tokens)
        got = self.ours.encode_batch(list(inputs), add_special_tokens=add_special_tokens)
        assert len(expected) == len(got) == len(inputs)
        return [f"{item!r}:\n  tokenizers {e.ids} {e.offsets} {e.type_ids}\n  ours       {g.ids} {g.offsets} "
                f"{g.type_ids}"
                for item, e, g in zip(inputs, expected, got, strict=True)
                if (e.ids, e.offsets, e.type_ids) != (g.ids, g.offsets, g.type_ids)]


@pytest.fixture(scope="module")
def both() -> Iterator[Both]:
    pair = Both(TOKENIZER_FILE)
    yield pair


def test_the_models_share_the_tokenizer_file_compared_here() -> None:
    files = sorted(MODELS.glob("*/tokenizer.json"))
    assert len(files) >= 4
    assert {path.read_bytes() for path in files} == {TOKENIZER_FILE.read_bytes()}


@pytest.mark.parametrize("add_special_tokens", [True, False])
@pytest.mark.parametrize("max_length", [None, 128])
def test_every_story_encodes_alike(both: Both, add_special_tokens: bool, max_length: int | None) -> None:
    assert len(STORY_TEXTS) > 100
    both.truncate(max_length)
    assert both.differences(STORY_TEXTS, add_special_tokens) == []
    if max_length is None:  # the comparison saw whole stories, not only their first tokens
        assert max(len(e.ids) for e in both.ours.encode_batch(STORY_TEXTS)) > 500


def _sentences() -> list[str]:
    return [s for text in STORY_TEXTS for s in re.split(r"(?<=[.!?\"”])\s+", text) if s.strip()]


def test_sentence_pairs_truncate_alike(both: Both) -> None:
    sentences = _sentences()
    passages = [" ".join(sentences[start:start + 12]) for start in range(0, len(sentences) - 12, 12)]
    passages = [passage for passage in passages if len(passage) > 1200]  # some 250 tokens and more
    assert len(passages) > 50
    pairs: list[Input] = list(zip(sentences, sentences[1:], strict=False))
    pairs += list(zip(passages, sentences, strict=False))  # the first far longer, over 128 tokens alone
    pairs += [(sentence, passage) for passage, sentence in zip(passages, sentences[7:], strict=False)]  # the second
    pairs += list(zip(passages, passages[1:], strict=False))  # both over 128 tokens
    both.truncate(128)
    assert both.differences(pairs) == []
    assert both.differences(pairs, add_special_tokens=False) == []
    assert all(len(both.ours.encode(passage).ids) == 128 for passage in passages)
    cut = [both.ours.encode(first, second).type_ids for first, second in pairs[-20:]]
    assert {len(type_ids) for type_ids in cut} == {128} and all(0 < sum(type_ids) < 128 for type_ids in cut)


def test_every_truncation_limit_cuts_alike(both: Both) -> None:
    """Small limits, limits below the special tokens' count (which tokenizers' unsigned arithmetic wraps to
    no limit at all), odd and even splits between the two texts."""
    short, long = "Hale said so.", "The minister, speaking in Cardiff on Tuesday, said the plan would cost £5m."
    inputs: list[Input] = [short, long, "", (short, long), (long, short), (long, long), (short, ""), ("", long)]
    for max_length in [*range(0, 20), 25, 31]:
        both.truncate(max_length)
        assert both.differences(inputs) == [], max_length
        assert both.differences(inputs, add_special_tokens=False) == [], max_length


NASTY = [
    "Müller's café served a naïve Zoë crème brûlée.",
    "İstanbul İİ i̇stanbul",
    "ΟΔΟΣ Σ σς ΑΣ.",
    "The 北京 summit (北京峰会) ended; 東京 and Ｔｏｋｙｏ next. 𠀀𪜀𫝀 𫠠 \U0002B820\U0002B920",
    "Emoji 🙂👍🏽 👨‍👩‍👧 ❤️ 🇬🇧 and ©®™ €£¥₹ ★",
    "\u0301 alone, e\u0301 after, \u0301\u0323 pair, a\u0323\u0301\u0304 stack, \u20dd",
    "non\u00a0breaking\u2028line\u2029para\u3000ideo\u2003em\u202fnarrow\u205fmath\u1680ogham",
    "vt\x0bff\x0cnel\x85fs\x1cgs\x1drs\x1eus\x1fnul\x00del\x7fbell\x07",
    "repl\ufffdchar soft\u00adhyphen zw\u200bsp zwj\u200dj bom\ufeffb lrm\u200erl\u200f",
    "a" * 100,
    "a" * 101,
    "b" * 100 + "!" + "c" * 101,
    "[CLS] [MASK] x[SEP]y [UNK][PAD][CLS] [cls] [ CLS ] [SEP[SEP]]",
    "“Curly,” she said—‘quite’ – so… «guillemets» „low“ ‹single›",
    "£5m, $3.2bn, 10%, U.S. and U.K. don't won't it's 1,000.50 e.g. i.e.",
    "",
    " ",
    " \t\n\r\u00a0\u2028 ",
    "trailing space ",
    "\n\nleading newlines",
    "x\ud7ff\ue000\uf8ff\U000f0000\U0010fffd",
    "Hangul 한국어 조선말 ᄀ ᅡ ᆨ",
    "ﬁ ﬂ ½ ² Ⅻ ㎏ Å Ω K",
    "ǅ ǈ ǋ ǲ Ϊ́ ΐ",
    "tab\tseparated\tvalues\r\nwindows",
    "xa\u0301\U0001d165b a\u0301\U0001d165 \U0001d15e\u0301 \U0001d16d\U0001d165",
    "y\u0323\U0001e944z a\u0301\u302e a\u0f73\u0f74",
    "mixed\u0898\u0323 \u1734 \u166d \u111c9 \u0890 \U00011938 \ua7cb\ua7da \U00010d50",
    "¿Qué? ¡Sí! Straße Œuvre Ærø Łódź Đakovo þorn",
    "word" * 30 + " " + "xq" * 60,
]


@pytest.mark.parametrize("add_special_tokens", [True, False])
def test_nasty_cases_encode_alike(both: Both, add_special_tokens: bool) -> None:
    both.truncate(None)
    assert both.differences(NASTY, add_special_tokens) == []
    pairs: list[Input] = list(zip(NASTY, NASTY[1:], strict=False))
    assert both.differences(pairs, add_special_tokens) == []


def test_added_tokens_in_the_text_are_the_special_ids(both: Both) -> None:
    encoding = both.ours.encode("x[SEP]y [MASK]", add_special_tokens=False)
    assert encoding.ids[1] == both.ours.token_to_id("[SEP]") == 102
    assert encoding.offsets[1] == (1, 6)
    assert encoding.ids[-1] == 103 and encoding.offsets[-1] == (8, 14)


def test_overlapping_added_tokens_match_longest_first(tmp_path: Path) -> None:
    """The leftmost-longest match of tokenizers' Aho-Corasick, on a copy with two more added tokens."""
    path = _changed(lambda c: c["added_tokens"].extend([
        {"id": 1000, "content": "[MASK]ed", "single_word": False, "lstrip": False, "rstrip": False,
         "normalized": False, "special": False},
        {"id": 1001, "content": "[MA", "single_word": False, "lstrip": False, "rstrip": False,
         "normalized": False, "special": True}]))(tmp_path)
    pair = Both(path)
    texts = ["[MASK]ed [MASK] [MA [MASK]edited x[MA]y [MASK]e", "[MA[MASK]ed", "[[MASK]]ed"]
    assert pair.differences(texts) == []
    for token in ["[MASK]ed", "[MA", "[MASK]"]:  # ids beyond the vocabulary's, whatever the file says
        assert pair.ours.token_to_id(token) == pair.reference.token_to_id(token)
    assert pair.ours.token_to_id("[MASK]ed") in pair.ours.encode(texts[0]).ids


def _code_point_texts(points: Sequence[int]) -> list[str]:
    """Every code point as the middle of a word, 4,000 words a text."""
    return [" ".join(f"a{chr(point)}b" for point in points[start:start + 4000])
            for start in range(0, len(points), 4000)]


def _character_vocabulary_file(tmp_path: Path, chars: Iterable[str]) -> Path:
    """The shipped tokenizer.json with a vocabulary of single characters, so that each character that
    normalisation keeps is a token of its own, and its offsets show where normalisation put it."""
    config = json.loads(TOKENIZER_FILE.read_text(encoding="utf-8"))
    vocab = {token["content"]: token["id"] for token in config["added_tokens"]}
    for char in sorted(set(chars)):
        for token in (char, "##" + char):
            vocab.setdefault(token, 200 + len(vocab))
    config["model"]["vocab"] = vocab
    path = tmp_path / "tokenizer.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    return path


def test_every_code_point_normalises_and_splits_alike(both: Both, tmp_path: Path) -> None:
    """Pins the character tables: tokenizers' categories, decompositions and lowercasing are of other
    Unicode versions than Python's, and each code point is read here as tokenizers reads it. With a
    vocabulary of every character of planes 0 and 1, each character normalisation gives is seen."""
    basic = [point for point in range(0x20000) if not 0xD800 <= point <= 0xDFFF]
    both.truncate(None)
    assert both.differences(_code_point_texts(basic + [*range(0x20000, 0x110000, 97), *range(0xE0000, 0xE0080)]),
                            add_special_tokens=False) == []
    characters = Both(_character_vocabulary_file(tmp_path, map(chr, basic)))
    assert characters.differences(_code_point_texts(basic), add_special_tokens=False) == []
    assert not any(unicodedata.category(chr(point)).startswith("P") for point in range(0x20000, 0x110000))


def test_canonical_ordering_moves_kept_marks_alike(tmp_path: Path) -> None:
    """NFD sorts a run of combining marks by class; where a kept mark (a spacing one, or one tokenizers
    does not strip) moves, it takes the place of the character it moved past, as tokenizers aligns it."""
    marks = [chr(p) for p in range(0x110000) if not 0xD800 <= p <= 0xDFFF
             and any(unicodedata.combining(part) for part in unicodedata.normalize("NFD", chr(p)))]
    probes = ["\u1b44", "\U0001d165", "\U0001d16d", "\u0301", "\u0323"]  # classes 9, 216, 226, 230, 220
    chars = set("yz") | set(probes)
    for mark in marks:
        chars |= {mark, *unicodedata.normalize("NFD", mark)}
    pair = Both(_character_vocabulary_file(tmp_path, chars))
    texts: list[Input] = [f"y{m}{p}z" for m in marks for p in probes] + [f"y{p}{m}{p}z" for m in marks for p in probes]
    assert pair.differences(texts, add_special_tokens=False) == []
    moved = pair.ours.encode("ya\u0301\U0001d165z", add_special_tokens=False)
    assert moved.offsets[2] == (2, 3)  # the stem sorts before the acute and takes its place


TEXT = st.text(st.characters(categories=("L", "M", "N", "P", "S", "Z", "Cc", "Cf", "Co", "Cn")), max_size=60)


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(TEXT, min_size=1, max_size=3), second=TEXT, add_special_tokens=st.booleans(),
       max_length=st.sampled_from([None, 5, 16, 128]))
def test_random_unicode_encodes_alike(both: Both, texts: list[str], second: str, add_special_tokens: bool,
                                      max_length: int | None) -> None:
    both.truncate(max_length)
    text = " ".join(texts) if len(texts) > 1 else texts[0]
    inputs: list[Input] = [text, *texts, (text, second), ("".join(texts), second)]
    assert both.differences(inputs, add_special_tokens) == []


def test_token_ids_are_looked_up_alike(both: Both) -> None:
    for token in ["[CLS]", "[SEP]", "[PAD]", "[MASK]", "[UNK]", "the", "##ing", "hello", "Hello", "nope", "", "£"]:
        assert both.ours.token_to_id(token) == both.reference.token_to_id(token), token


def test_the_files_truncation_holds_until_switched_off() -> None:
    """Callers that only switch padding off get the file's truncation (128), as from tokenizers."""
    reference = tokenizers.Tokenizer.from_file(str(TOKENIZER_FILE))
    ours = WordPieceTokenizer.from_file(str(TOKENIZER_FILE))
    reference.no_padding()
    ours.no_padding()
    long = max(STORY_TEXTS, key=len)
    assert ours.encode(long).ids == reference.encode(long).ids
    assert len(ours.encode(long).ids) == 128
    ours.no_truncation()
    assert len(ours.encode(long).ids) > 128


def _changed(edit: Callable[[dict[str, Any]], None]) -> Callable[[Path], Path]:
    def write(tmp_path: Path) -> Path:
        config = copy.deepcopy(_CONFIG)
        edit(config)
        path = tmp_path / "tokenizer.json"
        path.write_text(json.dumps(config), encoding="utf-8")
        return path
    return write


_CONFIG = json.loads(TOKENIZER_FILE.read_text(encoding="utf-8"))
OTHER_KINDS = {
    "cased": lambda c: c["normalizer"].update(lowercase=False),
    "accents kept": lambda c: c["normalizer"].update(strip_accents=False),
    "no normalizer": lambda c: c.update(normalizer=None),
    "other normalizer": lambda c: c.update(normalizer={"type": "NFC"}),
    "whitespace pre-tokenizer": lambda c: c.update(pre_tokenizer={"type": "Whitespace"}),
    "BPE model": lambda c: c["model"].update(type="BPE"),
    "Bert post-processor": lambda c: c.update(post_processor={"type": "BertProcessing", "sep": ["[SEP]", 102],
                                                              "cls": ["[CLS]", 101]}),
    "stripping added token": lambda c: c["added_tokens"][2].update(lstrip=True),
    "normalised added token": lambda c: c["added_tokens"][2].update(normalized=True),
    "only-first truncation": lambda c: c["truncation"].update(strategy="OnlyFirst"),
    "no vocabulary": lambda c: c["model"].pop("vocab"),
}


@pytest.mark.parametrize("kind", sorted(OTHER_KINDS))
def test_other_kinds_of_tokenizer_are_refused(tmp_path: Path, kind: str) -> None:
    path = _changed(OTHER_KINDS[kind])(tmp_path)
    with pytest.raises(ValueError):
        WordPieceTokenizer.from_file(path)


def test_the_unchanged_copy_is_accepted(tmp_path: Path) -> None:
    """The refusals above are for the edit, not for the copying."""
    path = _changed(lambda c: None)(tmp_path)
    assert WordPieceTokenizer.from_file(path).encode("Hello").ids == [101, 7592, 102]


def test_a_missing_or_garbled_file_is_an_error(tmp_path: Path) -> None:
    """A missing file raises FileNotFoundError; one that is not JSON raises ValueError."""
    with pytest.raises(FileNotFoundError):
        WordPieceTokenizer.from_file(tmp_path / "absent.json")
    garbled = tmp_path / "garbled.json"
    garbled.write_text(TOKENIZER_FILE.read_text(encoding="utf-8")[:5000], encoding="utf-8")
    with pytest.raises(ValueError):
        WordPieceTokenizer.from_file(garbled)


def test_a_lone_surrogate_is_refused_as_tokenizers_refuses_it(both: Both) -> None:
    for tokenizer in (both.reference, both.ours):
        with pytest.raises(TypeError):
            tokenizer.encode("caf\u00e9 a\ud800b")
