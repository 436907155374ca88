# Spasm Coach: run, test, package, bench. Needs only python3.11 (or newer) and make; package also needs node.
# The first of python3.11, python3.12, python3.13, python3 that is 3.11 or newer (or PYTHON=... on the command line).
PYTHON ?= $(shell for p in python3.11 python3.12 python3.13 python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && { echo $$p; break; }; done)
NO_PYTHON := none of python3.11, python3.12, python3.13, python3 on PATH is
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8080
FUZZ_COUNT ?= 5000
LOAD_LEVELS ?= 8,32,64
LOAD_SECONDS ?= 10
DEV_CA ?= $(or $(XDG_DATA_HOME),$(HOME)/.local/share)/spasm-coach/dev-ca

.PHONY: run test fast-loop package invoke-local bench clean-venv simulate review hazards fuzz load

$(BIN)/python:
	@test -n "$(PYTHON)" && "$(PYTHON)" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 || { \
		echo "make: Spasm Coach needs Python 3.11 or newer, and $(if $(PYTHON),PYTHON=$(PYTHON) is not,$(NO_PYTHON))." \
		     "Install one, or run: make PYTHON=/path/to/python3.11 $(MAKECMDGOALS)" >&2; exit 1; }
	@echo "make: creating $(VENV) with $(PYTHON)"
	@"$(PYTHON)" -m venv $(VENV) || { rm -rf $(VENV); \
		echo "make: '$(PYTHON) -m venv' failed; on Debian or Ubuntu install the python3-venv package" >&2; exit 1; }
	@$(BIN)/python -m pip install --quiet --upgrade pip

# The runtime install; re-run when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	@echo "make: installing Spasm Coach and its dependencies into $(VENV)"
	@$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	@echo "make: installing Spasm Coach, its dependencies and the test tools into $(VENV)"
	@$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.installed

# Serve on 127.0.0.1:8080 with SQLite and verification on, trusting the local dev CA (created if missing).
run: $(VENV)/.installed
	@$(BIN)/python -m simulator.signing "$(DEV_CA)" >/dev/null
	@$(BIN)/spasm-coach serve --host $(HOST) --port $(PORT) --dev-certs "$(DEV_CA)"

# Talk to the skill from a terminal (starts the webhook itself, signed requests, emulated Timers API).
simulate: $(VENV)/.installed
	@$(BIN)/spasm-coach simulate

test: $(VENV)/.installed-dev
	@$(BIN)/python -m pytest -q

# The fast loop (pytest -m "not server") timed: wall and CPU in the same run, the load average, what waits and what
# costs (bench/fast_loop.py; FAST_LOOP_ARGS="--runs 3" repeats it).
fast-loop: $(VENV)/.installed-dev
	@$(BIN)/python -m bench.fast_loop $(FAST_LOOP_ARGS)

# Outside the default run. 5,000 signed envelopes from the interaction models (random slots, random session
# attributes) against the real server on loopback: fails on any 5xx, non-JSON answer or answer over 6 s.
fuzz: $(VENV)/.installed-dev
	$(BIN)/python tests/tools/fuzz_webhook.py --count $(FUZZ_COUNT)

# 8, 32 and 64 concurrent clients on loopback, 10 s each: req/s, p50, p99, errors, server RSS before and after.
load: $(VENV)/.installed-dev
	$(BIN)/python tests/tools/load_webhook.py --levels $(LOAD_LEVELS) --seconds $(LOAD_SECONDS)

# The Lambda zip, offline once the pip and npm caches are warm (python3.12 is the Lambda runtime; pyenv's if it has
# one). Rebuilt only when what goes into it changed.
LAMBDA_ZIP := .serverless/spasm-coach.zip
LAMBDA_INPUTS := serverless.yml requirements-lambda.txt package-lock.json \
	$(shell find skill content deploy -type f \( -name '*.py' -o -name '*.yaml' -o -name '*.pem' -o -name '*.js' \) \
	        -not -path '*/__pycache__/*' 2>/dev/null)

node_modules/.package-lock.json: package-lock.json
	@echo "make: installing osls and serverless-python-requirements (npm ci)"
	@npm ci --no-audit --no-fund --loglevel=error

$(LAMBDA_ZIP): $(LAMBDA_INPUTS) node_modules/.package-lock.json
	@PYENV_VERSION=$${PYENV_VERSION:-3.12.1:3.11.7} ./node_modules/.bin/osls package

package: $(LAMBDA_ZIP)
	@ls -l $(LAMBDA_ZIP)

# The packaged function answers a real LaunchRequest from the unzipped zip (read-only, fresh python3.12), as in CI.
invoke-local: $(LAMBDA_ZIP)
	@"$(PYTHON)" deploy/lambda_zip.py $(LAMBDA_ZIP)

# Per request through the real server against a hello-world skill, then the Lambda cold start from the zip.
bench: $(VENV)/.installed-dev $(LAMBDA_ZIP)
	@$(BIN)/python -m bench

# The clinical review pack (static HTML) and a screenshot of it in headless Chromium (Debian's chromium package,
# installed here when missing: apt-get as root, sudo otherwise).
REVIEW_DIR ?= build/review
REVIEW_SHOT_SIZE ?= 1280,2200
review: $(VENV)/.installed
	$(BIN)/spasm-coach content review --out $(REVIEW_DIR)
	@command -v chromium >/dev/null 2>&1 || { echo "make review: installing Debian's chromium package"; \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }
	rm -f $(REVIEW_DIR)/screenshot.png
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir=$(abspath $(REVIEW_DIR))/.chromium \
		--window-size=$(REVIEW_SHOT_SIZE) --screenshot=$(abspath $(REVIEW_DIR))/screenshot.png \
		file://$(abspath $(REVIEW_DIR))/index.html 2>$(REVIEW_DIR)/chromium.log || { cat $(REVIEW_DIR)/chromium.log >&2; exit 1; }
	rm -rf $(REVIEW_DIR)/.chromium
	@test -s $(REVIEW_DIR)/screenshot.png || { echo "make review: no screenshot written" >&2; exit 1; }
	@ls -l $(REVIEW_DIR)/index.html $(REVIEW_DIR)/screenshot.png

# The safety case alone: the hazard log's checks and every test it names as verifying a control.
hazards: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -q tests/test_safety_lint_hazard_log.py $$($(BIN)/python -c 'import yaml; \
		log = yaml.safe_load(open("docs/safety/hazard-log.yaml")); \
		print(" ".join(sorted({t for h in log["hazards"] for t in h["verified_by"]})))')

clean-venv:
	rm -rf $(VENV)
