"""The ``veracity`` parser, assembled from the command groups, and the one place errors become exit codes:
a ``VeracityError`` is one line (exit 2 for a bad option or configuration, 1 otherwise), an internal error
one line too unless ``VERACITY_DEBUG`` asks for its traceback."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from veracity import __version__
from veracity.cli import analyze, batch, listen, models, serve, store
from veracity.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, say
from veracity.config import debugging
from veracity.errors import ConfigError, VeracityError


def build_parser() -> argparse.ArgumentParser:
    """Every command; each sets ``handler``, the function that runs it."""
    parser = argparse.ArgumentParser(prog="veracity", description="Turn a news story into a verification dossier.")
    parser.add_argument("--version", action="version", version=f"veracity {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    analyze.add_parser(commands)
    store.add_parsers(commands)
    batch.add_parser(commands)
    serve.add_parser(commands)
    listen.add_parser(commands)
    models.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except VeracityError as error:
        say(str(error))
        return EXIT_USAGE if isinstance(error, ConfigError) else EXIT_FAILED
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (`veracity search … | head`): nothing is wrong, and nothing more can be said.
        # Point stdout at /dev/null so the interpreter's final flush does not complain a second time.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:  # noqa: BLE001 - a bug: one line, the traceback on request
        if debugging():
            raise
        say(f"internal error ({type(error).__name__}: {error}); rerun with VERACITY_DEBUG=1 "
             "and report it")
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
