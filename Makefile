# Two commands do everything on a fresh machine with Python >= 3.11 and make:
#   make demo   # solve the built-in Kutai Timur region
#   make test   # ruff, mypy, pytest
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: demo test lint typecheck pytest fuzz bench docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[dev,pandas,excel,plot,map,bench,distributed,notebook,docs,app]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/koperasi-alloc demo

LINTED := src tests $(wildcard benchmarks examples tools)

lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

typecheck: $(STAMP)
	$(BIN)/mypy src benchmarks

pytest: $(STAMP)
	$(BIN)/python -m pytest -q -m "not fuzz"

test: lint typecheck pytest

# The dedicated large fuzz runs (10,000+ malformed inputs, 1,000 planted regions); the
# counts are printed at the end and written to build/fuzz-counts.json.
fuzz: $(STAMP)
	KOPERASI_FUZZ_PROFILE=fuzz KOPERASI_FUZZ_REPORT=build/fuzz-counts.json \
		$(BIN)/python -m pytest -q -m fuzz -p no:cacheprovider tests/fuzz

docs: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) build dist .mypy_cache .pytest_cache .ruff_cache
