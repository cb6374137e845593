# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.13
VENV := .venv
UV := $(VENV)/bin/uv
MANAGE := $(VENV)/bin/python manage.py
PARALLEL := --numprocesses=auto --dist=loadfile
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test install browser-deps lint format clean bench

run: install .env
	$(MANAGE) migrate --no-input -v0
	$(MANAGE) load_demo_data
	$(MANAGE) collectstatic --no-input -v0
	@echo
	@echo "  Stadtwerk-Portal:  http://127.0.0.1:8000/"
	@echo "  Redaktion/Admin:   http://127.0.0.1:8000/admin/"
	@echo "  Mails landen in:   var/mail/"
	@echo
	$(VENV)/bin/honcho start

test: install browser-deps
	$(VENV)/bin/pytest $(PARALLEL)

install: $(VENV)/.synced

$(VENV)/.synced: pyproject.toml uv.lock
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	test -x $(UV) || $(VENV)/bin/python -m pip install --quiet "uv==0.13.8"
	$(UV) sync --frozen --quiet
	touch $@

.env:
	cp .env.example .env

# Debian's chromium drives the browser tests (never a downloaded browser), a Java
# runtime runs the HTML validator, GoAccess cross-checks the access-log statistics,
# and axe-core and vnu-jar come pinned from the npm registry into node_modules/.
# Another apt-get (an unattended upgrade, a second checkout) may hold dpkg's lock: wait for
# it, up to ten minutes, instead of failing. `update` ignores that timeout for the lock of
# its package lists, so it is tried again every five seconds.
APT_GET := DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -qq
APT_UPDATE := for try in $$(seq 120); do $(APT_GET) update && break; \
	[ $$try -lt 120 ] || exit 1; sleep 5; done

browser-deps: node_modules/axe-core/axe.min.js
	@command -v chromium >/dev/null && command -v java >/dev/null && command -v goaccess >/dev/null || \
		{ $(APT_UPDATE); $(APT_GET) install -y chromium default-jre-headless goaccess >/dev/null; }

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# Load benchmark of the public pages against baselines (see docs/benchmarks.md);
# wrk comes from Debian's packages.
bench: install
	@command -v wrk >/dev/null || { $(APT_UPDATE); $(APT_GET) install -y wrk >/dev/null; }
	$(VENV)/bin/python -m bench.pages

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) node_modules var/static
