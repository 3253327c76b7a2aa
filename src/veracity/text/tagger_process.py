"""The attribution tagger in a process of its own, so the encoder and the spaCy parse never share a GIL.

One daemon process per setting serves batches in order over a pipe; a reader thread in the caller
turns the replies into futures. A daemon is what makes shutdown safe wherever the caller runs (a
command, a test, a pool worker): multiprocessing ends daemonic children when their parent exits,
where an executor's worker would be joined and could wait forever.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from multiprocessing.connection import Connection
from typing import Any

from veracity.errors import StageError

NICENESS = 10  # added to the tagger process's nice value


class TaggerProcess:
    """Runs ``make_tagger(*settings).tag_many`` in a daemon process; ``submit`` returns a Future.

    ``make_tagger`` is a module-level function (spawn sends it by name), so this module needs no import of
    the tagger it runs."""

    def __init__(self, settings: tuple[Any, ...], make_tagger: Callable[..., Any]) -> None:
        context = multiprocessing.get_context("spawn")  # not fork: the caller may run threads already
        self._conn, child_end = context.Pipe()
        self._process = context.Process(target=serve, args=(child_end, settings, make_tagger), daemon=True,
                                        name="veracity-tagger")
        self._process.start()
        child_end.close()
        self._pending: deque[Future[Any]] = deque()
        self._lock = threading.Lock()
        self.broken = False
        threading.Thread(target=self._read_replies, daemon=True, name="veracity-tagger-reader").start()

    def submit(self, texts: list[str]) -> Future[Any]:
        future: Future[Any] = Future()
        with self._lock:
            if self.broken:
                raise StageError("the tagger process has stopped", stage="attribution_tagger")
            self._pending.append(future)
            self._conn.send(texts)
        return future

    def _read_replies(self) -> None:
        while True:
            try:
                ok, value = self._conn.recv()
            except (EOFError, OSError):
                break
            future = self._pending.popleft()
            if ok:
                future.set_result(value)
            else:
                future.set_exception(value)
        with self._lock:
            self.broken = True
            while self._pending:
                self._pending.popleft().set_exception(StageError(
                    f"the tagger process stopped (exit code {self._process.exitcode}); a script that runs "
                    "the tagger in a process must keep its top-level code under "
                    "`if __name__ == \"__main__\":`, or use background=\"thread\"", stage="attribution_tagger"))


def serve(conn: Connection, settings: tuple[Any, ...], make_tagger: Callable[..., Any]) -> None:
    """The child's loop: tag each batch it receives and send back (ok, spans) or (False, error)."""
    _yield_to_the_caller()
    tagger = make_tagger(*settings)
    while True:
        try:
            texts = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send((True, tagger.tag_many(texts)))
        except Exception as error:  # noqa: BLE001 - every failure goes back to the caller
            try:
                conn.send((False, error))
            except Exception:  # noqa: BLE001 - an error that does not pickle travels as text
                conn.send((False, StageError(f"{type(error).__name__}: {error}", stage="attribution_tagger")))


def _yield_to_the_caller() -> None:
    """Run below the caller's priority, so the encoder's second lane takes only a core the parse leaves idle.

    The caller's parse is the slower half of a stream of articles: at equal priority the encoder's lanes
    took a share of its core and slowed the whole stream, though the encoder itself was never waited for.
    When the caller does wait, its core is idle and the encoder has both.
    """
    with contextlib.suppress(OSError, AttributeError):  # no nice() on Windows; a refusal costs only speed
        os.nice(NICENESS)
