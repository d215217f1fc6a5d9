# Tiflux Chats desktop: build, test and lint entry points.
#
# Every target that runs project code bootstraps .venv by itself, so a clean clone needs only
# Python 3.11+ and make:  make demo | make test | make lint | make bench | make fmt | make clean
# Extra pytest arguments: make test PYTEST_ARGS='-k outbox -x'

PYTHON      ?= python3
PYTEST_ARGS ?=
VENV        := .venv
BIN         := $(VENV)/bin
STAMP       := $(VENV)/.stamp

# pytest exits 5 when it collected no test: not a failure while the suite is being written.
define run_pytest
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(1) $(PYTEST_ARGS); \
	rc=$$?; if [ $$rc -eq 5 ]; then echo "pytest: no tests collected"; exit 0; fi; exit $$rc
endef

# Translations: the .ts catalogues are in git, the .qm the app loads are built from them.
TS_DIR      := tiflux_desktop/ui/resources/translations
TS          := $(wildcard $(TS_DIR)/*.ts)
QM          := $(TS:.ts=.qm)

.DEFAULT_GOAL := help
.PHONY: help venv demo test pytest lint fmt bench chaos soak clean translations i18n-update
.PHONY: icons bundle bundle-test deb appimage

help:
	@echo "make demo   the app in demo mode: a local demo service, signed in as ADMINISTRADOR"
	@echo "make test   lint, then the test suite (Qt offscreen; benchmarks excluded)"
	@echo "make lint   ruff check, ruff format --check, pyright, lint-imports"
	@echo "make bench  benchmarks (tests/benchmarks, marker 'bench')"
	@echo "make chaos  the chaos run and the deep fuzzing (tests/chaos, tests/security)"
	@echo "make soak   the soak: SOAK_SECONDS=3600 make soak reports memory growth over an hour"
	@echo "make fmt    ruff format + ruff check --fix"
	@echo "make i18n-update  refresh the .ts catalogues from the source strings (then translate)"
	@echo "make clean  remove .venv, caches and build output"
	@echo "make bundle       the one-folder executable build in dist/tiflux-desktop (PyInstaller)"
	@echo "make bundle-test  the frozen build's tests (tests/packaging, marker 'frozen')"
	@echo "make deb          a .deb of the bundle in dist/ (make bundle first)"
	@echo "make appimage     the AppImage's AppDir in build/ (the image too with appimagetool)"
	@echo "make icons        the app icon as PNG sizes, .ico and .icns in build/icons"

# (Re)install when pyproject.toml changes. The stamp lives inside .venv, so `make clean`
# (or deleting .venv) forces a fresh bootstrap.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required: make PYTHON=python3.11 ...")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

$(TS_DIR)/%.qm: $(TS_DIR)/%.ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

translations: $(QM)

# Adds new source strings to every catalogue (and drops vanished ones); translate them in
# the .ts (Qt Linguist: pyside6-linguist) and commit.
i18n-update: $(STAMP)
	$(BIN)/pyside6-lupdate -no-obsolete -locations none \
		$(wildcard tiflux_desktop/ui/*.py tiflux_desktop/ui/*/*.py) tiflux_desktop/app.py -ts $(TS)

demo: $(STAMP) $(QM)
	$(BIN)/tiflux-desktop --demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pyright
	$(BIN)/lint-imports --no-logo --cache-dir $(VENV)/.import_linter_cache

# lint is a prerequisite, so it finishes before the suite starts, even under make -j.
test: lint $(QM)
	$(call run_pytest,)

# The suite alone, without lint.
pytest: $(STAMP) $(QM)
	$(call run_pytest,)

# Benchmarks report medians and ratios and are excluded from `make test` by addopts
# (-m 'not bench'); the later -m bench given here takes precedence.
bench: $(STAMP) $(QM)
	@if [ ! -d tests/benchmarks ]; then echo "make bench: no tests/benchmarks yet"; exit 0; fi; \
	$(call run_pytest,tests/benchmarks -m bench -s)

# The long chaos run (marker chaos) plus every security test with hypothesis's deep profile.
# `make test` runs the same suites with smaller runs (the smoke versions).
chaos: $(STAMP) $(QM)
	TIFLUX_FUZZ=deep $(call run_pytest,tests/chaos tests/security -m 'chaos or not (bench or frozen or soak)' -s)

SOAK_SECONDS ?= 600
soak: $(STAMP) $(QM)
	TIFLUX_SOAK_SECONDS=$(SOAK_SECONDS) $(call run_pytest,tests/chaos -m soak -s --timeout=0)

fmt: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .hypothesis \
		.import_linter_cache .coverage htmlcov $(QM)
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

# --- packages (docs/packaging.md) ----------------------------------------------------------

icons: $(STAMP)
	$(BIN)/python packaging/make_icons.py

bundle: $(STAMP) $(QM) icons
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --workpath build/pyinstaller \
		--distpath dist build.spec

# The frozen build's tests fail (never skip) without a bundle; `-m frozen` here takes
# precedence over addopts. Unlike the suite's targets, "no tests collected" is a failure.
bundle-test: $(STAMP) $(QM)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest tests/packaging -m frozen $(PYTEST_ARGS)

deb: $(STAMP)
	$(BIN)/python packaging/linux/package.py deb

appimage: $(STAMP)
	$(BIN)/python packaging/linux/package.py appimage
