# Two commands a person needs: `make serve` and `make test`. Every other target is a
# step they run, documented here so CI and people run the same thing. Each target sets
# up what it needs first (a .venv from the pinned requirements.txt, `npm ci` from
# package-lock.json), so any of them works on a fresh clone.
#
#   make serve     set everything up, build, serve on http://127.0.0.1:8000 (live reload)
#   make test      set everything up, run every test (pytest; settings in pyproject.toml)
#   make build     write the static site to site/ (strict: any warning fails it)
#   make check     validate data/ (schema, links between files, presets) and schemas/,
#                  without building: seconds, for maintainers and editors' task runners
#   make presets   write calculators/presets.json from the case-study data (the build
#                  writes it too; test, build and serve run this first)
#   make schemas   write schemas/*.schema.json (JSON Schema for the YAML files in data/)
#                  from macros/data/schema.py, after a change to the models
#   make bench     build, then measure the built site in Chromium and Lighthouse (prints figures)
#   make setup     only the set-up: .venv and node_modules
#   make lock      re-pin Python dependencies after editing requirements.in
#   make clean     remove what the build and tests leave behind

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cksum < requirements.txt | cut -d' ' -f1)
NODE_STAMP := node_modules/.installed-$(shell cksum < package-lock.json | cut -d' ' -f1)

# Material for MkDocs prints a banner about its successor on every build; it is noise here.
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup check presets schemas serve build test bench lock clean

setup: $(STAMP) $(NODE_STAMP)

$(STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@rm -f $(VENV)/.installed-* && touch $@

$(NODE_STAMP): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Bad preset data stops every target that depends on this, with the file and field.
presets: setup
	$(PY) -m macros.export_presets

# Prints each problem with its file and line (and as annotations in GitHub Actions).
check: setup
	$(PY) -m macros.export_presets --check
	$(PY) -m macros.data.jsonschemas --check

schemas: setup
	$(PY) -m macros.data.jsonschemas

build: presets
	$(PY) -m mkdocs build --strict --site-dir site

serve: presets
	$(PY) -m mkdocs serve --strict --dev-addr 127.0.0.1:8000

# pytest exits 5 when it collects no test: make fails then too, as it should.
# Two workers (pytest-xdist), each with its own built site and browser: much of a
# browser test is waiting for Chromium, so two cores run the suite about a fifth faster.
test: presets
	$(PY) -m pytest -n 2 --dist worksteal

bench: build
	@set -- benchmarks/*.py; \
	if [ ! -e "$$1" ]; then echo "make bench: no benchmarks/*.py yet" >&2; exit 1; fi; \
	for script in "$$@"; do echo "== $$script"; $(PY) "$$script" || exit 1; done

lock:
	$(PY) -m pip install --quiet -r requirements.in && $(PY) -m pip freeze --all --exclude-editable \
		| grep -v -e '^pip==' -e ' @ file:' > requirements.txt

clean:
	rm -rf site build dist .pytest_cache calculators/presets.json
