# One entry point for every task. Each target (re)creates .venv from the hash-locked pins when they change,
# so a fresh clone needs nothing but Python 3.11 and git. requirements.txt and requirements-uv.txt are
# generated: `make lock`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-from-requirements

.PHONY: serve build test lint pdf reader-metrics bench translations translations-record external-links browser lock clean

# pip installs the installer, uv, then uv installs the locked packages (seconds instead of pip's half minute),
# compiled to bytecode as pip does: with PYTHONDONTWRITEBYTECODE set, every process would compile them again.
# The venv starts without pip (ensurepip alone took 6 s): Python's own pip installs uv into it, or, where
# Python has no pip of 22.3 or later (its --python option), the venv's, made by ensurepip.
$(STAMP): requirements.txt requirements-uv.txt
	$(PYTHON) -m venv --without-pip $(VENV)
	$(PYTHON) -m pip --python $(BIN)/python install --quiet --disable-pip-version-check --require-hashes -r requirements-uv.txt \
	  || { $(BIN)/python -m ensurepip && $(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-uv.txt; }
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python --require-hashes -r requirements.txt
	touch $@

# axe-core for the browser accessibility tests, at the exact version pinned in package-lock.json.
node_modules/.installed: package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: install Node.js (for axe-core, used by the accessibility tests)"; exit 1; }
	npm ci --no-audit --no-fund
	touch $@

serve: $(STAMP)  ## Serve the handbook on http://127.0.0.1:8000/handbook/ with live reload (LANGUAGES=lv: English and Latvian only)
	$(BIN)/python -m tools.handbook serve $(if $(LANGUAGES),--languages $(LANGUAGES))

build: $(STAMP)  ## Build the publishable site into site/ (strict)
	$(BIN)/python -m tools.handbook build

test: $(STAMP) node_modules/.installed  ## Lint, then run every test (browser tests included)
	$(BIN)/python -m tools.handbook test

lint: $(STAMP)
	$(BIN)/python -m tools.handbook lint

pdf: $(STAMP)  ## Print every checklist to PDF into site/ (needs Chromium; run after build)
	$(BIN)/python -m tools.handbook pdf

reader-metrics: $(STAMP)  ## Measure a cold chapter page's bytes and the first tickable box on a throttled phone (after build)
	$(BIN)/python -m tools.handbook reader-metrics

bench: $(STAMP)  ## Benchmark builds of the real and generated handbooks
	$(BIN)/python -m tools.handbook bench

translations: $(STAMP)  ## List outdated and missing translations per language
	$(BIN)/python -m tools.handbook translations

translations-record: $(STAMP)  ## After review: record the English version a translation matches (PAGE=docs/lv/x.md)
	$(BIN)/python -m tools.handbook translations-record $(PAGE)

external-links: $(STAMP)  ## Opt-in: check that external links answer (needs internet)
	$(BIN)/python -m tools.handbook external-links

browser: $(STAMP)  ## Print the Chromium that tests and pdf use (HANDBOOK_CHROMIUM names one); fail when none
	@$(BIN)/python -m tools.handbook browser

lock: $(STAMP)  ## Regenerate requirements.txt and requirements-uv.txt, with hashes, after editing requirements.in or requirements-uv.in
	$(BIN)/python -m tools.handbook lock

clean:
	rm -rf site .pytest_cache
