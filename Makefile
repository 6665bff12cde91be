# Lắng Nghe: `make run` (install, migrate, load data, serve with worker) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
ADDR ?= 127.0.0.1:8000

.PHONY: run install setup test test-postgres lint format messages bench clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

setup: install
	DEBUG=1 DEMO=1 SITE_URL=$${SITE_URL:-http://$(ADDR)} $(PY) manage.py prepare

run: setup
	DEBUG=1 DEMO=1 SITE_URL=$${SITE_URL:-http://$(ADDR)} $(PY) manage.py run_all --addr $(ADDR)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)
	$(PY) -m pytest -m isolated $(PYTEST_ARGS)

test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/langnghe} $(PY) -m pytest $(PYTEST_ARGS)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/langnghe} $(PY) -m pytest -m isolated $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) scripts/check_structure.py

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) var
