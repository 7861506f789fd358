# Two commands do everything on a machine that only has python3:
#   make demo   set up .venv, build and validate the graph, answer the research questions, fill dist/
#   make test   set up .venv with the test tools, run the whole suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Editable install in "compat" mode (a plain .pth path entry): the default mode installs an
# import hook that every Python start in the venv pays for (~10 ms), which matters for
# `paris-kg query`. The stamp files make a change to pyproject.toml reinstall.
PIP_INSTALL := $(BIN)/python -m pip install --quiet --config-settings editable_mode=compat -e

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP_INSTALL) .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(PIP_INSTALL) '.[test]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/paris-kg build
	$(BIN)/paris-kg stats
	$(BIN)/paris-kg report
	$(BIN)/paris-kg graph --include events
	$(BIN)/paris-kg timeline
	$(BIN)/paris-kg site -o dist/site
	$(BIN)/paris-kg query first-us-drop-of-mutual-withdrawal

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q

bench: $(VENV)/.installed
	$(BIN)/python bench/run.py

clean:
	rm -rf dist
