"""One open store per request thread, all sharing one vector index.

An SQLite connection may not cross threads, and opening one per request would repeat the schema checks on
every call; the server's request threads are pooled, so each keeps the connection it opened. The meaning
index is a cache of the store's vectors table, tens of MB at 10,000 documents: the connections share one
(it takes each call's connection), so it is loaded once and kept once.
"""

from __future__ import annotations

import contextlib
import threading

from veracity.store import Store, open_store
from veracity.store.vectors import VectorIndex


class StoreHandles:
    def __init__(self, location: str) -> None:
        self.location = location
        self._local = threading.local()
        self._lock = threading.Lock()
        self._opened: list[Store] = []
        self._index: VectorIndex | None = None

    def get(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.location)
            self._local.store = store
            with self._lock:
                self._opened.append(store)
                # One vector index for every thread's connection: loaded once, one copy in memory.
                if self._index is None:
                    self._index = store.vectors.index
                store.vectors.index = self._index
        return store

    def close_all(self) -> None:
        """Close what can be closed at shutdown; a connection owned by another thread is left to the exit."""
        with self._lock:
            opened, self._opened = self._opened, []
        for store in opened:
            # sqlite refuses a close from another thread; the process is ending anyway
            with contextlib.suppress(Exception):
                store.close()
