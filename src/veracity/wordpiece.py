"""BERT's WordPiece tokenizer in pure Python, for the one tokenizer kind Veracity's models ship.

Every model's ``tokenizer.json`` is an uncased BERT WordPiece tokenizer. Reading it here, with the standard
library only, spares the run time the Rust ``tokenizers`` wheel and the huggingface-hub it pulls in, and
downloads nothing. Only that kind is promised: ``WordPieceTokenizer.from_file`` refuses any other normalizer,
pre-tokenizer, model or post-processor. The ids, the character offsets into the original text and the type
ids are exactly those of ``tokenizers.Tokenizer.from_file(...)``: tests/test_wordpiece.py checks them on
every benchmark story, sentence pairs, nasty cases and random Unicode text.

Exactness needs tokenizers' own character tables, which are older than Python 3.11's Unicode 14 for the
categories (control, nonspacing mark, punctuation) and for canonical decomposition, and newer for
lowercasing. The characters on which they disagree were found by running both on every code point, and are
listed below; the test that runs every code point through both says if another Python reads them otherwise.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any


def _code_points(spec: str) -> frozenset[int]:
    """The code points of a list of hex code points and ranges: "41 61-7A"."""
    points: set[int] = set()
    for item in spec.split():
        first, _, last = item.partition("-")
        points.update(range(int(first, 16), int(last or first, 16) + 1))
    return frozenset(points)


# Where tokenizers (0.23) reads a character differently from Python 3.11's unicodedata (Unicode 14).
# Format characters (Cf) it keeps, as its table predates them:
_KEPT_FORMAT = _code_points("890-891 8E2 110CD 13430-13438")
# Nonspacing marks (Mn) it keeps (not in its table), and the one spacing mark it strips (once Mn):
_KEPT_MARKS = _code_points(
    "7FD 898-89F 8CA-8E1 9FE AFA-AFF B55 C04 C3C D00 D3B-D3C D81 EBA 180F 1885-1886 1ABF-1ACE 1DF6-1DFB A82C"
    " A8C5 A8FF A9BD 10D24-10D27 10EAB-10EAC 10F46-10F50 10F82-10F85 11070 11073-11074 110C2 111C9 111CF 1123E"
    " 1133B 11438-1143F 11442-11444 11446 1145E 1182F-11837 11839-1183A 1193B-1193C 1193E 11943 119D4-119D7"
    " 119DA-119DB 119E0 11A01-11A0A 11A33-11A38 11A3B-11A3E 11A47 11A51-11A56 11A59-11A5B 11A8A-11A96"
    " 11A98-11A99 11C30-11C36 11C38-11C3D 11C3F 11C92-11CA7 11CAA-11CB0 11CB2-11CB3 11CB5-11CB6 11D31-11D36"
    " 11D3A 11D3C-11D3D 11D3F-11D45 11D47 11D90-11D91 11D95 11D97 11EF3-11EF4 16F4F 16FE4 1CF00-1CF2D"
    " 1CF30-1CF46 1E000-1E006 1E008-1E018 1E01B-1E021 1E023-1E024 1E026-1E02A 1E130-1E136 1E2AE 1E2EC-1E2EF"
    " 1E944-1E94A"
)
_STRIPPED_SPACING_MARKS = _code_points("1734")
# Punctuation (P*) it does not split off, and two characters it does (once Po, now So and Mn):
_NOT_PUNCTUATION = _code_points(
    "61D 9FD A76 C77 C84 1B7D-1B7E 2E43-2E4F 2E52-2E5D 10EAD 10F55-10F59 10F86-10F89 1144B-1144F 1145A-1145B"
    " 1145D 11660-1166C 116B9 1183B 11944-11946 119E2 11A3F-11A46 11A9A-11A9C 11A9E-11AA2 11C41-11C45"
    " 11C70-11C71 11EF7-11EF8 11FFF 12FF1-12FF2 16E97-16E9A 16FE2 1E95E-1E95F"
)
_EXTRA_PUNCTUATION = _code_points("166D 111C9")
# Its canonical decompositions and combining classes lack these newer characters:
_NOT_DECOMPOSED = _code_points("11938")
_NO_COMBINING_CLASS = _code_points(
    "7FD 898-89F 8CA-8D3 9FE C3C D3B-D3C EBA 1715 1ABF-1ACE 1DF6-1DFA A82C 10D24-10D27 10EAB-10EAC 10F46-10F50"
    " 10F82-10F85 11070 1133B 1145E 11839-1183A 1193D-1193E 11943 119E0 11A34 11A47 11A99 11D42 11D44-11D45 11D97"
    " 16FF0-16FF1 1E130-1E136 1E2AE 1E2EC-1E2EF"
)
# Its lowercasing knows these characters, unassigned in Unicode 14 (source range, first lowercase):
_NEWER_LOWERCASE = {
    source: chr(target + source - first)
    for first, last, target in [
        (0x1C89, 0x1C89, 0x1C8A), (0xA7CB, 0xA7CB, 0x0264), (0xA7CC, 0xA7CC, 0xA7CD), (0xA7CE, 0xA7CE, 0xA7CF),
        (0xA7D2, 0xA7D2, 0xA7D3), (0xA7D4, 0xA7D4, 0xA7D5), (0xA7DA, 0xA7DA, 0xA7DB), (0xA7DC, 0xA7DC, 0x019B),
        (0x10D50, 0x10D65, 0x10D70), (0x16EA0, 0x16EB8, 0x16EBB),
    ]
    for source in range(first, last + 1)
}

# Rust's char::is_whitespace, plus the three controls BERT counts as spaces.
_WHITESPACE = frozenset("\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
                        "\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_REMOVED_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs"})
_ASCII_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
_SEPARATORS = " \t\n\r"  # what is left of whitespace after normalisation (ASCII text keeps \t \n \r)
_ASCII_REMOVED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _is_cjk(point: int) -> bool:
    """BERT's CJK ideograph blocks, with its typo that leaves out 2B820-2B91F."""
    return (0x4E00 <= point <= 0x9FFF or 0x3400 <= point <= 0x4DBF or 0x20000 <= point <= 0x2A6DF
            or 0x2A700 <= point <= 0x2B81F or 0x2B920 <= point <= 0x2CEAF or 0xF900 <= point <= 0xFAFF
            or 0x2F800 <= point <= 0x2FA1F)


def _is_removed(char: str) -> bool:
    """Text cleaning drops NUL, U+FFFD and every control, format and private-use character but \\t \\n \\r."""
    point = ord(char)
    return (point == 0 or point == 0xFFFD
            or (unicodedata.category(char) in _REMOVED_CATEGORIES and char not in "\t\n\r"
                and point not in _KEPT_FORMAT))


def _decomposition(char: str) -> str:
    return char if ord(char) in _NOT_DECOMPOSED else unicodedata.normalize("NFD", char)


def _combining_class(char: str) -> int:
    return 0 if ord(char) in _NO_COMBINING_CLASS else unicodedata.combining(char)


def _is_stripped(char: str) -> bool:
    """Accent stripping drops nonspacing marks."""
    point = ord(char)
    if point in _STRIPPED_SPACING_MARKS:
        return True
    return unicodedata.category(char) == "Mn" and point not in _KEPT_MARKS


def _lowercase(char: str) -> str:
    """Rust's char::to_lowercase: one character at a time, so no final sigma."""
    return _NEWER_LOWERCASE.get(ord(char)) or char.lower()


def _is_punctuation(char: str) -> bool:
    point = ord(char)
    if char in _ASCII_PUNCTUATION or point in _EXTRA_PUNCTUATION:
        return True
    return unicodedata.category(char).startswith("P") and point not in _NOT_PUNCTUATION


def _char_normalization(char: str) -> str:
    """What BertNormalizer makes of one character when its neighbours leave its marks in place."""
    if _is_removed(char):
        return ""
    if char in _WHITESPACE:
        return " "
    body = "".join(_lowercase(part) for part in _decomposition(char) if not _is_stripped(part))
    return f" {body} " if _is_cjk(ord(char)) else body


def _keeps_a_combining_mark(char: str) -> bool:
    """Whether normalisation keeps a character that canonical ordering may move past its neighbours'
    marks, which moves offsets (and order): then only the step-by-step path is exact."""
    if _is_removed(char) or char in _WHITESPACE:
        return False
    return any(_combining_class(part) and not _is_stripped(part) for part in _decomposition(char))


_TABLE_SIZE = 200_000


class _NormalizationTable(dict[int, str]):
    """``str.translate``'s table of every character seen so far, filled on first sight; it also collects
    the characters that do not normalise to exactly one character (the irregular ones)."""

    def __init__(self) -> None:
        super().__init__()
        self.irregular: set[str] = set()
        self.reordering: set[str] = set()

    def __missing__(self, point: int) -> str:
        char = chr(point)
        normalized = _char_normalization(char)
        if _keeps_a_combining_mark(char):
            self.reordering.add(char)
            self.irregular.add(char)
        elif len(normalized) != 1:
            self.irregular.add(char)
        if len(self) < _TABLE_SIZE:  # beyond it (all of Unicode seen), computed again each time
            self[point] = normalized
        return normalized


_TABLE = _NormalizationTable()
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _word_pattern(marks: list[int]) -> re.Pattern[str]:
    """BertPreTokenizer as one pattern: runs of neither space nor punctuation, and each punctuation mark."""
    ranges: list[list[int]] = []
    for point in marks:
        if ranges and ranges[-1][1] == point - 1:
            ranges[-1][1] = point
        else:
            ranges.append([point, point])
    marks_class = "".join(re.escape(chr(first)) + (f"-{re.escape(chr(last))}" if last > first else "")
                          for first, last in ranges)
    return re.compile(f"[^{re.escape(_SEPARATORS)}{marks_class}]+|[{marks_class}]")


_ASCII_WORDS = _word_pattern(sorted(map(ord, _ASCII_PUNCTUATION)))
_unicode_words: tuple[re.Pattern[str], re.Pattern[str]] | None = None


def _words(text: str) -> re.Pattern[str]:
    """The word pattern for a normalised text: ASCII's, or Unicode's, built once when a text first needs it
    (no punctuation lies beyond plane 1). Without astral characters in the text, a pattern of the basic
    plane's marks does: re matches it from a bitmap, several times faster."""
    global _unicode_words
    if text.isascii():
        return _ASCII_WORDS
    if _unicode_words is None:
        marks = [point for point in range(0x20000) if _is_punctuation(chr(point))]
        _unicode_words = (_word_pattern([point for point in marks if point < 0x10000]), _word_pattern(marks))
    basic, every = _unicode_words
    return every if _ASTRAL.search(text) else basic


def _normalize(text: str) -> tuple[str, list[int] | None]:
    """BertNormalizer's text and, unless it is character for character the input's, the index in ``text``
    of each of its characters (None: the same index)."""
    if text.isascii():
        if _ASCII_REMOVED.search(text) is None:
            return text.lower(), None
    elif _SURROGATE.search(text) is not None:
        raise TypeError("the text holds a lone surrogate, which tokenizers refuses as not a str")
    normalized = text.translate(_TABLE)  # fills the table with any character not seen before
    irregular = _TABLE.irregular.intersection(set(text))
    if not irregular:
        return normalized, None
    if not irregular.isdisjoint(_TABLE.reordering):
        return _normalize_exactly(text)
    origin: list[int] = []
    previous = 0
    for match in re.finditer("[" + "".join(map(re.escape, sorted(irregular))) + "]", text):
        index = match.start()
        origin.extend(range(previous, index))
        origin.extend([index] * len(_TABLE[ord(text[index])]))
        previous = index + 1
    origin.extend(range(previous, len(text)))
    return normalized, origin


def _normalize_exactly(text: str) -> tuple[str, list[int]]:
    """BertNormalizer step by step, for text where canonical ordering may move a kept mark: the marks of
    a run are stably sorted by combining class, and each decomposition's first character takes the next
    source character's place (tokenizers' alignment rule), its other characters the same place as it."""
    cleaned: list[int] = []  # the source index of each character after cleaning and CJK spacing
    decomposed: list[tuple[int, str, bool]] = []  # combining class, character, first of its source's
    run_start = 0
    for index, char in enumerate(text):
        if _is_removed(char):
            continue
        if char in _WHITESPACE:
            char = " "
        for spaced in (" ", char, " ") if _is_cjk(ord(char)) else (char,):
            cleaned.append(index)
            for position, part in enumerate(_decomposition(spaced)):
                combining_class = _combining_class(part)
                if combining_class == 0:
                    decomposed[run_start:] = sorted(decomposed[run_start:], key=itemgetter(0))
                    run_start = len(decomposed)
                decomposed.append((combining_class, part, position == 0))
    decomposed[run_start:] = sorted(decomposed[run_start:], key=itemgetter(0))
    chars: list[str] = []
    origin: list[int] = []
    taken = -1
    for _, part, first in decomposed:
        taken += first
        if not _is_stripped(part):
            lowered = _lowercase(part)
            chars.append(lowered)
            origin.extend([cleaned[max(taken, 0)]] * len(lowered))
    return "".join(chars), origin


@dataclass(slots=True)
class Encoding:
    """One encoded text or pair, as tokenizers' Encoding gives it: offsets are character offsets into the
    original text (special tokens the post-processor adds have (0, 0))."""

    ids: list[int]
    type_ids: list[int]
    offsets: list[tuple[int, int]]

    def __len__(self) -> int:
        return len(self.ids)

    def truncated(self, length: int) -> Encoding:
        return Encoding(self.ids[:length], self.type_ids[:length], self.offsets[:length])


_PIECES_CACHE_SIZE = 100_000
_Pieces = int | tuple[tuple[int, int, int], ...]  # a word's one piece, or its pieces (id, start, end)


@dataclass(frozen=True)
class _TemplatePiece:
    special: str | None  # a special token's name, or None for a sequence
    sequence: int  # which sequence (0: A, 1: B), for a sequence
    type_id: int


class WordPieceTokenizer:
    """The subset of ``tokenizers.Tokenizer`` our callers use, for BERT WordPiece tokenizer files."""

    def __init__(self, vocab: dict[str, int], unk_token: str, prefix: str, max_word_chars: int,
                 added_tokens: dict[str, int], single: list[_TemplatePiece], pair: list[_TemplatePiece],
                 special_ids: dict[str, list[int]], truncation: int | None) -> None:
        if unk_token not in vocab:
            raise ValueError(f"the WordPiece vocabulary lacks its unknown token {unk_token!r}")
        self._vocab = vocab
        self._unk_id = vocab[unk_token]
        self._prefix = prefix
        self._max_word_chars = max_word_chars
        self._added_tokens = added_tokens
        self._added_pattern = (re.compile("|".join(re.escape(token) for token in
                                                   sorted(added_tokens, key=len, reverse=True)))
                               if added_tokens else None)
        self._single = single
        self._pair = pair
        self._special_ids = special_ids
        self._truncation = truncation
        self._pieces: dict[str, _Pieces] = {}

    @classmethod
    def from_file(cls, path: str | Path) -> WordPieceTokenizer:
        """Reads a tokenizer.json of the BERT WordPiece kind; FileNotFoundError if it is missing, ValueError
        if it is not JSON or of any other kind. Its truncation is kept; its padding is never applied."""
        with open(path, encoding="utf-8") as file:
            config = json.load(file)
        try:
            return cls._from_config(config)
        except (KeyError, TypeError, AttributeError) as error:
            raise ValueError(f"{path} is not a tokenizer.json this reader knows: {error!r}") from error

    @classmethod
    def _from_config(cls, config: dict[str, Any]) -> WordPieceTokenizer:
        normalizer = config["normalizer"] or {}
        if (normalizer.get("type") != "BertNormalizer" or normalizer.get("clean_text") is not True
                or normalizer.get("handle_chinese_chars") is not True or normalizer.get("lowercase") is not True
                or normalizer.get("strip_accents") not in (None, True)):
            raise ValueError(f"only an uncased BertNormalizer is supported, not {normalizer}")
        pre_tokenizer = config["pre_tokenizer"] or {}
        if pre_tokenizer.get("type") != "BertPreTokenizer":
            raise ValueError(f"only the BertPreTokenizer is supported, not {pre_tokenizer}")
        model = config["model"]
        if model.get("type") != "WordPiece":
            raise ValueError(f"only a WordPiece model is supported, not {model.get('type')}")
        vocab = dict(model["vocab"])
        added: dict[str, int] = {}
        for token in config.get("added_tokens") or []:
            if token["normalized"] or token["lstrip"] or token["rstrip"] or token["single_word"]:
                raise ValueError(f"added token {token['content']!r} is normalised or strips: not supported")
            if token["content"] not in added:  # ids as tokenizers gives them, not as the file says
                highest = max(added.values(), default=-1)
                fresh = highest + 1 if highest >= len(vocab) else len(vocab)
                added[token["content"]] = vocab.get(token["content"], fresh)
        processor = config["post_processor"] or {}
        if processor.get("type") != "TemplateProcessing":
            raise ValueError(f"only a TemplateProcessing post-processor is supported, not {processor.get('type')}")
        special_ids = {name: list(special["ids"]) for name, special in processor["special_tokens"].items()}
        single, pair = (cls._template(processor[kind], special_ids) for kind in ("single", "pair"))
        if (sorted(p.sequence for p in single if p.special is None) != [0]
                or sorted(p.sequence for p in pair if p.special is None) != [0, 1]):
            raise ValueError("the post-processor's templates must hold sequence A once, and a pair's A and B")
        truncation = config.get("truncation")
        if truncation is not None and (truncation.get("strategy") != "LongestFirst" or truncation.get("stride")
                                       or truncation.get("direction", "Right") != "Right"):
            raise ValueError(f"only LongestFirst truncation to the right without stride is supported: {truncation}")
        return cls(vocab, model["unk_token"], model["continuing_subword_prefix"],
                   int(model["max_input_chars_per_word"]), added, single, pair, special_ids,
                   None if truncation is None else int(truncation["max_length"]))

    @staticmethod
    def _template(pieces: list[dict[str, Any]], special_ids: dict[str, list[int]]) -> list[_TemplatePiece]:
        """A template's pieces: special tokens, and the sequences A and B."""
        template = []
        for piece in pieces:
            ((kind, value),) = piece.items()
            if kind == "SpecialToken" and value["id"] in special_ids:
                template.append(_TemplatePiece(value["id"], 0, int(value["type_id"])))
            elif kind == "Sequence" and value["id"] in ("A", "B"):
                template.append(_TemplatePiece(None, "AB".index(value["id"]), int(value["type_id"])))
            else:
                raise ValueError(f"unknown template piece {piece}")
        return template

    def token_to_id(self, token: str) -> int | None:
        """The id of a token, added tokens first, as tokenizers looks it up."""
        added = self._added_tokens.get(token)
        return added if added is not None else self._vocab.get(token)

    def enable_truncation(self, max_length: int) -> None:
        """Cut encodings to ``max_length`` tokens, longest sequence first, special tokens included."""
        self._truncation = max_length

    def no_truncation(self) -> None:
        self._truncation = None

    def no_padding(self) -> None:
        """Padding is never applied; kept so callers written for tokenizers need no change."""

    def encode(self, text: str, pair: str | None = None, add_special_tokens: bool = True) -> Encoding:
        """One text, or a pair (premise, hypothesis) with the second's type ids 1."""
        first = self._encode_text(text)
        second = None if pair is None else self._encode_text(pair)
        return self._post_process(first, second, add_special_tokens)

    def encode_batch(self, inputs: Sequence[str | tuple[str, str] | list[str]],
                     add_special_tokens: bool = True) -> list[Encoding]:
        """Each input encoded alone: a text, or a pair given as a (text, pair) tuple or list."""
        encodings = []
        for item in inputs:
            if isinstance(item, str):
                encodings.append(self.encode(item, add_special_tokens=add_special_tokens))
            elif isinstance(item, tuple | list) and len(item) == 2:
                encodings.append(self.encode(item[0], item[1], add_special_tokens=add_special_tokens))
            else:
                raise TypeError(f"an input must be a text or a pair of texts, not {type(item).__name__}")
        return encodings

    def _post_process(self, first: Encoding, second: Encoding | None, add_special_tokens: bool) -> Encoding:
        """Truncation, then the template, as tokenizers' post_process does it."""
        template = self._single if second is None else self._pair
        if self._truncation is not None:
            added = sum(len(self._special_ids[p.special]) for p in template if p.special) if add_special_tokens else 0
            first, second = self._truncate(first, second, self._truncation - added)
        ids: list[int] = []
        type_ids: list[int] = []
        offsets: list[tuple[int, int]] = []
        for piece in template:
            if piece.special is None:
                sequence = second if piece.sequence else first
                assert sequence is not None
                ids += sequence.ids
                type_ids += [piece.type_id] * len(sequence.ids)
                offsets += sequence.offsets
            elif add_special_tokens:
                special = self._special_ids[piece.special]
                ids += special
                type_ids += [piece.type_id] * len(special)
                offsets += [(0, 0)] * len(special)
        return Encoding(ids, type_ids, offsets)

    @staticmethod
    def _truncate(first: Encoding, second: Encoding | None,
                  max_length: int) -> tuple[Encoding, Encoding | None]:
        """tokenizers' LongestFirst rule (utils/truncation.rs). A limit below the special tokens' count
        wraps round in its unsigned arithmetic, so nothing is cut then."""
        if max_length < 0:
            return first, second
        if max_length == 0:
            return first.truncated(0), None if second is None else second.truncated(0)
        if len(first) + (0 if second is None else len(second)) <= max_length:
            return first, second
        if second is None:
            return first.truncated(max_length), None
        swap = len(first) > len(second)
        shorter, longer = (len(second), len(first)) if swap else (len(first), len(second))
        longer = shorter if shorter > max_length else max(shorter, max_length - shorter)
        if shorter + longer > max_length:
            shorter = max_length // 2
            longer = shorter + max_length % 2
        if swap:
            shorter, longer = longer, shorter
        return first.truncated(shorter), second.truncated(longer)

    def _encode_text(self, text: str) -> Encoding:
        """Added tokens are found in the raw text; the stretches between them are normalised, split into
        words and words into pieces, each stretch on its own."""
        if not isinstance(text, str):
            raise TypeError(f"a text must be a str, not {type(text).__name__}")
        ids: list[int] = []
        offsets: list[tuple[int, int]] = []
        start = 0
        if self._added_pattern is not None:
            for match in self._added_pattern.finditer(text):
                if match.start() > start:
                    self._encode_stretch(text[start:match.start()], start, ids, offsets)
                ids.append(self._added_tokens[match.group()])
                offsets.append(match.span())
                start = match.end()
        if start < len(text):
            self._encode_stretch(text[start:] if start else text, start, ids, offsets)
        return Encoding(ids, [0] * len(ids), offsets)

    def _encode_stretch(self, text: str, shift: int, ids: list[int], offsets: list[tuple[int, int]]) -> None:
        """Appends the tokens of a stretch free of added tokens that starts at ``shift`` in the text."""
        normalized, origin = _normalize(text)
        cached = self._pieces.get
        word_pieces = self._word_pieces
        append_id = ids.append
        append_offsets = offsets.append
        if origin is None and not shift:  # the common case, kept lean: the offsets are the normalised ones
            for match in _words(normalized).finditer(normalized):
                pieces = cached(match.group())
                if pieces is None:
                    pieces = word_pieces(match.group())
                if isinstance(pieces, int):
                    append_id(pieces)
                    append_offsets(match.span())
                else:
                    begin = match.start()
                    for piece_id, piece_start, piece_end in pieces:
                        append_id(piece_id)
                        append_offsets((begin + piece_start, begin + piece_end))
            return
        source: Sequence[int] = range(len(normalized)) if origin is None else origin
        for match in _words(normalized).finditer(normalized):
            pieces = cached(match.group())
            if pieces is None:
                pieces = word_pieces(match.group())
            begin = match.start()
            spans = ((pieces, 0, match.end() - begin),) if isinstance(pieces, int) else pieces
            for piece_id, piece_start, piece_end in spans:
                append_id(piece_id)
                append_offsets((source[begin + piece_start] + shift, source[begin + piece_end - 1] + 1 + shift))

    def _word_pieces(self, word: str) -> _Pieces:
        """Greedy longest-match-first pieces (id, start, end) of a word, or the id alone of a word that is one
        piece; one unknown token for the whole word if it is too long or some part of it matches nothing.
        Cached: news repeats its words."""
        if len(word) > self._max_word_chars:
            return self._unk_id  # not cached: a long run of letters (a data blob) would fill the cache
        vocab = self._vocab
        pieces: list[tuple[int, int, int]] = []
        start = 0
        while start < len(word):
            for end in range(len(word), start, -1):
                piece_id = vocab.get(word[start:end] if start == 0 else self._prefix + word[start:end])
                if piece_id is not None:
                    pieces.append((piece_id, start, end))
                    start = end
                    break
            else:
                break
        result: _Pieces = self._unk_id if start < len(word) else pieces[0][0] if len(pieces) == 1 else tuple(pieces)
        if len(self._pieces) >= _PIECES_CACHE_SIZE:
            self._pieces.clear()
        self._pieces[word] = result
        return result
