"""Corpus: many analysed documents held together (store backends and their search index).

The embedded default is one SQLite file (``Store``); cross-document links build on it.
"""

from veracity.corpus.store import LedgerEntry, SaidQuote, SearchHit, Store, fts_query

__all__ = ["LedgerEntry", "SaidQuote", "SearchHit", "Store", "fts_query"]
