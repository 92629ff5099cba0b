PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test sandbox screenshots translations system-deps clean

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

## Renders the window and each pane under Xvfb, in Spanish and in English, into docs/screenshots/.
screenshots: $(STAMP)
	@bash packaging/system-deps.sh --with-xvfb
	xvfb-run -a -s "-screen 0 1600x1000x24" $(BIN)/python -m console.ui.screenshots docs/screenshots

## Adds the window's new strings to resources/translations/*.ts, keeping the translations made.
## Translate them with pyside6-linguist (or any editor); the console compiles them when it starts.
translations: $(STAMP)
	$(BIN)/pyside6-lupdate $$(find console/ui -name '*.py' | sort) -source-language en -target-language es \
		-locations relative -no-obsolete -ts resources/translations/centralita_es.ts

clean:
	rm -rf $(VENV) build *.egg-info
