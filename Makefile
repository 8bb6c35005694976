# Two commands do all the setup on a fresh machine with only python3:
#   make run   -> .venv, install, extract data/samples into out/
#   make test  -> .venv, install with dev extras, run the test suite
PY ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
INPUT ?= data/samples
OUT ?= out
# The tested versions of every dependency (pyproject.toml has lower bounds only, for users).
CONSTRAINTS ?= constraints.txt
# Throwaway venvs for `make lock` and `make drift`, beside the project's.
LOCK_VENV ?= .venv-lock
DRIFT_VENV ?= .venv-drift

.PHONY: run test install install-dev browser lint schema eval bench lock drift clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -c $(CONSTRAINTS) -e .

install-dev: $(BIN)/python
	$(BIN)/pip install -c $(CONSTRAINTS) -e ".[dev]"

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

# Rewrite constraints.txt from a fresh resolve of pyproject.toml's bounds (then run `make test`).
lock:
	rm -rf $(LOCK_VENV)
	$(PY) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --upgrade pip
	$(LOCK_VENV)/bin/pip install -e ".[dev]"
	{ sed -n '/^#/p' $(CONSTRAINTS); $(LOCK_VENV)/bin/pip freeze --exclude-editable; } > $(CONSTRAINTS).new
	mv $(CONSTRAINTS).new $(CONSTRAINTS)
	rm -rf $(LOCK_VENV)

# The weekly check: the newest versions pyproject.toml allows (no constraints), whole suite,
# so that a release that breaks us shows here before users hit it.
drift: browser
	rm -rf $(DRIFT_VENV)
	$(PY) -m venv $(DRIFT_VENV)
	$(DRIFT_VENV)/bin/python -m pip install --upgrade pip
	$(DRIFT_VENV)/bin/pip install --upgrade --upgrade-strategy eager -e ".[dev]"
	$(DRIFT_VENV)/bin/pip list --outdated --exclude-editable || true
	$(DRIFT_VENV)/bin/python -m pytest -q

clean:
	rm -rf $(VENV) $(LOCK_VENV) $(DRIFT_VENV) $(OUT) build src/*.egg-info
