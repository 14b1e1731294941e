# newsitem: one command per check. `make demo` and `make test` work on a fresh clone with
# only Python 3.11 and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest bench fuzz clean xsd browser docs release-check xmllint eval bench-dask

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(PY) -m pip install --quiet -e ".[test,lint,dask,parquet]"
	$(PY) -m pip install --quiet -e ".[serve-test]"
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

## xmllint: the stock XSD validator the XML tests compare with (installed when root on Debian)
xmllint:
	@command -v xmllint >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
	  && { apt-get install -y -qq libxml2-utils >/dev/null 2>&1 \
	       || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq libxml2-utils >/dev/null 2>&1; }; }; } \
	  || echo "xmllint is not available: the tests that need it are skipped"

pytest: $(STAMP) browser xmllint
	$(BIN)/pytest -q

## browser: Debian's chromium and chromedriver for the page tests (installed as root with
## apt-get; where that cannot be done the browser tests skip and say why)
browser:
	@if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get install -y -q chromium chromium-driver >/dev/null 2>&1 \
	  || { apt-get update -q >/dev/null 2>&1 \
	       && apt-get install -y -q chromium chromium-driver >/dev/null 2>&1; } \
	  || echo "browser: chromium could not be installed; the browser tests will be skipped"; \
	else echo "browser: not root or no apt-get; the browser tests will be skipped"; fi

## bench: generate the benchmark corpus and print the figures (see bench/README)
bench: $(STAMP)
	$(PY) bench/run.py
	$(PY) bench/dask_bench.py

## bench-dask: the engines (Dask at 1 and 2 workers, --jobs, Parquet); appends to bench/results.md
bench-dask: $(STAMP)
	$(PY) bench/dask_bench.py

## eval: score the raw-text reader on ../shared/corpus/pages (per-page table and totals)
eval: $(STAMP)
	$(PY) bench/eval.py

## fuzz: a longer hypothesis fuzzing run of every loads
fuzz: $(STAMP)
	NEWSITEM_FUZZ_EXAMPLES=20000 $(BIN)/pytest -q tests/hostile -k fuzz

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis dist build site

## docs, release-check: the documentation site and the release check (both part of `make test`)
DOCS_STAMP := $(VENV)/.docs-installed

# The docs and release extras (MkDocs, build, hatchling); Node.js for the JavaScript producer of
# the producer tutorial, installed with apt-get when missing and we are root (else its test skips).
$(DOCS_STAMP): pyproject.toml $(STAMP)
	$(PY) -m pip install --quiet -e ".[docs,release]"
	@command -v node >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
	  && apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq nodejs >/dev/null 2>&1; } \
	  || echo "Node.js not installed: the JavaScript producer sample will be skipped"
	touch $(DOCS_STAMP)

pytest: $(DOCS_STAMP)

test: docs

## docs: build the site into site/ in strict mode (a broken link or a missing page fails)
docs: $(DOCS_STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

## release-check: build the sdist and wheel, install the wheel in a fresh venv, run it
release-check: $(DOCS_STAMP)
	$(BIN)/pytest -q tests/release/test_release.py

# The installed metadata carries the version: reinstall when it changes.
$(STAMP): src/newsitem/_version.py
