# Meldroute: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
PLAYGROUND := node_modules/.bin/agentsplayground
# AS is make's assembler variable by default; here it names the demo role to sign in as.
ifeq ($(origin AS),default)
AS := reporter
endif
# The language the Playground user sees: nl-NL (default) or en-US; "client" follows what the
# Playground sends (always en-US).
LOCALE ?= nl-NL

.PHONY: run test lint format bench kb-eval package clean

$(INSTALLED): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(INSTALLED)

$(PLAYGROUND): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(PLAYGROUND)

run: $(INSTALLED) $(PLAYGROUND)
	$(PY) -m bot dev --as $(AS) --locale $(LOCALE)

test: $(INSTALLED) $(PLAYGROUND)
	$(PY) -m pytest

kb-eval: $(INSTALLED)
	$(PY) -m bot kb-eval

lint: $(INSTALLED)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(INSTALLED)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

clean:
	rm -rf $(VENV) node_modules var .pytest_cache .ruff_cache

bench: $(INSTALLED)
	$(PY) -m bench

package: $(INSTALLED) $(PLAYGROUND)
	$(PY) -m bot package
