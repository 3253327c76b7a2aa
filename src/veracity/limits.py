"""The size limit on what Veracity reads, stated once for every command.

``MAX_INPUT_BYTES`` bounds one input: a file, stdin, a JSONL line's text or html, a WARC record. The
commands that read articles (``analyze``, ``add``, ``batch``) all take ``--max-bytes`` to change it, and
every refusal names it the same way. This module imports nothing heavy, so the command line can state
the default in its help without loading the ingest code.
"""

from __future__ import annotations

MAX_INPUT_BYTES: int = 20_000_000


def human_size(n_bytes: int) -> str:
    """A size as a person reads it: "52.4 MB", "20 MB", "800 kB", "12 bytes" (decimal units)."""
    for unit, scale in (("MB", 1_000_000), ("kB", 1_000)):
        if n_bytes >= scale:
            value = n_bytes / scale
            # Whole numbers read better without a decimal ("20 MB", not "20.0 MB").
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n_bytes} bytes"
