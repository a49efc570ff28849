# healthassets — two commands: `make run` and `make test`. Everything else is a helper of those.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DB ?= healthassets.db
AREA ?= E08000004

.PHONY: run test lint typecheck pytest pytest-sqlite pytest-postgres bench system-deps venv clean load

## run: install what is missing, load the bundled real data, start the main job
run: venv
	$(BIN)/healthassets load
	$(BIN)/healthassets profile $(AREA)

load: venv
	$(BIN)/healthassets load

## test: install test dependencies, lint, type-check, run every test on SQLite and PostgreSQL
test: venv system-deps lint typecheck pytest

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	touch $(STAMP)

system-deps:
	bash scripts/system_deps.sh

lint: venv
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: venv
	$(BIN)/mypy

pytest: pytest-sqlite pytest-postgres

pytest-sqlite: venv
	$(BIN)/pytest -n 2 -q

pytest-postgres: venv system-deps
	bash scripts/with_postgres.sh $(BIN)/pytest -n 2 -q

bench: venv system-deps
	$(PY) -m bench

clean:
	rm -rf $(VENV) $(DB) .pytest_cache .mypy_cache .ruff_cache

## tidy: fix what ruff can fix and format the code
tidy: venv
	$(BIN)/ruff check --fix --quiet src tests bench || true
	$(BIN)/ruff format --quiet src tests bench
