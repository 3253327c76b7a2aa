"""The run ledger: which shards a batch run has finished, kept in the store beside the documents.

A shard is known by the hash of its bytes, so a finished shard is skipped on every later run, under
any path, and an edited shard is read again. A shard that was started but not finished (the run was
killed), or finished with inputs that failed, is resumed: the inputs the store already holds are skipped,
the rest are analysed again, so a failure that was fixed (a larger ``--max-bytes``, a model installed)
is retried by running the same command again. The ledger itself lives in the store (``veracity.store.runs``);
this module finds and hashes the shards.
"""

from __future__ import annotations

import os
import secrets
from datetime import UTC, datetime

from veracity.errors import InputError
from veracity.ingest.sources import content_hash, expand_inputs
from veracity.store.runs import Shard


def find_shards(paths: list[str]) -> list[Shard]:
    """Every input file under ``paths`` (directories expanded, sorted), hashed; InputError for one that cannot
    be read."""
    shards, unreadable = scan_shards(paths)
    if unreadable:
        raise unreadable[0]
    return shards


def scan_shards(paths: list[str]) -> tuple[list[Shard], list[InputError]]:
    """Every input file under ``paths`` (directories expanded, sorted), hashed, and the ones that cannot be
    read (missing, unreadable), each as the error that says why: a run records those and goes on with the
    others. Stdin is refused: a shard must be read again to resume."""
    files = expand_inputs(paths, keep_missing=True)
    if "-" in files:
        raise InputError("a batch run reads files, not stdin: it must be able to read a shard again to resume",
                         source="-")
    shards: list[Shard] = []
    unreadable: list[InputError] = []
    for path in files:
        try:
            shards.append(Shard(path, content_hash(path)))
        except InputError as error:
            unreadable.append(error)
    return shards, unreadable


def new_run_id() -> str:
    """The start time, the process and a random tail: two runs of one process in the same second (a
    script that batches twice, a rerun after a refusal) must not share an id."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}-{secrets.token_hex(3)}"
