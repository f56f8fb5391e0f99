# The two set-up commands: `make demo` runs the product with demo data on SQLite,
# `make test` runs the whole test suite (SQLite unless DATABASE_URL says otherwise).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
# Test processes: one per core by default (pytest-xdist); TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= auto
# `make test-clock` runs the suite on another day: the system clock moved there by
# faketime, and the day the tests pin moved with it.
DAY ?= 2027-02-09

.PHONY: demo serve test test-clock install lint check-chromium check-faketime clean

$(BIN)/nghedan: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/nghedan

# The background worker (reminders, escalation, notifications) runs beside the server
# and stops with it. Links in messages point at the address served (HOST, PORT) unless
# NGHEDAN_SITE_URL says otherwise.
demo: export NGHEDAN_SITE_URL ?= http://$(HOST):$(PORT)
demo: export NGHEDAN_LOG_FORMAT ?= text
demo: install
	$(BIN)/nghedan migrate --no-input
	$(BIN)/nghedan demo
	$(BIN)/nghedan worker --sleep 5 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/nghedan runserver $(HOST):$(PORT)

# The production server (gunicorn, docs/operations.md) with a worker beside it, on the
# configured database: WORKERS processes of THREADS threads.
WORKERS ?= 2
THREADS ?= 4
serve: export NGHEDAN_SITE_URL ?= http://$(HOST):$(PORT)
serve: install
	$(BIN)/nghedan migrate --no-input
	$(BIN)/nghedan worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/nghedan serve --bind $(HOST):$(PORT) --workers $(WORKERS) --threads $(THREADS)

check-chromium:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null); \
	  else \
	    echo "The browser tests need Debian's chromium: sudo apt-get install chromium"; exit 1; \
	  fi; }
	@command -v pdftotext >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's poppler-utils to read the reports back in the tests"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null); \
	  else \
	    echo "The report tests read PDFs with pdftotext: sudo apt-get install poppler-utils"; exit 1; \
	  fi; }

test: install check-chromium
	$(BIN)/ruff check nghedan bench
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy nghedan
	$(BIN)/nghedan makemigrations --check --dry-run >/dev/null
	$(BIN)/pytest -q -n $(TEST_WORKERS) --dist loadgroup

check-faketime:
	@command -v faketime >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's faketime to move the clock"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime >/dev/null); \
	  else \
	    echo "Moving the clock needs Debian's faketime: sudo apt-get install faketime"; exit 1; \
	  fi; }

# The suite without the browser tests, the API fuzz run and the tests that time workers
# against the machine's own clock (real_clock; faketime's moved clock upsets their waits),
# none of which depends on the day; with the machine's clock moved by an offset to DAY
# (every process the tests start shares it), the pinned day moved to DAY, and another time
# zone on the machine.
test-clock: install check-faketime
	@offset=$$(( ($$(date -u -d "$(DAY) 03:00" +%s) - $$(date -u +%s)) / 86400 )); \
	sign=$$([ $$offset -lt 0 ] && echo - || echo +); \
	echo "Clock moved by $${sign}$${offset#-} days to $(DAY)"; \
	NGHEDAN_TEST_NOW="$(DAY)T10:00+07:00" TZ=America/Los_Angeles \
	  faketime -f "$${sign}$${offset#-}d" $(BIN)/pytest -q -n $(TEST_WORKERS) -m "not browser and not fuzz and not real_clock"

lint: install
	$(BIN)/ruff check nghedan bench
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy nghedan
	$(BIN)/ruff format --check nghedan bench

clean:
	rm -rf $(VENV) var
