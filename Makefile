# Kiosque: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
VAR := var

.PHONY: run install install-test test test-fast test-postgres browsers varnish bench-tools lint types check messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml package.json package-lock.json | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	npm ci --no-audit --no-fund --silent
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

$(VAR)/secret_key:
	mkdir -p $(VAR)
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@

# The demo site on this machine as in production (DEBUG off), over plain HTTP (no secure
# cookies, no HTTPS redirect), with a key of its own kept in var/secret_key.
RUN_ENV = SECRET_KEY="$$(cat $(VAR)/secret_key)" ALLOWED_HOSTS="$(HOST),localhost,127.0.0.1" \
	SECURE_COOKIES=0 SITE_URL="http://$(HOST):$(PORT)"

run: install $(VAR)/secret_key
	$(RUN_ENV) $(BIN)/kiosque migrate --noinput
	$(RUN_ENV) $(BIN)/kiosque compilemessages --ignore '$(VENV)' -v 0 2>/dev/null || true
	$(RUN_ENV) $(BIN)/kiosque demo
	$(RUN_ENV) $(BIN)/kiosque serve --host $(HOST) --port $(PORT)

# Debian's Chromium for the browser tests, and Java for the Nu HTML checker.
browsers:
	@command -v chromium >/dev/null && command -v java >/dev/null || { \
	  echo "Installing Chromium and Java from Debian's packages…"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium default-jre-headless fonts-dejavu-core; }

# Debian's Varnish and its xkey module for the cache tier's test (deploy/varnish/).
varnish:
	@dpkg -s varnish varnish-modules >/dev/null 2>&1 || { \
	  echo "Installing Varnish from Debian's packages…"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq varnish varnish-modules; }

install-test: $(VENV)/.installed-test browsers varnish

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Strict everywhere (pyproject.toml: the flags tests relax); the benchmarks import their
# harness as a sibling module, as they run. Every `type: ignore` names its code and says why.
types: install-test
	$(BIN)/mypy kiosque e2e bench conftest.py
	@! grep -rnP 'type: ignore(?!\[[a-z, -]+\]  # \S)' --include='*.py' kiosque e2e bench conftest.py \
	  | grep -v '/migrations/' | grep . || { echo "a type: ignore without its code and reason"; false; }

# The whole suite: SQLite, then PostgreSQL when a server answers (see README).
test: install-test
	KIOSQUE_ENV=development $(BIN)/kiosque makemigrations --check --dry-run
	$(BIN)/pytest -n 2 --dist loadfile -rsx
	@if $(BIN)/python -c "import socket; socket.create_connection(('127.0.0.1', 5432), 2)" 2>/dev/null; then \
	  DATABASE_URL=$${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/kiosque} \
	    $(BIN)/pytest -n 2 --dist loadfile -rsx -m "not browser"; \
	else \
	  echo "SKIPPED the PostgreSQL run: no server answers on 127.0.0.1:5432 (README: Production)."; \
	fi

check: lint types test

messages: install
	cd kiosque && export KIOSQUE_ENV=development && ../$(BIN)/kiosque makemessages -l fr -l en --no-obsolete && ../$(BIN)/kiosque compilemessages

# What the benchmarks measure Kiosque against, and with: nginx, wrk (and Varnish, above).
bench-tools: varnish
	@command -v wrk >/dev/null && { command -v nginx || test -x /usr/sbin/nginx; } >/dev/null || { \
	  echo "Installing nginx and wrk from Debian's packages…"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nginx wrk; }

# Every benchmark, one after the other (docs/performance.md: about 40 minutes on two cores, the
# first time; the big PostgreSQL database of bench/scale.py is kept for the next run).
bench: install-test bench-tools
	$(BIN)/python bench/hot_article.py
	$(BIN)/python bench/live.py
	$(BIN)/python bench/posting.py
	$(BIN)/python bench/scale.py --reuse --keep
	$(BIN)/python bench/topic_pages.py

clean:
	rm -rf $(VENV) node_modules $(VAR)
