# aisle — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP_VERSION := 26.3
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha256sum | cut -c1-12)
DEMO_STORE ?= data/demo-store

.PHONY: setup run serve browser test eval lint lock bench doctor clean

## setup: create .venv (idempotent) and install the pinned tree from requirements.lock
setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pip==$(PIP_VERSION)
	@# llama-cpp-python builds from source the first time (about 5 minutes on 2 cores)
	$(BIN)/pip install --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --disable-pip-version-check --no-deps --no-build-isolation -e .
	@rm -f $(VENV)/.installed-* && touch $@

## run: set up, ingest the demo store, check the install, then serve the API and the widget
run: setup
	$(BIN)/aisle ingest $(DEMO_STORE)
	$(BIN)/aisle doctor
	@echo "aisle: chat API and widget on http://127.0.0.1:8000 (API docs at /docs); Ctrl-C stops it"
	$(BIN)/aisle serve --host 127.0.0.1 --port 8000

## serve: serve the API and the widget on the store already ingested
serve: setup
	$(BIN)/aisle serve --host 127.0.0.1 --port 8000

## browser: Debian's chromium for the widget tests (Playwright drives it; nothing is downloaded)
browser:
	@command -v chromium >/dev/null || { \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium; }

## test: set up (with the browser) and run the whole test suite
test: setup browser
	$(BIN)/pytest

## eval: every eval suite as the CI gate (EVAL_PROFILE=fast, at most 20 min; full on demand);
## the report goes to .artifacts/eval/<profile>/ (report.html, results.json, summary.md)
EVAL_PROFILE ?= fast
eval: setup
	$(BIN)/aisle eval all --profile $(EVAL_PROFILE) --gate --report .artifacts/eval/$(EVAL_PROFILE)

## lint: ruff (lint and format) and mypy
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check assistant retrieval ingest guardrails evals api tests bench
	$(BIN)/mypy

## lock: re-resolve requirements/*.in into requirements.lock in a throwaway venv
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet pip==$(PIP_VERSION)
	.lock-venv/bin/pip install -r requirements/base.in -r requirements/dev.in
	{ sed -n '1,3p' requirements.lock; .lock-venv/bin/pip freeze --all | grep -v '^pip=='; } > requirements.lock.new
	mv requirements.lock.new requirements.lock && rm -rf .lock-venv

## bench: ingest throughput, search latency, local-model speed, assistant turn time, API latency, injection rules (each prints JSON)
bench: setup
	$(BIN)/python -m bench.ingest
	$(BIN)/python -m bench.retrieval
	$(BIN)/python -m bench.llm
	$(BIN)/python -m bench.assistant
	$(BIN)/python -m bench.api
	$(BIN)/python -m bench.rules

doctor: setup
	$(BIN)/aisle doctor

clean:
	rm -rf .aisle .pytest_cache .mypy_cache .ruff_cache
