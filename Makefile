# Two commands do all the set-up: `make run` launches the app, `make test`
# runs the whole suite headless. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench resources clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/backcoach

lint: $(STAMP)
	$(BIN)/ruff format --check backcoach tests bench scripts
	$(BIN)/ruff check backcoach tests bench scripts
	$(BIN)/mypy

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/run_all.py

resources: $(STAMP)
	$(BIN)/python scripts/draw_figures.py
	$(BIN)/python scripts/compile_resources.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
