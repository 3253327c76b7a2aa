"""The spaCy parse: tokens, sentences, dependencies and named entities for later stages."""

from __future__ import annotations

import re
import threading
from typing import Any, ClassVar

from veracity.lang import language as language_of
from veracity.lang.en import LANGUAGE as ENGLISH
from veracity.lemmas import lemma, register
from veracity.model import Document, Entity
from veracity.pipeline import Stage, register_stage
from veracity.text.drafts import DATELINE

__all__ = ["SpacyParser", "lemma", "load_spacy", "parse_texts", "pieces", "sentence_starts"]

# spaCy's memory grows with the longest text it is handed (about 6 GB for 1,000,000 characters), so a
# text longer than this is parsed in consecutive pieces cut at paragraph ends and joined back into one
# parse: memory then depends on the piece, time stays linear in the length. Articles are far shorter.
PIECE_CHARS = 50_000
ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "DATE", "TIME", "MONEY", "CARDINAL", "PERCENT",
     "QUANTITY", "EVENT", "LAW", "ORDINAL", "PRODUCT", "WORK_OF_ART", "LANGUAGE"}
)

_MODELS: dict[str, Any] = {}
_LOCK = threading.Lock()


def load_spacy(model: str = ENGLISH.parser_model) -> Any:
    """Load a spaCy pipeline once per process; every stage and document shares it.

    The lemmatizer is switched off: it cost a tenth of the parse, and the rules ask for the lemmas
    of a few dozen tokens per article, which ``veracity.lemmas.lemma`` computes on demand with the same rules.
    """
    with _LOCK:
        if model not in _MODELS:
            try:
                import importlib

                nlp = importlib.import_module(model).load()
            except ImportError as error:
                from veracity.model_packages import missing_model

                raise missing_model(f"the spaCy model package {model!r}") from error
            if "lemmatizer" in nlp.pipe_names:
                register(nlp.vocab, nlp.get_pipe("lemmatizer"))
                nlp.disable_pipe("lemmatizer")
            if "parser" in nlp.pipe_names:
                nlp.add_pipe(_register_line_ends(), before="parser")
            _MODELS[model] = nlp
        return _MODELS[model]


_OPEN_LINE_ENDS = frozenset(".!?:;,\"”’')…—–-")


def _register_line_ends() -> str:
    """The name of a component that starts a sentence after a paragraph with no sentence end: a headline, a
    byline, a date line ("Published 9 April 2026") run into the first paragraph by the parser made its
    speaker the object of "Published"."""
    from spacy.language import Language

    name = "veracity_line_ends"
    if not Language.has_factory(name):
        Language.component(name, func=_sentences_after_lines)
    return name


# "KARVELA, June 11 (Meridian Press) - " opening a line: a dateline, after which the first sentence begins
_DATELINE = re.compile(r"^(?:" + DATELINE.pattern + ")", re.MULTILINE)


def _sentences_after_lines(doc: Any) -> Any:
    """Sentence starts after a paragraph with no sentence end, and after a dateline; the parser keeps them."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.is_space and previous.text.count("\n") >= 2 and not token.is_space and token.i >= 2:
            last = doc[token.i - 2]
            if last.text[-1:] not in _OPEN_LINE_ENDS:
                previous.is_sent_start = True  # (on the line break: a start on the word split its name)
    for match in _DATELINE.finditer(doc.text):  # (once per text, not per token: Doc.text is rebuilt on each read)
        first = doc.char_span(match.end(), match.end() + 1, alignment_mode="expand")
        if first is not None and len(first) and first[0].i > 0:
            first[0].is_sent_start = True
    return doc


def sentence_starts(parse: Any) -> tuple[list[int], list[int]]:
    """Token indices and character offsets where the parse's sentences start, computed once per parse
    from the token array (iterating ``Doc.sents`` builds a Span per sentence and cost 10 ms an article)."""
    cached = parse.user_data.get("veracity.sentence_starts")
    if cached is None:
        from spacy.attrs import IDX, SENT_START

        if len(parse) == 0:
            cached = ([], [])
        else:
            array = parse.to_array([SENT_START, IDX])
            starts = array[:, 0] == 1
            starts[0] = True
            cached = (starts.nonzero()[0].tolist(), array[starts, 1].astype(int).tolist())
        parse.user_data["veracity.sentence_starts"] = cached
    return cached


def pieces(text: str, size: int | None = None) -> list[str]:
    """``text`` cut into consecutive pieces of at most ``size`` (default ``PIECE_CHARS``) characters that
    join back into it, each ending after a paragraph break where one is in reach, else a line break, a
    sentence's end, a space."""
    size = PIECE_CHARS if size is None else size
    out: list[str] = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = next((found + len(mark) for mark in ("\n\n", "\n", ". ", " ")
                    if (found := window.rfind(mark, size // 2)) >= 0), size)
        out.append(window[:cut])
        start += cut
    out.append(text[start:])
    return out


def parse_texts(nlp: Any, texts: list[str], batch_size: int) -> list[Any]:
    """One spaCy Doc per text; a text longer than a piece is parsed piece by piece, one piece at a time
    (spaCy's memory follows what one batch holds), and joined with the very same characters and offsets
    (a piece boundary is also a sentence boundary)."""
    from spacy.tokens import Doc

    split = [pieces(text) for text in texts]
    whole = iter(nlp.pipe((parts[0] for parts in split if len(parts) == 1), batch_size=batch_size))
    docs = []
    for parts in split:
        if len(parts) == 1:
            docs.append(next(whole))
        else:
            # spaCy's stubs lack ``exclude`` (spaCy >= 3.3 takes it): the tensors are dropped, nothing reads them.
            docs.append(Doc.from_docs(list(nlp.pipe(parts, batch_size=1)), ensure_whitespace=False,  # type: ignore[call-arg]
                                      exclude=["tensor", "user_data"]))
    return docs


@register_stage("parse")
class SpacyParser(Stage):
    """Parse each document with spaCy (batched through ``nlp.pipe``) and list its entities."""

    requires: ClassVar[tuple[str, ...]] = ("text",)
    provides: ClassVar[tuple[str, ...]] = ("parse", "sentences", "entities")

    def __init__(self, model: str | None = None, batch_size: int = 16, language: str = "en") -> None:
        self.model = model  # None: the pipeline language's own parser
        self.batch_size = batch_size
        self.language = language

    def process(self, docs: list[Document]) -> list[Document]:
        nlp = load_spacy(self.model or language_of(self.language).parser_model)
        for doc, parse in zip(docs, parse_texts(nlp, [d.text for d in docs], self.batch_size), strict=True):
            doc.parse = parse
            doc.entities = [
                Entity(e.text, e.start_char, e.end_char, e.label_)
                for e in parse.ents
                if e.label_ in ENTITY_LABELS
            ]
        return docs
