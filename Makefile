# Migration Wizard. `make run` serves the wizard on http://127.0.0.1:8000/; `make test` is CI.
# See README.md "Set-up". Every phase says how long it took (scripts/timed).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-requirements.txt
TEST_STAMP := $(VENV)/.installed-requirements-test.txt
TIMED := scripts/timed
QUIETLY := scripts/quietly
PIP_INSTALL := $(QUIETLY) $(BIN)/python -m pip install --disable-pip-version-check -q

.PHONY: help run examples test lint ruff-check format-check typecheck pytest format bench \
	databases system-mariadb-dev system-chromium system-graphviz clean distclean

help: ## List the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

# --- the wizard --------------------------------------------------------------------------------

run: $(RUN_STAMP) examples system-graphviz ## Set up, then serve the wizard on 127.0.0.1:8000.
	@$(TIMED) "migrate the wizard's database" $(BIN)/python manage.py migrate --noinput -v 0
	$(BIN)/python manage.py runserver 127.0.0.1:8000

examples: $(RUN_STAMP) ## Migrate and seed each bundled example's own db.sqlite3 (once).
	@$(TIMED) "prepare examples" scripts/prepare-examples $(BIN)/python

# --- installing --------------------------------------------------------------------------------

$(BIN)/python:
	@$(TIMED) "create $(VENV) with $(PYTHON)" $(PYTHON) -m venv $(VENV)

# mysqlclient is built from source: it needs pkg-config and the MariaDB client headers first.
$(RUN_STAMP): requirements.txt | $(BIN)/python system-mariadb-dev
	@$(TIMED) "pip install requirements.txt" $(PIP_INSTALL) -r requirements.txt
	@touch $@

$(TEST_STAMP): requirements-test.txt requirements.txt | $(BIN)/python system-mariadb-dev
	@$(TIMED) "pip install requirements-test.txt" $(PIP_INSTALL) -r requirements-test.txt
	@touch $@

system-mariadb-dev:
	@pkg-config --exists libmariadb 2>/dev/null || \
		$(TIMED) "apt-get install pkg-config libmariadb-dev" \
		scripts/apt-install pkg-config libmariadb-dev

# Playwright drives Debian's Chromium; Playwright's own browser download is never used.
# fonts-liberation is only "recommended" by chromium, but screenshots need real fonts.
system-chromium:
	@[ -x /usr/bin/chromium ] || \
		$(TIMED) "apt-get install chromium" scripts/apt-install chromium fonts-liberation

# Graphviz lays out the schema diagrams (schema.svg); without it bundles say so and carry none.
system-graphviz:
	@command -v dot >/dev/null || \
		$(TIMED) "apt-get install graphviz" scripts/apt-install graphviz

databases: ## Start PostgreSQL and MariaDB unless they already answer.
	@$(TIMED) "start databases" scripts/start-databases

# --- checks (CI runs `make --keep-going test`, so one failing check does not hide the others) ---

test: lint pytest ## CI: lint, type-check, then the whole test suite (browser tests included).

lint: ruff-check format-check typecheck ## ruff check, ruff format --check, mypy.

ruff-check: $(TEST_STAMP)
	@$(TIMED) "ruff check" $(BIN)/ruff check .

format-check: $(TEST_STAMP)
	@$(TIMED) "ruff format --check" $(BIN)/ruff format --check .

# mypy refuses to run on a folder without Python files; that is not a failure of ours.
typecheck: $(TEST_STAMP)
	@if [ -n "$$(find wizard -name '*.py' -print -quit 2>/dev/null)" ]; then \
		$(TIMED) "mypy" $(BIN)/mypy; \
	else echo "mypy: no Python files in wizard/ yet, nothing to check."; fi

pytest: $(TEST_STAMP) system-chromium system-graphviz databases
	@$(TIMED) "pytest" $(BIN)/pytest --durations=10

format: $(TEST_STAMP) ## Fix what ruff can: imports, lint autofixes, formatting.
	$(BIN)/ruff check --fix-only .
	$(BIN)/ruff format .

bench: $(RUN_STAMP) databases ## Run each benchmarks/*.py.
	@shopt -s nullglob; benchmarks=(benchmarks/*.py); \
	[ $${#benchmarks[@]} -gt 0 ] || echo "No benchmarks/*.py yet."; \
	for benchmark in "$${benchmarks[@]}"; do $(TIMED) "$$benchmark" $(BIN)/python "$$benchmark"; done

# --- cleaning ----------------------------------------------------------------------------------

clean: ## Remove caches and test artifacts (keeps .venv and the databases).
	rm -rf .mypy_cache .ruff_cache .pytest_cache test-artifacts test-results
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean ## Also remove .venv.
	rm -rf $(VENV)
