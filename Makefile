# The two commands a newcomer needs: `make demo` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
# The native core (rust/) is built by cargo through maturin; find rustup's cargo when it is not on PATH.
export PATH := $(PATH):$(HOME)/.cargo/bin
CARGO_ARGS := --manifest-path rust/Cargo.toml
export PYO3_PYTHON := $(abspath $(BIN)/python)

.PHONY: setup browser demo test lint bench fuzz clean

$(BIN)/.installed: pyproject.toml rust/Cargo.toml rust/Cargo.lock $(wildcard rust/src/*.rs)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev,compat,scale]'
	touch $@

VENDOR := veracity/server/ui/static/vendor

# The browser UI's front-end packages: pinned in package.json/package-lock.json, installed from the npm
# registry and copied into the Python package, so the pages fetch nothing from outside at run time.
$(VENDOR)/.copied: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js node_modules/uplot/dist/uPlot.iife.min.js \
		node_modules/uplot/dist/uPlot.min.css $(VENDOR)/
	touch $@

# The UI tests drive Debian's Chromium (no browser download).
browser:
	@[ -x /usr/bin/chromium ] || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

setup: $(BIN)/.installed $(VENDOR)/.copied

demo: setup
	$(BIN)/veracity demo

lint: setup
	$(BIN)/ruff check veracity tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	cargo fmt $(CARGO_ARGS) --check
	cargo clippy $(CARGO_ARGS) --all-targets --quiet -- -D warnings

test: lint browser
	$(BIN)/pytest
	@if [ -f $(SHARED)/tools/contract_check.py ]; then \
		$(BIN)/python $(SHARED)/tools/contract_check.py $(BIN)/veracity; \
	else echo "contract check skipped: $(SHARED)/tools/contract_check.py not found"; fi

bench: setup
	$(BIN)/python bench/ingest.py --runs 2000
	$(BIN)/python bench/serve.py --runs 2000
	$(BIN)/python bench/serve.py --world b --runs 1000
	$(BIN)/python bench/serve.py --cheap --runs 1000000 --sample 10
	$(BIN)/python bench/quality.py
	$(BIN)/python bench/realdev.py
	$(BIN)/python bench/pairs.py
	$(BIN)/python bench/duplicates.py
	$(BIN)/python bench/coverage.py
	$(BIN)/python bench/stats.py --quick
	$(BIN)/python bench/truthrate.py

# 100,000 mutated OTLP payloads through the pipeline and a real server (~30 min on 2 busy cores).
fuzz: setup
	$(BIN)/python bench/fuzz.py --payloads 100000

clean:
	rm -rf $(VENV) node_modules $(VENDOR) .pytest_cache .mypy_cache .ruff_cache
