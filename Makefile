# Two entry points do everything on a fresh machine with only Python 3.11+ and pip:
#   make docs   builds the documentation site into site/ (strict)
#   make test   runs ruff, mypy --strict, `python -m dashtam check`, the whole pytest suite
#               and the coverage bars (90% line coverage per provider package)
# Both create .venv and install the project with its extras when pyproject.toml changes.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Silence the MkDocs 2.0 banners printed by material and gen-files.
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: install docs serve zensical vendor test lint typecheck check pytest clean api db-upgrade

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

docs: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

# The service on http://127.0.0.1:8001 (API docs at /docs); needs TOKEN_ENCRYPTION_KEY and
# a migrated database: run `make db-upgrade` (python -m dashtam db upgrade) once first.
api: $(STAMP)
	$(BIN)/uvicorn dashtam.presentation.api:app --host 127.0.0.1 --port 8001

db-upgrade: $(STAMP)
	$(BIN)/python -m dashtam db upgrade

# The same site built by Zensical, from the pages and zensical.toml the renderer writes.
zensical: $(STAMP)
	rm -rf build/zensical
	$(BIN)/python -m dashtam.docs build --out build/zensical
	cd build/zensical && $(CURDIR)/$(BIN)/zensical build --clean --strict

# Refresh the vendored browser scripts (docs/assets/vendor/) from npm; needs npm.
vendor: $(STAMP)
	$(BIN)/python scripts/vendor_assets.py

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts

typecheck: $(STAMP)
	$(BIN)/mypy --strict src

pytest: $(STAMP)
	$(BIN)/python -m pytest --cov=dashtam --cov-report=
	$(BIN)/python -m coverage report --fail-under=100 --include='src/dashtam/domain/providers/registry.py,src/dashtam/domain/providers/validation.py'
	$(BIN)/python scripts/check_provider_coverage.py --minimum 90

# Every drift between enum, registry, config schemas, settings, container, prose and
# .env.example, each with its fix; warnings are shown but fail only with --strict.
check: $(STAMP)
	$(BIN)/python -m dashtam check

test: lint typecheck check pytest

clean:
	rm -rf $(VENV) site build/zensical .pytest_cache .mypy_cache .ruff_cache .coverage
