# The two README commands: `make run` and `make test`. Everything installs into .venv/.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APP_STAMP := $(VENV)/.app-installed
DEV_STAMP := $(VENV)/.dev-installed
PYTEST_ARGS ?=

.PHONY: run test lint unit browser chromium bench quality diagnose clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# An editable install leaves app/ uncompiled; compiling it once keeps `communique compare`
# from recompiling every module per process where PYTHONDONTWRITEBYTECODE is set.
$(APP_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m compileall -q app
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m compileall -q app
	touch $@ $(APP_STAMP)

## make run: install, migrate, load the seed dossier and serve on http://127.0.0.1:$${COMMUNIQUE_PORT:-8000}
run: $(APP_STAMP)
	$(BIN)/communique serve

## make test: lint (ruff, mypy, import contract) and the whole pytest suite, browser tests included
test: $(DEV_STAMP) chromium lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check app tests bench
	$(BIN)/mypy app
	$(BIN)/lint-imports

unit: $(DEV_STAMP)
	$(BIN)/python -m pytest -m "not browser" $(PYTEST_ARGS)

browser: $(DEV_STAMP) chromium
	$(BIN)/python -m pytest -m browser $(PYTEST_ARGS)

# Debian's Chromium for the Playwright tests (Playwright cannot download its own browser here).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "The browser tests need Debian's chromium: run 'sudo apt-get install chromium'." >&2; exit 1; \
	  fi; \
	fi

bench: $(DEV_STAMP)
	$(BIN)/python bench/engine_speed.py
	$(BIN)/python bench/web_speed.py

quality: $(APP_STAMP)
	$(BIN)/python bench/quality

diagnose: $(APP_STAMP)
	$(BIN)/python bench/unique_diagnostics.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-artifacts
