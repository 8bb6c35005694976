# Two commands do all the setup on a fresh machine with only python3:
#   make run   -> .venv, install, extract data/samples into out/
#   make test  -> .venv, install with dev extras, run the test suite
PY ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
INPUT ?= data/samples
OUT ?= out

.PHONY: run test install install-dev browser lint schema eval bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -e .

install-dev: $(BIN)/python
	$(BIN)/pip install -e ".[dev]"

run: install
	$(BIN)/newsevents extract $(INPUT) -o $(OUT) --force

# Headless Chromium for the report test (Debian package; a browser download fails offline).
browser:
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

test: install-dev browser
	$(BIN)/python -m pytest -q

lint: install-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy src

schema: install
	$(BIN)/newsevents schema

eval: install
	$(BIN)/newsevents extract ../shared/devset/docs -o out/devset --force
	$(BIN)/newsevents evaluate --gold ../shared/devset/gold.jsonl out/devset

bench: install-dev
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) $(OUT) build src/*.egg-info
