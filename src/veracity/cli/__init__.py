"""The ``veracity`` command: one module per command group (``analyze``, the store's ``add``/``search``/
``person``/``dossier``/``factchecks``, ``batch``, ``serve``, ``listen``, ``models``), assembled in ``main``.

User errors (unreadable input, bad options, a file that is not a store) print one line,
``veracity: <what> : <why>``, and exit non-zero; no traceback. With several inputs, every good one is
still written (or stored) and the run ends with a list or count of the ones that failed (exit 1).
Set ``VERACITY_DEBUG=1`` to see tracebacks of internal errors.
"""

from veracity.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
