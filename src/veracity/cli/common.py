"""What every command shares: exit codes, the one-line messages, the options several commands take
(declared once, as parent parsers), and the reason an input failed."""

from __future__ import annotations

import argparse
import sys

from veracity.config import default_store
from veracity.errors import VeracityError
from veracity.limits import MAX_INPUT_BYTES, human_size

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
MAX_BYTES_HELP = (f"refuse an input (a file, a JSONL line, a WARC record) larger than this "
                  f"(default {human_size(MAX_INPUT_BYTES)})")


def say(message: str) -> None:
    """One line on stderr, as every message of the ``veracity`` command is written."""
    print(f"veracity: {message}", file=sys.stderr)


def store_option() -> argparse.ArgumentParser:
    """``--store``, for every command that reads or writes a store (its default read from the environment now)."""
    parent = argparse.ArgumentParser(add_help=False)
    store = default_store()
    parent.add_argument("--store", default=store, metavar="FILE",
                        help=f"the store: an SQLite file or a postgresql:// URL (default {safe_store(store)})")
    return parent


def max_bytes_option() -> argparse.ArgumentParser:
    """``--max-bytes``, for every command that reads inputs."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--max-bytes", type=_max_bytes, default=MAX_INPUT_BYTES, metavar="N", help=MAX_BYTES_HELP)
    return parent


def _max_bytes(value: str) -> int:
    """``--max-bytes``: a whole number of bytes, at least 1."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number of bytes, not {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def failure_reason(error: Exception, what: str) -> str:
    """Why one of several inputs failed, without its source: our message, or the unexpected error's type."""
    if isinstance(error, VeracityError):
        return error.message
    return f"{what} ({type(error).__name__}: {error})"


def safe_store(location: str) -> str:
    """A store's location fit to print: a PostgreSQL URL without its password."""
    from veracity.store.postgres import safe_url

    return safe_url(location)
