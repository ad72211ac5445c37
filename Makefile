#################################################################################
# GLOBALS                                                                       #
#################################################################################

# Build from another data folder into another output folder:
#   make reports DATA=/path/to/export OUT=/tmp/my-reports
DATA ?= data
OUT ?= reports
SHELL := /bin/bash
PYTHON_BOOT ?= python3

# conda when present (environment.yml), else a venv with pip (requirements.txt): same pins.
ifneq ($(shell command -v conda 2>/dev/null),)
ENV_DIR := .conda-env
ENV_KIND := conda
else
ENV_DIR := .venv
ENV_KIND := venv
endif
PY := $(abspath $(ENV_DIR))/bin/python
ENV_STAMP := $(ENV_DIR)/.installed
SYSDEPS_STAMP := build/.sysdeps
STATE := $(OUT)/.build
VARIANTS_MK := $(STATE)/variants.mk

export PYTHONDONTWRITEBYTECODE := 1
export MPLBACKEND := Agg
# A git ref for the index's "what changed" section (default: the latest release tag).
export BASELINE
# Seconds a notebook cell may run before its report fails (make reports NB_TIMEOUT=1200 to allow more).
NB_TIMEOUT ?= 600
export NB_TIMEOUT

.DEFAULT_GOAL := help

# The per-report rules live in a fragment generated from reports.yaml (and the data folder's
# table list); make regenerates it when those change and restarts. Included before the rules
# below because make expands prerequisites as it reads them. Goals needing no environment skip it.
ifeq ($(filter help clean env sysdeps strip check lint format mutate mutate-validate,$(MAKECMDGOALS))$(if $(MAKECMDGOALS),,help),)
include $(VARIANTS_MK)
endif
.PHONY: help env sysdeps reports test check lint format snapshot mutate mutate-validate validate lab clean bench pdf strip

#################################################################################
# COMMANDS                                                                      #
#################################################################################

## Build every report into $(OUT)/ (sets up the environment first if missing)
reports: $(ENV_STAMP) $(SYSDEPS_STAMP) $(INDEX_FILE)

## Run unit tests, data validation, nbval and the browser checks on built reports
test: reports pdf
	$(PY) -m helpers validate $(DATA)
	$(PY) -m pytest -q -p no:cacheprovider tests
	$(PY) -m pytest -q -p no:cacheprovider --nbval-lax notebooks

## Fast checks: lint, data validation and unit tests (no build, no browser; under a minute)
check: $(ENV_STAMP) lint
	$(PY) -m helpers validate -q $(DATA)
	$(PY) -m pytest -q -p no:cacheprovider -m "not slow and not browser" tests

## Check code style (ruff: lint and format, settings in pyproject.toml)
lint: $(ENV_STAMP)
	$(ENV_DIR)/bin/ruff check src tests scripts research
	$(ENV_DIR)/bin/ruff format --check src tests scripts research

## Apply the code style (ruff format) and strip notebook outputs
format: $(ENV_STAMP) strip
	$(ENV_DIR)/bin/ruff format src tests scripts research

## Validate a data folder and print its coverage summary
validate: $(ENV_STAMP)
	$(PY) -m helpers validate $(DATA)

## Open JupyterLab in the project environment
lab: $(ENV_STAMP) $(SYSDEPS_STAMP)
	@# JupyterLab refuses to start as root (containers) without --allow-root; LAB_ARGS passes more options
	cd notebooks && $(PY) -m jupyter lab $$([ "$$(id -u)" = 0 ] && echo --allow-root) $(LAB_ARGS)

## Create or update the project environment (reused when nothing changed)
env: $(ENV_STAMP)

## Install system packages: Chromium (browser tests, PDF) and a CJK font (Chinese names in charts)
sysdeps: $(SYSDEPS_STAMP)

## Strip outputs from notebooks before committing
strip: $(ENV_STAMP)
	$(PY) -m nbstripout --keep-id --extra-keys "metadata.papermill cell.metadata.papermill cell.metadata.execution" notebooks/*.ipynb

## Print every report to $(OUT)/pdf/<name>.pdf with headless Chromium
pdf: reports
	$(PY) -m helpers pdf --out $(OUT)
	@$(PY) -m helpers index --data $(DATA) --out $(OUT) > /dev/null  # the index links the PDFs

## Measure build, notebook and validation speed into bench/results.json (run by hand)
bench: reports
	$(PY) scripts/bench.py

## Rewrite tests/snapshots/ from the built reports' answers and findings (commit with the test that justifies them)
snapshot: reports
	$(PY) scripts/snapshot.py

## Mutation testing of the analysis, figure, formatting and FX logic against make check's tests (about 24 min; not in test or CI)
mutate: $(ENV_STAMP)
	@mkdir -p build
	rm -rf mutants && $(ENV_DIR)/bin/mutmut run "helpers.analysis.*" "helpers.render.*" "helpers.data.fx.*"; \
	$(ENV_DIR)/bin/mutmut results --all true > build/mutmut-results.txt || true
	$(PY) scripts/mutation_score.py build/mutmut-results.txt

## Mutation testing of the validator (about 30 min: each surviving mutant re-runs every rule case over a whole folder)
mutate-validate: $(ENV_STAMP)
	@mkdir -p build
	rm -rf mutants && $(ENV_DIR)/bin/mutmut run "helpers.data.validate.*"; \
	$(ENV_DIR)/bin/mutmut results --all true > build/mutmut-validate.txt || true
	$(PY) scripts/mutation_score.py build/mutmut-validate.txt

## Remove what the build made (reports, build state); keeps the environment
clean:
	rm -rf $(OUT)/*.html $(OUT)/.*.tmp $(OUT)/.build $(OUT)/pdf build bench/tmp mutants
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

#################################################################################
# PROJECT RULES                                                                 #
#################################################################################

$(ENV_STAMP): requirements.txt environment.yml pyproject.toml
ifeq ($(ENV_KIND),conda)
	if [ -d $(ENV_DIR) ]; then conda env update -p $(ENV_DIR) -f environment.yml --prune; \
	else conda env create -p $(ENV_DIR) -f environment.yml; fi
else
	test -x $(ENV_DIR)/bin/python || $(PYTHON_BOOT) -m venv $(ENV_DIR)
	$(ENV_DIR)/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt
endif
	rm -f $$($(ENV_DIR)/bin/python -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")/china_genai_helpers.pth
	@# pip writes no bytecode when PYTHONDONTWRITEBYTECODE is set (as on CI machines); without it every
	@# process, notebook kernels included, recompiles pandas and friends at start-up (about 1 s each).
	env -u PYTHONDONTWRITEBYTECODE $(ENV_DIR)/bin/python -m compileall -q -j 0 $$($(ENV_DIR)/bin/python -c "import sysconfig; print(sysconfig.get_paths()['purelib'])") > /dev/null || true
	@# src/helpers importable from the env (JupyterLab, papermill, pytest), as conda's `-e .` does: an editable
	@# install, built offline with the env's own setuptools.
	$(ENV_DIR)/bin/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

$(SYSDEPS_STAMP): scripts/sysdeps.sh
	bash scripts/sysdeps.sh $@

$(VARIANTS_MK): reports.yaml $(ENV_STAMP) $(DATA)/datapackage.json
	@mkdir -p $(STATE)
	$(PY) -m helpers makefile --data $(DATA) --out $(OUT) > $@.tmp && mv $@.tmp $@


#################################################################################
# Self Documenting Commands                                                     #
#################################################################################

help:
	@$(PYTHON_BOOT) -c "import re; \
	lines = open('Makefile').read(); \
	print('\n'.join(f'{t:<16} {d}' for d, t in re.findall(r'## (.*)\n([a-z-]+):', lines)))"
