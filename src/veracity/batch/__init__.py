"""Batch runs over a stream of shards (JSONL, WARC, files) on a local process pool or on Ray Data.

``veracity batch`` is the firehose path: workers analyse, the driver writes to the store, and a run
ledger in the store makes every run resumable (see ``runner``).
"""

from veracity.batch.runner import RunReport, run_batch

__all__ = ["RunReport", "run_batch"]
