# Everything a fresh machine (Python 3.11, pip, git, make) needs.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-pg lint typecheck pytest bench clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

## Install amtui and open it on a demo database (./demo.db).
demo: $(STAMP)
	$(BIN)/amtui demo --db demo.db

## Install what the tests need and run the whole suite: ruff, mypy on src/, the import contracts, pytest on
## SQLite (tests/pg runs its team-book tests on a throwaway PostgreSQL server), then the store, service and CLI
## tests again on PostgreSQL (tests/pgserver.py; skipped without the server binaries, a failure under CI=true).
PG_TESTS := tests/store tests/services tests/cli

test: $(STAMP)
	$(BIN)/ruff check src tests scripts bench
	$(BIN)/ruff format --check src tests scripts bench
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest -n auto --dist loadfile
	$(BIN)/pytest -n auto --dist loadfile --backend=postgresql $(PG_TESTS)

## The store, service and CLI tests on PostgreSQL alone (the second pytest run of `make test`).
test-pg: $(STAMP)
	$(BIN)/pytest -n auto --dist loadfile --backend=postgresql $(PG_TESTS)

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) demo.db demo.db-wal demo.db-shm
