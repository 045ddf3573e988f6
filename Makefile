# Two commands: `make run` (the portal with demo data) and `make test` (the test suite).
# Both install what is missing (.venv, Python and npm packages, vendor files, gettext),
# find PostgreSQL and Redis (environment -> this machine -> embedded; see scripts/services.py)
# and are safe to run again: what is there already is reused.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.ONESHELL:
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP_EXTRAS := dev embedded
DEPS_STAMP := $(VENV)/.portal-deps-installed
NPM_STAMP := node_modules/.package-lock.json
PORT ?= 8000
# The address `make run` listens on: this machine only, unless told otherwise (HOST=0.0.0.0).
HOST ?= 127.0.0.1
PYTEST_ARGS ?=
ARGS ?=
# Exports DATABASE_URL and REDIS_URL into the recipe's shell (starting servers if needed).
SERVICES_ENV = services_env="$$($(PY) scripts/services.py env)"; eval "$$services_env"

.PHONY: help setup vendor messages browser services services-status services-stop lint \
        run test bench bench-province bench-indicators bench-grants bench-import-memory security-sweep \
        bench-dashboards bench-healthz bench-api bench-public check-deploy env-file

help:
	@echo "make run     install what is missing, migrate, load regions and demo data, then run"
	echo "            the web server (http://$(HOST):$(PORT)/), a Celery worker and Celery beat"
	echo "make test    install what is missing, then the lints (lint-imports, ruff) and the test suite (pytest)"
	echo "make lint    only the lints: the layers contract (lint-imports) and ruff check"
	echo "make bench   install what is missing, then run bench/run.py \$$ARGS"
	echo "make bench-province   the province-sized benchmark of quotas and enrolment (bench/province.py)"
	echo "make bench-indicators the §12 indicators on a generated province (bench/indicators.py \$$ARGS)"
	echo "make bench-grants     20,000 grants and 60,000 visits: overdue list, ledger, survival (bench/grants.py)"
	echo "make bench-import-memory  peak worker memory importing 1,000,000 bad rows (bench/import_memory.py)"
	echo "make security-sweep   every page x every demo role x another district's ids (bench/sweep.py)"
	echo "make bench-dashboards the officials' dashboards on a 1,000,000-person province under 20 users (ARGS=--reuse)"
	echo "make bench-api      the REST API's application list, 100,000 applications, 20 clients (ARGS=--rebuild)"
	echo "make bench-healthz  how long /healthz answers, with and without a Celery worker (bench/healthz.py)"
	echo "make bench-public   the residents' pages under concurrent visitors, p50/p95 (bench/public_pages.py)"
	echo "make services-status | services-stop   the embedded PostgreSQL/Redis, if any"
	echo "make env-file       write .env from .env.example with a fresh secret key (for docker compose)"
	echo "make check-deploy   Django's deployment checks with the production settings and .env"

# ----------------------------------------------------------------------------- install

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || {
	  echo "Python 3.11 or newer is needed; '$(PYTHON)' is $$($(PYTHON) --version 2>&1)." >&2
	  echo "Run: make run PYTHON=/path/to/python3.11" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	echo "created $(VENV) with $$($(PY) --version)"

# pyproject.toml has `packages = []`: its dependency lists are installed directly.
$(DEPS_STAMP): pyproject.toml scripts/pydeps.py | $(PY)
	@mkdir -p var
	$(PY) scripts/pydeps.py $(PIP_EXTRAS) > var/requirements.txt
	echo "installing Python packages from pyproject.toml ($(PIP_EXTRAS)) into $(VENV)"
	$(PY) -m pip install --disable-pip-version-check -q -r var/requirements.txt
	touch $@

# Only when it is missing: `npm ci` must fail, not rewrite the lock file, when they disagree.
package-lock.json:
	@bash scripts/ensure-node.sh
	npm install --package-lock-only --no-audit --no-fund

# npm writes node_modules/.package-lock.json on every install; it is older than the lock
# file when node_modules is stale.
$(NPM_STAMP): package.json package-lock.json
	@bash scripts/ensure-node.sh
	npm ci --no-audit --no-fund
	touch $@

vendor: $(NPM_STAMP)
	@sh scripts/vendor.sh node_modules static/vendor

setup: $(DEPS_STAMP) vendor

messages: $(DEPS_STAMP)
	@bash scripts/ensure-gettext.sh
	mkdir -p locale
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules --ignore=var \
	  --ignore=staticfiles -v 0
	echo "translations compiled"

browser:
	@if [ -n "$${SKIP_BROWSER:-}" ]; then echo "browser: SKIP_BROWSER is set; not checking Chromium"; \
	else bash scripts/ensure-browser.sh; fi

# ----------------------------------------------------------------------------- services

services: $(DEPS_STAMP)
	@$(PY) scripts/services.py ensure

services-status: $(DEPS_STAMP)
	@$(PY) scripts/services.py status

services-stop: $(DEPS_STAMP)
	@$(PY) scripts/services.py stop

# ----------------------------------------------------------------------------- the two commands

run: setup messages
	@$(SERVICES_ENV)
	echo "==> manage.py migrate"
	$(PY) manage.py migrate --noinput
	echo "==> manage.py load_regions"
	$(PY) manage.py load_regions
	echo "==> manage.py seed_demo"
	# seed_demo itself keeps the demo logins, with each account's password, in
	# var/demo-logins.txt (a password is only known when seed_demo sets it); runall prints it.
	$(PY) manage.py seed_demo
	exec $(PY) scripts/runall.py --host $(HOST) --port $(PORT) --banner-file var/demo-logins.txt

# pytest's exit status is the recipe's: any failure, and exit 5 (no tests collected), fails
# `make test` (make itself then exits 2 and prints "Error N" with pytest's code).
# The lints run first and fail the build on their own: the layers contract (import-linter) and ruff.
lint: $(DEPS_STAMP)
	@echo "==> lint-imports"
	$(VENV)/bin/lint-imports
	echo "==> ruff check"
	$(VENV)/bin/ruff check .

test: setup messages browser lint
	@$(SERVICES_ENV)
	echo "==> pytest $(PYTEST_ARGS)"
	set +e
	DJANGO_SETTINGS_MODULE=training_portal.settings.test $(PY) -m pytest $(PYTEST_ARGS)
	status=$$?
	set -e
	if [ $$status -eq 5 ]; then
	  echo "make test: pytest collected no tests (exit 5); that counts as a failure" >&2
	elif [ $$status -ne 0 ]; then
	  echo "make test: pytest failed with exit code $$status" >&2
	fi
	exit $$status

bench: setup
	@$(SERVICES_ENV)
	$(PY) bench/run.py $(ARGS)

# Issue 4: a province-sized cycle (10 districts, 100,000 applications, 500 batches).
bench-province: setup messages
	@$(SERVICES_ENV)
	$(PY) bench/province.py $(ARGS)

# Issue 11: the §12 indicators on a province (10 districts, 3 years, 300,000 applications,
# 50,000 imported trainings); report_indicators as a new process and the computation warm.
bench-indicators: setup messages
	@$(SERVICES_ENV)
	$(PY) bench/indicators.py $(ARGS)

# Issue 10: 20,000 grants and 60,000 monitoring visits (overdue list, scheme ledger, survival).
bench-grants: setup messages
	@$(SERVICES_ENV)
	$(PY) bench/grants.py $(ARGS)

# Issue 9: peak worker memory importing a 1,000,000-row applicant file whose every row is bad.
bench-import-memory: setup messages
	@$(SERVICES_ENV)
	$(PY) bench/import_memory.py $(ARGS)

# Issue 9: every URL pattern x every demo role x another district's ids, on the demo data.
security-sweep: setup messages
	@$(SERVICES_ENV)
	$(PY) bench/sweep.py $(ARGS)

# Issue 11 (speed): a province of 1,000,000 persons, 300,000 applications, 2,010 batches, 50,000
# imported trainings, 20,000 grants and 60,000 visits; report_indicators, and the official's pages
# under 20 concurrent users against gunicorn (cold and warm). ARGS=--reuse skips the build.
bench-dashboards: setup messages
	@$(SERVICES_ENV)
	$(PY) bench/dashboards.py $(ARGS)

# Issue 13: the REST API's application list under 20 API clients (locust), target p95 < 300 ms.
bench-api: setup messages
	@$(SERVICES_ENV)
	$(PY) bench/api.py $(ARGS)

# Issue 12: /healthz answers from the worker's heartbeat in Redis, never waiting for a worker.
bench-healthz: setup
	@$(SERVICES_ENV)
	$(PY) bench/healthz.py $(ARGS)

# Issue 13: the public catalog, a cycle's page, the pre-check and the status lookup under
# concurrent visitors against gunicorn (p50/p95, target p95 < 100 ms). ARGS=--reuse skips the build.
bench-public: setup messages
	@$(SERVICES_ENV)
	$(PY) bench/public_pages.py $(ARGS)

# Django's deployment checklist with the production settings; reads .env (see .env.example).
check-deploy: $(DEPS_STAMP)
	@DJANGO_SETTINGS_MODULE=training_portal.settings.production $(PY) manage.py check --deploy \
	  --fail-level WARNING

# .env for docker compose (and check-deploy): .env.example with a fresh secret key and
# database password. Keeps an existing .env.
env-file:
	@$(PYTHON) scripts/make-env.py
