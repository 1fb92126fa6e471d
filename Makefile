# zopa: two commands set everything up.
#   make run   create .venv, install zopa with every extra, write the report on the built-in scenario
#   make test  create or reuse .venv with the dev tools and run the whole test suite
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
# this machine's pip configuration lists package folders that may not exist; hide those warnings only
QUIET := 2>&1 | grep -v "is ignored: it is neither a file nor a directory"; exit $${PIPESTATUS[0]}
REPORT ?= report.html

.PHONY: run test browser bench clean help

help:
	@echo "make run   - install zopa in $(VENV) and write $(REPORT) for the built-in ukraine-2025 scenario"
	@echo "make test  - install the dev tools and run the full test suite (browser tests included)"
	@echo "make bench - run the benchmarks in bench/ (not part of the tests)"

$(PY):
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "zopa needs Python >= 3.11, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip $(QUIET)

$(VENV)/.installed-all: pyproject.toml | $(PY)
	$(PIP) install -q -e '.[all]' $(QUIET)
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PIP) install -q -e '.[all,dev]' $(QUIET)
	@touch $@ $(VENV)/.installed-all

run: $(VENV)/.installed-all
	$(VENV)/bin/zopa report ukraine-2025 -o $(REPORT)

browser:
	@scripts/ensure-chromium.sh

test: $(VENV)/.installed-dev browser
	$(PY) -m pytest

bench: $(VENV)/.installed-dev
	@for b in bench/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build dist $(REPORT)
