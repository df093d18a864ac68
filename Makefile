# Two commands on a fresh machine: `make run` and `make test`. Only Python 3.11+ and make needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
# The demo and the tests generate missing secrets into var/ (belangenbehartiger/settings.py);
# anywhere else a missing SECRET_KEY or IDENTIFIER_HASH_KEY stops the start.
export LOCAL_SECRETS ?= true

.PHONY: run test install migrate seed lint check format messages vendor ci clean bench

$(STAMP): requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

## Web server, Celery worker and beat together; Ctrl-C stops all three.
run: seed
	$(BIN)/python scripts/run.py --port $(PORT)

## The whole test suite (PostgreSQL when DATABASE_URL is set, SQLite otherwise).
test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## Seed BENCH_CASES (default 100,000) cases in bulk into DATABASE_URL's PostgreSQL database
## and measure every row of docs/benchmarks.md against its floor (BENCH_SKIP_LOAD=1: no
## locust run). Writes bench/results.json and the table in docs/benchmarks.md.
bench: install
	@test -n "$(DATABASE_URL)" || (echo "make bench needs DATABASE_URL (a PostgreSQL database of its own)"; exit 1)
	$(BIN)/python bench/run.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## The fast checks of .ci/run, without the tests: lint, migrations, OpenAPI schema.
check: lint
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --file /dev/null

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Regenerate and compile the translation files (needs GNU gettext).
messages: install
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=node_modules --ignore=static
	$(BIN)/python manage.py compilemessages --ignore=.venv

## Refresh the vendored front-end files from npm (needs Node.js; not needed to run or test).
vendor:
	bash scripts/vendor.sh

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) var
