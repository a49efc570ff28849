# healthassets — two commands: `make run` and `make test`. Everything else is a helper of those.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DB ?= healthassets.db
AREA ?= E08000004

.PHONY: run profile static messages test lint typecheck security pytest pytest-sqlite pytest-postgres bench system-deps venv clean load

HOST ?= 127.0.0.1
PORT ?= 8000
STATIC := src/healthassets/web/static
STATIC_STAMP := $(STATIC)/build/.stamp
NODE_STAMP := node_modules/.installed-stamp

## run: install what is missing, load the bundled real data, start the main job (the web site)
run: venv static
	bash scripts/system_deps.sh run
	$(BIN)/healthassets load
	@echo "healthassets is at http://$(HOST):$(PORT)/ (Ctrl-C stops it)"
	$(BIN)/healthassets serve --host $(HOST) --port $(PORT)

## profile: print one area's profile in the terminal (AREA=E08000004)
profile: venv
	$(BIN)/healthassets profile $(AREA)

## static: the web site's front-end (GOV.UK Frontend, Leaflet, Vega, accessible-autocomplete) from npm
static: $(STATIC_STAMP)

$(NODE_STAMP): package.json package-lock.json
	bash scripts/system_deps.sh node
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

$(STATIC_STAMP): $(NODE_STAMP) scripts/build_static.sh src/healthassets/web/assets/app.scss
	bash scripts/build_static.sh

load: venv
	$(BIN)/healthassets load

## test: install test dependencies, lint, type-check, security checks, run every test on SQLite and PostgreSQL
test: venv system-deps static lint typecheck security pytest

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip setuptools
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	touch $(STAMP)

system-deps:
	bash scripts/system_deps.sh test

lint: venv
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: venv
	$(BIN)/mypy

## security: bandit over src/ and pip-audit over the installed packages (PyPI); fails on findings
## not accepted with a reason in docs/security/accepted-findings.toml (about 30 s)
security: venv
	$(PY) scripts/security_check.py

pytest: pytest-sqlite pytest-postgres

pytest-sqlite: venv
	$(BIN)/pytest -n 2 -q

pytest-postgres: venv system-deps
	bash scripts/with_postgres.sh $(BIN)/pytest -n 2 -q

bench: venv static
	bash scripts/system_deps.sh bench
	$(PY) -m bench $(ONLY)

clean:
	rm -rf $(VENV) $(DB) .pytest_cache .mypy_cache .ruff_cache node_modules $(STATIC)/vendor $(STATIC)/build

## messages: extract the interface's strings into the Welsh catalogue (keeps existing translations)
messages: venv
	$(PY) scripts/update_messages.py

## tidy: fix what ruff can fix and format the code
tidy: venv
	$(BIN)/ruff check --fix --quiet src tests bench || true
	$(BIN)/ruff format --quiet src tests bench
