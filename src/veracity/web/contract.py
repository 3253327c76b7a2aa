"""The API's answers as types: one model per response body, and every status a route can answer.

Routes build their JSON by hand (a stored dossier is served as stored, with no re-serialising), so these
models do not convert anything: they are the contract written down, for ``/openapi.json`` (a client can be
generated from it) and for the schemathesis run in CI, which checks every answer against them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from veracity.web.problems import TITLES

# A query holds something besides spaces and ASCII punctuation. Spelled out character by character (the
# spaces are JavaScript's \s) so that Python's ``re``, which checks it here, and the ECMA regex a client
# checks it with read it the same way.
QUERY_PATTERN = "[^\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff!-/:-@\\[-`{-~]"
SOME_TEXT = r"\S"  # an article that is not empty or blank
A_DATE = {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}]}


class _Open(BaseModel):
    """A body that may gain fields in a later version: a client should ignore what it does not know."""

    model_config = ConfigDict(extra="allow")


class FieldProblem(BaseModel):
    field: str = Field(description="where in the request, e.g. body.text or query.q")
    message: str


class ProblemOut(BaseModel):
    """Every error: a short title, a message that says what to do, and on a 422 the fields at fault."""

    error: str = Field(description="the status in words, e.g. 'not found'")
    message: str
    fields: list[FieldProblem] | None = None


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    models_loaded: bool = Field(description="whether the pipeline's models are loaded (the first analysis waits "
                                            "for them otherwise)")


class InputProblem(BaseModel):
    source: str = Field(description="which input: the upload's label and, in a batch, its line")
    message: str


class DocumentSummary(_Open):
    id: str
    status: Literal["added", "unchanged"]
    source: str | None
    title: str | None
    outlet: str | None
    published: str | None
    quotes: int


class DocumentStored(DocumentSummary):
    dossier: str = Field(description="where to read the dossier")
    job: str = Field(description="the job that analysed it")


class DocumentKnown(_Open):
    """The same text is already stored: nothing was analysed."""

    id: str
    status: Literal["unchanged"]
    dossier: str


class RecordingSummary(_Open):
    """What a recording job made: the report's id and addresses."""

    id: str
    kind: Literal["recording"]
    recording: str
    view: str
    spectrogram: str
    source: str | None
    duration_seconds: float | None
    quotes: int
    stored: str | None = Field(None, description="the recording kept in the store, for good (GET it)")
    document: str | None = Field(None, description="the uploaded article, stored and linked to the recording")


class Progress(BaseModel):
    done: int
    total: int | None


class JobOut(_Open):
    id: str
    kind: str = Field(description="analyse, batch, factchecks, links, panels, recording or warm-up")
    status: Literal["queued", "running", "done", "failed"]
    stage: str
    progress: Progress
    documents: list[DocumentSummary | RecordingSummary]
    errors: list[InputProblem]
    message: str | None = Field(description="why it failed, or null")
    created: str
    finished: str | None


class JobAccepted(_Open):
    job: JobOut
    poll: str = Field(description="the job's URL: GET it until its status is done or failed")


class SearchHitOut(BaseModel):
    document: str
    quote: str | None = Field(description="the quote's id when a quote matched, else null (the document did)")
    outlet: str | None
    title: str | None
    published: str | None
    snippet: str
    matched: Literal["text", "meaning", "both"]


class HeardHitOut(BaseModel):
    """Words said on a stored recording (transcripts are searched by their words, in every mode)."""

    recording: str = Field(description="the recording's id: the SHA-256 of its bytes")
    source: str | None
    start: float = Field(description="seconds into the recording")
    end: float
    snippet: str


class SearchOut(BaseModel):
    query: str
    mode: Literal["text", "meaning", "both"]
    hits: list[SearchHitOut]
    heard: list[HeardHitOut] = Field(description="stretches of stored recordings' transcripts that match")


class QuoteCheckOut(_Open):
    """One printed quote of the story against the recording: where it was heard and how it compares."""

    quote_id: str | None
    printed: str
    speaker: str | None
    verdict: Literal["verbatim", "faithful", "altered", "not_found", "not_checked"]
    how: list[str]
    start: float | None
    end: float | None
    heard: str


class StoredRecordingOut(BaseModel):
    id: str = Field(description="the SHA-256 of the recording's bytes")
    source: str | None
    duration_seconds: float
    verdicts: dict[str, int] = Field(description="how many of the story's printed quotes got each verdict")
    checks: list[QuoteCheckOut]


class DossierRecordings(BaseModel):
    """The stored recordings a story quotes from (``veracity add leak.mp3 --article …``)."""

    document: str
    recordings: list[StoredRecordingOut]


class PersonQuote(BaseModel):
    speaker: str
    text: str
    kind: str
    cue: str | None
    published: str | None
    document: str
    outlet: str | None
    title: str | None


class PersonOut(BaseModel):
    query: str
    names: list[str]
    quotes: list[PersonQuote]


class FactchecksImported(BaseModel):
    added: int
    unchanged: int
    failed: int
    errors: list[InputProblem]


class DossierView(_Open):
    """The dossier laid out for the page (the article as a tree of strings and marks; see ``view``)."""

    id: str
    metadata: dict[str, Any]
    topics: list[Any]
    warnings: list[Any]
    paragraphs: list[Any]
    descriptions: dict[str, Any]
    people: list[dict[str, Any]]
    speakers: dict[str, str]
    timeline: dict[str, Any] | None
    times: list[dict[str, Any]]
    counts: dict[str, int]


class DossierLinks(_Open):
    """How this dossier's quotes were printed elsewhere, who denies what, conflicts and known fact-checks."""

    document: str
    documents: list[dict[str, Any]]
    variants: list[dict[str, Any]]
    denials: list[dict[str, Any]]
    conflicts: list[dict[str, Any]]
    factchecks: list[dict[str, Any]]
    people: list[dict[str, Any]]
    stale: bool = Field(description="a later document or fact-check may change it; it is being computed again")


class RecordingAccepted(_Open):
    id: str = Field(description="the recording's id")
    recording: str = Field(description="the report's URL (202 until it is ready)")
    view: str
    spectrogram: str
    job: JobOut
    poll: str


_WHY = {
    400: "the request could not be read (a malformed form, too many form fields)",
    401: "the server has a token and the request did not carry it (Authorization: Bearer …)",
    403: "a write from a web page of another origin (see docs/web.md, security)",
    404: "no such item in this store",
    413: "the body, the upload or the batch is over the server's limit",
    415: "not a kind of content this route reads",
    421: "the Host header is not a name this server was started for",
    422: "a field is missing or wrong (``fields`` names it), or the content cannot be analysed",
    503: "the job queue is full (Retry-After says when to try again) or the store cannot be reached",
}
# What every write may answer besides its own: a form that cannot be read, a forged origin, a body over
# the limit, content of the wrong type, a wrong field.
WRITES = (400, 403, 413, 415, 422)


def answers(ok: dict[int, tuple[type[BaseModel] | None, str]], *errors: int, token: bool = True
            ) -> dict[int | str, dict[str, Any]]:
    """A route's ``responses``: its successes with their models, and each error status with ProblemOut.

    Every route may answer 421 (the Host check runs first) and, behind the token, 401.
    """
    out: dict[int | str, dict[str, Any]] = {}
    for status, (model, description) in ok.items():
        out[status] = {"description": description, **({"model": model} if model else {})}
    for status in sorted({*errors, 421, *((401,) if token else ())}):
        out[status] = {"model": ProblemOut, "description": f"{TITLES[status]}: {_WHY[status]}"}
    return out


def dossier_schema() -> dict[str, Any]:
    """The dossier's JSON Schema with its ``$defs`` written in place: a ``#/$defs/…`` reference inside
    ``/openapi.json`` would be read from the root of that document, where there are none."""
    from veracity.model import dossier_json_schema

    schema = dossier_json_schema()
    definitions = schema.get("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return inline(definitions[node["$ref"].rsplit("/", 1)[-1]])
            return {key: inline(value) for key, value in node.items() if key not in ("$defs", "$schema", "$id")}
        if isinstance(node, list):
            return [inline(item) for item in node]
        return node

    return dict(inline(schema))


def documents_body(json_model: type[BaseModel]) -> dict[str, Any]:
    """``POST /documents``'s body: JSON (exactly one of text or html), a form upload, or a raw body."""
    schema = json_model.model_json_schema()
    properties = schema["properties"]
    for field, media in (("text", "text/plain"), ("html", "text/html")):
        properties[field] = {"type": "string", "pattern": SOME_TEXT, "contentMediaType": media,
                             "description": properties[field].get("description", "")}
    properties["published"] = {**A_DATE, "description": "publication date, YYYY-MM-DD"}
    for field in ("title", "url", "outlet"):  # given or left out; null says nothing
        properties[field] = {"type": "string", "maxLength": properties[field]["anyOf"][0]["maxLength"]}
    schema["oneOf"] = [{"required": ["text"]}, {"required": ["html"]}]
    raw = {"type": "string", "pattern": SOME_TEXT}
    return {"requestBody": {"required": True, "content": {
        "application/json": {"schema": schema},
        "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "additionalProperties": False,
                                           "properties": {
            "file": {"type": "string", "format": "binary", "description": "an HTML, text or JSONL file"},
            "published": {**A_DATE, "description": "publication date, YYYY-MM-DD"}}}},
        "text/plain": {"schema": raw},
        "text/html": {"schema": raw},
        "application/x-ndjson": {"schema": {**raw, "description": "one JSON article per line: "
                                                   "{url, outlet, title, published, text or html}"}},
    }}}


BLANK = {"type": "string", "pattern": r"^\s*$"}  # a field left blank: read as not given


def _claim_review() -> dict[str, Any]:
    """One ClaimReview, constrained where the import refuses a review and no further: whatever this schema
    refuses, the server refuses too (fields it reads leniently, such as ``publisher``, are left open;
    limits it counts on trimmed text are stated in words, since a schema counts the text as sent)."""
    text = {"type": ["string", "number", "null"], "description": "at most 500 characters once trimmed"}
    named = {"anyOf": [{"type": ["string", "null", "array"]},
                       {"type": "object", "properties": {"name": {"type": ["string", "null"]}}}]}
    return {"type": "object", "required": ["@type", "claimReviewed"], "properties": {
        "@type": {"anyOf": [{"const": "ClaimReview"}, {"type": "array", "contains": {"const": "ClaimReview"}}]},
        "claimReviewed": {"type": "string", "pattern": SOME_TEXT, "maxLength": 2000},
        "url": {"anyOf": [{"type": "string", "pattern": r"^\s*[hH][tT][tT][pP][sS]?://[^\s/?#]+[^\s]*\s*$",
                           "description": "at most 2,000 characters once trimmed"}, {"type": "null"}, BLANK]},
        "datePublished": {"anyOf": [*A_DATE["anyOf"], {"type": "null"}, BLANK]},
        "reviewRating": {"anyOf": [{"type": "object", "properties": {"alternateName": text}}, {"type": "null"}]},
        "author": named,
        "name": text,
    }}


def _factchecks_json() -> dict[str, Any]:
    """One review, a list, or a ``@graph``. In a list each review is read on its own (one that cannot be
    read is reported, the others imported), so a list's items are only required to be objects."""
    some = {"type": "array", "minItems": 1, "items": {"type": "object"}}
    # anyOf, not oneOf: a review may also carry a @graph, and the import reads both.
    return {"description": "ClaimReview JSON-LD: one review, a list, or a @graph", "anyOf": [
        _claim_review(), some, {"type": "object", "required": ["@graph"], "properties": {"@graph": some}}]}


FACTCHECKS_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {
    media: {"schema": _factchecks_json()} for media in ("application/ld+json", "application/json")} | {
    "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "additionalProperties": False,
                                       "properties": {
        "file": {"type": "string", "format": "binary", "description": "a .json or .jsonld file"}}}}}}}
