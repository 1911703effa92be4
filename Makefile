# The two commands of the README (`make run`, `make test`) do all the set-up:
# they bootstrap uv with pip when it is missing, then install the locked
# environment into .venv with `uv sync --frozen`.
SHELL := /bin/bash
OMW_DATA_DIR ?= data
# pytest-xdist workers for `make test` (the daemon drill, marked `serial`, runs after, alone).
TEST_WORKERS ?= 2
export OMW_DATA_DIR
UV := $(shell command -v uv 2>/dev/null)
ifeq ($(UV),)
UV := python3 -m uv
endif

.PHONY: install run test dev lint format bench clean

install:
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet uv || python3 -m pip install --quiet --user uv
	@$(UV) sync --frozen --compile-bytecode

run: install  ## build the bundled sample end to end and print the summary
	.venv/bin/omw demo

test: install  ## the whole suite (pytest, which runs dbt build with data and unit tests)
	.venv/bin/python -m pytest -n $(TEST_WORKERS) --dist loadscope -m "not serial"
	.venv/bin/python -m pytest -m serial

dev: install  ## the Dagster UI on the same instance the CLI uses
	@mkdir -p $(OMW_DATA_DIR)/dagster_home
	@[ -f $(OMW_DATA_DIR)/dagster_home/dagster.yaml ] || cp orchestration/dagster.yaml $(OMW_DATA_DIR)/dagster_home/
	PATH=$(CURDIR)/.venv/bin:$$PATH DAGSTER_HOME=$$(cd $(OMW_DATA_DIR) && pwd)/dagster_home .venv/bin/dagster dev -w workspace.yaml

lint: install
	.venv/bin/ruff check orchestration tests benchmarks
	.venv/bin/ruff format --check orchestration tests benchmarks

format: install
	.venv/bin/ruff check --fix orchestration tests benchmarks
	.venv/bin/ruff format orchestration tests benchmarks

bench: install  ## Hub-scale benchmark; see docs/benchmarks.md
	.venv/bin/python -m benchmarks.run $(BENCH_ARGS)

clean:
	rm -rf dbt_project/target dbt_project/logs
