# reportgen: the two commands a user needs are `make report EVENT=...` and `make test`.
# The virtualenv is created on first use from the pinned requirements.lock.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EVENT ?= 2022-06-07
# The event name as typed, never expanded by make ($(value): `EVENT='$$(shell ...)'` stays text),
# allowed only if it could name a folder under data/events/ (letters, digits, '.', '_', '-', not
# starting with '.', '_' or '-'), and single-quoted in the recipes, so no shell runs any of it.
EVENT_NAME := $(value EVENT)
EVENT_CHARS := a b c d e f g h i j k l m n o p q r s t u v w x y z \
  A B C D E F G H I J K L M N O P Q R S T U V W X Y Z 0 1 2 3 4 5 6 7 8 9 . _ -
without_chars = $(if $(2),$(call without_chars,$(subst $(firstword $(2)),,$(1)),$(wordlist 2,$(words $(2)),$(2))),$(1))
EVENT_GOALS := report cards validate bench
ifneq ($(filter $(EVENT_GOALS),$(MAKECMDGOALS)),)
ifneq ($(words $(EVENT_NAME))$(call without_chars,$(EVENT_NAME),$(EVENT_CHARS))$(filter .% _% -%,$(EVENT_NAME)),1)
$(error EVENT=$(EVENT_NAME) is not an event name: use the name of a folder under data/events/ (letters, digits, '.', '_' and '-'), e.g. make report EVENT=2022-06-07)
endif
endif
# The series name, checked and quoted like EVENT (make series SERIES=<name>: data/series/<name>.yaml).
SERIES_NAME := $(value SERIES)
ifneq ($(filter series,$(MAKECMDGOALS)),)
ifneq ($(words $(SERIES_NAME))$(call without_chars,$(SERIES_NAME),$(EVENT_CHARS))$(filter .% _% -%,$(SERIES_NAME)),1)
$(error SERIES=$(SERIES_NAME) is not a series name: use the name of a file data/series/<name>.yaml (letters, digits, '.', '_' and '-'), e.g. make series SERIES=sel-community-2023-24)
endif
endif
STAMP := $(VENV)/.installed
AXE := node_modules/axe-core/axe.min.js

.PHONY: report reports series cards validate test test-update lint bench clean help

help:
	@echo "make report EVENT=2022-06-07   build output/EVENT/pack.pdf and pack.html"
	@echo "make reports                   build every event under data/events/ (unchanged ones are skipped)"
	@echo "make series SERIES=<name>      build output/series/<name>/ (pack, slides) and data/store.duckdb"
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
	$(BIN)/reportgen build --cards '$(EVENT_NAME)'

reports: $(STAMP)
	$(BIN)/reportgen build --all --cards

series: $(STAMP)
	$(BIN)/reportgen series '$(SERIES_NAME)'
	$(BIN)/reportgen store

cards: $(STAMP)
	$(BIN)/reportgen cards '$(EVENT_NAME)'

validate: $(STAMP)
	$(BIN)/reportgen validate '$(EVENT_NAME)'

lint: $(STAMP)
	$(BIN)/ruff check reportgen tests scripts

test: lint $(AXE)
	$(BIN)/python -m pytest

test-update: lint $(AXE)
	REPORTGEN_UPDATE_BASELINES=1 $(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m reportgen.bench '$(EVENT_NAME)'

clean:
	rm -rf output/2* output/.build-* output/.old-* output/.cache
