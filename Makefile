# The two commands a newcomer needs: `make demo` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared

.PHONY: setup demo test lint bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev,scale]'
	touch $@

setup: $(BIN)/.installed

demo: setup
	$(BIN)/veracity demo

lint: setup
	$(BIN)/ruff check veracity tests bench
	$(BIN)/mypy

test: lint
	$(BIN)/pytest
	@if [ -f $(SHARED)/tools/contract_check.py ]; then \
		$(BIN)/python $(SHARED)/tools/contract_check.py $(BIN)/veracity; \
	else echo "contract check skipped: $(SHARED)/tools/contract_check.py not found"; fi

bench: setup
	$(BIN)/python bench/ingest.py --runs 2000
	$(BIN)/python bench/quality.py
	$(BIN)/python bench/realdev.py
	$(BIN)/python bench/pairs.py
	$(BIN)/python bench/duplicates.py
	$(BIN)/python bench/coverage.py
	$(BIN)/python bench/stats.py --quick
	$(BIN)/python bench/truthrate.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
