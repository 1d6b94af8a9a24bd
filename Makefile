# The two commands: `make certify` and `make test`. Both bootstrap .venv from a
# machine that has only Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
REPLAY_REPORTS := $(or $(TMPDIR),/tmp)/golive-replay-reports

.PHONY: certify test lint lint-contracts browser bench selfcheck sandbox clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "golive needs Python 3.11+"; exit 2; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

certify: $(STAMP)
	$(BIN)/golive certify $(ARGS)

test: lint browser
	$(BIN)/golive certify --target replay --report-dir $(REPLAY_REPORTS)
	$(BIN)/python -m pytest -q -p no:cacheprovider -n 3 --dist worksteal tests  # 3 workers on 2 cores: the subprocess runs wait on I/O

# The browser test (tests/report/test_browser.py) opens readiness.html in Debian's chromium, driven by
# playwright from the dev extra: never a browser download. As root (as on CI) chromium is installed when missing.
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
		|| echo "could not install chromium: the browser test will be skipped"; \
	else echo "no /usr/bin/chromium: the browser test will be skipped (enable it: sudo apt-get install chromium)"; fi

lint: $(STAMP) lint-contracts
	$(BIN)/ruff check .
	$(BIN)/mypy

# Spectral's spectral:oas ruleset over every contract, pinned in tools/spectral (npm ci, where node exists):
# no error and no warning.
SPECTRAL := tools/spectral/node_modules/.bin/spectral
$(SPECTRAL): tools/spectral/package-lock.json
	cd tools/spectral && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

lint-contracts:
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(SPECTRAL) \
		&& $(SPECTRAL) lint --fail-severity=warn --ruleset .spectral.yaml contracts/*.openapi.yaml; \
	else echo "no node/npm here: Spectral's contract lint skipped"; fi

# The self-check, deep: every contract against its sandbox with every schemathesis check and phase,
# several seeds, hundreds of examples per operation (tests/contracts/test_selfcheck.py runs a CI-sized one).
selfcheck: $(STAMP)
	$(BIN)/python tools/selfcheck.py $(ARGS)

bench: $(STAMP)
	$(BIN)/python tools/bench.py

sandbox: $(STAMP)
	$(BIN)/golive sandbox

clean:
	rm -rf $(VENV) reports/2* reports/latest
