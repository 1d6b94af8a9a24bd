# The two commands: `make certify` and `make test`. Both bootstrap .venv from a
# machine that has only Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
REPLAY_REPORTS := $(or $(TMPDIR),/tmp)/golive-replay-reports

.PHONY: certify test lint bench sandbox clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "golive needs Python 3.11+"; exit 2; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

certify: $(STAMP)
	$(BIN)/golive certify $(ARGS)

test: lint
	$(BIN)/golive certify --target replay --report-dir $(REPLAY_REPORTS)
	$(BIN)/python -m pytest -q -p no:cacheprovider -n 2 tests

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python tools/bench.py

sandbox: $(STAMP)
	$(BIN)/golive sandbox

clean:
	rm -rf $(VENV) reports/2* reports/latest
