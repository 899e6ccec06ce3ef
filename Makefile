# The two README commands: `make run` and `make test`. Everything installs into .venv/.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APP_STAMP := $(VENV)/.app-installed
DEV_STAMP := $(VENV)/.dev-installed
# Exact versions of every dependency (make lock writes them from pyproject.toml).
LOCK := requirements.lock
DEV_LOCK := requirements-dev.lock
UV_COMPILE := $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --quiet
PYTEST_ARGS ?=

.PHONY: run test lint unit browser chromium bench quality diagnose clean lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# An editable install leaves app/ uncompiled; compiling it once keeps `communique compare`
# from recompiling every module per process where PYTHONDONTWRITEBYTECODE is set.
# The locks give every version; the project itself goes in editable, without resolving again.
$(APP_STAMP): pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m compileall -q app
	touch $@

$(DEV_STAMP): pyproject.toml $(DEV_LOCK) | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r $(DEV_LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m compileall -q app
	touch $@ $(APP_STAMP)

## make lock: after editing pyproject.toml, pin the new or changed dependencies into the two
## lock files (other pins stay); make lock UPGRADE=1 moves every pin to its newest release.
## tests/test_lock.py fails while pyproject.toml and the locks disagree.
lock: $(DEV_STAMP)
	$(UV_COMPILE) --extra dev $(if $(UPGRADE),--upgrade) -o $(DEV_LOCK)
	$(UV_COMPILE) --constraint $(DEV_LOCK) -o $(LOCK)

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
