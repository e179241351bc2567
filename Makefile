# The README's two commands: `make run` and `make test`. Everything else is a step they share.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
# development commands run in debug mode: the embedded defaults, no production secret needed
FLASK  := $(BIN)/flask --app undersigned --debug
HOST   ?= 127.0.0.1
PORT   ?= 5000
STAMP  := $(VENV)/.installed
NPM    ?= $(shell command -v npm)
# the browser tests' checkers (package.json: axe-core, vnu-jar), installed only where npm is
TOOLS  := $(if $(NPM),tools)
# pytest-xdist's processes for `make test`: one per core (TEST_WORKERS=0: the suite in this process)
TEST_WORKERS ?= auto

.PHONY: run test install tools catalogs db bench

run: install catalogs db
	$(FLASK) run --host $(HOST) --port $(PORT)

# the layering first (pyproject.toml's [tool.importlinter]: one floor per layer), then the suite:
# each test module on one worker, modules handed out in the order collected (not by their count
# of tests: the long browser and multi-process modules would then come last, on one worker)
test: install catalogs $(TOOLS)
	$(BIN)/lint-imports --no-cache
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadscope --no-loadscope-reorder $(PYTEST_ARGS)

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# --ignore-scripts: vnu-jar's install script would download a Java runtime; the machine's java runs it
tools: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	$(NPM) ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

catalogs: install
	$(FLASK) translations compile

db: install
	$(FLASK) db upgrade

# every benchmark beside its hello-world reference; writes bench/results.md (BENCH_ARGS=--quick: small)
bench: install catalogs
	command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk)
	$(BIN)/python bench/run.py $(BENCH_ARGS)
