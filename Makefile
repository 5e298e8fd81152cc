# SIGORO: `make demo` starts the demo, `make test` runs every test. Both install what is
# missing first and are safe to run again.
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q

.PHONY: demo test check lint format setup bench bench-pages bench-load requirements clean
.PHONY: prod-local prod-smoke prod-faults

$(VENV)/.python-ok:
	@if [ -x $(PY) ] && $(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then :; \
	else rm -rf $(VENV) && PYTHON=$$(scripts/find-python) && echo "Creating $(VENV) with $$PYTHON" && "$$PYTHON" -m venv $(VENV); fi
	@touch $@

$(VENV)/.runtime: requirements.txt $(VENV)/.python-ok
	$(PIP) install -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt $(VENV)/.runtime
	$(PIP) install -r requirements-dev.txt
	@touch $@

$(VENV)/.prod-local: requirements-prod-local.txt requirements.txt $(VENV)/.runtime
	$(PIP) install -r requirements-prod-local.txt
	@touch $@

$(VENV)/.bench: requirements-bench.txt requirements.txt $(VENV)/.runtime
	$(PIP) install -r requirements-bench.txt
	@touch $@

setup: $(VENV)/.runtime
	@$(PY) manage.py compile_translations
	@DEBUG=1 $(PY) manage.py rebuild_stale_demo_db
	@DEBUG=1 $(PY) manage.py migrate --no-input -v 0
	@DEBUG=1 $(PY) manage.py createcachetable -v 0

demo: setup
	@scripts/demo

check: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) manage.py makemigrations --check --dry-run
	DEBUG=0 SECRET_KEY=check-deploy-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	  ALLOWED_HOSTS=sigoro.example.go.id $(PY) manage.py check --deploy --fail-level WARNING

test: $(VENV)/.dev
	@$(PY) manage.py compile_translations
	$(MAKE) --no-print-directory check
	# Browser tests run on their own, after the rest: their live server needs real
	# transactions, and the database flush after each would hide migrated data from others.
	# Two workers, each with its own database, live server and Chromium: a browser test
	# waits on pages more than it computes.
	# tests/prod run against the local production set-up: make prod-smoke, make prod-faults.
	$(VENV)/bin/pytest -n auto --dist loadfile --ignore=tests/e2e --ignore=tests/prod --durations=15
	$(VENV)/bin/pytest -n 2 --dist loadfile tests/e2e --durations=15

bench: $(VENV)/.bench
	$(PY) bench/photos.py

# Server time of the monitoring pages on a database filled by `manage.py seed_scale`
# (README, "Benchmarks"); DATABASE_URL picks SQLite or PostgreSQL.
bench-pages: $(VENV)/.runtime
	$(PY) bench/pages.py

# The load test: gunicorn + locust on loopback against DATABASE_URL (README, "Benchmarks").
bench-load: $(VENV)/.bench
	bench/load/run.sh

# The production set-up on loopback (README, "Production"): PostgreSQL, SeaweedFS (S3),
# two gunicorn app servers, the worker. DATABASE_URL=... uses that database instead (e.g.
# one filled by seed_scale); ARGS=--demo loads the demo data.
prod-local: $(VENV)/.prod-local
	deploy/run-local-production.sh $(ARGS)

# The stateless tests (tests/prod/test_stateless.py) against that set-up with the demo.
PROD_PYTEST := $(VENV)/bin/pytest -p no:django -p no:cacheprovider --confcutdir=tests/prod -q -s
prod-smoke: $(VENV)/.prod-local
	DOCUMENT_STALLED_AFTER=10 deploy/run-local-production.sh --demo -- \
	  $(PROD_PYTEST) tests/prod/test_stateless.py

# The fault tests (PostgreSQL restart, worker killed, S3 down; they print figures), then the
# stateless ones (whose rate-limit test, last, spends this address's public reports).
prod-faults: $(VENV)/.prod-local
	DOCUMENT_STALLED_AFTER=10 deploy/run-local-production.sh --demo -- \
	  $(PROD_PYTEST) tests/prod/test_faults.py tests/prod/test_stateless.py

# Recompile the pinned requirements*.txt from the requirements*.in files (pip-tools), keeping
# the current pins where they still fit. Upgrades: make requirements COMPILE_ARGS=--upgrade
# (everything) or COMPILE_ARGS="--upgrade-package django" (one package).
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make requirements" $(VENV)/bin/pip-compile -q \
	--strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links \
	--no-emit-trusted-host --newline lf $(COMPILE_ARGS)
requirements: $(VENV)/.dev
	$(PIP_COMPILE) -o requirements.txt requirements.in
	$(PIP_COMPILE) -o requirements-dev.txt requirements-dev.in
	$(PIP_COMPILE) -o requirements-bench.txt requirements-bench.in
	$(PIP_COMPILE) -o requirements-prod-local.txt requirements-prod-local.in

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) staticfiles
