# WE.CA.RE. partnership network: `make run` to use it, `make test` to check it.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
LAUNCHER := neo4j-launcher
LAUNCHER_STAMP := $(LAUNCHER)/target/.built
LAUNCHER_SRC := $(LAUNCHER)/pom.xml $(shell find $(LAUNCHER)/src -name '*.java' 2>/dev/null)
PO_FILES := $(wildcard translations/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run test install install-dev launcher translations chromium frontend lint typecheck \
        pytest extract-messages bench wrk clean system-packages

## run: install everything, start the embedded Neo4j, migrate, seed if empty, serve :5000
## with gunicorn's threaded workers (gunicorn.conf.py; WORKERS, THREADS)
run: install system-packages launcher translations frontend
	$(PY) serve.py

## test: install the same, then ruff, then mypy beside pytest against a throwaway embedded
## Neo4j (the suite keeps about one core of two busy; mypy takes the other). Their output
## is not synchronised, so pytest's progress shows as it goes; mypy adds one line.
test: install-dev system-packages launcher translations chromium frontend lint
	$(MAKE) --no-print-directory -j2 typecheck pytest

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

## launcher: build the embedded Neo4j launcher from Maven Central's artifacts (batch mode,
## no colour codes in the output)
launcher: $(LAUNCHER_STAMP)
$(LAUNCHER_STAMP): $(LAUNCHER_SRC)
	MAVEN_OPTS="-Djansi.noreset=true $${MAVEN_OPTS:-}" mvn --batch-mode --no-transfer-progress \
	  --quiet -Dstyle.color=never -f $(LAUNCHER)/pom.xml package
	touch $@

## translations: compile the message catalogues (.po -> .mo)
translations: $(MO_FILES)
translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po | install
	$(VENV)/bin/pybabel compile --statistics -d translations -i $< -o $@

## extract-messages: refresh the catalogue template and merge it into the .po files
extract-messages: install
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location \
	  --sort-output -o translations/messages.pot .
	$(VENV)/bin/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching

## frontend: the browser libraries, installed by npm from package-lock.json and copied
## (their distributed UMD builds, no bundler) into static/vendor/, which git ignores
VENDOR := static/vendor
VENDOR_FILES := node_modules/sigma/dist/sigma.min.js \
  node_modules/graphology/dist/graphology.umd.min.js \
  node_modules/graphology/dist/graphology.umd.min.js.map \
  node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/dist/chart.umd.min.js.map \
  node_modules/accessible-autocomplete/dist/accessible-autocomplete.min.js \
  node_modules/accessible-autocomplete/dist/accessible-autocomplete.min.js.map \
  node_modules/accessible-autocomplete/dist/accessible-autocomplete.min.css \
  node_modules/d3-array/dist/d3-array.min.js node_modules/d3-geo/dist/d3-geo.min.js \
  node_modules/topojson-client/dist/topojson-client.min.js \
  node_modules/bootstrap-italia/dist/css/bootstrap-italia.min.css \
  node_modules/bootstrap-italia/dist/css/bootstrap-italia.min.css.map \
  node_modules/bootstrap-italia/dist/js/bootstrap-italia.bundle.min.js \
  node_modules/axe-core/axe.min.js
BI := node_modules/bootstrap-italia/dist
frontend: $(VENDOR)/.copied
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y nodejs npm; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@
$(VENDOR)/.copied: node_modules/.installed
	mkdir -p $(VENDOR)
	cp $(VENDOR_FILES) $(VENDOR)/
	# each package's licence (LICENSE, LICENSE.md or LICENSE.txt; the first when several)
	for pkg in sigma graphology chart.js accessible-autocomplete bootstrap-italia axe-core \
	  d3-array d3-geo topojson-client; do \
	  cp "$$(ls node_modules/$$pkg/LICENSE* | head -n 1)" $(VENDOR)/$$pkg.LICENSE.txt || exit 1; done
	# Bootstrap Italia's fonts and icon sprite; its fonts loader writes an inline <style>,
	# which the CSP refuses, so its @font-face rules become a file (fonts.css) here
	mkdir -p $(VENDOR)/fonts $(VENDOR)/svg
	cp -r $(BI)/fonts/Titillium_Web $(BI)/fonts/Lora $(BI)/fonts/Roboto_Mono $(VENDOR)/fonts/
	cp $(BI)/svg/sprites.svg $(VENDOR)/svg/
	sed -n '/innerHTML = `/,/^  `;/p' $(BI)/plugins/fonts-loader.js | sed '1d;$$d' \
	  | sed 's|$${__PUBLIC_PATH__}|fonts|g' > $(VENDOR)/bootstrap-italia-fonts.css
	touch $@

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install-dev
	$(VENV)/bin/mypy

## system-packages: Debian's pango libraries, which WeasyPrint needs for the dossier PDF
system-packages:
	@dpkg -s libpango-1.0-0 libpangoft2-1.0-0 >/dev/null 2>&1 || { apt-get update && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y libpango-1.0-0 libpangoft2-1.0-0; }

## chromium: Debian's Chromium for the browser tests (Playwright drives it; no download)
chromium:
	@test -x /usr/bin/chromium || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }

pytest: install-dev system-packages launcher translations chromium frontend
	$(VENV)/bin/pytest

## bench: benchmarks (figures printed, nothing asserted)
bench: install-dev launcher wrk
	$(PY) -m bench

## wrk: Debian's HTTP load generator, for the throughput phase of `python -m bench load`
wrk:
	@command -v wrk >/dev/null || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y wrk; }

clean:
	rm -rf $(VENV) $(LAUNCHER)/target .pytest_cache .mypy_cache .ruff_cache
