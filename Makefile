# Two commands a person needs: `make serve` and `make test`. Every other target is a
# step they run, documented here so CI and people run the same thing.
#
#   make serve   set everything up, build, serve on http://127.0.0.1:8000
#   make test    set everything up, run every test
#   make build   write the static site to site/
#   make bench   measure the built site in Chromium (prints figures)
#   make lock    re-pin Python dependencies after editing requirements.in

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cksum < requirements.txt | cut -d' ' -f1)
NODE_STAMP := node_modules/.installed-$(shell cksum < package-lock.json | cut -d' ' -f1)

.PHONY: setup serve build test bench lock clean

setup: $(STAMP) $(NODE_STAMP)

$(STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@rm -f $(VENV)/.installed-* && touch $@

$(NODE_STAMP): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

build: setup
	$(PY) -m mkdocs build --strict --site-dir site

serve: setup
	$(PY) -m mkdocs serve --strict --dev-addr 127.0.0.1:8000

test: setup
	$(PY) -m pytest

lock:
	$(PY) -m pip install --quiet -r requirements.in && $(PY) -m pip freeze --all | grep -v '^pip==' > requirements.txt

clean:
	rm -rf site build dist .pytest_cache
