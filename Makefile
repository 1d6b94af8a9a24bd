# The two commands: `make certify` and `make test`. Both bootstrap .venv from a
# machine that has only Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
REPLAY_REPORTS := $(or $(TMPDIR),/tmp)/golive-replay-reports

.PHONY: certify test lint browser bench sandbox clean

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

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python tools/bench.py

sandbox: $(STAMP)
	$(BIN)/golive sandbox

clean:
	rm -rf $(VENV) reports/2* reports/latest
