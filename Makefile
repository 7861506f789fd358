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

# Editable install: the build backend (hatchling) writes it as a plain .pth path entry, with no
# import hook for every Python start in the venv to pay for, which matters for `paris-kg query`.
# The stamp files make a change to pyproject.toml reinstall.
PIP_INSTALL := $(BIN)/python -m pip install --quiet -e

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

# cold query and start-up (bench/run.py), then the scale bench up to 300k authored triples;
# `make bench SCALE=1M` adds a 1M corpus. Both run; the target fails if either printed a FAIL.
bench: $(VENV)/.installed
	$(BIN)/python bench/run.py; a=$$?; $(BIN)/python bench/scale.py $(if $(SCALE),--add $(SCALE)); b=$$?; \
	test $$a -eq 0 -a $$b -eq 0

clean:
	rm -rf dist
