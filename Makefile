# Spasm Coach: run, test, package, bench. Needs only python3.11 (or newer) and make; package also needs node.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8080
DEV_CA ?= $(or $(XDG_DATA_HOME),$(HOME)/.local/share)/spasm-coach/dev-ca

.PHONY: run test package bench clean-venv simulate

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The runtime install; re-run when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

# Serve on 127.0.0.1:8080 with SQLite and verification on, trusting the local dev CA (created if missing).
run: $(VENV)/.installed
	$(BIN)/python -m simulator.signing "$(DEV_CA)" >/dev/null
	$(BIN)/spasm-coach serve --host $(HOST) --port $(PORT) --dev-certs "$(DEV_CA)"

# Talk to the skill from a terminal (starts the webhook itself, signed requests, emulated Timers API).
simulate: $(VENV)/.installed
	$(BIN)/spasm-coach simulate

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -q

# The Lambda zip, offline once the pip and npm caches are warm (python3.12 is the Lambda runtime).
package: requirements-lambda.txt
	npm ci --no-audit --no-fund
	PYENV_VERSION=$${PYENV_VERSION:-3.12.1:3.11.7} ./node_modules/.bin/osls package
	@ls -l .serverless/*.zip

bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench

clean-venv:
	rm -rf $(VENV)
