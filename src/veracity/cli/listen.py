"""``veracity listen``: a recording examined (what is said, by whom, signs of editing or synthesis,
credentials), with a progress bar while it is transcribed."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from veracity.cli.common import EXIT_OK
from veracity.errors import ConfigError
from veracity.files import write_atomically


def add_parser(commands: argparse._SubParsersAction) -> None:
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
    listen.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from veracity.model_packages import require_extra

    require_extra("audio", "listen")
    from veracity.audio import listen
    from veracity.report.recording_report import render_recording

    if args.published and not args.article:
        raise ConfigError("--published is for --article: the date the article was published")
    with _listen_progress(args.progress) as progress:
        result = listen(args.input, article=args.article, published=args.published, trust_list=args.trust_list,
                        skip=tuple(args.skip), progress=progress)
    report = render_recording(result, args.format)
    if args.output:
        write_atomically(Path(args.output), report)
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
