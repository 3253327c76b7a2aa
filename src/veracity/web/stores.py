"""One open store per request thread.

An SQLite connection may not cross threads, and opening one per request would repeat the schema checks on
every call; the server's request threads are pooled, so each keeps the connection it opened.
"""

from __future__ import annotations

import contextlib
import threading

from veracity.corpus.store import Store, open_store


class StoreHandles:
    def __init__(self, location: str) -> None:
        self.location = location
        self._local = threading.local()
        self._lock = threading.Lock()
        self._opened: list[Store] = []

    def get(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.location)
            self._local.store = store
            with self._lock:
                self._opened.append(store)
        return store

    def close_all(self) -> None:
        """Close what can be closed at shutdown; a connection owned by another thread is left to the exit."""
        with self._lock:
            opened, self._opened = self._opened, []
        for store in opened:
            # sqlite refuses a close from another thread; the process is ending anyway
            with contextlib.suppress(Exception):
                store.close()
