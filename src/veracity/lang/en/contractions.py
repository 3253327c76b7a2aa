"""English contractions, expanded so "won't" and "will not" compare as the same words in a quote."""

from __future__ import annotations

CONTRACTIONS = {"won't": ["will", "not"], "can't": ["can", "not"], "cannot": ["can", "not"], "shan't": ["shall", "not"],
                "ain't": ["is", "not"], "i'm": ["i", "am"]}
CONTRACTED_ENDINGS = (("n't", "not"), ("'re", "are"), ("'ll", "will"), ("'ve", "have"))
