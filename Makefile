# reportgen: the two commands a user needs are `make report EVENT=...` and `make test`.
# The virtualenv is created on first use from the pinned requirements.lock.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EVENT ?= 2022-06-07
STAMP := $(VENV)/.installed

.PHONY: report validate test lint bench clean help

help:
	@echo "make report EVENT=2022-06-07   build output/EVENT/pack.pdf and pack.html"
	@echo "make validate EVENT=...        check an event's inputs without writing"
	@echo "make test                      lint and run the test suite"
	@echo "make bench                     time the build stage by stage"

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

report: $(STAMP)
	$(BIN)/reportgen build $(EVENT)

validate: $(STAMP)
	$(BIN)/reportgen validate $(EVENT)

lint: $(STAMP)
	$(BIN)/ruff check reportgen tests scripts

test: lint
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m reportgen.bench $(EVENT)

clean:
	rm -rf output/2* output/.build-* output/.old-* output/.cache
