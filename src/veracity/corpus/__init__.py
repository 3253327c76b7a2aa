"""Corpus: what Veracity does with many analysed documents (adding inputs and recordings to a store,
fact-checks and the commands over them). The store itself is ``veracity.store``."""
