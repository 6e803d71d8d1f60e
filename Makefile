# The two commands: `make run` and `make test`. Both build .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
STAMP := $(VENV)/.installed

.PHONY: run test lint install browser-deps bench bench-deps clean translations translations-update
.PHONY: serve stack-deps loadtest faults soak lock

# Installs exactly what requirements-dev.lock names, every transitive dependency pinned and
# checked against its hash. requirements*.txt are the direct dependencies; `make lock` turns
# them into the two .lock files (requirements.lock: what production needs).
$(STAMP): requirements.lock requirements-dev.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	touch $(STAMP)

PIP_COMPILE := $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links
lock: $(STAMP)
	$(PIP_COMPILE) -o requirements.lock requirements.txt
	$(PIP_COMPILE) -o requirements-dev.lock requirements-dev.txt

install: $(STAMP) translations

# Translations (docs/i18n.md): each .po in the repository compiles to its .mo (never
# committed), again whenever the .po changes. `translations-update` is for developers:
# extract every message from the code and merge the new ones into each .po.
TRANSLATIONS := directory/translations
MO_FILES := $(patsubst %.po,%.mo,$(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po))
# --ignore-dirs: Babel skips folders starting with _ by default, which hid templates/_macros/.
EXTRACT_OPTIONS := -k _l -k lazy_gettext -k lazy_ngettext:1,2 --ignore-dirs='.*'

translations: $(MO_FILES)

$(TRANSLATIONS)/%/LC_MESSAGES/messages.mo: $(TRANSLATIONS)/%/LC_MESSAGES/messages.po | $(STAMP)
	$(BIN)/pybabel compile -d $(TRANSLATIONS) -l $* --statistics

translations-update: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg $(EXTRACT_OPTIONS) --add-location=file \
	  --project="Partner & Resource Directory" --copyright-holder="Partner & Resource Directory" \
	  -c TRANSLATORS: -o $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --ignore-obsolete

# Debian's Chromium for the browser tests (playwright drives it; never `playwright install`).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for browser tests..."; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null \
	  || echo "chromium could not be installed: browser tests will be skipped"; }

# nginx (Debian's nginx-light) for tests/test_stack.py and the load and fault scripts; they
# run it as the current user with a configuration in a temporary directory.
stack-deps:
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || { \
	  echo "Installing Debian's nginx-light for the two-server test..."; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq nginx-light >/dev/null \
	  || echo "nginx could not be installed: the stack test will be skipped"; }

# wrk (Debian's package), the load generator of bench/http_ratio.py.
bench-deps:
	@command -v wrk >/dev/null 2>&1 || { \
	  echo "Installing Debian's wrk for the HTTP benchmark..."; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq wrk >/dev/null; }

# Production mode (docs/deploy.md): migrate, hash the static files, then gunicorn with
# WEB_CONCURRENCY workers on BIND (default 127.0.0.1:8000). Needs SECRET_KEY, TRUSTED_HOSTS,
# DATABASE_URL (PostgreSQL) and REDIS_URL in the environment.
serve: $(STAMP) translations
	DIRECTORY_ENV=production $(FLASK) db upgrade
	DIRECTORY_ENV=production $(FLASK) search reindex --if-outdated
	DIRECTORY_ENV=production $(FLASK) digest compile
	DIRECTORY_ENV=production $(BIN)/gunicorn -c deploy/gunicorn.conf.py wsgi:app

run: $(STAMP) translations
	$(FLASK) db upgrade
	$(FLASK) search reindex --if-outdated
	$(FLASK) seed demo --if-empty
	@$(FLASK) seed credentials
	$(FLASK) run --host 127.0.0.1 --port 5000

# bandit: no medium or high finding (-ll); each `# nosec` carries its reason beside it.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/bandit -q -r directory seed config.py wsgi.py -ll
	$(BIN)/ruff format --check directory seed tests config.py wsgi.py
	$(BIN)/mypy directory

# The whole suite on SQLite, with line and branch coverage of directory/ and its floors
# (scripts/coverage_floor.py); again on PostgreSQL when TEST_DATABASE_URL is set (browser
# tests once is enough: they exercise the pages, not the backend).
test: $(STAMP) browser-deps stack-deps lint translations
	env -u TEST_DATABASE_URL $(BIN)/pytest -n 2 --dist loadfile --cov --cov-report=term
	$(BIN)/python scripts/coverage_floor.py
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
	  echo "== again on PostgreSQL ($$TEST_DATABASE_URL) =="; \
	  $(BIN)/pytest -n 2 --dist loadfile -m "not browser and not stack"; fi

# Search benchmark (docs/benchmarks.md): builds 10k/100k synthetic SQLite databases under
# instance/bench/ on first use, then prints in-process medians. BENCH_POSTGRES_URL adds PostgreSQL.
# Then every page type under gunicorn as a share of a bare-Flask limit served alongside
# (bench/http_ratio.py, wrk; BENCH_HTTP_SECONDS and BENCH_HTTP_ROUNDS for a quick run).
# Then the HSDS import benchmark: `flask hsds import` of a 100,000-organization file into a
# fresh SQLite file (BENCH_IMPORT_COUNT to change the size, BENCH_PROFILE=1 for cProfile).
bench: $(STAMP) bench-deps
	$(BIN)/python -m bench.search_bench
	$(BIN)/python -m bench.http_ratio
	$(BIN)/python -m bench.duplicates_bench
	$(BIN)/python -m bench.import_bench

# Production stack on loopback (bench/stack.py: nginx, 2 gunicorn servers, PostgreSQL, Redis):
# mixed load on 100,000 listings, faults, and a 10-minute soak. Results: docs/benchmarks.md.
loadtest: $(STAMP) stack-deps
	$(BIN)/pip install --quiet -r bench/requirements.txt
	$(BIN)/python -m bench.loadtest

faults: $(STAMP) stack-deps
	$(BIN)/pip install --quiet -r bench/requirements.txt
	$(BIN)/python -m bench.faults

soak: $(STAMP) stack-deps
	$(BIN)/pip install --quiet -r bench/requirements.txt
	$(BIN)/python -m bench.soak

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
