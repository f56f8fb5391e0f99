# The two set-up commands: `make demo` runs the product with demo data on SQLite,
# `make test` runs the whole test suite (SQLite unless DATABASE_URL says otherwise).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium

.PHONY: demo test install lint check-chromium clean

$(BIN)/nghedan: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/nghedan

# The background worker (reminders, escalation, notifications) runs beside the server
# and stops with it.
demo: install
	$(BIN)/nghedan migrate --no-input
	$(BIN)/nghedan demo
	$(BIN)/nghedan worker --sleep 5 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/nghedan runserver $(HOST):$(PORT)

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
	$(BIN)/nghedan makemigrations --check --dry-run >/dev/null
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check nghedan bench
	$(BIN)/ruff format --check nghedan bench

clean:
	rm -rf $(VENV) var
