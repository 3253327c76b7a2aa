"""``veracity analyze``: one dossier per article (JSON, HTML or text), written atomically."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

from veracity.cli.common import EXIT_FAILED, EXIT_OK, failure_reason, max_bytes_option, say
from veracity.errors import ConfigError
from veracity.files import write_atomically
from veracity.model import Document

SUFFIX = {"json": ".json", "html": ".html", "text": ".txt"}
BATCH = 16


def add_parser(commands: argparse._SubParsersAction) -> None:
    analyze = commands.add_parser("analyze", parents=[max_bytes_option()],
                                  help="who said what, to whom, through what: one dossier per article")
    analyze.add_argument("inputs", nargs="+", metavar="INPUT",
                         help="text or HTML files, directories of them, or - for stdin")
    analyze.add_argument("--format", choices=sorted(SUFFIX), default="json")
    analyze.add_argument("-o", "--output", metavar="PATH",
                         help="file for one input; a directory for several (default: stdout)")
    analyze.add_argument("--published", metavar="YYYY-MM-DD",
                         help="publication date, when the input's metadata lacks it")
    analyze.add_argument("--pipeline", metavar="TOML",
                         help="pipeline configuration (stages and error policy) to use instead")
    analyze.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from veracity.ingest import expand_inputs, load_document
    from veracity.pipeline import batched, build_pipeline, pipeline_config
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
    # The command's main module is guarded, so the tagger may run in its own process.
    pipeline = build_pipeline(pipeline_config(args.pipeline), on_error="skip" if several else None,
                              tagger_defaults={"background": "process"})
    failures: list[str] = []

    def failed(source: str, reason: str) -> None:
        failures.append(f"{source}: {reason}")
        say(f"{source}: {reason}")

    def loaded() -> Iterator[Document]:
        for path in inputs:
            try:
                yield load_document(path, published=args.published, max_bytes=args.max_bytes)
            except Exception as error:
                if not several or isinstance(error, ConfigError):
                    raise
                failed(path, failure_reason(error, "could not be loaded"))

    names = output_names(inputs, args.format) if out_dir else {}
    for batch in pipeline.run_batches(batched(loaded(), BATCH)):
        for doc in batch:
            try:
                report = render(doc, args.format)
            except Exception as error:
                if not several:
                    raise
                failed(doc.metadata.source or "-", failure_reason(error, "its dossier could not be written"))
                continue
            if out_dir is not None:
                write_atomically(out_dir / names[doc.metadata.source or "-"], report)
            elif args.output:
                write_atomically(Path(args.output), report)
            else:
                sys.stdout.write(report)
        for quarantined in pipeline.quarantine:
            failed(quarantined.source or "-", f"analysis failed in stage {quarantined.stage}: {quarantined.error}")
        pipeline.quarantine.clear()
    if failures:
        say(f"{len(failures)} of {len(inputs)} inputs failed; the others were written")
        return EXIT_FAILED
    return EXIT_OK


def output_names(inputs: list[str], fmt: str) -> dict[str, str]:
    """One output file name per input; inputs sharing a stem keep their folders in the name."""
    stems = [Path(p).stem if p != "-" else "stdin" for p in inputs]
    names = {}
    for path, stem in zip(inputs, stems, strict=True):
        if stems.count(stem) > 1:
            stem = str(Path(path).with_suffix("")).strip("/").replace("/", "__")
        names[path] = stem + SUFFIX[fmt]
    return names
