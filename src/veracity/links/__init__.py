"""Cross-document links: statements that support, contradict or deny one another.

``veracity.links.nli`` holds the NLI cross-encoder; the readers of the data that train and judge the
models of this package live with the trainers, in ``training/`` (``nli_data``, ``claim_data``, ...).
"""

from __future__ import annotations

from veracity.links.nli import NliModel, NliResult, shared_nli_model

__all__ = ["NliModel", "NliResult", "shared_nli_model"]
