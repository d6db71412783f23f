# Two commands set everything up on a fresh machine with Python 3.12+ and make:
#   make run   - virtualenv, install, migrate SQLite, demo data, serve on http://127.0.0.1:8000
#   make test  - the same set-up, then lint, migration check and the whole test suite
.DEFAULT_GOAL := help
SHELL := /bin/bash

# The first interpreter that is Python 3.12 or newer (.python-version makes pyenv's python3 resolve to 3.12).
PYTHON ?= $(shell for p in python3 python3.14 python3.13 python3.12; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed-$(shell cat requirements/lock.txt pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: help run test lint worker bench clean

help:
	@echo "make run   - set up and serve the portal with demo data on http://127.0.0.1:8000"
	@echo "make test  - set up and run lint, migration check and the whole test suite"

$(STAMP):
	@if [ -z "$(PYTHON)" ]; then echo "This portal needs Python 3.12 or newer (Django 6). Install it, or run 'make PYTHON=/path/to/python3.12 ...'." >&2; exit 1; fi
	@echo "Setting up $(VENV) with $$($(PYTHON) --version)"
	@[ -x $(BIN)/python ] && $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/lock.txt
	@rm -f $(VENV)/.installed-*; touch $@

run: $(STAMP)
	DEBUG=true $(MANAGE) migrate --noinput
	DEBUG=true $(MANAGE) demo
	@echo "Serving on http://127.0.0.1:8000 (a task worker and the scheduler run beside it, restarted if they exit; Ctrl+C stops all)"
	@DEBUG=true $(BIN)/python tools/supervise.py -- $(MANAGE) worker --no-startup-delay & worker=$$!; \
	DEBUG=true $(BIN)/python tools/supervise.py -- $(MANAGE) scheduler & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	DEBUG=true $(MANAGE) runserver 127.0.0.1:8000

# ical.js (the parser Thunderbird uses) checks our calendar invites in the tests; needs Node.js and npm.
ICALJS := tests/meetings/icaljs/node_modules/ical.js/package.json
$(ICALJS): tests/meetings/icaljs/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --silent --no-audit --no-fund --prefix tests/meetings/icaljs; \
	else echo "npm not found: the calendar tests that use ical.js will be skipped"; fi

test: $(STAMP) $(ICALJS)
	$(BIN)/ruff check .
	DEBUG=true $(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest -n 2

worker: $(STAMP)
	DEBUG=true $(BIN)/python tools/supervise.py -- $(MANAGE) worker

# Benchmarks (figures, not pass/fail tests); feedback_trail and recovery need PostgreSQL at 127.0.0.1:5432.
BENCHES := ab3p_benchmark checker_speed pack_send payment_run feedback_trail recovery
bench: $(STAMP)
	@for b in $(BENCHES); do echo "== bench/$$b.py"; $(BIN)/python bench/$$b.py || exit 1; done

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
