# newsitem: one command per check. `make demo` and `make test` work on a fresh clone with
# only Python 3.11 and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest bench bench-dask fuzz clean xsd

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(PY) -m pip install --quiet -e ".[test,lint,dask,parquet]"
	touch $(STAMP)

## demo: install newsitem and run it on the bundled examples
demo: | $(BIN)/python
	$(PY) -m pip install --quiet .
	@rm -f $(STAMP)  # the next `make test` reinstalls in editable mode
	@echo "== validate the example articles and raw pages (all valid, exit 0)"
	$(BIN)/newsitem validate -q examples/articles examples/raw
	@echo "== convert a raw agency page to newsitem JSON (warnings on stderr say what was guessed)"
	$(BIN)/newsitem convert examples/raw/spice-market.txt --to json
	@echo "== convert the articles to one XML feed and validate it"
	@rm -rf .demo && mkdir .demo
	$(BIN)/newsitem convert examples/articles --include '*.json' --to xml-feed -o .demo/feed.xml
	$(BIN)/newsitem validate .demo/feed.xml
	@echo "== export an article to NewsML-G2 (IPTC)"
	$(BIN)/newsitem convert examples/articles/chess-prodigy.json --to newsml-g2 -o .demo/chess.g2.xml
	@echo "== validate the invalid examples (problems found, exit 1 expected)"
	@$(BIN)/newsitem validate examples/invalid; status=$$?; \
	  if [ $$status -ne 1 ]; then echo "expected exit 1, got $$status"; exit 1; fi
	@rm -rf .demo
	@echo "== demo finished"

## test: lint, type-check and run the whole test suite
test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy --strict src

pytest: $(STAMP)
	$(BIN)/pytest -q

## bench: generate the benchmark corpus and print the figures (see bench/README)
bench: $(STAMP)
	$(PY) bench/run.py
	$(PY) bench/dask_bench.py

## bench-dask: the engines (Dask at 1 and 2 workers, --jobs, Parquet); appends to bench/results.md
bench-dask: $(STAMP)
	$(PY) bench/dask_bench.py

## fuzz: a longer hypothesis fuzzing run of every loads
fuzz: $(STAMP)
	NEWSITEM_FUZZ_EXAMPLES=20000 $(BIN)/pytest -q tests/hostile -k fuzz

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis dist build
