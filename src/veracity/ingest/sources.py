"""Reading inputs: files, stdin and directories, with the size limit checked before reading."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from veracity.errors import InputError, InputTooLargeError
from veracity.limits import MAX_INPUT_BYTES, human_size

__all__ = ["MAX_INPUT_BYTES", "STDIN", "expand_inputs", "human_size", "os_error_reason", "read_input_bytes",
           "too_large"]

STDIN = "-"


def too_large(size: int, max_bytes: int, source: str, *, at_least: bool = False) -> InputTooLargeError:
    """The error for an input over the limit; ``at_least`` when only a lower bound is known.

    A stream (stdin, a pipe) is read only up to the limit, so its full size is never known. The limit is
    the only one: analysis is linear in length (a long text is parsed in pieces), so raising it works.
    """
    limit = human_size(max_bytes)
    over = (
        f"is larger than the {limit} limit"
        if at_least
        else f"is {human_size(size)}, over the {limit} limit"
    )
    return InputTooLargeError(f"input {over}; split it into articles or raise the limit with --max-bytes",
                              source=source)


def read_input_bytes(path: str | Path, max_bytes: int) -> bytes:
    """The bytes of a file (or stdin for "-"), refusing anything over ``max_bytes``.

    A file's size is checked with stat before reading, so a huge file is never loaded; the read is
    still capped because a file can grow, and stdin or a pipe has no size up front.
    """
    source = str(path)
    if source == STDIN:
        return _read_capped(sys.stdin.buffer, max_bytes, source)
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(
                "is a directory, not a file; pass the files inside it (the command line expands "
                "directories for you)",
                source=source,
            )
        if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
            raise too_large(info.st_size, max_bytes, source)
        with open(path, "rb") as handle:
            return _read_capped(handle, max_bytes, source)
    except OSError as error:
        raise InputError(os_error_reason(error), source=source) from error


def _read_capped(handle: IO[bytes], max_bytes: int, source: str) -> bytes:
    data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_large(len(data), max_bytes, source, at_least=True)
    return data


def os_error_reason(error: OSError) -> str:
    """An OS error as an actionable reason, without repeating the path."""
    if error.errno == errno.ENOENT:
        return "no such file; check the path"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied; check the file's permissions or run as a user who can read it"
    if error.errno == errno.EISDIR:
        return "is a directory, not a file; pass the files inside it"
    return f"cannot be read: {error.strerror or error}"


def content_hash(path: str | Path) -> str:
    """The SHA-256 of a file's bytes, read a megabyte at a time; ``InputError`` when it cannot be read. It names
    the exact bytes examined: a batch shard in the run ledger, a recording in the store and in its report."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
    except OSError as error:
        raise InputError(os_error_reason(error), source=str(path)) from error
    return digest.hexdigest()


def expand_inputs(paths: Iterable[str], *, keep_missing: bool = False) -> list[str]:
    """Input paths with each directory replaced by its regular files (recursive, sorted).

    Hidden files and hidden directories inside a directory are skipped (editor swap files, .git);
    a path named explicitly is kept even when hidden. "-" (stdin) is kept as is. A path that does not
    exist raises InputError, or with ``keep_missing`` stays in the list, so that a run over many inputs
    reports it as one failed input when it tries to read it and goes on with the others.
    """
    expanded: list[str] = []
    for path in paths:
        if path == STDIN:
            expanded.append(path)
        elif os.path.isdir(path):
            expanded.extend(_files_under(path))
        elif os.path.exists(path) or keep_missing:
            expanded.append(path)
        else:
            raise InputError("no such file or directory; check the path", source=path)
    return expanded


def _files_under(directory: str) -> list[str]:
    found: list[str] = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        for name in files:
            full = os.path.join(root, name)
            if not name.startswith(".") and os.path.isfile(full):
                found.append(full)
    return sorted(found)
