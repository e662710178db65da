# courseforge developer entry points.  Every target installs what it needs first, so each
# works on a fresh clone (Debian 12, root); the setup scripts are no-ops when up to date.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
# Extra pytest arguments, e.g. `make test PYTEST_ARGS="-k scorm -x"`.
PYTEST_ARGS ?=
LINT_PATHS := $(wildcard src tests benchmarks)

.PHONY: build test lint bench mutation schemas catalogs setup-build setup-test

## build: install the package (if needed) and compile course/ into dist/
build: setup-build
	$(VENV)/bin/courseforge build course

## test: install the whole test environment (if needed) and run pytest
test: setup-test
	$(PY) -m pytest $(PYTEST_ARGS)

## lint: ruff over the sources, tests and benchmarks
lint: setup-test
	$(VENV)/bin/ruff check $(LINT_PATHS)

## bench: run the benchmarks (the learner-load part uses Chromium from the test setup)
bench: setup-test
	$(PY) benchmarks/run.py

## mutation: mutation-test the core Python modules and the runtime JS, then write tests/MUTATION.md
##   (slow, one worker; `make mutation MUTATION_GROUPS="render-state targets"` for some groups,
##   MUTATION_JS=0 to skip the JS step)
MUTATION_GROUPS ?=
MUTATION_JS ?= 1
mutation: setup-test
	$(PY) -c 'import mutmut' 2>/dev/null || $(PY) -m pip install -q -e '.[test,mutation]'
	$(PY) tests/mutation/run_python.py $(MUTATION_GROUPS)
	if [[ "$(MUTATION_JS)" == 1 ]]; then $(PY) tests/mutation/run_js.py; fi
	$(PY) tests/mutation/write_report.py

setup-build:
	bash scripts/setup-build.sh

setup-test:
	bash scripts/setup-test-env.sh

## catalogs: compile the interface catalogs (src/courseforge/i18n/catalogs/*.po) with Babel
catalogs: setup-build
	$(PY) -m courseforge.i18n.compile

## schemas: regenerate the JSON Schemas in schemas/ from the models
schemas: setup-build
	$(PY) -m courseforge.model.json_schemas schemas
