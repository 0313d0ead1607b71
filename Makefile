# reportgen: the two commands a user needs are `make report EVENT=...` and `make test`.
# The virtualenv is created on first use from the pinned requirements.lock.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EVENT ?= 2022-06-07
STAMP := $(VENV)/.installed
AXE := node_modules/axe-core/axe.min.js

.PHONY: report reports cards validate test test-update lint bench clean help

help:
	@echo "make report EVENT=2022-06-07   build output/EVENT/pack.pdf and pack.html"
	@echo "make reports                   build every event under data/events/ (unchanged ones are skipped)"
	@echo "make validate EVENT=...        check an event's inputs without writing"
	@echo "make cards EVENT=...           write output/EVENT/cards/ (social cards, PNG + alt text)"
	@echo "make test                      lint and run the test suite (browser tests need chromium)"
	@echo "make test-update               run the tests, replacing the screenshot baselines"
	@echo "make bench                     time the build: stages, scaling, batch, no-op, preview"

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

# axe-core for the browser tests, from package-lock.json (skipped, with a note, without npm).
$(AXE): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "note: npm not found, so the browser tests will skip (axe-core missing)"; fi

report: $(STAMP)
	$(BIN)/reportgen build --cards $(EVENT)

reports: $(STAMP)
	$(BIN)/reportgen build --all --cards

cards: $(STAMP)
	$(BIN)/reportgen cards $(EVENT)

validate: $(STAMP)
	$(BIN)/reportgen validate $(EVENT)

lint: $(STAMP)
	$(BIN)/ruff check reportgen tests scripts

test: lint $(AXE)
	$(BIN)/python -m pytest

test-update: lint $(AXE)
	REPORTGEN_UPDATE_BASELINES=1 $(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m reportgen.bench $(EVENT)

clean:
	rm -rf output/2* output/.build-* output/.old-* output/.cache
