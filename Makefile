PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PACKAGE_STAMP := $(VENV)/.packaging
BENCH_STAMP := $(VENV)/.bench

.PHONY: run test package sandbox screenshots translations system-deps clean reliability bench

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	@touch $(BENCH_STAMP)

$(PACKAGE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[package]'
	@touch $(PACKAGE_STAMP)

system-deps:
	@bash packaging/system-deps.sh

## Opens the console (on the built-in sandbox when no real account is configured).
run: $(STAMP) system-deps
	$(BIN)/centralita

## Runs the whole suite headless (the relay's tests also run against a real PostgreSQL).
test: $(STAMP)
	@bash packaging/system-deps.sh --with-postgres
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n auto --dist loadfile
	$(BIN)/lint-imports

## Runs the fault and security suites (tests/faults, tests/security) and writes docs/RELIABILITY.md from their figures.
reliability: $(STAMP)
	rm -f build/reliability/figures.json
	CENTRALITA_FAULT_SENDS=1000 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q tests/faults tests/security
	$(BIN)/python bench/reliability_report.py

## Runs the benchmarks one after the other, then the size table, and writes docs/PERFORMANCE.md (~7 min). The first run
## builds the data dirs in bench/data/ (~5 min, 3.3 GB; kept until the generator or the schema changes).
bench: $(BENCH_STAMP)
	@bash packaging/system-deps.sh
	$(BIN)/python bench/run_all.py $(BENCH_ARGS)

## Builds the one-folder app dist/centralita/ (run it: dist/centralita/centralita; check it: ... --self-test).
package: $(PACKAGE_STAMP)
	@bash packaging/system-deps.sh
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller packaging/centralita.spec
	install -m755 packaging/install-desktop.sh dist/centralita/install-desktop.sh

## Serves the provider simulators on loopback for the command line.
sandbox: $(STAMP)
	$(BIN)/centralita sandbox serve

## Renders the window and each pane at 1366x768 under Xvfb, in each language, dark and at 1.5x scaling, into docs/screenshots/.
screenshots: $(STAMP)
	@bash packaging/system-deps.sh --with-xvfb
	xvfb-run -a -s "-screen 0 1600x1000x24" $(BIN)/python -m console.ui.screenshots docs/screenshots

## Adds new strings to the catalogues, keeping the translations made: the window's to
## resources/translations/centralita_*.ts (translate with pyside6-linguist), the core's messages to
## console/wording/locales/*.po (any gettext editor). Both are read as they are at start.
## A new window language: copy a .ts to centralita_<code>.ts (e.g. centralita_fr.ts), set its language, translate it.
## English is the source; centralita_en.ts holds only its plural forms ("1 contact", "2 contacts").
translations: $(STAMP)
	for ts in resources/translations/centralita_*.ts; do \
		language=$$(basename $$ts .ts); language=$${language#centralita_}; \
		only=$$([ $$language = en ] && echo -pluralonly); \
		$(BIN)/pyside6-lupdate $$(find console/ui -name '*.py' | sort) -source-language en -target-language $$language \
			$$only -locations relative -no-obsolete -ts $$ts || exit 1; \
	done
	$(BIN)/python -m console.wording.catalogue

clean:
	rm -rf $(VENV) build dist *.egg-info
