# 支部通 — `make demo` serves the demo branch, `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1:8000

.PHONY: setup demo test lint format messages system-deps worker beat bench bench-scale bench-load clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

system-deps:
	@scripts/system-deps $(SYSTEM_DEPS_FLAGS)

# The local configuration (.env: the local mode and a generated secret key), written once and
# read by every manage.py command, the worker and beat afterwards.
.env: | $(STAMP)
	$(BIN)/python -m branch.localenv

setup: $(STAMP) system-deps .env
	$(BIN)/python manage.py migrate --noinput -v0
	@echo "支部通: set up. Start it with '$(BIN)/python manage.py runserver $(HOST)' and open http://$(HOST)/"

demo: export APP_ENV = demo
demo: $(STAMP) system-deps .env
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py seed_demo
	@echo "支部通 demo: http://$(HOST)/"
	$(BIN)/python manage.py runserver $(HOST)

# pytest exits 5 when it collected no test: that is a failure here, not a pass.
# ZHIBU_TODAY=YYYY-MM-DD in the environment runs the suite on that day (tests/conftest.py).
test: SYSTEM_DEPS_FLAGS = --browser
test: $(STAMP) system-deps
	@$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: no tests were collected" >&2; exit 1; fi; \
	exit $$rc

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Refresh the zh_Hans catalog after changing UI text, then translate the new entries.
messages: $(STAMP)
	APP_ENV=demo $(BIN)/python manage.py makemessages -l zh_Hans --ignore=.venv --ignore=tests --ignore=bench --no-obsolete
	APP_ENV=demo $(BIN)/python manage.py compilemessages -l zh_Hans --ignore=.venv

bench: $(STAMP) system-deps
	$(BIN)/python bench/dues_bench.py
	$(BIN)/python bench/report_bench.py
	$(BIN)/python bench/workbook_bench.py

# Pages at county scale (issue 11), on a PostgreSQL database of their own: migrated, filled by
# seed_scale the first time, then measured. Never the demo's db.sqlite3.
SCALE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/zhibutong_scale
bench-scale: export APP_ENV = test
bench-scale: export DATABASE_URL = $(SCALE_DATABASE_URL)
bench-scale: $(STAMP)
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python bench/scale_bench.py --seed

# The county under load: gunicorn (4 workers) on a free port of 127.0.0.1 and 20 clients for
# 60 s over the pages of bench-scale, GET only, then /healthz alone. LOAD_ARGS adds options,
# e.g. LOAD_ARGS="--worker-class gthread --threads 4".
bench-load: export APP_ENV = test
bench-load: export DATABASE_URL = $(SCALE_DATABASE_URL)
bench-load: $(STAMP)
	$(BIN)/python bench/load_bench.py $(LOAD_ARGS)

worker: $(STAMP) .env
	$(BIN)/celery -A branch worker -l info

beat: $(STAMP) .env
	$(BIN)/celery -A branch beat -l info --schedule $(VENV)/celerybeat-schedule

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .test-media staticfiles
