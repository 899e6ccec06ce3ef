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

.PHONY: run test test-sqlite test-postgresql postgresql lint unit browser chromium bench quality diagnose clean lock

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

## make test: lint (ruff, mypy, import contract), the whole pytest suite on SQLite (browser tests
## included), then the suite again on a throw-away PostgreSQL server (browser tests once only:
## their live server is the same app). The PostgreSQL run is skipped, saying why, when
## PostgreSQL is neither installed nor installable (apt-get needs root).
test: $(DEV_STAMP) chromium lint test-sqlite test-postgresql

test-sqlite: $(DEV_STAMP) chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The session starts its own cluster (tests/pg_cluster.py): initdb in a temporary folder, as the
# postgres user when root, on a free loopback port; stopped and deleted at the end.
test-postgresql: $(DEV_STAMP) postgresql
	@if $(PG_FOUND); then \
	  echo "Running the suite on PostgreSQL (COMMUNIQUE_TEST_DB=postgresql)..."; \
	  COMMUNIQUE_TEST_DB=postgresql $(BIN)/python -m pytest -m "not browser" $(PYTEST_ARGS); \
	else \
	  echo "*** SKIPPED the PostgreSQL run: PostgreSQL is not installed and could not be"; \
	  echo "*** installed (run as root, or 'sudo apt-get install postgresql', then make test)."; \
	fi

PG_FOUND = $(BIN)/python -c "import sys; from tests.pg_cluster import find_bin_dir; sys.exit(find_bin_dir() is None)"

# Debian's PostgreSQL server for the second run of the suite (installed when root and missing).
postgresql: $(DEV_STAMP)
	@if ! $(PG_FOUND) && [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Debian's postgresql for the PostgreSQL run of the tests..."; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
	    || echo "apt-get could not install postgresql." >&2; \
	fi

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
