# SyteOps Backup — the two commands: `make demo` and `make test`. Both are idempotent and, on a fresh Debian 12
# machine as root, install what they need first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# The test stack lives apart from the demo's so tests never disturb a running demo.
# Override TEST_PORT_BASE to run several test stacks side by side (each worktree has its own .stack-test).
TEST_PORT_BASE ?= 18080
TEST_STACK := STACK_DIR=.stack-test PORT_BASE=$(TEST_PORT_BASE)

.PHONY: help deps build demo stop test lint test-unit test-php test-integration test-e2e test-hardening stack-test stop-test pot bench clean

help:
	@echo "make demo   install, build, start both WordPress sites + sidecars, seed site A, run the main job"
	@echo "make test   install, build, lint, then run every test layer (unit, integration, PHPUnit, browser)"
	@echo "make stop   stop the demo stack (make stop-test for the test stack)"

deps:
	@bash scripts/stack/install-deps.sh

build: deps
	@npm run --silent build:sidecar
	@npm run --silent build:admin >/dev/null

demo: build
	@bash scripts/stack/up.sh
	@bash scripts/demo.sh

stop:
	@bash scripts/stack/down.sh

lint: deps
	@echo "== lint: wp-scripts lint-js"
	@npx wp-scripts lint-js plugin/admin-src plugin/assets sidecar/src tests tools eslint.config.cjs jest.config.js
	@echo "== lint: tsc --noEmit"
	@npx tsc --noEmit -p tsconfig.json
	@echo "== lint: languages/syteops-backup.pot is current"
	@bash scripts/make-pot.sh --check
	@echo "== lint: php -l"
	@find plugin tests/php scripts -name '*.php' -print0 | xargs -0 -n1 php -l | grep -v '^No syntax errors' || true
	@! find plugin tests/php scripts -name '*.php' -print0 | xargs -0 -n1 php -l 2>&1 | grep -q 'Parse error'
	@echo "== lint: phpcs"
	@phpcs --standard=phpcs.xml.dist -q

stack-test: build
	@$(TEST_STACK) bash scripts/stack/up.sh

stop-test:
	@$(TEST_STACK) bash scripts/stack/down.sh

test-unit: build
	@npx jest --selectProjects unit admin

test-integration: stack-test
	@SYTEOPS_STACK_ENV=.stack-test/env npx jest --selectProjects integration --runInBand

test-php: stack-test
	@SYTEOPS_STACK_ENV=.stack-test/env phpunit -c phpunit.xml.dist

test-e2e: stack-test
	@SYTEOPS_STACK_ENV=.stack-test/env npx jest --selectProjects e2e --runInBand

test-hardening: stack-test
	@SYTEOPS_STACK_ENV=.stack-test/env npx jest --selectProjects hardening --runInBand

test: lint test-unit test-integration test-php test-e2e test-hardening
	@echo "make test: every layer passed"

pot:
	@bash scripts/make-pot.sh

# Benchmarks against the stock tools (docs/performance.md); `make bench BENCH_FLAGS=--quick` for the few-minute size.
bench: build
	@bash bench/run.sh $(BENCH_FLAGS)

clean: stop stop-test
	rm -rf build .stack .stack-test
