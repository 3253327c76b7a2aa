"""The store's commands: ``veracity add``, ``search``, ``person``, ``dossier --about`` and ``factchecks``.

``add`` is resumable: an input whose content is already stored is recorded as "unchanged" in the ledger
and not analysed again, so rerunning a bulk add after a crash only analyses what is missing. A bad input
(missing, unreadable, a malformed JSONL line, a stage failure, a document the store refuses) is recorded
in the ledger with its error and one line on stderr, and the run goes on; the run exits 1 when any input
failed, like ``veracity analyze`` with several inputs.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from typing import TextIO

from veracity.cli.common import max_bytes_option, say, store_option
from veracity.corpus.inputs import iter_inputs
from veracity.corpus.recordings import is_recording
from veracity.errors import ConfigError, InputError, ModelError
from veracity.ingest import MAX_INPUT_BYTES
from veracity.model import Document
from veracity.store import RecordingHit, SaidQuote, SearchHit, SearchMode, Store, open_store, storage_failure

# Smaller than ``analyze``'s batches: each finished batch is committed, so a crash loses less analysis.
ADD_BATCH = 8


def add_parsers(commands: argparse._SubParsersAction) -> None:
    store = store_option()
    add = commands.add_parser("add", parents=[store, max_bytes_option()],
                              help="analyse documents (and examine recordings) and keep them in a store")
    add.add_argument("inputs", nargs="+", metavar="PATH",
                     help="text or HTML files, directories of them, JSONL files of "
                          "{url, outlet, title, published, text or html}, or recordings (WAV, MP3, M4A, OGG, FLAC…)")
    add.add_argument("--article", metavar="ID-URL-OR-FILE",
                     help="the story that quotes the recording(s) given: a stored document's id, URL or source, or "
                          "a text or HTML file (analysed and stored); its printed quotes are checked against each")
    add.add_argument("--published", metavar="YYYY-MM-DD", help="with --article FILE: the date it was published")
    add.set_defaults(handler=lambda args: run_add(args.inputs, args.store, max_bytes=args.max_bytes,
                                                  article=args.article, published=args.published, say=say))
    search = commands.add_parser("search", parents=[store],
                                 help="search stored documents and quotes by their words and meaning")
    search.add_argument("query", help="words to find (taken as plain words, not query syntax)")
    search.add_argument("--limit", type=int, default=10, metavar="N", help="at most N results (default 10)")
    search.add_argument("--mode", choices=("text", "meaning", "both"), default="both",
                        help="text: every word must match; meaning: what was said closest in meaning, in any "
                             "words; both (default): the two rankings fused")
    search.set_defaults(handler=lambda args: run_search(args.query, args.store, limit=_limit(args),
                                                        mode=args.mode, say=say))
    person = commands.add_parser("person", parents=[store],
                                 help="everything a person said, over time, with sources")
    person.add_argument("name", help="part of the speaker's name, any case")
    person.set_defaults(handler=lambda args: run_person(args.name, args.store, say=say))
    dossier = commands.add_parser("dossier", parents=[store],
                                  help="one dossier across the stored documents on a story")
    dossier.add_argument("--about", required=True, metavar="WORDS", help="words that find the story's documents")
    dossier.add_argument("--format", choices=("json", "text", "claimreview"), default="text",
                         help="text, the story as JSON, or its claims that match stored fact-checks as ClaimReview")
    dossier.add_argument("--limit", type=int, default=20, metavar="N", help="at most N documents (default 20)")
    dossier.add_argument("-o", "--output", metavar="PATH", help="file to write (default: stdout)")
    dossier.set_defaults(handler=lambda args: run_dossier(args.about, args.store, fmt=args.format,
                                                          limit=_limit(args), output=args.output, say=say))
    factchecks = commands.add_parser("factchecks", help="import fact-checks (ClaimReview) and match claims to them")
    actions = factchecks.add_subparsers(dest="action", required=True, metavar="ACTION")
    load = actions.add_parser("import", parents=[store],
                              help="import ClaimReview JSON-LD files or pages, or CheckThat! claims (.tsv)")
    load.add_argument("inputs", nargs="+", metavar="FILE")
    load.set_defaults(handler=lambda args: import_factchecks(args.inputs, args.store, say=say))
    match = actions.add_parser("match", parents=[store], help="the stored fact-checks that best match a claim")
    match.add_argument("claim", help="the claim's words")
    match.add_argument("--limit", type=int, default=5, metavar="N", help="at most N fact-checks (default 5)")
    match.set_defaults(handler=lambda args: match_factchecks(args.claim, args.store, limit=_limit(args),
                                                             say=say))


def _limit(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise ConfigError("--limit must be at least 1")
    return int(args.limit)


def run_add(paths: list[str], store_path: str, *, max_bytes: int | None = None, article: str | None = None,
        published: str | None = None, say: Callable[[str], None], out: TextIO | None = None) -> int:
    """Analyse and store every input (recordings examined and kept, ``article`` linked to them); print one
    summary line; 0 when nothing failed, else 1."""
    out = out or sys.stdout
    recordings = [path for path in paths if is_recording(path)]
    texts = [path for path in paths if not is_recording(path)]
    if article is not None and not recordings:
        raise ConfigError("--article links a story to a recording; give the recording too "
                          "(veracity add leak.mp3 --article story.html)")
    if published is not None and article is None:
        raise ConfigError("--published is for --article: the date the article was published")
    if recordings:
        from veracity.model_packages import require_extra

        require_extra("audio", "adding a recording")
    counts: Counter[str] = Counter()
    with open_store(store_path) as store:

        def failed(source: str | None, reason: str) -> None:
            store.note(source, None, "failed", reason)
            counts["failed"] += 1
            say(f"{source}: {reason}")

        if texts:
            _add_documents(texts, store, counts, failed, max_bytes=max_bytes or MAX_INPUT_BYTES)
        if recordings:
            _add_recordings(recordings, store, counts, failed, article=article, published=published, say=say,
                            out=out)
    print(f"added {counts['added']}, unchanged {counts['unchanged']}, failed {counts['failed']} "
          f"(store {store_path})", file=out)
    return 1 if counts["failed"] else 0


Failed = Callable[[str | None, str], None]


def _add_documents(paths: list[str], store: Store, counts: Counter[str], failed: Failed, *,
                   max_bytes: int) -> None:
    from veracity.pipeline import batched, build_pipeline

    def to_analyse() -> Iterator[Document]:
        for item in iter_inputs(paths, max_bytes=max_bytes):
            if item.document is None:
                failed(item.source, item.error or "could not be read")
            elif store.contains(item.document.id):
                store.note(item.source, item.document.id, "unchanged")
                counts["unchanged"] += 1
            else:
                yield item.document

    # The command's main module is guarded, so the tagger may run in its own process.
    pipeline = build_pipeline(on_error="skip", tagger_defaults={"background": "process"})
    for batch in pipeline.run_batches(batched(to_analyse(), ADD_BATCH)):
        for doc in batch:
            try:
                counts[store.add(doc)] += 1
            except Exception as error:
                failed(doc.metadata.source, storage_failure(error))
        for quarantined in pipeline.quarantine:
            failed(quarantined.source, f"analysis failed in stage {quarantined.stage}: {quarantined.error}")
        pipeline.quarantine.clear()


def _add_recordings(paths: list[str], store: Store, counts: Counter[str], failed: Failed, *,
                    article: str | None, published: str | None, say: Callable[[str], None], out: TextIO) -> None:
    """Each recording examined once and kept; the story ``article`` names (stored now if it is a file) linked."""
    from veracity.corpus.recordings import keep_recording, stored_article

    story = stored_article(store, article, published=published, say=say) if article is not None else None
    for path in paths:
        try:
            kept = keep_recording(store, path, article=story)
        except InputError as error:  # AudioError too: not a recording, cut off, unreadable
            failed(path, error.message)
            continue
        counts[kept.status] += 1
        print(f"{path}: {kept.summary()}", file=out)


def run_search(query: str, store_path: str, *, limit: int, mode: SearchMode = "text", say: Callable[[str], None],
           out: TextIO | None = None) -> int:
    """Print the best matches among stored documents and quotes: by words, by meaning, or both fused.

    Without the embedding model, ``both`` says so and shows the full-text matches: words still find
    what they find."""
    out = out or sys.stdout
    with open_store(store_path, create=False) as store:
        if mode != "text" and (missing := store.vectors.missing()):
            say(f"embedding {missing} stored documents for meaning search first (once; documents added from now "
                "on are embedded as they are stored)")
        try:
            hits = store.search(query, limit=limit, mode=mode)
        except ModelError as error:
            if mode != "both":
                raise
            say(f"{error}; showing full-text matches only")
            hits = store.search(query, limit=limit, mode="text")
        # Words said on stored recordings, by their words (transcripts have no sentence vectors).
        heard = store.search_recordings(query, limit=limit)
    if not hits and not heard:
        say(f"nothing in {store_path} matches {query!r}")
    for hit in hits:
        print(_search_line(hit, mode), file=out)
        print("    " + " ".join(hit.snippet.split()), file=out)
    for said in heard:
        print(_heard_line(said), file=out)
        print("    " + " ".join(said.snippet.split()), file=out)
    return 0


def run_person(name: str, store_path: str, *, say: Callable[[str], None], out: TextIO | None = None) -> int:
    """Print everything a person said, oldest first, with the document that reports it."""
    out = out or sys.stdout
    with open_store(store_path, create=False) as store:
        said = store.person(name)
    if not said:
        say(f"no quotes by a speaker named like {name!r} in {store_path}")
    for quote in said:
        print(_said_line(quote), file=out)
    return 0


def run_dossier(about: str, store_path: str, *, fmt: str, limit: int, output: str | None,
            say: Callable[[str], None], out: TextIO | None = None) -> int:
    """Build one dossier across the stored documents the words ``about`` find (documents or quotes)."""
    from pathlib import Path

    from veracity.corpus.factchecks import FactCheckShelf
    from veracity.links.story import build_story
    from veracity.report.story_report import story_claimreview, story_json, story_text

    out = out or sys.stdout
    with open_store(store_path, create=False) as store:
        doc_ids = list(dict.fromkeys(hit.doc_id for hit in store.search(about, limit=limit * 5)))[:limit]
        documents = [doc for doc in (store.document(i) for i in doc_ids) if doc is not None]
        matcher = FactCheckShelf(store).matcher() if documents else None
    if not documents:
        say(f"no stored document in {store_path} matches {about!r}")
        return 1
    story = build_story(about, documents, factchecks=matcher)
    rendered = {"json": story_json, "claimreview": story_claimreview}.get(fmt, story_text)(story)
    if output:
        from veracity.files import write_atomically

        write_atomically(Path(output), rendered)
    else:
        out.write(rendered)
    return 0


def import_factchecks(paths: list[str], store_path: str, *, say: Callable[[str], None],
                      out: TextIO | None = None) -> int:
    """Import fact-checks; one line per review that could not be read; 1 when any failed."""
    from tqdm import tqdm

    from veracity.corpus.factchecks import import_files

    out = out or sys.stdout
    with open_store(store_path) as store, tqdm(file=sys.stderr, disable=not sys.stderr.isatty(), unit=" reviews",
                                               desc="fact-checks", leave=False) as bar:
        report = import_files(paths, store, progress=bar.update)
    failed = report.failed or []
    for bad in failed:
        say(f"{bad.where}: {bad.reason}")
    print(f"fact-checks added {report.added}, unchanged {report.unchanged}, failed {len(failed)} "
          f"(store {store_path})", file=out)
    return 1 if failed else 0


def match_factchecks(claim: str, store_path: str, *, limit: int, say: Callable[[str], None],
                     out: TextIO | None = None) -> int:
    """Print the stored fact-checks that best match ``claim``, best first."""
    from veracity.corpus.factchecks import FactCheckShelf

    out = out or sys.stdout
    if not claim.strip():
        say("give the claim's words to match")
        return 1
    with open_store(store_path, create=False) as store:
        (matches,) = FactCheckShelf(store).match([claim], k=limit)
    for match in matches:
        fact = match.factcheck
        print(f"{match.score:5.2f}  {fact.verdict or 'verdict not given'}  {fact.publisher or '?'}"
              f"  {fact.date or 'undated'}  {fact.url or ''}".rstrip(), file=out)
        print(f"       {fact.claim}", file=out)
    return 0


def _search_line(hit: SearchHit, mode: SearchMode = "text") -> str:
    what = "quote" if hit.quote_id else "document"
    if mode == "both":  # which of the two searches found it
        what += " · " + {"text": "words", "meaning": "meaning", "both": "words and meaning"}[hit.matched]
    return f"{hit.published or 'undated'}  {_where(hit.outlet, hit.title, hit.source)}  ({what})"


def _heard_line(said: RecordingHit) -> str:
    return (f"recording {said.recording_id[:12]}  {said.source or '(no name)'} at {clock(said.start)}–"
            f"{clock(said.end)}  (said on the recording)")


def clock(seconds: float) -> str:
    """A time in a recording as a person reads it: 1:02:03, 2:03, 0:07."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _said_line(quote: SaidQuote) -> str:
    cue = f", {quote.cue}" if quote.cue else ""
    return (f"{quote.published or 'undated'}  {quote.speaker} ({quote.kind}{cue}): {quote.content}\n"
            f"    {_where(quote.outlet, quote.title, quote.source)}")


def _where(outlet: str | None, title: str | None, source: str | None) -> str:
    return " · ".join(part for part in (outlet, title or "(untitled)", source) if part)
