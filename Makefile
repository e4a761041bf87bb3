# TNA engine: every target installs what it needs into .venv from pyproject.toml.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON_BOOT ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DATA_DIR ?= data/demo
TRUTH_DIR ?= data/demo_truth
ARTIFACTS_DIR ?= artifacts
EMPLOYEES ?= 5000
SEED ?= 20261128
KEEP ?= 3
export DATA_DIR ARTIFACTS_DIR

.PHONY: help install data check import import-samples train score-all report bundles promote rollback prune migrate serve run test bench bench-scale bench-scale-compare \
	bench-store risk-ceiling screenshots translations lint typecheck format clean clean-artifacts

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON_BOOT) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## create .venv and install the project with its dev tools

data: $(STAMP) ## generate the demo Jakarta world into DATA_DIR (EMPLOYEES=5000 SEED=...)
	$(PY) -m features.demo --out $(DATA_DIR) --truth-out $(TRUTH_DIR) --employees $(EMPLOYEES) --seed $(SEED)

check: $(STAMP) ## validate the tables in DATA_DIR against the contract
	$(PY) -m features.check $(DATA_DIR)

import: $(STAMP) ## SOURCE=siasn|simdiklat IN=<files> OUT=<tables>: an agency system's export into the contract's tables, with a report
	@[ -n "$(SOURCE)" ] && [ -n "$(IN)" ] && [ -n "$(OUT)" ] || { echo "usage: make import SOURCE=siasn|simdiklat IN=<dir> OUT=<dir>"; exit 2; }
	$(PY) -m importers $(SOURCE) $(IN) $(OUT)

import-samples: $(STAMP) ## regenerate importers/samples/ (SIASN and SIMDIKLAT files of a 60-employee world)
	$(PY) -m importers.dumps siasn importers/samples/siasn --employees 60
	$(PY) -m importers.dumps simdiklat importers/samples/simdiklat --employees 60

train: $(STAMP) ## train, evaluate against baselines, write and promote a bundle (demo data if absent)
	@if [ "$(DATA_DIR)" = "data/demo" ] && [ ! -d data/demo ]; then $(MAKE) --no-print-directory data; fi
	$(PY) -m model.training $(TRAIN_ARGS)

score-all: $(STAMP) ## every employee's and upcoming program's ranking into the serving bundle (VERSION=...; DASK_SCHEDULER_ADDRESS: on that cluster)
	$(PY) -m pipeline score-all $(if $(VERSION),--version $(VERSION))

report: $(STAMP) ## print the path of the serving bundle's report.html (plots of its training)
	@$(PY) -m model.bundles report

bundles: $(STAMP) ## list the bundles: version, dates, NDCG@10 taken, risk AUC, ECE; * serving, < previous
	@$(PY) -m model.bundles list

promote: $(STAMP) ## verify bundle VERSION=... (checksums, features), then serve it (the service reloads)
	@[ -n "$(VERSION)" ] || { echo "usage: make promote VERSION=<version> (see make bundles)"; exit 2; }
	@$(PY) -m model.bundles promote "$(VERSION)"

rollback: $(STAMP) ## serve the previously served bundle again (atomic; the service reloads)
	@$(PY) -m model.bundles rollback

prune: $(STAMP) ## delete all but the KEEP=3 newest bundles; never the serving or previous one
	@$(PY) -m model.bundles prune --keep $(KEEP)

migrate: $(STAMP) ## create or upgrade the decision store's schema at DATABASE_URL (default var/tna.sqlite3)
	$(PY) -m store.migrate

serve: $(STAMP) ## serve the current bundle with gunicorn on PORT (default 8000) and the job worker; an embedded SQLite store is migrated first
	$(VENV)/bin/gunicorn -c service/gunicorn_conf.py 'service:create_app()'

run: $(STAMP) ## the demo: data if absent, train if no bundle this code can serve, migrate the embedded store, print a token and example calls, serve (with the job worker)
	@[ -d "$(DATA_DIR)" ] || $(MAKE) --no-print-directory data
	@$(PY) -m model.bundles check || $(MAKE) --no-print-directory train TRAIN_ARGS=--force
	$(PY) -m service

test: lint typecheck ## ruff (lint and format check), mypy and the whole test suite (what CI runs)
	$(PY) -m pytest

bench: $(STAMP) ## run the benchmarks, print a table, write bench/results.json (BENCH_QUICK=1, BENCH_FULL=1, BENCH_HTTP_SECONDS)
	$(PY) -m bench

SCALE_SIZES ?= 65000 260000 1000000
bench-scale: $(STAMP) ## scaling curve of the national chain on a LocalCluster (SCALE_SIZES="65000 260000 1000000"; hours: docs/national.md)
	$(PY) -m bench.scale_curve --sizes $(SCALE_SIZES) $(BENCH_SCALE_ARGS)

bench-scale-compare: $(STAMP) ## one national world, in process against a LocalCluster (SCALE_EMPLOYEES=300000 SCALE_AGENCIES=12)
	$(PY) -m bench.scale --employees $(SCALE_EMPLOYEES) --agencies $(SCALE_AGENCIES)

SCALE_EMPLOYEES ?= 300000
SCALE_AGENCIES ?= 12

bench-store: $(STAMP) ## approvals/s over HTTP (gunicorn, 8 planners) on SQLite and PostgreSQL, checked against the audit log
	$(PY) -m bench.store_http $(BENCH_STORE_ARGS)

risk-ceiling: $(STAMP) ## how close to the Bayes AUC the risk model can get from an HR export (two demo worlds, ~1 min)
	$(PY) -m bench.risk_ceiling

screenshots: $(STAMP) ## PNG of every workspace page, Indonesian and English, into docs/screenshots (bundle of ARTIFACTS_DIR, else a fresh 5k demo)
	$(PY) -m bench.screenshots --artifacts-dir $(ARTIFACTS_DIR)

TRANSLATIONS := service/web/translations
# compile --use-fuzzy: the catalogues have no header (--omit-header), which Babel reads as a
# fuzzy catalogue and would skip silently; update never marks an entry fuzzy (--no-fuzzy-matching)
translations: $(STAMP) ## extract the workspace's strings, update the id and en catalogues, compile them
	$(VENV)/bin/pybabel -q extract -F service/web/babel.cfg -k _l -k english --no-location \
		--sort-output --omit-header -o $(TRANSLATIONS)/messages.pot .
	$(VENV)/bin/pybabel -q update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) \
		--ignore-obsolete --no-fuzzy-matching --omit-header
	# --use-fuzzy: the catalogues have no header, which pybabel reads as fuzzy (no entry is fuzzy:
	# update runs with --no-fuzzy-matching)
	$(VENV)/bin/pybabel -q compile -d $(TRANSLATIONS) --use-fuzzy --statistics

lint: $(STAMP) ## ruff check and format check
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

typecheck: $(STAMP) ## mypy over features, model, store, service, importers and pipeline (settings: pyproject.toml)
	$(PY) -m mypy

format: $(STAMP) ## apply ruff format and safe fixes
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

clean: ## remove the virtualenv, caches and generated data (bundles stay: make clean-artifacts)
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .benchmarks data/demo data/demo_truth
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

clean-artifacts: ## delete every bundle in ARTIFACTS_DIR, the serving one too; asks first (FORCE=1 skips)
	@if [ "$(FORCE)" != 1 ]; then \
		read -r -p "delete every bundle in $(ARTIFACTS_DIR), the serving one too? [y/N] " answer; \
		case "$$answer" in [yY]|[yY][eE][sS]) ;; *) echo "kept"; exit 1;; esac; \
	fi
	find $(ARTIFACTS_DIR) -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} +
