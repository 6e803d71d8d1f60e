# The two commands: `make run` and `make test`. Both build .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
STAMP := $(VENV)/.installed

.PHONY: run test lint install browser-deps bench clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# Debian's Chromium for the browser tests (playwright drives it; never `playwright install`).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for browser tests..."; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null \
	  || echo "chromium could not be installed: browser tests will be skipped"; }

run: $(STAMP)
	$(FLASK) db upgrade
	$(FLASK) seed demo --if-empty
	@$(FLASK) seed credentials
	$(FLASK) run --host 127.0.0.1 --port 5000

# bandit: no medium or high finding (-ll); each `# nosec` carries its reason beside it.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/bandit -q -r directory seed config.py wsgi.py -ll
	$(BIN)/ruff format --check directory seed tests config.py wsgi.py

# The whole suite on SQLite; again on PostgreSQL when TEST_DATABASE_URL is set (browser
# tests once is enough: they exercise the pages, not the backend).
test: $(STAMP) browser-deps lint
	env -u TEST_DATABASE_URL $(BIN)/pytest -n 2 --dist loadfile
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
	  echo "== again on PostgreSQL ($$TEST_DATABASE_URL) =="; \
	  $(BIN)/pytest -n 2 --dist loadfile -m "not browser"; fi

# Search benchmark (docs/benchmarks.md): builds 10k/100k synthetic SQLite databases under
# instance/bench/ on first use, then prints in-process medians. BENCH_POSTGRES_URL adds PostgreSQL.
bench: $(STAMP)
	$(BIN)/python -m bench.search_bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
