"""Cross-document links: statements that support, contradict or deny one another.

``veracity.links.nli`` holds the NLI cross-encoder; ``veracity.links.nli_data`` names the data that
trains and judges it (standard library only, so the trainer can use it on a bare GPU machine).
"""

from __future__ import annotations

from veracity.links.nli import NliModel, NliResult, shared_nli_model

__all__ = ["NliModel", "NliResult", "shared_nli_model"]
