# Image Desk: the two commands of the README are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-all lint bench system-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

system-deps:
	bash scripts/system-deps

## Install and start the demo (embedded AWS endpoint, no account needed).
run: system-deps $(STAMP)
	$(BIN)/imagedesk --demo

## Install and run the test suite (offscreen Qt, real registry and Secret Service).
test: system-deps $(STAMP)
	bash scripts/run-tests

## Everything, slow tests included.
test-all: system-deps $(STAMP)
	bash scripts/run-tests -m ""

lint: $(STAMP)
	$(BIN)/ruff check app tests benchmarks
	$(BIN)/ruff format --check app tests benchmarks
	$(BIN)/mypy

bench: system-deps $(STAMP)
	QT_QPA_PLATFORM=offscreen AWS_EC2_METADATA_DISABLED=true \
	AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing \
	$(BIN)/python -m benchmarks --repeats 5

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
