PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test sandbox screenshots system-deps clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

system-deps:
	@bash packaging/system-deps.sh

## Opens the console (on the built-in sandbox when no real account is configured).
run: $(STAMP) system-deps
	$(BIN)/centralita

## Runs the whole suite headless (the relay's tests also run against a real PostgreSQL).
test: $(STAMP)
	@bash packaging/system-deps.sh --with-postgres
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q
	$(BIN)/lint-imports

## Serves the provider simulators on loopback for the command line.
sandbox: $(STAMP)
	$(BIN)/centralita sandbox serve

## Renders the main window under Xvfb into docs/screenshots/.
screenshots: $(STAMP)
	@bash packaging/system-deps.sh --with-xvfb
	xvfb-run -a -s "-screen 0 1600x1000x24" $(BIN)/python -m console.ui.screenshots docs/screenshots

clean:
	rm -rf $(VENV) build *.egg-info
